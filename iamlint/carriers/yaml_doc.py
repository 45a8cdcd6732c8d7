"""YAML with positions: policy files written in YAML, and the YAML reader CloudFormation uses.

PyYAML's composer (libyaml, in C) gives a node tree with start/end marks; it is turned into
Python values and an index path -> Loc (key range, value range, string mapper), like
JsonDocument's. Decisions:

* Scalars: YAML 1.1 would turn `yes` into True, `2012-10-17` into a date and `012` into 10.
  CloudFormation supports no timestamp type and sends what was written, so a plain scalar stays
  the string written except `true`/`false` (any case) -> bool, `null`/`~`/empty -> None, a
  decimal integer without a leading zero -> int, a decimal float -> float. `yes`, `on`, dates,
  octal and `0x..` stay strings (an account id `012345678901` keeps its zero). Quoted and block
  scalars are always strings; `!!str`/`!!int`/`!!float`/`!!bool` are honoured.
* Aliases and anchors (`*a`, `&a`, merge keys `<<`) are refused: CloudFormation does not support
  them and they are how YAML bombs are made. Refused means one syntax finding, never expansion.
* Tags: in a policy file only YAML's standard tags; in a CloudFormation template also the
  short-form intrinsics (!Sub, !Ref, ...), turned into their long form ({"Fn::Sub": ...}).
  Anything else is a finding naming the tag.
* Size: more than MAX_CHARS characters, or nesting deeper than MAX_NESTING, is refused before
  parsing (libyaml's composer recurses in C and would crash the process on absurd nesting).
"""

from __future__ import annotations

import os
import re
from typing import Any, Dict, List, Optional, Tuple

from ..model import Path
from ..parse.json_document import SyntaxProblem
from ..parse.source import LineIndex
from . import CarrierSuppression, EmbeddedDocument, EmbeddedPolicy, Loc
from .edits import EditContext

MAX_CHARS = 2 * 1024 * 1024  # a CloudFormation template is at most 1 MB; policies are KB
MAX_NESTING = 1000  # libyaml handles ~10,000 levels before crashing; policies need < 10
MAX_NODES = 200_000
YAML_EXTENSIONS = (".yaml", ".yml")

CFN_TAGS = {
    "!Ref": "Ref", "!Condition": "Condition", "!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt",
    "!Join": "Fn::Join", "!If": "Fn::If", "!Select": "Fn::Select", "!Split": "Fn::Split",
    "!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue", "!GetAZs": "Fn::GetAZs",
    "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!Equals": "Fn::Equals", "!And": "Fn::And",
    "!Or": "Fn::Or", "!Not": "Fn::Not", "!Transform": "Fn::Transform",
    "!ToJsonString": "Fn::ToJsonString", "!Length": "Fn::Length",
}
_STD = "tag:yaml.org,2002:"
_PLAIN = "?plain"
_BOOL = {"true": True, "false": False}
_NULL = {"null", "~", ""}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)\Z")
_INDENT = re.compile(r"^[ \t]*", re.M)
_FLOW = re.compile(r"[\[\]{}]")
_MARKERS = re.compile(r"(?:^|\s)-(?=\s)|:(?=\s)|\?(?=\s)")
_SUPPRESS = re.compile(r"(^|[ \t])#[ \t]*iamlint:[ \t]*ignore(?:\[([^\]]*)\])?[ \t]*(.*?)[ \t]*$", re.M)


class YamlError(Exception):
    def __init__(self, offset: int, end: int, message: str):
        super().__init__(message)
        self.problem = SyntaxProblem(offset, max(offset, end), message)


def _loader_class():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        def resolve(self, kind, value, implicit):  # noqa: D401 - PyYAML hook
            if kind is yaml.ScalarNode:
                return _PLAIN if implicit[0] else _STD + "str"
            return _STD + ("seq" if kind is yaml.SequenceNode else "map")

    return Loader


_LOADER = None


def loader():
    global _LOADER  # a class: a pure cache
    if _LOADER is None:
        _LOADER = _loader_class()
    return _LOADER


