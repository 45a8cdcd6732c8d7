"""The rules. Each module is one rule: CODE, NAME, SEVERITY, ACCESS_ANALYZER, optional
POLICY_TYPES / DEFAULT / NEEDS_POLICY, a `check(ctx)` generator of Problems, and a docstring that
is its documentation (What it does / Why is this bad? / Example / Use instead / References).

Every rule module is listed below, once; tests/test_rules.py checks that none is missing.
Codes: IAM0xx document, IAM1xx structure, IAM2xx validity against AWS's catalog, IAM3xx
conditions, IAM4xx privilege checks AWS makes (PassRole, service-linked roles), IAM5xx policy
types and principals, IAM6xx least privilege.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, FrozenSet, Iterable, List, Optional

from ..model import PolicyType, Problem, Severity

RULE_MODULES = [
    # -- document (IAM0xx) --
    "syntax_error",
    "duplicate_key",
    "invalid_utf8",
    # -- structure (IAM1xx) --
    "missing_statement",
    "missing_effect",
    "missing_action",
    "missing_resource",
    "missing_principal",
    "unknown_element",
    "wrong_type",
    "invalid_effect",
    "invalid_version",
    # -- catalog (IAM2xx) --
    "unknown_action",
    "unknown_service",
    # -- A: structure, variables, redundancy, retired services (IAM110-IAM199, IAM203-IAM209) --
    # -- end A --
    # -- B: ARNs (IAM210-IAM249) --
    # -- end B --
    # -- C: condition keys and operators (IAM301-IAM329) --
    # -- end C --
    # -- D: condition values (IAM330-IAM379) --
    # -- end D --
    # -- E: privilege checks AWS makes, actions vs condition keys (IAM401-IAM449) --
    # -- end E --
    # -- F1: policy-type syntax and principal syntax (IAM501-IAM529) --
    # -- end F1 --
    # -- F2: trust, federation, service principals, typed resource policies (IAM530-IAM579) --
    # -- end F2 --
]

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    access_analyzer: Optional[str]
    policy_types: Optional[FrozenSet[PolicyType]]
    default: bool
    needs_policy: bool
    doc: str
    module: str
    check: Callable[..., Iterable[Problem]]

    @property
    def summary(self) -> str:
        """The first sentence of 'What it does'."""
        lines = [l.strip() for l in self.doc.strip().splitlines()]
        try:
            start = lines.index("## What it does") + 1
        except ValueError:
            start = 0
        text = " ".join(l for l in lines[start:] if l and not l.startswith("#")).split(". ")[0]
        return text.rstrip(".")


def _load(module_name: str) -> Rule:
    mod = importlib.import_module(f"{__name__}.{module_name}")
    types = getattr(mod, "POLICY_TYPES", None)
    return Rule(
        code=mod.CODE,
        name=mod.NAME,
        severity=mod.SEVERITY,
        access_analyzer=getattr(mod, "ACCESS_ANALYZER", None),
        policy_types=frozenset(types) if types is not None else None,
        default=getattr(mod, "DEFAULT", True),
        needs_policy=getattr(mod, "NEEDS_POLICY", True),
        doc=(mod.__doc__ or "").strip(),
        module=module_name,
        check=mod.check,
    )


@lru_cache(maxsize=None)
def _all() -> tuple:
    return tuple(sorted((_load(m) for m in RULE_MODULES), key=lambda r: r.code))


def all_rules() -> List[Rule]:
    return list(_all())


def find_rule(code_or_name: str) -> Optional[Rule]:
    key = code_or_name.strip()
    for rule in _all():
        if rule.code == key.upper() or rule.name == key.lower():
            return rule
    return None
