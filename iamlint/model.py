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


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, counted in characters (code points)


@dataclass(frozen=True)
class Range:
    start: Position
    end: Position
    start_offset: int  # 0-based character offsets into the text
    end_offset: int

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
    comma; "insert-first": insert the member `new_value` = (key, value) first in the object at the
    problem's path, in the object's own layout. `target`: edit another place than the one the
    problem points at (e.g. the operator, for a finding on a condition key)."""

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
    access_analyzer: Optional[str] = None  # overrides the rule's default code
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
