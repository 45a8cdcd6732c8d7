"""`s3:prefix` used where a shorter prefix slips past the condition.

## What it does
Reports an `s3:prefix` condition in a `Deny` statement under a positive String operator
(`StringEquals`, `StringLike`...), or in an `Allow` statement under a negated one
(`StringNotEquals`, `StringNotLike`...).

## Why is this bad?
`s3:prefix` is whatever prefix the caller sends with `ListBucket`. A Deny on `home/alice/` does not
stop a list with prefix `home/` (or none), which returns the same keys; an Allow "for every prefix
except X" allows those shorter prefixes too. Restrict listing positively: Allow with `StringLike`
(or `StringEquals`), or Deny with `StringNotLike`.

## Example
```json
{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::corp",
 "Condition": {"StringLike": {"s3:prefix": "confidential/*"}}}
```

## Use instead
```json
{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::corp",
 "Condition": {"StringNotLike": {"s3:prefix": ["public/", "public/*"]}}}
```

## References
- Access Analyzer: S3_PREFIX_IN_NEGATIVE_CONTEXT
- Amazon S3 User Guide, Bucket policy examples: limiting listing with s3:prefix
"""

from ..model import Problem, Severity
from ._keys import condition_index

CODE = "IAM354"
NAME = "s3-prefix-in-negative-context"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "S3_PREFIX_IN_NEGATIVE_CONTEXT"


def check(ctx):
    for st, c in condition_index(ctx).by_key.get("s3:prefix", ()):
        if c.operator.family != "String" or not (st.is_allow or st.is_deny):
            continue
        negated = c.operator.negated
        if st.is_deny and not negated:
            how = f"a Deny with {c.operator.text}"
            advice = "deny with StringNotLike on the prefixes to keep, or allow with StringLike"
        elif st.is_allow and negated:
            how = f"an Allow with {c.operator.text}"
            advice = "allow with StringLike on the prefixes to grant"
        else:
            continue
        yield Problem(
            path=c.path,
            on_key=True,
            message=f"s3:prefix in {how}: a shorter or empty prefix lists the same keys and escapes the "
            f"condition; {advice}",
        )
