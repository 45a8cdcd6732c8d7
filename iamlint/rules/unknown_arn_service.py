"""An ARN whose service does not exist.

## What it does
Reports the service field of a resource ARN when it is neither a service prefix of the catalog nor
the service of one of its ARN formats, with the closest service as a suggestion. Services AWS has
retired are reported only where Access Analyzer does (`iamlint/data/retired_services.json`).
Wildcards in the service field are left to `wildcard-in-service-name`.

## Why is this bad?
AWS rejects the policy; the ARN matches nothing. Common causes are typos and product names used as
services (`arn:aws:cloudwatchlogs:...` for `logs`).

## Example
```json
{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:cloudwatchlogs:*:111122223333:log-group:app:*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:*:111122223333:log-group:app:*"}
```

## Fix
The closest service is an unsafe fix (applied by `--fix` only with `--unsafe-fixes`): it is a
guess, and the ARN that matched nothing then matches that service's resources.

## References
- Access Analyzer: INVALID_SERVICE
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM221"
NAME = "unknown-arn-service"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_SERVICE"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
