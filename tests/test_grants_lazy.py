"""iamlint.grants builds actions, counts and verdicts on first use and caches them per Action list:
whatever is asked first, and in whatever order, the answers are those of a plain expansion."""

import pytest

from iamlint.catalog import ACCESS_LEVELS, Catalog
from iamlint.config import Config
from iamlint.engine import Context, detect_policy_type, parse
from iamlint.grants import level_counts, level_of, pattern_counts, policy_grants, statement_actions
from iamlint.policy import build
from iamlint.rules import _risks


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def plain_actions(catalog, patterns, negated):
    """The reference: patterns lowercased, sorted, each once; first occurrence wins."""
    matched = {}
    for p in sorted({p.lower() for p in patterns}):
        for a in catalog.expand(p):
            matched.setdefault(id(a), a)
    if negated:
        return tuple(a for a in catalog.expand("*") if id(a) not in matched)
    return tuple(matched.values())


def plain_counts(actions):
    out = {}
    for a in actions:
        out[level_of(a)] = out.get(level_of(a), 0) + 1
    return out


LISTS = [
    ["s3:GetObject"],
    ["iam:AttachRolePolicy", "s3:PutBucketPolicy", "IAM:attachrolepolicy", "s3:TagResource", "s3:GetObject"],
    ["s3:PutBucket*", "iam:PassRole", "iam:Attach*", "s3:PutBucketPolicy"],
    ["s3:GetObject", "S3:getobject", "s3:PutObject"],
    ["s3:Get*", "s3:GetObject", "ec2:Describe*"],
    ["ec2:Describe*", "s3:*", "s3:Get*"],
    ["*"],
    ["*", "iam:PassRole"],
    ["nosuch:Thing", "s3:NoSuchAction"],
    ["iam:*", "organizations:*", "s3:?etObject"],
    [],
]


@pytest.mark.parametrize("negated", [False, True])
@pytest.mark.parametrize("patterns", LISTS)
@pytest.mark.parametrize("first", ["counts", "actions", "empty", "by_level", "has_level", "of_level"])
def test_answers_do_not_depend_on_what_is_asked_first(patterns, negated, first):
    catalog = Catalog()  # fresh caches
    key = "NotAction" if negated else "Action"
    (g,) = policy_grants(build(policy({"Effect": "Allow", key: patterns, "Resource": "*"})), catalog)
    if first in ("has_level", "of_level"):
        [getattr(g, first)(level) for level in ACCESS_LEVELS]
    else:
        getattr(g, first)
    expected = plain_actions(catalog, patterns, negated)
    for level in ACCESS_LEVELS:
        assert g.of_level(level) == tuple(a for a in expected if level_of(a) == level)
        assert g.has_level(level) == any(level_of(a) == level for a in expected)
    assert g.actions == expected
    assert g.denied == ()
    assert g.empty == (not expected)
    assert g.counts == plain_counts(expected)
    assert {k: list(v) for k, v in g.by_level.items()} == {
        level: [a for a in expected if level_of(a) == level] for level in plain_counts(expected)}
    assert g.most_sensitive_level == next((l for l in ACCESS_LEVELS if plain_counts(expected).get(l)), None)


@pytest.mark.parametrize("key, patterns", [
    ("Action", ["iam:*"]),
    ("NotAction", ["s3:*", "iam:GetRole"]),
    ("Action", ["*"]),
])
def test_deny_subtraction(key, patterns):
    catalog = Catalog()
    allow = ["iam:Get*", "s3:GetObject", "ec2:RunInstances"]
    view = build(policy({"Effect": "Allow", "Action": allow, "Resource": "*"},
                        {"Effect": "Deny", key: patterns, "Resource": "*"}))
    (g,) = policy_grants(view, catalog)
    allowed = plain_actions(catalog, allow, False)
    denied = set(plain_actions(catalog, patterns, key == "NotAction"))
    assert g.denied == tuple(a for a in allowed if a in denied)
    assert g.actions == tuple(a for a in allowed if a not in denied)
    assert g.counts == plain_counts(g.actions)
    assert g.empty == (not g.actions)
    for level in ACCESS_LEVELS:
        assert g.has_level(level) == bool(g.counts.get(level))
        assert g.of_level(level) == tuple(a for a in g.actions if level_of(a) == level)


