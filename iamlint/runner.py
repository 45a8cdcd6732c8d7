"""The runner: find the inputs, read them, lint each one (in worker processes when there are
many), and gather one report model (RunResult) that every renderer reads. Nothing here decides
what is wrong: that is the engine's and the rules' business.

Discovery. Paths named on the command line are always linted. While walking a directory, files
are picked by extension (`.json`; and, when the carriers package is installed, `.yaml`, `.yml`,
`.template` and `.tf`) and then by content: a JSON file is a policy when its top level is an
object with `Statement` (or it is broken and says `"Statement"`); a carrier (CloudFormation,
CDK output, Terraform, Terraform plan, YAML policy) claims the files it recognises; anything
else is skipped quietly.

Configuration. Each file gets the configuration of the nearest `.iamlint.toml` or
`pyproject.toml` with `[tool.iamlint]` above it (`--config` names one for every file,
`--isolated` uses none); the command line's options are folded over it.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
import sys
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple

from .config import DEFAULT, Config, ConfigError, Suppression, find_config_file, load_config_file
from .model import Finding, PolicyType, Severity

MAX_FILE_BYTES = 10 * 1024 * 1024  # real policies are kilobytes; bigger files are refused, not read
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".terraform", ".tox", ".mypy_cache", ".pytest_cache"}
POLICY_EXTENSIONS = (".json",)
# Files the carriers (iamlint/carriers) may hold policies in; each carrier decides by content.
CARRIER_EXTENSIONS = (".json", ".yaml", ".yml", ".template", ".tf")
# Each worker must get at least this many files, else the run stays serial. Measured on the
# managed corpus (2 cores): starting a fork pool and gathering its results costs 10-20 ms, a
# policy takes about 0.9 ms to lint, so 64 files (~55 ms) per worker pays for the pool.
MIN_FILES_PER_WORKER = 64
VALUE_CHARS = 200  # the offending text kept for fingerprints


def _carriers_available() -> bool:
    """Whether iamlint/carriers is installed (a folder check: importing it is left for later)."""
    return os.path.isfile(os.path.join(os.path.dirname(os.path.abspath(__file__)), "carriers", "__init__.py"))


HAS_CARRIERS = _carriers_available()


# -- inputs --------------------------------------------------------------------------------------
@dataclass
class Source:
    """One input: where it came from, its bytes once read (stdin is read at once, files lazily,
    in the process that lints them), and any error reading it."""

    name: str
    data: Optional[bytes] = None
    explicit: bool = True
    error: Optional[str] = None  # unreadable: reported, exit code 2
    skipped: Optional[str] = None  # found while walking and left alone: a note on stderr only
    lazy: bool = False  # data still to be read from `name`
    named: bool = False  # named on the command line (not found in a directory)


def discover(paths: Sequence[str], stdin_filename: Optional[str] = None, content_test: bool = False) -> Iterator[Source]:
    """The inputs, each once (`p.json ./p.json`, a file inside a folder also named, `- -`: the
    first mention counts). `content_test`: named files are picked by content too, as files found
    while walking a directory are (a pre-commit hook that passes every JSON and YAML file)."""
    seen = set()
    for src in _discover(paths, stdin_filename, content_test):
        key = src.name if src.name == (stdin_filename or "<stdin>") and not src.lazy else os.path.normpath(os.path.abspath(src.name))
        if key not in seen:
            seen.add(key)
            yield src


def _discover(paths: Sequence[str], stdin_filename: Optional[str], content_test: bool) -> Iterator[Source]:
    extensions = CARRIER_EXTENSIONS if HAS_CARRIERS else POLICY_EXTENSIONS
    stdin_read = False
    for path in paths:
        if path == "-":
            if stdin_read:
                continue  # standard input can be read once
            stdin_read = True
            name = stdin_filename or "<stdin>"
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            yield _too_big(name, None, True) if len(data) > MAX_FILE_BYTES else Source(name, data)
            continue
        if os.path.isdir(path):
            yield from _walk(path, extensions)
        elif os.path.lexists(path):
            yield Source(path, explicit=not content_test, lazy=True, named=True)
        else:
            yield Source(path, error="no such file or directory")


def _walk(root: str, extensions: Tuple[str, ...]) -> Iterator[Source]:
    def onerror(exc):
        errors.append(exc)

    errors: List[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(extensions):
                path = os.path.join(dirpath, name)
                if root == "." and path.startswith("." + os.sep):
                    path = path[2:]  # `iamlint check` / `check .`: policies/app.json, not ./policies/app.json
                yield Source(path, explicit=False, lazy=True)
    for exc in errors:
        yield Source(getattr(exc, "filename", root) or root, error=exc.strerror or str(exc))


def _read(path: str, explicit: bool) -> Source:
    """Read one file. Found while walking: FIFOs, sockets and devices are skipped (reading them
    could block), files over MAX_FILE_BYTES are skipped with a note. Named on the command line:
    anything readable is read (`<(cat p.json)` is a pipe), up to MAX_FILE_BYTES."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Source(path, explicit=explicit, error="symbolic link loop (the links point at each other)")
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
            # A regular file is read at its size (asking for MAX_FILE_BYTES at once makes Python
            # allocate that much for every small file); a file that grew meanwhile is read on.
            data = f.read(st.st_size + 1 if regular else MAX_FILE_BYTES + 1)
            if regular and len(data) > st.st_size:
                data += f.read(MAX_FILE_BYTES + 1 - len(data))
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


