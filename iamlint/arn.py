"""ARNs: a grammar that keeps where each field sits, and matching against the catalog's templates.

`parse("arn:aws:s3:::reports/*")` splits an ARN into its six fields (partition, service, region,
account, resource), each a `Segment` with its offsets in the string, so that a finding can point at
the one field that is wrong. Colons inside policy variables (`${aws:username}`) do not split.

Resource-type templates come from the catalog (`arn:${Partition}:s3:::${BucketName}`) and are
indexed by the service segment of the ARN (which is not always the action prefix: the `ec2`
catalog lists `arn:${Partition}:iam::${Account}:role/...`). Matching is an intersection of two
patterns: the ARN's `*`/`?`/variables against the template's `${...}` placeholders, each of which
matches any run of characters. Inside the resource part `/` and `:` are treated alike, because the
Service Authorization Reference is loose about them. A `*` at the end of the Region or account
field can match across the following colons (as IAM does), so such ARNs are also matched as a
whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, NamedTuple, Optional, Tuple

from .model import Problem, Replacement

FIELDS = ("prefix", "partition", "service", "region", "account", "resource")
STAR = "\x01"  # pattern token: any run of characters
QMARK = "\x02"  # pattern token: exactly one character


class Segment(NamedTuple):
    text: str
    start: int  # offsets in the ARN string: text == arn[start:end]
    end: int

    @property
    def span(self) -> Tuple[int, int]:
        return (self.start, self.end)

    @property
    def has_wildcard(self) -> bool:
        return "*" in self.text or "?" in self.text

    @property
    def has_variable(self) -> bool:
        return "${" in self.text

    @property
    def literal(self) -> bool:
        """No wildcard and no variable: the text is what IAM compares."""
        return not self.has_wildcard and not self.has_variable

    @property
    def matches_empty(self) -> bool:
        """Empty, or only `*`s (which may match nothing), or a variable (which may be empty)."""
        return self.text == "" or set(self.text) == {"*"} or self.has_variable


@dataclass(frozen=True)
class Arn:
    text: str
    fields: Tuple[Segment, ...]  # at most 6; the last takes the rest of the string

    @property
    def complete(self) -> bool:
        return len(self.fields) == 6

    def _field(self, i: int) -> Segment:
        if i < len(self.fields):
            return self.fields[i]
        return Segment("", len(self.text), len(self.text))

    @property
    def partition(self) -> Segment:
        return self._field(1)

    @property
    def service(self) -> Segment:
        return self._field(2)

    @property
    def region(self) -> Segment:
        return self._field(3)

    @property
    def account(self) -> Segment:
        return self._field(4)

    @property
    def resource(self) -> Segment:
        return self._field(5)


_new_tuple = tuple.__new__


def _literal(text: str) -> bool:
    """Segment.literal of a field's text (for the hot path, which has the texts at hand)."""
    return "*" not in text and "?" not in text and "${" not in text


def split_fields(text: str, limit: int = 6) -> Tuple[Segment, ...]:
    """Split on colons outside `${...}`, into at most `limit` fields (the last keeps the rest)."""
    if "${" not in text:  # no variable: str.split does it
        out = []
        start = 0
        for part in text.split(":", limit - 1):
            end = start + len(part)
            out.append(_new_tuple(Segment, (part, start, end)))  # Segment(...) without its Python-level __new__
            start = end + 1
        return tuple(out)
    out: List[Segment] = []
    start = 0
    i = 0
    n = len(text)
    while i < n and len(out) < limit - 1:
        c = text[i]
        if c == "$" and i + 1 < n and text[i + 1] == "{":
            close = text.find("}", i + 2)
            if close < 0:
                break  # an unclosed variable: the rest is one field
            i = close + 1
            continue
        if c == ":":
            out.append(Segment(text[start:i], start, i))
            start = i + 1
        i += 1
    out.append(Segment(text[start:], start, n))
    return tuple(out)


@lru_cache(maxsize=8192)
def parse(text: str) -> Optional[Arn]:
    """The fields of an ARN; None unless the string starts with `arn:` (exactly, lowercase)."""
    if not text.startswith("arn:"):
        return None
    return Arn(text, split_fields(text))


_VARIABLE = re.compile(r"\$\{[^}]*\}")


def is_pure_variable(text: str) -> bool:
    """The whole value is one policy variable, e.g. `${aws:SourceArn}`."""
    m = _VARIABLE.fullmatch(text)
    return m is not None


# -- patterns --------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def pattern(text: str, lenient_separators: bool = True) -> str:
    """An ARN fragment as a pattern string: `*` and variables -> STAR, `?` -> QMARK, runs of STAR
    collapsed; with `lenient_separators`, `:` is written as `/` (the catalog mixes them)."""
    if "${" in text:
        text = _VARIABLE.sub("*", text)
    if lenient_separators:
        text = text.replace(":", "/")
    out = text.replace("*", STAR).replace("?", QMARK)
    while STAR + STAR in out:
        out = out.replace(STAR + STAR, STAR)
    return out


