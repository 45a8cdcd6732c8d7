"""An Allow statement with `NotResource`.

## What it does
Reports an identity-policy `Allow` statement that uses `NotResource`: it grants its actions on
every resource except the ones listed, in every account, including resources created later.

## Why is this bad?
`Allow` + `NotResource` is almost always broader than intended: "everything but the production
bucket" also means every other bucket, in every account the principal can reach, and every
resource type of the service. Access Analyzer flags the PassRole case (PASS_ROLE_WITH_NOT_RESOURCE);
the problem is the same for every action.

## Example
```json
{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::prod-data/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::dev-data", "arn:aws:s3:::dev-data/*"]}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, IAM JSON policy elements: NotResource
"""

from ..grants import counts_text
from ..model import PolicyType, Problem, Severity

CODE = "IAM603"
NAME = "allow-with-not-resource"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
POLICY_TYPES = {PolicyType.IDENTITY}


def check(ctx):
    for g in ctx.grants:
        st = g.statement
        if g.resource_scope != "not" or g.empty:
            continue
        excluded = ", ".join(g.resources[:3]) + (" ..." if len(g.resources) > 3 else "")
        msg = (f"Allow with NotResource grants {counts_text(g.counts)} on every resource "
               f"except {excluded or 'nothing'} (in every account); list the resources in Resource instead")
        yield Problem(path=st.resource.path, on_key=True, message=msg, access_level=g.most_sensitive_level)
