"""A condition operator that does not exist.

## What it does
Reports a `Condition` operator that is not one of IAM's operators, including wrong case
(`stringequals`), a missing or extra letter (`StringEqual`), a misspelt set qualifier
(`ForAllValue:StringEquals`) or `IfExists` suffix (`StringEqualsIfExist`). When the intended
operator is clear it is suggested and offered as a fix.

## Why is this bad?
AWS rejects a policy with an unknown operator, so the deployment fails; tools that do not
validate the policy may instead treat the condition as never matching.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
 "Condition": {"StringEqual": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
 "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`), even for a change of case: the
suggestion is a guess, and the policy AWS rejected becomes one whose condition lets requests
through (or denies them).

## References
- Access Analyzer: INVALID_CONDITION_OPERATOR
- IAM User Guide, IAM JSON policy elements: Condition operators
"""

from ..carriers import is_placeholder
from ..model import Problem, Replacement, Severity
from . import _keys

CODE = "IAM301"
NAME = "unknown-condition-operator"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_CONDITION_OPERATOR"


def check(ctx):
    for st, op_text, op_path, _block, op in _keys.condition_index(ctx).blocks:
        if op.known or is_placeholder(op_text):
            continue  # NullIfExists / ForAnyValue:Null: IAM302 / IAM303; a computed `test = var.t`
        suggestion = _keys.suggest_operator(op_text)
        message = f"{op_text!r} is not a condition operator"
        replacement = None
        if suggestion and suggestion not in st.condition_raw:
            message += f"; did you mean {suggestion!r}?"
            replacement = Replacement(f"Change to {suggestion}", suggestion, safe=False)  # a guess
        elif suggestion:
            message += f"; did you mean {suggestion!r} (already present in this Condition: merge the keys)?"
        yield Problem(path=op_path, message=message, on_key=True, replacement=replacement)
