"""Actor dictionaries and the resolver: an actor phrase -> country (ISO3) + sector.

Why this exists: an event coder must say *who* acted ("Russian soldiers" = RUS MIL,
"Lukashenko's military" = BLR MIL, "Shoigu" = RUS defence minister in 2022 but not in
2025), and the claims stage must tell a cited outlet ("as reported by BelTA") from an
actor. The data lives in ``tripwire/data/actors/*.jsonl`` (provenance in its README);
this module only indexes and reads it.

Matching works on tokens, not regexes: every alias is tokenised once into a tuple of
normalised tokens (lowercased, accents and curly apostrophes folded) and stored in a dict;
a text is tokenised once and looked up position by position, longest alias first, via an
index of the lengths each first token can start. Case is checked only after a hit:
all-capital short aliases (US, UN, EU) must match exactly, aliases with a capital letter
("Turkey", "the Kremlin") need at least one capital in the text (so "turkey" the bird and
"us" the pronoun never match), lowercase sector words match in any case.

``resolve`` reads one actor phrase in a fixed cascade:
  1. find every dictionary hit; drop modifiers ("pro-Russian", "Iran-backed");
  2. split the phrase at the first preposition after its first hit: hits before it are the
     head ("the government" in "the government of Belarus"), the rest modify it;
  3. country: from the most specific hit (person > organisation/outlet > country name or
     demonym > capital or seat of government), preferring the head and non-possessors
     ("Russia's ally Belarus" -> BLR; "Lukashenko's military" -> BLR from the possessor);
  4. sector: a strong sector word in the head ("troops" -> MIL), else the person's role on
     ``on_date`` or the organisation's sector, else a weak sector word ("officials"), else
     one in the modifier, else GOV for a bare country, capital or seat.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .datafiles import read_jsonl
from .errors import ConfigError

if TYPE_CHECKING:
    from .settings import Settings

log = logging.getLogger(__name__)

ACTORS_SUBDIR = "actors"
COUNTRIES_FILE = "countries.jsonl"
ORGANIZATIONS_FILE = "organizations.jsonl"
OUTLETS_FILE = "outlets.jsonl"
PERSONS_FILE = "persons.jsonl"
SECTORS_FILE = "sectors.jsonl"

# PLOVER/CAMEO-style sector codes the data may use (validated on load).
SECTORS = frozenset({
    "GOV", "MIL", "COP", "LEG", "JUD", "REB", "INS", "OPP", "PTY", "CVL", "LAB", "BUS", "MED",
    "NGO", "IGO", "REF", "SPY", "ELI", "REL", "ETH", "AGR", "EDU", "HLH",
})
# Claimant kind for a resolved sector (claims stage vocabulary).
SECTOR_KINDS = {
    "GOV": "government", "MIL": "military", "COP": "police", "LEG": "legislature",
    "JUD": "judiciary", "REB": "armed_group", "INS": "armed_group", "OPP": "opposition",
    "PTY": "party", "CVL": "civilians", "LAB": "labour", "BUS": "business", "MED": "media",
    "NGO": "ngo", "IGO": "igo", "REF": "refugees", "SPY": "intelligence", "ELI": "person",
    "REL": "religious", "ETH": "ethnic_group", "AGR": "farmers", "EDU": "education",
    "HLH": "health",
}
# How specific an entry type is for deciding the country (brief: a known person > an
# organisation > a country name/demonym > a capital metonym). Sector words give none.
TYPE_PRIORITY = {"person": 4, "org": 3, "outlet": 3, "country": 2, "demonym": 2,
                 "seat": 1, "capital": 1, "sector": 0}
# Entry types whose names also occur with a leading "the" ("the Kremlin", "the EU"). Country
# names are left out: "the Belarus Security Council" is Belarus's council, not "the Belarus".
ARTICLE_TYPES = frozenset({"org", "outlet", "seat"})
# A person with no role on the date still belongs to a country, as an elite (CAMEO ELI).
NO_ROLE_SECTOR = "ELI"
DEFAULT_COUNTRY_SECTOR = "GOV"

# Words that end an actor phrase's head when they follow its first hit ("the government
# OF Belarus", "residents OF Minsk", "Russian troops IN Belarus").
HEAD_BREAKERS = frozenset({"of", "from", "in", "at", "for", "to", "with", "on", "near",
                           "inside", "across", "along", "against", "by", "into", "outside"})
# "pro-Russian", "anti-Kremlin": the country is an attitude, not the actor.
MODIFIER_PREFIXES = frozenset({"pro", "anti", "non", "post", "ex"})
# "Iran-backed Houthis", "Russian-installed officials": the country is a sponsor.
MODIFIER_SUFFIXES = frozenset({"backed", "sponsored", "supported", "allied", "aligned",
                               "funded", "friendly", "installed", "appointed", "leaning",
                               "controlled", "occupied", "annexed", "made", "built"})
# A sector word after these describes a past role ("former president Trump").
FORMER_WORDS = frozenset({"former", "ex", "late", "then"})
# All-capital aliases up to this many letters must match case-sensitively (US, UN, NATO,
# UNHCR); longer all-caps aliases are rare and safe to match on capital-letter presence.
EXACT_CASE_MAX_LETTERS = 6

_TOKEN_RE = re.compile(r"[^\W_]+|['\u2019]s\b|[^\w\s]")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-",
                       "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                       "\u0131": "i", "\u0142": "l", "\u00f8": "o", "\u0111": "d"})


def _norm(token: str) -> str:
    """Fold a token for lookup: lowercase, straight apostrophes, ASCII dashes, no accents."""
    token = token.lower().translate(_FOLD)
    if token.isascii():
        return token
    return "".join(c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c))


def tokenize(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, surface, normalised) for each word, possessive 's or punctuation mark."""
    return [(m.start(), m.end(), m.group(), _norm(m.group())) for m in _TOKEN_RE.finditer(text)]


