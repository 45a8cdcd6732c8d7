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

import re
from functools import lru_cache

from ..model import Problem, Severity

CODE = "IAM203"
NAME = "retired-service"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None


_PREFIX = re.compile(r"^([^:\n*?]+):", re.M)


@lru_cache(maxsize=2048)
def _retired(catalog, prefix):
    return None if catalog.has_service(prefix) else catalog.retired_service(prefix)


def check(ctx):
    catalog = ctx.catalog
    for st in ctx.policy.statements:
        if st.action is None:
            continue
        prefixes = set(_PREFIX.findall("\n".join(st.action.strings).lower()))
        if not any(_retired(catalog, p) is not None for p in prefixes):
            continue
        grouped = {}  # prefix -> [Value]: one finding per retired service and statement
        for v in st.action.values:
            prefix, sep, _name = v.value.partition(":")
            if not sep or not prefix or "*" in prefix or "?" in prefix:
                continue
            info = _retired(catalog, prefix.lower())
            if info is None:
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
