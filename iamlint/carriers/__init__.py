"""Carriers: files that hold IAM policies inside something else (YAML, CloudFormation, CDK output,
Terraform). A carrier finds each policy in a file and hands the engine one document per policy
whose `locate()` answers with ranges in the ORIGINAL file, plus the policy type and resource
type that follow from where the policy sits.

The runner calls `extract(path, text)`: None when no carrier claims the file (a plain JSON
policy, or a file to skip), otherwise the list of EmbeddedPolicy found (possibly empty: a
template without policies). Carriers are tried in the order of CARRIERS; each is a module in
this package with `extract(path, text, document=None) -> Optional[List[EmbeddedPolicy]]` and a
cheap `accepts(path) -> bool` (by file name only, no parsing) so unrelated files cost nothing.

Intrinsic functions and interpolations become `Placeholder` strings (a `str` subclass): rules
that see one can tell (is_placeholder) and skip it; the text chosen for it is a plausible value
for its position (an ARN in Resource, an account in aws:SourceAccount, ...) so rules that do
not know placeholders see nothing wrong. `Placeholder.spans` are the substituted parts, and
`as_written` names a value in a message as the user wrote it (never the plausible text). The
ARN checks (arn.py) judge only the literal parts of a Resource: a wholly computed one has no ARN
finding, a computed part matches anything.

A value computed where the grammar wants an object or array (`Statement = concat(...)`,
`Condition: !Ref C`, `StringEquals = var.x`, `Principal = var.p`) is a Placeholder as well: an
object or array unknown until deploy, never a wrong type or an empty one (wrong-type skips it).
So is a computed object key (a Terraform condition `test` or `variable`, a principal `type`,
`(var.op) = ...`). A statement whose conditions are partly computed (`conditions_unknown`) may
hold any condition: the rules whose verdict depends on conditions (DEPENDS_ON_CONDITIONS) do not
judge it.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..model import Path, PolicyType, Range
from .edits import COMMENT_MARKS, EditContext, exact_span, insertion

# Tried in this order; the first carrier whose accepts(path) is true and whose extract() does
# not return None wins.
CARRIERS: List[str] = [
    "cdk",  # cdk.out/*.template.json (CloudFormation with construct paths)
    "cloudformation",  # *.json / *.yaml / *.yml / *.template with Resources
    # -- C2: Terraform (terraform.py) registers itself here, e.g. "terraform", --
    "terraform",  # *.tf (HCL): data "aws_iam_policy_document", jsonencode / heredoc policies
    "tfplan",  # *.json with planned_values: `terraform show -json` output
    "yaml_doc",  # *.yaml / *.yml whose top level has Statement
]


class Placeholder(str):
    """A value CloudFormation/Terraform computes at deploy time, shown to the rules as a
    plausible literal. `intrinsic`: the function (Ref, Fn::Sub, Fn::GetAtt, ${...}); `spans`:
    the [start, end) parts of the string that were substituted (the whole string for a
    whole-value intrinsic); `sources`: per character, (Loc, raw_start, raw_end) in the original
    file or None (internal: used to place findings inside the string); `written`: per span, the
    text the user wrote there (`${Name}`, `${var.x}`), or None when not known (see as_written)."""

    intrinsic: str = ""
    spans: Tuple[Tuple[int, int], ...] = ()
    sources: Optional[list] = None
    written: Optional[Tuple[str, ...]] = None

    def __new__(cls, text: str, intrinsic: str = "", spans=None, sources=None, written=None):
        self = super().__new__(cls, text)
        self.intrinsic = intrinsic
        self.spans = tuple(spans) if spans is not None else ((0, len(text)),)
        self.sources = sources
        self.written = tuple(written) if written is not None and len(written) == len(self.spans) else None
        return self

    def written_span(self, i: int) -> str:
        """How the user wrote the i-th substituted part: `${Name}`, `${var.x}`, else `<Ref>`."""
        if self.written is not None and self.written[i]:
            return self.written[i]
        return f"<{self.intrinsic or 'computed'}>" if self.whole else "<computed>"

    @property
    def whole(self) -> bool:
        return self.spans == ((0, len(self)),)

    def literal(self, start: int, end: int) -> bool:
        """Whether [start, end) lies entirely in literal text (no substituted character)."""
        return all(e <= start or s >= end for s, e in self.spans)


def is_placeholder(value: Any) -> bool:
    """True for a value (or a string containing a part) computed at deploy time."""
    return value.__class__ is Placeholder


def holds_placeholder(value: Any) -> bool:
    """Whether a value, or anything inside it (keys included), is computed at deploy time."""
    cls = value.__class__
    if cls is Placeholder:
        return True
    if cls is dict:
        return any(k.__class__ is Placeholder or holds_placeholder(v) for k, v in value.items())
    if cls is list:
        return any(map(holds_placeholder, value))
    return False


def conditions_unknown(statement: Any) -> bool:
    """Whether a statement (a dict as written) has a Condition computed at deploy time, in whole
    or in part: the Condition itself, an operator's block, an operator or a condition key; it
    may then hold any condition. (A computed value of a known key is a plausible value.)"""
    cond = statement.get("Condition") if statement.__class__ is dict else None
    if cond.__class__ is Placeholder:
        return True
    if cond.__class__ is dict:
        for op, block in cond.items():
            if op.__class__ is Placeholder or block.__class__ is Placeholder:
                return True
            if block.__class__ is dict and any(k.__class__ is Placeholder for k in block):
                return True
    return False


_JSON_TYPES = ((bool, "a boolean"), (int, "a number"), (float, "a number"), (str, "a string"), (list, "an array"), (dict, "an object"))


def json_type(value: Any) -> str:
    """How a message names the JSON type of a value: 'a number', 'null', ..."""
    if value is None:
        return "null"
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "a value")


def not_a_policy(text: str, lines, loc: Loc, message: str) -> EmbeddedDocument:
    """The document handed to the engine for a property that should hold a policy but holds a
    value of another type (`PolicyDocument: 42`, `Policies: "x"`, `policy = true`): no value,
    located at the property's value, and `message` for wrong-type (IAM107) to report there."""
    doc = EmbeddedDocument(text, lines, None, {(): loc}, root=loc)
    doc.not_a_policy = message
    return doc


