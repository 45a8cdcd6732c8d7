"""Helpers for the F2 rules: federated / OIDC / service principals in trust and resource policies,
and the typed-resource-policy tables (iamlint/data/resource_policy_types.json).

Everything here is cheap and cached: compiled regexes are module constants, per-value answers go
through functools.lru_cache.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import FrozenSet, Optional, Tuple

from ..carriers import is_placeholder
from ..catalog import own_data

# Web identity providers that are written as a bare domain name in "Federated" (IAM User Guide,
# "Role trust policies for web identity federation"; reference section 2.2).
WELL_KNOWN_WEB_IDENTITY = frozenset({
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "www.amazon.com",
    "graph.facebook.com",
})
GITHUB_HOST = "token.actions.githubusercontent.com"

ASSUME_ROLE = "sts:assumerole"
ASSUME_SAML = "sts:assumerolewithsaml"
ASSUME_WEB = "sts:assumerolewithwebidentity"
ASSUME_ACTIONS = {ASSUME_ROLE: "sts:AssumeRole", ASSUME_SAML: "sts:AssumeRoleWithSAML", ASSUME_WEB: "sts:AssumeRoleWithWebIdentity"}

# The source keys AWS names as the confused-deputy guard for service principals.
SOURCE_KEYS = ("aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths")

_HOST = re.compile(r"(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+\Z")
_IAM_PROVIDER_ARN = re.compile(r"arn:([a-z-]+):iam::(\d{12}):(saml-provider|oidc-provider)/(.+)\Z")
_ROLE_ARN = re.compile(r"arn:([a-z-]+):iam::(\d{12}):role/(?:.*/)?([^/]+)\Z")
_ASSUMED_ROLE_ARN = re.compile(r"arn:([a-z-]+):sts::(\d{12}):assumed-role/([^/]+)/([^/]+)\Z")
_SAML_NAME = re.compile(r"[\w+=,.@-]{1,128}\Z")
_OIDC_URL = re.compile(r"(?i)[a-z0-9.-]+(?::\d+)?(?:/[^\s/]+)*\Z")


@lru_cache(maxsize=None)
def partitions() -> FrozenSet[str]:
    return frozenset(own_data("partitions")["partitions"])


class Federated:
    """What a Federated principal value is: kind in saml | oidc | web (well-known domain) | domain
    (another host name, accepted by IAM) | invalid. `host` is the OIDC issuer host/path (the
    condition-key prefix) for oidc/web/domain."""

    __slots__ = ("kind", "host", "host_text", "reason", "suggestion")

    def __init__(self, kind: str, host: Optional[str] = None, reason: str = "", suggestion: Optional[str] = None,
                 host_text: Optional[str] = None):
        self.kind = kind
        self.host = host  # lowercase
        self.host_text = host_text or host  # as written
        self.reason = reason
        self.suggestion = suggestion

    @property
    def is_oidc(self) -> bool:
        return self.kind in ("oidc", "web", "domain")


@lru_cache(maxsize=1024)
def classify_federated(value: str) -> Federated:
    if not isinstance(value, str):
        return Federated("invalid", reason="not a string")
    v = value.strip()
    low = v.lower()
    if low.startswith("arn:"):
        m = _IAM_PROVIDER_ARN.match(v)
        if m is None:
            parts = v.split(":", 5)
            if len(parts) == 6 and parts[2] == "iam" and parts[4] and not re.fullmatch(r"\d{12}", parts[4]):
                return Federated("invalid", reason="the account ID of an identity-provider ARN must be 12 digits")
            if len(parts) == 6 and parts[2] in ("iam", "sts") and parts[5].split("/", 1)[0] in ("role", "user", "root", "assumed-role", "federated-user"):
                return Federated("invalid", reason="an IAM or STS identity is an \"AWS\" principal, not \"Federated\"; "
                                 "under Federated name a SAML or OIDC identity provider")
            return Federated("invalid", reason="an ARN here must be a SAML or OIDC identity provider: "
                             "arn:aws:iam::<account>:saml-provider/<name> or arn:aws:iam::<account>:oidc-provider/<host>")
        partition, _acct, kind, name = m.groups()
        if partition not in partitions():
            return Federated("invalid", reason=f"unknown partition {partition!r}")
        if kind == "saml-provider":
            if not _SAML_NAME.match(name):
                return Federated("invalid", reason=f"{name!r} is not a valid SAML provider name")
            return Federated("saml")
        if not _OIDC_URL.match(name):
            return Federated("invalid", reason=f"{name!r} is not an OIDC provider URL without scheme (host[/path])")
        return Federated("oidc", host=name.lower(), host_text=name)
    if low in WELL_KNOWN_WEB_IDENTITY:
        return Federated("web", host=low)
    for scheme in ("https://", "http://"):
        if low.startswith(scheme):
            rest = v[len(scheme):].rstrip("/")
            sugg = rest.lower() if rest.lower() in WELL_KNOWN_WEB_IDENTITY else None
            return Federated("invalid", reason="write the provider without the URL scheme", suggestion=sugg)
    if _HOST.match(v):
        return Federated("domain", host=low, host_text=v)
    return Federated("invalid", reason="expected a domain name (e.g. cognito-identity.amazonaws.com) or an "
                     "identity-provider ARN (arn:aws:iam::<account>:saml-provider/<name> or .../oidc-provider/<host>)")


def key_prefix(key: str) -> str:
    """The part of a condition key before the last ':' ... for OIDC keys, before the claim."""
    return key.rsplit(":", 1)[0].lower() if ":" in key else ""


def claim(key: str) -> str:
    return key.rsplit(":", 1)[1].lower() if ":" in key else ""


@lru_cache(maxsize=1024)
def role_name(arn: str) -> Optional[Tuple[str, str, str]]:
    """(partition, account, role name) of a role ARN."""
    m = _ROLE_ARN.match(arn)
    return (m.group(1), m.group(2), m.group(3)) if m else None


@lru_cache(maxsize=1024)
def assumed_role(arn: str) -> Optional[Tuple[str, str, str]]:
    """(partition, account, role name) of an assumed-role session ARN."""
    m = _ASSUMED_ROLE_ARN.match(arn)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def is_service_principal(value: str) -> bool:
    return isinstance(value, str) and "*" not in value and value.lower().endswith((".amazonaws.com", ".amazonaws.com.cn", ".c2s.ic.gov", ".sc2s.sgov.gov"))


def grants(st, action_lower: str) -> bool:
    """Does the statement's Action list (wildcards included) name `action_lower`?"""
    if st.action is None or st.action.negated:
        return False
    for v in st.action.values:
        low = v.value.lower()
        if low == action_lower:
            return True
        if "*" in low or "?" in low:
            if _wild(low).match(action_lower):
                return True
    return False


