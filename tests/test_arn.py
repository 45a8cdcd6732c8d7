"""Table-driven tests of iamlint/arn.py: the ARN grammar, pattern matching and the ARN checks."""

import pytest

from iamlint import arn
from iamlint.catalog import default


@pytest.mark.parametrize(
    "text,fields",
    [
        ("arn:aws:s3:::reports/*", ["arn", "aws", "s3", "", "", "reports/*"]),
        ("arn:aws:logs:*:*:log-group:app:*", ["arn", "aws", "logs", "*", "*", "log-group:app:*"]),
        ("arn:aws:s3:::b/${aws:username}/*", ["arn", "aws", "s3", "", "", "b/${aws:username}/*"]),
        ("arn:aws:iam::${aws:PrincipalAccount}:role/x", ["arn", "aws", "iam", "", "${aws:PrincipalAccount}", "role/x"]),
        ("arn:aws:s3", ["arn", "aws", "s3"]),
        ("arn:aws:s3:::", ["arn", "aws", "s3", "", "", ""]),
        ("arn:aws:s3:::b/${unclosed:x", ["arn", "aws", "s3", "", "", "b/${unclosed:x"]),
    ],
)
def test_split(text, fields):
    parsed = arn.parse(text)
    assert [f.text for f in parsed.fields] == fields
    for seg in parsed.fields:
        assert text[seg.start:seg.end] == seg.text
    assert parsed.complete == (len(fields) == 6)


@pytest.mark.parametrize("text", ["ARN:aws:s3:::b", "*", "", "bucket", "${aws:SourceArn}"])
def test_not_an_arn(text):
    assert arn.parse(text) is None


def test_segment_offsets():
    a = arn.parse("arn:aws:sqs:us-east-1:111122223333:orders")
    assert a.partition.span == (4, 7)
    assert a.service.span == (8, 11)
    assert a.region.span == (12, 21)
    assert a.account.span == (22, 34)
    assert a.resource.span == (35, 41)


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("role/app", "role/${RoleNameWithPath}", True),
        ("roles/app", "role/${RoleNameWithPath}", False),
        ("*", "role/${RoleNameWithPath}", True),
        ("ro?e/*", "role/${RoleNameWithPath}", True),
        ("log-group:app:*", "log-group:${LogGroupName}:log-stream:${LogStreamName}", True),
        ("log-group/app", "log-group:${LogGroupName}", True),  # / and : alike
        ("table/t/index/*", "table/${TableName}", True),  # placeholders match any run
        ("x*y", "abc", False),
        ("a*", "*b", True),
        ("abc", "abd", False),
    ],
)
def test_intersects(a, b, expected):
    assert arn.intersects(arn.pattern(a), arn.pattern(b)) is expected


