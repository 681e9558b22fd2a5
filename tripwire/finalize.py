"""Last per-document stage: stable ids, historical mode from dates, and confidence.

Mention ids are content hashes of what defines a mention (article, trigger offsets,
type), so re-running the same input yields the same ids and the store never holds
duplicates. ``confidence`` is a plain, documented product of how the type was
decided, how the claim stands and whether it happened, so an asserted event in the
article's own voice never scores like a speculative one.
"""

from __future__ import annotations

import json
import math
from datetime import date
from functools import lru_cache
from pathlib import Path

from .document import DATES, DERIVED, EVENTS, Document, EventMention, mention_key
from .settings import Settings

# Prior that a rule-coded mention has the right type (PLOVER GSR dev half: see
# `tripwire eval`; re-check after pattern changes).
BASE_CONFIDENCE = {"rules": 0.75, "model": 0.75, "rules+model": 0.85}
# Multipliers by claim status and auxiliary mode: how far the text stands behind
# "this happened". Chosen by hand from the status definitions in DESIGN.md; a
# reliability table in `tripwire eval` is the check.
STATUS_FACTOR = {"asserted": 1.0, "reported": 0.92, "claimed": 0.75, "assessed": 0.7,
                 "speculative": 0.45, "denied": 0.3}
AUX_FACTOR = {None: 1.0, "historical": 0.95, "future": 0.6, "hypothetical": 0.35, "negated": 0.25}
NO_ACTOR_FACTOR = 0.8
CALIBRATION_FILE = "confidence.json"
# An event dated this many days or more before publication is background (historical).
HISTORICAL_DAYS = 365


def mention_id(article_id: str, event: EventMention) -> str:
    return mention_key(article_id, event.trigger.start, event.trigger.end, event.event_type)


def raw_confidence(event: EventMention) -> float:
    """The hand-made score: type prior x claim status x auxiliary mode x actor."""
    score = BASE_CONFIDENCE.get(event.decided_by, 0.6)
    score *= STATUS_FACTOR.get(event.claim.status, 0.5)
    score *= AUX_FACTOR.get(event.aux_mode, 0.5)
    if not event.actors:
        score *= NO_ACTOR_FACTOR
    return max(0.01, min(0.99, score))


def confidence(event: EventMention, calibration: tuple[float, float] = (1.0, 0.0)) -> float:
    """The hand-made score through the calibration map p = sigmoid(a * logit(raw) + b).

    ``(a, b)`` come from ``data/models/confidence.json``, fitted on the dev half of the
    annotated news by ``scripts/fit_confidence.py`` (see ``confidence_eval.py``); the map is
    strictly increasing, so it never changes which of two mentions is surer."""
    raw = raw_confidence(event)
    if calibration == (1.0, 0.0):
        return raw
    return round(max(0.01, min(0.99, calibrate(raw, calibration))), 4)


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def calibrate(raw: float, calibration: tuple[float, float]) -> float:
    """The calibration map itself, p = sigmoid(a * logit(raw) + b), unrounded."""
    a, b = calibration
    return 1.0 / (1.0 + math.exp(-(a * logit(raw) + b)))


@lru_cache(maxsize=4)
def load_calibration(data_dir: str) -> tuple[float, float]:
    path = Path(data_dir) / "models" / CALIBRATION_FILE
    if not path.exists():
        return (1.0, 0.0)
    fit = json.loads(path.read_text(encoding="utf-8"))
    return (float(fit["a"]), float(fit["b"]))


def _is_historical(event: EventMention, published: str | None) -> bool:
    if not published or event.date is None or event.aux_mode is not None:
        return False
    when = event.date.end or event.date.value
    if not when:
        return False
    try:
        last = _period_end(date.fromisoformat(when[:10]), None if event.date.end else event.date.precision)
        delta = date.fromisoformat(published[:10]) - last
    except ValueError:
        return False
    return delta.days >= HISTORICAL_DAYS


def _period_end(day: date, precision: str | None) -> date:
    """The last day of a year- or month-precision value: "last year" in May 2018 ends on
    2017-12-31, under a year before publication, so it is not background by itself
    (GUIDELINES.md: historical only when known to be a year or more before)."""
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return day


class FinalizeStage:
    name = "finalize"
    requires = (EVENTS, DERIVED)
    assigns: tuple[str, ...] = ()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.calibration = load_calibration(str(settings.data_dir))

    def __call__(self, doc: Document) -> Document:
        for event in doc.events:
            event.article_id = doc.id
            event.mention_id = mention_id(doc.id, event)
            if DATES in doc.assigned and _is_historical(event, doc.published):
                event.aux_mode = "historical"
                event.reasons.append(f"historical: dated {event.date.value or event.date.end}, "
                                     f"{HISTORICAL_DAYS}+ days before publication")
            event.confidence = confidence(event, self.calibration)
        return doc


def make_finalize(settings: Settings) -> FinalizeStage:
    return FinalizeStage(settings)
