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

from ..model import Problem, Severity

CODE = "IAM125"
NAME = "wildcard-in-service-name"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "WILDCARD_IN_SERVICE_NAME"


def _wild(s: str) -> bool:
    return "*" in s or "?" in s


_ACTION_HIT = re.compile(r"^[^:\n]*[*?][^:\n]*:", re.M)
_ARN_HIT = re.compile(r"^arn:[^:\n]*:[^:\n]*[*?]", re.M)


def check(ctx):
    for st in ctx.policy.statements:
        if st.action is not None and _ACTION_HIT.search("\n".join(st.action.strings)):
            for v in st.action.values:
                colon = v.value.find(":")
                if colon < 0:
                    continue
                prefix = v.value[:colon]
                if _wild(prefix):
                    yield Problem(
                        path=v.path,
                        span=(0, len(prefix)),
                        message=f"the service prefix {prefix!r} of {v.value!r} has a wildcard: it matches every service whose name fits; name the services",
                    )
        if st.resource is not None and _ARN_HIT.search("\n".join(st.resource.strings)):
            for v in st.resource.values:
                s = v.value
                if not s.startswith("arn:") or ("*" not in s and "?" not in s):
                    continue
                parts = s.split(":", 3)
                if len(parts) < 4:
                    continue
                service = parts[2]
                if _wild(service):
                    start = len(parts[0]) + len(parts[1]) + 2
                    yield Problem(
                        path=v.path,
                        span=(start, start + len(service)),
                        message=f"the service {service!r} of the ARN {s!r} has a wildcard: it matches resources of every service whose name fits; name the service",
                    )