_CASE_ORDER = {"exact": 0, "proper": 1, "any": 2}


def _case_mode(alias: str) -> str:
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= EXACT_CASE_MAX_LETTERS:
        return "exact"
    if any(c.isupper() for c in letters):
        return "proper"
    return "any"


@dataclass(frozen=True, slots=True)
class Role:
    """One office a person held: dates are ISO prefixes (YYYY, YYYY-MM or YYYY-MM-DD)."""

    title: str
    country: str | None
    sector: str
    start: str
    end: str | None

    def is_active(self, day: str) -> bool:
        """Whether ``day`` (YYYY-MM-DD) is inside the role. A full end date is exclusive (the
        successor takes office that day); a partial one covers its whole month or year."""
        if day[: len(self.start)] < self.start:
            return False
        if self.end is None:
            return True
        if len(self.end) == 10:
            return day < self.end
        return day[: len(self.end)] <= self.end

    def span_text(self) -> str:
        return f"{self.start}..{self.end or ''}"


@dataclass(frozen=True, slots=True)
class Entry:
    """A dictionary entry: one person, organisation, outlet, country view or sector word."""

    id: str
    name: str
    type: str  # person | org | outlet | seat | country | demonym | capital | sector
    country: str | None = None
    sector: str | None = None
    qid: str | None = None
    kind: str | None = None  # claimant kind where fixed: media | analyst
    category: str | None = None  # organisations: igo | ngo | armed_group | body | party | group
    weak: bool = False  # sector words only
    roles: tuple[Role, ...] = ()  # persons; organisations' dated sector periods

    def role_on(self, on_date: str | None) -> Role | None:
        """The role in force on ``on_date``; None means "now" (a role with no end date)."""
        if on_date is None:
            active = [r for r in self.roles if r.end is None]
        else:
            day = on_date[:10]
            active = [r for r in self.roles if r.is_active(day)]
        return max(active, key=lambda r: r.start, default=None)


@dataclass(frozen=True, slots=True)
class Match:
    """One dictionary hit in a text: half-open character offsets and the entry."""

    start: int
    end: int
    text: str
    entry: Entry
    possessive: bool = False  # followed by 's / ’s ("Russia's")
    modifier: bool = False  # "pro-Russian", "Iran-backed": not the actor itself
    former: bool = False  # sector word after "former"/"ex-"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What an actor phrase resolved to, with the decisive match and a short reason."""

    name: str | None
    country: str | None
    sector: str | None
    qid: str | None
    kind: str | None
    reason: str
    match_start: int
    match_end: int
    id: str | None = None  # stable dictionary id ("person:sergei-shoigu", "country:BLR")


@dataclass(slots=True)
class _Alias:
    entry: Entry
    mode: str
    surface: tuple[str, ...]


@dataclass(slots=True)
class _Scan:
    tokens: list[tuple[int, int, str, str]]
    matches: list[Match]
    token_spans: list[tuple[int, int]] = field(default_factory=list)  # token index ranges


