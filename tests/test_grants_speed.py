"""The shortcuts of the catalog and entry judging give the answers of the plain ways."""

from itertools import compress, repeat

from iamlint import catalog as catalog_mod
from iamlint.catalog import Catalog


def _scan(catalog: Catalog, prefix: str, head: str):
    actions = catalog.actions(prefix)
    return tuple(compress(actions.values(), map(str.startswith, actions, repeat(head))))


def test_expand_by_bisection_matches_a_scan():
    catalog = Catalog()
    for prefix in ("ec2", "iam", "s3", "sagemaker", "glue"):
        assert len(catalog.actions(prefix)) >= catalog_mod._INDEXED
        heads = {name[:n] for name in catalog.actions(prefix) for n in (1, 2, 3, 6, len(name))}
        heads |= {"zzz", "describe", "get", "a", "~", "describeinstancesx"}
        for head in sorted(heads):
            assert catalog._expand(f"{prefix}:{head}*") == _scan(catalog, prefix, head), head


def test_expand_wildcard_services_by_bisection():
    catalog = Catalog()
    got = catalog.expand("s3*:Get*")
    want = tuple(a for p in catalog.services if p.startswith("s3") for a in _scan(catalog, p, "get"))
    assert got == want


def test_action_names_are_every_action():
    catalog = Catalog()
    names = catalog.action_names()
    if names is None:  # no compact catalog (IAMLINT_NO_CACHE)
        return
    every = {f"{p}:{k}" for p in catalog.services for k in catalog.actions(p)}
    assert names == every
    for text in ("s3:GetObject", "S3:getobject", "s3:Get*", "s3", "s3:NoSuchAction", "nosuch:GetObject",
                 "ec2:DescribeInstances", "*"):
        assert (text.lower() in names) == Catalog().is_known_action(text), text


def test_entry_verdicts_are_remembered_per_list():
    from iamlint.config import Config
    from iamlint.engine import lint

    doc = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": '
           '["s3:GetObject", "s3:NoSuchAction", "*:Get*", "s3:Get*", "nosuch:Thing"], "Resource": "*"}]}')
    cfg = Config(select=("IAM125", "IAM201", "IAM202", "IAM203"))
    first = [(f.code, f.message) for f in lint(doc, filename="p.json", config=cfg)]
    again = [(f.code, f.message) for f in lint(doc, filename="p.json", config=cfg)]
    assert first == again
    assert {c for c, _ in first} == {"IAM125", "IAM201", "IAM202"}
