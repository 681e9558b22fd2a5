"""Finding toponyms in a document, and the word lists both steps use.

``find_toponyms(doc)``: spaCy GPE/LOC/FAC entities, PERSON/ORG/NORP entities that are
plainly a country or a major city (spaCy tags "Belarus" as PERSON in the seed), and a
gazetteer scan of capitalised words spaCy missed, limited to names that are rarely
anything else (inside an organisation's name, only countries, admin-1 areas and cities in
a named admin-1 area: "Ohio Department of Development"). Entity spans lose "the" and a
possessive "'s", keep an abbreviation's period ("U.S."). A NORP demonym ("Russian") is
kept as a toponym, as GWN and LGL mark them, but flagged (``is_demonym``) and never used
as an event location (+7.9 F1 on GWN's first half, +4.2 on LGL's, precision unchanged).

Rules for what spaCy misses (first halves, no spans, P/R/F1 GWN 86.0/75.6/80.5 -> 86.2/78.7/
82.3, LGL 70.7/64.7/67.6 -> 71.1/74.3/72.7; each rule kept only if neither F1 fell): a town
or county before an institution word ("Laurel County Sheriff's Office", LGL +1.9 F1), a
capitals dateline after the headline ("TORRINGTON —"), a legislator's home ("D-Columbus",
LGL +0.6), parts of hyphenated words ("Kabul-based", "Syrian-Turkish"), lists of counties
("Clay and Wilkin counties", looked up as "Clay County"), a demonym opening an organisation's
name ("the Russian Foreign Ministry", GWN +1.1), and a town spaCy tagged PERSON/ORG after "in"/
"near" or named elsewhere by one of these rules.

Word lists live in ``data/geo/cues.json``; ``tripwire.georesolve`` picks the places and
``tripwire.geo`` locates events.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .document import Document, Place
from .gazetteer import GEO_DATA_DIR, Candidate, Gazetteer, load_gazetteer, normalize_name

# spaCy labels that name places outright, and those that sometimes do (Belarus -> PERSON).
PLACE_LABELS = ("GPE", "LOC", "FAC")
MAYBE_PLACE_LABELS = ("PERSON", "ORG", "NORP")
# A PERSON/ORG/NORP span counts as a place only when it is a country or a city this big:
# "Paris Hilton" is one span, so the whole-span test already excludes most people.
MAJOR_CITY_POPULATION = 1_000_000
# The capitalised-word scan accepts cities above this population, or any city in a country
# the document already mentions. 100k keeps "Mobile"/"Reading"-type words rare enough that
# the common_words list in cues.json catches them; checked by eye on the seed article and
# on GWN's first half (tripwire/geo_eval.py).
SCAN_MIN_CITY_POPULATION = 100_000
SCAN_MAX_NGRAM = 4
# Switches measured on the first halves (no spans): demonyms as toponyms +7.9/+4.2 F1
# (GWN/LGL); scanning inside other entities' names +3.1/+2.8.
DEMONYMS_AS_PLACES = True
SCAN_INSIDE_ENTITIES = True
# Measured on the first halves without spans (see the report in geo_floors.json's note):
# hand-listed features and world regions count inside other entities and as plain places
# under other labels ("EU", "Cauvery Management Board"); plural demonyms are people;
# a one-word name that is part of a PERSON named in full elsewhere is that person.
NAMED_FEATURES = True
PLURAL_DEMONYMS_AS_PEOPLE = True
PERSON_NAME_PARTS = True
ONE_SENSE_PER_DOCUMENT = True  # see find_toponyms
INSTITUTION_PLACES = True  # see _institution_places
LATE_ONE_SENSE = True
LOCATIVE_HELD = True
HELD_PREPS = ("in", "near", "outside")  # "at"/"over" took shops and sports teams
LATE_SENSE_REASONS = ("place in an institution's name", "dateline", "a legislator's home")
# A town named before an institution word counts from this size, or in an admin-1 area one of
# the document's other places lies in; 10k dropped Kelly (Elementary), Worden, Polk on LGL's
# first half and kept Dublin, Huntsville, Glen Carbon
INSTITUTION_MIN_POPULATION = 10_000
METONYM_REASON = "metonym"
DEMONYM_REASON = "demonym"  # a metonym of a kind locate_event and main_country never use
# "Sen. Ray Miller, D-Columbus", "(R-Ocilla)", "DFL-Cook", "D-W. Va.": a legislator's
# party and home district or state, as US papers write it
PARTY_HOMES = True
PARTY_HOME = re.compile(r"(?:,\s*|\()(?:D|R|I|DFL|Ind)\s?-\s?(?P<place>(?:[A-Z]\.\s?){1,2}[A-Z][a-z]*\.?"
                        r"|[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+\.?){0,2})(?=[,;).\s])")
# "Headline. TORRINGTON — The city council...", "ROCKY HILL - ...", "MANSFIELD -- ...": a
# dateline in capitals after the headline, where spaCy sees no entity
CAPITALS_DATELINES = True
CAPITALS_DATELINE = re.compile(r"(?:^|(?<=[.!?\n]\s)|(?<=\n))(?P<place>[A-Z][A-Z.'\u2019-]+(?:\s[A-Z][A-Z.'\u2019-]+){0,3})"
                               r"(?:,\s[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?\s*(?:\([A-Za-z .&-]{1,30}\)\s*)?"
                               r"(?:-{1,2}|\u2013|\u2014)\s")
# "Kabul-based", "U.S.-led", "Amsterdam-London", "Syrian-Turkish border": places inside a
# hyphenated word, which the capitalised-word scan reads as one word
HYPHEN_PARTS = True
HYPHENATED = re.compile(r"(?<![\w-])[\w.'\u2019]+(?:[-\u2013][\w.'\u2019]+)+")
# "Barrow, Jackson and Madison counties": each name is a county
ORG_DEMONYMS = True  # "the Russian Foreign Ministry": the corpora mark "Russian"
COUNTY_LISTS = True
COUNTY_WORD = {"counties": "County", "parishes": "Parish"}  # the name to look up: "Clay County"
COUNTY_LIST = re.compile(r"(?P<names>(?:[A-Z][\w.'\u2019-]*(?:\s[A-Z][\w.'\u2019-]*)?,\s+)*"
                         r"[A-Z][\w.'\u2019-]*(?:\s[A-Z][\w.'\u2019-]*)?,?\s+(?:and|or)\s+"
                         r"[A-Z][\w.'\u2019-]*(?:\s[A-Z][\w.'\u2019-]*)?)\s+(?P<kind>counties|parishes)\b")
CAPITALISED = re.compile(r"[A-Z][\w'\u2019.-]*(?:\s+(?:of\s+|de\s+|al-|el-)?[A-Z][\w'\u2019.-]*)*")
WORD = re.compile(r"[\w'\u2019-]+")


@dataclass(frozen=True)
class Cues:
    """Word lists from data/geo/cues.json (validated on load)."""

    locative_preps: frozenset[str]
    destination_preps: frozenset[str]
    nonlocative_preps: frozenset[str]
    motion_words: frozenset[str]
    agent_verbs: frozenset[str]
    auxiliaries: frozenset[str]
    clause_breaks: tuple[str, ...]
    common_words: frozenset[str]
    institution_heads: frozenset[str]
    institution_of: frozenset[str]
    admin_suffixes: frozenset[str]
    hyphen_suffixes: frozenset[str]
    scan_common_words: frozenset[str]
    hyphen_prefixes: frozenset[str]
    ethnic_tails: frozenset[str]
    head_qualifiers: frozenset[str]  # "northern Aleppo", "downtown Boston": the head is the place
    seats: dict[str, dict]  # normalised name -> {"country", "city"}


@functools.lru_cache(maxsize=4)
def load_cues(path: Path = GEO_DATA_DIR / "cues.json") -> Cues:
    raw = json.loads(path.read_text(encoding="utf-8"))
    sets = {k: frozenset(w.lower() for w in raw[k]) for k in (
        "locative_preps", "destination_preps", "nonlocative_preps", "motion_words",
        "agent_verbs", "auxiliaries", "common_words", "institution_heads", "institution_of",
        "admin_suffixes", "hyphen_suffixes", "hyphen_prefixes", "ethnic_tails",
        "scan_common_words", "head_qualifiers")}
    return Cues(**sets, clause_breaks=tuple(raw["clause_breaks"]),
                seats={normalize_name(s["name"]): s for s in raw["seats_of_government"]})


def is_metonym(place: Place) -> bool:
    """True when the place names an agent (a government), not a location."""
    return bool(place.reason and place.reason.startswith(METONYM_REASON))


def is_demonym(place: Place) -> bool:
    """True when the place was named by a demonym ("Russian"): a toponym for the corpora
    (GWN and LGL both mark them), but no evidence of where an event happened."""
    return bool(place.reason and place.reason.startswith(f"{METONYM_REASON}: {DEMONYM_REASON}"))


def find_toponyms(doc: Document, *, gazetteer: Gazetteer | None = None,
                  cues: Cues | None = None) -> list[Place]:
    """Unresolved toponym spans (``geonameid`` None, ``feature`` "toponym"), in text order."""
    gaz = gazetteer or load_gazetteer()
    cues = cues or load_cues()
    found: dict[tuple[int, int], Place] = {}
    held: list[tuple[int, int, str, list[Candidate]]] = []  # PERSON/ORG/NORP, for pass 2
    for ent in doc.entities:
        start, end = _strip_article(doc.text, ent.start, ent.end, gaz)
        text = doc.text[start:end]
        if not text:
            continue
        if gaz.is_demonym(text):
            if PLURAL_DEMONYMS_AS_PEOPLE and _plural_demonym(text, gaz):
                continue  # "Canadians": people, which the corpora do not mark as places
            if DEMONYMS_AS_PLACES and ent.label == "NORP":
                found[(start, end)] = _unresolved(doc, start, end, "demonym")
            continue
        key = normalize_name(text)
        if key in cues.seats:
            found[(start, end)] = _unresolved(doc, start, end, f"seat of government ({ent.label})")
        elif ent.label in PLACE_LABELS and (ent.label != "FAC" or gaz.has_name(text)):
            found[(start, end)] = _unresolved(doc, start, end, f"spaCy {ent.label}")
        elif ent.label in MAYBE_PLACE_LABELS:
            cands = gaz.lookup(text)
            if _is_plain_place(cands):
                found[(start, end)] = _unresolved(doc, start, end, f"spaCy {ent.label}, gazetteer")
            elif cands:
                held.append((start, end, ent.label, cands))
    tops = [c for p in found.values() for c in gaz.lookup(p.text)[:1]]
    countries = {c.country for c in tops}
    # a city spaCy took for a person or an organisation ("Gainesville", "Huntsville") counts
    # when it lies in an admin-1 area the document names outright ("Florida", "Ala."); every
    # admin-1 reading ("Georgia" the state too) cost 0.6 F1 on GWN's first half
    admins = {(c.country, c.admin1) for c in tops if c.feature == "admin1"}
    for start, end, label, cands in held:
        if any(not c.is_alternate and c.feature in ("city", "capital")
               and (c.country, c.admin1) in admins for c in cands):
            found[(start, end)] = _unresolved(doc, start, end, f"spaCy {label}, in a named area")
    if ONE_SENSE_PER_DOCUMENT:
        # one sense per discourse: a name spaCy tags as a place once ("in Gainesville") is
        # the place where it tags it PERSON or ORG too ("Gainesville said"); first halves,
        # no spans: GWN F1 80.1 -> 80.5, LGL 66.9 -> 67.6 (after the capitalised-word scan
        # instead: 80.4 / 67.2, as the scan's namesakes of people spread)
        named = {normalize_name(p.text) for p in found.values()}
        for start, end, label, _ in held:
            if (start, end) not in found and normalize_name(doc.text[start:end]) in named:
                found[(start, end)] = _unresolved(doc, start, end, f"spaCy {label}, named elsewhere")
    if PERSON_NAME_PARTS:  # "Ripley" after "Sheriff Tom Ripley": the person again
        people = {w for e in doc.entities if e.label == "PERSON"
                  for w in WORD.findall(doc.text[e.start:e.end])[1:] if len(WORD.findall(
                      doc.text[e.start:e.end])) > 1}
        for k in [k for k, p in found.items() if p.text in people
                  and not _names_area(gaz.lookup(p.text), set())]:
            del found[k]
    else:
        people = set()
    taken = [(e.start, e.end) for e in doc.entities]
    for start, end in _scan_capitalised(doc.text, gaz, cues, countries):
        if doc.text[start:end] in people:
            continue
        inside = [(s, e) for s, e in taken if s < end and start < e]
        if not inside:
            found[(start, end)] = _unresolved(doc, start, end, "gazetteer scan")
        elif SCAN_INSIDE_ENTITIES and not any(s < end and start < e for s, e in found) \
                and _names_area(gaz.lookup(doc.text[start:end]), admins):
            # "Pakistan Army", "the Ohio Department of Development", "Dublin City Council"
            found[(start, end)] = _unresolved(doc, start, end, "gazetteer scan, in a name")
    if INSTITUTION_PLACES:
        areas = {(c.country, c.admin1) for p in found.values() for c in gaz.lookup(p.text)[:1]}
        for start, end in _institution_places(doc.text, gaz, cues, areas):
            if doc.text[start:end] not in people and not any(
                    s < end and start < e for s, e in found):
                found[(start, end)] = _unresolved(doc, start, end, "place in an institution's name")
    if CAPITALS_DATELINES:
        for m in CAPITALS_DATELINE.finditer(doc.text):
            start, end = m.span("place")
            if not any(s < end and start < e for s, e in found) \
                    and _dateline_accepts(doc.text[start:end], gaz, cues):
                found[(start, end)] = _unresolved(doc, start, end, "dateline")
    if HYPHEN_PARTS:
        persons = [(e.start, e.end) for e in doc.entities if e.label == "PERSON"]
        for start, end in _hyphen_parts(doc.text, gaz, cues, countries, persons):
            if doc.text[start:end] not in people and not any(s < end and start < e for s, e in found):
                found[(start, end)] = _unresolved(doc, start, end, "part of a hyphenated word")
    if COUNTY_LISTS:
        for (start, end), full in find_county_lists(doc.text).items():
            if not any(s < end and start < e for s, e in found) and gaz.lookup(full):
                found[(start, end)] = replace(_unresolved(
                    doc, start, end, "in a list of counties"), name=full)
    if ORG_DEMONYMS:
        for e in doc.entities:
            if e.label != "ORG":
                continue
            start, _ = _strip_article(doc.text, e.start, e.end, gaz)
            first = WORD.match(doc.text, start)
            if first is None or first.end() >= e.end:
                continue
            end = first.end()
            if gaz.is_demonym(first.group()) and not _plural_demonym(first.group(), gaz) \
                    and not any(s < end and start < e2 for s, e2 in found):
                found[(start, end)] = _unresolved(doc, start, end, "demonym")
    if PARTY_HOMES:
        for m in PARTY_HOME.finditer(doc.text):
            start, end = m.span("place")
            if doc.text[end - 1] == "." and not gaz.has_name(doc.text[start:end]):
                end -= 1
            if gaz.lookup(doc.text[start:end]) and not any(s < end and start < e for s, e in found):
                found[(start, end)] = _unresolved(doc, start, end, "a legislator's home")
    if LOCATIVE_HELD:
        # "in Gainesville", "near Delano": a town spaCy took for a person or an organisation,
        # after a locative preposition
        for start, end, label, cands in held:
            before = doc.text[max(0, start - 12):start].lower().split()
            if before and before[-1] in HELD_PREPS and doc.text[end:end + 1] not in "'\u2019" \
                    and not any(
                    s < end and start < e for s, e in found) and any(
                    not c.is_alternate and c.feature in ("city", "capital", "admin1", "admin2")
                    for c in cands):
                found[(start, end)] = _unresolved(doc, start, end, f"spaCy {label}, after '{before[-1]}'")
    if ONE_SENSE_PER_DOCUMENT and LATE_ONE_SENSE:
        # the same again for names only the rules above found ("Gainesville Police" makes
        # a "Gainesville" spaCy tagged PERSON the city)
        named = {normalize_name(p.text) for p in found.values() if p.reason in LATE_SENSE_REASONS}
        for start, end, label, _ in held:
            if not any(s < end and start < e for s, e in found) \
                    and normalize_name(doc.text[start:end]) in named:
                found[(start, end)] = _unresolved(doc, start, end, f"spaCy {label}, named elsewhere")
    return [found[k] for k in sorted(found)]


def find_county_lists(text: str) -> dict[tuple[int, int], str]:
    """``(start, end) -> "Clay County"`` for each name in a list of counties or parishes
    ("Becker, Clay and Wilkin counties"): the bare name there means the county, not a
    town of that name. Detection adds the names spaCy missed; resolution reads every span
    in such a list, found or given, as the county."""
    out = {}
    for m in COUNTY_LIST.finditer(text):
        for part in re.finditer(r"[A-Z][\w.'\u2019-]*(?:\s[A-Z][\w.'\u2019-]*)?", m.group("names")):
            start, end = m.start("names") + part.start(), m.start("names") + part.end()
            out[(start, end)] = f"{part.group()} {COUNTY_WORD[m.group('kind')]}"
    return out


def _institution_places(text: str, gaz: Gazetteer, cues: Cues,
                        admins: set[tuple]) -> Iterator[tuple[int, int]]:
    """A known place at the head of a local institution's name: "Laurel County" in "the
    Laurel County Sheriff's Office", "Dublin" in "Dublin Arts Council", "Charleston County"
    in "the Disabilities Board of Charleston County". The institution word says a place is
    being named, so smaller towns count than in the plain scan (see _institution_accepts)."""
    for run in CAPITALISED.finditer(text):
        words = list(WORD.finditer(run.group()))
        bare = [_unpossessive(w.group()) for w in words]
        i = 0
        while i < len(words):
            if bare[i] in ("The", "THE"):
                i += 1
                continue
            for n in range(min(SCAN_MAX_NGRAM, len(words) - i), 0, -1):
                if not _institution_context(bare, i, n, cues):
                    continue
                start = run.start() + words[i].start()
                end = run.start() + words[i + n - 1].start() + len(bare[i + n - 1])
                if _institution_accepts(text[start:end], gaz, cues, admins):
                    yield start, end
                    i += n
                    break
            else:
                i += 1


def _institution_context(bare: list[str], i: int, n: int, cues: Cues) -> bool:
    if n > 1 and bare[i + n - 1].lower() in cues.admin_suffixes:
        return True  # "Laurel County": a county by its own name, whatever follows
    after = bare[i + n].lower() if i + n < len(bare) else None
    if after in cues.admin_suffixes:
        return False  # "Laurel" before "County": the county's own name is the longer match
    if after in cues.institution_heads:
        return True  # "Laurel County Sheriff's Office"
    return i >= 2 and bare[i - 1].lower() == "of" and (
        bare[i - 2].lower() in cues.institution_heads or bare[i - 2].lower() in cues.institution_of)


def _unpossessive(word: str) -> str:
    return word[:-2] if len(word) > 3 and word[-2] in "'\u2019" and word[-1] in "sS" else word


def _institution_accepts(name: str, gaz: Gazetteer, cues: Cues, admins: set[tuple]) -> bool:
    key = normalize_name(name)
    if len(key) < 3 or key in cues.common_words or key in cues.institution_heads \
            or key in cues.scan_common_words \
            or gaz.is_demonym(name) or not name[0].isupper():
        return False
    return any(not c.is_alternate and (
        c.feature in ("country", "admin1") or (
            c.feature == "admin2" and (key.split()[-1] in cues.admin_suffixes
                                       or c.population >= INSTITUTION_MIN_POPULATION)) or (
            c.feature in ("city", "capital") and (c.population >= INSTITUTION_MIN_POPULATION
                                                 or (c.country, c.admin1) in admins)))
        for c in gaz.lookup(name))


def _hyphen_parts(text: str, gaz: Gazetteer, cues: Cues, countries: set[str | None],
                  people: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Places among the parts of a hyphenated word: any known town before "-based", "-born",
    "-led" and the like; elsewhere only when every capitalised part is a place or demonym
    ("Amsterdam-London", "Syrian-Turkish", "anti-Russian"; not "Wal-Mart", "mid-August",
    "African-American"), outside people's names ("Macy-O'Toole")."""
    for m in HYPHENATED.finditer(text):
        if gaz.has_name(m.group()) and m.group()[0].isupper():
            continue  # "Winston-Salem", "Batesburg-Leesville": one name, the scan's business
        if any(s < m.end() and m.start() < e for s, e in people):
            continue
        parts = list(re.finditer(r"[^-\u2013]+", m.group()))
        words = [p.group() if gaz.has_name(p.group()) else p.group().strip(".'\u2019")
                 for p in parts]
        hits = []
        for i, name in enumerate(words):
            after = words[i + 1].lower() if i + 1 < len(words) else None
            if not name or not name[0].isupper():
                if name.lower() in cues.hyphen_prefixes or name.lower() in cues.hyphen_suffixes:
                    continue
                hits = []
                break
            demonym = gaz.is_demonym(name) and not _plural_demonym(name, gaz)
            if after in cues.hyphen_suffixes:
                ok = _dateline_accepts(name, gaz, cues) or demonym
            else:
                ok = _scan_accepts(name, gaz, cues, countries) or demonym
            if not ok and after not in cues.hyphen_suffixes:
                hits = []
                break
            if ok:
                hits.append((m.start() + parts[i].start(), m.start() + parts[i].start() + len(name)))
        if hits and normalize_name(words[-1]) in cues.ethnic_tails:
            continue  # "African-American": people
        yield from hits