def _literal_prefix(p: str) -> str:
    """The start of a pattern up to its first wildcard token."""
    star, qmark = p.find(STAR), p.find(QMARK)
    if star < 0:
        return p if qmark < 0 else p[:qmark]
    return p[:star] if qmark < 0 or star < qmark else p[:qmark]


def _literal_suffix(p: str) -> str:
    """The end of a pattern after its last wildcard token."""
    return p[max(p.rfind(STAR), p.rfind(QMARK)) + 1:]


def _ends_compatible(pa: str, sa: str, pb: str, sb: str) -> bool:
    """Literal heads (and tails) of two patterns: one must be a prefix (suffix) of the other."""
    if not (pa.startswith(pb) or pb.startswith(pa)):
        return False
    return sa.endswith(sb) or sb.endswith(sa)


@lru_cache(maxsize=65536)
def intersects(a: str, b: str) -> bool:
    """Is there a string both patterns match? (patterns as built by `pattern`)"""
    if a == b or a == STAR or b == STAR:
        return True
    a_lit = STAR not in a and QMARK not in a
    b_lit = STAR not in b and QMARK not in b
    if a_lit and b_lit:
        return False
    if not a or not b:
        return False  # (both empty: equal, handled above)
    if (a[0] == STAR and b[-1] == STAR) or (b[0] == STAR and a[-1] == STAR):
        return True  # u (matching b, its last star empty) + v (matching a after its first star)
    if a_lit or b_lit:  # one side is a plain string: glob matching
        general, specific = (b, a) if a_lit else (a, b)
        return covers(general.replace("*", "\x03").replace(STAR, "*").replace(QMARK, "?"), specific.replace("*", "\x03"))
    pa, pb = _literal_prefix(a), _literal_prefix(b)
    sa, sb = _literal_suffix(a), _literal_suffix(b)
    if not _ends_compatible(pa, sa, pb, sb):
        return False
    # Both sides start with the shorter literal head and end with the shorter literal tail: what
    # lies between must intersect, and does when one middle starts with a star and the other ends
    # with one (as above). Each side has a wildcard, so head and tail do not overlap.
    head, tail = min(len(pa), len(pb)), min(len(sa), len(sb))
    if (a[head] == STAR and b[-1 - tail] == STAR) or (b[head] == STAR and a[-1 - tail] == STAR):
        return True
    # fast path: one side is a literal head and a single trailing star ("role/*", "table/${Name}")
    for x, px, y, py in ((a, pa, b, pb), (b, pb, a, pa)):
        if len(x) == len(px) + 1 and x[-1] == STAR:
            # y's strings need only start with px: true if y's literal head already does, or if
            # y's head is a prefix of px and a star follows it (it can produce the rest)
            if py.startswith(px) or (len(y) > len(py) and y[len(py)] == STAR):
                return True
    return _intersect_bits(a, b)


def _intersect_bits(a: str, b: str) -> bool:
    """The reachability table of `a` against `b` row by row, each row a bit set over b's positions:
    state (i, j) means a[:i] and b[:j] can be consumed together."""
    lb = len(b)
    full = (1 << (lb + 1)) - 1
    star_b = qmark_b = plain_b = 0
    exact: Dict[str, int] = {}
    for j, c in enumerate(b):
        bit = 1 << j
        if c == STAR:
            star_b |= bit
        else:
            plain_b |= bit
            if c == QMARK:
                qmark_b |= bit
            else:
                exact[c] = exact.get(c, 0) | bit
    row = 1
    for ai in a:
        if not row:
            return False
        if ai == STAR:  # a's star consumes any run of b: every later position of the row
            row = full & ~((row & -row) - 1)
            continue  # ... and the next row is the same set (the star done)
        while True:  # b's stars consume nothing
            grown = row | ((row & star_b) << 1)
            if grown == row:
                break
            row = grown
        if ai == QMARK:
            row = (row & star_b) | ((row & plain_b) << 1)
        else:
            row = (row & star_b) | ((row & (qmark_b | exact.get(ai, 0))) << 1)
    while True:
        grown = row | ((row & star_b) << 1)
        if grown == row:
            break
        row = grown
    return bool((row >> lb) & 1)


def _intersect_table(a: str, b: str) -> bool:
    """The plain dynamic programme _intersect_bits computes (kept as its reference for tests)."""
    la, lb = len(a), len(b)
    # reach[i][j]: a[:i] and b[:j] can be consumed together
    reach = [bytearray(lb + 1) for _ in range(la + 1)]
    reach[0][0] = 1
    for i in range(la + 1):
        row = reach[i]
        ai = a[i] if i < la else None
        for j in range(lb + 1):
            if not row[j]:
                continue
            bj = b[j] if j < lb else None
            if ai == STAR:
                reach[i + 1][j] = 1
                if bj is not None:
                    row[j + 1] = 1
            if bj == STAR:
                row[j + 1] = 1
                if ai is not None:
                    reach[i + 1][j] = 1
            if ai is not None and bj is not None and ai != STAR and bj != STAR:
                if ai == bj or ai == QMARK or bj == QMARK:
                    reach[i + 1][j + 1] = 1
    return bool(reach[la][lb])


