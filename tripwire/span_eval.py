"""Actor and recipient spans against ConfliBERT's ``cameo_ner`` annotations.

The file (``../shared/data/conflibert/cameo_ner_train.txt``) is token-per-line: ``TOKEN TAG``
separated by one space, a blank line between sentences, tags in BIO over three roles:
``S`` source (our actor), ``T`` target (our recipient) and ``R`` reciprocal (both sides of a
symmetric act such as a meeting). Tokens are pre-split ("Rouhani 's", "Nov .").

How a sentence is scored:

1. Its text is rebuilt from the tokens with a light detokeniser (no space before
   punctuation or "'s", hyphens re-joined inside words) so the parser sees ordinary prose;
   every token keeps its character offsets, so gold entities become character spans.
2. Sentences go to ``dev`` or ``heldout`` by ``evaluate.split_of`` of the tokens joined
   with single spaces (independent of the detokeniser). Tune on dev only.
3. Sentences with any ``R`` entity are left out (counted as ``reciprocal_skipped``): our
   schema codes a meeting with an actor and a recipient, and the gold does not say which.
4. The pipeline (the same stages as ``evaluate.EvalRun``, plus the span tagger stage
   ``events.span_tagger`` right after the event typing unless ``tagger=False`` or the
   settings already run it) runs over each sentence as its own document. Two mentions are scored: the **gold-free** one (``EvalRun.choose``: highest
   confidence, then main clause, then earliest; what an extract user gets) and the
   **best-match** one (the mention whose actor/recipient spans overlap the gold source/target
   spans in the most characters; ties to the gold-free order). No mention predicts nothing.
5. Entities are compared like seqeval: a predicted (role, start, end) is a true positive when
   a gold entity has the same role and exactly the same character span. ``source``,
   ``target`` and ``both`` (micro over the two roles) get precision, recall and F1.
   ``lenient``: a prediction is right when it overlaps a gold entity of its role, and a gold
   entity is found when a prediction of its role overlaps it (P and R counted separately).

Run: ``python -m tripwire.span_eval --split dev [--errors]``.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from .document import Document, EventMention
from .evaluate import EvalRun, split_of
from .settings import Settings, load_settings

log = logging.getLogger(__name__)

SPLITS = ("heldout", "dev", "all")
ROLES = ("S", "T")
ROLE_NAMES = {"S": "source", "T": "target"}
DATA_FILE = Path("conflibert") / "cameo_ner_train.txt"
# Tokens written against the word before them ("Syria ,", "Rouhani 's", "Nov .").
NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "%", "'s", "’s", "'", "’", "n't",
                   "'re", "'ve", "'ll", "'d", "'m"}
NO_SPACE_AFTER = {"(", "[", "$", "“"}
_WORDISH = re.compile(r"\w", re.UNICODE)


# -- reading ----------------------------------------------------------------------------------

def read_conll(path: str | Path) -> list[list[tuple[str, str]]]:
    """Sentences as lists of (token, tag); a blank line ends a sentence."""
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        word, _, tag = line.rstrip().rpartition(" ")
        cur.append((word, tag))
    if cur:
        sents.append(cur)
    return sents


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Prose text for pre-split tokens and each token's half-open character span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for i, tok in enumerate(tokens):
        if i:
            prev = tokens[i - 1]
            glue = (tok in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER
                    # "Baghdad ’ s" and "1, 500" were split apart by the annotators' tokenizer
                    or (tok == "s" and prev in ("'", "’"))
                    or (prev == "," and tok.isdigit() and len(tok) == 3 and i >= 2
                        and tokens[i - 2][-1:].isdigit())
                    or (prev == "-" and i >= 2 and _WORDISH.match(tokens[i - 2][-1:] or " ")
                        and _WORDISH.match(tok[:1]))
                    or (tok == "-" and i + 1 < len(tokens) and _WORDISH.match(prev[-1:])
                        and _WORDISH.match(tokens[i + 1][:1])))
            if tok == "," and i + 1 < len(tokens) and prev[-1:].isdigit() \
                    and tokens[i + 1].isdigit() and len(tokens[i + 1]) == 3:
                glue = True
            if not glue:
                parts.append(" ")
                at += 1
        spans.append((at, at + len(tok)))
        parts.append(tok)
        at += len(tok)
    return "".join(parts), spans


def bio_entities(tags: list[str]) -> list[tuple[str, int, int]]:
    """(role, first token, last token + 1) per entity; an I- without its B- starts one (seqeval)."""
    out: list[tuple[str, int, int]] = []
    role, start = None, 0
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if role is not None and not (prefix == "I" and kind == role):
            out.append((role, start, i))
            role = None
        if prefix == "B" or (prefix == "I" and role is None):
            role, start = kind, i
    return out


def load_spans(path: str | Path) -> list[dict[str, Any]]:
    """One record per sentence: ``key`` (split key), ``text``, ``split``, ``gold`` (role,
    char start, char end) and ``reciprocal`` (has an ``R`` entity)."""
    out = []
    for n, sent in enumerate(read_conll(path)):
        tokens = [w for w, _ in sent]
        tags = [t for _, t in sent]
        key = " ".join(tokens)
        text, spans = detokenize(tokens)
        ents = bio_entities(tags)
        gold = [(r, spans[a][0], spans[b - 1][1]) for r, a, b in ents if r in ROLES]
        out.append({"n": n, "key": key, "text": text, "split": split_of(key), "gold": gold,
                    "reciprocal": any(r == "R" for r, _, _ in ents)})
    return out


# -- scoring ----------------------------------------------------------------------------------

def mention_spans(mention: EventMention | None) -> list[tuple[str, int, int]]:
    """(role, start, end) of a mention's actors (S) and recipients (T)."""
    if mention is None:
        return []
    return ([("S", a.start, a.end) for a in mention.actors]
            + [("T", a.start, a.end) for a in mention.recipients])


