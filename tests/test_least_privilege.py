"""Least-privilege rules of group L1 (IAM601-IAM612) and iamlint.grants, on hand-written and real policies."""

import json
import pathlib
import re

import pytest

from iamlint.catalog import default as default_catalog
from iamlint.config import Config
from iamlint.engine import lint
from iamlint.grants import counts_text, level_of, policy_grants
from iamlint.model import PolicyType
from iamlint.policy import build

CORPUS = pathlib.Path("/work/shared/corpus")
L1 = tuple(f"IAM6{n:02d}" for n in range(1, 13))
SENSITIVE = {"Permissions management", "Write", "Tagging"}


def run(doc, *codes, **config):
    text = doc if isinstance(doc, str) else json.dumps(doc)
    return lint(text, filename="p.json", config=Config(select=codes or L1, **config))


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def codes(findings):
    return sorted(f.code for f in findings)


# -- grants -------------------------------------------------------------------------------------

def test_grants_levels_scope_and_deny():
    view = build(policy(allow(["iam:AttachRolePolicy", "iam:GetRole", "iam:TagRole"]),
                        {"Effect": "Deny", "Action": "iam:GetRole", "Resource": "*"}))
    (g,) = policy_grants(view, default_catalog())
    assert g.resource_scope == "all"
    assert [a.full_name for a in g.denied] == ["iam:GetRole"]
    assert set(g.by_level) == {"Permissions management", "Tagging"}
    assert g.most_sensitive_level == "Permissions management"


def test_tagging_actions_count_as_tagging():
    a = default_catalog().action("iam:TagRole")
    assert level_of(a) == "Tagging"
    assert counts_text({"Write": 2, "Read": 1}) == "2 Write and 1 Read actions"


def test_notaction_expansion_is_cached():
    cat = default_catalog()
    st = policy({"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"})
    g1 = policy_grants(build(st), cat)[0]
    g2 = policy_grants(build(st), cat)[0]
    assert g1.actions is g2.actions and len(g1.actions) > 10000


# -- rules on small policies ----------------------------------------------------------------------

def test_full_admin_and_its_forms():
    f = run(policy(allow("*")))
    assert codes(f) == ["IAM601"]
    assert f[0].risk == "privilege-escalation" and f[0].access_level == "Permissions management"
    assert codes(run(policy({"Effect": "Allow", "NotAction": "nosuch:*", "Resource": "*"}))) == ["IAM601"]
    # a Deny that takes actions back: no longer full admin, the wildcard is reported instead
    f = run(policy(allow("*"), {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}), "IAM601", "IAM604")
    assert codes(f) == ["IAM604"] and "after the Deny" in f[0].message


def test_service_wide_wildcard_names_levels():
    (f,) = run(policy(allow("s3:*")), "IAM604")
    assert f.message.startswith("s3:* grants ") and "Permissions management" in f.message
    assert f.access_level == "Permissions management"
    assert run(policy(allow("s3:Get*")), "IAM604") == []


def test_not_action_and_not_resource():
    f = run(policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}), "IAM602")
    assert len(f) == 1 and "including future ones" in f[0].message
    f = run(policy({"Effect": "Allow", "Action": "s3:PutObject", "NotResource": "arn:aws:s3:::x/*"}), "IAM603")
    assert len(f) == 1 and f[0].access_level == "Write"


def test_deny_statements_never_produce_least_privilege_findings():
    doc = policy({"Effect": "Deny", "Action": "*", "Resource": "*"},
                 {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::x"},
                 {"Effect": "Deny", "Action": ["s3:*", "iam:AttachRolePolicy"], "Resource": "*"})
    assert run(doc, "IAM601", "IAM602", "IAM603", "IAM604", "IAM605", "IAM606") == []


def test_star_only_actions_never_over_broad_resource():
    assert run(policy(allow(["xray:PutTraceSegments", "sts:GetCallerIdentity", "ec2:DescribeInstances"])), "IAM605") == []
    (f,) = run(policy(allow(["xray:PutTraceSegments", "s3:PutObject"])), "IAM605")
    assert "s3:PutObject" in f.message and "xray" not in f.message


def test_missing_condition_strong_vs_weak():
    action = ["iam:AttachRolePolicy", "iam:CreateRole"]
    assert codes(run(policy(allow(action)), "IAM606")) == ["IAM606"]
    weak = allow(action, Condition={"StringNotEquals": {"iam:PermissionsBoundary": "arn:aws:iam::1:policy/b"}})
    (f,) = run(policy(weak), "IAM606")
    assert "StringNotEquals" in f.message
    for cond in ({"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/B"}},
                 {"StringEquals": {"aws:ResourceTag/team": "web"}},
                 {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}},
                 {"Bool": {"aws:MultiFactorAuthPresent": "true"}}):
        assert run(policy(allow(action, Condition=cond)), "IAM606") == [], cond
    assert run(policy(allow(action, "arn:aws:iam::111122223333:role/app-*")), "IAM606") == []
    bad_mfa = allow(action, Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}})
    assert codes(run(policy(bad_mfa), "IAM606")) == ["IAM606"]


