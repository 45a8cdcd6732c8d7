"""A policy lets its holder change resource policies, ACLs or sharing on every resource.

## What it does
Reports `Allow` statements of identity policies that grant, on every resource (`"*"`,
`NotResource`, or an ARN whose resource part has a wildcard), actions that rewrite who else may
use a resource: `s3:PutBucketPolicy`, `s3:PutBucketAcl`, `kms:PutKeyPolicy`, `lambda:AddPermission`,
`ecr:SetRepositoryPolicy`, `sqs:SetQueueAttributes`, `ram:CreateResourceShare`,
`ec2:ModifySnapshotAttribute`, `rds:ModifyDBSnapshotAttribute`,
`secretsmanager:PutResourcePolicy`... (the list, with sources, is
`iamlint/data/risk_resource_exposure.json`). Unconditional `Deny` statements are taken into account;
a statement with a strong condition narrowing the resources, or one that can never be true, is
not reported. One finding per granting entry, naming the actions. Resource policies that are
already open to everyone are `open-to-everyone` (IAM611).

Severity `warning`: administrators of a service need these actions; workloads rarely do.

## Why is this bad?
One call makes a bucket, key, snapshot or secret public or shares it with another account: the
data leaves without anyone reading it through this policy.

## Example
```json
{"Effect": "Allow", "Action": ["s3:PutBucketPolicy", "ec2:ModifySnapshotAttribute"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::team-website"}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- cloudsplaining (Salesforce), risk category Resource Exposure
- the AWS API reference of each action (see the data file)
"""

from ..model import PolicyType, Severity
from . import _risks

CODE = "IAM633"
NAME = "resource-exposure"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.IDENTITY}


def check(ctx):
    return _risks.single_action_problems(
        ctx, "resource_exposure", _risks.RESOURCE_EXPOSURE,
        "can change who else may use any resource through its policy, ACL or sharing",
        "limit Resource to the resources the workload manages",
        Severity.WARNING, Severity.WARNING, silenced_by_condition=True)