@lru_cache(maxsize=4096)
def cover_regex(text: str) -> "re.Pattern[str]":
    """A wildcard as a regex matching the (same-case) texts it covers: its `*` covers anything,
    wildcards included; its `?` covers one character (a `?` too, but not a `*`)."""
    parts = []
    for c in text:
        if c == "*":
            parts.append(".*")
        elif c == "?":
            parts.append("[^*]")
        else:
            parts.append(re.escape(c))
    return re.compile("".join(parts) + r"\Z", re.S)


_WILD = re.compile(r"[*?]")


@lru_cache(maxsize=8192)
def _chunks(general: str) -> Tuple[str, ...]:
    return tuple(general.split("*"))


def covers(general: str, specific: str) -> bool:
    """Does every resource `specific` matches also match `general`? Case-sensitive, as IAM is for
    resources; `*` (which may cross `/` and `:`) and `?` are wildcards, variables are compared as
    written. A `*` of `general` matches any run of `specific` (wildcards included); a `?` matches
    one character of `specific` other than `*`."""
    if general == specific:
        return True
    m = _WILD.search(general)
    if m is None:
        return False
    if "?" not in general:
        # star-only: the literal chunks must appear in order (leftmost matches suffice)
        parts = _chunks(general)
        first, last = parts[0], parts[-1]
        if len(specific) < len(first) + len(last) or not specific.startswith(first) or not specific.endswith(last):
            return False
        pos, end = len(first), len(specific) - len(last)
        for mid in parts[1:-1]:
            i = specific.find(mid, pos, end)
            if i < 0:
                return False
            pos = i + len(mid)
        return True
    if not specific.startswith(general[: m.start()]):
        return False
    tail = general[general.rfind("*") + 1:] if "?" not in general else ""
    if tail and not specific.endswith(tail):
        return False
    # greedy two-pointer glob matching, backtracking to the last star
    g = s = 0
    star = -1
    mark = 0
    lg, ls = len(general), len(specific)
    while s < ls:
        if g < lg:
            c = general[g]
            if c == "*":
                star, mark = g, s
                g += 1
                continue
            if c == specific[s] or (c == "?" and specific[s] != "*"):
                g += 1
                s += 1
                continue
        if star < 0:
            return False
        g = star + 1
        mark += 1
        s = mark
    while g < lg and general[g] == "*":
        g += 1
    return g == lg


# -- templates -------------------------------------------------------------------------------


class Template(NamedTuple):
    """One ARN format of a resource type (a tuple: the compact catalog stores its fields)."""

    owner: str  # the catalog service that lists it
    key: str  # its resource type name, e.g. "bucket"
    arn: str  # arn:${Partition}:s3:::${BucketName}
    region: str  # as written: "${Region}", "", "*", "us-west-2"
    account: str  # "${Account}", "", "aws", ...
    resource: str
    resource_pattern: str  # pattern(resource)
    tail_pattern: str  # pattern("region:account:resource"), colons kept as colons
    head: str = ""  # literal start and end of resource_pattern
    foot: str = ""

    @property
    def needs_region(self) -> bool:
        return self.region != ""

    @property
    def needs_account(self) -> bool:
        return self.account != ""


_ARN_LIST = re.compile(r",\s*(?=arn:)")


def template_records(resource_types) -> Dict[str, Tuple[tuple, ...]]:
    """ARN service segment -> the fields of its Templates, from (owner, resource type key, ARN
    format text) triples in ascending owner order. A format listed again (same segment and
    region:account:resource pattern) keeps its first owner; the segment's own service comes
    first, so that its names are the ones messages show.

    The compact catalog stores this (see catalog.compact_catalog_path): when changing what it
    computes, or `pattern`, bump catalog._COMPACT_FORMAT."""
    build: Dict[str, List[tuple]] = {}
    seen = set()
    for owner, key, arns in resource_types:
        for arn in _ARN_LIST.split(arns):
            arn = arn.strip()
            fields = split_fields(arn)
            if len(fields) != 6 or fields[0].text != "arn" or "${" in fields[2].text:
                continue
            service = fields[2].text
            region, account, resource = fields[3].text, fields[4].text, fields[5].text
            tail = pattern(f"{region}:{account}:{resource}", False)
            ident = (service, tail)
            if ident in seen:
                continue
            seen.add(ident)
            rp = pattern(resource)
            build.setdefault(service, []).append(
                (owner, key, arn, region, account, resource, rp, tail, _literal_prefix(rp), _literal_suffix(rp))
            )
    return {k: tuple(sorted(v, key=lambda t: t[0] != k)) for k, v in build.items()}


def _template_index(catalog) -> Dict[str, Tuple[Template, ...]]:
    """ARN service segment -> templates, over every service of the catalog, built from the
    resource types (only without the compact catalog, which holds it ready)."""
    index = catalog.memo.get("arn.index")
    if index is None:
        triples = (
            (owner, key, info.arn)
            for owner in sorted(catalog.services)
            for key, info in catalog.resource_types(owner).items()
        )
        index = {k: tuple(Template(*r) for r in v) for k, v in template_records(triples).items()}
        catalog.memo["arn.index"] = index
    return index


