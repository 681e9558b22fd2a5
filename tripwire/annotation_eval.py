"""Event detection on the repo's own sentence annotations (tests/data/annotations/*.jsonl).

Why this exists: the GSR and ConfliBERT evaluations score one chosen mention per
sentence, so they cannot say how many of the events a real news sentence reports the
coder finds, nor how many it invents. Here every gold event of every annotated sentence
counts (GUIDELINES.md next to the files), and so does every predicted mention.

Documents are built exactly as the claims evaluation builds them
(``claims_eval.build_docs``: the sentences of one article joined in order), and gold
events are aligned to predicted mentions by ``claims_eval.align_gold`` (trigger overlap,
then same type within the sentence). Then, over the records of the chosen split:

- **detection**: TP = gold events aligned to a mention; FN = gold events aligned to none;
  FP = predicted mentions (trigger inside the sentence) aligned to no gold event.
  Precision, recall and F1 follow.
- **type accuracy**: share of aligned gold events whose mention has the gold type.
- **typed**: P/R/F1 where a TP must also have the right type (a wrong-typed alignment is
  then one FP and one FN).
- **per type** (by the gold type, and FPs by the predicted type), **per file** and overall.

``errors`` lists misses, false positives and type confusions for inspection; it is filled
for the dev split only (held-out labels are never to be read, so a held-out or ``all`` run
returns it empty, and the command line refuses ``--errors`` there, as claims_eval does).

Run: ``python -m tripwire.annotation_eval --split dev [--no-models] [--errors]``.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from .claims_eval import SPLITS, align_gold, build_docs, prf, read_annotations
from .document import Document, EventMention
from .settings import Settings, load_settings

log = logging.getLogger(__name__)

ANNOTATIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "annotations"
# Stages that change neither which mentions exist nor their type: left out to save time
# (places and dates are not scored here).
SKIPPED_STAGES = ("geo", "dates")
# The learned stage (typer + quad model); dropped by ``models=False`` to score the rules alone.
MODEL_STAGE = "classify"


class _Tally:
    """Counts for one part (a file, or overall)."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.type_ok = 0
        self.by_type: dict[str, dict[str, int]] = defaultdict(
            lambda: {"gold": 0, "aligned": 0, "type_ok": 0, "fp": 0})
        self.confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add_gold(self, gold_type: str, pred: EventMention | None) -> None:
        row = self.by_type[gold_type]
        row["gold"] += 1
        if pred is None:
            self.fn += 1
            return
        self.tp += 1
        row["aligned"] += 1
        ok = pred.event_type == gold_type
        self.type_ok += ok
        row["type_ok"] += ok
        self.confusion[gold_type][pred.event_type] += 1

    def add_fp(self, pred: EventMention) -> None:
        self.fp += 1
        self.by_type[pred.event_type]["fp"] += 1

    def result(self) -> dict[str, Any]:
        wrong = self.tp - self.type_ok
        per_type = {}
        for label, row in sorted(self.by_type.items()):
            per_type[label] = {
                **row,
                "recall": round(row["aligned"] / row["gold"], 4) if row["gold"] else None,
                "type_accuracy": round(row["type_ok"] / row["aligned"], 4) if row["aligned"] else None,
            }
        return {
            "detection": prf(self.tp, self.fp, self.fn),
            "type_accuracy": round(self.type_ok / self.tp, 4) if self.tp else 0.0,
            "typed": prf(self.type_ok, self.fp + wrong, self.fn + wrong),
            "per_type": per_type,
            "confusion": {k: dict(v) for k, v in sorted(self.confusion.items())},
        }


def make_eval_pipeline(settings: Settings, *, models: bool = True) -> Any:
    """The pipeline the evaluation runs: the configured stages less places and dates, and
    less the learned stage when ``models`` is False."""
    from .pipeline import Pipeline

    drop = set(SKIPPED_STAGES) | (set() if models else {MODEL_STAGE})
    return Pipeline(settings.with_(stages=tuple(s for s in settings.stages if s not in drop)))


