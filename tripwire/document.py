"""The one object every stage annotates: a Document and its typed layers.

Every annotation points into ``doc.text`` with half-open character offsets
(``start <= i < end``), the spaCy idea of one text and many views. The text never
changes after ingest; the truth of a span is ``doc.text[span.start:span.end]``.

This module holds data only. No stage logic lives here, so every stage can import
it without import cycles.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# Layer names that stages declare in ``requires`` / ``assigns``.
SENTENCES = "sentences"
ENTITIES = "entities"
PARSE = "parse"
EVENTS = "events"
ACTORS = "actors"
CLAIMS = "claims"
PLACES = "places"
DATES = "dates"
DERIVED = "derived"
LAYERS = (SENTENCES, ENTITIES, PARSE, EVENTS, ACTORS, CLAIMS, PLACES, DATES, DERIVED)


def content_hash(text: str) -> str:
    """The stable identity of an article's text (sha1 hex, 40 chars)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def mention_key(article_id: str, trigger_start: int, trigger_end: int, event_type: str) -> str:
    """The stable identity of an event mention (sha1 hex, 20 chars): article, trigger, type.

    The one formula behind finalize's ids and the store's fallback, so re-runs never
    duplicate a mention.
    """
    key = f"{article_id}|{trigger_start}|{trigger_end}|{event_type}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class Span:
    """A half-open character range into ``doc.text`` with a copy of its text for output."""

    start: int
    end: int
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int


@dataclass(slots=True)
class Entity:
    """A named-entity mention from the NLP stage (spaCy label: GPE, ORG, PERSON, ...)."""

    start: int
    end: int
    label: str
    text: str


@dataclass(slots=True)
class Actor:
    """An actor or recipient: the span the text names it with, and what it resolved to."""

    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3, or None (IGOs, unknown)
    sector: str | None = None  # GOV, MIL, REB, COP, IGO, MED, CVL, ...
    qid: str | None = None
    kind: str | None = None  # for claimants: government, military, media, analyst, ...
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "text": self.text, "start": self.start, "end": self.end, "name": self.name,
            "country": self.country, "sector": self.sector, "qid": self.qid,
        }
        if self.kind is not None:
            out["kind"] = self.kind
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(slots=True)
class Place:
    """A resolved toponym, or an event location chosen by a rule (then ``reason`` says which)."""

    text: str
    start: int | None
    end: int | None
    name: str
    geonameid: int | None
    country: str | None  # ISO3
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str  # country | admin1 | city | region | water | ...
    score: float = 1.0
    precision: str | None = None  # for event locations: country | admin1 | city | region
    reason: str | None = None

    def to_location_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end, "name": self.name,
            "geonameid": self.geonameid, "country": self.country, "admin1": self.admin1,
            "lat": self.lat, "lon": self.lon,
            "precision": self.precision or self.feature, "reason": self.reason,
        }

    def to_place_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end,
            "geonameid": self.geonameid, "name": self.name, "country": self.country,
            "admin1": self.admin1, "lat": self.lat, "lon": self.lon,
            "feature": self.feature, "score": round(self.score, 4),
        }


@dataclass(slots=True)
class DateValue:
    """A normalised time: a day/month/year ``value`` or a ``start``..``end`` range."""

    precision: str  # day | week | month | year
    value: str | None = None  # ISO date of the (start of the) period
    start: str | None = None  # for ranges
    end: str | None = None
    text: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "precision": self.precision}
        if self.start or self.end:
            out["start"], out["end"] = self.start, self.end
        out["text"] = self.text
        if self.span_start is not None:
            out["span"] = {"start": self.span_start, "end": self.span_end}
        out["reason"] = self.reason
        return out


@dataclass(slots=True)
class Claim:
    """Who says so, and how sure: the claimant (None = the article's own voice) and a status."""

    status: str = "asserted"  # asserted|reported|claimed|assessed|speculative|denied
    claimant: Actor | None = None
    cue: str | None = None
    chain: list[Actor] = field(default_factory=list)  # outer attributions, outermost first
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "claimant": self.claimant.to_dict() if self.claimant else None,
            "cue": self.cue,
            "status": self.status,
        }
        if self.chain:
            out["chain"] = [a.to_dict() for a in self.chain]
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(slots=True)
class EventMention:
    """One happening as one sentence of one article reports it (DESIGN.md section 2)."""

    sentence_index: int
    quote: Span
    trigger: Span
    event_type: str
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    location: Place | None = None
    date: DateValue | None = None
    claim: Claim = field(default_factory=Claim)
    aux_mode: str | None = None
    quad_class: str | None = None
    cameo_root: str | None = None
    intensity: float | None = None
    acled: dict[str, str] | None = None
    confidence: float = 0.5
    decided_by: str = "rules"
    reasons: list[str] = field(default_factory=list)
    pattern_id: str | None = None
    mention_id: str = ""
    article_id: str = ""
    event_id: str | None = None

    def to_dict(self, *, coder_version: str) -> dict[str, Any]:
        return {
            "mention_id": self.mention_id,
            "article_id": self.article_id,
            "event_id": self.event_id,
            "sentence_index": self.sentence_index,
            "quote": self.quote.to_dict(),
            "trigger": self.trigger.to_dict(),
            "event_type": self.event_type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "quad_class": self.quad_class,
            "cameo_root": self.cameo_root,
            "intensity": self.intensity,
            "acled": self.acled,
            "actors": [a.to_dict() for a in self.actors],
            "recipients": [a.to_dict() for a in self.recipients],
            "location": self.location.to_location_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "claim": self.claim.to_dict(),
            "aux_mode": self.aux_mode,
            "confidence": round(self.confidence, 3),
            "evidence": {"decided_by": self.decided_by, "pattern": self.pattern_id,
                         "reasons": list(self.reasons)},
            "coder": {"name": "tripwire", "version": coder_version},
        }


@dataclass(slots=True)
class Problem:
    """Something that went wrong with one item, recorded instead of raised in batch runs."""

    code: str
    message: str
    item: str | None = None
    stage: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """An article and every annotation on it.

    ``parsed`` holds the spaCy ``Doc`` while the pipeline runs; it is transient (never
    stored or serialised) and its character offsets equal ours because spaCy parses
    ``text`` exactly as given.
    """

    text: str
    id: str = ""
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    language: str | None = None
    content_hash: str = ""
    item: str | None = None  # where it came from (path, path:line), for messages
    removed: list[Span] = field(default_factory=list)  # boilerplate masked at ingest
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: str | None = None  # a reason when the document is not coded (e.g. not English)
    parsed: Any = None
    assigned: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)
        if not self.id:
            self.id = self.content_hash[:16]

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def sentence_at(self, offset: int) -> Sentence | None:
        for sent in self.sentences:
            if sent.start <= offset < sent.end:
                return sent
        return None

    def article_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "url": self.url, "source": self.source, "title": self.title,
            "published": self.published, "text": self.text, "language": self.language,
            "content_hash": self.content_hash,
        }