def _dateline_accepts(name: str, gaz: Gazetteer, cues: Cues) -> bool:
    key = normalize_name(name)
    return len(key) >= 3 and key not in cues.common_words and not gaz.is_demonym(name) and any(
        not c.is_alternate and c.feature in ("country", "admin1", "admin2", "city", "capital")
        for c in gaz.lookup(name))


def _unresolved(doc: Document, start: int, end: int, why: str) -> Place:
    return Place(doc.text[start:end], start, end, doc.text[start:end], None, None, None,
                 None, None, "toponym", 0.0, reason=why)


def _strip_article(text: str, start: int, end: int, gaz: Gazetteer) -> tuple[int, int]:
    """Drop a leading "the", a possessive "'s" and trailing punctuation, but keep the final
    period of an abbreviation the gazetteer knows ("U.S.", "D.C.", "Calif.")."""
    if text[start:start + 4].lower() == "the ":
        start += 4
    if end - start > 2 and text[end - 2] in "'\u2019" and text[end - 1] in "sS":
        end -= 2
    if text[end - 1:end] == "." and gaz.has_name(text[start:end]):
        return start, end
    while end > start and text[end - 1] in ".,;:'\u2019":
        end -= 1
    return start, end


def _names_area(cands: list[Candidate], admins: set[tuple]) -> bool:
    """A country or admin-1 area by its own name, a hand-listed feature (a river, a
    landmark, a world region: "Cauvery Management Board", "EU"), or a city in an admin-1
    area the document names: strict enough to accept inside another entity's name."""
    return any(not c.is_alternate and (c.feature in ("country", "admin1") or (
        NAMED_FEATURES and c.feature in ("water", "landmark")) or (
        NAMED_FEATURES and c.feature == "region" and c.country is None) or (
        c.feature in ("city", "capital") and (c.country, c.admin1) in admins)) for c in cands)


