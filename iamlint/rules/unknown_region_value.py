"""A condition value that names a Region that does not exist.

## What it does
Checks the values of condition keys that hold an AWS Region name (`aws:RequestedRegion`,
`ec2:Region`, `kms:ReplicaRegion`, ... listed in `iamlint/data/condition_value_formats.json`)
against the Regions of every partition in `iamlint/data/partitions.json`. Under `StringLike` /
`StringNotLike` a pattern must match at least one Region. Values with policy variables are skipped.
A close match is suggested.

## Why is this bad?
A misspelt Region (`us-east1`, `eu-west-4`) never matches: an Allow grants nothing there, and a
Deny meant to fence Regions (`StringNotEquals aws:RequestedRegion`) denies the intended Region too.

## Example
```json
"Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west1"]}}
```

## Use instead
```json
"Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`), even for a change of case (`US-EAST-1`):
the suggestion is a guess, and Regions compare case-sensitively, so the fixed value matches
requests the written one never matched (an Allow starts granting there, a Deny changes where it
applies).

## References
- Access Analyzer: INVALID_REGION
- AWS Regions, https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
"""

from functools import lru_cache

from ..catalog import own_data, suggest, wildcard_regex
from ..carriers import is_placeholder
from ..model import Problem, Replacement, Severity
from ._values import conditions, has_any_key, key_set, variables_in, wildcard_at

CODE = "IAM342"
NAME = "unknown-region-value"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_REGION"


@lru_cache(maxsize=1)
def _regions() -> tuple:
    return tuple(sorted({r for rs in own_data("partitions")["partitions"].values() for r in rs}))


@lru_cache(maxsize=1024)
def _known(value: str, like: bool) -> bool:
    regions = _regions()
    if like and wildcard_at(value) is not None:
        rx = wildcard_regex(value)
        return any(rx.match(r) for r in regions)
    return value in regions


def check(ctx):
    keys = key_set("region_keys")
    if not has_any_key(ctx, keys):
        return
    for st, c in conditions(ctx, "String"):
        if c.key_lower not in keys:
            continue
        like = c.operator.like
        for v in c.values:
            if not isinstance(v.value, str) or variables_in(v.value) or is_placeholder(v.value):
                continue
            if not like and wildcard_at(v.value) is not None:
                continue  # wildcard-without-like-operator
            if _known(v.value, like):
                continue
            if wildcard_at(v.value) is not None:
                yield Problem(path=v.path, message=f"{v.value!r} matches no AWS Region")
                continue
            guess = suggest(v.value, _regions())
            message = f"{v.value!r} is not an AWS Region"
            replacement = None
            if guess:
                message += f"; did you mean {guess!r}?"
                # even a change of case is unsafe: IAM compares the Region case-sensitively, so the fixed
                # value matches requests the written one never did
                replacement = Replacement(f'Change to "{guess}"', guess, safe=False)
            yield Problem(path=v.path, message=message, replacement=replacement)