@lru_cache(maxsize=1024)
def _wild(pattern: str):
    from ..catalog import wildcard_regex

    return wildcard_regex(pattern)


# -- typed resource policies --------------------------------------------------------------------

@lru_cache(maxsize=None)
def _types() -> dict:
    return {k.lower(): v for k, v in own_data("resource_policy_types")["resource_types"].items()}


def resource_type_info(resource_type: Optional[str]) -> Optional[dict]:
    if not resource_type:
        return None
    return _types().get(resource_type.lower())


def audience_conditions(st):
    """Conditions of a statement on an OIDC provider's `aud` claim (`<host>:aud`)."""
    out = []
    for c in st.conditions:
        low = c.key_lower
        if not low.endswith(":aud"):
            continue
        prefix = low[:-4]
        if "." in prefix and not prefix.startswith("aws") and ":" not in prefix:
            out.append(c)
    return out


# Principal tags that a service principal's own request carries. IAM Roles Anywhere maps the fields
# of the authenticating X.509 certificate to principal tags (x509Subject/<RDN>, x509Issuer/<RDN>,
# x509SAN/<DNS|URI|Name/...>) for the role trust policy to test: IAM Roles Anywhere User Guide,
# "Trust model" and "Attribute mapping and trust policy"
# (https://docs.aws.amazon.com/rolesanywhere/latest/userguide/attribute-mapping-and-trust-policy.html).
SERVICE_PRINCIPAL_TAGS = {
    "rolesanywhere.amazonaws.com": ("aws:principaltag/x509subject/", "aws:principaltag/x509issuer/",
                                    "aws:principaltag/x509san/"),
}


def service_sets_principal_tag(service: str, key_lower: str) -> bool:
    """Does a request made by the service principal `service` carry the principal tag `key_lower`
    (aws:PrincipalTag/..., lowercase)?"""
    return key_lower.startswith(SERVICE_PRINCIPAL_TAGS.get(service.lower(), ()))


