"""The cheaper ways findings are built, placed, sent back from workers and written must give
exactly what the plain ways give."""

import bisect
import dataclasses
import glob
import inspect
import json
import os
import pickle
import random
import re

import pytest

from iamlint.config import Config
from iamlint.engine import lint
from iamlint.model import Finding, Fix, Position, Range, Severity, TextEdit
from iamlint.parse.json_document import build_index, find_slot
from iamlint.parse.source import LineIndex
from iamlint.render import json as json_render

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus", "aws-managed")


@pytest.mark.parametrize("cls", [Position, Range, Finding])
def test_hand_written_init_takes_exactly_the_fields(cls):
    fields = dataclasses.fields(cls)
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields):
        expected = f.default if f.default is not dataclasses.MISSING else inspect.Parameter.empty
        assert p.default == expected, f.name


def _finding(**changes):
    base = dict(code="IAM101", name="some-rule", severity=Severity.WARNING, message="m \u00e9",
                file="p.json", range=Range(Position(2, 3), Position(2, 9), 10, 16), path=("Statement", 0, "Action", 3))
    base.update(changes)
    return Finding(**base)


def test_with_extra_is_replace():
    f = _finding(extra=(("a", 1),))
    g = f.with_extra("value", "x")
    assert g == dataclasses.replace(f, extra=f.extra + (("value", "x"),))
    assert g.extra == (("a", 1), ("value", "x")) and f.extra == (("a", 1),)
    assert repr(g) == repr(dataclasses.replace(f, extra=g.extra))


def test_findings_pickle_whole():
    fix = Fix("t", (TextEdit(1, 2, "x"),), False)
    for f in (_finding(), _finding(fix=fix, location="Resources.R", sid="S", risk="r", extra=(("value", "v"),))):
        back = pickle.loads(pickle.dumps(f, pickle.HIGHEST_PROTOCOL))
        assert back == f and back.extra == f.extra and back.__class__ is Finding
        assert dataclasses.astuple(back) == dataclasses.astuple(f)


def _corpus_findings(limit=300):
    files = sorted(glob.glob(os.path.join(CORPUS, "*.json")))[:limit]
    if not files:
        pytest.skip("corpus not available")
    out = []
    for name in files:
        with open(name, encoding="utf-8") as f:
            out.extend(lint(f.read(), filename=name, config=Config(select=("ALL",))))
    return out


def test_finding_json_is_the_encoded_dict():
    dump = json.JSONEncoder(ensure_ascii=False).encode
    odd = [
        _finding(),
        _finding(fix=Fix("t", (TextEdit(1, 2, '"x"\n'),)), location="Resources.R[0]", sid="S\ud800", risk="r",
                 access_level="Write", access_analyzer="AA", policy_type="identity", message='q"\\\t\x01'),
        _finding(path=(), file="<stdin>"),
    ]
    for f in odd + _corpus_findings():
        assert json_render.finding_json(f) == dump(f.to_json())


def _reference_position(text, offset):
    offset = max(0, min(offset, len(text)))
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    line = bisect.bisect_right(starts, offset) - 1
    return Position(line + 1, offset - starts[line] + 1)


def test_line_index_positions_in_any_order():
    rnd = random.Random(7)
    for _ in range(2000):
        text = "".join(rnd.choice("ab\n\n\r ") for _ in range(rnd.randint(0, 40)))
        lines = LineIndex(text)
        for _ in range(rnd.randint(1, 30)):
            offset = rnd.randint(-2, len(text) + 2)
            assert lines.position(offset) == _reference_position(text, offset), (text, offset)
        assert lines.starts == [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def test_array_slots_in_any_order():
    rnd = random.Random(3)
    scalars = ['"a"', '"b,]"', '"\\"x\\""', "1", "-2.5e3", "true", "null", '""']
    for _ in range(500):
        def value(depth):
            r = rnd.random()
            if depth > 2 or r < 0.6:
                return rnd.choice(scalars)
            items = [value(depth + 1) for _ in range(rnd.randint(0, 5))]
            if r < 0.8:
                return "[" + rnd.choice([",", " , ", ",\n  "]).join(items) + " ]"
            return "{" + ", ".join(f'"k{i}": {v}' for i, v in enumerate(items)) + "}"

        text = value(0)
        index, _ = build_index(text)
        members = {}
        paths = list(index) + [p + (99,) for p in index]
        rnd.shuffle(paths)
        for path in paths:
            got = find_slot(text, path, members, unique_keys=True)
            want = index.get(path)
            assert (got and (got.start, got.end)) == (want and (want.start, want.end)), (text, path)
