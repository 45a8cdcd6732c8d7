"""A role trust policy that lets another account assume the role without `sts:ExternalId`.

## What it does
Reports an `Allow` statement of a role trust policy that allows `sts:AssumeRole` to an account
principal (a 12-digit account ID or `arn:<partition>:iam::<account>:root`) when no strong condition
on `sts:ExternalId` is present. Statements that restrict the caller otherwise are left alone:
a strong condition on `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths` (same organization),
`aws:PrincipalArn`, or `aws:MultiFactorAuthPresent` = true (a person signing in with MFA, for whom
an external ID means nothing). One finding per statement, at the first account principal; the
others are named in the message.

## Why is this bad?
A role that a third party (a SaaS vendor, a monitoring service) assumes on your behalf needs an
external ID: without it, any other customer of that vendor can ask the vendor to assume *your*
role (the confused-deputy problem). This is a judgement call (warning): for your own accounts an
external ID is not needed, and iamlint cannot tell which accounts are yours.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole",
 "Condition": {"StringEquals": {"sts:ExternalId": "7c2b4f0e-unique-per-customer"}}}
```

## References
- Access Analyzer: none (iamlint least-privilege analysis)
- IAM User Guide, The confused deputy problem; How to use an external ID when granting access to your AWS resources to a third party
"""

import re

from ..grants import STRONG, judge_condition, level_counts, most_sensitive, statement_actions
from ..model import PolicyType, Problem, Severity

CODE = "IAM612"
NAME = "cross-account-trust-without-external-id"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.TRUST}

_ACCOUNT = re.compile(r"(?:\d{12}|arn:[a-z-]+:iam::\d{12}:root)\Z")
_ACCOUNT_ID = re.compile(r"\d{12}")
EXEMPT = ("sts:externalid", "aws:principalorgid", "aws:principalorgpaths", "aws:principalarn")


def _allows_assume_role(st, catalog) -> bool:
    if st.action is None or st.action.negated:
        return st.action is not None
    for v in st.action.values:
        if any(a.service == "sts" and a.name == "AssumeRole" for a in catalog.expand(v.value)):
            return True
    return False


def check(ctx):
    for st in ctx.policy.statements:
        p = st.principal
        if not st.is_allow or p is None or p.negated:
            continue
        accounts = [v for t, v in p.entries if t == "AWS" and _ACCOUNT.match(v.value)]
        if not accounts or not _allows_assume_role(st, ctx.catalog):
            continue
        verdicts = [judge_condition(c, "Allow") for c in st.conditions]
        if any(v.strength == STRONG and (v.condition.key_lower in EXEMPT or v.condition.key_lower == "aws:multifactorauthpresent")
               for v in verdicts):
            continue
        first = accounts[0]
        ids = [_ACCOUNT_ID.search(v.value).group(0) for v in accounts]
        msg = f"account {ids[0]} may assume this role without an external ID"
        if len(ids) > 1:
            msg += f" (so may {', '.join(ids[1:])})"
        msg += ('; if it is a third party, require the ID it gave you: '
                '"Condition": {"StringEquals": {"sts:ExternalId": "..."}}')
        level = most_sensitive(level_counts(statement_actions(st, ctx.catalog)))
        yield Problem(path=first.path, message=msg, access_level=level)
