"""Train the sentence-level quad model (tripwire/events/quad.py) and choose its threshold.

    .venv/bin/python scripts/train_quad.py [--data ../shared/data] [--out tripwire/data/models]

Run after scripts/train_typer.py (the re-typing step reads the shipped event typer).

Training data (never a heldout half, never an evaluation-only file):
- ConfliBERT ``cameo_class_train.tsv``, *dev* half only (``split_of(text) == "dev"``):
  sentence -> CAMEO quad class;
- the PLOVER GSR *dev* half: sentence -> the quad class of its gold type.

Features: ``classifier.sentence_features`` (lemma unigrams and bigrams, names and numbers
masked). 5-fold cross-validation over the records (fold = sha1 of the id) runs the real
pipeline with the fold's model plugged into the classify stage, for each threshold (first
C and the re-typing threshold, then the adding, statement, sentence-quad and once more the
re-typing threshold, one at a time), and
scores what ``tripwire eval`` scores: quad macro-F1 on the ConfliBERT records and
event-type accuracy on the GSR records. The threshold and C with the best mean of the two
win; the final model is fitted on everything and written with fixed timestamps, so two
runs give the same bytes.
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


sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_typer import fit, fold_of, write_linear_model  # noqa: E402

from tripwire.document import PARSE, SENTENCES, Document  # noqa: E402
from tripwire.evaluate import (QUAD_LABELS, EvalRun, aligned_mentions, load_plover,  # noqa: E402
                               load_quad, score_labels, split_of)
from tripwire.events import classifier as clf  # noqa: E402
from tripwire.events import quad, span_tagger  # noqa: E402
from tripwire.pipeline import Pipeline  # noqa: E402
from tripwire.registry import make_stage  # noqa: E402
from tripwire.settings import load_settings  # noqa: E402

log = logging.getLogger("train_quad")
FOLDS = 5
C_GRID = (4.0, 16.0, 64.0)
# 1.01 = never re-type (the rules' and typer's quad stands). Floored at 0.6: the CV
# records are single CAMEO sentences, and lower thresholds re-type news rows the analysts
# coded otherwise (2026-11-25, fifth session: at 0.3, CV's choice once the typer guard
# classifier.RETYPE_KEEP_P was in place, the seed article's "Russian soldiers stationed"
# MOBILIZE became RETREAT; the guard now also refuses a target the typer finds less likely).
QUAD_P_GRID = (0.6, 0.7, 0.8, 0.9, 1.01)
# Adding a mention where the rules and the typer found none (1.01 = never); searched
# after C and quad_p are fixed, to keep the number of pipeline runs down. Floored at 0.6
# for the reason train_typer.py floors ADD_GRID: every training sentence is labelled, so
# CV rewards any guess, while real sentences often state nothing. (2026-11-25, the first
# full grid: out-of-fold ConfliBERT dev macro-F1 0.605 at 0.4, 0.605 at 0.6, 0.598 at 0.7.)
QUAD_ADD_GRID = (0.6, 0.7, 0.8, 0.9, 1.01)
# The statement veto (classifier step 7: a sentence the model takes for a mere statement
# offers no model-added mention; 1.01 = never), searched last with C, quad_p and
# quad_add_p fixed. Every GSR record holds an event, so the GSR half of the score can
# only lose by it; the veto must pay for itself on the ConfliBERT statements.
# Switched off (only 1.01 is tried), 2026-11-25: at 0.3 it raised out-of-fold ConfliBERT
# quad macro-F1 0.631 -> 0.636 and stopped guesses on attitude statements, but cost the
# rules' actor spans on the cameo_ner dev half 79.5 -> 78.0 exact source F1 (a sentence
# without a mention has no actor), and how an outside scorer reads a sentence with no
# event as a quad class is unknown. Put 0.3 back in the grid to search it again.
STATEMENT_GRID = (1.01,)
# The quad class of a sentence's main mention taken from the model (classifier step 8;
# 1.01 = never, the type's PLOVER quad stands), searched after the others; quad_p is
# searched once more after it, since step 8 answers part of what re-typing was for.
QUAD_CLASS_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
POLICY_KEYS = ("quad_p", "quad_add_p", "statement_p", "quad_class_p")


def load_records(data: Path, settings) -> list[dict]:
    """{id, text, quad, source, gold_type?, event_text?}, sorted by id."""
    quads = quad.type_quads(str(settings.data_dir))
    recs = []
    for k, (text, label) in enumerate(load_quad(data / "conflibert" / "cameo_class_train.tsv")):
        if split_of(text) == "dev":
            recs.append({"id": f"cameo:{k:05d}", "text": text, "quad": QUAD_LABELS[label],
                         "source": "cameo"})
    for r in load_plover(data / "plover" / "PLOVER_GSR_CAMEO.json"):
        if split_of(r["id"]) == "dev" and r["gold_type"] in quads:
            recs.append({"id": f"gsr:{r['id']}", "text": r["text"], "quad": quads[r["gold_type"]],
                         "gold_type": r["gold_type"], "event_text": r.get("eventText") or "",
                         "source": "gsr"})
    return sorted(recs, key=lambda r: r["id"])


class _Features:
    """Collects the first sentence's (or the whole text's) features while the parse is there."""

    name = "quad_features"
    requires = (SENTENCES, PARSE)
    assigns: tuple[str, ...] = ()

    def __init__(self, whole_text: bool = False) -> None:
        self.seen: dict[str, dict[str, float]] = {}
        self.whole_text = whole_text

    def __call__(self, doc: Document) -> Document:
        if self.whole_text:
            toks = list(doc.parsed) if doc.parsed is not None else []
        else:
            toks = clf.sentence_tokens(doc, 0) if doc.sentences else []
        self.seen[doc.id] = clf.sentence_features(toks)
        return doc


def sentence_features(recs: list[dict], settings, *,
                      whole_text: bool = False) -> list[dict[str, float]]:
    """``classifier.sentence_features`` of each record's first sentence (``whole_text``: of
    all its sentences together, for records that may run to two sentences)."""
    grab = _Features(whole_text)
    pipe = Pipeline(settings, stages=[make_stage("nlp", settings), grab])
    docs = [Document(r["text"], id=r["id"], language="en") for r in recs]
    list(pipe.pipe(docs, errors="record"))
    return [grab.seen.get(r["id"], {}) for r in recs]


def outcome(run: EvalRun, recs: list[dict]) -> tuple[list[str], list[str]]:
    """(predicted quad, predicted type) per record, chosen as tripwire.evaluate chooses."""
    docs = [Document(r["text"], id=r["id"], language="en") for r in recs]
    docs, _ = run.run(docs)
    quads, types = [], []
    for rec, doc in zip(recs, docs):
        aligned = aligned_mentions(doc, rec.get("event_text") or "") if rec["source"] == "gsr" else None
        chosen = run.choose(doc, aligned or None)
        quads.append(chosen.quad_class if chosen and chosen.quad_class else QUAD_LABELS[0])
        types.append(chosen.event_type if chosen else "NONE")
    return quads, types


def with_quad(run: EvalRun, settings, model, quad_p: float, quad_add_p: float = 1.01,
              statement_p: float = 1.01, quad_class_p: float = 1.01) -> None:
    """Swap the classify stage of ``run`` for one that uses ``model`` at these thresholds."""
    for wrapper in run.pipeline.stages:
        if getattr(wrapper, "name", "") == "classify":
            wrapper.stage = clf.EventClassifier(settings, quad_model=model or False, quad_p=quad_p,
                                                quad_add_p=quad_add_p, statement_p=statement_p,
                                                quad_class_p=quad_class_p)


def score(recs, quads, types) -> dict[str, float]:
    cam = [(r["quad"], q) for r, q in zip(recs, quads) if r["source"] == "cameo"]
    gsr = [(r["gold_type"], t) for r, t in zip(recs, types) if r["source"] == "gsr"]
    f1 = score_labels([g for g, _ in cam], [p for _, p in cam], labels=QUAD_LABELS)["macro_f1"]
    acc = sum(g == p for g, p in gsr) / max(1, len(gsr))
    return {"cameo_macro_f1": round(f1, 4), "gsr_accuracy": round(acc, 4),
            "score": round((f1 + acc) / 2, 4)}


def cross_validate(recs, feats, settings) -> dict:
    run = EvalRun(settings=settings)
    with_quad(run, settings, None, 1.01)
    base = score(recs, *outcome(run, recs))
    log.info("without the quad model: %s", base)
    best, table = None, []
    folds = [[i for i, r in enumerate(recs) if fold_of(r["id"]) == k] for k in range(FOLDS)]
    trains = [[i for i, r in enumerate(recs) if fold_of(r["id"]) != k] for k in range(FOLDS)]
    fold_models = {}

    def consider(policy: dict) -> None:
        nonlocal best
        # with every threshold at 1.01 the model is never consulted: the run is the baseline
        off = all(policy[key] > 1.0 for key in POLICY_KEYS)
        row = {**policy, **(base if off else _oof(run, settings, recs, folds,
                                                   fold_models[policy["C"]], policy))}
        table.append(row)
        log.info("%s", row)
        if best is None or row["score"] > best["score"] + 1e-9:
            best = row

    off = {key: 1.01 for key in POLICY_KEYS}
    for c in C_GRID:
        fold_models[c] = [fit([feats[i] for i in idx], [recs[i]["quad"] for i in idx],
                              [1.0] * len(idx), c) for idx in trains]
        for qp in QUAD_P_GRID:
            consider({"C": c, **off, "quad_p": qp})
    # then one threshold at a time, the others fixed at the best so far
    for key, grid in (("quad_add_p", QUAD_ADD_GRID), ("statement_p", STATEMENT_GRID),
                      ("quad_class_p", QUAD_CLASS_GRID), ("quad_p", QUAD_P_GRID)):
        start = {k: best[k] for k in ("C", *POLICY_KEYS)}
        for value in grid:
            if value != start[key]:
                consider({**start, key: value})
    return {"best": best, "without": base, "table": table}


def _oof(run, settings, recs, folds, models, policy: dict) -> dict:
    """Scores of out-of-fold predictions: each fold run with the model fitted without it,
    at the thresholds in ``policy`` (the keys of ``POLICY_KEYS``)."""
    quads, types = [""] * len(recs), [""] * len(recs)
    for k, idx in enumerate(folds):
        with_quad(run, settings, models[k], **{key: policy[key] for key in POLICY_KEYS})
        q, t = outcome(run, [recs[i] for i in idx])
        for j, i in enumerate(idx):
            quads[i], types[i] = q[j], t[j]
    return score(recs, quads, types)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data", type=Path)
    ap.add_argument("--out", default=Path("tripwire/data/models"), type=Path)
    opts = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    settings = span_tagger.without_tagger(load_settings())  # the span model trains after this
    recs = load_records(opts.data, settings)
    feats = sentence_features(recs, settings)
    log.info("records: %d (%s)", len(recs),
             {s: sum(r["source"] == s for r in recs) for s in ("cameo", "gsr")})
    cv = cross_validate(recs, feats, settings)
    best = cv["best"]
    model = fit(feats, [r["quad"] for r in recs], [1.0] * len(recs), best["C"])
    vocab = sorted(model.index, key=model.index.get)
    opts.out.mkdir(parents=True, exist_ok=True)
    meta = {
        "_meta": {"what": "sentence-level CAMEO quad-class model for tripwire.events.quad",
                  "trained_by": "scripts/train_quad.py",
                  "data": "ConfliBERT cameo_class_train.tsv dev half; PLOVER GSR dev half "
                          "(gold type -> quad); see README.md",
                  "n_records": len(recs),
                  "label_counts": {q: sum(r["quad"] == q for r in recs) for q in model.labels}},
        "labels": list(model.labels),
        "policy": {key: best[key] for key in POLICY_KEYS},
        "hyper": {"C": best["C"]},
        "cv": cv,
        "features": vocab,
    }
    write_linear_model(opts.out / f"{quad.MODEL_NAME}.json", opts.out / f"{quad.MODEL_NAME}.npz",
                       meta, model)
    log.info("wrote %s model (%d features) on %s; CV best %s", quad.MODEL_NAME, len(vocab),
             datetime.date.today().isoformat(), best)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
