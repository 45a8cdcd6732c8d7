"""A wildcard in the service part of an action or of a resource ARN.

## What it does
Reports `*` or `?` in the service prefix of an `Action`/`NotAction` entry (`*:Get*`,
`s3*:List*`) or in the service segment of a `Resource`/`NotResource` ARN
(`arn:aws:*:us-east-1:111122223333:*`). The lone `"*"` action and the `"*"` resource are fine.

## Why is this bad?
The pattern reaches every service whose prefix matches, today and in the future: `*:Get*`
grants read access to secrets, keys and objects in every service. Name the services instead.

## Example
```json
{"Effect": "Allow", "Action": "*:Describe*", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["ec2:Describe*", "rds:Describe*"], "Resource": "*"}
```

## References
- Access Analyzer: WILDCARD_IN_SERVICE_NAME
- IAM User Guide, IAM JSON policy elements: Action, Resource
"""

import re

from ..carriers import as_written
from ..model import Problem, Severity
from ._statements import action_entries

CODE = "IAM125"
NAME = "wildcard-in-service-name"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "WILDCARD_IN_SERVICE_NAME"

_MEMO_MAX = 100000  # distinct strings remembered (a long-running server stays bounded)


def _wild(s: str) -> bool:
    return "*" in s or "?" in s


def _arn_span(value: str):
    """The span of a wildcard service field of a resource ARN, or None."""
    if not value.startswith("arn:") or not _wild(value):
        return None
    parts = value.split(":", 3)
    if len(parts) < 4 or not _wild(parts[2]):
        return None
    start = len(parts[0]) + len(parts[1]) + 2
    return (start, start + len(parts[2]))


_ACTION_HIT = re.compile(r"^[^:\n]*[*?][^:\n]*:", re.M)
_ARN_HIT = re.compile(r"^arn:[^:\n]*:[^:\n]*[*?]", re.M)


def _confirmed(el, found, hit):
    """`found` ((value, span) pairs of an element), if `hit` also finds a wildcard service in the
    element's lines (as it always did: it matters only for entries with line breaks)."""
    if found and hit.search("\n".join(el.texts)):
        return found
    return ()


def _arn_findings(el, fine):
    """(value, span) of the ARNs of an element with a wildcard service, for an element with
    strings not yet in `fine` (the strings known to have none)."""
    found = []
    for i, text in enumerate(el.texts):
        if text in fine:
            continue
        span = _arn_span(text)
        if span is None:
            fine.add(text)
        else:
            found.append((el.value_at(i), span))
    return _confirmed(el, found, _ARN_HIT)


def check(ctx):
    # Action entries are judged once per catalog with the other entry rules (_statements); ARNs
    # without a wildcard service are remembered per catalog (the cache of a process's documents):
    # a statement of known strings costs one set test per element.
    actions = {}
    for st, el, found in action_entries(ctx):
        spans = [(v, verdict.service_span) for v, verdict in found if verdict.service_span is not None]
        if spans:
            actions[id(st)] = _confirmed(el, spans, _ACTION_HIT)
    fine_arns = ctx.catalog.memo.get(NAME)
    if fine_arns is None or len(fine_arns) > _MEMO_MAX:
        fine_arns = ctx.catalog.memo[NAME] = set()
    for st in ctx.policy.statements:
        for v, span in actions.get(id(st), ()):
            prefix = v.value[: span[1]]
            yield Problem(
                path=v.path,
                span=span,
                message=f"the service prefix {prefix!r} of {as_written(v.value)!r} has a wildcard: it matches every service whose name fits; name the services",
            )
        el = st.resource
        if el is not None and not fine_arns.issuperset(el.texts):
            for v, span in _arn_findings(el, fine_arns):
                service = v.value[span[0]: span[1]]
                yield Problem(
                    path=v.path,
                    span=span,
                    message=f"the service {service!r} of the ARN {as_written(v.value)!r} has a wildcard: it matches resources of every service whose name fits; name the service",
                )
