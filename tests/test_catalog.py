"""Catalog look-ups: expansion caches and condition key templates."""

import random

from iamlint import catalog as catalog_mod
from iamlint.catalog import Catalog, default


def test_key_templates_match_as_their_regexes_do():
    rng = random.Random(11)
    keys = ["aws:RequestTag/${TagKey}", "s3:ExistingObjectTag/<key>", "secretsmanager:ResourceTag/tag-key",
            "a:${X}${Y}b", "a:${X}b${Y}", "a:${X}", "a:${unclosed", "x:${A}/${B}:c"]
    cat = default()
    for svc in ("s3", "ec2", "iam", "secretsmanager", "cognito-identity"):
        keys.extend(k for k in cat._service_keys(svc) if "${" in k)
    alphabet = ["a", "b", "c", "/", ":", "x", "tag-key", "$"]
    for key in keys:
        t, rx = catalog_mod._KeyTemplate(key), catalog_mod._template_regex(key)
        probes = [key, key.lower(), key + "x"]
        for _ in range(300):
            parts = catalog_mod._TEMPLATE.split(key)
            fill = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3))) for _ in parts]
            probes.append("".join(p + f for p, f in zip(parts, fill))[: rng.randint(0, 60)])
            probes.append("".join(p + f for p, f in zip(parts, fill)))
        for s in probes:
            assert t.match(s) == bool(rx.match(s)), (key, s)


def test_condition_keys_found_by_template():
    cat = Catalog()
    assert cat.condition_key("ec2:ResourceTag/team").key == "ec2:ResourceTag/${TagKey}"
    assert cat.condition_key("s3:BucketTag/a/b").key.lower() == "s3:buckettag/${tagkey}"
    assert cat.condition_key("ec2:ResourceTag/") is None  # the tag key is not optional
    assert cat.key_prefix_known("s3") and not cat.key_prefix_known("nosuchprefix")


def test_expand_as_written_and_lowercase_agree():
    cat = Catalog()
    for pattern in ("s3:GetObject", "S3:getobject", "s3:Get*", "S3:GET*", "s3:*Object", "*", "iam:?etUser", "nocolon", "s3:Nope"):
        assert cat.expand(pattern) == cat.expand(pattern.lower())  # the same ActionInfo objects
        assert [a.full_name for a in cat.expand(pattern)] == [a.full_name for a in Catalog().expand(pattern.lower())]
    assert [a.full_name for a in cat.expand("S3:GetObject")] == ["s3:GetObject"]
    assert cat.expand("nocolon") == ()


def test_known_actions():
    cat = Catalog()
    assert cat.is_known_action("s3:GetObject") and cat.is_known_action("S3:getobject")
    assert {"s3:GetObject", "S3:getobject"} <= cat.known_actions
    for text in ("s3:Get*", "s3:GetObjekt", "nosuch:GetObject", "s3", "*", "s3:GetObject:x", " s3:GetObject"):
        assert not cat.is_known_action(text)
        assert text not in cat.known_actions