# -- configuration -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Overrides:
    """What the command line said; None/empty: not given (the file's value, or the default, stays)."""

    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    fail_on: Optional[Severity] = None
    unsafe_fixes: Optional[bool] = None
    policy_type: Optional[PolicyType] = None
    resource_type: Optional[str] = None
    exclude: Tuple[str, ...] = ()  # globs relative to the current directory

    def apply(self, base: Config) -> Config:
        changes: dict = {}
        if self.exclude:
            here = os.getcwd()
            changes["exclude"] = base.exclude + tuple((here, g) for g in self.exclude)
        if self.select:
            changes["select"] = self.select
        if self.extend_select:
            changes["extend_select"] = base.extend_select + self.extend_select
        if self.ignore:
            changes["ignore"] = base.ignore + self.ignore
        if self.fail_on is not None:
            changes["fail_on"] = self.fail_on
        if self.unsafe_fixes is not None:
            changes["unsafe_fixes"] = self.unsafe_fixes
        if self.policy_type is not None:
            changes["policy_type"] = self.policy_type
        if self.resource_type is not None:
            changes["resource_type"] = self.resource_type
        return replace(base, **changes) if changes else base


class ConfigResolver:
    """Defaults < the nearest config file (or `--config`) < the command line, per file.
    Raises ConfigError (the message names the file, key and line) for a bad file."""

    def __init__(self, overrides: Overrides = Overrides(), config_file: Optional[str] = None, isolated: bool = False):
        self.overrides = overrides
        self.isolated = isolated
        self._by_file: Dict[Optional[str], Config] = {}
        self._by_dir: Dict[str, Optional[str]] = {}
        self.forced = None
        if config_file is not None and not isolated:
            self.forced = self._load(config_file)

    def _load(self, path: Optional[str]) -> Config:
        config = self._by_file.get(path)
        if config is None:
            base = load_config_file(path) if path is not None else DEFAULT
            config = self._by_file[path] = self.overrides.apply(base)
        return config

    def for_path(self, path: str) -> Config:
        if self.forced is not None:
            return self.forced
        if self.isolated:
            return self._load(None)
        folder = os.path.abspath(path if os.path.isdir(path) else (os.path.dirname(path) or "."))
        if folder not in self._by_dir:
            self._by_dir[folder] = find_config_file(folder)
        return self._load(self._by_dir[folder])

    def for_source(self, src: Source) -> Config:
        """stdin: the config for its --stdin-filename (or the current directory)."""
        return self.for_path("." if src.name.startswith("<") else src.name)

    def configs(self) -> List[Config]:
        return list(self._by_file.values())


