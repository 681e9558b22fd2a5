"""The project's own evaluation: the event coder against public gold data in ``../shared/data``.

Three checks, each a plain function returning a plain dict (the CLI draws tables from it):

- ``evaluate_plover``: PLOVER gold-standard records (one sentence, one coded event each).
- ``evaluate_quad``: ConfliBERT's CAMEO quad-class sentences (0 statement ... 4 material conflict).
- ``evaluate_petrarch``: PETRARCH-2 validation sentences (CAMEO root code).

How a record is scored, precisely (the "chosen mention"):

1. Run the pipeline over every sentence (one Document per record, ``published`` = the
   record's date when it has one).
2. PLOVER records carry the gold trigger words (``eventText``). The chosen mention is the
   one whose trigger text shares a word with ``eventText`` (ignoring case and the
   stop-words in ``TRIGGER_STOP``); when several do, or none does, the rule of step 3
   picks among them (among all mentions when none aligns).
3. Otherwise (and for the quad and PETRARCH data, which have no gold trigger) the chosen
   mention is the one with the highest confidence; ties go to the trigger nearest the
   root of the dependency parse (the main clause), then to the earliest trigger.
4. A record with no mention at all counts as wrong for the event type (its predicted
   label is ``NONE``); for the quad data no mention predicts class 0, "statement".

``event_type.accuracy`` is then the share of records whose chosen mention has the gold
type. ``event_type_top`` reports the same with step 2 skipped (a choice that never looks
at the gold), so a reader can see how much the alignment matters.

Records go to the ``dev`` or ``heldout`` half by a hash of their id (the sentence text for
the quad data): deterministic, about 50/50, and independent of order. Tune on dev only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .document import EVENTS, PARSE, Document, EventMention
from .events.arguments import depth
from .nlp import token_at
from .settings import Settings, load_settings

log = logging.getLogger(__name__)

SPLITS = ("all", "dev", "heldout")
# What each half is for. Rules and the typer's thresholds were tuned on dev, and the typer
# (data/models) was trained on the PLOVER dev half: dev figures are not a test.
HALF_NOTES = {"dev": "tuned and trained on: not a test", "heldout": "never tuned on"}
NO_EVENT = "NONE"
# PLOVER 0.5 type names in the GSR file -> today's PLOVER names (shared/data/README.md).
PLOVER05_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                  "FIGHT": "ASSAULT"}
# ConfliBERT's cameo_class labels, in label order.
QUAD_LABELS = ("statement", "verbal_cooperation", "material_cooperation", "verbal_conflict",
               "material_conflict")
# Words of a gold ``eventText`` that say nothing about which trigger is meant.
TRIGGER_STOP = {"the", "a", "an", "to", "of", "on", "in", "for", "and", "with", "be", "has",
                "have", "had", "was", "were", "is", "are", "been", "will", "would", "...", "not",
                "by", "at", "from", "that", "it", "its", "their", "his", "her"}
# Stages the evaluation runs: everything that decides type, mode, actors and confidence.
# Geo and dates change none of the scored fields and would only cost time. A stage left out
# of ``settings.stages`` is left out here too (drop "classify" to score the rules alone).
EVAL_STAGES = ("nlp", "events", "classify", "spans", "claims", "derive", "finalize")


# -- splits and scoring arithmetic ---------------------------------------------------------

def split_of(key: str) -> str:
    """``dev`` or ``heldout`` for a record key: sha1 of the key, parity of its first 8 hex digits."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 2 == 0 else "heldout"


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")


