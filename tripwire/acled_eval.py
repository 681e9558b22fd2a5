"""ACLED sub-event types against an independent gold set of real news sentences.

ACLED users read Tripwire's ``acled`` field (derive.py: PLOVER type + mode + conditions ->
ACLED event type / sub-event type) as they read ACLED's own coding. This module checks it
the way CASE 2021 Task 2 scores snippet classification: **weighted F1 over ACLED
sub-event types** (each type's F1 weighted by its share of the gold).

Gold: ``tests/data/acled/snippets.jsonl`` (see its README and GUIDELINES.md): sentences of
the repo's own annotated real news, each labelled with the ACLED sub-event type it reports
(or null) by an annotator who read ACLED's codebook and never saw Tripwire's mapping. The
``split`` field is the sentence annotations' split: tune on ``dev`` only.

How a sentence is scored:

1. The sentence runs through the evaluation pipeline (``evaluate.EvalRun``) as its own
   document, as a CASE snippet would.
2. Its prediction is the ACLED sub-type of the mention ``EvalRun.choose`` picks among the
   mentions that carry one and are coded as having happened (not negated, hypothetical,
   future, speculative or denied: ACLED codes events that happened); none -> ``none``.
3. ``typed`` scores only sentences whose gold has a sub-type (CASE-like: every snippet is
   an event); a ``none`` prediction there is a miss. ``false_alarms`` counts sentences whose
   gold is null but which got a sub-type.

Run: ``tripwire eval acled --split dev`` or ``python -m tripwire.acled_eval --split dev``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .confidence_eval import NOT_HAPPENED_AUX, NOT_HAPPENED_STATUS
from .settings import Settings, load_settings

SNIPPETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "acled" / "snippets.jsonl"
SPLITS = ("heldout", "dev", "all")
NONE = "none"


def read_snippets(path: str | Path = SNIPPETS) -> list[dict[str, Any]]:
    """The gold records, one per non-empty line."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def happened(mention: Any) -> bool:
    """True when the mention is coded as an event that took place (or is reported so)."""
    # ACLED codes only events that happened: the same test confidence is calibrated against
    return mention.aux_mode not in NOT_HAPPENED_AUX and mention.claim.status not in NOT_HAPPENED_STATUS


def predict(run: Any, doc: Any) -> tuple[str, str]:
    """(event_type, sub_event_type) of the sentence's ACLED event, or (none, none)."""
    pool = [e for e in doc.events if e.acled and happened(e)]
    chosen = run.choose(doc, pool) if pool else None
    if chosen is None:
        return NONE, NONE
    return chosen.acled["event_type"], chosen.acled["sub_event_type"]


def weighted_f1(scores: dict[str, Any]) -> float:
    """Support-weighted mean F1 over the labels present in the gold (sklearn's 'weighted')."""
    per = scores["per_label"]
    total = sum(v["support"] for v in per.values())
    return sum(v["f1"] * v["support"] for v in per.values()) / total if total else 0.0


def evaluate_acled(path: str | Path = SNIPPETS, *, split: str = "heldout",
                   settings: Settings | None = None, pipeline: Any = None) -> dict[str, Any]:
    """Weighted F1 of sub-types and accuracy of event types on the split's gold sentences."""
    from .document import Document
    from .evaluate import EvalRun, score_labels

    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    records = [r for r in read_snippets(path) if split == "all" or r.get("split") == split]
    run = EvalRun(pipeline, settings or load_settings())
    docs = [Document(r["text"], id=r["id"], language="en") for r in records]
    docs, _ = run.run(docs)
    rows = []
    for rec, doc in zip(records, docs):
        etype, sub = predict(run, doc)
        rows.append({"id": rec["id"], "gold_type": rec.get("event_type") or NONE,
                     "gold_sub": rec.get("sub_event_type") or NONE,
                     "pred_type": etype, "pred_sub": sub})
    typed = [r for r in rows if r["gold_sub"] != NONE]
    sub_scores = score_labels([r["gold_sub"] for r in typed], [r["pred_sub"] for r in typed])
    type_scores = score_labels([r["gold_type"] for r in typed], [r["pred_type"] for r in typed])
    nulls = [r for r in rows if r["gold_sub"] == NONE]
    return {
        "split": split, "sentences": len(rows), "typed": len(typed),
        "sub_event_type": {**sub_scores, "weighted_f1": weighted_f1(sub_scores)},
        "event_type": {**type_scores, "weighted_f1": weighted_f1(type_scores)},
        "null_sentences": len(nulls),
        "false_alarms": sum(1 for r in nulls if r["pred_sub"] != NONE),
        "rows": rows,
    }


def format_acled_report(result: dict[str, Any]) -> str:
    """Plain-text summary (the CLI draws a Rich table; tests and logs use this)."""
    sub, typ = result["sub_event_type"], result["event_type"]
    lines = [f"ACLED on {result['split']} ({result['typed']} gold events, "
             f"{result['null_sentences']} null sentences)",
             f"  sub-event type weighted F1 {sub['weighted_f1']:.3f}, accuracy {sub['accuracy']:.3f}",
             f"  event type weighted F1 {typ['weighted_f1']:.3f}, accuracy {typ['accuracy']:.3f}",
             f"  false alarms on null sentences {result['false_alarms']}/{result['null_sentences']}"]
    for label, v in sorted(sub["per_label"].items(), key=lambda kv: -kv[1]["support"]):
        lines.append(f"    {label:40s} P {v['precision']:.2f} R {v['recall']:.2f} "
                     f"F1 {v['f1']:.2f} n {v['support']}")
    return "\n".join(lines)


def run_acled_eval(path: str | Path = SNIPPETS, *, split: str = "heldout",
                   settings: Settings | None = None, console: Any = None) -> dict[str, Any]:
    if not Path(path).exists():
        if console is not None:
            console.print(f"[yellow]{path} not found; ACLED sub-types not evaluated.[/yellow]")
        return {}
    result = evaluate_acled(path, split=split, settings=settings)
    if console is not None:
        _draw(result, console)
    return result


def _draw(result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    sub, typ = result["sub_event_type"], result["event_type"]
    table = Table(title=f"ACLED sub-event types ({result['split']}, {result['typed']} gold events; "
                        f"weighted F1 {sub['weighted_f1']:.3f}, event type {typ['weighted_f1']:.3f})")
    for col in ("sub-event type", "P", "R", "F1", "gold", "predicted"):
        table.add_column(col, justify="left" if col == "sub-event type" else "right")
    for label, v in sorted(sub["per_label"].items(), key=lambda kv: -kv[1]["support"]):
        table.add_row(label, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}",
                      str(v["support"]), str(v["predicted"]))
    console.print(table)
    console.print(f"False alarms on the {result['null_sentences']} sentences ACLED would not code: "
                  f"{result['false_alarms']}")


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a thin runner
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=SPLITS)
    ap.add_argument("--path", default=str(SNIPPETS))
    ap.add_argument("--errors", action="store_true", help="list wrong sentences (dev only)")
    args = ap.parse_args(argv)
    if args.errors and args.split != "dev":
        ap.error("--errors is for the dev split only (never inspect held-out labels)")
    res = evaluate_acled(args.path, split=args.split)
    print(format_acled_report(res))
    if args.errors:
        for r in res["rows"]:
            if r["gold_sub"] != r["pred_sub"]:
                print(f"{r['id']}: gold {r['gold_sub']} | pred {r['pred_sub']}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