def evaluate_events(folder: str | Path = ANNOTATIONS, *, split: str = "heldout",
                    settings: Settings | None = None, pipeline: Any = None,
                    models: bool = True) -> dict[str, Any]:
    """Score event detection and typing on the annotations in ``folder``.

    ``split`` picks the records (``heldout`` was never tuned on; the sentences of the other
    split are still joined into the documents as context, labels unread). Returns
    ``{"split", "models", "sentences", "overall": {...}, "by_file": {name: {...}},
    "errors": [...]}``; each score block is described in the module docstring.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    settings = settings or load_settings()
    records = read_annotations(folder)
    keep = [split == "all" or r.get("split") == split for r in records]
    pipe = pipeline if pipeline is not None else make_eval_pipeline(settings, models=models)
    docs, where = build_docs(records, "article", settings)
    docs = list(pipe.pipe(docs, errors="record"))
    overall: _Tally = _Tally()
    by_file: dict[str, _Tally] = defaultdict(_Tally)
    errors: list[dict[str, Any]] = []
    note = errors.append if split == "dev" else (lambda _err: None)
    for rec, ok, (di, s, e) in zip(records, keep, where):
        if not ok:
            continue
        gold = rec.get("events") or []
        doc: Document | None = docs[di] if di >= 0 else None
        preds = [p for p in doc.events if s <= p.trigger.start < e] if doc is not None else []
        aligned = align_gold(gold, preds, rec["text"], s) if preds else [None] * len(gold)
        for g, p in zip(gold, aligned):
            for tally in (overall, by_file[rec["file"]]):
                tally.add_gold(g.get("type"), p)
            if p is None:
                note({"kind": "miss", "id": rec["id"], "gold_type": g.get("type"),
                               "trigger": g.get("trigger"), "text": rec["text"]})
            elif p.event_type != g.get("type"):
                note({"kind": "type", "id": rec["id"], "gold_type": g.get("type"),
                               "trigger": g.get("trigger"), "pred_type": p.event_type,
                               "pred_trigger": p.trigger.text, "pattern": p.pattern_id,
                               "text": rec["text"]})
        used = {id(p) for p in aligned if p is not None}
        for p in preds:
            if id(p) in used:
                continue
            for tally in (overall, by_file[rec["file"]]):
                tally.add_fp(p)
            note({"kind": "fp", "id": rec["id"], "pred_type": p.event_type,
                           "pred_trigger": p.trigger.text, "pattern": p.pattern_id,
                           "text": rec["text"]})
    return {"split": split, "models": models, "sentences": sum(keep),
            "overall": overall.result(),
            "by_file": {k: v.result() for k, v in sorted(by_file.items())},
            "errors": errors}


def format_events_report(result: dict[str, Any], *, per_type: bool = True) -> str:
    """Plain text: one line per file and overall, then the overall per-type table."""
    lines = [f"events on annotations ({result['split']}, models={'on' if result['models'] else 'off'}, "
             f"{result['sentences']} sentences)"]
    for name, r in list(result["by_file"].items()) + [("overall", result["overall"])]:
        d, t = r["detection"], r["typed"]
        lines.append(f"  {name:<14} detect P {d['precision']:.3f} R {d['recall']:.3f} "
                     f"F1 {d['f1']:.3f} (tp {d['tp']} fp {d['fp']} fn {d['fn']})  "
                     f"type acc {r['type_accuracy']:.3f}  typed F1 {t['f1']:.3f}")
    if per_type:
        lines.append(f"  {'type':<10} {'gold':>5} {'found':>5} {'recall':>7} {'type ok':>8} {'fp':>4}")
        for label, row in result["overall"]["per_type"].items():
            rec = "-" if row["recall"] is None else f"{row['recall']:.3f}"
            lines.append(f"  {label:<10} {row['gold']:>5} {row['aligned']:>5} {rec:>7} "
                         f"{row['type_ok']:>8} {row['fp']:>4}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a thin runner
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=SPLITS)
    ap.add_argument("--folder", default=str(ANNOTATIONS))
    ap.add_argument("--no-models", action="store_true", help="score the rules alone (no classify stage)")
    ap.add_argument("--json", action="store_true", help="print the result (without errors) as JSON")
    ap.add_argument("--errors", action="store_true", help="print the dev errors as JSON lines")
    args = ap.parse_args(argv)
    if args.errors and args.split != "dev":
        ap.error("--errors is for the dev split only (never inspect held-out labels)")
    res = evaluate_events(args.folder, split=args.split, models=not args.no_models)
    if args.json:
        print(json.dumps({k: v for k, v in res.items() if k != "errors"}, indent=1))
    else:
        print(format_events_report(res))
    if args.errors:
        for err in res["errors"]:
            print(json.dumps(err, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
