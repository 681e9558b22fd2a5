"""Derived fields: PLOVER quad class, nearest CAMEO root, intensity and the ACLED type.

All four come from tables in ``data/plover_types.jsonl`` and ``data/acled_map.jsonl``;
this module only applies them. The ACLED row's ``when`` conditions read the mention's
actors, recipients and quote (see the table's _meta for their meaning). Then the learned
ACLED model (``acled_model.py``), where the repo ships one, may refine the sub-type among
those the mention's PLOVER type can carry.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .acled_model import TABLE_NONE, make_refiner
from .datafiles import read_jsonl
from .document import DERIVED, EVENTS, Document, EventMention
from .events.classifier import ADDED_PATTERN_ID
from .settings import Settings

ARMED_SECTORS = {"MIL", "REB", "INS", "COP", "SPY", "UAF", "IMG"}
CIVILIAN_SECTORS = {"CVL", "REF", "LAB", "EDU", "BUS", "MED", "HLH", "AGR", "REL", "ETH", "NGO"}
CIVILIAN_WORDS = ("civilian", "villager", "resident", "people", "children", "women", "worker",
                  "student", "passenger", "family", "families", "pilgrim", "farmer", "journalist")
STATE_SECTORS = {"GOV", "MIL", "COP", "SPY"}


@lru_cache(maxsize=2)
def load_cues(data_dir: str) -> dict[str, re.Pattern[str]]:
    """One compiled regex per 'when' condition, from ``data/acled_cues.json``."""
    raw = json.loads((Path(data_dir) / "acled_cues.json").read_text(encoding="utf-8"))
    return {cond: re.compile(r"\b(?:" + "|".join(cues) + ")", re.IGNORECASE)
            for cond, cues in raw.items() if not cond.startswith("_")}


@lru_cache(maxsize=2)
def load_tables(data_dir: str) -> tuple[dict, list]:
    types = {rec["type"]: rec for _, rec in read_jsonl(Path(data_dir) / "plover_types.jsonl")}
    acled = [rec for _, rec in read_jsonl(Path(data_dir) / "acled_map.jsonl")]
    return types, acled


def _holds(cond: str | None, event: EventMention, cues: dict[str, re.Pattern[str]]) -> bool:
    if cond is None:
        return True
    if cond in cues:
        return cues[cond].search(event.quote.text) is not None
    actors_armed = any(a.sector in ARMED_SECTORS for a in event.actors)
    recips_armed = any(r.sector in ARMED_SECTORS for r in event.recipients)
    if cond in ("territory", "territory_state"):
        took = event.pattern_id == "assault.take_ground"
        return took and (cond == "territory" or any(
            a.sector in STATE_SECTORS or (a.country and not a.sector) for a in event.actors))
    if cond == "armed_both":
        return actors_armed and recips_armed
    if cond == "armed_actor":
        return actors_armed
    if cond == "not_armed_target":
        return not recips_armed
    if cond == "civilian_target":
        return any(r.sector in CIVILIAN_SECTORS for r in event.recipients) or any(
            w in r.text.lower() for r in event.recipients for w in CIVILIAN_WORDS)
    if cond == "protest_target":
        return any(w in r.text.lower() for r in event.recipients
                   for w in ("protester", "demonstrator", "protestor"))
    raise ValueError(f"unknown ACLED condition {cond!r}")


def derive(event: EventMention, types: dict, acled: list,
           cues: dict[str, re.Pattern[str]]) -> None:
    row = types[event.event_type]
    # the classify stage may have set the CAMEO coders' quad of the sentence (classifier step 8)
    event.quad_class = event.quad_class or row["quad_class"]
    event.cameo_root = row["cameo_root"]
    event.intensity = float(row["modes"].get(event.mode, row["score"]))
    event.acled = None
    if event.pattern_id == ADDED_PATTERN_ID:  # no trigger pattern: no concrete event to code
        event.reasons.append("ACLED: not coded (the mention was added by the model, no trigger "
                             "pattern names an event)")
        return
    for rule in acled:
        if rule["type"] != event.event_type:
            continue
        if "mode" in rule and rule["mode"] != event.mode:
            continue
        if not _holds(rule.get("when"), event, cues):
            continue
        if rule.get("none"):  # a row that says ACLED does not code this
            event.reasons.append(f"{TABLE_NONE}{rule['none']})")
        else:
            event.acled = {"event_type": rule["event_type"], "sub_event_type": rule["sub_event_type"]}
        return


class DeriveStage:
    name = "derive"
    requires = (EVENTS,)
    assigns = (DERIVED,)

    def __init__(self, settings: Settings, *, acled_model: bool = True) -> None:
        self.types, self.acled = load_tables(str(settings.data_dir))
        self.cues = load_cues(str(settings.data_dir))
        self.refiner = make_refiner(settings.data_dir) if acled_model else None

    def __call__(self, doc: Document) -> Document:
        for event in doc.events:
            derive(event, self.types, self.acled, self.cues)
        if self.refiner is not None:
            self.refiner(doc)
        return doc


def make_derive(settings: Settings) -> DeriveStage:
    return DeriveStage(settings)
