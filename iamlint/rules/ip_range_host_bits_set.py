"""A CIDR range with host bits set.

## What it does
Reports an IP range under `IpAddress` / `NotIpAddress` whose address has bits set beyond the
prefix length, e.g. `10.1.2.3/16`, and offers the normalised network (`10.1.0.0/16`) as a fix.

## Why is this bad?
IAM ignores the bits beyond the prefix, so `10.1.2.3/16` means all of `10.1.0.0/16`. The range is
wider than it reads: the author probably meant a single host or a smaller network.

## Example
```json
"Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}
```

## Use instead
```json
"Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
```

## Fix
The network without host bits is a safe fix: IAM ignores those bits, so the condition matches the
same addresses.

## References
- Access Analyzer: IMPROVE_IP_RANGE
- IAM User Guide, Condition operators: IP address condition operators
"""

import ipaddress

from ..model import Problem, Replacement, Severity
from ._values import conditions, ip_values

CODE = "IAM337"
NAME = "ip-range-host-bits-set"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "IMPROVE_IP_RANGE"


def check(ctx):
    for st, c in conditions(ctx, "IPAddress"):
        for v, net in ip_values(c):
            if "/" not in v.value:
                continue
            if ipaddress.ip_address(v.value.split("/", 1)[0]) == net.network_address:
                continue
            normal = str(net)
            yield Problem(
                path=v.path,
                message=f"{v.value} has host bits set: IAM ignores them and reads it as the whole network "
                f"{normal}; write {normal}, or a longer prefix if a smaller range was meant",
                replacement=Replacement(f'Change to "{normal}"', normal),
            )
