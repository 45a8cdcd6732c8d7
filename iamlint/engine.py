"""Runs the rules over one document and turns their problems (paths) into findings (ranges)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any, Dict, List, Optional, Set, Tuple

from . import policy as policy_view
from .catalog import Catalog, default as default_catalog
from .config import DEFAULT, Config, Suppression, matches, severity_override
from .model import Finding, Fix, Path, PolicyType, Problem, Range, Severity, TextEdit
from .parse.json_document import JsonDocument
from .parse.source import DecodeError, LineIndex, decode
from .rules import Rule, all_rules

TRUST_ACTIONS = ("sts:assumerole", "sts:tagsession", "sts:setsourceidentity")


class Context:
    """What a rule sees. Everything expensive is computed on first use and shared between rules."""

    def __init__(
        self,
        text: str,
        document: Optional[JsonDocument],
        policy: Optional[policy_view.Policy],
        policy_type: PolicyType,
        resource_type: Optional[str],
        catalog: Catalog,
        config: Config,
        filename: str,
        decode_error: Optional[DecodeError] = None,
        location: Optional[str] = None,
    ):
        self.text = text
        self.document = document
        self.policy = policy
        self.policy_type = policy_type
        self.resource_type = resource_type
        self.catalog = catalog
        self.config = config
        self.filename = filename
        self.decode_error = decode_error
        self.location = location  # where an embedded policy sits: put on each of its findings
        self.memo: Dict[str, Any] = {}  # per-document caches shared between rules, keyed by their name
        self.rule_failures: List[Tuple[Rule, Exception]] = []  # reported by internal-error (IAM004)

    @cached_property
    def schema_issues(self):
        """JSON Schema issues; skipped when the view found the document perfectly regular."""
        from .schema import validate

        if self.policy is None:
            return []
        if self.policy.regular and policy_view.required_elements_present(self.policy, self.policy_type):
            return []
        return validate(self.document.value, self.policy_type)

    @property
    def embedded(self) -> bool:
        """Is the policy part of a bigger file (CloudFormation, Terraform, a plan), not a file of its own?"""
        return self.document is not None and not isinstance(self.document, JsonDocument)

    @cached_property
    def policy_text(self) -> str:
        """The policy's own text: the file for a policy file; for an embedded policy, the text the
        carrier says AWS receives, or else the compact JSON serialisation of its value."""
        if not self.embedded:
            return self.text
        own = getattr(self.document, "policy_text", None)
        if own is not None:
            return own
        try:
            return json.dumps(self.document.value, separators=(",", ":"), ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            return ""

    @cached_property
    def grants(self):
        """What each Allow statement grants (iamlint.grants), shared by the least-privilege rules."""
        from .grants import policy_grants

        return policy_grants(self.policy, self.catalog) if self.policy is not None else []

    def release(self) -> None:
        """Drop the per-document caches once the rules have run. A cache that keeps the context
        (e.g. the risk analysis) makes a cycle, and a cycle leaves the whole document (text,
        view, grants) to the garbage collector instead of freeing it at once."""
        self.memo.clear()
        self.__dict__.pop("grants", None)

    def options(self, rule_name: str) -> Dict[str, Any]:
        return dict(self.config.options.get(rule_name, {}))

    def statement_at(self, path: Path) -> Optional[policy_view.Statement]:
        if self.policy is None or not path or path[0] != "Statement":
            return None
        by_path = self.memo.get("engine.statements")
        if by_path is None:
            by_path = self.memo["engine.statements"] = {st.path: st for st in self.policy.statements}
        return by_path.get(tuple(path[:2])) or by_path.get(("Statement",))


def detect_policy_type(view: policy_view.Policy) -> PolicyType:
    """trust: Principal everywhere, only sts:AssumeRole*/TagSession/SetSourceIdentity, no Resource;
    resource: some Principal; identity: everything else."""
    statements = view.statements
    if not statements or not any(st.principal is not None for st in statements):
        return PolicyType.IDENTITY
    trust = True
    for st in statements:
        if st.principal is None or st.resource is not None or st.action is None or st.action.negated:
            trust = False
            break
        for text in st.action.texts:
            low = text.lower()
            if not any(low == a or (a == "sts:assumerole" and low.startswith(a)) for a in TRUST_ACTIONS):
                trust = False
                break
        if not trust:
            break
    return PolicyType.TRUST if trust else PolicyType.RESOURCE


def _repository_policy(view: policy_view.Policy) -> Optional[str]:
    """An ECR repository policy is written without Resource (it applies to its repository): a
    resource policy with no Resource or NotResource anywhere whose actions are all ecr: (or all
    ecr-public:) is one, so it is not told that Resource is missing."""
    services = set()
    for st in view.statements:
        if st.resource is not None or st.action is None or st.action.negated:
            return None
        for text in st.action.texts:
            services.add(text.split(":", 1)[0].lower() if ":" in text else None)
    if services == {"ecr"}:
        return "AWS::ECR::Repository"
    if services == {"ecr-public"}:
        return "AWS::ECR::PublicRepository"
    return None


def selected_rules(config: Config) -> List[Rule]:
    return list(_selected(config.select, config.extend_select, config.ignore))


@lru_cache(maxsize=64)
def _selected(select, extend_select, ignore) -> tuple:
    config = Config(select=select, extend_select=extend_select, ignore=ignore)
    out = []
    for rule in all_rules():
        if config.select is None:
            on = rule.default
        else:
            on = any(matches(s, rule.code, rule.name) for s in config.select)
        on = on or any(matches(s, rule.code, rule.name) for s in config.extend_select)
        if on and any(matches(s, rule.code, rule.name) for s in config.ignore):
            on = False
        if on:
            out.append(rule)
    return tuple(out)


def lint(
    text: str,
    *,
    filename: str = "<stdin>",
    config: Config = DEFAULT,
    catalog: Optional[Catalog] = None,
) -> List[Finding]:
    """Lint one policy document given as text. Pure: no I/O, no printing, no globals written."""
    return lint_document(parse(text), filename=filename, config=config, catalog=catalog)


def parse(text: str) -> JsonDocument:
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # keep offsets aligned with the file; JSON allows leading space
    return JsonDocument(text)


def is_policy(document: JsonDocument) -> bool:
    """How a JSON file found while walking a directory is recognised as a policy: its top level is
    an object with a `Statement` key; or it is not valid JSON but says `"Statement"` (a broken
    policy is still reported)."""
    if document.syntax_error is not None:
        return '"Statement"' in document.text
    return isinstance(document.value, dict) and "Statement" in document.value


@dataclass
class Analysis:
    findings: List[Finding]
    suppressed: List[Finding] = field(default_factory=list)  # silenced by a config suppression
    used_suppressions: Set[Suppression] = field(default_factory=set)
    # suppressions written in the file (YAML/HCL comments, CloudFormation Metadata) and which of
    # them silenced something (by start offset)
    inline_suppressions: List[Any] = field(default_factory=list)
    used_inline: Set[int] = field(default_factory=set)


def analyze_embedded(policies, *, filename: str, config: Config = DEFAULT, catalog: Optional[Catalog] = None) -> Analysis:
    """Lint the policies a carrier found in one file (CloudFormation, Terraform, YAML, a plan):
    each with the policy type and resource type of where it sits and its place as `location`;
    the file's own suppressions (comments, Metadata) are applied here, so the command line and
    the editor agree. A suppression without a reason is never applied."""
    policies = list(policies)
    result = Analysis([])
    seen = {}
    for p in policies:
        label = getattr(p, "label", None) or None
        one = analyze(p.document, filename=filename, config=config, catalog=catalog,
                      policy_type=p.policy_type, resource_type=p.resource_type, location=label)
        result.suppressed.extend(one.suppressed)
        result.used_suppressions |= one.used_suppressions
        inline = [s for s in (getattr(p, "suppressions", ()) or ())]
        if not inline:
            result.findings.extend(one.findings)
            continue
        for s in inline:
            seen.setdefault(s.start_offset, s)
        for f in one.findings:
            hits = [s.start_offset for s in inline if s.reason is not None and s.covers(f.code, f.name, f.range)]
            if hits:  # every suppression that covers it counts as used
                result.used_inline.update(hits)
                result.suppressed.append(f)
            else:
                result.findings.append(f)
    result.inline_suppressions = [seen[k] for k in sorted(seen)]
    if len(policies) > 1:  # one policy's findings come sorted (run); several policies' are merged
        # The branches of an Fn::If are linted as policies of their own: what they share is
        # found in each, at the same place, and reported once.
        result.findings = _once(result.findings)
        result.suppressed = _once(result.suppressed)
        result.findings.sort(key=Finding.sort_key)
    return result


def _once(findings: List[Finding]) -> List[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.code, f.range.start_offset, f.range.end_offset, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def analyze_text(text: str, *, filename: str, config: Config = DEFAULT, catalog: Optional[Catalog] = None,
                 only_policies: bool = False) -> Optional[Analysis]:
    """Lint one file's text, whatever carries the policies: a policy JSON file, or a file a
    carrier claims (iamlint.carriers). None when `only_policies` and the file holds no policy."""
    from .carriers import extract

    document = parse(text) if not filename.lower().endswith(_CARRIER_ONLY) else None
    try:
        embedded = extract(filename, text, document)
    except RecursionError:
        embedded = None
    if embedded is not None:
        return analyze_embedded(embedded, filename=filename, config=config, catalog=catalog)
    if document is None:
        if only_policies:
            return None
        document = parse(text)
    if only_policies and not is_policy(document):
        return None
    return analyze(document, filename=filename, config=config, catalog=catalog)


_CARRIER_ONLY = (".yaml", ".yml", ".tf", ".template")


def lint_document(
    document: JsonDocument,
    *,
    filename: str = "<stdin>",
    config: Config = DEFAULT,
    catalog: Optional[Catalog] = None,
) -> List[Finding]:
    return analyze(document, filename=filename, config=config, catalog=catalog).findings


def analyze(
    document: JsonDocument,
    *,
    filename: str = "<stdin>",
    config: Config = DEFAULT,
    catalog: Optional[Catalog] = None,
    policy_type: Optional[PolicyType] = None,
    resource_type: Optional[str] = None,
    location: Optional[str] = None,
) -> Analysis:
    """lint_document(), also telling which findings config suppressions silenced.

    `document` is anything with JsonDocument's interface (value, syntax_error, duplicate_keys,
    text, lines, locate): carriers (YAML, CloudFormation, Terraform) hand in documents whose
    locate() answers with ranges in the original file, and `policy_type`/`resource_type` from
    where the policy sits (the command line's --type still wins)."""
    config = config.for_file(filename)
    catalog = catalog or default_catalog()
    text = document.text
    view = policy_view.build(document.value) if document.syntax_error is None else None
    policy_type = config.policy_type or policy_type
    if policy_type is None:
        policy_type = detect_policy_type(view) if view is not None else PolicyType.IDENTITY
    resource_type = config.resource_type or resource_type
    if resource_type is None and policy_type is PolicyType.TRUST:
        resource_type = "AWS::IAM::AssumeRolePolicyDocument"
    elif resource_type is None and policy_type is PolicyType.RESOURCE and view is not None:
        resource_type = _repository_policy(view)
    ctx = Context(text, document, view, policy_type, resource_type, catalog, config, filename,
                  location=location)
    findings = run(ctx)
    return _suppress(findings, config, filename)


def _suppress(findings: List[Finding], config: Config, filename: str) -> Analysis:
    if not config.suppressions:
        return Analysis(findings)
    result = Analysis([])
    for f in findings:
        hit = next((s for s in config.suppressions if s.applies(f.code, f.name, f.sid, filename)), None)
        if hit is None:
            result.findings.append(f)
        else:
            result.suppressed.append(f)
            result.used_suppressions.add(hit)
    return result


def lint_bytes(data: bytes, *, filename: str, config: Config = DEFAULT, catalog: Optional[Catalog] = None) -> List[Finding]:
    """Decode (UTF-8, BOM accepted) and lint; undecodable input is one finding, not an exception."""
    text, error = decode(data)
    if error is None:
        return lint(text, filename=filename, config=config, catalog=catalog)
    config = config.for_file(filename)
    ctx = Context("", None, None, config.policy_type or PolicyType.IDENTITY, None, catalog or default_catalog(), config, filename, error)
    return run(ctx)


def run(ctx: Context) -> List[Finding]:
    findings: List[Finding] = []
    parsed = ctx.policy is not None
    lines = ctx.document.lines if ctx.document is not None else LineIndex(ctx.text)
    config = ctx.config
    unknown = _statements_with_unknown_conditions(ctx) if parsed and ctx.embedded else None
    for rule in _rules_for(config.select, config.extend_select, config.ignore, ctx.policy_type):
        if rule.needs_policy and not parsed:
            continue
        try:
            for problem in rule.check(ctx):
                if unknown and rule.depends_on_conditions and _statement_of(problem.path) in unknown:
                    continue  # any condition may be computed there: the verdict is not known
                findings.append(_finding(ctx, rule, problem, lines))
        except Exception as exc:  # a bug in one rule must not take the run down: see IAM004
            ctx.rule_failures.append((rule, exc))
    findings.sort(key=Finding.sort_key)
    ctx.release()
    return findings


def _statements_with_unknown_conditions(ctx: Context) -> Optional[Set[Path]]:
    """The paths (("Statement", i) or ("Statement",)) of the statements of a template's policy
    whose Condition is computed at deploy time in whole or in part (carriers.conditions_unknown),
    or None."""
    from .carriers import conditions_unknown

    out = {st.path for st in ctx.policy.statements if conditions_unknown(st.raw)}
    return out or None


def _statement_of(path: Path) -> Path:
    """The path of the statement a path lies in: ("Statement", i), ("Statement",), or ()."""
    if not path or path[0] != "Statement":
        return ()
    return tuple(path[:2]) if len(path) > 1 and isinstance(path[1], int) else ("Statement",)


@lru_cache(maxsize=256)
def _rules_for(select, extend_select, ignore, policy_type: PolicyType) -> tuple:
    rules = [r for r in _selected(select, extend_select, ignore) if r.policy_types is None or policy_type in r.policy_types]
    return tuple(r for r in rules if not r.runs_last) + tuple(r for r in rules if r.runs_last)


def _finding(ctx: Context, rule: Rule, problem: Problem, lines: LineIndex) -> Finding:
    path = problem.path
    if problem.offsets is not None:
        rng = lines.range(*problem.offsets)
    elif ctx.decode_error is not None and not path:
        e = ctx.decode_error
        rng = Range(_pos(e.line, e.column), _pos(e.line, e.column + 1), 0, 0)
    elif ctx.document is not None:
        rng = ctx.document.locate(path, problem.on_key, problem.span)
    else:
        rng = lines.range(0, 0)
    severity = problem.severity or rule.severity
    if ctx.config.severity:  # most configs override no severity: no lookup per finding
        override = severity_override(ctx.config, rule.code, rule.name)
        if override is not None:
            severity = override
    st = ctx.statement_at(path)
    fix = None
    if problem.replacement is not None and (ctx.document is not None or problem.replacement.kind == "text"):
        fix = _fix(ctx, problem, rng)
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=problem.message,
        file=ctx.filename,
        range=rng,
        path=path if path.__class__ is tuple else tuple(path),
        # a problem names its own Access Analyzer code, or "" for a case AWS does not report
        access_analyzer=rule.access_analyzer if problem.access_analyzer is None else (problem.access_analyzer or None),
        policy_type=ctx.policy_type.value,
        sid=st.sid if st is not None else None,
        risk=problem.risk,
        access_level=problem.access_level,
        fix=fix,
        location=ctx.location,
    )