class ActorDictionary:
    """Index of actor entries with ``resolve``, ``find``, ``kind_of`` and
    ``is_outlet_or_think_tank``. Build it with ``ActorDictionary.load(settings)``."""

    def __init__(self, entries: list[tuple[Entry, list[str]]]) -> None:
        self._index: dict[tuple[str, ...], list[_Alias]] = {}
        lengths: dict[str, set[int]] = {}
        for entry, aliases in entries:
            if entry.type in ARTICLE_TYPES:
                # An organisation's name with "the" is the same mention ("the Wagner Group").
                aliases = [*aliases, *(f"the {a}" for a in aliases if not a.lower().startswith("the "))]
            for alias in aliases:
                toks = tokenize(alias)
                if not toks:
                    continue
                key = tuple(t[3] for t in toks)
                bucket = self._index.setdefault(key, [])
                same = next((a for a in bucket if a.entry is entry), None)
                if same is not None:
                    # "ISIS" and "Isis" share a key: keep the more permissive case rule.
                    mode = _case_mode(alias)
                    if _CASE_ORDER[mode] > _CASE_ORDER[same.mode]:
                        same.mode = mode
                    continue
                bucket.append(_Alias(entry, _case_mode(alias), tuple(t[2].translate(_FOLD) for t in toks)))
                lengths.setdefault(key[0], set()).add(len(key))
        for bucket in self._index.values():
            bucket.sort(key=lambda a: -TYPE_PRIORITY[a.entry.type])  # stable: file order
        self._lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        self._countries = {e.country: e for e, _ in entries if e.type == "country"}
        self.size = len(self._index)

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def load(cls, settings: Settings | None = None) -> ActorDictionary:
        """The dictionary for ``settings.data_dir``, built once per process and data folder."""
        if settings is None:
            from .settings import DATA_DIR
            data_dir = DATA_DIR
        else:
            data_dir = settings.data_dir
        return _load_cached(Path(data_dir).resolve())

    # -- public API ----------------------------------------------------------------------

    def find(self, text: str) -> list[Match]:
        """All non-overlapping dictionary hits in ``text``, longest first, left to right."""
        return self._scan(text).matches

    def resolve(self, text: str, *, on_date: str | None = None) -> Resolution | None:
        """Resolve one actor phrase to country and sector (cascade in the module docstring).

        ``on_date`` (ISO date) picks a person's role; None means their current role.
        Returns None when nothing in the phrase is in the dictionary.
        """
        scan = self._scan(text)
        usable = [(m, span) for m, span in zip(scan.matches, scan.token_spans) if not m.modifier]
        if not usable:
            return None
        head_end = self._head_end(scan, usable[0][1][1])
        reasons: list[str] = []

        # 3. country: the most specific entity hit.
        entities = [(m, span) for m, span in usable if m.entry.type != "sector"]
        decisive: Match | None = None
        if entities:
            decisive = max(entities, key=lambda ms: (ms[1][0] < head_end, not ms[0].possessive,
                                                     TYPE_PRIORITY[ms[0].entry.type], -ms[0].start))[0]
        country, entity_sector, kind = None, None, None
        entry = decisive.entry if decisive else None
        if entry is not None:
            country, entity_sector, kind, why = self._entity_facts(entry, decisive, on_date)
            reasons.append(why)

        # 4. sector: strong word in head > entity > weak word in head > any word in modifier.
        words = [(m, span) for m, span in usable if m.entry.type == "sector" and not m.former]
        head_words = [m for m, span in words if span[0] < head_end]
        tail_words = [m for m, span in words if span[0] >= head_end]
        strong = [m for m in head_words if not m.entry.weak]
        weak = [m for m in head_words if m.entry.weak]
        word: Match | None = None
        if strong:
            word = strong[-1]
        elif (entity_sector is None or (entry is not None and entry.category == "group")) and (
                weak or tail_words):
            # An ethnic or religious group names identity, not role: "Kurdish fighters" are
            # fighters (REB) who are Kurds, so even a weak sector word outranks the group's code.
            word = (weak or tail_words)[-1]
        if word is not None:
            sector = word.entry.sector
            reasons.append(f"sector word '{word.text}' -> {sector}")
            if word.entry.kind and (entry is None or entry.kind is None):
                kind = word.entry.kind
        elif entity_sector is not None:
            sector = entity_sector
        elif entry is not None and entry.type in ("country", "demonym", "capital", "seat"):
            sector = DEFAULT_COUNTRY_SECTOR
            reasons.append(f"no sector word; bare {entry.type} -> {sector}")
        else:
            sector = None
        if kind is None and sector is not None:
            kind = SECTOR_KINDS.get(sector)

        anchor = decisive or word
        if anchor is None:  # only "former ..." sector words matched ("a former soldier"): no role
            return None
        name = entry.name if entry else word.text if word else None
        if (entry is not None and decisive is not None and decisive.possessive and word is not None
                and country in self._countries):
            name = self._countries[country].name  # "Lukashenko's military" is Belarus's
        return Resolution(
            name=name, country=country, sector=sector, qid=entry.qid if entry else None,
            kind=kind, reason="; ".join(reasons), match_start=anchor.start,
            match_end=anchor.end, id=entry.id if entry else None,
        )

    def kind_of(self, text: str, *, on_date: str | None = None) -> str | None:
        """Claimant kind of a phrase: media, analyst, government, military, igo, ngo, ..."""
        res = self.resolve(text, on_date=on_date)
        return res.kind if res else None

    def is_outlet_or_think_tank(self, text: str) -> bool:
        """Whether the phrase names a news outlet or think tank (never an event actor)."""
        res = self.resolve(text)
        if res is None:
            return False
        if res.id is not None:
            return res.id.startswith(("media:", "analyst:"))
        return res.kind in ("media", "analyst")

    # -- internals -----------------------------------------------------------------------

    def _scan(self, text: str) -> _Scan:
        tokens = tokenize(text)
        norms = [t[3] for t in tokens]
        n = len(tokens)
        matches: list[Match] = []
        spans: list[tuple[int, int]] = []
        i = 0
        while i < n:
            hit = self._longest_at(tokens, norms, i)
            if hit is not None and norms[i] == "the" and i + 1 < n:
                # "the United States of America": the alias "the United States" must not
                # hide a longer name that starts one token later.
                later = self._longest_at(tokens, norms, i + 1)
                if later is not None and later[1] + 1 > hit[1]:
                    i += 1
                    hit = later
            if hit is None:
                i += 1
                continue
            entry, length = hit
            j = i + length
            start, end = tokens[i][0], tokens[j - 1][1]
            possessive = j < n and (norms[j] == "'s" or (norms[j] == "'" and norms[j - 1].endswith("s")))
            modifier = False
            if entry.type != "sector":
                modifier = (i >= 2 and norms[i - 1] == "-" and norms[i - 2] in MODIFIER_PREFIXES
                            and tokens[i - 1][0] == tokens[i - 2][1]) or (
                    j + 1 < n and norms[j] == "-" and norms[j + 1] in MODIFIER_SUFFIXES
                    and tokens[j][0] == end)
            former = entry.type == "sector" and i >= 1 and (
                norms[i - 1] in FORMER_WORDS or (i >= 2 and norms[i - 1] == "-" and norms[i - 2] == "ex"))
            matches.append(Match(start, end, text[start:end], entry, possessive, modifier, former))
            spans.append((i, j))
            i = j
        return _Scan(tokens, matches, spans)

    def _longest_at(self, tokens: list[tuple[int, int, str, str]], norms: list[str], i: int
                    ) -> tuple[Entry, int] | None:
        """The longest alias starting at token ``i`` whose case rule the text meets."""
        n = len(norms)
        for length in self._lengths.get(norms[i], ()):
            if i + length > n:
                continue
            bucket = self._index.get(tuple(norms[i:i + length]))
            if bucket is None:
                continue
            for alias in bucket:
                if self._case_ok(alias, tokens, i, length):
                    return alias.entry, length
        return None

    @staticmethod
    def _case_ok(alias: _Alias, tokens: list[tuple[int, int, str, str]], i: int, length: int) -> bool:
        if alias.mode == "any":
            return True
        surface = [t[2] for t in tokens[i:i + length]]
        if alias.mode == "exact":
            return tuple(s.translate(_FOLD) for s in surface) == alias.surface
        return any(c.isupper() for s in surface for c in s)

    @staticmethod
    def _head_end(scan: _Scan, first_hit_end: int) -> int:
        """Token index where the phrase's head ends: the first preposition after the first
        hit that is not itself inside a hit ("minister of defence" keeps its "of")."""
        covered = {k for a, b in scan.token_spans for k in range(a, b)}
        for k in range(first_hit_end, len(scan.tokens)):
            if scan.tokens[k][3] in HEAD_BREAKERS and k not in covered:
                return k
        return len(scan.tokens)

    def _entity_facts(self, entry: Entry, match: Match, on_date: str | None
                      ) -> tuple[str | None, str | None, str | None, str]:
        """(country, sector, kind, reason) an entity hit contributes."""
        if entry.type == "person":
            role = entry.role_on(on_date)
            when = f"on {on_date[:10]}" if on_date else "now"
            if role is not None:
                where = role.country or "intergovernmental"
                return (role.country, role.sector, entry.kind,
                        f"person '{entry.name}': {where} {role.title} {role.span_text()}")
            return (entry.country, NO_ROLE_SECTOR if entry.kind is None else "NGO", entry.kind,
                    f"person '{entry.name}' ({entry.country}): no role {when} -> "
                    f"{NO_ROLE_SECTOR if entry.kind is None else 'NGO'}")
        if entry.type in ("org", "outlet", "seat"):
            sector = entry.sector
            period = entry.role_on(on_date) if entry.roles and on_date else None
            if period is not None:
                sector = period.sector
            label = {"outlet": entry.kind or "outlet", "seat": "seat of government"}.get(
                entry.type, entry.category or "organisation")
            return (entry.country, sector, entry.kind,
                    f"{label} '{entry.name}' -> {entry.country or 'no country'} {sector}")
        return (entry.country, None, None, f"{entry.type} '{match.text}' -> {entry.country}")