def _overlap(a: tuple[str, int, int], b: tuple[str, int, int]) -> int:
    return max(0, min(a[2], b[2]) - max(a[1], b[1])) if a[0] == b[0] else 0


def best_match(run: EvalRun, doc: Document, gold: list[tuple[str, int, int]]) -> EventMention | None:
    """The mention whose spans overlap the gold spans of their role in the most characters."""
    if not doc.events:
        return None
    order = sorted(doc.events, key=lambda e: (-round(e.confidence, 6),
                                              run.depth.depth.get((doc.id, e.trigger.start), 99),
                                              e.trigger.start))
    return max(order, key=lambda e: sum(_overlap(p, g) for p in mention_spans(e) for g in gold))


class _Counts:
    def __init__(self) -> None:
        self.c = {r: {"tp": 0, "pred": 0, "gold": 0, "lp": 0, "lr": 0} for r in ROLES}

    def add(self, gold: list[tuple[str, int, int]], pred: list[tuple[str, int, int]]) -> None:
        gset = set(gold)
        for r in ROLES:
            g = [x for x in gold if x[0] == r]
            p = list(dict.fromkeys(x for x in pred if x[0] == r))
            c = self.c[r]
            c["gold"] += len(g)
            c["pred"] += len(p)
            c["tp"] += sum(1 for x in p if x in gset)
            c["lp"] += sum(1 for x in p if any(_overlap(x, y) for y in g))
            c["lr"] += sum(1 for y in g if any(_overlap(x, y) for x in p))

    def result(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        both = {k: sum(self.c[r][k] for r in ROLES) for k in ("tp", "pred", "gold", "lp", "lr")}
        for name, c in [*((ROLE_NAMES[r], self.c[r]) for r in ROLES), ("both", both)]:
            out[name] = {"exact": _prf(c["tp"], c["pred"], c["tp"], c["gold"]),
                         "lenient": _prf(c["lp"], c["pred"], c["lr"], c["gold"]),
                         "gold": c["gold"], "predicted": c["pred"]}
        return out


def _prf(hit_p: int, n_pred: int, hit_r: int, n_gold: int) -> dict[str, float]:
    p = hit_p / n_pred if n_pred else 0.0
    r = hit_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}


def with_tagger(run: EvalRun, settings: Settings) -> EvalRun:
    """``run`` with the span tagger stage after the trigger-depth stage (which follows the
    last stage that types events), unless a stage of that name already runs."""
    from .events.span_tagger import SpanTagger

    stages = run.pipeline.stages
    if not any(s.name == SpanTagger.name for s in stages) and run.depth in stages:
        stages.insert(stages.index(run.depth) + 1, SpanTagger(settings))
    return run


