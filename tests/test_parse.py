"""The parsing path: the lark grammar and the fast path agree; strict JSON is enforced with exact
positions; offsets map to lines and columns whatever the line ends; nothing raises."""

import json
import random

import pytest
from lark.exceptions import UnexpectedInput

from conftest import corpus_dir
from iamlint import lint
from iamlint.config import Config
from iamlint.engine import parse
from iamlint.parse.json_document import MAX_DEPTH, JsonDocument, build_index, string_span
from iamlint.parse.source import LineIndex, decode
from iamlint.parse.tree import parse_tree

CORPORA = ("aws-managed", "aws-managed-deprecated", "risky")


def _tree_slots(text):
    """path -> (key_start, key_end, start, end) and path -> scalar value, from the lark tree."""
    slots, values = {}, {}
    for path, key, node in parse_tree(text).walk():
        slots[path] = (key.start if key else -1, key.end if key else -1, node.start, node.end)
        if node.kind not in ("object", "array"):
            values[path] = node.value
    return slots, values


def _fast_slots(text):
    index, _dups = build_index(text)
    return {p: (s.key_start, s.key_end, s.start, s.end) for p, s in index.items()}


def _value_at(value, path):
    for p in path:
        value = value[p]
    return value


def _assert_agree(text, name="<text>"):
    doc = JsonDocument(text)
    assert doc.syntax_error is None, (name, doc.syntax_error)
    slots, values = _tree_slots(text)
    fast = _fast_slots(text)
    assert fast == slots, name
    for path, v in values.items():
        got = _value_at(doc.value, path)
        assert got == v and type(got) is type(v), (name, path)


# -- the two paths agree -----------------------------------------------------------------------
@pytest.mark.parametrize("corpus", CORPORA)
def test_lark_and_fast_path_agree_on_every_corpus_file(corpus):
    """Every key and value of every file (all 1,452 managed policies: about 4 s)."""
    files = sorted(corpus_dir(corpus).glob("*.json"))
    assert files
    checked = 0
    for path in files:
        text, err = decode(path.read_bytes())
        if err is not None or parse(text).syntax_error is not None:
            continue  # the risky corpus may hold deliberately broken files; see test_corpus
        _assert_agree(parse(text).text, path.name)
        checked += 1
    if corpus == "aws-managed":
        assert checked == len(files) == 1452


AGREE_CASES = {
    "escapes in keys and values": '{"a\\"b": "x\\\\y", "\\u0041": ["\\n", "\\ud83d\\ude00", "\\/"]}',
    "non-ascii": '{"résumé": "naïve ☃", "😀": "😀😀"}',
    "crlf and tabs": '{\r\n\t"Statement" :\r\n\t[ { "Effect" : "Allow" } , 1.5e3 , -0 , true , false , null ]\r\n}',
    "lone cr": '{"a":\r1,\r"b":\r[\r]\r}',
    "empties": '{"a": {}, "b": [], "c": [[], [{}]], "": ""}',
    "scalar top": '"just a string"',
    "number top": "  42  ",
    "array top": '[{"Statement": []}, [1, [2, [3]]]]',
    "minified": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}',
    "brackets inside strings": '{"a": "[{,:}]", "b": ["]", "}", "\\"]"]}',
}


@pytest.mark.parametrize("name", sorted(AGREE_CASES))
def test_lark_and_fast_path_agree_on_tricky_text(name):
    _assert_agree(AGREE_CASES[name], name)


def test_duplicate_keys_keep_the_last_value_and_are_located():
    text = '{"Statement": [], "Version": "2012-10-17",\n "Statement": {"Effect": "Allow", "Effect": "Deny"}}'
    doc = JsonDocument(text)
    assert doc.syntax_error is None
    assert doc.value["Statement"] == {"Effect": "Deny"}  # as AWS: the last one wins
    dups = doc.duplicate_keys
    assert [p for p, _ in dups] == [("Statement",), ("Statement", "Effect")]
    (_, first), (_, second) = dups
    assert text[first.key_start : first.key_end] == '"Statement"'
    assert doc.lines.position(first.key_start).line == 2
    assert text[second.key_start : second.key_end] == '"Effect"'
    assert text[second.start : second.end] == '"Deny"'
    # The index points at the last occurrence, like the value.
    assert text[doc.slot(("Statement",)).start] == "{"
    assert JsonDocument('{"a": 1, "b": 2}').duplicate_keys == []


