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

CODE = "IAM202"
NAME = "unknown-service"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_SERVICE_IN_ACTION"


def check(ctx):
    catalog = ctx.catalog
    services = catalog.services  # lowercase prefixes: the lookup of has_service, once per document
    for st in ctx.policy.statements:
        if st.action is None:
            continue
        for v in st.action.values:
            prefix, sep, name = v.value.partition(":")
            if not sep or not prefix or "*" in prefix or "?" in prefix:
                continue
            if prefix.lower() in services or catalog.retired_service(prefix):
                continue
            message = f"the service {prefix!r} in {v.value!r} does not exist"
            suggestion = catalog.suggest_service(prefix)
            if suggestion:
                message += f"; did you mean {suggestion!r}?"
            yield Problem(path=v.path, message=message, span=(0, len(prefix)))
