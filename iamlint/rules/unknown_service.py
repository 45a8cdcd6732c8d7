"""An action whose service prefix AWS does not know.

## What it does
Reports `Action`/`NotAction` entries whose service prefix (the part before `:`) is not a
service in the catalog, with the closest prefix as a suggestion. Retired services are reported
by `retired-service` instead.

## Why is this bad?
The entry matches nothing: the statement grants or denies less than it appears to. Common causes
are typos (`s3s:GetObject`), product names used as prefixes (`cloudwatch-logs:` instead of
`logs:`), and prefixes copied from ARNs.

## Example
```json
{"Effect": "Allow", "Action": "cloudwatchlogs:PutLogEvents", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}
```

## References
- Access Analyzer: INVALID_SERVICE_IN_ACTION
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from operator import attrgetter

from ..model import Problem, Severity

CODE = "IAM202"
NAME = "unknown-service"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_SERVICE_IN_ACTION"

_MEMO_MAX = 100000  # distinct strings remembered per catalog (a long-running server stays bounded)
_text = attrgetter("value")


def _verdict(catalog, action: str):
    """None when the entry's service is known (or left to other rules), else (message, span)."""
    prefix, sep, _name = action.partition(":")
    if not sep or not prefix or "*" in prefix or "?" in prefix:
        return None
    if prefix.lower() in catalog.services or catalog.retired_service(prefix):
        return None
    message = f"the service {prefix!r} in {action!r} does not exist"
    suggestion = catalog.suggest_service(prefix)
    if suggestion:
        message += f"; did you mean {suggestion!r}?"
    return (message, (0, len(prefix)))


def check(ctx):
    # Each distinct string is judged once per catalog (see unknown-action); entries the catalog
    # knows as actions (unknown-action found them) name known services.
    memo = ctx.catalog.memo.get(NAME)
    if memo is None or len(memo[0]) + len(memo[1]) > _MEMO_MAX:
        memo = ctx.catalog.memo[NAME] = (set(), {})
    fine, bad = memo
    known = ctx.catalog.known_actions
    for st in ctx.policy.statements:
        el = st.action
        if el is None or known.issuperset(map(_text, el.values)) or fine.issuperset(map(_text, el.values)):
            continue
        for v in el.values:
            action = v.value
            if action in fine:
                continue
            if action in known:
                fine.add(action)
                continue
            verdict = bad.get(action)
            if verdict is None:
                verdict = _verdict(ctx.catalog, action)
                if verdict is None:
                    fine.add(action)
                    continue
                bad[action] = verdict
            message, span = verdict
            yield Problem(path=v.path, message=message, span=span)