# -- the report model ----------------------------------------------------------------------------
@dataclass
class FileResult:
    """What linting one input gave."""

    name: str
    findings: List[Finding] = field(default_factory=list)
    errors: List[dict] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    text: Optional[str] = None  # kept for showing source lines and for --fix
    linted: bool = False  # a policy (or carrier) was linted; False: skipped quietly
    used_suppressions: List[Suppression] = field(default_factory=list)
    unused_comments: List[dict] = field(default_factory=list)  # carrier suppressions (comments, Metadata)
    fixed_text: Optional[str] = None  # --fix: the text after the fixes
    fixed_stdin: bool = False  # ... and it is standard input's (to print, not write)
    fixes_applied: int = 0
    fixed_rules: List[Tuple[str, str]] = field(default_factory=list)  # (code, name) of each fix applied
    diff: Optional[str] = None  # --diff: what --fix would change, as a unified diff


@dataclass
class RunResult:
    findings: List[Finding] = field(default_factory=list)
    errors: List[dict] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    texts: Dict[str, str] = field(default_factory=dict)
    files: List[str] = field(default_factory=list)  # every linted file, in order
    unused_suppressions: List[dict] = field(default_factory=list)
    fixed_stdin: Optional[str] = None
    fixes_applied: int = 0
    fixed: List[Tuple[str, List[Tuple[str, str]]]] = field(default_factory=list)  # (file, (code, name) of each fix applied)
    diffs: List[str] = field(default_factory=list)  # --diff, in the order of the files
    fail_on: Dict[str, Severity] = field(default_factory=dict)  # file -> its --fail-on
    unsafe_fixes: Set[str] = field(default_factory=set)  # the files whose config applies unsafe fixes too

    def fixable(self, f: Finding) -> bool:
        """Would --fix apply this finding's fix (safe, or unsafe where the config allows it)?"""
        return f.fix is not None and (f.fix.safe or f.file in self.unsafe_fixes)

    def failed(self, default: Severity = Severity.WARNING) -> bool:
        return any(f.severity.rank >= self.fail_on.get(f.file, default).rank for f in self.findings)


@dataclass(frozen=True)
class Options:
    keep_text: bool = False  # keep every file's text (for source lines)
    fix: bool = False
    diff: bool = False  # with fix: leave the files alone, keep a diff of each instead


# -- linting one input ---------------------------------------------------------------------------
def lint_source(src: Source, config: Config, options: Options = Options()) -> FileResult:
    """Read (if needed) and lint one input. Never raises: malformed input gets findings, and a
    bug in iamlint outside the rules (a carrier, a fix) is an error for this file only, so the
    other files are still linted. (A rule that raises is a finding: internal-error, IAM004.)"""
    try:
        return _lint_source(src, config, options)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        result = FileResult(src.name)
        detail = str(exc)[:200]
        result.errors.append({"file": src.name, "message": f"internal error, not linted: {type(exc).__name__}: {detail} (an iamlint bug: please report it)"})
        return result


