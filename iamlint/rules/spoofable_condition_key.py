"""Access granted, or a Deny waived, on a condition key the caller controls.

## What it does
Reports conditions on keys whose value the caller sets freely (`aws:UserAgent`, `aws:referer`)
where they decide access in the caller's favour: in an `Allow` statement under any operator
except `Null`, and in a `Deny` statement under a negated operator (`StringNotEquals`,
`StringNotLike`, ...), which makes the key an exception to the Deny. A `Deny` that merely
blocks a matching value is left alone (it only adds a restriction).

## Why is this bad?
The `User-Agent` and `Referer` headers are written by the client. Anyone who knows (or guesses)
the expected value sends it, so the condition protects nothing.

## Example
```json
{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*",
 "Condition": {"StringLike": {"aws:referer": "https://www.example.com/*"}}}
```

## Use instead
Serve the content through CloudFront with origin access control, or require a signed request
from a known principal; use `aws:referer` only to deter casual hot-linking.

## References
- Access Analyzer: UNTRUSTWORTHY_CONDITION_KEY
- IAM User Guide, AWS global condition context keys (aws:referer, aws:UserAgent)
"""

from functools import lru_cache

from ..model import Problem, Severity
from . import _keys

CODE = "IAM316"
NAME = "spoofable-condition-key"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "UNTRUSTWORTHY_CONDITION_KEY"


@lru_cache(maxsize=None)
def _untrustworthy():
    return {k.lower(): k for k in _keys.global_data().get("untrustworthy", ())}


def check(ctx):
    index = _keys.condition_index(ctx)
    table = _untrustworthy()
    if index.by_key.keys().isdisjoint(table):
        return
    for st, c in index.pairs:
        if st.effect not in ("Allow", "Deny"):
            continue
        name = table.get(c.key_lower)
        if name is None:
            continue
        op = c.operator
        if not op.known or op.family == "Null":
            continue
        if st.is_allow and not op.negated:
            how = "grants access to any caller who sends the expected value"
        elif st.is_allow:
            how = "grants access to any caller who sends a different value"
        elif op.negated:
            how = "exempts from the Deny any caller who sends the expected value"
        else:
            continue
        yield Problem(
            path=c.path, on_key=True,
            message=f"{c.key} is set by the caller and can be spoofed: this condition {how}",
        )
