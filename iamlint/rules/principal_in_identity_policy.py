"""`Principal` or `NotPrincipal` in an identity policy or permissions boundary.

## What it does
Reports a `Principal` or `NotPrincipal` element in a policy checked as an identity policy
(`--type identity`) or a permissions boundary (`--type boundary`).

## Why is this bad?
An identity policy applies to the user, group or role it is attached to: the principal is
implied, and IAM rejects the policy (`MalformedPolicyDocument`). A `Principal` there usually means
a resource policy or trust policy was pasted into the wrong place. (Auto-detection treats a
document with a `Principal` as a resource policy, so this rule fires when the type is given.)

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: UNSUPPORTED_PRINCIPAL
- IAM User Guide, IAM JSON policy elements: Principal
"""

from ..model import PolicyType, Problem, Severity

CODE = "IAM501"
NAME = "principal-in-identity-policy"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNSUPPORTED_PRINCIPAL"
POLICY_TYPES = {PolicyType.IDENTITY, PolicyType.BOUNDARY}


def check(ctx):
    kind = "a permissions boundary" if ctx.policy_type is PolicyType.BOUNDARY else "an identity policy"
    for st in ctx.policy.statements:
        for key in ("Principal", "NotPrincipal"):
            if key in st.raw:
                yield Problem(
                    path=st.path + (key,),
                    on_key=True,
                    message=f"{key} is not allowed in {kind}: the principal is whoever the policy is attached to; "
                    f"remove {key} (or check the policy as a resource or trust policy)",
                )
