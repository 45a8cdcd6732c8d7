"""Configuration is a value: built from defaults, then a file, then the command line, and passed
into `lint()`. Nothing here is read from globals.

The file is `[tool.iamlint]` in `pyproject.toml` or the top level of `.iamlint.toml`; the nearest
one above the linted path wins (`--config` overrides). It is validated against
`iamlint/data/config_schema.json`: an unknown key is an error that names it and its line.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field, replace
from typing import List, Mapping, Optional, Tuple

from .model import PolicyType, Severity


@dataclass(frozen=True)
class Suppression:
    """Silence some codes (or all, if empty) in the statements with this Sid. A reason is required."""

    sid: str
    codes: Tuple[str, ...]
    reason: str
    files: Optional[str] = None  # glob; None: every file

    def applies(self, code: str, name: str, sid: Optional[str], filename: str) -> bool:
        if sid != self.sid:
            return False
        if self.files is not None and not glob_match(self.files, filename):
            return False
        return not self.codes or any(matches(c, code, name) for c in self.codes)


@dataclass(frozen=True)
class Config:
    select: Optional[Tuple[str, ...]] = None  # None: the rules enabled by default
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    unsafe_fixes: bool = False  # --fix applies unsafe fixes too
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code or name -> severity
    options: Mapping[str, Mapping[str, object]] = field(default_factory=dict)  # rule name -> options
    policy_type: Optional[PolicyType] = None  # None: detect
    resource_type: Optional[str] = None
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()  # (glob, selectors)
    policy_types: Tuple[Tuple[str, PolicyType], ...] = ()  # (glob, type): default type by file
    suppressions: Tuple[Suppression, ...] = ()
    exclude: Tuple[Tuple[str, str], ...] = ()  # (folder, glob): files and folders not to lint
    source: Optional[str] = None  # the file it was read from
    root: Optional[str] = None  # the folder globs are relative to

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)

    def for_file(self, filename: str) -> "Config":
        """The config that applies to one file: per-file ignores and default policy type folded in."""
        rel = self.relative(filename)
        extra = tuple(s for pattern, sels in self.per_file_ignores if glob_match(pattern, rel) for s in sels)
        policy_type = self.policy_type
        if policy_type is None:
            for pattern, ptype in self.policy_types:
                if glob_match(pattern, rel):
                    policy_type = ptype
                    break
        if not extra and policy_type is self.policy_type:
            return self
        return replace(self, ignore=self.ignore + extra, policy_type=policy_type)

    def excludes(self, filename: str) -> bool:
        """Whether `filename` or a folder above it matches an exclude glob (each glob relative to
        the folder of the config, or of the command line, that gave it). `./sub`, `sub/` and an
        absolute path name the same folder as `sub`; a glob without `/` matches a name anywhere
        in the path, also in a path outside that folder (`--exclude sub ..`)."""
        if not self.exclude or filename.startswith("<"):
            return False
        absolute = os.path.abspath(filename)
        for folder, raw in self.exclude:
            pattern = _normal_glob(raw, folder)
            if "/" not in pattern:
                # the names in the path as given (`../sub/b.json`); an absolute one from the folder on
                inside = os.path.isabs(filename) and absolute.startswith(folder.rstrip(os.sep) + os.sep)
                rel = os.path.relpath(absolute, folder) if inside else filename
                names = [p for p in os.path.normpath(rel).replace(os.sep, "/").split("/") if p not in ("", ".", "..")]
                if any(fnmatch.fnmatchcase(name, pattern) for name in names):
                    return True
                continue
            if os.path.isabs(pattern):
                rel = absolute.replace(os.sep, "/")
            else:
                try:
                    rel = os.path.relpath(absolute, folder).replace(os.sep, "/")
                except ValueError:  # pragma: no cover - another drive
                    continue
                if rel.startswith("../"):
                    continue
            parts = rel.split("/")
            if any(glob_match(pattern, "/".join(parts[:i])) for i in range(1, len(parts) + 1)):
                return True
        return False

    def relative(self, filename: str) -> str:
        if self.root and os.path.isabs(filename) is False and not filename.startswith("<"):
            absolute = os.path.abspath(filename)
        else:
            absolute = filename
        if self.root:
            try:
                rel = os.path.relpath(absolute, self.root)
                if not rel.startswith(".."):
                    return rel.replace(os.sep, "/")
            except ValueError:
                pass
        return filename.replace(os.sep, "/")


DEFAULT = Config()


def matches(selector: str, code: str, name: str) -> bool:
    """A selector is ALL, a code prefix (IAM2, IAM201) or a rule name (unknown-action)."""
    s = selector.strip()
    if not s:
        return False
    if s.upper() == "ALL":
        return True
    if s.lower() == name:
        return True
    return code.startswith(s.upper())


def severity_override(config: Config, code: str, name: str) -> Optional[Severity]:
    sev = config.severity  # read in place: this runs for every finding
    if not sev:
        return None
    return sev.get(code) or sev.get(name)


def _normal_glob(pattern: str, folder: str) -> str:
    """`./sub/` -> `sub`; an absolute path inside `folder` -> relative to it."""
    pattern = pattern.replace(os.sep, "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/") or pattern
    if os.path.isabs(pattern):
        rel = os.path.relpath(pattern, folder).replace(os.sep, "/")
        if not rel.startswith("../") and rel != "..":
            return rel
    return pattern


def glob_match(pattern: str, path: str) -> bool:
    """Globs are matched against the path relative to the config's folder; `**/` spans folders
    and a pattern without `/` matches the file name anywhere."""
    path = path.replace(os.sep, "/")
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)
    if fnmatch.fnmatchcase(path, pattern):
        return True
    return pattern.startswith("**/") and fnmatch.fnmatchcase(path, pattern[3:])


# -- files ---------------------------------------------------------------------------------------
class ConfigError(ValueError):
    """A bad configuration file: the message names the file, the key and the line."""


def find_config_file(start: str) -> Optional[str]:
    """The nearest `.iamlint.toml`, or `pyproject.toml` with a [tool.iamlint] table, at or above
    `start` (a file or folder), stopping at the repository root (the first folder with `.git`)."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        candidate = os.path.join(folder, ".iamlint.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate):
            try:
                with open(candidate, "rb") as f:
                    if b"[tool.iamlint" in f.read():
                        return candidate
            except OSError:
                pass
        parent = os.path.dirname(folder)
        if parent == folder or os.path.exists(os.path.join(folder, ".git")):
            return None
        folder = parent


