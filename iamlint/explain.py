"""`iamlint explain`: what a policy grants, statement by statement, for a reviewer.

Per statement: the actions it allows (or denies) grouped by access level (counts, then the
actions), the resource scope, what each condition constrains (the verdict of iamlint.grants),
the actions an unconditional Deny of the same policy takes back, and the risks that the lint
findings name (every rule with `risk` set, whether selected by default or not). Deterministic:
the same input gives the same output, in statement order, actions in catalog order.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional

from .catalog import ACCESS_LEVELS, Catalog, default as default_catalog
from .config import DEFAULT, Config
from .grants import counts_text, level_counts, level_of, policy_grants, resource_scope, statement_actions
from .model import PolicyType

TEXT_CAP = 10  # actions shown per access level in the text output


class NotAPolicy(ValueError):
    """The input is not a policy document (exit 2 in the CLI)."""


def explain(text: str, *, filename: str = "<stdin>", config: Config = DEFAULT,
            catalog: Optional[Catalog] = None) -> Dict[str, Any]:
    """The explanation of one policy document as a JSON-able dict. Raises NotAPolicy."""
    from .engine import parse

    document = parse(text)
    if document.syntax_error is not None:
        err = document.syntax_error
        offset = getattr(err, "offset", 0) or 0
        line = text.count("\n", 0, offset) + 1
        raise NotAPolicy(f"not valid JSON (line {line}: {getattr(err, 'message', err)})")
    return explain_document(document, filename=filename, config=config, catalog=catalog)


def explain_file(text: str, *, filename: str, config: Config = DEFAULT, catalog: Optional[Catalog] = None) -> Dict[str, Any]:
    """A policy file (as explain()), or a file a carrier reads (CloudFormation, CDK output,
    Terraform, a plan, a YAML policy): {"file", "policies": [one explanation per policy, each
    with its "location"]}. Raises NotAPolicy."""
    from .carriers import extract
    from .engine import _CARRIER_ONLY, parse

    document = parse(text) if not filename.lower().endswith(_CARRIER_ONLY) else None
    plain = document is not None and document.syntax_error is None and isinstance(document.value, dict) \
        and "Statement" in document.value
    try:
        embedded = None if plain else extract(filename, text, document)
    except RecursionError:
        embedded = None
    if embedded is None:
        if document is None:
            raise NotAPolicy("not a policy document, nor a template or Terraform file that holds one")
        return explain(text, filename=filename, config=config, catalog=catalog)
    policies = []
    for p in embedded:
        if p.document.syntax_error is not None or not isinstance(p.document.value, dict):
            continue  # `iamlint check` reports it
        try:
            data = explain_document(p.document, filename=filename, config=config, catalog=catalog,
                                    policy_type=p.policy_type, resource_type=p.resource_type)
        except NotAPolicy:
            continue
        label = getattr(p, "label", None) or None
        data["location"] = label if label != os.path.basename(filename) else None  # a YAML policy file is its own place
        policies.append(data)
    if not policies:
        raise NotAPolicy("the file holds no policy iamlint can read")
    return {"file": filename, "policies": policies}


def explain_document(document, *, filename: str = "<stdin>", config: Config = DEFAULT, catalog: Optional[Catalog] = None,
                     policy_type: Optional[PolicyType] = None, resource_type: Optional[str] = None) -> Dict[str, Any]:
    """The explanation of one parsed policy (a policy file's, or one a carrier found)."""
    from . import policy as policy_view
    from .engine import analyze, detect_policy_type

    catalog = catalog or default_catalog()
    if not isinstance(document.value, dict) or "Statement" not in document.value:
        raise NotAPolicy('not a policy document (no top-level "Statement")')
    view = policy_view.build(document.value)
    if not view.statements:
        raise NotAPolicy('not a policy document ("Statement" holds no statement object)')
    config = config.for_file(filename)
    policy_type = config.policy_type or policy_type or detect_policy_type(view)
    # Every rule, so that risk rules off by default still name their risks.
    analysis = analyze(document, filename=filename, config=config.with_(select=("ALL",), policy_type=policy_type),
                       catalog=catalog, resource_type=resource_type)
    risk_findings = [f for f in analysis.findings if f.risk]
    grants = {id(g.statement): g for g in policy_grants(view, catalog)}
    statements = []
    for st in view.statements:
        statements.append(_statement(st, grants.get(id(st)), risk_findings, catalog, document))
    used = {id(f) for s in statements for f in s.pop("_risk_objs")}
    policy_risks = [_risk(f) for f in risk_findings if id(f) not in used]
    return {
        "file": filename,
        "policy_type": policy_type.value,
        "catalog": catalog.data_date,
        "statements": statements,
        "risks": sorted({r["risk"] for s in statements for r in s["risks"]} | {r["risk"] for r in policy_risks}),
        "policy_risks": policy_risks,
    }


def _risk(f) -> Dict[str, Any]:
    return {"risk": f.risk, "code": f.code, "name": f.name, "severity": f.severity.value,
            "line": f.range.start.line, "message": f.message}


def _statement(st, grant, risk_findings, catalog, document) -> Dict[str, Any]:
    if grant is not None:
        actions = grant.actions
        denied = len(grant.denied)
        scope, resources = grant.resource_scope, grant.resources
        conditions = [
            {"operator": v.condition.operator.text, "key": v.condition.key,
             "values": [x.value for x in v.condition.values], "strength": v.strength, "constrains": v.reason}
            for v in grant.conditions
        ]
    else:
        actions = statement_actions(st, catalog)
        denied = 0
        scope, resources = resource_scope(st)
        conditions = [
            {"operator": c.operator.text, "key": c.key, "values": [x.value for x in c.values],
             "strength": None,
             "constrains": "narrows when this Deny applies" if st.is_deny else "condition of a statement that grants nothing"}
            for c in st.conditions
        ]
    by_level: Dict[str, List[str]] = {}
    for a in actions:
        by_level.setdefault(level_of(a), []).append(a.full_name)
    mine = [f for f in risk_findings if tuple(f.path[: len(st.path)]) == tuple(st.path)]
    try:
        line = document.locate(st.path, False, None).start.line
    except Exception:  # pragma: no cover - a path the document cannot place
        line = None
    principals = []
    if st.principal is not None:
        if isinstance(st.principal.raw, str):
            principals.append({"type": "*", "value": st.principal.raw})
        principals.extend({"type": t, "value": v.value} for t, v in st.principal.entries)
    return {
        "index": st.index,
        "sid": st.sid,
        "effect": st.effect,
        "line": line,
        "action_element": st.action.key if st.action is not None else None,
        "patterns": st.action.strings if st.action is not None else [],
        "principal_element": st.principal.key if st.principal is not None else None,
        "principals": principals,
        "resource_scope": scope,
        "resources": list(resources),
        "actions": {
            "total": len(actions),
            "by_level": {lvl: {"count": len(by_level[lvl]), "actions": by_level[lvl]}
                         for lvl in ACCESS_LEVELS if lvl in by_level},
        },
        "denied_by_policy": denied,
        "conditions": conditions,
        "risks": [_risk(f) for f in mine],
        "_risk_objs": mine,
    }


_SCOPE = {"all": "on every resource", "not": "on every resource except those in NotResource", "some": "on the listed resources"}


def render_text(data: Dict[str, Any], cap: int = TEXT_CAP) -> str:
    if "policies" in data:  # a template: each policy, headed by where it sits
        return "\n".join(render_text(p, cap) for p in data["policies"])
    where = f" (in {data['location']})" if data.get("location") else ""
    out = [f"{data['file']}{where}: {data['policy_type']} policy, {len(data['statements'])} statement(s)"
           + (f"; risks: {', '.join(data['risks'])}" if data["risks"] else "; no risks found")]
    for s in data["statements"]:
        label = f"Statement {s['index'] if s['index'] is not None else 0}" + (f" {s['sid']!r}" if s["sid"] else "")
        if s["line"]:
            label += f" (line {s['line']})"
        acts = s["actions"]
        counts = {lvl: v["count"] for lvl, v in acts["by_level"].items()}
        verb = {"Allow": "allows", "Deny": "denies"}.get(s["effect"] or "", f"has Effect {s['effect']!r} and grants")
        scope = _SCOPE[s["resource_scope"]] if s["resources"] or s["resource_scope"] != "all" else "on the role (trust)" if data["policy_type"] == "trust" else "on every resource"
        out.append("")
        out.append(f"{label}: {verb} {counts_text(counts) if acts['total'] else 'no known action'} {scope}")
        if s["action_element"] == "NotAction":
            out.append(f"  NotAction: every action except {', '.join(s['patterns'])} (including future actions)")
        if s["principals"]:
            out.append("  Principal: " + ", ".join(p["value"] if p["type"] == "*" else f"{p['type']}: {p['value']}" for p in s["principals"])
                       + (" (NotPrincipal: everyone else)" if s["principal_element"] == "NotPrincipal" else ""))
        if s["resources"]:
            shown = s["resources"][:cap]
            more = len(s["resources"]) - len(shown)
            out.append(f"  {'NotResource' if s['resource_scope'] == 'not' else 'Resource'}: " + ", ".join(shown)
                       + (f" ... and {more} more" if more > 0 else ""))
        for lvl, v in acts["by_level"].items():
            shown = v["actions"][:cap]
            more = v["count"] - len(shown)
            out.append(f"  {lvl} ({v['count']}): " + ", ".join(shown) + (f" ... and {more} more" if more > 0 else ""))
        if s["denied_by_policy"]:
            out.append(f"  Taken back by unconditional Deny statements of this policy: {s['denied_by_policy']} actions")
        if s["conditions"]:
            out.append("  Conditions:")
            for c in s["conditions"]:
                values = ", ".join(json.dumps(x) for x in c["values"])
                strength = f"{c['strength']}: " if c["strength"] else ""
                out.append(f"    {c['operator']} {c['key']} = [{values}]: {strength}{c['constrains']}")
        elif s["effect"] == "Allow" and acts["total"]:
            out.append("  Conditions: none")
        if s["risks"]:
            out.append("  Risks:")
            for r in s["risks"]:
                out.append(f"    {r['risk']} ({r['code']} {r['name']}, line {r['line']}): {r['message']}")
    if data["policy_risks"]:
        out.append("")
        out.append("Policy-wide risks:")
        for r in data["policy_risks"]:
            out.append(f"  {r['risk']} ({r['code']} {r['name']}, line {r['line']}): {r['message']}")
    return "\n".join(out) + "\n"


def render_json(data: Dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
