"""Is ``confidence`` calibrated? A reliability table on the repo's annotated real news.

``confidence`` (finalize.py) claims to be the probability that a mention is a real event
of the stated type that happened (or is reported as having happened). This module checks
that claim on the sentence annotations in ``tests/data/annotations`` (GUIDELINES.md):

- every predicted mention in an annotated sentence is scored; it is **right** when it is
  aligned (the claims evaluation's alignment: trigger overlap, else same type) with a gold
  event of the same type whose status is not ``speculative``/``denied`` and whose
  auxiliary mode is not ``future``/``hypothetical``/``negated``; a mention with no gold
  partner (a false alarm) or a wrong type is wrong;
- mentions are binned by confidence (tenths); each bin reports its count, mean
  confidence and observed rate of right mentions. ECE (count-weighted mean gap) and the
  Brier score summarise it.

``fit_platt`` fits the two numbers of the calibration map finalize applies (a logistic
curve on the logit of the hand-made score: strictly increasing, so the order of mentions
and every choice made by confidence stays the same) on the *dev* half;
``scripts/fit_confidence.py`` writes them to ``data/models/confidence.json``.

Run: ``tripwire eval confidence --split heldout``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .settings import Settings, load_settings

NOT_HAPPENED_STATUS = frozenset({"speculative", "denied"})
NOT_HAPPENED_AUX = frozenset({"future", "hypothetical", "negated"})
N_BINS = 10


def collect(folder: str | Path, *, split: str = "heldout", settings: Settings | None = None,
            pipeline: Any = None) -> list[dict[str, Any]]:
    """One row per predicted mention in the split's sentences: confidence, raw score, right."""
    from .claims_eval import align_gold, build_docs, read_annotations
    from .evaluate import EvalRun
    from .finalize import raw_confidence

    settings = settings or load_settings()
    records = [r for r in read_annotations(folder) if split == "all" or r.get("split") == split]
    docs, where = build_docs(records, "article", settings)
    run = EvalRun(pipeline, settings)
    docs, _ = run.run(docs)
    rows = []
    for rec, (di, start, end) in zip(records, where):
        if di < 0:
            continue
        doc = docs[di]
        preds = [e for e in doc.events if start <= e.trigger.start < end]
        gold = rec.get("events") or []
        partner = {id(p): g for g, p in zip(gold, align_gold(gold, preds, rec["text"], start))
                   if p is not None}
        for p in preds:
            g = partner.get(id(p))
            right = bool(g) and g.get("type") == p.event_type \
                and g.get("status") not in NOT_HAPPENED_STATUS \
                and g.get("aux_mode") not in NOT_HAPPENED_AUX
            rows.append({"confidence": p.confidence, "raw": raw_confidence(p), "right": right,
                         "id": rec["id"], "type": p.event_type})
    return rows


def reliability(scores: list[float], right: list[bool]) -> dict[str, Any]:
    """Bins of width 1/N_BINS: count, mean score, observed rate; ECE and Brier."""
    bins = []
    n = len(scores)
    ece = 0.0
    for b in range(N_BINS):
        lo, hi = b / N_BINS, (b + 1) / N_BINS
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == N_BINS - 1 and s == 1.0)]
        if not idx:
            continue
        mean = sum(scores[i] for i in idx) / len(idx)
        rate = sum(right[i] for i in idx) / len(idx)
        ece += len(idx) / n * abs(mean - rate)
        bins.append({"lo": lo, "hi": hi, "n": len(idx), "mean_confidence": round(mean, 3),
                     "observed": round(rate, 3)})
    brier = sum((s - r) ** 2 for s, r in zip(scores, right)) / n if n else 0.0
    return {"n": n, "bins": bins, "ece": round(ece, 4), "brier": round(brier, 4),
            "mean_confidence": round(sum(scores) / n, 3) if n else 0.0,
            "observed": round(sum(right) / n, 3) if n else 0.0}


def fit_platt(raw: list[float], right: list[bool]) -> tuple[float, float]:
    """(a, b) of p = sigmoid(a * logit(raw) + b), by maximum likelihood; a is kept > 0."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from .finalize import logit

    x = np.array([[logit(r)] for r in raw])
    y = np.array(right, dtype=int)
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(x, y)
    a, b = float(lr.coef_[0][0]), float(lr.intercept_[0])
    if a <= 0:  # a flat or inverted map would discard the ordering: keep the identity
        return 1.0, 0.0
    return round(a, 4), round(b, 4)


def evaluate_confidence(folder: str | Path, *, split: str = "heldout",
                        settings: Settings | None = None, pipeline: Any = None) -> dict[str, Any]:
    rows = collect(folder, split=split, settings=settings, pipeline=pipeline)
    right = [r["right"] for r in rows]
    return {"split": split, "calibrated": reliability([r["confidence"] for r in rows], right),
            "raw": reliability([r["raw"] for r in rows], right)}


def run_confidence_eval(folder: str | Path, *, split: str = "heldout",
                        settings: Settings | None = None, console: Any = None) -> dict[str, Any]:
    if not any(Path(folder).glob("*.jsonl")):
        if console is not None:
            console.print(f"[yellow]no annotations in {folder}; confidence not evaluated.[/yellow]")
        return {}
    result = evaluate_confidence(folder, split=split, settings=settings)
    if console is not None:
        _draw(result, console)
    return result


def _draw(result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    cal, raw = result["calibrated"], result["raw"]
    table = Table(title=f"Confidence reliability ({result['split']}, {cal['n']} mentions in "
                        "annotated real news; right = right type and it happened)")
    for col in ("confidence", "mentions", "mean confidence", "observed right"):
        table.add_column(col, justify="right")
    for b in cal["bins"]:
        table.add_row(f"{b['lo']:.1f}-{b['hi']:.1f}", str(b["n"]), f"{b['mean_confidence']:.3f}",
                      f"{b['observed']:.3f}")
    console.print(table)
    console.print(f"calibrated: ECE {cal['ece']:.3f}, Brier {cal['brier']:.3f}, mean confidence "
                  f"{cal['mean_confidence']:.3f} vs observed {cal['observed']:.3f}; "
                  f"before calibration (hand-made score): ECE {raw['ece']:.3f}, "
                  f"Brier {raw['brier']:.3f}, mean {raw['mean_confidence']:.3f}")