def score_labels(gold: Sequence[str], pred: Sequence[str], *,
                 labels: Iterable[str] | None = None) -> dict[str, Any]:
    """Accuracy, per-label precision/recall/F1 and macro-F1 of two aligned label lists.

    Per label L: precision = (pred L and gold L) / pred L; recall = (pred L and gold L) /
    gold L; F1 their harmonic mean; 0 where a denominator is 0. ``macro_f1`` averages F1
    over ``labels`` (default: every label that occurs in ``gold``), so a label the coder
    predicts but the gold never uses (``NONE``) lowers precision elsewhere, not the average.
    """
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels, pred has {len(pred)}")
    wanted = list(labels) if labels is not None else sorted(set(gold))
    per: dict[str, dict[str, float]] = {}
    for lab in sorted(set(wanted) | set(gold) | set(pred)):
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": n_gold,
                    "predicted": n_pred}
    correct = sum(1 for g, p in zip(gold, pred) if g == p)
    return {
        "n": len(gold), "correct": correct,
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1": (sum(per[lab]["f1"] for lab in wanted) / len(wanted)) if wanted else 0.0,
        "per_label": per,
    }


# -- running the pipeline --------------------------------------------------------------------

class _Timed:
    """Wraps a stage to add up the seconds it spends (per-document stages)."""

    def __init__(self, stage: Any, clock: dict[str, float]) -> None:
        self.stage, self.clock = stage, clock
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns
        clock.setdefault(self.name, 0.0)

    def __call__(self, doc: Document) -> Document:
        t0 = time.perf_counter()
        out = self.stage(doc)
        self.clock[self.name] += time.perf_counter() - t0
        return out


class _TimedBatch(_Timed):
    """The same for a stage with a batch ``pipe`` (spaCy)."""

    def pipe(self, docs: Iterable[Document]):
        t0 = time.perf_counter()
        out = list(self.stage.pipe(docs))
        self.clock[self.name] += time.perf_counter() - t0
        return iter(out)


class _TriggerDepth:
    """Eval-only stage: remembers each trigger's depth in the parse (for the tie-break)."""

    name = "eval_trigger_depth"
    requires = (EVENTS, PARSE)
    assigns: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.depth: dict[tuple[str, int], int] = {}

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.parsed
        for event in doc.events:
            tok = token_at(sdoc, event.trigger.start, event.trigger.end)
            if tok is not None:
                self.depth[(doc.id, event.trigger.start)] = depth(tok)
        return doc


class EvalRun:
    """A pipeline for evaluation plus its per-stage clock and trigger depths."""

    def __init__(self, pipeline: Any = None, settings: Settings | None = None) -> None:
        from .pipeline import Pipeline
        from .registry import make_stage

        if isinstance(pipeline, EvalRun):  # share one built pipeline across evaluations
            self.clock, self.depth, self.pipeline = pipeline.clock, pipeline.depth, pipeline.pipeline
            return
        self.clock: dict[str, float] = {}
        self.depth = _TriggerDepth()
        if pipeline is None:
            settings = settings or load_settings()
            stages: list[Any] = []
            at = 0
            for name in EVAL_STAGES:
                if name not in settings.stages:
                    continue
                stage = make_stage(name, settings)
                stages.append((_TimedBatch if hasattr(stage, "pipe") else _Timed)(stage, self.clock))
                if name in ("events", "classify"):
                    at = len(stages)  # right after the last stage that types events
            stages.insert(at, self.depth)  # while the parse is there
            pipeline = Pipeline(settings, stages=stages)
        self.pipeline = pipeline

    def run(self, docs: list[Document]) -> tuple[list[Document], float]:
        for name in self.clock:
            self.clock[name] = 0.0
        t0 = time.perf_counter()
        out = list(self.pipeline.pipe(docs, errors="record"))
        return out, time.perf_counter() - t0

    def timing(self, n: int, seconds: float) -> dict[str, Any]:
        ms = lambda s: round(1000 * s / n, 3) if n else 0.0  # noqa: E731
        return {"sentences": n, "seconds": round(seconds, 3), "ms_per_sentence": ms(seconds),
                "stage_ms_per_sentence": {k: ms(v) for k, v in self.clock.items()}}

    def choose(self, doc: Document, candidates: list[EventMention] | None = None) -> EventMention | None:
        """Step 3 of the module docstring: highest confidence, then main clause, then earliest."""
        pool = candidates if candidates else doc.events
        if not pool:
            return None
        return min(pool, key=lambda e: (-round(e.confidence, 6),
                                        self.depth.depth.get((doc.id, e.trigger.start), 99),
                                        e.trigger.start))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]*", text.lower()) if w not in TRIGGER_STOP}


