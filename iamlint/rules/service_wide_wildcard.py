"""A service-wide action wildcard such as `s3:*` or `iam:*` in an Allow.

## What it does
Reports each `svc:*` entry of an `Allow` statement's `Action` (and a bare `"*"` that is not
already full-admin, e.g. because a Deny takes some actions back or Resource is scoped), saying
which access levels the pattern reaches: "s3:* grants 12 Permissions management, 80 Write, ...
actions". Actions that an unconditional Deny of the same policy removes are not counted.
In resource policies only `svc:*` entries are reported (a bare `"*"` there is limited to the
resource's own service). The finding's `access_level` is the most sensitive level reached.
Severity is warning when the statement applies to every resource, suggestion when Resource
lists ARNs.

Only actions that can act on the resources are counted: when Resource lists ARNs, the actions
one of whose resource types has an ARN format those ARNs can match (`s3:*` on
`arn:aws:s3:::reports/*` counts the object actions, not the bucket or account ones); in a
resource policy on `"*"` (its own resource), the actions that have a resource type
(`kms:CreateKey` and the custom key store actions never act on a key).

A KMS key policy statement that gives `kms:*` on `"*"` to account principals
(`arn:aws:iam::111122223333:root`) is not reported: it is AWS's default key policy, without
which IAM policies cannot grant access to the key; the account's IAM policies decide who uses it.
A policy is a key policy with `--resource-type AWS::KMS::Key`, or, without a resource type, when
it is a resource policy whose every Action entry is a `kms:` action.

## Why is this bad?
`svc:*` grants every action of the service, including Permissions management actions
(`s3:PutBucketPolicy`, `iam:AttachRolePolicy`) and every action AWS adds later. Few workloads
need more than a handful.

## Example
```json
{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, Security best practices: apply least-privilege permissions
- AWS KMS Developer Guide, Default key policy (allows access to the AWS account and enables IAM
  policies)
"""

import re

from ..grants import applies_to_resources, counts_text, is_full_admin, level_counts, most_sensitive, pattern_counts
from ..model import PolicyType, Problem, Severity

CODE = "IAM604"
NAME = "service-wide-wildcard"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
POLICY_TYPES = {PolicyType.IDENTITY, PolicyType.RESOURCE}


def _wildcards(g):
    """Positions of the entries "*" and "svc:*" (cached per Action list as written)."""
    out = []
    for i, text in enumerate(g.statement.action.texts):
        if text != "*":
            if not text.endswith("*"):
                continue
            prefix, sep, name = text.partition(":")
            if not sep or name != "*" or "*" in prefix or "?" in prefix:
                continue
        out.append(i)
    return tuple(out)


_ACCOUNT_ROOT = re.compile(r"(?:\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)\Z")


def _key_policy(ctx) -> bool:
    """A KMS key policy: --resource-type AWS::KMS::Key, or (without a resource type) a resource
    policy whose every Action entry is a kms: action."""
    if ctx.resource_type:
        return ctx.resource_type.lower() == "aws::kms::key"
    texts = []
    for st in ctx.policy.statements:
        if st.action is None:
            continue
        if st.action.negated:
            return False
        texts.extend(st.action.texts)
    return bool(texts) and all(isinstance(t, str) and t[:4].lower() == "kms:" for t in texts)


def _account_roots(principal) -> bool:
    """Is every principal an account (`123456789012`, `arn:aws:iam::123456789012:root`)?"""
    if principal is None or principal.negated or principal.is_star or not principal.entries:
        return False
    return all(t == "AWS" and isinstance(v.value, str) and _ACCOUNT_ROOT.match(v.value) for t, v in principal.entries)


def check(ctx):
    catalog = ctx.catalog
    identity = ctx.policy_type is PolicyType.IDENTITY
    resource_policy = ctx.policy_type is PolicyType.RESOURCE
    key_policy = None
    for g in ctx.grants:
        st = g.statement
        if not g.wildcard or st.action.negated:  # most lists: plain names
            continue
        wildcards = g.per_entries(NAME, _wildcards)
        if not wildcards:
            continue
        if resource_policy and g.resource_scope == "all" and _account_roots(st.principal):
            if key_policy is None:
                key_policy = _key_policy(ctx)
            if key_policy:
                continue  # the default key policy statement: the account's IAM policies decide
        full = None
        denied = frozenset(g.denied) if g.denied else None
        for i in wildcards:
            v = st.action.value_at(i)
            text = v.value
            if text == "*":
                if not identity:
                    continue
                if full is None:
                    full = is_full_admin(g, catalog)
                if full:
                    continue
            where = ""
            if g.resource_scope == "some" or resource_policy:
                actions = [a for a in catalog.expand(text) if not denied or a not in denied]
                if g.resource_scope == "some":
                    actions = applies_to_resources(catalog, actions, g.resources)
                    where = " on the resources listed"
                else:  # a resource policy on "*": its own resource, which actions without a resource type never act on
                    actions = [a for a in actions if a.resource_types]
                    where = " on this resource"
                counts = level_counts(actions)
            elif denied:
                counts = level_counts(a for a in catalog.expand(text) if a not in denied)
            else:
                counts = pattern_counts(text, catalog)
            if not counts:
                continue
            level = most_sensitive(counts)
            msg = f"{text} grants {counts_text(counts)}{where}"
            if denied:
                msg += " (after the Deny statements)"
            msg += ", including ones AWS adds later; list the actions needed"
            severity = Severity.SUGGESTION if g.resource_scope == "some" else None
            yield Problem(path=v.path, message=msg, access_level=level, severity=severity)
