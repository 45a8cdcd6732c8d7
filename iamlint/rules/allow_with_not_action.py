"""An Allow statement with `NotAction`.

## What it does
Reports an identity-policy `Allow` statement that uses `NotAction`, and says which access levels
the statement reaches: every action of every service except the ones listed, including actions
AWS adds later. A `NotAction` that excludes nothing on `Resource: "*"` is full-admin instead.

## Why is this bad?
`Allow` + `NotAction` grants far more than it reads: `"NotAction": "iam:*"` grants thousands of
Write and Permissions management actions of every other service (`organizations:*`, `kms:PutKeyPolicy`,
`s3:PutBucketPolicy`...), and every action of every service AWS launches from now on.

## Example
```json
{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
```

## Use instead
List what is needed, or keep the broad grant and take the exceptions back with a Deny:
```json
{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:GetObject"], "Resource": "*"}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, IAM JSON policy elements: NotAction ("Using NotAction with Allow")
"""

from ..grants import counts_text, is_full_admin
from ..model import PolicyType, Problem, Severity

CODE = "IAM602"
NAME = "allow-with-not-action"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
POLICY_TYPES = {PolicyType.IDENTITY}


def check(ctx):
    catalog = ctx.catalog
    for g in ctx.grants:
        st = g.statement
        if not st.action.negated or g.empty or is_full_admin(g, catalog):
            continue
        from ..carriers import as_written  # reporting only: a computed action by what was written

        excluded = ", ".join(map(as_written, st.action.strings[:4])) + (" ..." if len(st.action.strings) > 4 else "")
        where = {"all": "on every resource", "not": "on every resource not listed in NotResource",
                 "some": "on the listed resources"}[g.resource_scope]
        msg = (f"Allow with NotAction grants {counts_text(g.counts)} {where}, "
               f"including future ones: every action except {excluded}; list the actions needed instead")
        yield Problem(path=st.action.path, on_key=True, message=msg, access_level=g.most_sensitive_level)
