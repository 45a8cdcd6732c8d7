"""A role trust policy that lets another account assume the role without `sts:ExternalId`.

## What it does
Reports an `Allow` statement of a role trust policy that allows `sts:AssumeRole` to an account
principal (a 12-digit account ID or `arn:<partition>:iam::<account>:root`) when that account is
known not to be the role's own and no strong condition on `sts:ExternalId` is present.

The role's own account is known from:
- the `own_accounts` option (your accounts: an account listed there never needs an external ID,
  and any other account is a third party);
- the trust policy itself: an IAM OIDC or SAML provider it trusts
  (`arn:aws:iam::111122223333:oidc-provider/...`) is in the role's own account.

When neither tells, nothing is reported: trusting your own account (`{"AWS":
"111122223333"}`, the usual way to let the account's IAM policies decide) needs no external ID,
and iamlint cannot tell your accounts from a vendor's. `role-trusts-whole-account` (IAM635) still
reports the trust of a whole account. Statements that restrict the caller otherwise are left
alone: a strong condition on `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths` (same organization),
`aws:PrincipalArn`, or `aws:MultiFactorAuthPresent` = true (a person signing in with MFA, for whom
an external ID means nothing). One finding per statement, at the first foreign account principal;
the others are named in the message.

## Why is this bad?
A role that a third party (a SaaS vendor, a monitoring service) assumes on your behalf needs an
external ID: without it, any other customer of that vendor can ask the vendor to assume *your*
role (the confused-deputy problem). An external ID is for third parties only; for your own
accounts it is not needed, which is why the rule needs to know which accounts are yours.

## Example
With `own_accounts = ["111122223333"]`:
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole",
 "Condition": {"StringEquals": {"sts:ExternalId": "7c2b4f0e-unique-per-customer"}}}
```

## Options
In `[tool.iamlint.rules.cross-account-trust-without-external-id]`:
- `own_accounts`: the 12-digit IDs of your accounts (for example every account of your
  organization). Trusting one of them never needs an external ID; trusting any other account
  without one is reported. Example: `own_accounts = ["111122223333", "444455556666"]`.

## References
- Access Analyzer: none (iamlint least-privilege analysis)
- IAM User Guide, The confused deputy problem; Access to AWS accounts owned by third parties
  (external ID: "a third party", not your own accounts)
- IAM User Guide, Create an OpenID Connect (OIDC) identity provider / SAML identity provider
  (the provider is created in, and trusted by roles of, the same account)
"""

import re

from ..carriers import is_placeholder
from ..grants import STRONG, judge_condition, level_counts, most_sensitive, statement_actions
from ..model import PolicyType, Problem, Severity

CODE = "IAM612"
NAME = "cross-account-trust-without-external-id"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.TRUST}
OPTIONS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "own_accounts": {"type": "array", "items": {"type": "string", "pattern": r"^\d{12}$"}},
    },
}

_ACCOUNT = re.compile(r"(?:\d{12}|arn:[a-z-]+:iam::\d{12}:root)\Z")
_ACCOUNT_ID = re.compile(r"\d{12}")
_PROVIDER = re.compile(r"arn:[a-z-]+:iam::(\d{12}):(?:oidc|saml)-provider/")
EXEMPT = ("sts:externalid", "aws:principalorgid", "aws:principalorgpaths", "aws:principalarn")


def _allows_assume_role(st, catalog) -> bool:
    if st.action is None or st.action.negated:
        return st.action is not None
    for v in st.action.values:
        if any(a.service == "sts" and a.name == "AssumeRole" for a in catalog.expand(v.value)):
            return True
    return False


def own_accounts(ctx):
    """(account IDs known to be the role's own, what says so): the option, else the accounts of the
    IAM identity providers the policy trusts (empty: unknown)."""
    configured = ctx.options(NAME).get("own_accounts")
    if configured:
        return frozenset(configured), "own_accounts"
    found = set()
    for st in ctx.policy.statements:
        if st.principal is None or st.principal.negated:
            continue
        for v in st.principal.of_type("Federated"):
            m = _PROVIDER.match(v.value) if isinstance(v.value, str) else None
            if m:
                found.add(m.group(1))
    return frozenset(found), "the identity provider this policy trusts"


def check(ctx):
    own, source = None, None
    for st in ctx.policy.statements:
        p = st.principal
        if not st.is_allow or p is None or p.negated:
            continue
        accounts = [v for t, v in p.entries if t == "AWS" and isinstance(v.value, str) and _ACCOUNT.match(v.value)]
        if not accounts or not _allows_assume_role(st, ctx.catalog):
            continue
        if own is None:
            own, source = own_accounts(ctx)
        if not own:
            return  # the role's own account is unknown: any of these may be it
        # a computed account (a parameter, a variable) is not known to be foreign
        foreign = [v for v in accounts if _ACCOUNT_ID.search(v.value).group(0) not in own
                   and not (is_placeholder(v.value) and not v.value.literal(*_ACCOUNT_ID.search(v.value).span()))]
        if not foreign:
            continue
        verdicts = [judge_condition(c, "Allow") for c in st.conditions]
        if any(v.strength == STRONG and (v.condition.key_lower in EXEMPT or v.condition.key_lower == "aws:multifactorauthpresent")
               for v in verdicts):
            continue
        first = foreign[0]
        ids = [_ACCOUNT_ID.search(v.value).group(0) for v in foreign]
        msg = f"account {ids[0]} may assume this role without an external ID"
        if len(ids) > 1:
            msg += f" (so may {', '.join(ids[1:])})"
        mine = ", ".join(sorted(own))
        msg += (f" and is not the role's own account ({mine}, from {source}); if it is a third party, require "
                'the ID it gave you: "Condition": {"StringEquals": {"sts:ExternalId": "..."}}')
        level = most_sensitive(level_counts(statement_actions(st, ctx.catalog)))
        yield Problem(path=first.path, message=msg, access_level=level)
