"""Export stored mentions as JSONL, CSV or Parquet.

Why three shapes: JSONL is the full record (lossless, what ``tripwire extract`` writes);
CSV is the flat table an analyst opens in a spreadsheet; Parquet carries the same flat
columns with real types (lists stay lists, numbers stay numbers) plus the full record
as a JSON string, so bulk tools can filter by column and still reach every field.

Extension point: a format is one function ``write_<fmt>(rows, out) -> int`` in
``WRITERS``, taking ``(record, article)`` pairs (the mention record and its article's
stored metadata, or None) and an open stream or path. GDELT- and ACLED-shaped exports add a
writer there and nothing else changes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TextIO

from ..errors import TripwireError
from .db import MentionQuery, Store

# Separator inside one CSV cell for list fields ("Russia;Belarus"). Positions line up
# across actors / actor_countries / actor_sectors, so an unknown country is left empty.
LIST_SEP = ";"

# (column, arrow type name) in output order. Types: str, int, float, list.
FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("mention_id", "str"), ("article_id", "str"), ("event_id", "str"),
    ("url", "str"), ("source", "str"), ("published", "str"),
    ("sentence_index", "int"), ("event_type", "str"), ("mode", "str"), ("contexts", "list"),
    ("quad_class", "str"), ("cameo_root", "str"), ("intensity", "float"),
    ("acled_event_type", "str"), ("acled_sub_event_type", "str"),
    ("actors", "list"), ("actor_countries", "list"), ("actor_sectors", "list"),
    ("recipients", "list"), ("recipient_countries", "list"), ("recipient_sectors", "list"),
    ("location_name", "str"), ("location_country", "str"), ("location_admin1", "str"),
    ("location_lat", "float"), ("location_lon", "float"), ("location_precision", "str"),
    ("location_geonameid", "int"),
    ("date", "str"), ("date_precision", "str"), ("date_start", "str"), ("date_end", "str"),
    ("claim_status", "str"), ("claimant", "str"), ("claimant_kind", "str"), ("claim_cue", "str"),
    ("aux_mode", "str"), ("confidence", "float"),
    ("trigger", "str"), ("quote", "str"), ("quote_start", "int"), ("quote_end", "int"),
    ("coder_version", "str"),
)


def flatten(record: dict[str, Any], article: dict[str, Any] | None = None) -> dict[str, Any]:
    """One analyst-friendly flat row for a mention record (lists stay Python lists)."""
    article = article or {}
    acled = record.get("acled") or {}
    loc = record.get("location") or {}
    date = record.get("date") or {}
    claim = record.get("claim") or {}
    claimant = claim.get("claimant") or {}
    quote = record.get("quote") or {}
    actors = record.get("actors") or []
    recipients = record.get("recipients") or []
    return {
        "mention_id": record.get("mention_id"), "article_id": record.get("article_id"),
        "event_id": record.get("event_id"),
        "url": article.get("url"), "source": article.get("source"),
        "published": article.get("published"),
        "sentence_index": record.get("sentence_index"),
        "event_type": record.get("event_type"), "mode": record.get("mode"),
        "contexts": list(record.get("contexts") or []),
        "quad_class": record.get("quad_class"), "cameo_root": record.get("cameo_root"),
        "intensity": record.get("intensity"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "actors": [a.get("name") or a.get("text") or "" for a in actors],
        "actor_countries": [a.get("country") or "" for a in actors],
        "actor_sectors": [a.get("sector") or "" for a in actors],
        "recipients": [a.get("name") or a.get("text") or "" for a in recipients],
        "recipient_countries": [a.get("country") or "" for a in recipients],
        "recipient_sectors": [a.get("sector") or "" for a in recipients],
        "location_name": loc.get("name"), "location_country": loc.get("country"),
        "location_admin1": loc.get("admin1"), "location_lat": loc.get("lat"),
        "location_lon": loc.get("lon"), "location_precision": loc.get("precision"),
        "location_geonameid": loc.get("geonameid"),
        "date": date.get("value"), "date_precision": date.get("precision"),
        "date_start": date.get("start"), "date_end": date.get("end"),
        "claim_status": claim.get("status"),
        "claimant": claimant.get("name") or claimant.get("text"),
        "claimant_kind": claimant.get("kind"), "claim_cue": claim.get("cue"),
        "aux_mode": record.get("aux_mode"), "confidence": record.get("confidence"),
        "trigger": (record.get("trigger") or {}).get("text"),
        "quote": quote.get("text"), "quote_start": quote.get("start"),
        "quote_end": quote.get("end"),
        "coder_version": (record.get("coder") or {}).get("version"),
    }


@contextmanager
def _open_text(out: Path | str | TextIO) -> Iterator[TextIO]:
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out


ExportRow = tuple[dict[str, Any], "dict[str, Any] | None"]


def write_jsonl(rows: list[ExportRow], out: Path | str | TextIO) -> int:
    with _open_text(out) as fh:
        for record, _article in rows:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(rows)


def write_csv(rows: list[ExportRow], out: Path | str | TextIO) -> int:
    with _open_text(out) as fh:
        writer = csv.writer(fh)
        writer.writerow([name for name, _ in FLAT_COLUMNS])
        for record, article in rows:
            flat = flatten(record, article)
            writer.writerow([_csv_cell(flat[name]) for name, _ in FLAT_COLUMNS])
    return len(rows)


# Text cells that a spreadsheet would run as a formula (OWASP "CSV injection"): article
# text is untrusted, and analysts open exports in Excel. Such cells get a leading
# apostrophe, which spreadsheets show as text; numbers are written as they are.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = LIST_SEP.join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_parquet(rows: list[ExportRow], out: Path | str | IO[bytes]) -> int:
    import pyarrow as pa  # imported here: only Parquet export needs it
    import pyarrow.parquet as pq

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "list": pa.list_(pa.string())}
    schema = pa.schema([(name, types[kind]) for name, kind in FLAT_COLUMNS]
                       + [("record", pa.string())])
    flats = [flatten(record, article) for record, article in rows]
    columns = {name: [flat[name] for flat in flats] for name, _ in FLAT_COLUMNS}
    columns["record"] = [json.dumps(record, ensure_ascii=False) for record, _ in rows]
    table = pa.Table.from_pydict(columns, schema=schema)
    if isinstance(out, io.TextIOBase):
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            raise TripwireError("E120", fmt="parquet")
        out = buffer
    pq.write_table(table, out if not isinstance(out, Path) else str(out))
    return len(rows)


WRITERS: dict[str, Callable[[list[ExportRow], Any], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
}


def export(store: Store, fmt: str, out: Path | str | TextIO | IO[bytes], *,
           query: MentionQuery | None = None) -> int:
    """Write the mentions matching ``query`` to ``out`` in ``fmt``; return rows written."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise TripwireError("E020", fmt=fmt, known=", ".join(WRITERS))
    records = store.query(query)
    ids = sorted({r["article_id"] for r in records})
    meta = {a["id"]: a for a in store.articles(ids=ids)} if ids else {}
    rows = [(record, meta.get(record["article_id"])) for record in records]
    return writer(rows, out)