def test_missing_condition_options():
    doc = policy(allow("s3:PutObject"))
    assert run(doc, "IAM606") == []
    opts = {"sensitive-access-without-condition": {"required_conditions": {"Write": ["aws:ResourceTag/*", "aws:RequestedRegion"]}}}
    (f,) = run(doc, "IAM606", options=opts)
    # the table's first key s3:PutObject takes; the global key only when no key of the catalog applies
    assert f.access_level == "Write" and "add a condition on aws:ResourceTag/${TagKey}, or scope Resource" in f.message
    region_only = {"sensitive-access-without-condition": {"required_conditions": {"Write": ["aws:RequestedRegion"]}}}
    (f,) = run(doc, "IAM606", options=region_only)
    assert "add a condition on a global key such as aws:RequestedRegion, or scope Resource" in f.message
    ok = policy(allow("s3:PutObject", Condition={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}))
    assert run(ok, "IAM606", options=opts) == []
    tagged = policy(allow("s3:PutObject", Condition={"StringEquals": {"aws:PrincipalTag/team": "x"}}))
    strict = {"sensitive-access-without-condition": {"required_conditions": {"Write": ["aws:RequestedRegion"]}, "any_strong_condition": False}}
    assert codes(run(tagged, "IAM606", options=strict)) == ["IAM606"]
    assert run(ok, "IAM606", options=strict) == []
    off = {"sensitive-access-without-condition": {"required_conditions": {"Permissions management": []}}}
    assert run(policy(allow("iam:AttachRolePolicy")), "IAM606", options=off) == []
    scoped = policy(allow("iam:AttachRolePolicy", "arn:aws:iam::111122223333:role/x"))
    strict = {"sensitive-access-without-condition": {"resource_scoping_counts": False}}
    assert codes(run(scoped, "IAM606", options=strict)) == ["IAM606"]
    region = policy(allow("iam:AttachRolePolicy", Condition={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}))
    assert run(region, "IAM606") == []  # a real condition is present
    table_only = {"sensitive-access-without-condition": {"any_strong_condition": False}}
    assert codes(run(region, "IAM606", options=table_only)) == ["IAM606"]
    garbage = {"sensitive-access-without-condition": {"required_conditions": "nonsense"}}
    assert codes(run(policy(allow("iam:AttachRolePolicy")), "IAM606", options=garbage)) == ["IAM606"]


_KEY = re.compile(r"\b[a-z0-9-]+:[A-Za-z0-9/${}<>_.:-]*[A-Za-z0-9}>]")


def _suggested(message):
    """The condition keys the advice of an IAM606 message names (action names in parentheses
    left out)."""
    advice = message.split(" with no condition that constrains ", 1)[1]
    return _KEY.findall(re.sub(r"\([^)]*\)", "", advice.split("; ")[-1]))


