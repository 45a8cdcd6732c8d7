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
from operator import attrgetter

from ..model import Problem, Severity

CODE = "IAM125"
NAME = "wildcard-in-service-name"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "WILDCARD_IN_SERVICE_NAME"

_MEMO_MAX = 100000  # distinct strings remembered (a long-running server stays bounded)
_text = attrgetter("value")


def _wild(s: str) -> bool:
    return "*" in s or "?" in s


def _action_span(value: str):
    """The span of a wildcard service prefix of an action entry, or None."""
    colon = value.find(":")
    if colon < 0 or not _wild(value[:colon]):
        return None
    return (0, colon)


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


def _findings(el, fine, span_of, hit):
    """(value, span) of the entries of an element with a wildcard service, for an element with
    strings not yet in `fine` (the strings known to have none). `hit` must also find a wildcard
    service in the element's lines (as it always did: it matters only for entries with line
    breaks)."""
    found = []
    for v in el.values:
        if v.value in fine:
            continue
        span = span_of(v.value)
        if span is None:
            fine.add(v.value)
        else:
            found.append((v, span))
    if found and hit.search("\n".join(el.strings)):
        return found
    return ()


def check(ctx):
    # The strings without a wildcard service, per catalog (the cache of a process's documents):
    # a statement of known strings costs one set test per element.
    memo = ctx.catalog.memo.get(NAME)
    if memo is None or len(memo[0]) + len(memo[1]) > _MEMO_MAX:
        memo = ctx.catalog.memo[NAME] = (set(), set())
    fine_actions, fine_arns = memo
    for st in ctx.policy.statements:
        el = st.action
        if el is not None and not fine_actions.issuperset(map(_text, el.values)):
            for v, span in _findings(el, fine_actions, _action_span, _ACTION_HIT):
                prefix = v.value[: span[1]]
                yield Problem(
                    path=v.path,
                    span=span,
                    message=f"the service prefix {prefix!r} of {v.value!r} has a wildcard: it matches every service whose name fits; name the services",
                )
        el = st.resource
        if el is not None and not fine_arns.issuperset(map(_text, el.values)):
            for v, span in _findings(el, fine_arns, _arn_span, _ARN_HIT):
                service = v.value[span[0]: span[1]]
                yield Problem(
                    path=v.path,
                    span=span,
                    message=f"the service {service!r} of the ARN {v.value!r} has a wildcard: it matches resources of every service whose name fits; name the service",
                )