WEAK_SOURCE_KEYS = ("aws:referer", "aws:sourceowner", "aws:useragent")


# Condition keys, beyond the aws:Source* keys, that a service sets to the resource it acts for, by
# service (the first label of its principal, e.g. logs.us-east-1.amazonaws.com). CloudWatch Logs
# sets the KMS encryption context aws:logs:arn to the ARN of the log group and recommends a key
# policy condition on it: CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using
# AWS Key Management Service" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
SERVICE_SOURCE_KEYS = {
    "logs": (("kms:EncryptionContext:aws:logs:arn", "the log group"),),
}


def service_source_key_names(service: str) -> Tuple[Tuple[str, str], ...]:
    """(key, what it names) of each service-specific source key of the service principal `service`."""
    return SERVICE_SOURCE_KEYS.get(service.lower().split(".", 1)[0], ())


def service_source_keys(services) -> FrozenSet[str]:
    """The service-specific source keys (lowercase) of the service principal Values `services`."""
    return frozenset(k.lower() for v in services for k, _what in service_source_key_names(v.value))


def service_principal_guard(st):
    """For an Allow statement trusting service principals: (service Values, kind, condition) with kind
    'ok' (an aws:Source* key, or a key the service sets to the resource it acts for:
    SERVICE_SOURCE_KEYS), 'weak' (only aws:Referer / aws:SourceOwner / aws:UserAgent; condition is
    the first such), 'none'. None when the statement grants no service principal."""
    if not st.is_allow or st.principal is None or st.principal.negated:
        return None
    services = [v for v in st.principal.of_type("Service") if is_service_principal(v.value) and not is_placeholder(v.value)]
    if not services:
        return None
    weak = None
    own = service_source_keys(services)
    for c in st.conditions:
        low = c.key_lower
        if low in SOURCE_KEYS or low in own:
            return services, "ok", c
        if weak is None and low in WEAK_SOURCE_KEYS:
            weak = c
    if weak is not None:
        return services, "weak", weak
    return services, "none", None


def service_principal_guards(ctx, kind: str):
    """(statement, service Values, condition) of each statement whose `service_principal_guard` has
    `kind`; none for a role trust policy given as a resource policy (AWS::IAM::AssumeRolePolicyDocument)."""
    if ctx.resource_type and ctx.resource_type.lower() == "aws::iam::assumerolepolicydocument":
        return
    for st in ctx.policy.statements:
        guard = service_principal_guard(st)
        if guard is not None and guard[1] == kind:
            yield st, guard[0], guard[2]


@lru_cache(maxsize=1024)
def allowed_prefix(prefix: str, services: Tuple[str, ...]) -> bool:
    """Does a service prefix (maybe with wildcards) name one of `services`?"""
    low = prefix.lower()
    if "*" in low or "?" in low:
        rx = _wild(low)
        return any(rx.match(s) for s in services)
    return low in services


def audience_conditions_under(ctx, qualifier: str):
    """(condition, operator without the qualifier) of each `aud` condition under `qualifier`
    ("ForAnyValue" / "ForAllValues")."""
    for st in ctx.policy.statements:
        for c in audience_conditions(st):
            if c.operator.qualifier == qualifier:
                yield c, c.operator.text[len(qualifier) + 1:]


# -- the GitHub Actions `sub` claim ---------------------------------------------------------------
# GitHub Docs, "OpenID Connect reference" (subject claims): the default subject is
# "repo:<owner>/<repo>:<context>" (context: "ref:refs/heads/<branch>", "ref:refs/tags/<tag>",
# "environment:<name>", "pull_request"); a repository or organisation that customises its subject
# (include_claim_keys) gets "<claim>:<value>:<claim>:<value>...", built from the token's own claims.
# A value names the owner only when it starts with a claim GitHub fills with that owner (an
# attacker's workflow can put its own repository's values there, never another owner's):
# repo / repository ("<owner>/<repo>"), repository_owner, repository_owner_id, repository_id.
GITHUB_SUB_KEY = GITHUB_HOST + ":sub"
_GH_OWNER_SLASH = re.compile(r"(?:repo|repository):([^/:*?]+)/")
_GH_OWNER_CLAIM = re.compile(r"(?:repository_owner|repository_owner_id|repository_id):([^:*?]+)(:|\Z)")