def templates(catalog, service: str) -> Tuple[Template, ...]:
    """The resource-type templates whose ARN service segment is `service` (lowercase), from every
    service's catalog entry (ec2 lists IAM role ARNs too): the same answer whatever was asked
    before. Read per segment from the compact catalog, so a cold lint of one small policy does not
    decode every service's resource types."""
    per_segment = catalog.memo.get("arn.templates")
    if per_segment is None:
        per_segment = catalog.memo["arn.templates"] = {}
    hit = per_segment.get(service)
    if hit is None:
        records = catalog.arn_template_records(service)
        if records is None:  # no compact catalog
            hit = _template_index(catalog).get(service, ())
        else:
            hit = tuple(Template(*r) for r in records)
        per_segment[service] = hit
    return hit


def _segments(catalog):
    """Every ARN service segment of the catalog's templates."""
    segments = catalog.arn_template_segments()
    return segments if segments is not None else _template_index(catalog).keys()


def arn_service_known(catalog, service: str) -> bool:
    """A service prefix of the catalog, or the service segment of one of its ARN templates."""
    return catalog.has_service(service) or service in _segments(catalog)


def matching_templates(catalog, arn: Arn) -> Tuple[Template, ...]:
    """The templates of the ARN's service whose resource part the ARN's resource part can match."""
    return _matching(catalog, arn.service.text.lower(), arn.resource.text)


def _matching(catalog, service: str, resource: str) -> Tuple[Template, ...]:
    cache = catalog.memo.get("arn.matching")
    if cache is None:
        cache = catalog.memo["arn.matching"] = {}
    key = (service, resource)
    hit = cache.get(key)
    if hit is None:
        hit = _match_resource(catalog, service, pattern(resource))
        if len(cache) > 50000:  # a long-running server: keep the cache bounded
            cache.clear()
        cache[key] = hit
    return hit


def _match_resource(catalog, service: str, p: str) -> Tuple[Template, ...]:
    """The templates whose resource pattern intersects `p`: the literal ends first (one head a
    prefix of the other, one foot a suffix of the other), then the cases of `intersects` that
    answer yes from the ends alone, checked here on the precomputed heads and feet; the rest is
    left to `intersects` (the same answer: each shortcut is one of its own branches)."""
    head, foot = _literal_prefix(p), _literal_suffix(p)
    p_wild = len(head) != len(p)  # p has a wildcard token
    p_first_star = p[:1] == STAR
    p_last_star = p[-1:] == STAR
    out = []
    for t, rp, t_head, t_foot, t_wild in _candidates(catalog, service, head):
        if not ((head.startswith(t_head) or t_head.startswith(head)) and (foot.endswith(t_foot) or t_foot.endswith(foot))):
            continue
        if rp == p or rp == STAR or p == STAR:
            out.append(t)
            continue
        if p_wild and t_wild:
            # both have a wildcard (so neither is empty): a star at the start of one and the end of
            # the other, or right after the shorter head of one and before the shorter foot of
            # the other, joins them (intersects, its "ends" and "middle" branches)
            if (p_first_star and rp[-1] == STAR) or (rp[0] == STAR and p_last_star):
                out.append(t)
                continue
            h, f = min(len(head), len(t_head)), min(len(foot), len(t_foot))
            if (p[h] == STAR and rp[-1 - f] == STAR) or (rp[h] == STAR and p[-1 - f] == STAR):
                out.append(t)
                continue
        if intersects(p, rp):
            out.append(t)
    return tuple(out)


_Candidate = Tuple[Template, str, str, str, bool]  # template, resource pattern, head, foot, has a wildcard


def _first_segment(head: str) -> Optional[str]:
    """A literal head up to the end of its first segment (`role/`, `/restapis/`: to the first `/`
    after its first character), None when the head ends inside that segment. Two heads whose
    first segments are both known agree (one a prefix of the other) only if those are equal."""
    end = head.find("/", 1)
    return head[: end + 1] if end >= 0 else None


_HEADS_MAX = 4096  # first segments (initials) remembered per ARN service segment


class _SegmentTemplates:
    """The templates of one ARN service segment as _Candidate entries, with the entries a
    resource head can agree with, by its first segment (or, when that is open, its first
    character), built lazily and once per catalog."""

    __slots__ = ("entries", "firsts", "by_segment", "by_initial")

    def __init__(self, ts: Tuple[Template, ...]):
        self.entries = tuple((t, t.resource_pattern, t.head, t.foot, len(t.head) != len(t.resource_pattern)) for t in ts)
        self.firsts = tuple(_first_segment(t.head) for t in ts)
        self.by_segment: Dict[str, Tuple[_Candidate, ...]] = {}
        self.by_initial: Dict[str, Tuple[_Candidate, ...]] = {}

    def candidates(self, head: str) -> Tuple[_Candidate, ...]:
        """The entries whose head can agree with `head` (one a prefix of the other), and maybe a
        few more, in the segment's order."""
        if not head:
            return self.entries
        first = _first_segment(head)
        if first is not None:
            hit = self.by_segment.get(first)
            if hit is None:
                if len(self.by_segment) >= _HEADS_MAX:  # heads are free text: stay bounded
                    self.by_segment.clear()
                # a template head with an open first segment may agree; one with a closed one
                # must have the same first segment
                hit = self.by_segment[first] = tuple(
                    e for e, f in zip(self.entries, self.firsts) if f is None or f == first
                )
            return hit
        c = head[0]
        hit = self.by_initial.get(c)
        if hit is None:
            if len(self.by_initial) >= _HEADS_MAX:
                self.by_initial.clear()
            hit = self.by_initial[c] = tuple(e for e in self.entries if not e[2] or e[2][0] == c)
        return hit


