"""A role's trust policy trusts a whole account without a condition.

## What it does
Reports `Allow` statements of role trust policies whose `Principal` is an account
(`{"AWS": "arn:aws:iam::123456789012:root"}` or `{"AWS": "123456789012"}`) with no condition that
narrows who may assume the role (e.g. `aws:PrincipalArn`, `aws:PrincipalTag/...`,
`sts:ExternalId`, `aws:MultiFactorAuthPresent` = true). Points at the principal value.

Whether the account is the role's own or a third party's is not in the policy (see
`cross-account-trust-without-external-id`, IAM612, which reports a missing `sts:ExternalId` only
for accounts known to be foreign): the message also reminds that a third party's account needs
`sts:ExternalId`.

## Why is this bad?
Trusting the account root delegates the decision to the identity policies of that account: every
user or role there that is allowed `sts:AssumeRole` on `*` (common in developer and CI policies)
can become this role. If the role is more privileged than they are, that is a privilege
escalation path.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/deployer"}, "Action": "sts:AssumeRole"}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- AWS IAM User Guide, "Specifying a principal" (AWS account principals delegate to the account's
  identity policies)
- Bishop Fox iam-vulnerable, tool-testing/privesc-permissive-role-trust.tf
"""

import re

from ..carriers import written_between
from ..grants import judge_condition, STRONG
from ..model import PolicyType, Problem, Severity

CODE = "IAM635"
NAME = "role-trusts-whole-account"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.TRUST}

_ACCOUNT = re.compile(r"(?:arn:aws[a-z-]*:iam::(\d{12}):root|(\d{12}))\Z")


def check(ctx):
    for st in ctx.policy.statements:
        if not st.is_allow or st.principal is None or st.principal.negated or st.action is None:
            continue
        if not any(isinstance(v.value, str) and v.value.lower().startswith("sts:assumerole") for v in st.action.values):
            continue
        if any(judge_condition(c, "Allow").strength == STRONG for c in st.conditions):
            continue
        for v in st.principal.of_type("AWS"):
            m = _ACCOUNT.match(v.value) if isinstance(v.value, str) else None
            if m is None:
                continue
            g = 1 if m.group(1) else 2
            account = written_between(v.value, m.start(g), m.end(g))  # a computed account as written
            yield Problem(
                path=v.path,
                message=(f"trusts every principal of account {account} whose own policy allows sts:AssumeRole "
                         "on this role; name the roles or users that need it (or require aws:PrincipalArn), and "
                         "if the account is a third party's, require sts:ExternalId"),
                risk="privilege-escalation",
                access_level="Permissions management",
            )
