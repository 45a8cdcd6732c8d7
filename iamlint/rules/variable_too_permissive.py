"""A policy variable in a condition value where AWS demands an exact value.

## What it does
Reports `${...}` policy variables (under String or ARN operators) in three situations:
- on a sensitive key (`aws:PrincipalAccount`, `aws:ResourceAccount`, `aws:SourceAccount`, the
  `...OrgID` keys, `aws:SourceVpc`, `aws:SourceVpce`, `aws:VpceAccount`): a variable other than
  one of these AWS-set identifiers (`"aws:ResourceAccount": "${aws:PrincipalAccount}"` is the
  usual same-account idiom and is not reported);
- on an organization-path key (`aws:PrincipalOrgPaths`, ...): fewer than 6 literal characters
  before it;
- on `aws:userid`: a variable inside the unique-ID part, left of the `:`, that is not that whole
  part.

## Why is this bad?
A variable takes its value from the request, often from tags the caller can set
(`${aws:PrincipalTag/account}`, `${aws:RequestTag/...}`). On keys that pin an account,
organization, network or principal, that lets the caller choose what the condition compares with.

## Example
```json
"Condition": {"StringEquals": {"aws:SourceAccount": "${aws:PrincipalTag/account}"}}
```

## Use instead
```json
"Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}
```

## References
- Access Analyzer: VARIABLE_USAGE_TOO_PERMISSIVE
- AWS global condition context keys: Sensitive condition keys
"""

from ..carriers import as_written
from ..model import Problem, Severity
from ._values import conditions, has_any_key, permissive_keys, permissive_use

CODE = "IAM348"
NAME = "variable-too-permissive"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "VARIABLE_USAGE_TOO_PERMISSIVE"


def check(ctx):
    if not has_any_key(ctx, permissive_keys()):
        return
    for st, c in conditions(ctx):
        if c.operator.family not in ("String", "ARN"):
            continue
        for v in c.values:
            if not isinstance(v.value, str) or "${" not in v.value:
                continue
            hit = permissive_use(c.key_lower, v.value, "variable")
            if hit:
                start, end, reason = hit
                yield Problem(path=v.path, span=(start, end), message=f"{c.key} {as_written(v.value)!r}: {reason}")