def _lint_source(src: Source, config: Config, options: Options) -> FileResult:
    from .engine import is_policy, lint_bytes, parse
    from .parse.source import decode, looks_binary

    # where --fix puts the fixed text: back in the file, on stdout (stdin), or into a diff (--diff)
    fix_to = "diff" if options.diff else ("file" if src.lazy else "stdout")
    if src.lazy:
        src = _read(src.name, src.explicit)
    result = FileResult(src.name)
    if src.error is not None:
        result.errors.append({"file": src.name, "message": src.error})
        return result
    if src.skipped is not None:
        result.notes.append(f"{src.name}: skipped: {src.skipped}")
        return result
    data = src.data or b""
    if not src.explicit and looks_binary(data):
        return result
    text, decode_error = decode(data)
    if decode_error is not None:
        if src.explicit or b'"Statement"' in data:
            result.findings = lint_bytes(data, filename=src.name, config=config)
            result.linted = True
        return result
    low = src.name.lower()
    document = parse(text) if (low.endswith(".json") or not low.endswith(CARRIER_EXTENSIONS)) else None
    # -- carriers: the single call site (iamlint/carriers.extract) ---------------------------
    # A JSON object with a top-level Statement is a policy file, never a template or a plan.
    plain = document is not None and document.value.__class__ is dict and "Statement" in document.value
    embedded = _extract(src.name, text, document) if HAS_CARRIERS and not plain else None
    if embedded is not None:
        result.linted = True
        marks = (len(result.notes), len(result.unused_comments))  # what each re-lint replaces
        _lint_embedded(result, embedded, text, config)
        if options.fix:
            _fix_carrier(result, src, data, text, embedded, config, fix_to, marks)
    else:
        if document is None:
            if not src.explicit:
                return result  # a YAML/Terraform file without policies
            if HAS_CARRIERS:
                # Named on the command line (a pre-commit hook passes every YAML file), but neither
                # a YAML policy nor a template: not ours. Reading YAML as JSON would only say
                # "syntax error" about a GitHub workflow.
                result.notes.append(f"{src.name}: skipped: not an IAM policy, nor a template or Terraform file that holds one")
                return result
            document = parse(text)
        if not src.explicit and not is_policy(document):
            return result
        result.linted = True
        _lint_plain(result, document, config)
        if options.fix:
            _fix(result, src, data, text, config, fix_to)
    final = text if result.fixed_text is None else result.fixed_text
    if (options.keep_text and result.findings) or options.fix:  # only what a report shows
        result.text = final
    result.findings = [_with_value(f, final) for f in result.findings]
    return result


def _extract(name: str, text: str, document):
    from .carriers import extract

    try:
        return extract(name, text, document)
    except RecursionError:
        return None


def _lint_plain(result: FileResult, document, config: Config) -> None:
    from .engine import analyze

    analysis = analyze(document, filename=result.name, config=config)
    result.findings = analysis.findings
    result.used_suppressions = sorted(analysis.used_suppressions, key=_suppression_key)


def _lint_embedded(result: FileResult, policies, text: str, config: Config) -> None:
    """The carrier's policies, linted by the core (which applies the file's own suppressions);
    here only the suppressions to report: missing reasons and unused ones."""
    from .engine import analyze_embedded

    analysis = analyze_embedded(policies, filename=result.name, config=config)
    result.findings = analysis.findings
    result.used_suppressions = sorted(analysis.used_suppressions, key=_suppression_key)
    if analysis.inline_suppressions:
        from .parse.source import LineIndex

        lines = LineIndex(text)
        for s in analysis.inline_suppressions:
            pos = lines.position(s.start_offset)
            where = f"{result.name}:{pos.line}:{pos.column}"
            codes = ",".join(s.codes) or "all rules"
            if s.reason is None:
                result.notes.append(f"{where}: warning: suppression of {codes} has no reason; it is not applied (write the reason after it)")
            elif s.start_offset not in analysis.used_inline:
                result.unused_comments.append({"file": result.name, "line": pos.line, "column": pos.column, "kind": s.kind,
                                               "codes": list(s.codes), "reason": s.reason})


def _suppression_key(s: Suppression):
    return (s.sid, s.codes, s.reason, s.files or "")


def _with_value(f: Finding, text: Optional[str]) -> Finding:
    """Keep the offending text on the finding (for fingerprints that survive lines moving)."""
    if text is None:
        return f
    value = text[f.range.start_offset : f.range.end_offset][:VALUE_CHARS]
    return f.with_extra("value", value)