def test_members_of_a_repeated_object_are_not_duplicates_themselves():
    # Only the key written twice in one object is reported: the second "Condition" here, and
    # the key repeated inside it, not "Bool", which each copy holds once.
    text = '{"Condition": {"Bool": {"k": "true"}}, "Condition": {"Bool": {"k": "true", "k": "false"}}}'
    doc = JsonDocument(text)
    dups = doc.duplicate_keys
    assert [p for p, _ in dups] == [("Condition",), ("Condition", "Bool", "k")]
    assert text[dups[1][1].start : dups[1][1].end] == '"false"'
    assert JsonDocument('[{"a": 1}, {"a": 2}]').duplicate_keys == []


# -- strict JSON, exact positions ----------------------------------------------------------------
# text, (line, column) of the start, end offset - start offset, a word of the message
REJECTED = {
    "trailing comma in object": ('{"a": 1,}', (1, 9), 1, "trailing comma"),
    "trailing comma in array": ('{"a": [1, 2,\n  ]}', (2, 3), 1, "trailing comma"),
    "line comment": ('{\n  // note\n  "a": 1}', (2, 3), 1, "comments"),
    "block comment": ('{"a": /* x */ 1}', (1, 7), 1, "comments"),
    "single-quoted key": ("{'a': 1}", (1, 2), 1, "double quotes"),
    "single-quoted value": ("{\"a\": 'x'}", (1, 7), 1, "double quotes"),
    "NaN": ('{"a": NaN}', (1, 7), 1, "NaN and Infinity"),
    "Infinity": ('{"a": [1, Infinity]}', (1, 11), 1, "NaN and Infinity"),
    "-Infinity": ('{"a": -Infinity}', (1, 7), 1, "NaN and Infinity"),
    "raw tab in string": ('{"a": "x\ty"}', (1, 9), 1, "U+0009"),
    "raw newline in string": ('{"a": "x\ny"}', (1, 9), 1, "U+000A"),
    "raw NUL in string": ('{"a": "\x00"}', (1, 8), 1, "U+0000"),
    "bad escape": ('{"a": "x\\qy"}', (1, 9), 2, "escape"),
    "bad unicode escape": ('{"a": "\\u12G4"}', (1, 8), 6, "four hexadecimal digits"),
    "truncated object": ('{"a": [1, 2', (1, 12), 0, "expected ',' or ']'"),
    "truncated string": ('{"a": "abc', (1, 7), 4, "unterminated string"),
    "truncated after key": ('{\n  "Statement":', (2, 15), 0, "expected a value"),
    "empty input": ("", (1, 1), 0, "expected a value"),
    "whitespace only": ("  \n ", (2, 2), 0, "expected a value"),
    "two documents": ('{"a": 1} {}', (1, 10), 1, "after the end of the JSON value"),
    "missing comma": ('{"a": 1 "b": 2}', (1, 9), 3, "expected ',' or '}'"),
    "missing colon": ('{"a" 1}', (1, 6), 1, "expected ':'"),
    "unquoted key": ("{a: 1}", (1, 2), 1, "unexpected 'a'"),
    "Python True": ('{"a": True}', (1, 7), 1, "JSON writes it true"),
    "Python None": ('{"a": None}', (1, 7), 1, "JSON writes it null"),
    "leading zero": ('{"a": 01}', (1, 8), 1, "expected ',' or '}'"),
    "plus sign": ('{"a": +1}', (1, 7), 1, "unexpected '+1'"),
    "binary": ("\x00\x01\x02", (1, 1), 1, "binary file"),
    "deep nesting": ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), (1, MAX_DEPTH + 1), 1, "nesting deeper"),
}


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_strict_json_rejections_with_exact_positions(name):
    text, (line, column), width, word = REJECTED[name]
    doc = JsonDocument(text)
    err = doc.syntax_error
    assert err is not None, name
    assert doc.value is None
    pos = doc.lines.position(err.offset)
    assert (pos.line, pos.column) == (line, column), (name, err)
    assert err.end_offset - err.offset == width, (name, err)
    assert word in err.message, (name, err.message)
    # The grammar of record rejects it too (the depth limit is ours, not JSON's).
    if name != "deep nesting":
        with pytest.raises(UnexpectedInput):
            parse_tree(text)


