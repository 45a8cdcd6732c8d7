"""The rules. Each module is one rule: CODE, NAME, SEVERITY, ACCESS_ANALYZER, optional
POLICY_TYPES / DEFAULT / NEEDS_POLICY / RUNS_LAST / OPTIONS / DEPENDS_ON_CONDITIONS, a `check(ctx)` generator of Problems, and a docstring that
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
    "unescaped_policy_variable",
    "invalid_utf8",
    "internal_error",
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
    "missing_version",
    "conflicting_elements",
    "duplicate_sid",
    "invalid_sid",
    "empty_sid",
    "empty_action_array",
    "empty_resource_array",
    "empty_condition",
    "empty_condition_value",
    "empty_condition_value_forallvalues",
    "empty_condition_value_foranyvalue",
    "empty_condition_value_ifexists",
    "policy_too_large",
    "redundant_action",
    "redundant_statement",
    "wildcard_in_service_name",
    "variable_missing_brace",
    "variable_missing_quote",
    "variable_with_space",
    "empty_variable",
    "variable_in_unsupported_element",
    "variable_without_version",
    "unknown_variable_key",
    "retired_service",
    # -- end A --
    # -- B: ARNs (IAM210-IAM249) --
    "invalid_arn_prefix",
    "missing_arn_field",
    "arn_service_not_lowercase",
    "unknown_partition",
    "unknown_arn_region",
    "arn_region_not_allowed",
    "missing_arn_region",
    "invalid_arn_account",
    "arn_account_not_allowed",
    "missing_arn_account",
    "unknown_arn_resource_type",
    "unknown_arn_service",
    "redundant_resource",
    # -- end B --
    # -- C: condition keys and operators (IAM301-IAM329) --
    "unknown_condition_operator",
    "null_with_if_exists",
    "null_with_set_qualifier",
    "malformed_condition_key",
    "unknown_global_condition_key",
    "unknown_service_condition_key",
    "unknown_condition_key_service",
    "unsupported_global_condition_key",
    "deprecated_global_condition_key",
    "condition_keys_differ_in_case",
    "multivalued_key_without_qualifier",
    "forallvalues_with_single_valued_key",
    "operator_type_mismatch",
    "string_like_operator_on_arn_key",
    "tag_condition_key_without_tag_key",
    "spoofable_condition_key",
    "missing_paired_condition_key",
    "mixed_condition_value_types",
    # -- end C --
    # -- D: condition values (IAM330-IAM379) --
    "bool_value_not_boolean",
    "multiple_bool_values",
    "date_value_not_date",
    "date_value_not_iso8601",
    "numeric_value_not_number",
    "binary_value_not_base64",
    "invalid_ip_range",
    "ip_range_host_bits_set",
    "source_ip_only_private",
    "source_ip_partly_private",
    "wildcard_without_like_operator",
    "invalid_variable_for_operator",
    "unknown_region_value",
    "invalid_vpc_id",
    "invalid_vpce_id",
    "invalid_kms_key_arn",
    "invalid_service_principal",
    "wildcard_too_permissive",
    "variable_too_permissive",
    "redundant_numeric_values",
    "like_star_equals_null_false",
    "not_like_star_equals_null_true",
    "like_star_always_true",
    "not_like_star_never_true",
    "s3_prefix_in_negative_context",
    "dynamodb_attributes_without_select",
    # -- end D --
    # -- E: privilege checks AWS makes, actions vs condition keys (IAM401-IAM449) --
    "pass_role_with_not_resource",
    "pass_role_with_wildcard_action_and_not_resource",
    "pass_role_with_not_action_and_not_resource",
    "pass_role_with_wildcard_resource",
    "pass_role_with_wildcard_action_and_resource",
    "pass_role_with_not_action_and_wildcard_resource",
    "create_slr_with_not_resource",
    "create_slr_with_wildcard_action_and_not_resource",
    "create_slr_with_not_action_and_not_resource",
    "create_slr_with_wildcard_resource",
    "create_slr_with_wildcard_action_and_resource",
    "create_slr_with_not_action_and_wildcard_resource",
    "allow_with_unsupported_tag_condition_key",
    "allow_notaction_with_unsupported_tag_condition_key",
    "deny_with_unsupported_tag_condition_key",
    "deny_notaction_with_unsupported_tag_condition_key",
    # -- end E --
    # -- F1: policy-type syntax and principal syntax (IAM501-IAM529) --
    "principal_in_identity_policy",
    "principal_in_scp",
    "scp_action_wildcard_not_at_end",
    "rcp_principal_not_star",
    "rcp_restricted_allow",
    "notaction_in_rcp",
    "rcp_unsupported_service_action",
    "rcp_principal_key_without_service_check",
    "rcp_source_key_without_service_check",
    "rcp_source_key_without_null_check",
    "notprincipal_in_trust_policy",
    "wildcard_principal_in_trust_policy",
    "resource_in_trust_policy",
    "invalid_principal_format",
    "invalid_principal_key",
    "wildcard_in_principal",
    "federated_principal_outside_trust_policy",
    "role_unique_id_principal",
    "user_unique_id_principal",
    "empty_principal_array",
    "empty_principal_object",
    "allow_with_notprincipal",
    "malformed_aws_principal",
    # -- end F1 --
    # -- F2: trust, federation, service principals, typed resource policies (IAM530-IAM579) --
    "invalid_federated_principal",
    "mismatched_action_for_principal",
    "roles_anywhere_missing_action",
    "oidc_principal_without_condition",
    "github_oidc_without_repo_condition",
    "github_sub_wildcard",
    "for_any_value_on_audience_claim",
    "set_operator_on_audience_claim",
    "redundant_assumed_role_principal",
    "service_principal_without_source_condition",
    "service_principal_with_weak_condition",
    "unsupported_condition_key_for_service_principal",
    "action_unsupported_by_resource_type",
    "resource_arn_of_other_service",
    "irrelevant_condition_key_for_resource_type",
    # -- end F2 --
    # -- L1: least privilege: wildcards, scope, missing conditions, exposure (IAM601-IAM629) --
    "full_admin",
    "allow_with_not_action",
    "allow_with_not_resource",
    "service_wide_wildcard",
    "write_action_on_all_resources",
    "sensitive_access_without_condition",
    "allow_when_mfa_false",
    "mfa_null_check_in_allow",
    "mfa_deny_without_if_exists",
    "allow_mfa_if_exists",
    "open_to_everyone",
    "cross_account_trust_without_external_id",
    # -- end L1 --
    # -- L2: least privilege: risks (IAM630-IAM659) --
    "privilege_escalation",
    "data_exfiltration",
    "credentials_exposure",
    "resource_exposure",
    "infrastructure_modification",
    "role_trusts_whole_account",
    "partial_privilege_escalation",
    # -- end L2 --
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
    runs_last: bool = False  # after every other rule of the document (internal-error)
    options: Optional[dict] = None  # JSON Schema of its [rules.<name>] table; None: takes none
    # a condition can change its verdict on a statement (a missing key, a narrowing condition):
    # not judged on a statement whose conditions are computed at deploy time (a template's)
    depends_on_conditions: bool = False

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
        runs_last=getattr(mod, "RUNS_LAST", False),
        options=getattr(mod, "OPTIONS", None),
        depends_on_conditions=getattr(mod, "DEPENDS_ON_CONDITIONS", False),
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
