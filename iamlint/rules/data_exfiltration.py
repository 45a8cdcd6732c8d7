"""A policy lets its holder read data stores or secrets in bulk.

## What it does
Reports `Allow` statements of identity policies that grant, on every resource (`"*"`,
`NotResource`, or an ARN whose resource part has a wildcard), actions that read the contents of
data stores and secrets: `s3:GetObject`, `secretsmanager:GetSecretValue`, `ssm:GetParameter(s)`,
`kms:Decrypt`, `dynamodb:GetItem`/`Scan`/`Query`, `sqs:ReceiveMessage`, `logs:GetLogEvents`,
`ecr:BatchGetImage`... (the list, with sources, is `iamlint/data/risk_data_exfiltration.json`).
Unconditional `Deny` statements of the policy are taken into account; a statement with a strong
condition that narrows the resources reached (`aws:ResourceTag/...`, `aws:ResourceAccount`,
`aws:SourceVpce`, a service key...) or one that can never be true is not reported. One finding per
granting entry (the `Action` entry, or the `NotAction` key), naming the actions.

Severity `warning` for reads that return stored content (objects, items, records, messages,
secret values, query results, archives, repository files, `kms:Decrypt` plaintext): reading
everything is sometimes the job (backup, audit, `ReadOnlyAccess`), so this is a review point
rather than a defect. `suggestion` when every action of the finding reads operational data:
Parameter Store parameters, CloudWatch Logs events, container image layers, Lambda function
packages, CloudFormation templates. AWS's own baseline policies grant those on every resource
(`AmazonSSMManagedInstanceCore`: `ssm:GetParameter(s)`; `AmazonEC2ContainerRegistryReadOnly`:
image pulls; `CloudWatchLogsReadOnlyAccess`: log reads), so a warning would fire on every EC2,
ECS and EKS role; they hold secrets only where secrets do not belong (SecureString parameters
under a customer managed key also need `kms:Decrypt` on it). The data file marks them and says
why (`_severity`).

## Why is this bad?
Credentials holding such a policy can copy every object, secret and parameter of the account; if
they leak, so does the data. Most workloads read one bucket or one secret.

## Example
```json
{"Effect": "Allow", "Action": ["s3:GetObject", "secretsmanager:GetSecretValue"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- cloudsplaining (Salesforce), risk category Data Exfiltration
- the AWS API reference of each action (see the data file)
"""

from ..model import PolicyType, Severity
from . import _risks

CODE = "IAM631"
NAME = "data-exfiltration"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.IDENTITY}


def check(ctx):
    return _risks.single_action_problems(
        ctx, "data_exfiltration", _risks.DATA_EXFILTRATION,
        "read data stores and secrets in bulk",
        "limit Resource to what the workload needs to read",
        Severity.WARNING, Severity.WARNING, silenced_by_condition=True)