def _candidates(catalog, service: str, head: str) -> Tuple[_Candidate, ...]:
    """The templates of a segment whose literal head can agree with `head` (one a prefix of the
    other), and maybe a few more, as _Candidate entries in the segment's order."""
    by_service = catalog.memo.get("arn.candidates")
    if by_service is None:
        by_service = catalog.memo["arn.candidates"] = {}
    index = by_service.get(service)
    if index is None:
        index = by_service[service] = _SegmentTemplates(templates(catalog, service))
    return index.candidates(head)


def matches_across_colons(catalog, arn: Arn) -> bool:
    """With a `*` ending the Region or account field, that `*` may run over the following colons
    (`arn:aws:logs:*:*:/aws/lambda/x*` matches log groups): does the ARN match some template so?"""
    if not (arn.region.text.endswith("*") or arn.account.text.endswith("*")):
        return False
    tail = pattern(arn.text[arn.region.start:], False)
    return any(intersects(tail, t.tail_pattern) for t in templates(catalog, arn.service.text.lower()))


def _fits(text: str, wanted) -> bool:
    """Does one of the templates' Region (account) fields, `wanted`, accept the ARN's field text?
    What any(region_compatible(...)) (account_compatible) says, without a call per template."""
    if text == "":  # a template with none, or with a literal `*`
        return "" in wanted or "*" in wanted
    for w in wanted:
        if w:  # a template that needs one
            return True
    return bool(wanted) and (set(text) == {"*"} or "${" in text)  # Segment.matches_empty, text non-empty


def region_compatible(arn_region: Segment, template: Template) -> bool:
    if not template.needs_region:
        return arn_region.matches_empty
    return arn_region.text != "" or template.region == "*"


def account_compatible(arn_account: Segment, template: Template) -> bool:
    if not template.needs_account:
        return arn_account.matches_empty
    return arn_account.text != "" or template.account == "*"


# -- partitions and regions ------------------------------------------------------------------


@lru_cache(maxsize=1)
def partitions() -> Dict[str, Tuple[str, ...]]:
    from .catalog import own_data

    return {k: tuple(v) for k, v in own_data("partitions")["partitions"].items()}


@lru_cache(maxsize=1)
def partition_region_sets() -> Dict[str, frozenset]:
    """partitions() with each Region list as a set, for membership tests."""
    return {p: frozenset(regions) for p, regions in partitions().items()}


@lru_cache(maxsize=1)
def region_partition() -> Dict[str, str]:
    return {r: p for p, regions in partitions().items() for r in regions}


# -- the checks on Resource / NotResource values ------------------------------------------------


class Issue(NamedTuple):
    """One thing wrong with one Resource value, as the ARN rules report it."""

    code: str  # Access Analyzer issue code
    path: tuple
    message: str
    span: Optional[Tuple[int, int]]
    replacement: Optional[Tuple[str, str, bool]]  # (title, new text for the span/value, safe)


_ACCOUNT = re.compile(r"\d{12}\Z")
SHOWN_TYPES = 4
_VERDICTS_MAX = 50000  # distinct values remembered per catalog (a long-running server stays bounded)


def _verdict(catalog, text) -> tuple:
    """(issue code, message, span, replacement) tuples for one Resource value, judged once per
    catalog: the same ARN recurs across policies."""
    verdicts = catalog.memo.get("arn.verdicts")
    if verdicts is None:
        verdicts = catalog.memo["arn.verdicts"] = {}
    hit = verdicts.get(text)
    if hit is None:
        if text == "*" or (text[:2] == "${" and is_pure_variable(text)):
            hit = ()
        else:
            hit = tuple(_check(catalog, text))
        if len(verdicts) >= _VERDICTS_MAX:
            verdicts.clear()
        verdicts[text] = hit
    return hit


def _document_issues(ctx) -> Dict[str, List[Issue]]:
    """The ARN issues of the policy's Resource/NotResource values by code, each list in document
    order (computed once per document and shared by the ARN rules)."""
    memo = getattr(ctx, "memo", None)
    hit = memo.get("arn.issues") if memo is not None else None
    if hit is not None:
        return hit
    by_code: Dict[str, List[Issue]] = {}
    if ctx.policy is not None:
        catalog = ctx.catalog
        verdicts = catalog.memo.get("arn.verdicts") or {}
        for st in ctx.policy.statements:
            if st.resource is None:
                continue
            resource = st.resource
            for i, text in enumerate(resource.texts):
                if text.__class__ is not str and _is_placeholder(text):
                    found = _computed_verdict(catalog, text)
                    if found:
                        path = resource.path_of(i)
                        for code, msg, span, rep in found:
                            by_code.setdefault(code, []).append(Issue(code, path, msg, span, rep))
                    continue
                found = verdicts.get(text)
                if found is None:
                    found = _verdict(catalog, text)
                    verdicts = catalog.memo["arn.verdicts"]
                if found:
                    path = resource.path_of(i)  # only for a string with issues
                    for code, msg, span, rep in found:
                        by_code.setdefault(code, []).append(Issue(code, path, msg, span, rep))
    hit = by_code
    if memo is not None:
        memo["arn.issues"] = hit
    return hit


