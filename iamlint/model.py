"""The values the core hands around: severities, positions, problems (what a rule says) and findings
(what the engine reports). All frozen: a finding is a fact about a document, never edited in place."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional, Tuple, Union

PathElement = Union[str, int]
Path = Tuple[PathElement, ...]


class Severity(str, Enum):
    """Mirrors Access Analyzer's four finding types."""

    ERROR = "error"
    SECURITY = "security"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls(text.lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {text!r} (choose from {', '.join(s.value for s in cls)})"
            ) from None


# Higher is more serious; `--fail-on warning` fails on warning, security and error.
_RANK = {Severity.SUGGESTION: 0, Severity.WARNING: 1, Severity.SECURITY: 2, Severity.ERROR: 3}


class PolicyType(str, Enum):
    IDENTITY = "identity"
    RESOURCE = "resource"
    TRUST = "trust"
    SCP = "scp"
    RCP = "rcp"
    BOUNDARY = "boundary"

    @property
    def schema_name(self) -> str:
        # A permissions boundary is an identity policy as far as the grammar goes.
        return "identity" if self is PolicyType.BOUNDARY else self.value

    @property
    def is_identity_like(self) -> bool:
        return self in (PolicyType.IDENTITY, PolicyType.BOUNDARY)

    @property
    def has_principals(self) -> bool:
        return self in (PolicyType.RESOURCE, PolicyType.TRUST, PolicyType.RCP)


# Positions, ranges and findings are made by the thousand per corpus run. The __init__ a frozen
# dataclass generates sets each field with its own object.__setattr__ call (a Finding: about
# 4 us); these hand-written ones fill the instance dict in one call and keep every other
# generated method (eq, hash, repr, replace, pickling). tests/test_findings_speed.py checks that
# they take exactly the fields, with the same defaults.


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, counted in characters (code points)

    def __init__(self, line: int, column: int):
        self.__dict__.update(line=line, column=column)


@dataclass(frozen=True)
class Range:
    start: Position
    end: Position
    start_offset: int  # 0-based character offsets into the text
    end_offset: int

    def __init__(self, start: Position, end: Position, start_offset: int, end_offset: int):
        self.__dict__.update(start=start, end=end, start_offset=start_offset, end_offset=end_offset)

    def to_json(self) -> dict:
        return {
            "start": {"line": self.start.line, "column": self.start.column},
            "end": {"line": self.end.line, "column": self.end.column},
        }


@dataclass(frozen=True)
class TextEdit:
    start_offset: int
    end_offset: int
    new_text: str


@dataclass(frozen=True)
class Fix:
    """A replacement for part of the text. `safe` fixes are applied by `--fix` and fixAll."""

    title: str
    edits: Tuple[TextEdit, ...]
    safe: bool = True

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "safe": self.safe,
            "edits": [
                {"start_offset": e.start_offset, "end_offset": e.end_offset, "new_text": e.new_text}
                for e in self.edits
            ],
        }


@dataclass(frozen=True)
class Replacement:
    """What a rule proposes; the engine turns it into text edits.

    kind "replace": put the JSON value `new_value` where the problem's target is (with a span, the
    characters of the string); "remove": delete the array item at the problem's path, with its
    comma (or, with `new_value` a tuple of paths, every item at those paths: adjacent items go in
    one edit); "insert-first": insert the member `new_value` = (key, value) first in the object at the
    problem's path, in the object's own layout; "text": `new_value` is a raw edit of the file,
    (start, end, new text), for a problem placed by offsets. `target`: edit another place than the
    one the problem points at (e.g. the operator, for a finding on a condition key)."""

    title: str
    new_value: Any
    safe: bool = True
    kind: str = "replace"
    target: Optional[Path] = None  # replace here instead of at the problem's own target
    target_on_key: bool = False


@dataclass(frozen=True)
class Problem:
    """What a rule yields: a path into the document and a message; the engine owns positions.

    `on_key` points at the key of the last path element instead of its value; `span` narrows the
    range to characters [start, end) of the decoded string value; `offsets` places a problem that
    has no path (a syntax error) directly in the text."""

    path: Path
    message: str
    access_analyzer: Optional[str] = None  # overrides the rule's default code; "": none (AWS does not report this case)
    on_key: bool = False
    span: Optional[Tuple[int, int]] = None
    replacement: Optional[Replacement] = None
    risk: Optional[str] = None
    access_level: Optional[str] = None
    severity: Optional[Severity] = None  # overrides the rule's default severity
    offsets: Optional[Tuple[int, int]] = None  # absolute character offsets, for text without a path


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    file: str
    range: Range
    path: Path
    access_analyzer: Optional[str] = None
    policy_type: Optional[str] = None
    sid: Optional[str] = None
    risk: Optional[str] = None
    access_level: Optional[str] = None
    fix: Optional[Fix] = None
    location: Optional[str] = None  # where an embedded policy sits, e.g. "Resources.AppRole.Properties.Policies[0]"
    extra: Tuple[Tuple[str, Any], ...] = field(default=(), compare=False)

    def __init__(self, code: str, name: str, severity: Severity, message: str, file: str, range: Range, path: Path,
                 access_analyzer: Optional[str] = None, policy_type: Optional[str] = None, sid: Optional[str] = None,
                 risk: Optional[str] = None, access_level: Optional[str] = None, fix: Optional[Fix] = None,
                 location: Optional[str] = None, extra: Tuple[Tuple[str, Any], ...] = ()):
        self.__dict__.update(
            code=code, name=name, severity=severity, message=message, file=file, range=range, path=path,
            access_analyzer=access_analyzer, policy_type=policy_type, sid=sid, risk=risk, access_level=access_level,
            fix=fix, location=location, extra=extra,
        )

    def __reduce__(self):
        # Worker processes send their findings back pickled: as flat fields the range's three
        # objects cost one call to rebuild, instead of three objects (with their dicts) to write
        # and read; about half the pickling time of a finding.
        rng = self.range
        where = (rng.start.line, rng.start.column, rng.end.line, rng.end.column, rng.start_offset, rng.end_offset)
        return _finding_from_fields, (
            self.__class__, self.code, self.name, self.severity, self.message, self.file, where, self.path,
            self.access_analyzer, self.policy_type, self.sid, self.risk, self.access_level, self.fix, self.location,
            self.extra,
        )

    def with_extra(self, key: str, value: Any) -> "Finding":
        """A copy with (key, value) added to `extra`: what dataclasses.replace gives, at a tenth of
        its cost (it reads every field and calls __init__ again)."""
        copy = object.__new__(self.__class__)
        copy.__dict__.update(self.__dict__)
        copy.__dict__["extra"] = self.extra + ((key, value),)
        return copy

    def sort_key(self):
        return (self.file, self.range.start_offset, self.range.end_offset, self.code, self.message)

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "access_analyzer": self.access_analyzer,
            "risk": self.risk,
            "access_level": self.access_level,
            "policy_type": self.policy_type,
            "path": list(self.path),
            "sid": self.sid,
            "range": self.range.to_json(),
            "fix": self.fix.to_json() if self.fix else None,
            "location": self.location,
        }


def _finding_from_fields(cls, code, name, severity, message, file, where, *rest) -> Finding:
    """Finding.__reduce__'s inverse."""
    start_line, start_column, end_line, end_column, start_offset, end_offset = where
    rng = Range(Position(start_line, start_column), Position(end_line, end_column), start_offset, end_offset)
    return cls(code, name, severity, message, file, rng, *rest)