def _pos(line: int, column: int):
    from .model import Position

    return Position(line, column)


def _fix(ctx: Context, problem: Problem, rng: Range) -> Optional[Fix]:
    rep = problem.replacement
    if rep.target is not None:
        problem = replace(problem, path=rep.target, on_key=rep.target_on_key, span=None)
        rng = ctx.document.locate(problem.path, problem.on_key)
    if rep.kind == "text":  # a raw edit of the file, made by the rule itself: (start, end, text)
        return Fix(rep.title, (TextEdit(*rep.new_value),), rep.safe)
    if ctx.embedded:
        # A carrier writes values its own way (YAML, HCL, JSON inside a string): carriers/edits.py.
        # Items are removed and a first member (Version) inserted in the carrier's layout too.
        found = None
        if rep.kind == "replace":
            edit = getattr(ctx.document, "replacement_edit", None)
            found = edit(problem.path, rep.new_value, problem.on_key, problem.span) if edit is not None else None
        elif rep.kind == "remove":
            edit = getattr(ctx.document, "removal_edit", None)
            if edit is not None:
                edits = _removals([edit(path) for path in _removal_paths(problem, rep)])
                return Fix(rep.title, edits, rep.safe) if edits else None
        elif rep.kind == "insert-first":
            edit = getattr(ctx.document, "insertion_edit", None)
            found = edit(problem.path, *rep.new_value) if edit is not None else None
        return Fix(rep.title, (TextEdit(*found),), rep.safe) if found is not None else None
    if rep.kind == "remove":
        edits = _removals([_structural_edit(ctx.document, path, rep) for path in _removal_paths(problem, rep)])
        return Fix(rep.title, edits, rep.safe) if edits else None
    if rep.kind != "replace":
        edit = _structural_edit(ctx.document, problem.path, rep)
        return Fix(rep.title, (edit,), rep.safe) if edit is not None else None
    if ctx.document.slot(problem.path) is None:
        return None  # the range fell back to an ancestor: no edit there
    if problem.span is not None:
        new_text = json.dumps(str(rep.new_value), ensure_ascii=False)[1:-1]
    else:
        new_text = json.dumps(rep.new_value, ensure_ascii=False)
    return Fix(rep.title, (TextEdit(rng.start_offset, rng.end_offset, new_text),), rep.safe)


