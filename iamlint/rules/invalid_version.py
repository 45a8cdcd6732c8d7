"""A `Version` that is not `2012-10-17` or `2008-10-17`.

## What it does
Reports a `Version` value other than the two policy-language versions AWS accepts.

## Why is this bad?
AWS rejects the policy. A date such as today's or `2012-10-18` is a common slip: `Version` is the
language version, not the policy's own revision.

## Example
```json
{"Version": "2024-01-01", "Statement": []}
```

## Use instead
```json
{"Version": "2012-10-17", "Statement": []}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): AWS rejects the policy as written, and
`2012-10-17` is a guess (the legacy `2008-10-17` reads policy variables as literal text).

## References
- Access Analyzer: INVALID_VERSION
- IAM User Guide, IAM JSON policy elements: Version
"""

from ..model import Problem, Replacement, Severity
from ..policy import VERSIONS

CODE = "IAM109"
NAME = "invalid-version"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_VERSION"


def check(ctx):
    raw = ctx.policy.raw
    version = raw.get("Version") if isinstance(raw, dict) else None
    if isinstance(version, str) and version not in VERSIONS:
        yield Problem(
            path=("Version",),
            message=f"Version must be '2012-10-17' (or the legacy '2008-10-17'), not {version!r}",
            replacement=Replacement("Use Version 2012-10-17", "2012-10-17", safe=False),
        )
