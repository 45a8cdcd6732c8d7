"""An `IpAddress` / `NotIpAddress` value that is not an IP address or CIDR range.

## What it does
Checks each value under the IP address operators: it must be an IPv4 or IPv6 address or a CIDR
range with a prefix length (`203.0.113.0/24`, `2001:db8::/32`). Netmask notation
(`10.0.0.0/255.0.0.0`), out-of-range octets, prefix lengths beyond 32/128, spaces and hostnames
are reported.

## Why is this bad?
AWS rejects the policy. Were it accepted, a value that is not an address would never match: an
`IpAddress` Allow would grant nothing and a `NotIpAddress` Deny would deny everyone.

## Example
```json
"Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.300/24"}}
```

## Use instead
```json
"Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
```

## Fix
A value without its surrounding spaces, or a netmask written as its prefix length, is a safe
fix: AWS rejects the policy as written, and the range is the same.

## References
- Access Analyzer: TYPE_MISMATCH_IP_RANGE
- IAM User Guide, Condition operators: IP address condition operators
"""

import ipaddress

from ..model import Problem, Replacement, Severity
from ._values import conditions, ip_network, quote, variables_in

CODE = "IAM336"
NAME = "invalid-ip-range"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "TYPE_MISMATCH_IP_RANGE"


def _netmask_fix(text: str):
    """'10.0.0.0/255.0.0.0' -> '10.0.0.0/8' (only for a valid netmask)."""
    addr, sep, mask = text.partition("/")
    if not sep or mask.isdigit():
        return None
    try:
        net = ipaddress.IPv4Network(f"{addr}/{mask}", strict=False)
    except ValueError:
        return None
    return f"{addr}/{net.prefixlen}"


def check(ctx):
    for st, c in conditions(ctx, "IPAddress"):
        for v in c.values:
            if isinstance(v.value, str):
                if ip_network(v.value) is not None:
                    continue
                if variables_in(v.value):
                    continue  # invalid-variable-for-operator
                stripped = v.value.strip()
                if stripped != v.value and ip_network(stripped) is not None:
                    yield Problem(path=v.path, message=f"{quote(v.value)} has surrounding spaces: write \"{stripped}\"",
                                  replacement=Replacement(f'Change to "{stripped}"', stripped))
                    continue
                fixed = _netmask_fix(v.value)
                if fixed:
                    yield Problem(path=v.path, message=f"{quote(v.value)} uses a netmask: IAM takes a CIDR prefix length, \"{fixed}\"",
                                  replacement=Replacement(f'Change to "{fixed}"', fixed))
                    continue
            yield Problem(
                path=v.path,
                message=f"{quote(v.value)} is not an IP address or CIDR range (e.g. \"203.0.113.0/24\" or \"2001:db8::/32\")",
            )
