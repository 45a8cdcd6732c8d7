"""An action whose service prefix AWS does not know.

## What it does
Reports `Action`/`NotAction` entries whose service prefix (the part before `:`) is not a
service in the catalog, with the closest prefix as a suggestion. Retired services are reported
by `retired-service` instead.

## Why is this bad?
The entry matches nothing: the statement grants or denies less than it appears to. Common causes
are typos (`s3s:GetObject`), product names used as prefixes (`cloudwatch-logs:` instead of
`logs:`), and prefixes copied from ARNs.

## Example
```json
{"Effect": "Allow", "Action": "cloudwatchlogs:PutLogEvents", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}
```

## References
- Access Analyzer: INVALID_SERVICE_IN_ACTION
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..model import Problem, Severity
from ._statements import action_entries

CODE = "IAM202"
NAME = "unknown-service"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_SERVICE_IN_ACTION"


def check(ctx):
    # Each distinct string is judged once per catalog, for the four entry rules at once.
    for _st, _el, found in action_entries(ctx):
        for v, verdict in found:
            if verdict.unknown_service is not None:
                message, span = verdict.unknown_service
                yield Problem(path=v.path, message=message, span=span)