def _stem_match(trigger: str, gold_words: set[str]) -> bool:
    """A trigger word equals a gold word or shares its first 5 letters ("attacked"/"attack")."""
    for word in _words(trigger):
        for gold in gold_words:
            if word == gold or (len(word) >= 5 and len(gold) >= 5 and word[:5] == gold[:5]):
                return True
    return False


def aligned_mentions(doc: Document, event_text: str) -> list[EventMention]:
    """Mentions whose trigger shares a word with the gold trigger text (step 2)."""
    gold_words = _words(event_text)
    return [e for e in doc.events if _stem_match(e.trigger.text, gold_words)]


# -- PLOVER GSR --------------------------------------------------------------------------------

def load_plover(path: str | Path) -> list[dict[str, Any]]:
    """The GSR records, without the leading DOCUMENT header; types renamed to PLOVER 1.0."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for rec in raw:
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        rec = dict(rec)
        rec["gold_type"] = PLOVER05_TYPES.get(rec["event"], rec["event"])
        out.append(rec)
    return out


def load_mode_aliases(settings: Settings) -> dict[tuple[str, str], str]:
    """(type, PLOVER 0.5 mode name) -> our mode name, from ``data/event_modes.jsonl``."""
    out: dict[tuple[str, str], str] = {}
    path = settings.data_dir / "event_modes.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line) if line.strip() else {}
        if "mode" not in rec:
            continue
        out[(rec["label"], rec["mode"])] = rec["mode"]
        for alias in rec.get("plover05", ()):
            out[(rec["label"], alias)] = rec["mode"]
    return out


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (pycountry), plus PSE and XKX that the GSR uses."""
    import pycountry

    return frozenset({c.alpha_3 for c in pycountry.countries} | {"PSE", "XKX"})


def _countries(codes: Iterable[dict[str, Any]]) -> set[str]:
    """Gold actor codes that are countries (sector-only codes such as IGO or REB are not)."""
    return {c["code"] for c in codes if isinstance(c, dict) and c.get("code") in iso3_codes()}


def evaluate_plover(path: str | Path, *, split: str = "all", pipeline: Any = None,
                    settings: Settings | None = None) -> dict[str, Any]:
    """Score the coder on the PLOVER GSR (see the module docstring for the definitions).

    Returns accuracy and a per-type table for the event type, the same for a gold-free
    choice of mention, coverage, mode accuracy, actor-country accuracy, timing, the
    per-half accuracies when ``split="all"``, and every wrongly typed record (``errors``).
    """
    _check_split(split)
    settings = settings or load_settings()
    records = [r for r in load_plover(path) if split == "all" or split_of(r["id"]) == split]
    run = EvalRun(pipeline, settings)
    docs = [Document(r["text"], id=r["id"], published=r.get("date") or None, language="en")
            for r in records]
    docs, seconds = run.run(docs)
    aliases = load_mode_aliases(settings)
    rows = []
    for rec, doc in zip(records, docs):
        chosen = run.choose(doc, aligned_mentions(doc, rec.get("eventText") or ""))
        top = run.choose(doc)
        rows.append(_plover_row(rec, doc, chosen, top, aliases))
    result = {"dataset": "PLOVER_GSR_CAMEO", "path": str(path), "split": split}
    result.update(_plover_scores(rows))
    if split == "all":
        result["by_split"] = {
            half: _plover_scores([r for r in rows if r["split"] == half], brief=True)
            for half in ("dev", "heldout")}
    result["timing"] = run.timing(len(docs), seconds)
    result["errors"] = [r for r in rows if r["pred"] != r["gold"]]
    return result