def _wildcard_at(value: str) -> int:
    """Index of the first `*` or `?` in `value`, -1 when there is none."""
    hits = [i for i in (value.find("*"), value.find("?")) if i >= 0]
    return min(hits) if hits else -1


_UNKNOWN = object()


def _fixed_part(value, like: bool):
    """The part of a subject value every match begins with: the whole value, or, for a Like
    operator, what comes before its first wildcard; None for a value that is not a string,
    _UNKNOWN for one known only per request or at deploy time (a policy variable, a placeholder)."""
    if not isinstance(value, str):
        return None
    if "${" in value or is_placeholder(value):
        return _UNKNOWN
    cut = _wildcard_at(value) if like else -1
    return value[:cut] if cut >= 0 else value


def github_sub_owner(value, like: bool) -> Optional[str]:
    """The repository owner (user or organisation) every GitHub subject matching `value` belongs
    to; "" when that cannot be judged (a policy variable, a value computed at deploy time); None
    when subjects of other owners' repositories match too (`*`, `repo:*`, `repo:octo*`,
    `environment:prod`, `job_workflow_ref:...`)."""
    text = _fixed_part(value, like)
    if text is None or text is _UNKNOWN:
        return None if text is None else ""
    m = _GH_OWNER_SLASH.match(text)
    if m:
        return m.group(1)
    m = _GH_OWNER_CLAIM.match(text)
    if m and (m.group(2) or text == value):
        return m.group(1)
    return None


def _confined(c, judge) -> bool:
    """Does the condition (on a `sub` claim, positive String operator) only match subjects that
    `judge(value, like)` can place (not None)? Every value must: the values of one key are
    alternatives. `IfExists` and the set qualifiers do not matter: the providers checked here put
    `sub` in every token they issue (OpenID Connect requires the claim), so the values are always
    compared. No values: matches nothing."""
    return all(judge(v.value, c.operator.like) is not None for v in c.values)


def _positive(c) -> bool:
    return c.operator.family == "String" and not c.operator.negated


def _deny_confines(ctx, host: str, judge) -> bool:
    """Does a Deny statement refuse sts:AssumeRoleWithWebIdentity to every subject of the provider
    `host` but those `judge` places (its only condition a StringNotEquals/StringNotLike on the `sub`
    claim whose values `judge` each places)?"""
    sub_key = host + ":sub"
    for st in ctx.policy.statements:
        if not st.is_deny or len(st.conditions) != 1 or not grants(st, ASSUME_WEB):
            continue
        p = st.principal
        if p is not None and (p.negated or not (p.is_star or any(
                classify_federated(v.value).host == host for v in p.of_type("Federated")))):
            continue
        c = st.conditions[0]
        if (c.key_lower == sub_key and c.operator.family == "String" and c.operator.negated
                and c.values and _confined(c, judge)):
            return True
    return False


def subject_unconfined(ctx, st, host: str, judge):
    """For an Allow statement trusting the OIDC provider `host` (lowercase): None when a condition
    on its `sub` claim confines the role to subjects `judge(value, like)` places (an owner, a
    namespace), or a Deny statement does; otherwise (condition, value) of the first place to
    report: (None, None) when no condition tests `sub`, (condition, None) when only Null or negated
    operators test it, (condition, Value) for the first value of a positive condition that `judge`
    cannot place."""
    sub_key = host + ":sub"
    subs = [c for c in st.conditions if c.key_lower == sub_key]
    positive = [c for c in subs if _positive(c)]
    if any(_confined(c, judge) for c in positive):
        return None
    memo = ctx.memo.setdefault("trust.deny_confines", {})
    denied = memo.get(host)
    if denied is None:
        denied = memo[host] = _deny_confines(ctx, host, judge)
    if denied:
        return None
    if not subs:
        return None, None
    if not positive:
        return subs[0], None
    c = positive[0]
    for v in c.values:
        if judge(v.value, c.operator.like) is None:
            return c, v
    return c, None  # not reached: a condition without such a value confines


def github_sub_unconfined(ctx, st):
    """subject_unconfined for GitHub's provider: the values must name the repository owner."""
    return subject_unconfined(ctx, st, GITHUB_HOST, github_sub_owner)


