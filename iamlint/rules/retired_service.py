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

from ..model import Problem, Severity
from ._statements import action_entries

CODE = "IAM203"
NAME = "retired-service"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None


def check(ctx):
    # Each distinct string is judged once per catalog, for the four entry rules at once.
    for _st, _el, found in action_entries(ctx):
        grouped = {}  # prefix -> [Value]: one finding per retired service and statement
        for v, verdict in found:
            info = verdict.retired
            if info is None:
                continue
            prefix = v.value.partition(":")[0]
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
