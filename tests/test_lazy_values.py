"""Element.texts (the strings as written) and the Values built from them only when asked for."""

import pytest

from iamlint.policy import Value, build


def _element(raw_action):
    policy = build({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": raw_action, "Resource": "*"}]})
    return policy, policy.statements[0].action


@pytest.mark.parametrize("raw, texts, paths", [
    ("s3:GetObject", ("s3:GetObject",), [("Statement", 0, "Action")]),
    (["s3:GetObject", "s3:Put*"], ("s3:GetObject", "s3:Put*"),
     [("Statement", 0, "Action", 0), ("Statement", 0, "Action", 1)]),
    ([], (), []),
    # items of other types are left out: the strings keep their own positions
    ([1, "s3:GetObject", None, "s3:Put*"], ("s3:GetObject", "s3:Put*"),
     [("Statement", 0, "Action", 1), ("Statement", 0, "Action", 3)]),
])
def test_texts_values_and_paths_agree(raw, texts, paths):
    _policy, el = _element(raw)
    assert el.texts == texts
    # value_at/path_of before and after the Values are built
    assert [el.path_of(i) for i in range(len(texts))] == paths
    assert [el.value_at(i) for i in range(len(texts))] == [Value(t, p) for t, p in zip(texts, paths)]
    assert el.values == [Value(t, p) for t, p in zip(texts, paths)]
    assert [el.path_of(i) for i in range(len(texts))] == paths
    assert el.strings == list(texts)


def test_values_built_once_and_only_when_read():
    _policy, el = _element(["s3:GetObject", "*"])
    assert el.built is None
    assert el.has_star() and el.texts == ("s3:GetObject", "*")
    assert el.built is None  # reading the strings builds no Value
    values = el.values
    assert el.values is values


def test_texts_are_a_snapshot_of_the_document():
    raw = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["a:B"], "Resource": ["arn:aws:s3:::x"]}}
    policy = build(raw)
    raw["Statement"]["Action"].append("c:D")
    st = policy.statements[0]
    assert st.action.texts == ("a:B",)
    assert [v.value for v in st.action.values] == ["a:B"]