def evaluate_spans(path: str | Path, *, split: str = "heldout", pipeline: Any = None,
                   settings: Settings | None = None, tagger: bool = True) -> dict[str, Any]:
    """Score actor/recipient spans on ``split`` of the cameo_ner file (module docstring).

    Returns ``{"dataset", "path", "split", "sentences", "reciprocal_skipped", "coverage",
    "gold_free": {source, target, both}, "best_match": {...}, "timing", "errors"}``; each role
    block holds ``exact`` and ``lenient`` P/R/F1 (percent). ``errors`` lists the sentences
    whose gold-free spans are not all exact (for dev inspection only).
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    settings = settings or load_settings()
    if not tagger:
        from .events.span_tagger import without_tagger

        settings = without_tagger(settings)
    every = [r for r in load_spans(path) if split == "all" or r["split"] == split]
    records = [r for r in every if not r["reciprocal"]]
    run = EvalRun(pipeline, settings)
    if tagger and pipeline is None:
        run = with_tagger(run, settings)
    docs = [Document(r["text"], id=f"cameo_ner-{r['n']}", language="en") for r in records]
    docs, seconds = run.run(docs)
    free, best = _Counts(), _Counts()
    errors = []
    for rec, doc in zip(records, docs):
        top = run.choose(doc)
        matched = best_match(run, doc, rec["gold"])
        pred_top, pred_best = mention_spans(top), mention_spans(matched)
        free.add(rec["gold"], pred_top)
        best.add(rec["gold"], pred_best)
        if set(pred_top) != set(rec["gold"]):
            text = rec["text"]
            show = lambda spans: [f"{r}:{text[s:e]}" for r, s, e in spans]  # noqa: E731
            errors.append({"n": rec["n"], "text": text, "gold": show(rec["gold"]),
                           "pred": show(pred_top), "best": show(pred_best),
                           "trigger": top.trigger.text if top else None,
                           "pattern": top.pattern_id if top else None})
    n = len(records)
    return {"dataset": "conflibert cameo_ner", "path": str(path), "split": split,
            "sentences": n, "reciprocal_skipped": len(every) - n,
            "coverage": round(sum(1 for d in docs if d.events) / n, 4) if n else 0.0,
            "gold_free": free.result(), "best_match": best.result(),
            "timing": run.timing(n, seconds), "errors": errors}


def format_span_report(result: dict[str, Any]) -> str:
    """Plain text: one line per choice and role with exact and lenient P/R/F1."""
    lines = [f"{result['dataset']}  split={result['split']}  sentences={result['sentences']} "
             f"(reciprocal left out: {result['reciprocal_skipped']})  coverage {result['coverage']:.3f}"]
    for choice in ("gold_free", "best_match"):
        for role in ("source", "target", "both"):
            s = result[choice][role]
            e, le = s["exact"], s["lenient"]
            lines.append(f"  {choice:<10} {role:<6} exact P {e['precision']:5.1f} R {e['recall']:5.1f} "
                         f"F1 {e['f1']:5.1f}  lenient P {le['precision']:5.1f} R {le['recall']:5.1f} "
                         f"F1 {le['f1']:5.1f}  (gold {s['gold']}, pred {s['predicted']})")
    return "\n".join(lines)


def run_span_eval(data_dir: str | Path, *, split: str = "heldout", settings: Settings | None = None,
                  console: Any = None, pipeline: Any = None) -> dict[str, Any]:
    """Evaluate ``data_dir/conflibert/cameo_ner_train.txt`` and draw a Rich table on ``console``."""
    path = Path(data_dir) / DATA_FILE
    if not path.exists():
        if console is not None:
            console.print(f"[yellow]{path} not found; spans not evaluated.[/yellow]")
        return {}
    result = evaluate_spans(path, split=split, pipeline=pipeline, settings=settings)
    if console is not None:
        _draw(result, console)
    return result


def _draw(result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    table = Table(title=f"Actor/recipient spans: ConfliBERT cameo_ner ({result['split']}, "
                        f"{result['sentences']} sentences, coverage {result['coverage']:.3f})")
    for col in ("mention", "role", "exact P", "exact R", "exact F1", "lenient P", "lenient R",
                "lenient F1", "gold", "pred"):
        table.add_column(col, justify="left" if col in ("mention", "role") else "right")
    for choice in ("gold_free", "best_match"):
        for role in ("source", "target", "both"):
            s = result[choice][role]
            e, le = s["exact"], s["lenient"]
            table.add_row(choice.replace("_", "-"), role, f"{e['precision']:.1f}",
                          f"{e['recall']:.1f}", f"{e['f1']:.1f}", f"{le['precision']:.1f}",
                          f"{le['recall']:.1f}", f"{le['f1']:.1f}", str(s["gold"]),
                          str(s["predicted"]))
    console.print(table)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a thin runner
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=SPLITS)
    ap.add_argument("--path", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"
                                          / DATA_FILE))
    ap.add_argument("--errors", action="store_true", help="print the dev errors as JSON lines")
    ap.add_argument("--rules-only", action="store_true", help="leave the span tagger out")
    args = ap.parse_args(argv)
    if args.errors and args.split != "dev":
        ap.error("--errors is for the dev split only (never inspect held-out labels)")
    res = evaluate_spans(args.path, split=args.split, tagger=not args.rules_only)
    print(format_span_report(res))
    if args.errors:
        for err in res["errors"]:
            print(json.dumps(err, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
