"""A condition key whose prefix is not a known service.

## What it does
Reports a condition key whose prefix (the part before `:`) is neither `aws`, nor a service
prefix of the Service Authorization Reference, nor an identity-provider namespace (`saml`, or
a provider host such as `token.actions.githubusercontent.com`, recognised by its `.` or `/`).
A close service prefix is suggested. Prefixes of retired services that Access Analyzer still
accepts (`deepracer`, ...) are left alone.

## Why is this bad?
AWS rejects the policy. A key no request ever carries makes a positive operator never match and
a negated one always match.

## Example
```json
{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*",
 "Condition": {"StringEquals": {"ecc2:InstanceType": "t3.micro"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*",
 "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): the suggested prefix is a guess, and the
condition then tests a key requests carry, so it matches other requests than the policy as
written.

## References
- Access Analyzer: INVALID_SERVICE
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..model import Problem, Replacement, Severity
from . import _keys

CODE = "IAM307"
NAME = "unknown-condition-key-service"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_SERVICE"


def check(ctx):
    catalog = ctx.catalog
    index = _keys.condition_index(ctx)
    if not index.pairs or not (index.has_status(catalog, _keys.SERVICE) or index.has_status(catalog, _keys.RETIRED)):
        return
    for _st, c, r in index.resolved(catalog):
        if r.status != _keys.SERVICE and r.status != _keys.RETIRED:
            continue
        prefix = _keys.display_prefix(c.key)
        if r.status == _keys.RETIRED:
            info = catalog.retired_service(r.prefix) or {}
            if info.get("access_analyzer_accepts", True):
                continue
            yield Problem(path=c.path, on_key=True,
                          message=f"the service {prefix} of condition key {c.key} has been retired and no longer exists")
            continue
        message = f"the service {prefix} of condition key {c.key} does not exist"
        replacement = None
        if r.suggestion:
            fixed = r.suggestion + c.key[len(prefix):]
            if catalog.condition_key(fixed) is not None:
                message += f"; did you mean {fixed}?"
                replacement = Replacement(f"Change to {fixed}", fixed, safe=False)  # a guess
            else:
                message += f"; did you mean the service {r.suggestion}?"
        yield Problem(path=c.path, message=message, on_key=True, replacement=replacement)
