"""A wildcard that is not at the end of an SCP action (opt-in: probably obsolete).

## What it does
Reports an `Action` or `NotAction` entry of an SCP with a `*` anywhere but at the very end, or
with a `?` (e.g. `iam:*Role`, `s3:Get?bject`). The rule is off by default: enable it with
`--extend-select IAM503` if your organization's tooling still expects the old SCP grammar.

## Why is this bad?
SCPs used to accept a wildcard only at the end of an action name, and Access Analyzer still lists
this check. Since September 2025 SCPs accept the full IAM policy language, wildcards anywhere
included, so this is very likely obsolete: it only matters for tools or processes that validate
SCPs against the old grammar.

## Example
```json
{"Effect": "Deny", "Action": "iam:*Role", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Deny", "Action": ["iam:CreateRole", "iam:DeleteRole"], "Resource": "*"}
```

## References
- Access Analyzer: SCP_SYNTAX_ERROR_ACTION_WILDCARD
- AWS Organizations User Guide, SCP syntax; AWS Security Blog (Sept 2025) on full IAM language support in SCPs
"""

from ..model import PolicyType, Problem, Severity

CODE = "IAM503"
NAME = "scp-action-wildcard-not-at-end"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "SCP_SYNTAX_ERROR_ACTION_WILDCARD"
POLICY_TYPES = {PolicyType.SCP}
DEFAULT = False


def check(ctx):
    for st in ctx.policy.statements:
        if st.action is None:
            continue
        for v in st.action.values:
            text = v.value
            if "?" not in text and "*" not in text[:-1]:
                continue
            i = next(i for i, c in enumerate(text) if c == "?" or (c == "*" and i < len(text) - 1))
            yield Problem(
                path=v.path,
                span=(i, i + 1),
                message=f"{text!r}: the old SCP grammar accepts a wildcard only as a trailing '*' "
                "(SCPs accept wildcards anywhere since September 2025)",
            )