def _is_placeholder(value) -> bool:
    from .carriers import is_placeholder

    return is_placeholder(value)


_TOKEN = "${@%d}"  # a computed part while an ARN is checked: a variable, that matches anything


def _computed_verdict(catalog, value) -> tuple:
    """The issues of a Resource value computed in whole or in part at deploy time (a carrier's
    Placeholder). Only what is written literally is judged: a wholly computed value has none; a
    computed part is checked as a variable that may hold anything (never a wrong Region or
    account, never an unknown resource type), and one at the start may hold the whole ARN. The
    messages show the computed parts as written, and spans point into the value as shown."""
    if value.whole:
        return ()
    masked: List[str] = []
    segments: List[Tuple[int, int, int, int]] = []  # (masked start, masked end, value start, value end), tokens
    pos = 0
    mpos = 0
    for k, (s, e) in enumerate(value.spans):
        masked.append(value[pos:s])
        mpos += s - pos
        token = _TOKEN % k
        masked.append(token)
        segments.append((mpos, mpos + len(token), s, e))
        mpos += len(token)
        pos = e
    masked.append(value[pos:])
    text = "".join(masked)
    if not text.startswith("arn:") or len(split_fields(text)) != 6:
        return ()  # a computed part may hold the prefix or the colons of the missing fields

    def back(offset: int, end: bool) -> int:
        """A masked offset in the value: inside a token, the computed part's start (end)."""
        shift = 0
        for ms, me, vs, ve in segments:
            if offset <= ms:
                break
            if offset < me:
                return ve if end else vs
            shift = ve - me
        return offset + shift

    from .carriers import written_between

    out = []
    for code, msg, span, rep in _verdict(catalog, text):
        for k, (_ms, _me, vs, ve) in enumerate(segments):
            msg = msg.replace(_TOKEN % k, written_between(value, vs, ve))
        if span is not None:
            span = (back(span[0], False), back(span[1], True))
            if not value.literal(*span):
                rep = None
        out.append((code, msg, span, rep))
    if not any(code == "INVALID_ARN_RESOURCE" for code, *_ in out):
        # A Region or account written where the resource type has none (or left out where it
        # needs one) is judged with the resource as shown: a computed bucket name does not make
        # `arn:aws:s3:us-east-1::${Bucket}` an access point.
        seen = {code for code, *_ in out}
        for code, msg, span, rep in _verdict(catalog, str(value)):
            if code in _FIELD_FIT and code not in seen and span is not None and value.literal(*span):
                out.append((code, msg, span, rep))
    return tuple(out)


_FIELD_FIT = frozenset(("ARN_REGION_NOT_ALLOWED", "MISSING_ARN_REGION", "ARN_ACCOUNT_NOT_ALLOWED", "MISSING_ARN_ACCOUNT"))


def issues_of(ctx, code: str) -> List[Problem]:
    """The Problems of one issue code (what each ARN rule reports)."""
    # the document's issues are usually there already (a dozen rules ask): no call to find them
    memo = getattr(ctx, "memo", None)
    by_code = memo.get("arn.issues") if memo is not None else None
    if by_code is None:
        by_code = _document_issues(ctx)
    issues = by_code.get(code)
    if not issues:
        return []
    out = []
    for issue in issues:
        rep = None
        if issue.replacement is not None:
            title, new, safe = issue.replacement
            rep = Replacement(title, new, safe)
        out.append(Problem(path=issue.path, message=issue.message, span=issue.span, replacement=rep))
    return out


def _suggest(word: str, candidates) -> Optional[str]:
    import difflib

    match = difflib.get_close_matches(word.lower(), list(candidates), n=1, cutoff=0.75)
    return match[0] if match else None


def _type_list(ts) -> str:
    names = []
    for t in ts:
        label = f"{t.key} ({t.arn.replace('${Partition}', 'aws')})"
        if label not in names:
            names.append(label)
    more = f", and {len(names) - SHOWN_TYPES} more" if len(names) > SHOWN_TYPES else ""
    return ", ".join(names[:SHOWN_TYPES]) + more


def _describe(ts) -> str:
    keys = []
    for t in ts:
        if t.key not in keys:
            keys.append(t.key)
    if len(keys) == 1:
        return f"{keys[0]} ARNs ({ts[0].arn.replace('${Partition}', 'aws')})"
    if len(keys) > SHOWN_TYPES:
        keys = keys[:SHOWN_TYPES] + ["other"]
    return ", ".join(keys[:-1]) + " and " + keys[-1] + " ARNs"


