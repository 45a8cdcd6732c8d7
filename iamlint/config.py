"""Configuration is a value: built from defaults, then a file, then the command line, and passed
into `lint()`. Nothing here is read from globals."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Dict, Mapping, Optional, Tuple

from .model import PolicyType, Severity


@dataclass(frozen=True)
class Config:
    select: Optional[Tuple[str, ...]] = None  # None: the rules enabled by default
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code or name -> severity
    options: Mapping[str, Mapping[str, object]] = field(default_factory=dict)  # rule name -> options
    policy_type: Optional[PolicyType] = None  # None: detect
    resource_type: Optional[str] = None

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)


DEFAULT = Config()


def matches(selector: str, code: str, name: str) -> bool:
    """A selector is ALL, a code prefix (IAM2, IAM201) or a rule name (unknown-action)."""
    s = selector.strip()
    if not s:
        return False
    if s.upper() == "ALL":
        return True
    if s.lower() == name:
        return True
    return code.startswith(s.upper())


def severity_override(config: Config, code: str, name: str) -> Optional[Severity]:
    sev: Dict[str, Severity] = dict(config.severity)
    return sev.get(code) or sev.get(name)
