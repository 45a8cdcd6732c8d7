"""An empty `Sid`.

## What it does
Reports `"Sid": ""`.

## Why is this bad?
An empty Sid identifies nothing: either give the statement a meaningful identifier or leave
the optional element out.

## Example
```json
{"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
```

## Use instead
```json
{"Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
```

## References
- Access Analyzer: EMPTY_SID_VALUE
- IAM User Guide, IAM JSON policy elements: Sid
"""

from ..model import Problem, Severity

CODE = "IAM114"
NAME = "empty-sid"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_SID_VALUE"


def check(ctx):
    for st in ctx.policy.statements:
        if st.sid == "":
            yield Problem(path=st.path + ("Sid",), message="the Sid is empty: name the statement or remove the Sid")
