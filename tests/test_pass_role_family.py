"""The PassRole / CreateServiceLinkedRole families find, per statement, the same shape and entry
as a plain reading of each statement: an explicit entry before a wildcard one, case-insensitive,
whatever the shape of the Action list (one string per line, wildcards, line breaks in entries)."""

import json

import pytest

from iamlint.catalog import Catalog
from iamlint.config import Config
from iamlint.engine import Context, detect_policy_type, parse
from iamlint.policy import build
from iamlint.rules._grants import CREATE_SLR, PASS_ROLE, _narrowing, _pattern


def reference(family, st):
    """The shape and target of one statement, entry by entry."""
    if not st.is_allow or st.action is None or st.resource is None:
        return None
    a = family.action_lower

    def match(text):
        low = text.lower()
        return low == a or (("*" in low or "?" in low) and _pattern(low).match(a) is not None)

    if st.action.negated:
        if not st.action.values and st.action.raw != []:
            return None
        if any(match(v.value) for v in st.action.values):
            return None
        target, star, not_action = st.action, False, True
    else:
        explicit = [v for v in st.action.values if v.value.lower() == a]
        wild = [v for v in st.action.values if v.value.lower() != a and match(v.value)]
        if not explicit and not wild:
            return None
        target, star = (explicit[0], False) if explicit else (wild[0], True)
        not_action = False
    if st.resource.negated:
        shape = "NOT_ACTION_AND_NOT_RESOURCE" if not_action else (
            "STAR_IN_ACTION_AND_NOT_RESOURCE" if star else "NOT_RESOURCE")
    elif st.resource.has_star():
        shape = "STAR_IN_RESOURCE_AND_NOT_ACTION" if not_action else (
            "STAR_IN_ACTION_AND_RESOURCE" if star else "STAR_IN_RESOURCE")
    else:
        return None
    if _narrowing(st, family.condition_keys):
        return None
    return shape, target


ACTIONS = [
    "iam:PassRole",
    ["s3:GetObject", "IAM:passrole"],
    ["iam:Pass*", "iam:PassRole"],
    ["iam:CreateServiceLinkedRole", "iam:*"],
    ["ec2:*", "iam:P?ssRole", "*"],
    ["iam:PassRole\nx", "iam:PassRole"],
    ["s3:GetObject", "iam:GetRole"],
    ["iam:GetRole\n", "IAM:CREATESERVICELINKEDROLE"],
    [],
    ["*:*"],
]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("key", ["Action", "NotAction"])
@pytest.mark.parametrize("resource", [("Resource", "*"), ("NotResource", "arn:aws:iam::1:role/x"),
                                      ("Resource", ["arn:aws:iam::1:role/x", "*"]), ("Resource", "arn:aws:iam::1:role/x")])
def test_family_hits_agree_with_a_plain_reading(action, key, resource):
    statements = [
        {"Effect": "Allow", key: action, resource[0]: resource[1]},
        {"Effect": "Deny", key: action, resource[0]: resource[1]},
        {"Effect": "Allow", key: action, resource[0]: resource[1],
         "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com", "iam:AWSServiceName": "x"}}},
    ]
    text = json.dumps({"Version": "2012-10-17", "Statement": statements})
    document = parse(text)
    view = build(document.value)
    ctx = Context(text, document, view, detect_policy_type(view), None, Catalog(), Config(), "p.json")
    for family in (PASS_ROLE, CREATE_SLR):
        expected = [(st, *hit) for st in view.statements if (hit := reference(family, st)) is not None]
        assert family.hits(ctx) == expected
