"""The policy view's fast paths give what the plain ones give (iamlint.policy)."""

from iamlint import policy


def test_string_list_values_have_their_own_paths():
    view = policy.build({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"},
        {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::a", "arn:aws:s3:::b"],
         "Condition": {"StringEquals": {"aws:SourceVpc": ["vpc-1", "vpc-2"]}}},
    ]})
    first, second = view.statements
    assert [tuple(v) for v in first.action.values] == [
        ("s3:GetObject", ("Statement", 0, "Action", 0)), ("s3:PutObject", ("Statement", 0, "Action", 1))]
    assert [tuple(v) for v in second.resource.values] == [
        ("arn:aws:s3:::a", ("Statement", 1, "Resource", 0)), ("arn:aws:s3:::b", ("Statement", 1, "Resource", 1))]
    assert [v.path for v in second.conditions[0].values] == [
        ("Statement", 1, "Condition", "StringEquals", "aws:SourceVpc", 0),
        ("Statement", 1, "Condition", "StringEquals", "aws:SourceVpc", 1)]
    assert all(isinstance(v, policy.Value) for v in first.action.values)
    assert view.regular


def test_lists_with_other_types_keep_only_strings_and_are_irregular():
    view = policy.build({"Statement": {"Effect": "Allow", "Action": ["s3:GetObject", 3, "s3:PutObject"], "Resource": "*"}})
    st = view.statements[0]
    assert [(v.value, v.path) for v in st.action.values] == [
        ("s3:GetObject", ("Statement", "Action", 0)), ("s3:PutObject", ("Statement", "Action", 2))]
    assert not view.regular


def test_item_paths_memo_stays_bounded():
    long_list = [f"s3:Action{i}" for i in range(policy._ITEM_PATHS_MAX + 10)]
    values = policy._strings(long_list, ("Statement", 0, "Action"))[0]
    assert values[-1].path == ("Statement", 0, "Action", len(long_list) - 1)
    assert sum(len(p) for p in policy._ITEM_PATHS.values()) <= policy._ITEM_PATHS_MAX
