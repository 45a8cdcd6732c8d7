"""A service principal restricted only by a weak key instead of `aws:SourceArn` / `aws:SourceAccount`.

## What it does
In a resource policy, reports an `Allow` statement that grants access to an AWS service principal
and restricts it only with `aws:Referer`, `aws:SourceOwner` or `aws:UserAgent` rather than the
keys AWS recommends for service principals: `aws:SourceArn`, `aws:SourceAccount`,
`aws:SourceOrgID`, `aws:SourceOrgPaths`. The condition key is reported.

## Why is this bad?
`aws:Referer` and `aws:UserAgent` are set by the caller and are not a security boundary;
`aws:SourceOwner` is a legacy key only a few services send. The `aws:Source*` keys are set by the
service itself and name the resource it acts for, which is what prevents a confused deputy.

## Example
```json
{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject",
 "Resource": "arn:aws:s3:::mail/*", "Condition": {"StringEquals": {"aws:Referer": "111122223333"}}}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject",
 "Resource": "arn:aws:s3:::mail/*", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}
```

## References
- Access Analyzer: RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL
- IAM User Guide, The confused deputy problem
"""

from ..model import PolicyType, Problem, Severity
from ._trust import service_principal_guards

CODE = "IAM541"
NAME = "service-principal-with-weak-condition"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.RESOURCE}


def check(ctx):
    for _st, services, cond in service_principal_guards(ctx, "weak"):
        yield Problem(
            path=cond.path,
            on_key=True,
            message=(f"{cond.key} is a weak restriction for the service principal {services[0].value}: "
                     "use aws:SourceArn or aws:SourceAccount (set by the service, naming the resource it acts for)"),
        )