def _fix(result: FileResult, src: Source, data: bytes, text: str, config: Config, fix_to: str) -> None:
    """Apply safe fixes to a plain JSON policy, re-linting after each pass; write the file
    atomically (only when something changed) or, for stdin, keep the fixed text."""
    from .engine import parse

    def relint(new_text: str):
        _lint_plain(result, parse(new_text), config)
        return result.findings

    _fix_passes(result, src, data, text, fix_to, relint, config.unsafe_fixes)


def _fix_carrier(result: FileResult, src: Source, data: bytes, text: str, policies, config: Config, fix_to: str,
                 marks: Tuple[int, int]) -> None:
    """--fix in a carrier file (YAML policy, CloudFormation, Terraform): the same passes, each
    checked by extracting the policies again (carriers.edits.fixes_keep_policies) before it is
    kept. Generated files (CDK output, Terraform plans) are left alone: their source is where
    a fix belongs."""
    from .carriers.edits import fixes_keep_policies

    if any(p.generated for p in policies):
        if any(f.fix is not None and (f.fix.safe or config.unsafe_fixes) for f in result.findings):
            result.notes.append(f"{src.name}: fixes not applied: the file is generated (fix its source)")
        return
    def relint(new_text: str):
        nonlocal policies
        after = _extract(src.name, new_text, None)
        if not fixes_keep_policies(policies, after):
            result.notes.append(f"{src.name}: a fix was not applied: the file would no longer read as before "
                                "(an iamlint bug: please report it)")
            return None
        policies = after
        del result.notes[marks[0]:], result.unused_comments[marks[1]:]  # the suppressions' notes, said again below
        _lint_embedded(result, after, new_text, config)
        return result.findings

    _fix_passes(result, src, data, text, fix_to, relint, config.unsafe_fixes)


def _fix_passes(result: FileResult, src: Source, data: bytes, text: str, fix_to: str, relint, unsafe: bool = False) -> None:
    from . import fixes
    from .fixes import fix_passes, write_atomically

    current, applied, unfinished = fix_passes(text, result.findings, relint, unsafe)
    if unfinished:
        result.notes.append(f"{src.name}: fixes did not converge after {fixes.MAX_FIX_PASSES} passes; "
                            "run --fix again (and please report it: an iamlint bug)")
    fixed = [(f.code, f.name) for f in applied]
    if not fixed:
        return
    result.fixes_applied = len(fixed)
    result.fixed_rules = fixed
    if fix_to == "diff":
        import difflib

        result.fixed_text = current
        # a last line without a line break is marked as diff and patch expect it
        result.diff = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                              for line in difflib.unified_diff(
                                  text.splitlines(keepends=True), current.splitlines(keepends=True), src.name, src.name))
        return
    if fix_to == "stdout":
        result.fixed_text = current
        result.fixed_stdin = True
        return
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    try:
        write_atomically(src.name, bom + current.encode("utf-8"))
    except OSError as exc:
        result.errors.append({"file": src.name, "message": f"cannot write the fixed file: {exc.strerror or exc}"})
        return
    result.fixed_text = current


# -- running many --------------------------------------------------------------------------------
_WORK: Tuple[Sequence[Source], Sequence[Config], Options] = ((), (), Options())


def _work(bounds: Tuple[int, int]) -> List[FileResult]:
    sources, configs, options = _WORK
    results = []
    for i in range(*bounds):
        results.append(lint_source(sources[i], configs[i], options))
        _collect_now_and_then(i)
    return results


# The garbage collector, left alone, costs about a fifth of a corpus run: each collection of the
# older generations walks every object that survived so far (the catalog and the caches built as
# files are linted). Instead it is off during a run and, every few files, collects what those
# files left (the cycles of their views) and freezes what survived (caches), so each object is
# walked about once and memory stays bounded.
COLLECT_EVERY = 32


def _collect_now_and_then(i: int) -> None:
    if i % COLLECT_EVERY == COLLECT_EVERY - 1:
        gc.collect()
        gc.freeze()


def default_jobs() -> int:
    return os.cpu_count() or 1


