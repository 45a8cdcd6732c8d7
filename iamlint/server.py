"""`iamlint server`: the language server (pygls 2). Documents -> lint() -> diagnostics, plus hover,
document symbols and code actions. A thin front end: what is wrong is decided by the core."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Dict, List, Optional, Tuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from . import __version__
from .config import Config
from .model import Finding, Severity

log = logging.getLogger("iamlint.server")

DOCS_URL = "https://github.com/iamlint/iamlint/blob/main/docs/rules.md#{code}"
DEFAULT_DEBOUNCE = 0.05  # seconds; lint of a typical policy takes a few milliseconds

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.SECURITY: types.DiagnosticSeverity.Warning,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.SUGGESTION: types.DiagnosticSeverity.Information,
}


class Positions:
    """Code-point offsets -> LSP positions in the negotiated encoding (one line table per text)."""

    def __init__(self, text: str, encoding: str):
        from .parse.source import LineIndex

        self.text = text
        self.lines = LineIndex(text)
        self.encoding = encoding or types.PositionEncodingKind.Utf16

    def _units(self, s: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(s.encode("utf-8", errors="surrogatepass"))
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(s)
        return len(s.encode("utf-16-le", errors="surrogatepass")) // 2

    def position(self, offset: int) -> types.Position:
        pos = self.lines.position(offset)
        start = self.lines.starts[pos.line - 1]
        return types.Position(line=pos.line - 1, character=self._units(self.text[start:offset]))

    def offset(self, position: types.Position) -> int:
        starts = self.lines.starts
        if position.line >= len(starts):
            return len(self.text)
        start = starts[position.line]
        end = starts[position.line + 1] if position.line + 1 < len(starts) else len(self.text)
        line = self.text[start:end]
        units = 0
        for i, ch in enumerate(line):
            if units >= position.character:
                return start + i
            units += self._units(ch)
        return end

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))


class IamlintServer(LanguageServer):
    def __init__(self):
        super().__init__("iamlint", __version__)
        self.pull = False
        self.debounce = DEFAULT_DEBOUNCE
        self.config = Config()
        self._pending: Dict[str, asyncio.Task] = {}
        self._results: Dict[str, Tuple[int, List[Finding]]] = {}

    # -- linting ------------------------------------------------------------------------------
    def lint_uri(self, uri: str) -> List[Finding]:
        from .engine import is_policy, lint_document, parse

        doc = self.workspace.get_text_document(uri)
        cached = self._results.get(uri)
        if cached is not None and cached[0] == doc.version and doc.version is not None:
            return cached[1]
        findings: List[Finding] = []
        try:
            if _is_json_uri(uri) or doc.source.lstrip().startswith("{"):
                document = parse(doc.source)
                if is_policy(document):
                    findings = lint_document(document, filename=uri, config=self.config)
        except Exception:  # the server must survive any document
            log.exception("lint failed for %s", uri)
        self._results[uri] = (doc.version, findings)
        return findings

    def diagnostics(self, uri: str) -> List[types.Diagnostic]:
        doc = self.workspace.get_text_document(uri)
        positions = Positions(_text_of(doc.source), self.workspace.position_encoding)
        return [to_diagnostic(f, positions) for f in self.lint_uri(uri)]

    def publish(self, uri: str) -> None:
        if self.pull:
            return
        doc = self.workspace.get_text_document(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=self.diagnostics(uri))
        )

    def schedule(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()
        if self.pull:
            return  # the client asks when it wants them

        async def later():
            await asyncio.sleep(self.debounce)
            self._pending.pop(uri, None)
            self.publish(uri)

        self._pending[uri] = asyncio.ensure_future(later())

    def report_server_error(self, error, source):  # noqa: D401 - pygls hook
        # Log, never pop up a message on every keystroke.
        log.error("iamlint server error (%s): %s", source, error)


def _is_json_uri(uri: str) -> bool:
    return uri.lower().endswith(".json")


def _text_of(source: str) -> str:
    return " " + source[1:] if source.startswith("\ufeff") else source


def to_diagnostic(f: Finding, positions: Positions) -> types.Diagnostic:
    data = {"fix": f.fix.to_json()} if f.fix else None
    message = f.message + (f" [{f.access_analyzer}]" if f.access_analyzer else "")
    return types.Diagnostic(
        range=positions.range(f.range.start_offset, f.range.end_offset),
        message=message,
        severity=_SEVERITY[f.severity],
        code=f.code,
        code_description=types.CodeDescription(href=DOCS_URL.format(code=f.code.lower())),
        source="iamlint",
        data=data,
    )


server = IamlintServer()


@server.feature(types.INITIALIZE)
def on_initialize(ls: IamlintServer, params: types.InitializeParams):
    caps = params.capabilities
    ls.pull = bool(caps and caps.text_document and caps.text_document.diagnostic)
    apply_settings(ls, (params.initialization_options or {}) if isinstance(params.initialization_options, dict) else {})


def apply_settings(ls: IamlintServer, options: dict) -> None:
    settings = options.get("iamlint", options) if isinstance(options, dict) else {}
    try:
        debounce = settings.get("debounceMs")
        if debounce is not None:
            ls.debounce = max(0.0, float(debounce) / 1000.0)
        changes = {}
        for key, attr in (("select", "select"), ("ignore", "ignore"), ("extendSelect", "extend_select")):
            if settings.get(key) is not None:
                value = settings[key]
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"iamlint.{key} must be a list of strings")
                changes[attr] = tuple(value) if attr != "select" else (tuple(value) or None)
        if changes:
            ls.config = ls.config.with_(**changes)
            ls._results.clear()
    except (TypeError, ValueError) as exc:
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=f"iamlint: bad settings ignored: {exc}"))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: IamlintServer, params: types.DidOpenTextDocumentParams):
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: IamlintServer, params: types.DidSaveTextDocumentParams):
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: IamlintServer, params: types.DidChangeTextDocumentParams):
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: IamlintServer, params: types.DidCloseTextDocumentParams):
    uri = params.text_document.uri
    task = ls._pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls._results.pop(uri, None)
    if not ls.pull:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(identifier="iamlint", inter_file_dependencies=False, workspace_diagnostics=False),
)
def pull_diagnostics(ls: IamlintServer, params: types.DocumentDiagnosticParams):
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    result_id = f"{uri}@{doc.version}@{id(ls.config)}"
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(items=ls.diagnostics(uri), result_id=result_id)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: IamlintServer, params: types.DidChangeConfigurationParams):
    if isinstance(params.settings, dict):
        apply_settings(ls, params.settings)


# -- hover --------------------------------------------------------------------------------------
def node_at(text: str, offset: int):
    """(path, on_key) of the innermost key or value containing `offset`, or None."""
    from .parse.json_document import JsonDocument

    document = JsonDocument(text)
    if document.syntax_error is not None:
        return None, document
    best = None
    for path, slot in document.index.items():
        if slot.key_start <= offset < slot.key_end:
            return (path, True), document
        if slot.start <= offset < slot.end and (best is None or slot.end - slot.start < best[2]):
            best = (path, False, slot.end - slot.start)
    return ((best[0], False) if best else None), document


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: IamlintServer, params: types.HoverParams):
    try:
        doc = ls.workspace.get_text_document(params.text_document.uri)
        text = _text_of(doc.source)
        positions = Positions(text, ls.workspace.position_encoding)
        offset = positions.offset(params.position)
        parts: List[str] = []
        for f in ls.lint_uri(doc.uri):
            if f.range.start_offset <= offset <= f.range.end_offset:
                parts.append(_rule_hover(f))
        found, document = node_at(text, offset)
        if found is not None:
            path, on_key = found
            info = describe(path, on_key, document)
            if info:
                parts.insert(0, info)
        if not parts:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)))
    except Exception:
        log.exception("hover failed")
        return None


def _rule_hover(f: Finding) -> str:
    from .rules import find_rule

    rule = find_rule(f.code)
    doc = rule.doc if rule else ""
    return f"**{f.code} {f.name}** ({f.severity.value})\n\n{doc}"


def describe(path, on_key: bool, document) -> Optional[str]:
    """Markdown documentation for the element at `path` (actions, condition keys, operators)."""
    from .catalog import ACCESS_LEVELS, default
    from .policy import parse_operator

    catalog = default()
    value = document.value
    try:
        for p in path:
            value = value[p]
    except (KeyError, IndexError, TypeError):
        return None
    if len(path) >= 2 and "Condition" in path:
        i = path.index("Condition")
        rest = path[i + 1 :]
        if len(rest) == 1 and on_key:
            op = parse_operator(rest[0])
            if not op.known:
                return None
            from .catalog import own_data

            desc = own_data("condition_operators")["descriptions"].get(op.family, "")
            extra = []
            if op.qualifier == "ForAllValues":
                extra.append("ForAllValues: every value in the request must match (true when the key is absent).")
            if op.qualifier == "ForAnyValue":
                extra.append("ForAnyValue: at least one request value must match (false when the key is absent).")
            if op.if_exists:
                extra.append("IfExists: true when the key is absent.")
            return f"**{rest[0]}** ({op.family} operator)\n\n{desc}\n\n" + "\n\n".join(extra)
        if len(rest) == 2 and on_key:
            info = catalog.condition_key(rest[1])
            if info is None:
                return None
            kind = "multivalued (use ForAllValues/ForAnyValue)" if info.multivalued else "single-valued"
            return f"**{info.key}** ({info.type}, {kind}{', global' if info.is_global else ''})\n\n{info.description}"
        return None
    if len(path) >= 3 and path[-2] in ("Action", "NotAction") or (len(path) >= 2 and path[-1] in ("Action", "NotAction") and isinstance(value, str)):
        if not isinstance(value, str):
            return None
        matches = catalog.expand(value)
        if not matches:
            return None
        if len(matches) == 1 and "*" not in value and "?" not in value:
            a = matches[0]
            rts = ", ".join(name for name, _ in a.resource_types) or "only `*`"
            keys = ", ".join(a.condition_keys[:12]) or "none"
            url = f"https://docs.aws.amazon.com/service-authorization/latest/reference/list_{a.service}.html"
            return (f"**{a.full_name}** ({', '.join(a.access_levels)})\n\n{a.description}\n\n"
                    f"Resource types: {rts}\n\nCondition keys: {keys}\n\n[Service Authorization Reference]({url})")
        counts = {level: 0 for level in ACCESS_LEVELS}
        for a in matches:
            counts[a.access_level] += 1
        lines = [f"**{value}** matches {len(matches)} actions"]
        lines += [f"- {level}: {n}" for level, n in counts.items() if n]
        shown = ", ".join(a.full_name for a in matches[:25])
        lines.append(f"\n{shown}{', ...' if len(matches) > 25 else ''}")
        return "\n".join(lines)
    return None


# -- symbols and code actions -------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: IamlintServer, params: types.DocumentSymbolParams):
    from .parse.json_document import JsonDocument

    doc = ls.workspace.get_text_document(params.text_document.uri)
    text = _text_of(doc.source)
    document = JsonDocument(text)
    if document.syntax_error is not None or not isinstance(document.value, dict):
        return []
    positions = Positions(text, ls.workspace.position_encoding)
    statements = document.value.get("Statement")
    items = statements if isinstance(statements, list) else [statements] if isinstance(statements, dict) else []
    out = []
    for i, st in enumerate(items):
        if not isinstance(st, dict):
            continue
        path = ("Statement", i) if isinstance(statements, list) else ("Statement",)
        slot = document.slot(path)
        if slot is None:
            continue
        sid = st.get("Sid") if isinstance(st.get("Sid"), str) and st.get("Sid") else f"Statement {i}"
        effect = st.get("Effect") if isinstance(st.get("Effect"), str) else "?"
        rng = positions.range(slot.start, slot.end)
        out.append(types.DocumentSymbol(name=sid, detail=effect, kind=types.SymbolKind.Object, range=rng, selection_range=rng))
    return out


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, "source.fixAll.iamlint"]),
)
def code_actions(ls: IamlintServer, params: types.CodeActionParams):
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    positions = Positions(_text_of(doc.source), ls.workspace.position_encoding)
    wanted = params.context.only
    findings = [f for f in ls.lint_uri(uri) if f.fix is not None]
    actions = []
    if not wanted or types.CodeActionKind.QuickFix in wanted:
        lo, hi = positions.offset(params.range.start), positions.offset(params.range.end)
        for f in findings:
            if f.range.start_offset <= hi and lo <= f.range.end_offset:
                edits = [types.TextEdit(range=positions.range(e.start_offset, e.end_offset), new_text=e.new_text) for e in f.fix.edits]
                actions.append(types.CodeAction(
                    title=f"{f.fix.title} ({f.code})", kind=types.CodeActionKind.QuickFix,
                    edit=types.WorkspaceEdit(changes={uri: edits}), is_preferred=f.fix.safe))
    if wanted and any(k.startswith("source.fixAll") for k in wanted):
        edits, taken = [], []
        for f in sorted((f for f in findings if f.fix.safe), key=lambda f: f.range.start_offset):
            for e in f.fix.edits:
                if any(e.start_offset < b and a < e.end_offset for a, b in taken):
                    continue
                taken.append((e.start_offset, e.end_offset))
                edits.append(types.TextEdit(range=positions.range(e.start_offset, e.end_offset), new_text=e.new_text))
        if edits:
            actions.append(types.CodeAction(title="iamlint: fix all", kind="source.fixAll.iamlint",
                                            edit=types.WorkspaceEdit(changes={uri: edits})))
    return actions


def start(tcp: Optional[str] = None) -> None:
    logging.basicConfig(level=logging.WARNING)
    if tcp:
        host, _, port = tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