class YamlTree:
    """The whole YAML file: value, index (path -> Loc), duplicate keys, or an error."""

    def __init__(self, text: str, cfn: bool):
        self.text = text
        self.lines = LineIndex(text)
        self.cfn = cfn
        self.value: Any = None
        self.index: Dict[Path, Loc] = {}
        self.duplicates: List[Tuple[Path, Loc]] = []
        self.error: Optional[SyntaxProblem] = None
        self._nodes = 0
        try:
            self._load()
        except YamlError as exc:
            self.error = exc.problem
            self.value = None

    def _load(self) -> None:
        import yaml

        text = self.text
        if len(text) > MAX_CHARS:
            raise YamlError(0, 0, f"YAML document of {len(text)} characters refused (limit {MAX_CHARS})")
        _check_nesting(text)
        try:
            loader_obj = loader()(text)
            try:
                node = loader_obj.get_single_node()
            finally:
                loader_obj.dispose()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            offset = _mark_offset(text, mark)
            message = (exc.problem or "invalid YAML").strip().splitlines()[0]
            if "undefined alias" in message or "found undefined alias" in message:
                message = "YAML aliases (*name) are not allowed (CloudFormation does not support them)"
            elif exc.context and "expected a single document" in exc.context:
                message = "more than one YAML document in the file (--- separates documents); one policy per file"
            raise YamlError(offset, offset + 1, f"invalid YAML: {message}") from None
        except yaml.YAMLError as exc:
            offset = max(0, min(int(getattr(exc, "position", 0) or 0), len(text)))
            first = (str(exc).splitlines() or ["?"])[0]
            raise YamlError(offset, offset + 1, f"invalid YAML: {first}") from None
        except (RecursionError, MemoryError):
            raise YamlError(0, 0, "YAML document too deeply nested or too large") from None
        if node is None:
            self.value = None
            return
        seen: set = set()
        self.value = self._convert(node, (), seen, Loc(-1, -1, *self._range(node)))

    # -- conversion ----------------------------------------------------------------------------
    def _range(self, node) -> Tuple[int, int]:
        start = _mark_offset(self.text, node.start_mark)
        end = _mark_offset(self.text, node.end_mark)
        return start, end

    def _convert(self, node, path: Path, seen: set, loc: Loc) -> Any:
        import yaml

        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlError(loc.start, loc.end, f"YAML document has more than {MAX_NODES} nodes; refused")
        if id(node) in seen:
            raise YamlError(*self._alias_position(), "YAML aliases (*name) are not allowed: CloudFormation does not support them, and they make YAML bombs")
        seen.add(id(node))
        if len(path) > MAX_NESTING:
            raise YamlError(loc.start, loc.end, "nesting too deep")
        tag = node.tag
        if tag.startswith("!") and not tag.startswith("!!"):
            long_name = CFN_TAGS.get(tag) if self.cfn else None
            if long_name is None:
                where = "in a CloudFormation template" if self.cfn else "in a policy"
                raise YamlError(loc.start, loc.start + len(tag), f"unsupported YAML tag {tag} {where}")
            # !Sub x -> {"Fn::Sub": x}: the tag is the key, what follows it the value.
            inner_start = loc.start
            if self.text.startswith(tag, loc.start):
                inner_start = loc.start + len(tag)
                while inner_start < loc.end and self.text[inner_start] in " \t\r\n":
                    inner_start += 1
            inner_loc = Loc(loc.start, loc.start + len(tag), inner_start, loc.end)
            self.index[path] = loc
            inner_path = path + (long_name,)
            if long_name == "Fn::GetAtt" and isinstance(node, yaml.ScalarNode):
                value = self._scalar(node, inner_loc, force_str=True)
            else:
                value = self._convert_plain(node, inner_path, seen, inner_loc, tagless=True)
            self.index[inner_path] = inner_loc
            return {long_name: value}
        if tag.startswith(_STD) and tag[len(_STD):] not in ("str", "int", "float", "bool", "null", "map", "seq"):
            raise YamlError(loc.start, loc.end, f"unsupported YAML tag !!{tag[len(_STD):]}")
        return self._convert_plain(node, path, seen, loc)

    def _convert_plain(self, node, path: Path, seen: set, loc: Loc, tagless: bool = False) -> Any:
        import yaml

        self.index[path] = loc
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, loc, force_str=tagless)
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, child in enumerate(node.value):
                cpath = path + (i,)
                cloc = Loc(-1, -1, *self._range(child))
                out.append(self._convert(child, cpath, seen, cloc))
            return out
        result: Dict[str, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                s, e = self._range(knode)
                raise YamlError(s, e, "a mapping key must be a plain string")
            key = knode.value
            ks, ke = self._range(knode)
            if key == "<<" and not knode.style:
                raise YamlError(ks, ke, "YAML merge keys (<<) are not allowed (CloudFormation does not support them)")
            cpath = path + (key,)
            vs, ve = self._range(vnode)
            cloc = Loc(ks, ke, vs, ve)
            if key in result:
                self.duplicates.append((cpath, cloc))
            result[key] = self._convert(vnode, cpath, seen, cloc)
        return result

    def _scalar(self, node, loc: Loc, force_str: Optional[bool]) -> Any:
        raw = node.value
        loc.mapper = _mapper(self.text, node, loc)
        tag = node.tag
        if force_str or tag == _STD + "str":
            return raw
        if tag == _PLAIN and not node.style:
            low = raw.lower()
            if low in _BOOL:
                return _BOOL[low]
            if raw in _NULL or raw in ("Null", "NULL"):
                return None
            if _INT.match(raw):
                return int(raw)
            if _FLOAT.match(raw):
                try:
                    return float(raw)
                except ValueError:  # pragma: no cover
                    return raw
            return raw
        if tag == _STD + "int":
            try:
                return int(raw.replace("_", ""), 0)
            except ValueError:
                raise YamlError(loc.start, loc.end, f"!!int value {raw!r} is not an integer") from None
        if tag == _STD + "float":
            try:
                return float(raw.replace("_", ""))
            except ValueError:
                raise YamlError(loc.start, loc.end, f"!!float value {raw!r} is not a number") from None
        if tag == _STD + "bool":
            low = raw.lower()
            if low in ("true", "yes", "on"):
                return True
            if low in ("false", "no", "off"):
                return False
            raise YamlError(loc.start, loc.end, f"!!bool value {raw!r} is not a boolean")
        if tag == _STD + "null":
            return None
        return raw

    def _alias_position(self) -> Tuple[int, int]:
        m = re.search(r"(?:^|[\s\[{,:-])(\*[^\s,\[\]{}]+)", self.text)
        if m:
            return m.start(1), m.end(1)
        return 0, 0


def _mark_offset(text: str, mark) -> int:
    if mark is None:
        return 0
    # libyaml counts characters; clamp defensively.
    return max(0, min(int(getattr(mark, "index", 0) or 0), len(text)))


def _check_nesting(text: str) -> None:
    """A cheap upper bound of the nesting depth; refuse texts that could nest absurdly."""
    flow = depth = 0
    if text.count("[") + text.count("{") > MAX_NESTING // 2:
        for m in _FLOW.finditer(text):
            if m.group() in "[{":
                depth += 1
                flow = max(flow, depth)
            else:
                depth -= 1
    indent = max((len(m.group()) for m in _INDENT.finditer(text)), default=0)
    if flow + 2 * (indent + 1) <= MAX_NESTING // 2:
        markers = 0
        if len(text) > MAX_NESTING // 4:
            markers = max((len(_MARKERS.findall(line)) for line in text.splitlines() if len(line) > 40), default=0)
        if flow + 2 * (indent + 1) + markers <= MAX_NESTING:
            return
    # The bound is loose: measure per line before refusing.
    worst = flow + 2 * (indent + 1) + max((len(_MARKERS.findall(line)) for line in text.splitlines()), default=0)
    if worst > MAX_NESTING:
        raise YamlError(0, 0, f"YAML nesting may exceed {MAX_NESTING} levels; refused")


def _mapper(text: str, node, loc: Loc):
    """Decoded [a, b) -> raw offsets, for the scalar styles where that is certain."""
    style = node.style
    start, end = loc.start, loc.end
    raw = text[start:end]
    if "\n" in raw.rstrip("\r\n") and style not in ("|",):
        return None
    if not style:
        return lambda a, b: (start + a, start + b)
    if style == "'":
        if "''" in raw[1:-1]:
            return _escaped_mapper(raw, start, node.value, _single_quoted_widths)
        return lambda a, b: (start + 1 + a, start + 1 + b)
    if style == '"':
        if "\\" in raw:
            return _escaped_mapper(raw, start, node.value, _double_quoted_widths)
        return lambda a, b: (start + 1 + a, start + 1 + b)
    if style == "|":
        return _literal_block_mapper(text, start, end, node.value)
    return None


_YAML_ESCAPE_WIDTH = {"x": 4, "u": 6, "U": 10}  # \xXX, \uXXXX, \UXXXXXXXX; every other escape is 2


def _double_quoted_widths(body: str):
    """Raw width of each decoded character of a one-line double-quoted scalar's body."""
    i, n = 0, len(body)
    while i < n:
        if body[i] == "\\" and i + 1 < n:
            w = _YAML_ESCAPE_WIDTH.get(body[i + 1], 2)
            yield w
            i += w
        else:
            yield 1
            i += 1


def _single_quoted_widths(body: str):
    i, n = 0, len(body)
    while i < n:
        w = 2 if body.startswith("''", i) else 1
        yield w
        i += w


def _escaped_mapper(raw: str, start: int, value: str, widths):
    """Quoted one-line scalars with escapes (`\"`, `\u00e9`, `''`): decoded character i starts at
    raw offset at[i]. None when the widths do not add up to the decoded value (then the finding
    gets the whole scalar, and no fix)."""
    at = []
    pos = start + 1
    for w in widths(raw[1:-1]):
        at.append(pos)
        pos += w
    if len(at) != len(value) or pos != start + len(raw) - 1:
        return None
    at.append(pos)
    n = len(value)

    def span(a: int, b: int):
        a, b = max(0, min(a, n)), max(0, min(b, n))
        return at[a], at[max(a, b)]

    return span


def _literal_block_mapper(text: str, start: int, end: int, value: str):
    """`|` blocks: each decoded line is a raw line minus the block's indentation."""
    nl = text.find("\n", start)
    if nl < 0 or nl >= end:
        return None
    body_start = nl + 1
    raw_lines = text[body_start:end].split("\n")
    indent = None
    for line in raw_lines:
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            break
    if indent is None:
        return None
    # decoded line k starts at raw offset raw_starts[k] + indent
    raw_starts = []
    pos = body_start
    for line in raw_lines:
        raw_starts.append(pos)
        pos += len(line) + 1
    dec_starts = []
    pos = 0
    for line in value.split("\n"):
        dec_starts.append(pos)
        pos += len(line) + 1

    def to_raw(i: int) -> int:
        import bisect

        k = max(0, bisect.bisect_right(dec_starts, i) - 1)
        if k >= len(raw_starts):
            return end
        return min(end, raw_starts[k] + indent + (i - dec_starts[k]))

    return lambda a, b: (to_raw(a), to_raw(b))


# -- suppression comments ---------------------------------------------------------------------


def comment_suppressions(text: str, lines: LineIndex) -> Tuple[CarrierSuppression, ...]:
    """`# iamlint: ignore[CODE,...] reason` comments (YAML, HCL): on the line of a finding, or
    alone on the line above it."""
    if "iamlint:" not in text:
        return ()
    out = []
    for m in _SUPPRESS.finditer(text):
        start = m.start() + len(m.group(1))
        pos = lines.position(start)
        line_start = lines.offset(pos.line, 1)
        own_line = not text[line_start:start].strip()
        codes = tuple(c.strip() for c in (m.group(2) or "").split(",") if c.strip())
        reason = m.group(3).strip() or None
        out.append(CarrierSuppression("comment", codes, reason, start, m.end(), line=pos.line, own_line=own_line))
    return tuple(out)


# -- the YAML policy carrier ------------------------------------------------------------------


def accepts(path: str) -> bool:
    return path.lower().endswith(YAML_EXTENSIONS)


def extract(path: str, text: str, document=None) -> Optional[List[EmbeddedPolicy]]:
    """A YAML file whose top level has Statement is one policy; a broken YAML file that says
    Statement is reported; anything else is not ours (None)."""
    if "Statement" not in text:
        return None
    tree = YamlTree(text, cfn=False)
    if tree.error is None and not (isinstance(tree.value, dict) and "Statement" in tree.value):
        return None
    return [policy_from_tree(tree, label=os.path.basename(path))]


def policy_from_tree(tree: YamlTree, label: str) -> EmbeddedPolicy:
    doc = EmbeddedDocument(
        tree.text, tree.lines, tree.value, tree.index, syntax_error=tree.error,
        duplicate_keys=tree.duplicates, root=tree.index.get(()), edits=EditContext("yaml"),
    )
    return EmbeddedPolicy(doc, None, None, label, suppressions=comment_suppressions(tree.text, tree.lines))
