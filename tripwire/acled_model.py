"""A learned second opinion on a mention's ACLED sub-event type.

Why: ``derive.py`` maps PLOVER type + mode + word conditions to ACLED's sub-types. That
table decides the family well but the sub-type poorly: an ASSAULT is an "Armed clash"
unless a condition fires, while ACLED's 25 sub-types hang on cues the PLOVER mode does
not carry (who the victims were, an IED rather than a shell, a town changing hands).
A bag-of-words model of the sentence reads those cues directly.

Model: the event typer's kind of arrays (``classifier.TypeModel``: JSON vocabulary, npz
weights, numpy inference) over ``classifier.sentence_features`` of the mention's sentence,
labels = ACLED sub-types + ``none``. Trained by ``scripts/train_acled.py`` on Tripwire's
own ACLED gold (``tests/data/acled/snippets.jsonl``, dev half only) and a synthetic set of
ACLED-style event notes written from the codebook (``tests/data/acled/synthetic.jsonl``).

Policy (thresholds chosen there by cross-validation on the real dev half):

1. The candidates are the sub-types the mention's PLOVER type may carry
   (``data/acled_compat.json``), so two acts in one sentence keep their own families.
2. When the rules gave a sub-type and the model's best candidate differs with
   probability >= ``take_p``, the model's wins.
3. When the rules gave none (no table row matched, or the typer added the mention) and
   the best candidate has probability >= ``fill_p``, it is used. A row that says ACLED
   does not code the event (police security measures) is a decision, never filled.

Either way the mention's ``reasons`` say what the model chose and over what.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .document import Document, EventMention
    from .events.classifier import TypeModel

MODEL_NAME = "acled_typer"
# The reason derive.py writes when a table row says ACLED does not code the event.
TABLE_NONE = "ACLED: not coded by the table ("
NONE = "none"
# Fallback when the stored model has no policy: never take, never fill.
NEVER = 1.01


@lru_cache(maxsize=2)
def load_compat(data_dir: str) -> dict[str, dict]:
    """Sub-type -> {"event_type", "plover": [...]} from ``data/acled_compat.json``."""
    raw = json.loads((Path(data_dir) / "acled_compat.json").read_text(encoding="utf-8"))
    return raw["sub_types"]


@lru_cache(maxsize=2)
def load_acled_model(model_dir: str) -> TypeModel | None:
    """The stored model, or None when the repo carries none (the rules then stand alone)."""
    meta_path = Path(model_dir) / f"{MODEL_NAME}.json"
    if not meta_path.exists():
        return None
    from .events.classifier import load_arrays

    return load_arrays(meta_path, Path(model_dir) / f"{MODEL_NAME}.npz",
                       {"take_p": NEVER, "fill_p": NEVER})


def best_candidate(probs: np.ndarray, labels: tuple[str, ...], plover_type: str,
                   compat: dict[str, dict]) -> tuple[str, float] | None:
    """The most probable sub-type that a mention of ``plover_type`` may carry."""
    best = None
    for label, p in zip(labels, probs):
        row = compat.get(label)
        if row is not None and plover_type in row["plover"] and (best is None or p > best[1]):
            best = (label, float(p))
    return best


def refine(event: EventMention, probs: np.ndarray, labels: tuple[str, ...],
           compat: dict[str, dict], take_p: float, fill_p: float) -> bool:
    """Apply policy steps 1-3 to one mention; True when its ``acled`` changed."""
    best = best_candidate(probs, labels, event.event_type, compat)
    if best is None or any(r.startswith(TABLE_NONE) for r in event.reasons):
        return False
    sub, p = best
    rules_sub = event.acled["sub_event_type"] if event.acled else None
    if rules_sub == sub:
        return False
    if (rules_sub is not None and p < take_p) or (rules_sub is None and p < fill_p):
        return False
    event.acled = {"event_type": compat[sub]["event_type"], "sub_event_type": sub}
    event.reasons.append(f"ACLED model: {sub} p={p:.2f} among {event.event_type}'s sub-types"
                         + (f" (the table said {rules_sub})" if rules_sub else
                            " (the table coded none)"))
    return True


class AcledRefiner:
    """Reads each mention's sentence once and applies ``refine`` (used by derive)."""

    def __init__(self, model: TypeModel, compat: dict[str, dict]) -> None:
        self.model, self.compat = model, compat
        self.take_p = float(model.policy.get("take_p", NEVER))
        self.fill_p = float(model.policy.get("fill_p", NEVER))

    def __call__(self, doc: Document) -> None:
        if doc.parsed is None or (self.take_p > 1.0 and self.fill_p > 1.0):
            return
        from .events.classifier import sentence_features, sentence_tokens

        probs: dict[int, np.ndarray] = {}
        for event in doc.events:
            if event.sentence_index not in probs:
                feats = sentence_features(sentence_tokens(doc, event.sentence_index))
                probs[event.sentence_index] = self.model.predict_proba(feats)
            refine(event, probs[event.sentence_index], self.model.labels, self.compat,
                   self.take_p, self.fill_p)


def make_refiner(data_dir: Path) -> AcledRefiner | None:
    model = load_acled_model(str(Path(data_dir) / "models"))
    return AcledRefiner(model, load_compat(str(data_dir))) if model is not None else None
