"""Finding toponyms in a document, and the word lists both steps use.

``find_toponyms(doc)``: spaCy GPE/LOC/FAC entities, PERSON/ORG/NORP entities that are
plainly a country or a major city (spaCy tags "Belarus" as PERSON in the seed), and a
gazetteer scan of capitalised words spaCy missed, limited to names that are rarely
anything else (inside an organisation's name, only countries, admin-1 areas and cities in
a named admin-1 area: "Ohio Department of Development"). Entity spans lose "the" and a
possessive "'s", keep an abbreviation's period ("U.S."). A NORP demonym ("Russian") is
kept as a toponym, as GWN and LGL mark them, but flagged (``is_demonym``) and never used
as an event location (+7.9 F1 on GWN's first half, +4.2 on LGL's, precision unchanged).

Word lists live in ``data/geo/cues.json``; ``tripwire.georesolve`` picks the places and
``tripwire.geo`` locates events.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
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
METONYM_REASON = "metonym"
DEMONYM_REASON = "demonym"  # a metonym of a kind locate_event and main_country never use
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
    seats: dict[str, dict]  # normalised name -> {"country", "city"}


@functools.lru_cache(maxsize=4)
def load_cues(path: Path = GEO_DATA_DIR / "cues.json") -> Cues:
    raw = json.loads(path.read_text(encoding="utf-8"))
    sets = {k: frozenset(w.lower() for w in raw[k]) for k in (
        "locative_preps", "destination_preps", "nonlocative_preps", "motion_words",
        "agent_verbs", "auxiliaries", "common_words")}
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
    return [found[k] for k in sorted(found)]


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
    if len(key) < 3 or key in cues.common_words or gaz.is_demonym(name) or not name[0].isupper():
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

