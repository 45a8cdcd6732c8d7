"""A policy variable in a policy without `"Version": "2012-10-17"`.

## What it does
Reports a `${...}` variable in a `Resource`/`NotResource` or condition value when the policy
has no `Version` or has the legacy `"2008-10-17"`.

## Why is this bad?
Policy variables exist only in the 2012-10-17 language. Otherwise `${aws:username}` is literal
text: the resource or condition never matches, so an Allow grants nothing and a Deny with a
negated operator applies to everyone.

## Example
```json
{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}
```

## Use instead
```json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}
```

## References
- Access Analyzer: VARIABLE_UNSUPPORTED_IN_VERSION
- IAM User Guide, IAM JSON policy elements: Version; Variables and tags
"""

from ..model import Problem, Severity
from ._variables import allowed_values, scan

CODE = "IAM135"
NAME = "variable-without-version"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "VARIABLE_UNSUPPORTED_IN_VERSION"


def check(ctx):
    raw = ctx.policy.raw
    if not isinstance(raw, dict):
        return
    version = raw.get("Version")
    if version is None:
        why = "the policy has no Version"
    elif version == "2008-10-17":
        why = 'the policy is "Version": "2008-10-17"'
    else:
        return
    for _st, _element, v in allowed_values(ctx):
        for var in scan(v.value):
            if var.issue is None:
                yield Problem(
                    path=v.path,
                    span=(var.start, var.end),
                    message=f'{v.value[var.start:var.end]!r} is literal text because {why}: set "Version": "2012-10-17"',
                )
                break
