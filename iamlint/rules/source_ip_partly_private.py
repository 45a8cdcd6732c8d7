"""`aws:SourceIp` compared with a mix of public and private IP ranges.

## What it does
Reports an `IpAddress` or `NotIpAddress` condition on `aws:SourceIp` that lists public ranges
together with private ones (RFC 1918, loopback, link-local, IPv6 unique-local). The finding sits on
the first private range and names the others.

## Why is this bad?
`aws:SourceIp` only ever holds public addresses, so the private ranges are dead entries: they
suggest that on-premises or VPC traffic is covered when it is not. Use `aws:VpcSourceIp` (with
`aws:SourceVpc` / `aws:SourceVpce`) in a separate condition for private addresses.

## Example
```json
"Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}}
```

## Use instead
```json
"Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}
```

## References
- Access Analyzer: PRIVATE_IP_ADDRESS_SUBSET (IpAddress), PRIVATE_NOT_IP_ADDRESS_SUBSET (NotIpAddress)
- AWS global condition context keys: aws:SourceIp, aws:VpcSourceIp
"""

from ..carriers import is_placeholder
from ..model import Problem, Severity
from ._values import is_private, source_ip_conditions

CODE = "IAM339"
NAME = "source-ip-partly-private"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "PRIVATE_IP_ADDRESS_SUBSET"


def check(ctx):
    for c, nets in source_ip_conditions(ctx):
        private = [v for v, n in nets if is_private(n)]
        computed = any(is_placeholder(v.value) for v in c.values)  # left out of nets: never private
        if not private or (len(private) == len(nets) and not computed):
            continue  # every range private: source-ip-only-private (IAM338)
        names = ", ".join(v.value for v in private)
        code = "PRIVATE_NOT_IP_ADDRESS_SUBSET" if c.operator.negated else "PRIVATE_IP_ADDRESS_SUBSET"
        yield Problem(
            path=private[0].path,
            message=f"aws:SourceIp never holds a private address: {names} "
            f"{'is' if len(private) == 1 else 'are'} dead in this list; remove "
            f"{'it' if len(private) == 1 else 'them'}, and use aws:VpcSourceIp for private ranges",
            access_analyzer=code,
        )
