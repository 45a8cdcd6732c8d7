"""Statement helpers shared by group A rules: empty condition values, canonical statement forms."""


def kind(op) -> str:
    if op.qualifier == "ForAllValues":
        return "forall"
    if op.qualifier == "ForAnyValue":
        return "foranyvalue"
    if op.if_exists:
        return "ifexists"
    return "plain"


def empty_value_conditions(policy, wanted: str):
    for st in policy.statements:
        for c in st.conditions:
            if c.is_list and not c.raw and kind(c.operator) == wanted:
                yield st, c


def _norm_list(raw):
    if isinstance(raw, list):
        return frozenset(_norm_scalar(x) for x in raw)
    return frozenset([_norm_scalar(raw)])


def _norm_scalar(x):
    if isinstance(x, (dict, list)):
        return repr(x)
    return (type(x).__name__, x)


def canonical(st):
    """A hashable form of what a statement grants or denies (Sid left out), or None when the
    statement holds something the comparison does not model (it is then never 'identical')."""
    raw = st.raw
    parts = [("Effect", raw.get("Effect"))]
    for key in ("Action", "NotAction"):
        if key in raw:
            v = raw[key]
            vals = v if isinstance(v, list) else [v]
            if not all(isinstance(x, str) for x in vals):
                return None
            parts.append((key, frozenset(x.lower() for x in vals)))
    for key in ("Resource", "NotResource"):
        if key in raw:
            parts.append((key, _norm_list(raw[key])))
    for key in ("Principal", "NotPrincipal"):
        if key in raw:
            p = raw[key]
            if isinstance(p, dict):
                parts.append((key, frozenset((t, _norm_list(v)) for t, v in p.items())))
            elif isinstance(p, str):
                parts.append((key, p))
            else:
                return None
    if "Condition" in raw:
        cond = raw["Condition"]
        if not isinstance(cond, dict):
            return None
        items = []
        for op, block in cond.items():
            if not isinstance(block, dict):
                return None
            for k, v in block.items():
                items.append((op, k.lower(), _norm_list(v)))
        parts.append(("Condition", frozenset(items)))
    for key in raw:
        if key not in ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"):
            return None
    return tuple(parts)
