"""An `sts:AssumeRole*` action that does not fit the trusted principal.

## What it does
In a role trust policy, checks that each of `sts:AssumeRole`, `sts:AssumeRoleWithSAML` and
`sts:AssumeRoleWithWebIdentity` fits a principal of its statement: a SAML provider
(`saml-provider/...`) is assumed with `sts:AssumeRoleWithSAML`, an OIDC or web identity provider
(`oidc-provider/...`, `cognito-identity.amazonaws.com`, `accounts.google.com`, ...) with
`sts:AssumeRoleWithWebIdentity`, and `AWS` and `Service` principals with `sts:AssumeRole`.
An action is reported only when it fits none of the statement's principals; wildcards
(`sts:AssumeRole*`) and `sts:TagSession` / `sts:SetSourceIdentity` are never reported.

## Why is this bad?
Access Analyzer rejects the combination as an error, and STS never evaluates it: the federated
users cannot assume the role (the intended access silently does not work).

## Example
```json
{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
 "Action": ["sts:AssumeRole", "sts:TagSession"]}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
 "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
 "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:1234abcd-..."}}}
```

## Fix
The fitting action is an unsafe fix (applied by `--fix` only with `--unsafe-fixes`): the action
as written lets no one assume the role, the fixed one lets the principal in; and for `AWS` or
`Service` principals the principal, not the action, may be what is wrong.

## References
- Access Analyzer: MISMATCHED_ACTION_FOR_PRINCIPAL
- IAM User Guide, Creating a role for web identity or OpenID Connect federation / for SAML 2.0 federation
"""

from ..carriers import is_placeholder
from ..model import PolicyType, Problem, Replacement, Severity
from ._trust import ASSUME_ACTIONS, ASSUME_ROLE, ASSUME_SAML, ASSUME_WEB, classify_federated

CODE = "IAM531"
NAME = "mismatched-action-for-principal"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISMATCHED_ACTION_FOR_PRINCIPAL"
POLICY_TYPES = {PolicyType.TRUST}


def _fitting(st):
    """{assume action -> description of a principal it fits} for the statement's principals."""
    fits = {}
    for ptype, v in st.principal.entries:
        if is_placeholder(v.value) or is_placeholder(ptype):
            return None  # computed at deploy time: which provider is not known
        if ptype in ("AWS", "Service", "CanonicalUser"):
            fits.setdefault(ASSUME_ROLE, f"{ptype} principal {v.value!r}")
        elif ptype == "Federated":
            fed = classify_federated(v.value)
            if fed.kind == "saml":
                fits.setdefault(ASSUME_SAML, f"SAML provider {v.value!r}")
            elif fed.is_oidc:
                fits.setdefault(ASSUME_WEB, f"web identity (OIDC) provider {v.value!r}")
            else:
                return None  # an invalid or wildcard Federated value: other rules
        else:
            return None
    return fits


def check(ctx):
    for st in ctx.policy.statements:
        if st.principal is None or not st.principal.entries or st.action is None or st.action.negated:
            continue
        if any("*" in v.value or "?" in v.value for _t, v in st.principal.entries):
            continue
        fits = None
        for v in st.action.values:
            low = v.value.lower()
            if low not in ASSUME_ACTIONS or is_placeholder(v.value):
                continue
            if fits is None:
                fits = _fitting(st)
                if fits is None:
                    break
            if low in fits or not fits:
                continue
            principals = "; ".join(fits.values())
            wanted = [ASSUME_ACTIONS[a] for a in fits]
            message = f"{v.value} cannot be used with the {principals}: use {' or '.join(wanted)}"
            replacement = None
            if len(wanted) == 1 and not any(x.value.lower() == wanted[0].lower() for x in st.action.values):
                # never safe: the written action lets no one assume the role, the fixed one lets the
                # principal in (and for AWS/Service principals the principal may be what is wrong)
                replacement = Replacement(f"Change to {wanted[0]}", wanted[0], safe=False)
            yield Problem(path=v.path, message=message, replacement=replacement)