def _plover_row(rec, doc, chosen, top, aliases) -> dict[str, Any]:
    gold_mode = rec.get("mode") or None
    pred_mode = chosen.mode if chosen else None
    mapped = aliases.get((rec["gold_type"], gold_mode)) if gold_mode else None
    return {
        "id": rec["id"], "split": split_of(rec["id"]), "text": rec["text"],
        "event_text": rec.get("eventText"), "gold": rec["gold_type"],
        "pred": chosen.event_type if chosen else NO_EVENT,
        "pred_top": top.event_type if top else NO_EVENT,
        "trigger": chosen.trigger.text if chosen else None,
        "pattern": chosen.pattern_id if chosen else None,
        "n_mentions": len(doc.events),
        "all": [f"{e.event_type}:{e.trigger.text}" for e in doc.events],
        "gold_mode": gold_mode, "gold_mode_mapped": mapped, "pred_mode": pred_mode,
        "gold_source": sorted(_countries(rec.get("source") or [])),
        "gold_target": sorted(_countries(rec.get("target") or [])),
        "pred_source": sorted({a.country for a in chosen.actors if a.country}) if chosen else [],
        "pred_target": sorted({a.country for a in chosen.recipients if a.country}) if chosen else [],
        "problems": [p.code for p in doc.problems],
    }


def _plover_scores(rows: list[dict[str, Any]], *, brief: bool = False) -> dict[str, Any]:
    gold = [r["gold"] for r in rows]
    labels = sorted(set(gold))
    typed = score_labels(gold, [r["pred"] for r in rows], labels=labels)
    top = score_labels(gold, [r["pred_top"] for r in rows], labels=labels)
    coverage = sum(1 for r in rows if r["n_mentions"]) / len(rows) if rows else 0.0
    if brief:
        return {"n": len(rows), "accuracy": typed["accuracy"], "macro_f1": typed["macro_f1"],
                "accuracy_top": top["accuracy"], "coverage": coverage}
    # mode: records whose gold mode has a counterpart in our mode table and whose type is right
    moded = [r for r in rows if r["gold_mode_mapped"] and r["pred"] == r["gold"]]
    mode_ok = sum(1 for r in moded if r["pred_mode"] == r["gold_mode_mapped"])
    return {
        "n": len(rows),
        "event_type": typed,
        "event_type_top": {k: top[k] for k in ("n", "correct", "accuracy", "macro_f1")},
        "coverage": coverage,
        "mode": {"n": len(moded), "correct": mode_ok,
                 "accuracy": mode_ok / len(moded) if moded else 0.0,
                 "n_gold_modes": sum(1 for r in rows if r["gold_mode"]),
                 "how": "records with the right type whose gold mode maps to one of ours "
                        "(PLOVER 0.5 names via 'plover05' in event_modes.jsonl)"},
        "actor_country": {
            "source": _country_scores(rows, "gold_source", "pred_source"),
            "target": _country_scores(rows, "gold_target", "pred_target"),
            "how": "records with a gold ISO3 country; 'any' = the chosen mention's actors "
                   "(recipients) include one gold country; 'exact' = the same set of countries; "
                   "a record with no mention counts as a miss",
        },
    }


def _country_scores(rows, gold_key: str, pred_key: str) -> dict[str, Any]:
    scored = [r for r in rows if r[gold_key]]
    anyhit = sum(1 for r in scored if set(r[gold_key]) & set(r[pred_key]))
    exact = sum(1 for r in scored if set(r[gold_key]) == set(r[pred_key]))
    n = len(scored)
    return {"n": n, "any": anyhit / n if n else 0.0, "exact": exact / n if n else 0.0}


# -- ConfliBERT quad classes -----------------------------------------------------------------

def load_quad(path: str | Path) -> list[tuple[str, int]]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        text, label = line.rsplit("\t", 1)
        if text.strip() and label.strip().isdigit():
            out.append((text.strip(), int(label)))
    return out


