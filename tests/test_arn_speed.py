"""The shortcuts of arn.py's first-sight judging agree with the plain definitions they replace:
template candidates by first segment, the inline branches of `intersects` in `_match_resource`,
`_fits` for Region/account compatibility, and the fast field splitting."""

import random

import pytest

from iamlint import arn
from iamlint.catalog import default


def _plain_matching(catalog, service, p):
    """_matching as it was: every template of the segment, literal ends first, then intersects."""
    head, foot = arn._literal_prefix(p), arn._literal_suffix(p)
    return tuple(
        t for t in arn.templates(catalog, service)
        if (head.startswith(t.head) or t.head.startswith(head)) and (foot.endswith(t.foot) or t.foot.endswith(foot))
        and arn.intersects(p, t.resource_pattern)
    )


def _resources(ts, rng):
    """Resource parts near the templates': as written, variables as `*`, cut short, widened, bent."""
    out = ["*", "", "/", "x", "*/*", "?", "a*b", "/*", "*:*"]
    for t in ts:
        r = t.resource
        plain = arn._VARIABLE.sub("name", r)
        starred = arn._VARIABLE.sub("*", r)
        out += [r, plain, starred, plain + "/*", plain[: len(plain) // 2], plain[: len(plain) // 2] + "*",
                "*" + plain[len(plain) // 2:], plain.replace("/", ":"), starred.replace("*", "?", 1)]
        if plain:
            i = rng.randrange(len(plain))
            out.append(plain[:i] + "*" + plain[i + 1:])
            out.append(plain[:i] + "?" + plain[i:])
    return out


@pytest.mark.parametrize("service", ["s3", "iam", "ec2", "apigateway", "logs", "sagemaker", "kms", "execute-api",
                                     "ssm", "lambda", "dynamodb", "rds", "sns", "cloudformation"])
def test_match_resource_agrees_with_the_plain_filter(service):
    catalog = default()
    ts = arn.templates(catalog, service)
    assert ts, service
    rng = random.Random(service)
    for resource in _resources(ts, rng):
        p = arn.pattern(resource)
        assert arn._match_resource(catalog, service, p) == _plain_matching(catalog, service, p), resource


def test_candidates_hold_every_template_whose_head_agrees():
    catalog = default()
    segments = sorted(arn._segments(catalog))
    rng = random.Random(7)
    for service in segments:
        ts = arn.templates(catalog, service)
        heads = {t.head for t in ts} | {t.head[:k] for t in ts for k in range(len(t.head))}
        heads |= {h + "x" for h in list(heads)} | {"/", "zz/", "/zz/"}
        for head in rng.sample(sorted(heads), min(len(heads), 60)):
            got = [e[0] for e in arn._candidates(catalog, service, head)]
            agree = [t for t in ts if head.startswith(t.head) or t.head.startswith(head)]
            assert [t for t in got if t in agree] == agree, (service, head)  # all of them, in order
            assert got == [t for t in ts if t in got], (service, head)


@pytest.mark.parametrize("text", ["", "*", "**", "us-east-1", "${aws:RequestedRegion}", "a*", "*-1", "123456789012",
                                  "aws", "?"])
def test_fits_is_any_compatible(text):
    seg = arn.Segment(text, 0, len(text))
    values = ["", "*", "${Region}", "us-west-2", "aws"]
    base = arn.templates(default(), "s3")[0]
    for n in range(0, 4):
        for combo in _combinations(values, n):
            ts = [base._replace(region=v, account=v) for v in combo]
            assert arn._fits(text, [t.region for t in ts]) == any(arn.region_compatible(seg, t) for t in ts), combo
            assert arn._fits(text, [t.account for t in ts]) == any(arn.account_compatible(seg, t) for t in ts), combo


def _combinations(values, n):
    if n == 0:
        yield ()
        return
    for v in values:
        for rest in _combinations(values, n - 1):
            yield (v,) + rest


@pytest.mark.parametrize("text", ["arn:aws:s3:::b/*", "arn:aws:s3", "a:b:c:d:e:f:g:h", ":::::", "arn:aws:iam::*:role/x",
                                  "arn:aws:s3:::b/${aws:username}/*", "noarn"])
def test_split_fields_makes_segments(text):
    fields = arn.split_fields(text)
    assert all(type(f) is arn.Segment for f in fields)
    assert all(text[f.start:f.end] == f.text for f in fields)
    assert [f.text for f in fields] == (text.split(":", 5) if "${" not in text else [f.text for f in fields])
    for f in fields:
        assert arn._literal(f.text) == f.literal


@pytest.mark.parametrize("text", ["123456789012", "١٢٣٤٥٦٧٨٩٠١٢", "²" * 12, "12345678901\n", "1234567890123", "12345678901a"])
def test_account_digits_test_is_the_regex(text):
    # _check tests len 12 and isdecimal where it used _ACCOUNT.match (\d is Unicode's decimal digits)
    assert (len(text) == 12 and text.isdecimal()) == bool(arn._ACCOUNT.match(text))


def test_verdicts_do_not_depend_on_what_was_judged_before():
    # _check remembers the checks of the text before the resource per catalog: ARNs sharing that
    # head must still get their own verdicts (the empty-service message quotes the whole ARN)
    from iamlint.catalog import Catalog

    values = [
        "arn:aws:s3:::reports/*", "arn:aws:s3:::", "arn:aws:s3:us-east-1::b", "arn:aws::::one", "arn:aws::::two",
        "arn:AWS:s3:::b", "arn:aws:S3:::b", "arn:aws:iam::*:role/x", "arn:aws:iam::*:nothing/x",
        "arn:aws:iam::1234-5678-9012:role/x", "arn:aws:iam::1234-5678-9012:user/y", "arn:aws:sqs:us-east-1::q",
        "arn:aws:sqs:us-east-1::r", "arn:aws:logs:*:*:log-group:/aws/x*", "arn:aws:nosuch:::x", "arn:aws:nosuch:::y",
        "arn:aws:ec2:US-EAST-1:*:instance/*", "arn:aws:ec2:US-EAST-1:*:volume/*",
    ]
    alone = {v: arn._verdict(Catalog(), v) for v in values}
    for order in (values, values[::-1]):
        catalog = Catalog()
        assert {v: arn._verdict(catalog, v) for v in order} == alone
    one, two = alone["arn:aws::::one"], alone["arn:aws::::two"]
    assert one and two and one != two