def test_missing_condition_suggests_only_keys_the_actions_take():
    catalog = default_catalog()
    (f,) = run(policy(allow("lambda:AddPermission")), "IAM606")
    assert _suggested(f.message) == ["aws:ResourceTag/${TagKey}", "lambda:Principal", "lambda:FunctionUrlAuthType"]
    (f,) = run(policy(allow(["iam:AttachRolePolicy", "iam:AttachUserPolicy"])), "IAM606")
    assert _suggested(f.message) == ["iam:PermissionsBoundary", "iam:PolicyARN", "aws:ResourceTag/${TagKey}"]
    write = {"sensitive-access-without-condition": {
        "required_conditions": {"Write": ["iam:PassedToService", "aws:ResourceTag/*"]}, "any_strong_condition": False}}
    (f,) = run(policy(allow("iam:PassRole")), "IAM606", options=write)
    assert _suggested(f.message) == ["iam:PassedToService", "aws:ResourceTag/${TagKey}"]
    (f,) = run(policy(allow("lambda:CreateFunction")), "IAM606", options=write)
    assert _suggested(f.message) == ["aws:ResourceTag/${TagKey}"]
    # every Permissions management action alone, and with the next one of its service: only keys
    # the catalog lists for each of them (or, when none applies, the table's global keys)
    every = {"sensitive-access-without-condition": {"any_strong_condition": True}}
    pm = [a for s in catalog.services for a in catalog.actions(s).values()
          if level_of(a) == "Permissions management" and not a.name.startswith(("Get", "List", "Describe", "View", "Search"))]
    pairs = [[a.full_name] for a in pm] + [[a.full_name, b.full_name] for a, b in zip(pm, pm[1:]) if a.service == b.service]
    globals_seen = set()
    for names in pairs:
        found = run(policy(allow(names)), "IAM606", options=every)
        assert len(found) == 1, names
        message = found[0].message
        keys = _suggested(message)
        assert keys or "no condition key of the table" in message, message
        if "a global key such as" in message:
            globals_seen.update(keys)
            continue
        for key in keys:
            if "they share no condition key" in message:
                assert any(key.lower() in _lower_keys(catalog, n) for n in names), (names, key)
            else:
                assert all(key.lower() in _lower_keys(catalog, n) for n in names), (names, key)
    assert globals_seen == {"aws:MultiFactorAuthPresent", "aws:CalledVia"}


def _lower_keys(catalog, name):
    a = catalog.action(name)
    types = catalog.resource_types(a.service)
    keys = {k.lower() for k in a.condition_keys}
    for rt, _required in a.resource_types:
        t = types.get(rt) or types.get(rt.lower())  # the catalog keys resource types in lowercase
        keys.update(k.lower() for k in (t.condition_keys if t is not None else ()))
    return keys


def test_mfa_antipatterns():
    def cond(effect, c):
        return policy({"Effect": effect, "Action": "ec2:StopInstances", "Resource": "*", "Condition": c})
    assert codes(run(cond("Allow", {"Bool": {"aws:MultiFactorAuthPresent": "false"}}), "IAM607")) == ["IAM607"]
    assert codes(run(cond("Allow", {"Null": {"aws:MultiFactorAuthPresent": "false"}}), "IAM608")) == ["IAM608"]
    assert codes(run(cond("Deny", {"Bool": {"aws:MultiFactorAuthPresent": "false"}}), "IAM609")) == ["IAM609"]
    assert run(cond("Deny", {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}), "IAM609") == []
    assert codes(run(cond("Allow", {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}), "IAM610")) == ["IAM610"]
    assert run(cond("Allow", {"Bool": {"aws:MultiFactorAuthPresent": "true"}}), "IAM607", "IAM608", "IAM609", "IAM610") == []
    (f,) = run(cond("Deny", {"Bool": {"aws:MultiFactorAuthPresent": "false"}}), "IAM609")
    assert f.fix is not None and f.fix.edits[0].new_text == '"BoolIfExists"'