def evaluate_quad(path: str | Path, *, split: str = "all", pipeline: Any = None,
                  settings: Settings | None = None) -> dict[str, Any]:
    """Quad class of the chosen mention (step 3) vs ConfliBERT's label; no mention -> statement."""
    _check_split(split)
    rows = [(t, y) for t, y in load_quad(path) if split == "all" or split_of(t) == split]
    run = EvalRun(pipeline, settings)
    docs = [Document(t, language="en") for t, _ in rows]
    docs, seconds = run.run(docs)
    gold, pred, halves = [], [], []
    for (text, label), doc in zip(rows, docs):
        chosen = run.choose(doc)
        gold.append(QUAD_LABELS[label])
        pred.append(chosen.quad_class if chosen and chosen.quad_class else QUAD_LABELS[0])
        halves.append(split_of(text))
    result: dict[str, Any] = {"dataset": "conflibert cameo_class", "path": str(path),
                              "split": split, "n": len(rows)}
    result["quad"] = score_labels(gold, pred, labels=QUAD_LABELS)
    if split == "all":
        result["by_split"] = {}
        for half in ("dev", "heldout"):
            idx = [i for i, h in enumerate(halves) if h == half]
            s = score_labels([gold[i] for i in idx], [pred[i] for i in idx], labels=QUAD_LABELS)
            result["by_split"][half] = {"n": s["n"], "accuracy": s["accuracy"],
                                        "macro_f1": s["macro_f1"]}
    result["timing"] = run.timing(len(docs), seconds)
    return result


# -- PETRARCH-2 validation ---------------------------------------------------------------------

SENTENCE_RE = re.compile(r"<Sentence\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</Sentence>", re.S)
CODING_RE = re.compile(r"<EventCoding\b[^>]*\beventcode=\"(\d+)\"")
TEXT_RE = re.compile(r"<Text>(.*?)</Text>", re.S)


def load_petrarch(path: str | Path) -> list[dict[str, Any]]:
    """Sentences with at least one CAMEO event code (the file is not well-formed XML)."""
    raw = Path(path).read_text(encoding="utf-8")
    out = []
    for sid, body in SENTENCE_RE.findall(raw):
        text = TEXT_RE.search(body)
        codes = CODING_RE.findall(body)
        if text and codes:
            out.append({"id": sid, "text": " ".join(text.group(1).split()),
                        "roots": sorted({c[:2] for c in codes})})
    return out


def evaluate_petrarch(path: str | Path, *, pipeline: Any = None,
                      settings: Settings | None = None) -> dict[str, Any]:
    """CAMEO root (first two digits) of the chosen mention vs the gold codings of a sentence.

    A sentence is right when the chosen mention's ``cameo_root`` equals the root of any of
    its gold codings (several codings share a sentence). No mention is wrong.
    """
    records = load_petrarch(path)
    run = EvalRun(pipeline, settings)
    docs, seconds = run.run([Document(r["text"], id=r["id"], language="en") for r in records])
    correct = covered = 0
    for rec, doc in zip(records, docs):
        chosen = run.choose(doc)
        covered += bool(doc.events)
        correct += bool(chosen and chosen.cameo_root in rec["roots"])
    n = len(records)
    return {"dataset": "PETR2_GSR_validation", "path": str(path), "n": n,
            "root_accuracy": correct / n if n else 0.0, "correct": correct,
            "coverage": covered / n if n else 0.0, "timing": run.timing(n, seconds)}


# -- text report ---------------------------------------------------------------------------------

