"""An `Effect` that is neither `Allow` nor `Deny`.

## What it does
Reports an `Effect` value other than exactly `Allow` or `Deny` (the value is case-sensitive),
and suggests the intended spelling.

## Why is this bad?
AWS rejects the policy. `"allow"` or `"Denied"` look right to a reviewer and deploy nowhere.

## Example
```json
{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
```

## Fix
A change of case (`"allow"` to `"Allow"`) is a safe fix: AWS rejects the policy as written, and
the statement can only have meant that effect. `"allowed"` or `"denied"` is a guess: unsafe
(applied by `--fix` only with `--unsafe-fixes`).

## References
- Access Analyzer: INVALID_EFFECT
- IAM User Guide, IAM JSON policy elements: Effect
"""

from ..model import Problem, Replacement, Severity

CODE = "IAM108"
NAME = "invalid-effect"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_EFFECT"


def check(ctx):
    for st in ctx.policy.statements:
        effect = st.raw.get("Effect")
        if not isinstance(effect, str) or effect in ("Allow", "Deny"):
            continue
        guess = {"allow": "Allow", "deny": "Deny", "allowed": "Allow", "denied": "Deny"}.get(effect.strip().lower())
        message = f"Effect must be 'Allow' or 'Deny', not {effect!r}"
        replacement = None
        if guess:
            # AWS rejects the original: a change of case can only mean that effect, another word is a guess
            certain = guess.lower() == effect.strip().lower()
            message += f"; write {guess!r} (Effect is case-sensitive)" if certain else f"; did you mean {guess!r}?"
            replacement = Replacement(f"Change to {guess!r}", guess, safe=certain)
        yield Problem(path=st.path + ("Effect",), message=message, replacement=replacement)