def run(
    sources: Sequence[Source],
    configs: Sequence[Config],
    options: Options = Options(),
    jobs: Optional[int] = None,
    progress: Optional[Callable[[int, int], None]] = None,
) -> RunResult:
    """Lint every source with its config; results in the order of `sources` whatever `jobs`."""
    global _WORK
    from . import engine, rules  # noqa: F401 - loaded once, before forking and freezing
    from .catalog import default

    default()  # the catalog, loaded before forking: workers share it
    n = len(sources)
    jobs = default_jobs() if jobs is None or jobs <= 0 else jobs
    workers = min(jobs, n // MIN_FILES_PER_WORKER)
    enabled = gc.isenabled()
    gc.freeze()  # everything loaded so far stays out of collections (and shared after fork)
    gc.disable()  # see _collect_now_and_then
    try:
        if workers >= 2 and _can_fork():
            _WORK = (sources, configs, options)
            try:
                results = _run_pool(n, workers, progress)
            finally:
                _WORK = ((), (), Options())
        else:
            results = []
            for i, (src, config) in enumerate(zip(sources, configs)):
                results.append(lint_source(src, config, options))
                _collect_now_and_then(i)
                if progress is not None:
                    progress(i + 1, n)
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
    return gather(results, configs)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _run_pool(n: int, workers: int, progress) -> List[FileResult]:
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    size = max(8, -(-n // (workers * 4)))  # a few chunks per worker: balanced, few round trips
    chunks = [(i, min(n, i + size)) for i in range(0, n, size)]
    results: List[FileResult] = []
    with ctx.Pool(workers) as pool:
        for part in pool.imap(_work, chunks):
            results.extend(part)
            if progress is not None:
                progress(len(results), n)
    return results


def gather(results: Sequence[FileResult], configs: Sequence[Config]) -> RunResult:
    out = RunResult()
    used = set()
    for res, config in zip(results, configs):
        out.errors.extend(res.errors)
        out.notes.extend(res.notes)
        out.unused_suppressions.extend(res.unused_comments)
        used.update(res.used_suppressions)
        out.fixes_applied += res.fixes_applied
        if res.fixed_rules:
            out.fixed.append((res.name, res.fixed_rules))
        if res.diff:
            out.diffs.append(res.diff)
        if res.linted:
            out.files.append(res.name)
            out.findings.extend(res.findings)
            out.fail_on[res.name] = config.fail_on
            if config.unsafe_fixes:
                out.unsafe_fixes.add(res.name)
            if res.text is not None:
                out.texts[res.name] = res.text
            if res.fixed_stdin:
                out.fixed_stdin = res.fixed_text
    # Sid suppressions of every config used that silenced nothing anywhere.
    seen = set()
    for config in {id(c): c for c in configs}.values():
        for s in config.suppressions:
            if s in used or s in seen:
                continue
            seen.add(s)
            entry = {"file": _shown(config.source), "sid": s.sid, "codes": list(s.codes), "reason": s.reason}
            if s.files is not None:
                entry["files"] = s.files
            out.unused_suppressions.append(entry)
    return out


def _shown(path: Optional[str]) -> Optional[str]:
    """A config file's path as shown: relative to the current directory when below it."""
    if not path or path.startswith("<"):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover
        return path
    return path if rel.startswith("..") else rel


# -- paths in reports ----------------------------------------------------------------------------
def repository_root(start: Optional[str] = None) -> str:
    """The git top level above `start` (default: the current directory), else that directory."""
    here = os.path.abspath(start or os.getcwd())
    folder = here
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return here
        folder = parent


def relative_path(filename: str, root: str) -> str:
    """`filename` relative to `root` with '/' separators, or as given when outside it."""
    if filename.startswith("<"):
        return filename
    absolute = os.path.abspath(filename)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # pragma: no cover - another drive on Windows
        return absolute.replace(os.sep, "/")
    if rel == ".." or rel.startswith(".." + os.sep):
        return absolute.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def extra(f: Finding, key: str, default=None):
    for k, v in f.extra:
        if k == key:
            return v
    return default
