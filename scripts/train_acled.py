"""Train the ACLED sub-type model (tripwire/acled_model.py) and choose its policy.

    .venv/bin/python scripts/train_acled.py [--out tripwire/data/models]

Run last in ``make train`` but before fit_confidence.py: it runs the whole pipeline (with
the shipped typer, quad and span models) with the ACLED model switched off.

Training data (never a heldout half):
- ``tests/data/acled/snippets.jsonl``, **dev half** only: real news sentences with an ACLED
  sub-type or null (``none``);
- ``tests/data/acled/synthetic.jsonl``: ACLED-style event notes and news sentences written
  from the codebook by an AI helper (synthetic: training only, never scored).

Features: ``classifier.sentence_features`` of the record's text. Cross-validation: 5 folds
over the real dev records (fold = sha1 of the id); each fold's model is fitted on the
synthetic set and the other folds. The pipeline runs once with the model off; each setting
(C, synthetic weight, ``take_p``, ``fill_p``) is applied to every mention with its fold's
probabilities and the sentence scored as ``tripwire eval acled`` scores it: weighted F1 of
sub-types over the gold-labelled sentences, ties broken by fewer false alarms on the null
ones. The final model is fitted on everything and written with fixed timestamps.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # bit-identical sums between runs
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import datetime  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_quad import sentence_features  # noqa: E402
from train_typer import fit, fold_of, write_linear_model  # noqa: E402

from tripwire import acled_model  # noqa: E402
from tripwire.acled_eval import NONE, SNIPPETS, happened, read_snippets, weighted_f1  # noqa: E402
from tripwire.derive import DeriveStage  # noqa: E402
from tripwire.document import Document  # noqa: E402
from tripwire.evaluate import EvalRun, score_labels  # noqa: E402
from tripwire.settings import load_settings  # noqa: E402

log = logging.getLogger("train_acled")
FOLDS = 5
SYNTHETIC = SNIPPETS.parent / "synthetic.jsonl"
C_GRID = (1.0, 4.0, 16.0)
# Weight of a synthetic record against a real one (0 = real dev half only).
SYNTHETIC_WEIGHT_GRID = (0.0, 0.3, 1.0)
TAKE_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, acled_model.NEVER)
FILL_GRID = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, acled_model.NEVER)


def load_records() -> tuple[list[dict], list[dict]]:
    """(real dev records, synthetic records): {id, text, label}, each sorted by id."""
    real = [{"id": r["id"], "text": r["text"], "label": r.get("sub_event_type") or NONE}
            for r in read_snippets() if r.get("split") == "dev"]
    synth = []
    if SYNTHETIC.exists():
        synth = [{"id": r["id"], "text": r["text"], "label": r.get("sub_event_type") or NONE}
                 for r in read_snippets(SYNTHETIC)]
    return sorted(real, key=lambda r: r["id"]), sorted(synth, key=lambda r: r["id"])


def rules_run(recs: list[dict], settings) -> tuple[EvalRun, list[Document]]:
    """The pipeline's documents with the ACLED model off (the table's sub-types only)."""
    run = EvalRun(settings=settings)
    for wrapper in run.pipeline.stages:
        if getattr(wrapper, "name", "") == "derive":
            wrapper.stage = DeriveStage(settings, acled_model=False)
    docs, _ = run.run([Document(r["text"], id=r["id"], language="en") for r in recs])
    return run, docs


def score(run: EvalRun, recs: list[dict], docs: list[Document], probs: list[np.ndarray] | None,
          labels: tuple[str, ...], compat: dict, take_p: float, fill_p: float) -> dict:
    """Weighted F1 (gold-labelled sentences) and false alarms (null ones) under a policy."""
    gold, pred, alarms = [], [], 0
    for k, (rec, doc) in enumerate(zip(recs, docs)):
        saved = [(e.acled, len(e.reasons)) for e in doc.events]
        if probs is not None:
            for e in doc.events:
                acled_model.refine(e, probs[k], labels, compat, take_p, fill_p)
        pool = [e for e in doc.events if e.acled and happened(e)]
        chosen = run.choose(doc, pool) if pool else None
        sub = chosen.acled["sub_event_type"] if chosen else NONE
        for e, (acled, n) in zip(doc.events, saved):
            e.acled = acled
            del e.reasons[n:]
        if rec["label"] == NONE:
            alarms += sub != NONE
        else:
            gold.append(rec["label"])
            pred.append(sub)
    scores = score_labels(gold, pred)
    return {"weighted_f1": round(weighted_f1(scores), 4), "false_alarms": alarms}


def better(row: dict, best: dict | None) -> bool:
    if best is None:
        return True
    return (row["weighted_f1"], -row["false_alarms"]) > (best["weighted_f1"] + 1e-9,
                                                         -best["false_alarms"])


def cross_validate(real, synth, feats_real, feats_synth, settings) -> dict:
    compat = acled_model.load_compat(str(settings.data_dir))
    run, docs = rules_run(real, settings)
    base = score(run, real, docs, None, (), compat, acled_model.NEVER, acled_model.NEVER)
    log.info("table only: %s", base)
    folds = [fold_of(r["id"]) for r in real]
    best, table = None, []
    weights = SYNTHETIC_WEIGHT_GRID if synth else (0.0,)
    # a fold (above all without the synthetic set) may lack a label: probabilities are
    # aligned on the full label set
    labels = tuple(sorted({r["label"] for r in real} | {r["label"] for r in synth}))
    for c in C_GRID:
        for w in weights:
            probs: list[np.ndarray | None] = [None] * len(real)
            for k in range(FOLDS):
                tr = [i for i, f in enumerate(folds) if f != k]
                xs = [feats_real[i] for i in tr] + (feats_synth if w > 0 else [])
                ys = [real[i]["label"] for i in tr] + ([r["label"] for r in synth] if w > 0 else [])
                ws = [1.0] * len(tr) + ([w] * len(synth) if w > 0 else [])
                model = fit(xs, ys, ws, c)
                for i, f in enumerate(folds):
                    if f == k:
                        p = model.predict_proba(feats_real[i])
                        full = np.zeros(len(labels))
                        for lab, v in zip(model.labels, p):
                            full[labels.index(lab)] = v
                        probs[i] = full
            for tp in TAKE_GRID:
                for fp in FILL_GRID:
                    row = {"C": c, "synthetic_weight": w, "take_p": tp, "fill_p": fp,
                           **score(run, real, docs, probs, labels, compat, tp, fp)}
                    table.append(row)
                    if better(row, best):
                        best = row
            log.info("C=%s w=%s best so far %s", c, w, best)
    return {"best": best, "table_only": base, "table": table}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=Path("tripwire/data/models"), type=Path)
    opts = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    settings = load_settings()
    real, synth = load_records()
    feats_real = sentence_features(real, settings, whole_text=True)
    feats_synth = sentence_features(synth, settings, whole_text=True)
    log.info("records: %d real dev, %d synthetic", len(real), len(synth))
    cv = cross_validate(real, synth, feats_real, feats_synth, settings)
    best = cv["best"]
    w = best["synthetic_weight"]
    xs = feats_real + (feats_synth if w > 0 else [])
    ys = [r["label"] for r in real] + ([r["label"] for r in synth] if w > 0 else [])
    model = fit(xs, ys, [1.0] * len(real) + ([w] * len(synth) if w > 0 else []), best["C"])
    vocab = sorted(model.index, key=model.index.get)
    meta = {
        "_meta": {"what": "sentence-level ACLED sub-event type model for tripwire.acled_model",
                  "trained_by": "scripts/train_acled.py",
                  "data": "tests/data/acled/snippets.jsonl dev half (real); "
                          "tests/data/acled/synthetic.jsonl (synthetic, training only)",
                  "n_records": {"real_dev": len(real), "synthetic": len(synth) if w > 0 else 0}},
        "labels": list(model.labels),
        "policy": {"take_p": best["take_p"], "fill_p": best["fill_p"]},
        "hyper": {"C": best["C"], "synthetic_weight": w},
        "cv": {"best": best, "table_only": cv["table_only"],
               "table": [r for r in cv["table"] if r["C"] == best["C"]
                         and r["synthetic_weight"] == w]},
        "features": vocab,
    }
    opts.out.mkdir(parents=True, exist_ok=True)
    write_linear_model(opts.out / f"{acled_model.MODEL_NAME}.json",
                       opts.out / f"{acled_model.MODEL_NAME}.npz", meta, model)
    log.info("wrote %s (%d features) on %s; CV best %s (table only %s)", acled_model.MODEL_NAME,
             len(vocab), datetime.date.today().isoformat(), best, cv["table_only"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
