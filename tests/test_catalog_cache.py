"""The compact derived catalog in the user's cache directory: optional, and never changes an answer."""

import os

from iamlint import catalog as catalog_mod
from iamlint.catalog import Catalog


def _snapshot(cat: Catalog):
    acts = [(a.full_name, a.access_levels, a.resource_types, a.condition_keys, a.resource_scoped) for a in cat.expand("*")]
    res = {p: cat.resource_types(p) for p in ("s3", "iam", "ec2", "lambda")}
    return acts, res


def test_compact_catalog_written_and_equal_to_json(tmp_path, monkeypatch):
    monkeypatch.setenv("IAMLINT_NO_CACHE", "1")
    plain = _snapshot(Catalog())
    monkeypatch.delenv("IAMLINT_NO_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = Catalog()
    assert _snapshot(first) == plain  # built from the JSON and saved
    path = catalog_mod.compact_catalog_path(first)
    assert path.startswith(str(tmp_path)) and os.path.isfile(path)
    assert _snapshot(Catalog()) == plain  # read back from the file
    assert not [n for n in os.listdir(os.path.dirname(path)) if n.endswith(".tmp")]


def test_damaged_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("IAMLINT_NO_CACHE", "1")
    plain = _snapshot(Catalog())
    monkeypatch.delenv("IAMLINT_NO_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = catalog_mod.compact_catalog_path(Catalog())
    os.makedirs(os.path.dirname(path))
    with open(path, "wb") as f:
        f.write(b"\x80\x04garbage")
    assert _snapshot(Catalog()) == plain


def test_unwritable_cache_dir_still_works(tmp_path, monkeypatch):
    monkeypatch.setenv("IAMLINT_NO_CACHE", "1")
    plain = _snapshot(Catalog())
    monkeypatch.delenv("IAMLINT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert _snapshot(Catalog()) == plain


def test_description_read_on_demand(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    action = Catalog().action("s3:GetObject")
    assert action is not None and "retrieve" in action.description.lower()


def test_arn_templates_from_the_cache_equal_those_from_the_json(tmp_path, monkeypatch):
    from iamlint import arn

    monkeypatch.setenv("IAMLINT_NO_CACHE", "1")
    plain = Catalog()
    index = arn._template_index(plain)  # built from every service's resource types
    assert plain.arn_template_segments() is None
    monkeypatch.delenv("IAMLINT_NO_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for cached in (Catalog(), Catalog()):  # written, then read back
        assert set(cached.arn_template_segments()) == set(index)
        for segment, templates in index.items():
            assert arn.templates(cached, segment) == templates
        assert "arn.index" not in cached.memo  # never built: the cache holds it per segment


def test_shared_keeps_values_and_shares_equal_parts():
    a, b = "aws:RequestTag/${TagKey}", "".join(["aws:RequestTag/", "${TagKey}"])
    assert a == b and a is not b
    value = {"x": ("X", "Read", (("bucket", True),), (a,)), "y": ("Y", "Read", (("bucket", 1),), (b,))}
    shared = catalog_mod._shared(value, {})
    assert shared == value
    assert shared["x"][3] is shared["y"][3]  # equal tuples of equal strings: one object
    assert shared["x"][2][0][1] is True and shared["y"][2][0][1] == 1 and shared["y"][2][0][1] is not True