# -- the `sub` claim of an EKS cluster's OIDC issuer (IAM roles for service accounts) --------------
# A projected service account token's subject is "system:serviceaccount:<namespace>:<name>"
# (Amazon EKS User Guide, "Assign IAM roles to Kubernetes service accounts": the role's trust
# policy tests <issuer>:sub and <issuer>:aud). Without a `sub` condition naming a namespace, every
# service account of the cluster can assume the role.
_EKS_ISSUER = re.compile(r"oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/id/[^/]+\Z")
_EKS_NAMESPACE = re.compile(r"system:serviceaccount:([^:*?]+):")


def is_eks_issuer(host: Optional[str]) -> bool:
    """Is the OIDC provider `host` (lowercase) an Amazon EKS cluster's issuer?"""
    return bool(host) and _EKS_ISSUER.match(host) is not None


def eks_sub_namespace(value, like: bool) -> Optional[str]:
    """The Kubernetes namespace every subject matching `value` is in; "" when that cannot be judged
    (a policy variable, a value computed at deploy time); None when service accounts of any
    namespace match (`*`, `system:serviceaccount:*`, `system:serviceaccount:pay*`)."""
    text = _fixed_part(value, like)
    if text is None or text is _UNKNOWN:
        return None if text is None else ""
    m = _EKS_NAMESPACE.match(text)
    return m.group(1) if m else None


def claim_left_to_trust_rules(key_lower: str) -> bool:
    """Is the condition key the `sub` claim of GitHub's provider or of an EKS issuer, whose values
    IAM534 / IAM533 judge (a `"*"` there is a role open to everyone, not a style matter)?"""
    if key_lower == GITHUB_SUB_KEY:
        return True
    return key_lower.endswith(":sub") and is_eks_issuer(key_lower[:-4])


def _names(value: str, singular: str, plural: str, of: str) -> str:
    """How a message names what a name pattern matches: "any branch of o/r", "the branch main of
    o/r", "the branches of o/r under release/", "the environments of o/r whose name starts with
    'prod'"."""
    w = _wildcard_at(value)
    if w < 0:
        return f"the {singular} {value} of {of}"
    if value == "*":
        return f"any {singular} of {of}"
    if w == len(value) - 1 and value.endswith("*"):
        prefix = value[:-1]
        if prefix.endswith("/"):
            return f"the {plural} of {of} under {prefix}"
        return f"the {plural} of {of} whose name starts with {prefix!r}"
    return f"the {plural} of {of} whose name matches {value!r}"


def _context(pattern: str, of: str) -> str:
    """What a pattern for the context part of a subject ("ref:refs/heads/main", ...) matches."""
    if pattern == "*":
        return f"any branch, tag, environment or pull request of {of}"
    for head, singular, plural in (("ref:refs/heads/", "branch", "branches"), ("ref:refs/tags/", "tag", "tags"),
                                   ("environment:", "environment", "environments")):
        if pattern.startswith(head) and pattern != head:
            return _names(pattern[len(head):], singular, plural, of)
    if pattern in ("ref:*", "ref:refs/*"):
        return f"any branch or tag of {of}"
    if pattern == "pull_request":
        return f"the pull requests of {of}"
    return f"the workflows of {of} whose context matches {pattern!r}"


def describe_github_sub(value: str) -> str:
    """What a `sub` pattern naming one owner lets assume the role, in words: "every repository of
    octo-org", "the environments whose name starts with 'prod' of octo-org/app", "the branches
    under release/ of octo-org/app"."""
    m = _GH_OWNER_SLASH.match(value)
    if m is None:
        m2 = _GH_OWNER_CLAIM.match(value)
        if m2 is not None and value[m2.end():] == "*":
            return f"workflows of every repository of {m2.group(1)}"
        return f"the workflows whose subject matches {value!r}"
    owner = m.group(1)
    rest = value[m.end():]
    colon = rest.find(":")
    w = _wildcard_at(rest)
    repo = rest if colon < 0 else rest[:colon]
    if w >= 0 and (colon < 0 or w < colon):
        if repo == "*":
            repos = f"every repository of {owner}"
        elif w == len(repo) - 1:
            repos = f"the repositories of {owner} whose name starts with {repo[:-1]!r}"
        else:
            repos = f"the repositories of {owner} whose name matches {repo!r}"
        if colon < 0:
            return f"workflows of {repos}"
        return _context(rest[colon + 1:], repos)
    return _context(rest[colon + 1:], f"{owner}/{repo}")