def as_written(value: str) -> str:
    """How a message names a string: a whole computed value by what was written
    (`<var.actions>`, `<Ref>`), a partly computed one with each computed part as written
    (`repo:${var.org}/${var.repo}:*`, `arn:aws:iam::${Account}:root`), never with the
    plausible text the rules were shown in its place."""
    if value.__class__ is not Placeholder:
        return value
    if value.whole:
        return f"<{value.intrinsic or 'computed'}>"
    return written_between(value, 0, len(value))


def written_between(value: str, start: int, end: int) -> str:
    """Characters [start, end) of a string as written: a computed part that overlaps the range
    is shown whole, as written (see as_written)."""
    if value.__class__ is not Placeholder:
        return value[start:end]
    out = []
    pos = start
    for i, (s, e) in enumerate(value.spans):
        if e <= start or s >= end:
            continue
        if s > pos:
            out.append(value[pos:s])
        out.append(value.written_span(i))
        pos = max(pos, e)
    if pos < end:
        out.append(value[pos:end])
    return "".join(out)


@dataclass(frozen=True)
class CarrierSuppression:
    """`# iamlint: ignore[IAM201,unknown-action] reason` in YAML (kind "comment"), or
    `Metadata: {iamlint: {ignore: [{code: IAM201, reason: ...}]}}` on a CloudFormation resource
    (kind "metadata"). `codes` empty: every code. `reason` None: missing (to be reported).
    `start_offset`/`end_offset`: where the suppression is written (to report it unused).
    A comment covers findings starting on `line` (and on the next line when the comment is
    alone on its line); metadata covers findings whose start offset is in [scope_start,
    scope_end) (the whole resource)."""

    kind: str
    codes: Tuple[str, ...]
    reason: Optional[str]
    start_offset: int
    end_offset: int
    line: Optional[int] = None  # 1-based line of a comment
    own_line: bool = False  # the comment is alone on its line: it also covers the next line
    scope_start: int = -1
    scope_end: int = -1

    def covers(self, code: str, name: str, rng: Range) -> bool:
        if self.codes and not any(_code_matches(c, code, name) for c in self.codes):
            return False
        if self.kind == "comment":
            line = rng.start.line
            return line == self.line or (self.own_line and line == (self.line or 0) + 1)
        return self.scope_start <= rng.start_offset < self.scope_end


def _code_matches(selector: str, code: str, name: str) -> bool:
    s = selector.strip()
    return s.upper() == "ALL" or code.startswith(s.upper()) or s.lower() == name