_HEAD = re.compile(r"[^/:]*[/:]?")


def _closest_type(ts, resource: str):
    """The resource type whose literal head (`role/`, `table/`) is closest to the ARN's."""
    import difflib

    head = _HEAD.match(resource).group(0).rstrip("/:")
    if not head or "*" in head or "?" in head or "$" in head:
        return None
    heads = {}
    for t in sorted(ts, key=lambda t: len(t.resource_pattern)):
        h = _HEAD.match(t.resource).group(0).rstrip("/:")
        if h and "$" not in h:
            heads.setdefault(h, t)
    match = difflib.get_close_matches(head, list(heads), n=1, cutoff=0.6)
    return heads[match[0]] if match else None


def check_value(catalog, text: str, path) -> List[Issue]:
    if not isinstance(text, str):
        return []
    return [Issue(code, path, msg, span, rep) for code, msg, span, rep in _verdict(catalog, text)]


def _service_facts(catalog, svc: str) -> tuple:
    """(catalog.retired_service, arn_service_known, templates) of a lowercase ARN service segment,
    looked up once per catalog: every ARN of the service asks the same."""
    facts = catalog.memo.get("arn.service_facts")
    if facts is None:
        facts = catalog.memo["arn.service_facts"] = {}
    hit = facts.get(svc)
    if hit is None:
        if len(facts) >= _VERDICTS_MAX:  # segments are free text: keep a long-running server bounded
            facts.clear()
        hit = facts[svc] = (catalog.retired_service(svc), arn_service_known(catalog, svc), templates(catalog, svc))
    return hit


_EMPTY_SERVICE = "empty service"  # _head_checks: the service field is empty


def _head_checks(catalog, fields, out: list):
    """The checks of an ARN's fields before the resource (partition, service, Region, account):
    appends their (issue code, message, span, replacement) tuples to `out`, and returns what the
    resource checks need, (service, its templates, Region ok, account ok), or None when they do
    not apply (or _EMPTY_SERVICE). Depends only on the text before the resource, which _check
    uses as its memo key: the same few heads (arn:aws:s3:::, arn:aws:iam::*:) start most ARNs."""
    _prefix, part, svc_seg, region, account = fields[:5]
    known_partitions = partitions()
    partition_regions: Optional[Tuple[str, ...]] = None
    if _literal(part.text):
        partition_regions = known_partitions.get(part.text)
        if partition_regions is None:
            lower = part.text.lower()
            if lower in known_partitions:
                # unsafe fixes, like the other case changes below: AWS rejects the original, and ARNs
                # match case-sensitively, so the fixed ARN matches resources the written one never did
                out.append(("INVALID_PARTITION", f"the partition {part.text!r} must be lowercase: {lower!r}", part.span,
                            (f"Change to {lower!r}", lower, False)))
            else:
                guess = _suggest(part.text, known_partitions) if part.text else None
                what = f"the partition {part.text!r} does not exist" if part.text else "the partition is empty"
                hint = f"; did you mean {guess!r}?" if guess else f" (partitions: {', '.join(known_partitions)})"
                out.append(("INVALID_PARTITION", what + hint, part.span if part.text else (part.start, part.start), None))
    elif part.has_wildcard and not part.has_variable:
        rx = cover_regex(part.text)
        if not any(rx.match(p) for p in known_partitions):
            out.append(("INVALID_PARTITION", f"the partition pattern {part.text!r} matches no partition "
                        f"({', '.join(known_partitions)})", part.span, None))

    if not _literal(svc_seg.text):
        return None  # wildcard-in-service-name and variable rules report it
    if svc_seg.text == "":
        return _EMPTY_SERVICE  # (its message shows the whole ARN: _check writes it)
    svc = svc_seg.text.lower()
    retired, known, ts = _service_facts(catalog, svc)
    if svc_seg.text != svc:
        rep = (f"Change to {svc!r}", svc, False) if known else None
        out.append(("INVALID_ARN_SERVICE_CASE", f"the service {svc_seg.text!r} in the ARN must be lowercase: {svc!r}",
                    svc_seg.span, rep))
    if retired is not None:
        if not retired.get("access_analyzer_accepts", True):
            name = retired.get("name") or svc
            out.append(("INVALID_SERVICE", f"the service {svc} ({name}) does not exist any more: AWS has retired it, "
                        "so the ARN matches nothing; remove it", svc_seg.span, None))
        return None
    if not known:
        guess = _suggest(svc, set(catalog.services) | set(_segments(catalog)))
        hint = f"; did you mean {guess!r}?" if guess else ""
        rep = (f"Change to {guess!r}", guess, False) if guess else None
        out.append(("INVALID_SERVICE", f"the service {svc!r} in the ARN does not exist{hint}", svc_seg.span, rep))
        return None

    region_ok = True
    if region.text and _literal(region.text):
        regions = partition_regions
        if regions is None:
            all_regions = region_partition()
            bad = region.text not in all_regions
            where = "any partition"
        else:
            bad = region.text not in partition_region_sets()[part.text]
            where = f"the {part.text} partition"
        if bad:
            region_ok = False
            lower = region.text.lower()
            other = region_partition().get(lower)
            rep = None
            if lower != region.text and (regions is None or lower in regions):
                msg = f"the Region {region.text!r} must be lowercase: {lower!r}"
                rep = (f"Change to {lower!r}", lower, False)
            elif other is not None and regions is not None:
                msg = f"{region.text!r} is a Region of the {other} partition, not of {part.text}"
            else:
                guess = _suggest(region.text, regions if regions is not None else region_partition())
                msg = f"{region.text!r} is not a Region of {where}" + (f"; did you mean {guess!r}?" if guess else "")
            out.append(("INVALID_ARN_REGION", msg, region.span, rep))

    account_ok = True
    account_text = account.text
    # (len 12 and isdecimal: what _ACCOUNT matches, \d being the Unicode decimal digits)
    if account_text and _literal(account_text) and not (len(account_text) == 12 and account_text.isdecimal()) \
            and account_text != "aws":
        literal_accounts = {t.account for t in ts if "${" not in t.account}
        if account.text not in literal_accounts:
            account_ok = False
            digits = re.sub(r"[\s-]", "", account.text)
            rep = None
            msg = f"the account {account.text!r} in the ARN is not a 12-digit account ID"
            if _ACCOUNT.match(digits):
                msg += f": write {digits!r}"
                rep = (f"Change to {digits!r}", digits, True)
            else:
                msg += " (write the account ID, or * for any account)"
            out.append(("INVALID_ARN_ACCOUNT", msg, account.span, rep))

    return svc, ts, region_ok, account_ok