def test_open_to_everyone():
    doc = policy({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sqs:SendMessage",
                  "Resource": "arn:aws:sqs:us-east-1:111122223333:q"})
    (f,) = run(doc, "IAM611")
    assert f.risk == "resource-exposure" and f.severity.value == "security"
    doc["Statement"][0]["Condition"] = {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}}
    assert run(doc, "IAM611") == []
    doc["Statement"][0]["Condition"] = {"ArnLike": {"aws:SourceArn": "*"}}
    assert codes(run(doc, "IAM611")) == ["IAM611"]
    # never in a Deny
    deny = policy({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"})
    assert run(deny, "IAM611") == []


def test_open_to_everyone_and_denies():
    public = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}

    def deny(condition, action="s3:*", resource="arn:aws:s3:::b/*"):
        return {"Effect": "Deny", "Principal": "*", "Action": action, "Resource": resource, "Condition": condition}

    # a perimeter: every caller but the listed ones is turned away
    for cond in ({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}},
                 {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}, "Bool": {"aws:ViaAWSService": "false"}},
                 {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}}):
        assert run(policy(public, deny(cond)), "IAM611") == [], cond
    # a blocklist, a Deny narrowed by another key, a Deny on other actions or other resources
    (f,) = run(policy(public, deny({"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}})), "IAM611")
    assert "only turns away the callers its IpAddress aws:SourceIp condition matches" in f.message
    (f,) = run(policy(public, deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"},
                                    "Bool": {"aws:SecureTransport": "false"}})), "IAM611")
    assert "only when its Bool aws:SecureTransport condition also holds" in f.message
    assert codes(run(policy(public, deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}, action="s3:PutObject")),
                     "IAM611")) == ["IAM611"]
    assert codes(run(policy(public, deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}},
                                         resource="arn:aws:s3:::other/*")), "IAM611")) == ["IAM611"]
    # lambda:FunctionUrlAuthType NONE is the public function URL; sns:Endpoint is not who subscribes
    url = {"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunctionUrl",
           "Resource": "arn:aws:lambda:us-east-1:111122223333:function:f",
           "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}}
    (f,) = run(policy(url), "IAM611")
    assert "unauthenticated" in f.message
    sub = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Subscribe",
           "Resource": "arn:aws:sns:us-east-1:111122223333:t", "Condition": {"StringLike": {"sns:Endpoint": "*@example.com"}}}
    assert codes(run(policy(sub), "IAM611")) == ["IAM611"]