def test_intersects_agrees_with_the_plain_table():
    # every shortcut of intersects() against the dynamic programme, over small random patterns
    import random

    rng = random.Random(7)
    alphabet = ["a", "b", "/", arn.STAR, arn.QMARK]
    for _ in range(20000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
        while arn.STAR * 2 in a:
            a = a.replace(arn.STAR * 2, arn.STAR)
        while arn.STAR * 2 in b:
            b = b.replace(arn.STAR * 2, arn.STAR)
        assert arn.intersects(a, b) == arn._intersect_table(a, b), (a, b)


@pytest.mark.parametrize("p", ["", "abc", "a\x01b", "\x02ab\x01", "ab\x01c\x02d", "\x01", "a\x02"])
def test_literal_ends(p):
    import re

    assert arn._literal_prefix(p) == re.match("[^\x01\x02]*", p).group(0)
    assert arn._literal_suffix(p) == re.search("[^\x01\x02]*\\Z", p).group(0)


@pytest.mark.parametrize(
    "general,specific,expected",
    [
        ("arn:aws:s3:::logs-*", "arn:aws:s3:::logs-*/*", True),
        ("arn:aws:s3:::logs-*/*", "arn:aws:s3:::logs-*", False),
        ("arn:aws:s3:::*DeepRacer*", "arn:aws:s3:::*deepracer*/*", False),  # case-sensitive
        ("arn:aws:logs:*:*:/aws/lambda/X*", "arn:aws:logs:*:*:log-group:/aws/lambda/X*", True),  # * crosses colons
        ("arn:aws:s3:::a?c", "arn:aws:s3:::abc", True),
        ("arn:aws:s3:::a?c", "arn:aws:s3:::a*c", False),
        ("arn:aws:s3:::a?c", "arn:aws:s3:::a?c", True),
        ("arn:aws:s3:::aws-glue-*", "arn:aws:s3:::*/*aws-glue-*/*", False),
        ("arn:aws:s3:::b", "arn:aws:s3:::b", True),
        ("arn:aws:s3:::b", "arn:aws:s3:::c", False),
    ],
)
def test_covers(general, specific, expected):
    assert arn.covers(general, specific) is expected


@pytest.mark.parametrize(
    "text,codes",
    [
        ("arn:aws:s3:::reports/*", []),
        ("*", []),
        ("${aws:SourceArn}", []),
        ("reports/*", ["INVALID_ARN_PREFIX"]),
        ("Arn:aws:s3:::b", ["INVALID_ARN_PREFIX"]),
        ("arn:aws:s3", ["MISSING_ARN_FIELD"]),
        ("arn:aws:S3:::b", ["INVALID_ARN_SERVICE_CASE"]),
        ("arn:amazon:s3:::b", ["INVALID_PARTITION"]),
        ("arn:aws*:s3:::b", []),
        ("arn:aws:sqs:us-east-3:111122223333:q", ["INVALID_ARN_REGION"]),
        ("arn:aws:sqs:us-*:111122223333:q", []),
        ("arn:aws-cn:sqs:cn-north-1:111122223333:q", []),
        ("arn:aws:sqs:cn-north-1:111122223333:q", ["INVALID_ARN_REGION"]),
        ("arn:aws:s3:us-east-1::b", ["ARN_REGION_NOT_ALLOWED"]),
        ("arn:aws:s3:*::b", []),
        ("arn:aws:s3:us-east-1:111122223333:accesspoint/ap", []),
        ("arn:aws:ec2::111122223333:instance/*", ["MISSING_ARN_REGION"]),
        ("arn:aws:sqs:us-east-1:12345:q", ["INVALID_ARN_ACCOUNT"]),
        ("arn:aws:iam::aws:policy/ReadOnlyAccess", []),
        ("arn:aws:sagemaker:*:aws:hub/SageMakerPublicHub", []),
        ("arn:aws:s3::111122223333:b", ["ARN_ACCOUNT_NOT_ALLOWED"]),
        ("arn:aws:iam:::role/x", ["MISSING_ARN_ACCOUNT"]),
        ("arn:aws:logs:::log-group:x", ["MISSING_ARN_REGION", "MISSING_ARN_ACCOUNT"]),
        ("arn:aws:iam::111122223333:rolez/x", ["INVALID_ARN_RESOURCE"]),
        ("arn:aws:logs:*:*:/aws/lambda/x*", []),  # * ending the account field crosses colons
        ("arn:aws:logs:*:*:*", []),
        ("arn:aws:elastic-inference:*:*:elastic-inference-accelerator/*", ["INVALID_SERVICE"]),
        ("arn:aws:nosuchservice:::x", ["INVALID_SERVICE"]),
        ("arn:aws:*:*:*:*", []),  # wildcard-in-service-name reports it
        ("arn:aws:iam::111122223333:role/${aws:username}", []),
        ("arn:aws:s3:::b/${aws:username}/*", []),
    ],
)
def test_checks(text, codes):
    assert [i.code for i in arn.check_value(default(), text, ("Resource",))] == codes


def test_check_spans_point_at_the_field():
    text = "arn:aws:sqs:us-east-3:111122223333:q"
    (issue,) = arn.check_value(default(), text, ("Resource",))
    start, end = issue.span
    assert text[start:end] == "us-east-3"


@pytest.mark.parametrize("text", ["arn:", "arn:::::", "arn:aws:s3:::${", "arn:aws:s3:::}{$", "arn:aws::::", "arn:${a:b}:${c}:${d}:${e}:${f}", "arn:aws:s3:::",
                                  "arn:aws:iam::123456789012:", "arn:aws:logs:*:*:", "arn:aws:ec2:::?", "arn:aws:iam:::*?*"])
def test_malformed_does_not_raise(text):
    arn.check_value(default(), text, ("Resource",))


def test_templates_do_not_depend_on_what_was_asked_before():
    # Other services list ARN formats of a segment too (ec2 lists IAM roles, sts an IAM context
    # provider): a fresh catalog gives them at once, as one that has looked at everything does.
    from iamlint.catalog import Catalog

    fresh = Catalog()
    iam = arn.templates(fresh, "iam")
    assert iam[0].owner == "iam" and {t.owner for t in iam} > {"iam"}
    used = Catalog()
    for text in ("arn:aws:nosuchservice:::x", "arn:aws:ec2:*:*:instance/*", "arn:aws:s3:::b"):
        arn.check_value(used, text, ("Resource",))
    assert arn.templates(used, "iam") == iam


def test_verdicts_are_remembered_per_value():
    from iamlint.catalog import Catalog

    cat = Catalog()
    text = "arn:aws:iam::111122223333:rolez/x"
    first = arn.check_value(cat, text, ("Resource", 0))
    again = arn.check_value(cat, text, ("Resource", 1))
    assert [i.code for i in first] == [i.code for i in again] == ["INVALID_ARN_RESOURCE"]
    assert [i.path for i in again] == [("Resource", 1)]