def _check(catalog, text: str):
    """(issue code, message, span, replacement) for one Resource value."""
    if not text.startswith("arn:"):
        if text[:4].lower() == "arn:":
            yield ("INVALID_ARN_PREFIX", f"the ARN prefix must be lowercase 'arn:', not {text[:4]!r}", (0, 3),
                   ("Change to 'arn'", "arn", True))
        else:
            yield ("INVALID_ARN_PREFIX",
                   f"{text!r} is not an ARN: a resource is \"*\" or an ARN, arn:partition:service:region:account:resource",
                   None, None)
        return
    fields = split_fields(text)  # (not parse: no Arn unless matches_across_colons needs one)
    if len(fields) != 6:
        n = len(fields)
        names = ", ".join(FIELDS[n:])
        yield ("MISSING_ARN_FIELD",
               f"{text!r} has {n} of the 6 ARN fields (arn:partition:service:region:account:resource): "
               f"{names} missing; leave a field empty with '::' rather than dropping it", None, None)
        return
    res = fields[5]
    heads = catalog.memo.get("arn.heads")
    if heads is None:
        heads = catalog.memo["arn.heads"] = {}
    key = text[: res.start]
    hit = heads.get(key)
    if hit is None:
        found: list = []
        state = _head_checks(catalog, fields, found)
        if len(heads) >= _VERDICTS_MAX:  # a long-running server stays bounded
            heads.clear()
        hit = heads[key] = (tuple(found), state)
    found, state = hit
    yield from found
    if state is None:
        return
    if state is _EMPTY_SERVICE:
        svc_seg = fields[2]
        yield ("INVALID_SERVICE", f"{text!r} has an empty service field: write the service, e.g. arn:aws:s3:::bucket",
               (svc_seg.start, svc_seg.start), None)
        return
    svc, ts, region_ok, account_ok = state
    region, account = fields[3], fields[4]
    if not ts:
        return  # the catalog lists no resource types with this service's ARNs
    matching = _matching(catalog, svc, res.text)
    if not matching:
        if matches_across_colons(catalog, Arn(text, fields)):
            return
        close = _closest_type(ts, res.text)
        if close is not None:
            hint = f"; did you mean a {close.key} ({close.arn.replace('${Partition}', 'aws')})?"
        else:
            hint = f": {_type_list(ts)}"
        yield ("INVALID_ARN_RESOURCE",
               f"the resource {res.text!r} matches none of the {svc} resource types{hint}",
               res.span if res.text else (res.start, res.start), None)
        return
    if region_ok and not _fits(region.text, [t.region for t in matching]):
        if not matches_across_colons(catalog, Arn(text, fields)):
            if region.text:
                yield ("ARN_REGION_NOT_ALLOWED",
                       f"{svc} {_describe(matching)} have no Region: leave the Region field empty",
                       region.span, ("Remove the Region", "", True))
            else:
                yield ("MISSING_ARN_REGION",
                       f"{svc} {_describe(matching)} need a Region: write the Region (or *) between "
                       f"'{svc}:' and the account", (region.start, region.start), None)
    if account_ok and not _fits(account.text, [t.account for t in matching]):
        if not matches_across_colons(catalog, Arn(text, fields)):
            if account.text:
                yield ("ARN_ACCOUNT_NOT_ALLOWED",
                       f"{svc} {_describe(matching)} have no account ID: leave the account field empty",
                       account.span, ("Remove the account", "", True))
            else:
                yield ("MISSING_ARN_ACCOUNT",
                       f"{svc} {_describe(matching)} need an account ID: write the 12-digit account ID (or *) "
                       "in the account field", (account.start, account.start), None)
