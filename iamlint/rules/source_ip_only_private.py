"""`aws:SourceIp` compared only with private IP ranges.

## What it does
Reports an `IpAddress` or `NotIpAddress` condition on `aws:SourceIp` whose ranges are all private
(RFC 1918 `10/8`, `172.16/12`, `192.168/16`, loopback, link-local, IPv6 unique-local).

## Why is this bad?
`aws:SourceIp` holds the caller's *public* address; requests through a VPC endpoint do not carry
it at all. It never holds a private address, so `IpAddress` with private ranges never matches (the
Allow grants nothing) and `NotIpAddress` always matches (the Deny applies to everyone, or the
Allow restricts nothing). To restrict private addresses, use `aws:VpcSourceIp` with
`aws:SourceVpc` / `aws:SourceVpce`.

## Example
```json
"Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}
```

## Use instead
```json
"Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}
```

## References
- Access Analyzer: PRIVATE_IP_ADDRESS (IpAddress), PRIVATE_NOT_IP_ADDRESS (NotIpAddress)
- AWS global condition context keys: aws:SourceIp, aws:VpcSourceIp
"""

from ..model import Problem, Severity
from ._values import is_private, source_ip_conditions

CODE = "IAM338"
NAME = "source-ip-only-private"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "PRIVATE_IP_ADDRESS"


def check(ctx):
    for c, nets in source_ip_conditions(ctx):
        if not nets or len(nets) != len(c.values) or not all(is_private(n) for _v, n in nets):
            continue
        ranges = ", ".join(v.value for v, _n in nets)
        if c.operator.negated:
            message = (f"aws:SourceIp never holds a private address, so NotIpAddress {ranges} always matches and "
                       f"restricts nothing; use aws:VpcSourceIp for private ranges")
            code = "PRIVATE_NOT_IP_ADDRESS"
        else:
            message = (f"aws:SourceIp never holds a private address, so IpAddress {ranges} never matches; "
                       f"use aws:VpcSourceIp for private ranges")
            code = "PRIVATE_IP_ADDRESS"
        yield Problem(path=c.path, on_key=True, message=message, access_analyzer=code)