def load_config_file(path: str, base: Config = DEFAULT) -> Config:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    try:
        with open(path, "rb") as f:
            raw_bytes = f.read()
        text = raw_bytes.decode("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("iamlint", {})
        prefix = "tool.iamlint."
    else:
        table = data
        prefix = ""
    return from_mapping(table, base, source=path, text=text, prefix=prefix)


def _schema() -> dict:
    from .catalog import own_data

    return own_data("config_schema")


def from_mapping(table: Mapping, base: Config = DEFAULT, *, source: str = "<settings>", text: str = "", prefix: str = "") -> Config:
    """Validate a config table (from a file or an editor's settings) and fold it over `base`."""
    from jsonschema import Draft202012Validator

    errors = sorted(Draft202012Validator(_schema()).iter_errors(table), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        e = errors[0]
        path = [str(p) for p in e.absolute_path]
        if e.validator == "additionalProperties":
            allowed = set(e.schema.get("properties", {}))
            unknown = [k for k in e.instance if k not in allowed]
            key = unknown[0] if unknown else "?"
            line = _line_of(text, key)
            where = f"{source}:{line}" if line else source
            raise ConfigError(f"{where}: unknown key {prefix + '.'.join(path + [key])!r}")
        key = next((p for p in reversed(path) if not p.isdigit()), "")  # suppress.0 -> [[suppress]]
        line = _line_of(text, key) if key else None
        where = f"{source}:{line}" if line else source
        raise ConfigError(f"{where}: {prefix + '.'.join(path) or 'config'}: {e.message}")
    _check_selectors(table, source, text, prefix)
    changes: dict = {"source": source, "root": os.path.dirname(os.path.abspath(source)) if source and not source.startswith("<") else base.root}
    if "select" in table:
        changes["select"] = tuple(table["select"]) or None
    if "extend-select" in table:
        changes["extend_select"] = base.extend_select + tuple(table["extend-select"])
    if "ignore" in table:
        changes["ignore"] = base.ignore + tuple(table["ignore"])
    if "fail-on" in table:
        changes["fail_on"] = Severity(table["fail-on"])
    if "unsafe-fixes" in table:
        changes["unsafe_fixes"] = table["unsafe-fixes"]
    if "severity" in table:
        merged = dict(base.severity)
        merged.update({k: Severity(v) for k, v in table["severity"].items()})
        changes["severity"] = merged
    if "rules" in table:
        merged_opts = {k: dict(v) for k, v in base.options.items()}
        for rule, opts in table["rules"].items():
            merged_opts.setdefault(rule, {}).update(opts)
        changes["options"] = merged_opts
    if "per-file-ignores" in table:
        changes["per_file_ignores"] = base.per_file_ignores + tuple((g, tuple(v)) for g, v in table["per-file-ignores"].items())
    if "policy-types" in table:
        changes["policy_types"] = base.policy_types + tuple((g, PolicyType(v)) for g, v in table["policy-types"].items())
    for key in ("exclude", "extend-exclude"):
        if key in table:
            folder = changes["root"] or os.getcwd()
            changes["exclude"] = changes.get("exclude", base.exclude) + tuple((folder, g) for g in table[key])
    if "suppress" in table:
        changes["suppressions"] = base.suppressions + tuple(
            Suppression(s["sid"], tuple(s.get("codes", ())), s["reason"], s.get("files")) for s in table["suppress"]
        )
    return replace(base, **changes)


SELECTOR_HELP = "use a code prefix like IAM2, a code, a rule name or ALL"


def unknown_selectors(selectors) -> List[str]:
    """The selectors that name no rule: a typo there would silently select or ignore nothing."""
    from .rules import all_rules

    rules = all_rules()
    return [s for s in selectors if not any(matches(s, r.code, r.name) for r in rules)]


def _check_selectors(table: Mapping, source: str, text: str, prefix: str) -> None:
    places = [(key, table.get(key, ())) for key in ("select", "extend-select", "ignore")]
    places += [(f"per-file-ignores.{glob}", codes) for glob, codes in table.get("per-file-ignores", {}).items()]
    places += [("suppress", s.get("codes", ())) for s in table.get("suppress", ())]
    for key, selectors in places:
        bad = unknown_selectors(selectors)
        if bad:
            line = _line_of(text, bad[0]) or _line_of(text, key.split(".")[0])
            where = f"{source}:{line}" if line else source
            raise ConfigError(f"{where}: {prefix}{key}: unknown rule selector {bad[0]!r} ({SELECTOR_HELP})")
    from .rules import all_rules

    _check_rule_options(table.get("rules", {}), source, text, prefix)
    exact = {r.code for r in all_rules()} | {r.name for r in all_rules()}
    for key in table.get("severity", {}):  # looked up by exact code or name, not by prefix
        if key not in exact:
            line = _line_of(text, key)
            where = f"{source}:{line}" if line else source
            raise ConfigError(f"{where}: {prefix}severity: {key!r} is not a rule code or name (e.g. IAM201 or unknown-action)")


def _check_rule_options(rules_table: Mapping, source: str, text: str, prefix: str) -> None:
    """[rules.<name>] names a rule that takes options, and holds only options it knows."""
    from jsonschema import Draft202012Validator

    from .rules import all_rules

    by_name = {r.name: r for r in all_rules()}
    for name, opts in rules_table.items():
        line = _line_of(text, name)
        where = f"{source}:{line}" if line else source
        rule = by_name.get(name)
        if rule is None:
            raise ConfigError(f"{where}: {prefix}rules.{name}: no rule is named {name!r} (options go under the rule's name, e.g. rules.sensitive-access-without-condition)")
        if rule.options is None:
            raise ConfigError(f"{where}: {prefix}rules.{name}: {rule.code} {name} takes no options")
        errors = sorted(Draft202012Validator(rule.options).iter_errors(opts), key=lambda e: list(map(str, e.absolute_path)))
        if errors:
            e = errors[0]
            path = [str(p) for p in e.absolute_path]
            if e.validator == "additionalProperties":
                unknown = [k for k in e.instance if k not in e.schema.get("properties", {})]
                key = unknown[0] if unknown else "?"
                message = f"unknown option {key!r} (see: iamlint rule {name})"
            else:
                key = path[-1] if path else name
                message = e.message
            line = _line_of(text, key) or line
            where = f"{source}:{line}" if line else source
            raise ConfigError(f"{where}: {prefix}rules.{'.'.join([name] + path)}: {message}")


def _line_of(text: str, key: str) -> Optional[int]:
    if not text or not key:
        return None
    # the key assigned (`IAM2 = ...`), else a table header naming it (`[rules.x]`), else an array
    # holding it (`ignore = ["bogus"]`)
    k = re.escape(key)
    m = (re.search(r'(?m)^[ \t]*"?' + k + r'"?\s*=', text)
         or re.search(r"(?m)^[ \t]*\[\[?[^\]\n]*\b" + k + r"\b[^\]\n]*\]", text)
         or re.search(r"\[[^\]\n]*\b" + k + r"\b[^\]\n]*\]", text))
    return text.count("\n", 0, m.start()) + 1 if m else None