def test_nesting_100000_deep_is_a_finding_not_a_recursion_error():
    for text in ("[" * 100_000 + "]" * 100_000, "[" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        doc = JsonDocument(text)
        assert doc.syntax_error is not None
        assert doc.syntax_error.offset == [i for i, c in enumerate(text) if c in "[{"][MAX_DEPTH]
        assert "nesting deeper" in doc.syntax_error.message
        findings = lint(text, config=Config(select=("ALL",)))
        assert [f.code for f in findings] == ["IAM001"]
        assert findings[0].range.start.column == doc.syntax_error.offset + 1


def test_nesting_up_to_the_limit_is_accepted():
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert JsonDocument(text).syntax_error is None


def test_lone_surrogate_escapes_are_allowed():
    # RFC 8259 section 8.2: such strings are syntactically valid; what they mean is the rules' business.
    text = '{"Statement": [{"Effect": "Allow", "Action": "s3:\\ud800", "Resource": "*"}]}'
    doc = JsonDocument(text)
    assert doc.syntax_error is None
    assert doc.value["Statement"][0]["Action"] == "s3:\ud800"
    parse_tree(text)
    lint(text, config=Config(select=("ALL",)))  # no exception


def test_bom_is_accepted_and_offsets_stay_aligned():
    data = '\ufeff{"Version": "2012-10-17",\n "Statement": []}'.encode("utf-8")
    text, err = decode(data)
    assert err is None and not text.startswith("\ufeff")
    doc = parse("\ufeff" + text)  # the engine also accepts a BOM left in a str
    assert doc.syntax_error is None and doc.value["Statement"] == []
    r = doc.locate(("Statement",))
    assert (r.start.line, r.start.column) == (2, 15)


def test_invalid_utf8_is_reported_with_its_position():
    data = b'{\n  "Statement": "ab\xffc"}'
    text, err = decode(data)
    assert text is None
    assert (err.byte_offset, err.line, err.column) == (20, 2, 19)
    assert "0xff" in err.message


def test_mutated_documents_never_raise_and_both_paths_judge_alike():
    """Deterministic fuzzing: delete, duplicate or replace one character of real policies."""
    rng = random.Random(20260307)
    files = sorted(corpus_dir("aws-managed").glob("*.json"))
    sample = [files[i] for i in range(0, len(files), 29)]
    alphabet = '{}[]:,"\\ \n\t\r0a-.eE/\x00\x1f\u00e9'
    for path in sample:
        base = path.read_text(encoding="utf-8")
        for _ in range(12):
            i = rng.randrange(len(base))
            op = rng.randrange(3)
            if op == 0:
                text = base[:i] + base[i + 1 :]
            elif op == 1:
                text = base[:i] + base[i] + base[i:]
            else:
                text = base[:i] + rng.choice(alphabet) + base[i + 1 :]
            doc = JsonDocument(text)
            try:
                parse_tree(text)
                lark_ok = True
            except UnexpectedInput:
                lark_ok = False
            assert (doc.syntax_error is None) == lark_ok, (path.name, i, op, doc.syntax_error)
            if doc.syntax_error is None:
                _assert_agree(text, path.name)
            else:
                assert 0 <= doc.syntax_error.offset <= doc.syntax_error.end_offset <= len(text)
                assert doc.syntax_error.message
            lint(text, config=Config(select=("ALL",)))


# -- string_span -----------------------------------------------------------------------------
def test_string_span_without_escapes():
    text = '{"a": "s3:GetObject"}'
    start, end = 6, len(text) - 1
    assert text[start:end] == '"s3:GetObject"'
    a, b = string_span(text, start, end, (3, 6))
    assert text[a:b] == "Get"


def test_string_span_maps_decoded_offsets_through_escapes():
    raw = '"a\\"b\\u0041c\\\\d\\ud83d\\ude00e"'
    text = "[" + raw + "]"
    start, end = 1, 1 + len(raw)
    decoded = json.loads(raw)
    assert decoded == 'a"bAc\\d\U0001F600e'  # the escaped surrogate pair is one character
    for ch in "bcde":
        i = decoded.index(ch)
        a, b = string_span(text, start, end, (i, i + 1))
        assert text[a:b] == ch
    a, b = string_span(text, start, end, (decoded.index('"'), decoded.index('"') + 1))
    assert text[a:b] == '\\"'
    a, b = string_span(text, start, end, (decoded.index("A"), decoded.index("A") + 1))
    assert text[a:b] == "\\u0041"
    i = decoded.index("\U0001F600")
    a, b = string_span(text, start, end, (i, i + 1))
    assert text[a:b] == "\\ud83d\\ude00"
    # A lone escaped surrogate stays one character.
    lone = '"x\\ud83dy"'
    assert json.loads(lone) == "x\ud83dy"
    a, b = string_span(lone, 0, len(lone), (2, 3))
    assert lone[a:b] == "y"
    a, b = string_span(text, start, end, (0, len(decoded)))
    assert (a, b) == (start + 1, end - 1)
    # Out-of-range spans are clamped, never an IndexError.
    assert string_span(text, start, end, (-5, 999)) == (start + 1, end - 1)


def test_locate_key_value_span_and_fallback():
    text = '{\n  "Statement": [\n    {"Action": "s3:\\u0047etObject"}\n  ]\n}'
    doc = JsonDocument(text)
    r = doc.locate(("Statement", 0, "Action"), on_key=True)
    assert (r.start.line, r.start.column, r.end.column) == (3, 6, 14)
    r = doc.locate(("Statement", 0, "Action"), span=(3, 6))
    assert text[r.start_offset : r.end_offset] == "\\u0047et"
    # A path that does not exist falls back to its nearest ancestor.
    r = doc.locate(("Statement", 0, "Resource", 3))
    assert text[r.start_offset] == "{" and r.start.line == 3
    r = doc.locate(("Nope",))
    assert r.start_offset == 0


# -- LineIndex -------------------------------------------------------------------------------
@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_index_with_every_line_end(eol):
    text = eol.join(['{"a":', '  "é☃",', "", '  "b"}'])
    idx = LineIndex(text)
    b = text.index('"b"')
    pos = idx.position(b)
    assert (pos.line, pos.column) == (4, 3)
    assert idx.offset(4, 3) == b
    snow = text.index("☃")
    assert idx.position(snow).column == 5  # columns count code points
    assert idx.line_text(2) == '  "é☃",'
    assert idx.line_text(3) == ""
    assert idx.line_text(99) == ""
    # Every offset round-trips, and the line end belongs to its line.
    for off in range(len(text) + 1):
        p = idx.position(off)
        assert idx.offset(p.line, p.column) == off
    first_eol = text.index(eol)
    assert idx.position(first_eol).line == 1
    assert idx.position(first_eol + len(eol)) .line == 2
    # Clamping, never an exception.
    assert idx.position(-3).line == 1
    assert idx.position(10**6) == idx.position(len(text))
    assert idx.offset(0, 0) == 0 and idx.offset(99, 1) == len(text)


def test_positions_with_crlf_through_the_engine():
    text = '{\r\n  "Version": "2012-10-17",\r\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]\r\n}\r\n'
    findings = lint(text, config=Config(select=("IAM201",)))
    assert len(findings) == 1
    f = findings[0]
    assert (f.range.start.line, f.range.start.column) == (3, 47)
    assert text.splitlines()[2][f.range.start.column - 1 : f.range.end.column - 1] == '"s3:GetObjekt"'


def test_find_slot_agrees_with_the_index_on_the_corpus():
    """The lookup the engine uses for findings (find_slot, scanning containers with the C scanner)
    gives the same offsets as the full index for every key and value."""
    from conftest import CORPUS
    from iamlint.parse.json_document import build_index, find_slot

    files = sorted((CORPUS / "aws-managed").glob("*.json"))[::5] + sorted((CORPUS / "risky").glob("*.json"))
    if not files:
        pytest.skip("the corpus is not beside the repository")
    checked = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        index, duplicates = build_index(text)
        # both ways of scanning objects (to the end, or lazily up to the key when no key repeats),
        # each in document order and in reverse, so that lazily scanned containers are resumed
        for unique_keys in (False, True) if not duplicates else (False,):
            members = {}
            for key in list(index) + list(reversed(list(index))):
                got = find_slot(text, key, members, unique_keys=unique_keys)
                want = index[key]
                assert (got.start, got.end) == (want.start, want.end), (path.name, key, unique_keys)
                if key:
                    assert (got.key_start, got.key_end) == (want.key_start, want.key_end), (path.name, key)
                checked += 1
    assert checked > 20000


def test_find_slot_in_mixed_arrays():
    """Arrays that hold scalars, then containers (and the reverse) are stepped over correctly."""
    from iamlint.parse.json_document import build_index, find_slot

    text = '{"a": ["x", 1, {"k": [1, 2]}, "y", [true, null], -2.5e3], "b": [{"z": 1}, "w"]}'
    index, _ = build_index(text)
    for order in (list(index), list(reversed(list(index)))):
        members = {}
        for key in order:
            got = find_slot(text, key, members, unique_keys=True)
            assert (got.start, got.end) == (index[key].start, index[key].end), key