def test_cross_account_trust():
    trust = policy({"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"})
    # the role's own account is unknown: trusting it is the usual delegation to its IAM policies
    assert run(trust, "IAM612") == []
    assert codes(run(trust, "IAM612", "IAM635")) == ["IAM635"]
    mine = {"cross-account-trust-without-external-id": {"own_accounts": ["444455556666"]}}
    (f,) = run(trust, "IAM612", options=mine)
    assert "111122223333" in f.message and "444455556666" in f.message
    assert run(trust, "IAM612", options={"cross-account-trust-without-external-id": {"own_accounts": ["111122223333"]}}) == []
    # an IAM OIDC provider the policy trusts is in the role's own account
    oidc = {"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
            "Principal": {"Federated": "arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"},
            "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:a:b"}}}
    (f,) = run(policy(trust["Statement"][0], oidc), "IAM612")
    assert "111122223333" in f.message
    same = dict(oidc, Principal={"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"})
    assert run(policy(trust["Statement"][0], same), "IAM612") == []
    trust["Statement"][0]["Condition"] = {"StringEquals": {"sts:ExternalId": "abc"}}
    assert run(trust, "IAM612", options=mine) == []
    role = policy({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
    assert run(role, "IAM612", options=mine) == []


@pytest.mark.parametrize("text", [
    "", "[]", "{", '{"Statement": 3}', '{"Statement": [{"Effect": "Allow"}]}',
    '{"Statement": [{"Effect": "Allow", "Action": [1, null], "Resource": {"a": 1}}]}',
    '{"Statement": [{"Effect": "Allow", "NotAction": [], "NotResource": [], "Condition": {"Bool": {"aws:MultiFactorAuthPresent": [false, null]}}}]}',
    '{"Statement": [{"Effect": "Allow", "Principal": ["*"], "Action": "sts:AssumeRole", "Condition": "x"}]}',
    '{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": 5, "Null": {"aws:MultiFactorAuthPresent": {}}}}]}',
])
def test_malformed_input_never_raises(text):
    for ptype in (None, PolicyType.TRUST, PolicyType.RESOURCE):
        run(text, policy_type=ptype)


# -- real policies ------------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")


def managed(name):
    return (CORPUS / "aws-managed" / f"{name}.json").read_text()


@needs_corpus
def test_managed_admin_policies():
    assert "IAM601" in codes(run(managed("AdministratorAccess")))
    assert "IAM602" in codes(run(managed("PowerUserAccess")))
    assert "IAM604" in codes(run(managed("IAMFullAccess")))
    read_only = run(managed("ReadOnlyAccess"))
    assert not [f for f in read_only if f.access_level in SENSITIVE], [f.message for f in read_only]


@needs_corpus
def test_every_finding_has_access_level_and_risky_corpus_runs():
    seen = set()
    for path in sorted((CORPUS / "risky").glob("*.json")):
        for f in run(path.read_text()):
            assert f.access_level is not None or f.code in ("IAM609",), f
            seen.add(f.code)
    assert {"IAM601", "IAM602", "IAM611"} <= seen


@needs_corpus
@pytest.mark.parametrize("name,code", [
    ("cloudgoat-glue_privesc-s3_bucket_policy_public_put", "IAM611"),
    ("cloudgoat-secrets_in_the_cloud-secret_policy_public", "IAM611"),
    ("cloudgoat-sns_secrets-public_topic_policy", "IAM611"),
    ("iamv-trust-permissive-role-trust", "IAM635"),  # IAM612: the role's own account is unknown
])
def test_risky_resource_and_trust_policies(name, code):
    assert code in codes(run((CORPUS / "risky" / f"{name}.json").read_text(), *L1, "IAM635"))


@pytest.mark.parametrize("resource,pattern,included,excluded", [
    ("arn:aws:s3:::reports/*", "s3:*", ["s3:GetObject", "s3:PutObjectAcl"], ["s3:ListBucket", "s3:PutBucketPolicy", "s3:ListAllMyBuckets"]),
    ("arn:aws:s3:::home/${aws:username}/*", "s3:*", ["s3:DeleteObject"], ["s3:DeleteBucket", "s3:CreateAccessPoint"]),
    ("arn:aws:s3:::reports", "s3:*", ["s3:ListBucket", "s3:PutBucketPolicy"], ["s3:GetObject"]),
    ("arn:aws:s3:::reports*", "s3:*", ["s3:ListBucket", "s3:GetObject"], ["s3:ListAllMyBuckets"]),
    ("arn:aws:sqs:us-east-1:111122223333:jobs", "sqs:*", ["sqs:SendMessage"], ["sqs:ListQueues"]),
    ("arn:aws:kms:*:111122223333:key/*", "kms:*", ["kms:Decrypt", "kms:PutKeyPolicy"], ["kms:CreateKey", "kms:CreateCustomKeyStore"]),
    ("arn:aws:apigateway:*::/*", "apigateway:*", ["apigateway:GET", "apigateway:UpdateRestApiPolicy"], ["apigateway:CreatePortal"]),
    ("arn:aws:elasticloadbalancing:*:*:loadbalancer/*", "arc-zonal-shift:*", ["arc-zonal-shift:StartZonalShift"], []),
    ("arn:aws:*:::reports/*", "s3:*", ["s3:GetObject", "s3:ListBucket"], ["s3:ListAllMyBuckets"]),  # not judged: every action with a resource type
])
def test_actions_that_apply_to_resources(resource, pattern, included, excluded):
    from iamlint.catalog import default
    from iamlint.grants import applies_to_resources

    catalog = default()
    names = {a.full_name for a in applies_to_resources(catalog, catalog.expand(pattern), (resource,))}
    assert set(included) <= names, set(included) - names
    assert not names & set(excluded), names & set(excluded)


def test_default_key_policy_and_object_arns():
    root = {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "kms:*", "Resource": "*"}
    assert run(policy(root), "IAM604") == []
    assert run(policy(root), "IAM604", resource_type="AWS::KMS::Key") == []
    # not a key policy: another service's actions, or told so
    other = {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sqs:*", "Resource": "*"}
    assert codes(run(policy(root, other), "IAM604")) == ["IAM604", "IAM604"]
    assert codes(run(policy(root), "IAM604", resource_type="AWS::S3::Bucket")) == ["IAM604"]
    admin = dict(root, Principal={"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"})
    (f,) = run(policy(root, admin), "IAM604")
    # kms:CreateKey, kms:ListKeys and the custom key store actions never act on a key
    assert f.message.startswith("kms:* grants 4 Permissions management, 31 Write, 2 Tagging, 6 Read and 4 List actions on this resource")
    home = {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}
    (f,) = run(policy(home), "IAM604")
    assert "on the resources listed" in f.message and "27 Permissions management" not in f.message