@dataclass
class EmbeddedPolicy:
    """One policy found inside a carrier file."""

    document: Any  # JsonDocument's interface (value, syntax_error, duplicate_keys, text, lines, locate)
    policy_type: Optional[PolicyType]  # None: detect from the content
    resource_type: Optional[str]
    label: str  # where it sits, e.g. Resources.MyRole.Properties.AssumeRolePolicyDocument
    construct_path: Optional[str] = None  # CDK: Metadata["aws:cdk:path"]
    suppressions: Tuple[CarrierSuppression, ...] = ()
    notes: Tuple[str, ...] = ()  # e.g. "permissions boundary of MyRole", "Fn::If branch 2"
    generated: bool = False  # CDK output, a Terraform plan: --fix leaves the file alone


# The inside of ${...} that can only be an IAM policy variable (aws:username, aws:PrincipalTag/team):
# no CloudFormation name has a single colon, no Terraform expression has one at all.
POLICY_VARIABLE = re.compile(r"[A-Za-z][A-Za-z0-9.-]*:(?!:)[^:\s{}\"]+\Z")


@dataclass(frozen=True)
class UnescapedVariable:
    """A policy variable the carrier's own template engine reads as one of its interpolations
    (`${aws:username}` in Fn::Sub or in a Terraform string): [start, end) in the file, the key,
    the engine, and the escape that makes it literal, inserted at `insert_at` (None: not exactly
    placed, no fix)."""

    start: int
    end: int
    name: str
    engine: str  # "Fn::Sub" or "Terraform"
    escape: str  # "!" after "${" (Fn::Sub), "$" before it (Terraform)
    insert_at: Optional[int]


# -- locations and the embedded document ------------------------------------------------------


class Loc:
    """Where a member sits in the original file: key range (-1 when none), value range, and how
    a character range of the decoded string maps back to raw offsets (`mapper(a, b)` ->
    (start, end) or None when the scalar's style makes that uncertain)."""

    __slots__ = ("key_start", "key_end", "start", "end", "mapper")

    def __init__(self, key_start: int, key_end: int, start: int, end: int, mapper=None):
        self.key_start = key_start
        self.key_end = key_end
        self.start = start
        self.end = end
        self.mapper = mapper

    def span(self, a: int, b: int) -> Optional[Tuple[int, int]]:
        if self.mapper is None:
            return None
        try:
            return self.mapper(a, b)
        except Exception:  # pragma: no cover - a worse range beats a crash
            return None

    def __repr__(self):  # pragma: no cover - debugging
        return f"Loc({self.key_start}, {self.key_end}, {self.start}, {self.end})"


