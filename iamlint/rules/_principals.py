"""Principal values: what a string in `Principal` / `NotPrincipal` is (group F1; F2 imports it).

`classify(value)` (cached) returns a `PrincipalInfo` with a `kind` from the constants below and,
where the value is an ARN, its partition and account. Only the shape is checked here: whether
the value is allowed under its principal type (`AWS`, `Service`, ...) is for the rules to decide,
using `AWS_KINDS` / `FEDERATED_KINDS` / `expected_type(kind)`.

Facts used (IAM User Guide, "AWS JSON policy elements: Principal"; Access Analyzer reference,
INVALID_ROLE_REFERENCE / INVALID_USER_REFERENCE): AWS principals are `*`, a 12-digit account ID,
an account root, IAM user or role ARN, an STS assumed-role session or federated-user ARN (and the
legacy CloudFront origin access identity user); Federated principals are an OIDC or SAML provider
ARN or one of the web identity providers' domain names; service principals are DNS names under
amazonaws.com (amazonaws.com.cn in China); canonical users are 64 hex digits; unique IDs of roles
start AROA and of users AIDA.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional, Tuple

from ..carriers import is_placeholder
from ..catalog import own_data
from ..model import PolicyType

PRINCIPAL_TYPES = ("AWS", "Federated", "Service", "CanonicalUser")

# kinds
STAR = "star"
ACCOUNT_ID = "account-id"
ACCOUNT_ROOT = "account-root"
IAM_USER = "iam-user"
IAM_ROLE = "iam-role"
ASSUMED_ROLE = "assumed-role"
FEDERATED_USER = "federated-user"
CLOUDFRONT_OAI = "cloudfront-oai"
IAM_GROUP = "iam-group"  # never a valid principal
SERVICE = "service"
CANONICAL_USER = "canonical-user"
OIDC_PROVIDER = "oidc-provider"
SAML_PROVIDER = "saml-provider"
WEB_IDENTITY_DOMAIN = "web-identity-domain"  # accounts.google.com, cognito-identity.amazonaws.com, ...
ROLE_UNIQUE_ID = "role-unique-id"
USER_UNIQUE_ID = "user-unique-id"
IAM_ARN_OTHER = "iam-arn-other"  # arn:...:iam/sts:... that is none of the above
ARN_OTHER = "arn-other"  # an ARN of another service
WILDCARD = "wildcard"  # contains * or ? but is not exactly "*"
VARIABLE = "variable"  # contains ${...}
UNKNOWN = "unknown"

AWS_KINDS = frozenset({STAR, ACCOUNT_ID, ACCOUNT_ROOT, IAM_USER, IAM_ROLE, ASSUMED_ROLE, FEDERATED_USER, CLOUDFRONT_OAI})
FEDERATED_KINDS = frozenset({OIDC_PROVIDER, SAML_PROVIDER, WEB_IDENTITY_DOMAIN})
UNIQUE_ID_KINDS = frozenset({ROLE_UNIQUE_ID, USER_UNIQUE_ID})

# The domain names the IAM User Guide lists for web identity federation without an IAM OIDC provider.
WEB_IDENTITY_DOMAINS = frozenset({
    "cognito-identity.amazonaws.com", "accounts.google.com", "www.amazon.com", "graph.facebook.com",
})

_NAME = r"[\w+=,.@-]+"
_PATH_NAME = r"/(?:[\x21-\x7e]*/)?[\w+=,.@-]+"  # /, an optional path/, then a name
_ARN = re.compile(r"arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)\Z", re.S)
_ACCOUNT = re.compile(r"\d{12}\Z")
_IAM_RESOURCE = {
    IAM_USER: re.compile(r"user" + _PATH_NAME + r"\Z"),
    IAM_ROLE: re.compile(r"role" + _PATH_NAME + r"\Z"),
    IAM_GROUP: re.compile(r"group" + _PATH_NAME + r"\Z"),
    OIDC_PROVIDER: re.compile(r"oidc-provider/[^\s/][^\s]*\Z"),
    SAML_PROVIDER: re.compile(r"saml-provider/[\w+=,.@-]+\Z"),
}
_STS_RESOURCE = {
    ASSUMED_ROLE: re.compile(r"assumed-role/" + _NAME + "/" + _NAME + r"\Z"),
    FEDERATED_USER: re.compile(r"federated-user/" + _NAME + r"\Z"),
}
_OAI = re.compile(r"arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity [A-Z0-9]+\Z")
_SERVICE = re.compile(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?\Z")
_SERVICE_LOOSE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*\.(?:amazonaws\.com(?:\.cn)?|amazon\.com)\Z", re.I)
_CANONICAL = re.compile(r"[0-9a-fA-F]{64}\Z")
_ROLE_ID = re.compile(r"AROA[A-Z0-9]{12,}\Z")
_USER_ID = re.compile(r"AIDA[A-Z0-9]{12,}\Z")


class PrincipalInfo(NamedTuple):
    kind: str
    partition: Optional[str] = None
    account: Optional[str] = None
    detail: Optional[str] = None  # a short reason for odd shapes (e.g. "account '1234' is not 12 digits")


@lru_cache(maxsize=None)
def partitions() -> frozenset:
    return frozenset(own_data("partitions")["partitions"])


def wildcard_span(value: str) -> Optional[Tuple[int, int]]:
    """(start, end) of the first `*` or `?` of a value that is not exactly "*"; None if none."""
    if value == "*":
        return None
    for i, c in enumerate(value):
        if c == "*" or c == "?":
            return (i, i + 1)
    return None


@lru_cache(maxsize=4096)
def classify(value: str) -> PrincipalInfo:
    if value == "*":
        return PrincipalInfo(STAR)
    if "${" in value:
        return PrincipalInfo(VARIABLE)
    if "*" in value or "?" in value:
        return PrincipalInfo(WILDCARD)
    if _ACCOUNT.match(value):
        return PrincipalInfo(ACCOUNT_ID, account=value)
    if value.startswith("arn:"):
        return _classify_arn(value)
    if _ROLE_ID.match(value):
        return PrincipalInfo(ROLE_UNIQUE_ID)
    if _USER_ID.match(value):
        return PrincipalInfo(USER_UNIQUE_ID)
    if _CANONICAL.match(value):
        return PrincipalInfo(CANONICAL_USER)
    if value in WEB_IDENTITY_DOMAINS:
        return PrincipalInfo(WEB_IDENTITY_DOMAIN)
    if _SERVICE.match(value) or _SERVICE_LOOSE.match(value):
        return PrincipalInfo(SERVICE)
    if value.isdigit():
        return PrincipalInfo(UNKNOWN, detail=f"an account ID has 12 digits, {value!r} has {len(value)}")
    return PrincipalInfo(UNKNOWN)


def _classify_arn(value: str) -> PrincipalInfo:
    if _OAI.match(value):
        return PrincipalInfo(CLOUDFRONT_OAI, "aws", "cloudfront")
    m = _ARN.match(value)
    if m is None:
        return PrincipalInfo(ARN_OTHER, detail="an ARN has six colon-separated parts: arn:partition:service:region:account:resource")
    partition, service, region, account, resource = m.groups()
    if service not in ("iam", "sts"):
        return PrincipalInfo(ARN_OTHER, partition, account, detail=f"{service!r} ARNs are not principals")
    problems = []
    if partition not in partitions():
        problems.append(f"unknown partition {partition!r}")
    if region:
        problems.append(f"{service} ARNs have no Region (found {region!r})")
    if not _ACCOUNT.match(account):
        problems.append(f"account {account!r} is not 12 digits" if account else "the account ID is missing")
    if service == "iam":
        if resource == "root":
            kind = ACCOUNT_ROOT
        else:
            kind = next((k for k, rx in _IAM_RESOURCE.items() if rx.match(resource)), IAM_ARN_OTHER)
    else:
        kind = next((k for k, rx in _STS_RESOURCE.items() if rx.match(resource)), IAM_ARN_OTHER)
    if kind == IAM_ARN_OTHER:
        problems.append(f"{resource!r} is not a principal ({service} principals are " + ("root, user/NAME or role/NAME" if service == "iam" else "assumed-role/ROLE/SESSION or federated-user/NAME") + ")")
    if problems:
        return PrincipalInfo(IAM_ARN_OTHER, partition, account, detail="; ".join(problems))
    return PrincipalInfo(kind, partition, account)


def expected_type(kind: str) -> Optional[str]:
    """The principal type a value of this kind belongs under (None: no valid type)."""
    if kind in AWS_KINDS or kind in UNIQUE_ID_KINDS:
        return "AWS"
    if kind in FEDERATED_KINDS:
        return "Federated"
    if kind == SERVICE:
        return "Service"
    if kind == CANONICAL_USER:
        return "CanonicalUser"
    return None


def is_trust_policy(ctx) -> bool:
    """A role trust policy: --type trust, or a resource policy typed AWS::IAM::AssumeRolePolicyDocument."""
    return ctx.policy_type is PolicyType.TRUST or (
        ctx.policy_type is PolicyType.RESOURCE and ctx.resource_type == "AWS::IAM::AssumeRolePolicyDocument"
    )


# -- RCP condition-key companions (RCP_MISSING_*) ---------------------------------------------
# Keys that describe the calling principal: AWS's RCP data-perimeter examples pair them with
# `"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}` so that AWS service principals (which
# carry none of them) are not denied.
RCP_PRINCIPAL_KEYS = frozenset({"aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths"})
RCP_PRINCIPAL_KEY_PREFIXES = ("aws:principaltag/",)
# Keys only present when a service principal acts on behalf of a resource: paired with
# `aws:PrincipalIsAWSService = true` and guarded by `"Null": {"aws:SourceAccount": "false"}`.
RCP_SERVICE_KEYS = frozenset({"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"})


def is_principal_property_key(key_lower: str) -> bool:
    return key_lower in RCP_PRINCIPAL_KEYS or key_lower.startswith(RCP_PRINCIPAL_KEY_PREFIXES)


def _truths(value) -> tuple:
    """The truth values a condition value may have: a computed one (a template's placeholder)
    may be either."""
    return ("true", "false") if is_placeholder(value) else (str(value).lower(),)


def principal_is_aws_service_values(st) -> set:
    """'true'/'false' values a statement requires of aws:PrincipalIsAWSService with Bool/BoolIfExists."""
    out = set()
    for c in st.conditions:
        if c.key_lower == "aws:principalisawsservice" and c.operator.base == "Bool" and c.operator.qualifier is None:
            for v in c.values:
                out.update(_truths(v.value))
    return out


def null_false_keys(st) -> set:
    """Lowercase keys the statement requires to be present (`"Null": {key: "false"}`)."""
    out = set()
    for c in st.conditions:
        if c.operator.base == "Null" and c.operator.qualifier is None and not c.operator.if_exists:
            if any("false" in _truths(v.value) for v in c.values):
                out.add(c.key_lower)
    return out


def principal_entries(ctx):
    """(principal type, value) of every Principal / NotPrincipal entry of the policy."""
    for st in ctx.policy.statements:
        p = st.principal
        if p is None:
            continue
        yield from p.entries


def principal_values_of_kind(ctx, kind: str):
    """The principal values of the policy that `classify` puts in `kind`."""
    for _ptype, v in principal_entries(ctx):
        if classify(v.value).kind == kind:
            yield v


def unguarded_rcp_source_conditions(ctx, guarded):
    """The RCP conditions on a service key (aws:SourceAccount, ...; not under Null) of each
    statement for which `guarded(statement)` is false."""
    for st in ctx.policy.statements:
        if not st.conditions:
            continue
        used = [c for c in st.conditions if c.key_lower in RCP_SERVICE_KEYS and c.operator.base != "Null"]
        if not used or guarded(st):
            continue
        yield from used