def format_report(result: dict[str, Any], *, tables: bool = True) -> str:
    """A plain-text summary of any of the three results (``tables=False``: headline figures
    only, for callers that draw the per-label tables themselves)."""
    lines = [f"{result.get('dataset')}  split={result.get('split', 'all')}  n={result.get('n')}"]
    if "event_type" in result:
        et = result["event_type"]
        lines.append(f"event type accuracy {et['accuracy']:.3f} ({et['correct']}/{et['n']}), "
                     f"macro-F1 {et['macro_f1']:.3f}; gold-free choice "
                     f"{result['event_type_top']['accuracy']:.3f}; coverage {result['coverage']:.3f}")
        lines.extend(_table(et["per_label"]) if tables else [])
        m = result["mode"]
        lines.append(f"mode accuracy {m['accuracy']:.3f} ({m['correct']}/{m['n']})")
        for role in ("source", "target"):
            c = result["actor_country"][role]
            lines.append(f"{role} country: any {c['any']:.3f}, exact {c['exact']:.3f} (n={c['n']})")
    if "quad" in result:
        q = result["quad"]
        lines.append(f"quad accuracy {q['accuracy']:.3f}, macro-F1 {q['macro_f1']:.3f}")
        lines.extend(_table(q["per_label"]) if tables else [])
    if "root_accuracy" in result:
        lines.append(f"CAMEO root accuracy {result['root_accuracy']:.3f} "
                     f"({result['correct']}/{result['n']}), coverage {result['coverage']:.3f}")
    for half, s in (result.get("by_split") or {}).items():
        lines.append(f"  {half}: n={s['n']} accuracy {s['accuracy']:.3f} macro-F1 {s['macro_f1']:.3f}"
                     f"  ({HALF_NOTES[half]})")
    if "timing" in result:
        t = result["timing"]
        stages = ", ".join(f"{k} {v}" for k, v in t["stage_ms_per_sentence"].items())
        lines.append(f"time {t['seconds']} s, {t['ms_per_sentence']} ms/sentence ({stages})")
    return "\n".join(lines)


def _table(per: dict[str, dict[str, float]]) -> list[str]:
    out = [f"  {'label':<22}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for lab, s in sorted(per.items()):
        out.append(f"  {lab:<22}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                   f"{s['support']:>6}{s['predicted']:>6}")
    return out


# -- all three, for `tripwire eval` -----------------------------------------------------------------

def run_all(data_dir: str | Path, *, split: str = "all", settings: Settings | None = None,
            console: Any = None) -> dict[str, Any]:
    """Run every evaluation whose file is under ``data_dir``; draw Rich tables on ``console``.

    The pipeline is built once and shared. Returns ``{"plover": ..., "quad": ...,
    "petrarch": ...}`` (a key is missing when its file is).
    """
    _check_split(split)
    data_dir = Path(data_dir)
    settings = settings or load_settings()
    run = EvalRun(None, settings)
    results: dict[str, Any] = {}
    files = {"plover": data_dir / "plover" / "PLOVER_GSR_CAMEO.json",
             "quad": data_dir / "conflibert" / "cameo_class_train.tsv",
             "petrarch": data_dir / "petrarch" / "PETR2_GSR_validation.xml"}
    if files["plover"].exists():
        results["plover"] = evaluate_plover(files["plover"], split=split, pipeline=run,
                                            settings=settings)
    if files["quad"].exists():
        results["quad"] = evaluate_quad(files["quad"], split=split, pipeline=run,
                                        settings=settings)
    if files["petrarch"].exists():
        results["petrarch"] = evaluate_petrarch(files["petrarch"], pipeline=run,
                                                settings=settings)
    if console is not None:
        _draw(results, console)
    return results


def _draw(results: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    for name, res in results.items():
        per = (res.get("event_type") or res.get("quad") or {}).get("per_label")
        if per:
            table = Table(title=f"{res['dataset']} ({res.get('split', 'all')})")
            for col in ("label", "P", "R", "F1", "gold", "pred"):
                table.add_column(col, justify="left" if col == "label" else "right")
            for lab, s in sorted(per.items()):
                table.add_row(lab, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                              str(s["support"]), str(s["predicted"]))
            console.print(table)
        console.print(format_report(res, tables=not per))