class EmbeddedDocument:
    """A policy inside a bigger file, with JsonDocument's interface. `value` is the policy as
    Python data (intrinsics replaced by Placeholders); `index` maps each path of `value` to its
    Loc in the original `text` (a dict, or anything with its `get`, to locate on demand)."""

    def __init__(self, text: str, lines, value: Any, index: Dict[Path, Loc], syntax_error=None,
                 duplicate_keys: Sequence = (), root: Optional[Loc] = None, edits: Optional[EditContext] = None):
        self.text = text
        self.edits = edits  # how fixes are written here; None: no fixes (see edits.py)
        self.unescaped_variables: Tuple[UnescapedVariable, ...] = ()  # unescaped-policy-variable (IAM005)
        self.lines = lines
        self.value = value
        self.index = index
        self.syntax_error = syntax_error
        self.duplicate_keys = list(duplicate_keys)
        self.root = root
        # A property that should hold a policy but holds a value of another type (see
        # not_a_policy): what wrong-type (IAM107) reports on it; the value is then None.
        self.not_a_policy: Optional[str] = None

    def slot(self, path: Path) -> Optional[Loc]:
        return self.index.get(tuple(path))

    def locate(self, path: Path, on_key: bool = False, span=None) -> Range:
        path = tuple(path)
        loc = None
        while True:
            loc = self.index.get(path)
            if loc is not None or not path:
                break
            path = path[:-1]
            on_key, span = False, None
        if loc is None:
            loc = self.root
            if loc is None:
                return self.lines.range(0, 0)
        if on_key and loc.key_start >= 0:
            return self.lines.range(loc.key_start, loc.key_end)
        if span is not None:
            mapped = _span_in(self.index_value(path), loc, span)
            if mapped is not None:
                return self.lines.range(*mapped)
        return self.lines.range(loc.start, loc.end)

    def replacement_edit(self, path: Path, new_value: Any, on_key: bool = False, span=None) -> Optional[Tuple[int, int, str]]:
        """(start, end, text) that puts `new_value` at `path` (its key with on_key, characters
        [a, b) of its string with span) in the file, or None when that cannot be done exactly
        (see carriers/edits.py)."""
        edits = self.edits
        path = tuple(path)
        loc = self.index.get(path) if edits is not None else None
        if loc is None:
            return None
        # The raw text must show what is being replaced: a location made up by a carrier (a
        # Terraform block standing for a default Version, `actions` standing for "Action") or an
        # escaped scalar gets no edit.
        if on_key:
            key = path[-1] if path else None
            if loc.key_start < 0 or not isinstance(new_value, str) or not isinstance(key, str) \
                    or key.__class__ is Placeholder or key not in self.text[loc.key_start : loc.key_end]:
                return None
            new_text = edits.whole(self.text, loc.key_start, new_value)
            return None if new_text is None else (loc.key_start, loc.key_end, new_text)
        current = self.index_value(path)
        if holds_placeholder(current):
            return None  # computed at deploy time (or a list holding such a value): never rewritten
        if span is not None:
            if current.__class__ is not str:
                return None
            mapped = exact_span(loc.span(*span), loc.start, loc.end)
            new_text = None if mapped is None else edits.characters(self.text, loc.start, loc.end, str(new_value))
            return None if new_text is None else (mapped[0], mapped[1], new_text)
        shown = current if current.__class__ is str else json.dumps(current)
        if shown not in self.text[loc.start : loc.end]:
            return None
        new_text = edits.whole(self.text, loc.start, new_value)
        return None if new_text is None else (loc.start, loc.end, new_text)

    def removal_edit(self, path: Path) -> Optional[Tuple[int, int, str]]:
        """(start, end, "") deleting the array item at `path` with its separator, or None."""
        if self.edits is None or not path or not isinstance(path[-1], int):
            return None
        if self.index_value(path).__class__ is Placeholder:
            return None
        from ..fixes import removal  # fixes.py imports tempfile: only when a fix is made

        # YAML and HCL have comments (and lists that may end with a comma); JSON has neither.
        comments = COMMENT_MARKS if self.edits.dialect != "json" else ()
        edit = removal(self.text, self.index.get, tuple(path), comments)
        return None if edit is None else (edit.start_offset, edit.end_offset, "")

    def insertion_edit(self, path: Path, key: str, value: Any) -> Optional[Tuple[int, int, str]]:
        """(at, at, text) inserting the member `key: value` first in the mapping at `path`, in
        its layout (a block mapping's indentation, a flow mapping's `, `), or None. Not inside a
        policy written as a string."""
        edits = self.edits
        mapping = self.index_value(tuple(path))
        if edits is None or edits.outer is not None or not isinstance(mapping, dict):
            return None
        if edits.dialect == "json":  # a JSON template's object, as in a policy file
            from ..fixes import json_insert_first

            holder = self.index.get(tuple(path))
            edit = json_insert_first(self.text, holder.start, key, value) if holder is not None else None
            return None if edit is None else (edit.start_offset, edit.end_offset, edit.new_text)
        if not mapping:
            return None
        first = next(iter(mapping))
        loc = self.index.get(tuple(path) + (first,))
        if loc is None or loc.key_start < 0 or first not in self.text[loc.key_start : loc.key_end]:
            return None
        return insertion(self.text, loc.key_start, key, value, edits.dialect)

    def index_value(self, path: Path) -> Any:
        v = self.value
        try:
            for p in path:
                v = v[p]
        except (KeyError, IndexError, TypeError):
            return None
        return v


def _span_in(value: Any, loc: Loc, span) -> Optional[Tuple[int, int]]:
    a, b = span
    if value.__class__ is Placeholder and value.sources is not None:
        src = value.sources
        n = len(src)
        a, b = max(0, min(a, n)), max(0, min(b, n))
        if b <= a:
            b = min(n, a + 1)
        parts = src[a:b]
        if not parts or any(p is None for p in parts) or len({id(p[0]) for p in parts}) != 1:
            return None
        return min(p[1] for p in parts), max(p[2] for p in parts)
    if value.__class__ is Placeholder:
        return None
    return loc.span(a, b)


def extract(path: str, text: str, document=None) -> Optional[List[EmbeddedPolicy]]:
    """The policies inside `path` (whose content is `text`), or None when no carrier claims
    it. `document`: the file already parsed as a JsonDocument, if the caller has it (saves a
    parse). Never raises on malformed input."""
    for name in CARRIERS:
        mod = _module(name)
        if mod is None or not mod.accepts(path):
            continue
        found = mod.extract(path, text, document)
        if found is not None:
            return found
    return None


_MODULES: Dict[str, Any] = {}


def _module(name: str):
    mod = _MODULES.get(name)
    if mod is None:
        try:
            mod = importlib.import_module(f"{__name__}.{name}")
        except ImportError:  # a carrier still being written must not break the others
            return None
        _MODULES[name] = mod
    return mod