# -- loading ---------------------------------------------------------------------------------


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise ConfigError("E141", path=str(path))
    return list(read_jsonl(path, code="E140"))


def _check(cond: bool, path: Path, lineno: int, error: str) -> None:
    if not cond:
        raise ConfigError("E140", path=str(path), line=lineno, error=error)


_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _roles(raw: list[dict], path: Path, lineno: int) -> tuple[Role, ...]:
    roles = []
    for r in raw:
        start, end = r.get("start"), r.get("end")
        _check(isinstance(start, str) and bool(_DATE_RE.match(start)), path, lineno,
               f"role start {start!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        _check(end is None or (isinstance(end, str) and bool(_DATE_RE.match(end))), path, lineno,
               f"role end {end!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        _check(r.get("sector") in SECTORS, path, lineno, f"unknown sector {r.get('sector')!r}")
        roles.append(Role(r.get("title") or r.get("note") or "", r.get("country"), r["sector"],
                          start, end))
    return tuple(roles)


def _load_entries(folder: Path) -> list[tuple[Entry, list[str]]]:
    entries: list[tuple[Entry, list[str]]] = []
    path = folder / COUNTRIES_FILE
    for lineno, rec in _read_jsonl(path):
        _check(isinstance(rec.get("iso3"), str) and len(rec["iso3"]) == 3, path, lineno, "iso3 must be 3 letters")
        iso3, name, qid = rec["iso3"], rec["name"], rec.get("qid")
        views = (("country", rec.get("aliases", [])), ("demonym", rec.get("demonyms", [])),
                 ("capital", rec.get("capitals", [])))
        for etype, aliases in views:
            if aliases or etype == "country":
                entries.append((Entry(f"country:{iso3}", name, etype, country=iso3, qid=qid), list(aliases)))
    for fname, etype in ((PERSONS_FILE, "person"), (ORGANIZATIONS_FILE, "org"), (OUTLETS_FILE, "outlet")):
        path = folder / fname
        for lineno, rec in _read_jsonl(path):
            _check(isinstance(rec.get("id"), str) and isinstance(rec.get("name"), str), path, lineno,
                   "needs string 'id' and 'name'")
            aliases = rec.get("aliases") or [rec["name"]]
            _check(isinstance(aliases, list), path, lineno, "'aliases' must be a list")
            sector = rec.get("sector")
            _check(sector is None or sector in SECTORS, path, lineno, f"unknown sector {sector!r}")
            kind, category, this_type = rec.get("kind"), None, etype
            if etype == "org":
                category, kind = kind, None
                if category == "seat":
                    this_type = "seat"
            roles = _roles(rec.get("roles") or rec.get("periods") or [], path, lineno)
            entries.append((Entry(rec["id"], rec["name"], this_type, country=rec.get("country"),
                                  sector=sector, qid=rec.get("qid"), kind=kind, category=category,
                                  roles=roles), aliases))
    path = folder / SECTORS_FILE
    for lineno, rec in _read_jsonl(path):
        _check(rec.get("sector") in SECTORS, path, lineno, f"unknown sector {rec.get('sector')!r}")
        alias = rec.get("alias")
        _check(isinstance(alias, str) and bool(alias), path, lineno, "needs a string 'alias'")
        entries.append((Entry(f"sector:{alias.lower()}", alias, "sector", sector=rec["sector"],
                              kind=rec.get("kind"), weak=bool(rec.get("weak"))), [alias]))
    return entries


@functools.lru_cache(maxsize=4)
def _load_cached(data_dir: Path) -> ActorDictionary:
    """One ActorDictionary per data folder per process: the index is immutable after build."""
    folder = data_dir / ACTORS_SUBDIR
    actors = ActorDictionary(_load_entries(folder))
    log.debug("actor dictionary: %d alias keys from %s", actors.size, folder)
    return actors
