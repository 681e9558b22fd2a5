"""Claims evaluation on the repo's own sentence annotations (tests/data/annotations/*.jsonl).

Each record is one sentence of a real article with its gold events (GUIDELINES.md next to
the files): trigger, claimant (a verbatim string or null), status and aux_mode. The
pipeline runs on the text, each gold event is aligned to a predicted mention, and the claim
fields of aligned pairs are scored.

Context. By default (``context="article"``) the sentences of one article (records whose ids
share the part before ``-sNN``) are joined with single spaces into one Document, in order,
so that a quotation opened in one sentence and the speaker named in an earlier one are
visible to the claims stage, as they are through ``tripwire extract``. The sentences of
both splits are joined (text only; labels of the other split are never read), and the gap
between sentences is one space even where the article had a paragraph break.
``context="sentence"`` runs one Document per sentence instead: the previous-sentence
context is then lost (a quote that spans sentences has no speaker, "It stated that ..."
cannot be linked), so claimant recall on such sentences is lower.

Alignment (per gold event, within its own sentence's character range):

1. a predicted mention whose trigger overlaps an occurrence of the gold trigger string in
   the sentence, not already aligned;
2. else an unaligned predicted mention of the same PLOVER type in the sentence;
3. else none: the gold event is unaligned (it counts against ``coverage`` only).

Scores over aligned pairs:

- **claimant**: a gold claimant matches when the predicted claimant span overlaps an
  occurrence of the gold claimant string in the sentence. TP: gold and predicted non-null
  and matching. FP: predicted non-null and (gold null, or not matching). FN: gold non-null
  and (predicted null, or not matching). So a wrong claimant counts once as FP and once as
  FN; gold null with predicted null is a true negative (counted as ``tn``, outside F1).
- **status**: accuracy of the six-way status.
- **aux_mode**: per-label precision/recall/F1 over the four modes (historical, future,
  hypothetical, negated); null is *not* a label, so predicting "future" for a gold null is an
  FP for future, and missing a gold "negated" is an FN for negated. ``macro_f1`` averages the
  four labels that have gold or predicted support; ``accuracy`` (null included) is also given.
- **coverage**: aligned gold events / all gold events.

Folds. ``by_fold`` repeats the scores per article-grouped fold (``fold_of``: sha1 of the
article id, the record id before ``-sNN``, modulo ``FOLDS``), so a learned or tuned choice
can be scored out of fold: fit on four folds' records, score the fifth, and pool.

Run: ``tripwire eval claims --split dev`` or ``python -m tripwire.claims_eval --split dev``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from .document import Document, EventMention
from .settings import Settings, load_settings

log = logging.getLogger(__name__)

SPLITS = ("heldout", "dev", "all")
CONTEXTS = ("article", "sentence")
STATUSES = ("asserted", "reported", "claimed", "assessed", "speculative", "denied")
AUX_MODES = ("historical", "future", "hypothetical", "negated")
_SENT_SUFFIX = re.compile(r"-s(\d+)$")
# Article-grouped folds for out-of-fold scoring (issue #3): five keeps each fold at about
# 80 dev events, enough for a claimant count per fold; all sentences of one article share
# a fold so that no article is seen on both sides.
FOLDS = 5


def fold_of(record_id: str, folds: int = FOLDS) -> int:
    """The fold of a record: sha1 of its article id (the id before ``-sNN``) mod ``folds``."""
    article = _SENT_SUFFIX.sub("", record_id)
    return int(hashlib.sha1(article.encode("utf-8")).hexdigest(), 16) % folds


def read_annotations(folder: str | Path) -> list[dict[str, Any]]:
    """Every record of every ``*.jsonl`` file in ``folder``, with ``file`` added."""
    out: list[dict[str, Any]] = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                rec["file"] = path.stem
                out.append(rec)
    return out


def _occurrences(text: str, needle: str | None) -> list[tuple[int, int]]:
    if not needle:
        return []
    out, i = [], text.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    if not out:  # annotators copy verbatim, but be lenient on case
        low, nl = text.lower(), needle.lower()
        i = low.find(nl)
        while i >= 0:
            out.append((i, i + len(nl)))
            i = low.find(nl, i + 1)
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _article_key(rec: dict[str, Any]) -> str:
    return rec["file"] + ":" + _SENT_SUFFIX.sub("", rec["id"])


def _sent_no(rec: dict[str, Any]) -> int:
    m = _SENT_SUFFIX.search(rec["id"])
    return int(m.group(1)) if m else 0


def build_docs(records: list[dict[str, Any]], context: str, settings: Settings
                ) -> tuple[list[Document], list[tuple[int, int, int]]]:
    """Documents to run, and per record (doc index, sentence start, sentence end)."""
    from .errors import TripwireError
    from .ingest import make_document

    groups: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        key = _article_key(rec) if context == "article" else f"{rec['file']}:{rec['id']}"
        groups[key].append(i)
    docs: list[Document] = []
    where: list[tuple[int, int, int]] = [(-1, 0, 0)] * len(records)
    for key, idxs in groups.items():
        idxs.sort(key=lambda i: _sent_no(records[i]))
        parts, offsets, at = [], [], 0
        for i in idxs:
            t = records[i]["text"]
            offsets.append((i, at, at + len(t)))
            parts.append(t)
            at += len(t) + 1
        try:
            doc = make_document(" ".join(parts), id=key, published=records[idxs[0]].get("published"),
                                item=key, settings=settings)
        except TripwireError as exc:  # an unusable text: its gold events stay unaligned
            log.warning("claims eval: %s not coded: %s", key, exc)
            continue
        for i, s, e in offsets:
            where[i] = (len(docs), s, e)
        docs.append(doc)
    return docs, where


def align_gold(gold: list[dict[str, Any]], preds: list[EventMention], text: str, base: int
           ) -> list[EventMention | None]:
    """Steps 1-3 of the module docstring; ``text`` is the sentence, ``base`` its offset."""
    used: set[int] = set()
    out: list[EventMention | None] = [None] * len(gold)
    for gi, g in enumerate(gold):  # 1. trigger overlap
        occ = [(s + base, e + base) for s, e in _occurrences(text, g.get("trigger"))]
        for pi, p in enumerate(preds):
            if pi not in used and any(_overlaps((p.trigger.start, p.trigger.end), o) for o in occ):
                out[gi] = p
                used.add(pi)
                break
    for gi, g in enumerate(gold):  # 2. same type
        if out[gi] is not None:
            continue
        for pi, p in enumerate(preds):
            if pi not in used and p.event_type == g.get("type"):
                out[gi] = p
                used.add(pi)
                break
    return out


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 from counts (rounded to 4 places), with the counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "fp": fp, "fn": fn}


class _Tally:
    def __init__(self) -> None:
        self.gold_events = 0
        self.aligned = 0
        self.c = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
        self.status_ok = 0
        self.status_confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.aux = {m: {"tp": 0, "fp": 0, "fn": 0} for m in AUX_MODES}
        self.aux_ok = 0
        self.errors: list[dict[str, Any]] = []

    def add(self, rec: dict[str, Any], g: dict[str, Any], p: EventMention | None,
            doc: Document, base: int) -> None:
        self.gold_events += 1
        if p is None:
            return
        self.aligned += 1
        text = rec["text"]
        gc = g.get("claimant")
        pc = p.claim.claimant
        match = False
        if gc and pc is not None:
            match = any(_overlaps((pc.start, pc.end), (s + base, e + base))
                        for s, e in _occurrences(text, gc))
        if gc and pc is not None and match:
            self.c["tp"] += 1
        else:
            if pc is not None:
                self.c["fp"] += 1
            if gc:
                self.c["fn"] += 1
            if not gc and pc is None:
                self.c["tn"] += 1
        gs, ps = g.get("status"), p.claim.status
        self.status_ok += gs == ps
        self.status_confusion[gs][ps] += 1
        ga, pa = g.get("aux_mode"), p.aux_mode
        self.aux_ok += ga == pa
        if ga == pa and ga is not None:
            self.aux[ga]["tp"] += 1
        else:
            if pa in self.aux:
                self.aux[pa]["fp"] += 1
            if ga in self.aux:
                self.aux[ga]["fn"] += 1
        claim_ok = (not gc and pc is None) or match
        if not claim_ok or gs != ps or ga != pa:
            self.errors.append({
                "id": rec["id"], "trigger": g.get("trigger"), "pred_trigger": p.trigger.text,
                "gold_claimant": gc, "pred_claimant": pc.text if pc else None,
                "gold_status": gs, "pred_status": ps, "gold_aux": ga, "pred_aux": pa,
                "reason": p.claim.reason})

    def result(self) -> dict[str, Any]:
        per = {m: prf(**v) for m, v in self.aux.items()}
        live = [m for m, v in self.aux.items() if v["tp"] + v["fp"] + v["fn"]]
        n = self.aligned
        return {
            "gold_events": self.gold_events, "aligned": n,
            "coverage": round(n / self.gold_events, 4) if self.gold_events else 0.0,
            "claimant": {**prf(self.c["tp"], self.c["fp"], self.c["fn"]), "tn": self.c["tn"]},
            "status": {"accuracy": round(self.status_ok / n, 4) if n else 0.0, "n": n,
                       "confusion": {k: dict(v) for k, v in self.status_confusion.items()}},
            "aux_mode": {"per_label": per,
                         "macro_f1": round(sum(per[m]["f1"] for m in live) / len(live), 4) if live else 0.0,
                         "accuracy": round(self.aux_ok / n, 4) if n else 0.0},
            "errors": self.errors,
        }


def evaluate_claims(folder: str | Path, *, split: str = "heldout", pipeline: Any = None,
                    settings: Settings | None = None, context: str = "article") -> dict[str, Any]:
    """Score claimant, status and aux_mode on the annotations in ``folder``.

    ``split`` picks the records (``heldout`` was never tuned on); ``pipeline`` is a built
    ``Pipeline`` to reuse (one is built from ``settings`` otherwise). Returns
    ``{"split", "context", "sentences", "overall": {...}, "by_file": {name: {...}}}``; each
    score block is described in the module docstring and also holds ``errors`` (aligned
    pairs with any field wrong) for inspection.
    """
    from .pipeline import Pipeline

    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {CONTEXTS}, not {context!r}")
    settings = settings or load_settings()
    records = read_annotations(folder)
    if context == "sentence":  # no other sentence is needed: keep only the split's
        records = [r for r in records if split == "all" or r.get("split") == split]
    keep = [split == "all" or r.get("split") == split for r in records]
    pipe = pipeline if pipeline is not None else Pipeline(settings)
    pipe = getattr(pipe, "pipeline", pipe)  # an evaluate.EvalRun wraps one
    docs, where = build_docs(records, context, settings)
    docs = list(pipe.pipe(docs, errors="record"))
    overall, by_file, by_fold = _Tally(), defaultdict(_Tally), defaultdict(_Tally)
    for rec, ok, (di, s, e) in zip(records, keep, where):
        if not ok:
            continue
        gold = rec.get("events") or []
        tallies = (overall, by_file[rec["file"]], by_fold[fold_of(rec["id"])])
        if di < 0:
            for g in gold:
                for t in tallies:
                    t.add(rec, g, None, None, 0)  # type: ignore[arg-type]
            continue
        doc = docs[di]
        preds = [p for p in doc.events if s <= p.trigger.start < e]
        for g, p in zip(gold, align_gold(gold, preds, rec["text"], s)):
            for t in tallies:
                t.add(rec, g, p, doc, s)
    return {"split": split, "context": context, "sentences": sum(keep),
            "overall": overall.result(),
            "by_file": {k: v.result() for k, v in sorted(by_file.items())},
            "by_fold": {k: v.result() for k, v in sorted(by_fold.items())}}


def format_claims_report(result: dict[str, Any], *, folds: bool = False) -> str:
    """A plain-text summary: one line per file (or per fold) plus the overall line."""
    lines = [f"claims on annotations ({result['split']}, context={result['context']}, "
             f"{result['sentences']} sentences)"]
    parts = [(f"fold {k}", v) for k, v in result["by_fold"].items()] if folds \
        else list(result["by_file"].items())
    rows = parts + [("overall", result["overall"])]
    for name, r in rows:
        c = r["claimant"]
        lines.append(
            f"  {name:<14} coverage {r['coverage']:.3f} ({r['aligned']}/{r['gold_events']})  "
            f"claimant P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f}  "
            f"status acc {r['status']['accuracy']:.3f}  aux macro-F1 {r['aux_mode']['macro_f1']:.3f} "
            f"(acc {r['aux_mode']['accuracy']:.3f})")
    return "\n".join(lines)


def run_claims_eval(folder: str | Path, *, split: str = "heldout", settings: Settings | None = None,
                    console: Any = None, pipeline: Any = None) -> dict[str, Any]:
    """Evaluate and, when ``console`` is given, draw Rich tables (used by ``tripwire eval``)."""
    folder = Path(folder)
    if not any(folder.glob("*.jsonl")):
        if console is not None:
            console.print(f"[yellow]{folder}: no annotations found; claims not evaluated.[/yellow]")
        return {}
    result = evaluate_claims(folder, split=split, pipeline=pipeline, settings=settings)
    if console is not None:
        _draw(result, console)
    return result


def _draw(result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    table = Table(title=f"Claims: annotations ({result['split']}, {result['sentences']} sentences)")
    for col in ("part", "gold", "aligned", "coverage", "claimant P", "claimant R", "claimant F1",
                "status acc", "aux macro-F1", "aux acc"):
        table.add_column(col, justify="left" if col == "part" else "right")
    for name, r in list(result["by_file"].items()) + [("overall", result["overall"])]:
        c = r["claimant"]
        table.add_row(name, str(r["gold_events"]), str(r["aligned"]), f"{r['coverage']:.3f}",
                      f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}",
                      f"{r['status']['accuracy']:.3f}", f"{r['aux_mode']['macro_f1']:.3f}",
                      f"{r['aux_mode']['accuracy']:.3f}")
    console.print(table)
    aux = Table(title="Aux mode per label (overall; null is not a label)")
    for col in ("mode", "P", "R", "F1", "tp", "fp", "fn"):
        aux.add_column(col, justify="left" if col == "mode" else "right")
    for m, s in result["overall"]["aux_mode"]["per_label"].items():
        aux.add_row(m, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                    str(s["tp"]), str(s["fp"]), str(s["fn"]))
    console.print(aux)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a thin runner
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=SPLITS)
    ap.add_argument("--context", default="article", choices=CONTEXTS)
    ap.add_argument("--folder", default=str(Path(__file__).resolve().parents[1] / "tests" / "data" / "annotations"))
    ap.add_argument("--errors", action="store_true", help="print the dev errors as JSON lines")
    ap.add_argument("--folds", action="store_true",
                    help="one line per article-grouped fold (fold_of) instead of per file")
    args = ap.parse_args(argv)
    if args.errors and args.split != "dev":
        ap.error("--errors is for the dev split only (never inspect held-out labels)")
    res = evaluate_claims(args.folder, split=args.split, context=args.context)
    print(format_claims_report(res, folds=args.folds))
    if args.errors:
        for err in res["overall"]["errors"]:
            print(json.dumps(err, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
