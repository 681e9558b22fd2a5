"""A sentence-level second opinion on the CAMEO quad class of a rule mention.

Why: the rule coder and the event typer decide a mention's *type*; its quad class
(verbal/material x cooperation/conflict) follows from the type. On CAMEO-coded news
sentences a plain bag-of-words model that reads the whole sentence predicts the quad
class far better than the type-derived one (5-fold CV on the ConfliBERT dev half,
2026-11-25: macro-F1 0.77 against 0.55 for the rules' types), because the CAMEO coders
label the sentence's main act and how it is framed ("announced it will release" is a
verbal commitment, not a release). So the classify stage asks this model for the
sentence's quad and, when it is sure (``quad_p``) and the mention's type belongs to
another quad, re-types the mention to the event typer's best type *inside* that quad.
The mention keeps its trigger, actors and evidence; the reason says what changed.

The model is the same kind of arrays as the event typer (``TypeModel``: JSON vocabulary,
npz weights, no pickle), trained by ``scripts/train_quad.py`` on the ConfliBERT
``cameo_class_train.tsv`` dev half and the GSR dev half (gold type -> quad). The policy
threshold is chosen there by cross-validation; see data/models/README.md.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .classifier import TypeModel

MODEL_NAME = "quad_typer"
# The label the model may predict that no PLOVER type carries: a public statement.
# A mention is never re-typed towards it (the rules found an act; the model cannot say
# which act it is instead), and it never creates or removes a mention.
STATEMENT = "statement"
# Fallback when the stored model has no policy: never re-type, never add.
QUAD_P = 1.01


@lru_cache(maxsize=2)
def load_quad_model(model_dir: str) -> TypeModel | None:
    """The stored quad model, or None when the repo carries none (the stage then only
    uses the event typer). Its policy holds ``quad_p`` (re-type) and ``quad_add_p`` (add
    a mention where the rules found none)."""
    meta_path = Path(model_dir) / f"{MODEL_NAME}.json"
    if not meta_path.exists():
        return None
    from .classifier import load_arrays  # classifier imports this module

    return load_arrays(meta_path, Path(model_dir) / f"{MODEL_NAME}.npz", {"quad_p": QUAD_P})


def type_quads(data_dir: str) -> dict[str, str]:
    """PLOVER type -> quad class, from the derive stage's table (``data/plover_types.jsonl``)."""
    from ..derive import load_tables

    return {name: row["quad_class"] for name, row in load_tables(data_dir)[0].items()}


def retype_within(quad: str, typer: TypeModel, type_probs: np.ndarray,
                  quads: dict[str, str]) -> tuple[str, float] | None:
    """The typer's most probable type whose quad is ``quad`` (None for ``statement``)."""
    best = None
    for label, p in zip(typer.labels, type_probs):
        if quads.get(label) == quad and (best is None or p > best[1]):
            best = (label, float(p))
    return best
