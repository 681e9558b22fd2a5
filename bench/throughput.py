"""Throughput benchmark: Tripwire end to end vs spaCy's own pipeline on the same texts.

    .venv/bin/python bench/throughput.py [--limit N] [--csv PATH] [--json OUT]

Reads real news (default ``../shared/data/news/guardian_syria_sample.csv``), and in
two fresh subprocesses (so peak memory is each run's own) measures:

- spaCy alone: ``nlp.pipe`` over the texts with the same model and batch size;
- Tripwire: ingest (make_document) + every pipeline stage, with time per stage.

It prints articles/s, words/s, peak RSS and the ratio of the two, plus the cost of
each stage, so the price of every stage is visible. Model loading is timed apart
from processing. This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "news" / "guardian_syria_sample.csv"


def read_texts(path: Path, limit: int | None) -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [{"text": r["text"], "published": r.get("date") or None} for r in csv.DictReader(fh)
                if (r.get("text") or "").strip()]
    return rows[:limit] if limit else rows


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_spacy(rows: list[dict], queue) -> None:
    import spacy

    from tripwire.settings import load_settings

    settings = load_settings()
    t0 = time.perf_counter()
    nlp = spacy.load(settings.spacy_model)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_tokens = 0
    for sdoc in nlp.pipe((r["text"] for r in rows), batch_size=settings.batch_size):
        n_tokens += len(sdoc)
    queue.put({"name": "spaCy alone", "load_s": load_s, "run_s": time.perf_counter() - t0,
               "tokens": n_tokens, "peak_rss_mb": _peak_rss_mb(), "stages": {}})


def run_tripwire(rows: list[dict], queue) -> None:
    from tripwire.ingest import make_document
    from tripwire.pipeline import Pipeline

    t0 = time.perf_counter()
    pipeline = Pipeline()
    timings = {"ingest": 0.0}
    for stage in pipeline.stages:
        timings[stage.name] = 0.0
        _wrap(stage, timings)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = []
    for r in rows:
        s = time.perf_counter()
        docs.append(make_document(r["text"], published=r["published"]))
        timings["ingest"] += time.perf_counter() - s
    n_mentions = 0
    for doc in pipeline.pipe(docs, errors="record"):
        n_mentions += len(doc.events)
    queue.put({"name": "Tripwire", "load_s": load_s, "run_s": time.perf_counter() - t0,
               "mentions": n_mentions, "peak_rss_mb": _peak_rss_mb(), "stages": timings})


def _wrap(stage, timings: dict) -> None:
    """Time a stage's __call__ / pipe without changing what it does."""
    name = stage.name
    if hasattr(stage, "pipe"):
        original = stage.pipe

        def pipe(docs, _orig=original):
            it = _orig(docs)
            while True:
                s = time.perf_counter()
                try:
                    doc = next(it)
                except StopIteration:
                    timings[name] += time.perf_counter() - s
                    return
                timings[name] += time.perf_counter() - s
                yield doc
        stage.pipe = pipe
    else:
        cls_call = type(stage).__call__

        class Timed(type(stage)):
            def __call__(self, doc, _call=cls_call):
                s = time.perf_counter()
                try:
                    return _call(self, doc)
                finally:
                    timings[name] += time.perf_counter() - s
        stage.__class__ = Timed


def measure(target, rows) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(rows, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    if not args.csv.exists():
        print(f"skipped: {args.csv} not found (the benchmark needs ../shared/data).")
        return 0
    rows = read_texts(args.csv, args.limit)
    words = sum(len(r["text"].split()) for r in rows)
    results = [measure(run_spacy, rows), measure(run_tripwire, rows)]
    print(f"{len(rows)} articles, {words} words (whitespace-split), one process, "
          f"{mp.cpu_count()} cores visible")
    print(f"{'':14}{'articles/s':>12}{'words/s':>10}{'peak RSS MB':>13}{'load s':>8}{'run s':>8}")
    for r in results:
        print(f"{r['name']:14}{len(rows) / r['run_s']:>12.2f}{words / r['run_s']:>10.0f}"
              f"{r['peak_rss_mb']:>13.0f}{r['load_s']:>8.2f}{r['run_s']:>8.2f}")
    ratio = results[1]["run_s"] / results[0]["run_s"]
    print(f"Tripwire / spaCy-alone time: {ratio:.2f}x   mentions: {results[1]['mentions']}")
    print("per stage (s):  " + "  ".join(f"{k} {v:.2f}" for k, v in results[1]["stages"].items()))
    if args.json:
        args.json.write_text(json.dumps({"articles": len(rows), "words": words, "ratio": ratio,
                                         "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