def _plural_demonym(text: str, gaz: Gazetteer) -> bool:
    """"Canadians", "Nigerians": a plural demonym (not a place name such as "Philippines")."""
    key = normalize_name(text)
    return key.endswith("s") and not gaz.has_name(text) and key[:-1] in gaz.demonyms


def _is_plain_place(candidates: list[Candidate]) -> bool:
    if not candidates:
        return False
    top = candidates[0]
    return not top.is_alternate and (
        top.feature in ("country", "admin1") or (
            NAMED_FEATURES and top.feature == "region" and top.country is None) or (top.feature in ("city", "capital")
                                     and top.population >= MAJOR_CITY_POPULATION))


def _scan_capitalised(text: str, gaz: Gazetteer, cues: Cues,
                      countries: set[str | None]) -> Iterator[tuple[int, int]]:
    """Longest gazetteer matches inside runs of capitalised words."""
    for run in CAPITALISED.finditer(text):
        words = list(WORD.finditer(run.group()))
        i = 0
        while i < len(words):
            if words[i].group() in ("The", "THE"):  # "The Gambia" is indexed as "gambia"
                i += 1
                continue
            for n in range(min(SCAN_MAX_NGRAM, len(words) - i), 0, -1):
                start = run.start() + words[i].start()
                end = run.start() + words[i + n - 1].end()
                name = text[start:end]
                if _scan_accepts(name, gaz, cues, countries):
                    yield start, end
                    i += n
                    break
            else:
                i += 1


def _scan_accepts(name: str, gaz: Gazetteer, cues: Cues, countries: set[str | None]) -> bool:
    key = normalize_name(name)
    if len(key) < 3 or key in cues.common_words or key in cues.scan_common_words \
            or gaz.is_demonym(name) or not name[0].isupper():
        return False
    for c in gaz.lookup(name):
        if c.is_alternate:
            continue
        if c.feature in ("country", "admin1", "region", "water", "landmark"):
            return True
        if c.feature in ("city", "capital") and (c.population >= SCAN_MIN_CITY_POPULATION
                                    or c.country in countries):
            return True
    return False

