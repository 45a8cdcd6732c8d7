"""A service principal granted access without an `aws:SourceArn` / `aws:SourceAccount` condition.

## What it does
In a resource policy (not a role trust policy), reports an `Allow` statement that grants access
to an AWS service principal (`"Service": "logging.s3.amazonaws.com"`, ...) with no condition on
`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`, nor on a key
the service itself sets to the resource it acts for (CloudWatch Logs,
`logs.<region>.amazonaws.com`: `kms:EncryptionContext:aws:logs:arn`, the ARN of the log group,
which the CloudWatch Logs guide recommends in the key policy). A statement restricted only by a
weaker key (`aws:Referer`, `aws:SourceOwner`, `aws:UserAgent`) is left to
`service-principal-with-weak-condition` (IAM541). One finding per statement, at its first service
principal.

## Why is this bad?
A service principal acts for every AWS customer. Without a source condition, another account can
make the service act on your resource on its behalf (the confused-deputy problem): e.g. point its
own CloudTrail trail, S3 server access logging or SNS topic at your bucket or key.

## Example
```json
{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
 "Action": "s3:PutObject", "Resource": "arn:aws:s3:::trail-logs/AWSLogs/111122223333/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
 "Action": "s3:PutObject", "Resource": "arn:aws:s3:::trail-logs/AWSLogs/111122223333/*",
 "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"}}}
```

## References
- Access Analyzer: RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL
- IAM User Guide, The confused deputy problem (cross-service confused deputy prevention)
- Amazon CloudWatch Logs User Guide, Encrypt log data in CloudWatch Logs using AWS Key Management
  Service (kms:EncryptionContext:aws:logs:arn)
"""

from ..model import PolicyType, Problem, Severity
from ._trust import service_principal_guards, service_source_key_names

CODE = "IAM540"
NAME = "service-principal-without-source-condition"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.RESOURCE}


def check(ctx):
    for st, services, _cond in service_principal_guards(ctx, "none"):
        first = services[0]
        others = f" (also {', '.join(v.value for v in services[1:])})" if len(services) > 1 else ""
        if st.conditions:
            what = (f"is limited only by {', '.join(sorted({c.key for c in st.conditions}))}, "
                    "which the service does not guarantee to name the resource it acts for")
        else:
            what = "is granted access on behalf of any account"
        own = "".join(f" (for {v.value}, {key} naming {thing} does too)" for v in services
                      for key, thing in service_source_key_names(v.value))
        yield Problem(
            path=first.path,
            message=(f"the service principal {first.value}{others} {what}: add a condition on aws:SourceArn or "
                     f"aws:SourceAccount (or aws:SourceOrgID / aws:SourceOrgPaths) naming your resource or account{own}"),
        )
