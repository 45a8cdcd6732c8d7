"""Helpers of the L1 least-privilege condition rules (IAM607-IAM610)."""

from ..carriers import is_placeholder
from ..model import Replacement


def mfa_conditions(ctx, effect, *keys):
    """(statement, condition) for each condition on one of `keys` (lowercase) in statements with `effect`."""
    for st, c in _mfa_conditions(ctx):
        if st.effect == effect and c.key_lower in keys:
            yield st, c


def _mfa_conditions(ctx):
    """Every (statement, condition) on an aws:MultiFactorAuth... key: found once per document for
    the four rules."""
    found = ctx.memo.get("lp.mfa")
    if found is None:
        found = ctx.memo["lp.mfa"] = [
            (st, c) for st in ctx.policy.statements for c in st.conditions
            if c.key.lower().startswith("aws:multifactorauth")
            and not any(is_placeholder(v.value) for v in c.values)  # computed: true or false at deploy time
        ]
    return found


def allowed_level(ctx, st):
    """The most sensitive access level an Allow statement grants (None if not an analysed Allow)."""
    for g in ctx.grants:
        if g.statement is st:
            return g.most_sensitive_level
    return None


def operator_change(st, op, fixed):
    """A Replacement of the operator `op` by `fixed`, when its block holds one key and the statement
    has no `fixed` block already (else None: the keys would have to be merged by hand). Unsafe: it
    changes which requests the statement applies to (that is the point of it)."""
    block = st.condition_raw.get(op.text) if isinstance(st.condition_raw, dict) else None
    if isinstance(block, dict) and len(block) == 1 and fixed not in st.condition_raw:
        return Replacement(f"Change to {fixed}", fixed, safe=False)
    return None
