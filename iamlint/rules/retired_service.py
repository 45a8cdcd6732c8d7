"""An action of a service that AWS has retired.

## What it does
Reports an `Action`/`NotAction` entry whose service prefix AWS has removed from its Service
Authorization Reference (`iamlint/data/retired_services.json`, e.g. `elastic-inference`,
`deeplens`), while the installed catalog no longer knows it. Where Access Analyzer already
rejects the prefix the finding carries its INVALID_SERVICE_IN_ACTION code.

## Why is this bad?
The service no longer exists: the entry grants nothing and only lengthens the policy (and
reviewers may believe it still matters). Remove it, or move to the successor service.

## Example
```json
{"Effect": "Allow", "Action": ["elastic-inference:Connect", "sagemaker:InvokeEndpoint"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["sagemaker:InvokeEndpoint"], "Resource": "*"}
```

## References
- Access Analyzer: INVALID_SERVICE_IN_ACTION (for prefixes it no longer accepts)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from operator import attrgetter

from ..model import Problem, Severity

CODE = "IAM203"
NAME = "retired-service"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None

_MEMO_MAX = 100000  # distinct strings remembered per catalog (a long-running server stays bounded)
_text = attrgetter("value")


def check(ctx):
    catalog = ctx.catalog
    # Per catalog: the entries known not to name a retired service (most statements have only
    # those), and each lowercase prefix's retirement record (None: not retired).
    memo = catalog.memo.get(NAME)
    if memo is None or len(memo[0]) > _MEMO_MAX:
        memo = catalog.memo[NAME] = (set(), {})
    fine, retired = memo
    known = catalog.known_actions  # entries of existing actions (unknown-action found them)
    for st in ctx.policy.statements:
        el = st.action
        if el is None or known.issuperset(map(_text, el.values)) or fine.issuperset(map(_text, el.values)):
            continue
        grouped = {}  # prefix -> [Value]: one finding per retired service and statement
        for v in el.values:
            if v.value in fine:
                continue
            if v.value in known:
                fine.add(v.value)
                continue
            prefix, sep, _name = v.value.partition(":")
            info = None
            if sep and prefix and "*" not in prefix and "?" not in prefix:
                lower = prefix.lower()
                if lower in retired:
                    info = retired[lower]
                else:
                    info = retired[lower] = None if catalog.has_service(lower) else catalog.retired_service(lower)
            if info is None:
                fine.add(v.value)
                continue
            if info.get("access_analyzer_accepts") is False:
                # Access Analyzer reports each such action (INVALID_SERVICE_IN_ACTION): so do we
                yield _problem(prefix, info, [v], "INVALID_SERVICE_IN_ACTION")
            else:
                grouped.setdefault(prefix.lower(), (prefix, info, []))[2].append(v)
        for prefix, info, values in grouped.values():
            yield _problem(prefix, info, values, None)


def _problem(prefix, info, values, code):
    v = values[0]
    name = info.get("name") or prefix
    if len(values) == 1:
        what = f"{v.value!r} grants nothing; remove it"
    else:
        others = ", ".join(repr(o.value) for o in values[1:4]) + (", ..." if len(values) > 4 else "")
        what = f"{v.value!r} and {len(values) - 1} more entries of it ({others}) grant nothing; remove them"
    return Problem(
        path=v.path,
        span=(0, len(prefix)),
        message=f"{prefix!r} is {name}, a service AWS has retired: {what}",
        access_analyzer=code,
    )
