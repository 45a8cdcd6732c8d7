"""A principal type other than `AWS`, `Federated`, `Service` or `CanonicalUser`.

## What it does
Reports a key of a `Principal` / `NotPrincipal` map that is not one of the four principal types
(the names are case-sensitive), and suggests the intended one: from the spelling (`"aws"` ->
`"AWS"`, `"service"` -> `"Service"`), or else from the values (`{"Account": "111122223333"}` ->
`"AWS"`).

## Why is this bad?
AWS rejects the policy. The misspelled type is easy to miss in review because the values under it
look right.

## Example
```json
{"Effect": "Allow", "Principal": {"service": "lambda.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs"}
```

## Fix
A change of case or spacing (`"aws"` to `"AWS"`) is a safe fix: AWS rejects the policy as
written, and the key can only have meant that principal type. A suggestion from a close name or
from the values is a guess, and a rename onto a key already present merges two entries: those
are unsafe (applied by `--fix` only with `--unsafe-fixes`).

## References
- Access Analyzer: INVALID_PRINCIPAL_KEY
- IAM User Guide, IAM JSON policy elements: Principal
"""

from ..carriers import is_placeholder
from ..catalog import suggest
from ..model import PolicyType, Problem, Replacement, Severity
from ._principals import PRINCIPAL_TYPES, classify, expected_type

CODE = "IAM515"
NAME = "invalid-principal-key"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_PRINCIPAL_KEY"
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}

_BY_LOWER = {t.lower(): t for t in PRINCIPAL_TYPES}
_ALIASES = {"account": "AWS", "accounts": "AWS", "iam": "AWS", "arn": "AWS", "services": "Service", "canonical": "CanonicalUser"}


def _from_values(raw):
    values = [raw] if isinstance(raw, str) else [v for v in raw if isinstance(v, str)] if isinstance(raw, list) else []
    types = {expected_type(classify(v).kind) for v in values}
    return types.pop() if len(types) == 1 and None not in types else None


def check(ctx):
    for st in ctx.policy.statements:
        p = st.principal
        if p is None or not isinstance(p.raw, dict):
            continue
        for key, raw in p.raw.items():
            if key in PRINCIPAL_TYPES or is_placeholder(key):
                continue  # a computed `type = var.t` is unknown until deploy
            norm = key.strip().lower()
            guess, certain = _BY_LOWER.get(norm), True
            if guess is None:
                guess, certain = _ALIASES.get(norm) or suggest(key.strip(), PRINCIPAL_TYPES), False
            if guess is None:
                guess = _from_values(raw)
            message = f"{key!r} is not a principal type (use AWS, Federated, Service or CanonicalUser)"
            replacement = None
            if guess is not None:
                message += f"; write {guess!r} (principal types are case-sensitive)" if certain and guess.lower() == norm else f"; did you mean {guess!r}?"
                # AWS rejects the original: a change of case is certain; a guess, or a rename onto a key
                # already present (it would merge two entries), is unsafe
                replacement = Replacement(f"Change to {guess!r}", guess, safe=certain and guess not in p.raw)
            yield Problem(path=p.path + (key,), on_key=True, message=message, replacement=replacement)