def test_conditional_deny_takes_nothing_back():
    catalog = Catalog()
    view = build(policy({"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
                        {"Effect": "Deny", "Action": "iam:*", "Resource": "*",
                         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}))
    (g,) = policy_grants(view, catalog)
    assert g.denied == () and len(g.actions) == len(catalog.expand("iam:*"))


def test_lists_as_written_share_their_expansion_and_entry_data():
    catalog = Catalog()
    st = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:Put*"], "Resource": "*"}
    (g1,) = policy_grants(build(policy(st)), catalog)
    (g2,) = policy_grants(build(policy(st)), catalog)
    assert g1.actions is g2.actions
    calls = []
    assert g1.per_entries("test", lambda g: calls.append(1) or len(calls)) == 1
    assert g2.per_entries("test", lambda g: calls.append(1) or len(calls)) == 1
    # the same patterns in another order: the actions in the same (sorted pattern) order
    (g3,) = policy_grants(build(policy(dict(st, Action=["S3:Put*", "s3:getobject"]))), catalog)
    assert g3.actions == g1.actions
    assert statement_actions(build(policy(st)).statements[0], catalog) == g1.actions


def test_level_counts_and_pattern_counts():
    catalog = Catalog()
    acts = catalog.expand("iam:*")
    counts = level_counts(a for a in acts)  # any iterable
    assert list(counts) == [l for l in ACCESS_LEVELS if l in counts]
    assert counts == plain_counts(acts)
    assert pattern_counts("IAM:*", catalog) == counts and list(pattern_counts("IAM:*", catalog)) == list(counts)
    assert pattern_counts("nosuch:*", catalog) == {} and pattern_counts("iam:Get*", catalog) == level_counts(
        catalog.expand("iam:get*"))


def test_policy_risks_hold_no_reference_to_the_context():
    """ctx.memo holds the PolicyRisks: a reference back would make every document a cycle."""
    catalog = Catalog()
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}'
    document = parse(text)
    view = build(document.value)
    ctx = Context(text, document, view, detect_policy_type(view), None, catalog, Config(), "p.json")
    pr = _risks.policy_risks(ctx)
    assert pr.granted("iam:passrole")
    assert all(value is not ctx for value in vars(pr).values())


def test_level_names_and_counts_from_the_cache_equal_those_from_the_json(tmp_path, monkeypatch):
    """What the compact catalog holds per level text (names, counts per service) answers as the
    actions themselves do; `*` is counted, and its actions of a level listed, in catalog order."""
    from iamlint.grants import _pattern_of_level, level_names

    monkeypatch.setenv("IAMLINT_NO_CACHE", "1")
    plain = Catalog()
    everything = plain.expand("*")
    names = {level: frozenset(f"{a.service}:{a.name.lower()}" for a in everything if level_of(a) == level)
             for level in ACCESS_LEVELS}
    counts = level_counts(everything)
    per_service = {p: {} for p in ("s3", "iam", "ec2", "nosuchservice")}
    for p, by_text in per_service.items():
        for a in plain.actions(p).values():
            by_text[a._level_text] = by_text.get(a._level_text, 0) + 1
    monkeypatch.delenv("IAMLINT_NO_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for catalog in (Catalog(), Catalog(), plain):  # written, read back, and without the cache
        assert {level: level_names(catalog, level) for level in ACCESS_LEVELS} == names
        assert pattern_counts("*", catalog) == counts and list(pattern_counts("*", catalog)) == list(counts)
        for p, by_text in per_service.items():
            assert catalog.level_text_counts(p) == by_text
        for level in ACCESS_LEVELS:
            assert [a.full_name for a in _pattern_of_level(catalog, "*", level)] == [
                a.full_name for a in everything if level_of(a) == level]
        assert [n for n in _risks._pattern_hits(catalog, "*")] == [
            f"{a.service}:{a.name.lower()}" for a in everything if f"{a.service}:{a.name.lower()}" in _risks.relevant()]
