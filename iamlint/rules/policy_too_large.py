"""A policy longer than its type's size quota.

## What it does
Counts the characters of the policy the way AWS does and compares them with the quota of the
policy type (`iamlint/data/quotas.json`): 10,240 for identity policies and permissions
boundaries, 2,048 for role trust policies (default quota), 5,120 for SCPs and RCPs, and the
service's limit for typed resource policies (S3 bucket 20 KB, SQS 8 KB, ...). For IAM policies
whitespace outside string values is not counted; Organizations and the resource policies
count every character.

## Why is this bad?
AWS rejects the policy when it is created or updated. One rule covers every policy type (the
quotas are one table of data, and each finding carries the Access Analyzer code of its type).

## Example
An identity policy that lists 900 individual actions (24,126 characters).

## Use instead
Use wildcards where they are safe (`ec2:Describe*`), drop redundant entries, or split the
permissions into several managed policies.

## References
- Access Analyzer: POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA, POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA, POLICY_SIZE_EXCEEDS_SCP_QUOTA, POLICY_SIZE_EXCEEDS_RCP_QUOTA, POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA
- IAM and AWS STS quotas; AWS Organizations quotas
"""

import json
import re
from functools import lru_cache

from ..catalog import own_data
from ..model import PolicyType, Problem, Severity

CODE = "IAM122"
NAME = "policy-too-large"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"

_STRING_OR_SPACE = re.compile(r'("(?:[^"\\]|\\.)*")|\s+', re.S)
_ERROR_TYPES = (PolicyType.SCP, PolicyType.RCP)
_LABELS = {
    PolicyType.IDENTITY: "identity policy",
    PolicyType.BOUNDARY: "permissions boundary",
    PolicyType.TRUST: "role trust policy",
    PolicyType.SCP: "SCP",
    PolicyType.RCP: "RCP",
}


@lru_cache(maxsize=1)
def _quotas() -> dict:
    return own_data("quotas")  # read once: it is package data


def _quota(ctx):
    data = _quotas()
    if ctx.policy_type is PolicyType.RESOURCE:
        q = data.get("resource_types", {}).get(ctx.resource_type or "")
        if q is None:
            return None, None
        return q, "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA"
    q = data.get(ctx.policy_type.value)
    if q is None:
        return None, None
    return q, q.get("access_analyzer")


def compact_length(value, text: str) -> int:
    """Characters of the compact JSON serialisation of the parsed policy (no whitespace outside
    string values); falls back to counting the text when the value cannot be serialised."""
    try:
        return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))
    except (TypeError, ValueError):
        return len(text) - sum(m.end() - m.start() for m in _STRING_OR_SPACE.finditer(text) if m.group(1) is None)


def check(ctx):
    quota, code = _quota(ctx)
    if quota is None:
        return
    limit = quota["limit"]
    text = ctx.policy_text
    if len(text) <= limit - 1:
        return  # quick exit: no count can exceed the limit
    if quota.get("counts_whitespace"):
        count = len(text.strip())
        how = "including whitespace"
    else:
        # AWS counts its own compact serialisation of the policy, and reports one character more
        # than that has (all 25 of its findings on the AWS managed policies, 2026-03-07).
        count = compact_length(ctx.document.value if ctx.document is not None else None, text) + 1
        how = "excluding whitespace"
    if count <= limit:
        return
    label = _LABELS.get(ctx.policy_type) or f"{ctx.resource_type} policy"
    start = len(text) - len(text.lstrip())
    yield Problem(
        path=(),
        # a policy file's root is placed without indexing the text; an embedded one by its path
        offsets=None if ctx.embedded else (start, len(text.rstrip())),
        message=f"the {label} has {count} characters ({how}), over the {limit} character quota: split it into several policies or shorten it (wildcards, fewer redundant entries)",
        access_analyzer=code,
        severity=Severity.ERROR if ctx.policy_type in _ERROR_TYPES else None,
    )
