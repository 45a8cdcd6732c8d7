"""Wrong types in every element, under every rule and policy type: findings, never an exception.

The schema reports a wrong type (IAM107); every other rule must step over the value it cannot
read. A rule that hashes, iterates or lowercases a value without looking at its type crashes the
whole run, so each element gets each JSON type here, alone and twice in one policy (rules that
compare statements with each other see the bad value on both sides)."""

import json

import pytest

from iamlint.config import Config
from iamlint.engine import lint
from iamlint.model import PolicyType

ODD_VALUES = [None, True, 7, 1.5, "", "*", [], {}, [None], [[]], [{}], [1, "s3:GetObject"], {"a": {}}, {"a": []}, {"a": None}]
STATEMENT_KEYS = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"]
BASE = {
    "Sid": "S",
    "Effect": "Allow",
    "Action": ["s3:GetObject", "iam:PassRole"],
    "Resource": "*",
    "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
    "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}},
}


def _lint_every_type(policy):
    text = json.dumps(policy)
    for policy_type in PolicyType:
        lint(text, filename="p.json", config=Config(select=("ALL",), policy_type=policy_type))
    return lint(text, filename="p.json", config=Config(select=("ALL",)))


@pytest.mark.parametrize("key", STATEMENT_KEYS)
def test_statement_element_of_any_type(key):
    for value in ODD_VALUES:
        statement = dict(BASE, **{key: value})
        findings = _lint_every_type({"Version": "2012-10-17", "Statement": [statement, dict(statement)]})
        if not isinstance(value, str) and key not in ("Condition",):
            assert findings, (key, value)


@pytest.mark.parametrize("key", ["Version", "Id", "Statement"])
def test_policy_element_of_any_type(key):
    for value in ODD_VALUES:
        _lint_every_type(dict({"Version": "2012-10-17", "Statement": [BASE]}, **{key: value}))


def test_condition_blocks_of_any_type():
    for value in ODD_VALUES:
        for condition in ({"StringEquals": value}, {"StringEquals": {"aws:SourceIp": value}}, {"ForAllValues:StringLike": {"aws:TagKeys": value}}):
            _lint_every_type({"Version": "2012-10-17", "Statement": [dict(BASE, Condition=condition)] * 2})


def test_duplicate_statements_with_a_malformed_effect_are_left_to_wrong_type():
    policy = {"Version": "2012-10-17", "Statement": [dict(BASE, Effect=["Allow"]), dict(BASE, Effect=["Allow"])]}
    codes = {f.code for f in _lint_every_type(policy)}
    assert "IAM107" in codes and "IAM124" not in codes


def test_a_failing_rule_is_reported_and_the_others_still_run():
    from golden_util import _raising

    text = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]})
    with _raising("IAM124"):
        findings = lint(text, filename="p.json", config=Config(select=("ALL",)))
    codes = [f.code for f in findings]
    assert "IAM201" in codes  # the typo is still reported
    (failure,) = [f for f in findings if f.code == "IAM004"]
    assert "IAM124 (redundant-statement)" in failure.message and "RuntimeError" in failure.message
    assert failure.path == ()
    # Without the injected failure there is none.
    assert "IAM004" not in [f.code for f in lint(text, filename="p.json", config=Config(select=("ALL",)))]