def _removal_paths(problem: Problem, rep) -> Tuple[Path, ...]:
    """The array items a "remove" fix deletes: the problem's own, or the paths in `new_value`."""
    return tuple(rep.new_value) if rep.new_value else (problem.path,)


def _removals(found) -> Tuple[TextEdit, ...]:
    """One fix's deletions of array items (TextEdits or (start, end, text) tuples, None for an
    item that cannot be removed), in document order: deletions that touch are merged into one
    (a run of adjacent items goes in one edit), and one that overlaps an earlier one (the first
    item and the second, both deleted) is left out; the next pass of --fix removes it."""
    spans = sorted((e.start_offset, e.end_offset) if isinstance(e, TextEdit) else (e[0], e[1])
                   for e in found if e is not None)
    merged: List[List[int]] = []
    for start, end in spans:
        if merged and start == merged[-1][1]:
            merged[-1][1] = end
        elif not merged or start > merged[-1][1]:
            merged.append([start, end])
    return tuple(TextEdit(start, end, "") for start, end in merged)


def _structural_edit(document: JsonDocument, path: Path, rep) -> Optional[TextEdit]:
    """Remove an array item (with one comma) or insert a first member, keeping the layout."""
    from .fixes import json_insert_first, removal

    if rep.kind == "remove":
        return removal(document.text, document.slot, tuple(path)) if path and isinstance(path[-1], int) else None
    if rep.kind == "insert-first":
        holder = document.slot(path)
        return json_insert_first(document.text, holder.start, *rep.new_value) if holder is not None else None
    return None


