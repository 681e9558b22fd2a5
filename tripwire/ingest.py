"""Sources (text, HTML, JSONL, feeds, folders, stdin) -> Documents. No NLP here.

Ingest is the one place that sees raw bytes, so every way an input can be unusable (empty,
binary, bad UTF-8, too big, malformed JSON, no article in the HTML, not English) is decided
here and reported as a coded ``Problem``; batch runs go on with the next item.

The article text never changes after ingest, and offsets downstream are into the text
exactly as given. Site boilerplate ("Also read: ...") is therefore *masked*, not removed:
each character of such a line becomes a space, so ``len(doc.text) == len(text)`` and every
kept character sits at its original offset. ``doc.removed`` records what was masked.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from .document import Document, Problem, Span
from .errors import ConfigError, InputError, Msg
from .settings import Settings, load_settings
from .webpage import extract_page, html_to_text

log = logging.getLogger(__name__)

STAGE = "ingest"
STDIN = "-"
BOILERPLATE_FILE = "boilerplate.txt"

# Files are sniffed for NUL bytes in this many leading bytes (git's binary heuristic uses 8000).
BINARY_SNIFF_BYTES = 8192
# A boilerplate prompt is a headline or a call to action; a longer line is an article
# paragraph that merely starts like one. Checked on the seed article and trafilatura output
# of news pages, where such lines are under 200 characters.
BOILERPLATE_MAX_LINE_CHARS = 300
# py3langid reads only this prefix. Measured here (0.4.0, one core): 0.8-1.2 ms for a 5k-char
# article and ~0.5 ms for 2k, under 1% of spaCy's time, so whole normal articles are read;
# the cap only bounds the cost of very long texts. Re-run the E009 tests after a change.
LANGID_MAX_CHARS = 20_000
# A single-document file (.txt, .html, .json, feed) larger than this many bytes per allowed
# character is not read at all (E102). 64 x 1M chars = 64 MB: far above any article or page,
# low enough to keep memory bounded. JSONL is streamed line by line and has no file limit.
MAX_FILE_BYTES_PER_CHAR = 64
# How far into an HTML file to look for a <meta charset> when the bytes are not UTF-8.
CHARSET_SNIFF_BYTES = 4096

UTF8_BOM = b"\xef\xbb\xbf"
KINDS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
LINE_RE = re.compile(r"[^\r\n]+")
LEAD_RE = re.compile(r"[\s\-*>»|•·]*")
SURROGATE_RE = re.compile("[\ud800-\udfff]")
HTML_SNIFF_RE = re.compile(r"\s*(?:<!doctype\s+html|<html|<head|<body|<article|<(?:p|div)[\s>])", re.I)
FEED_SNIFF_RE = re.compile(rb"\s*(?:<\?xml|<rss|<feed|<rdf:RDF)", re.I)
CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
FIELDS = ("id", "url", "source", "title", "published")


# ---------------------------------------------------------------- one text -> one Document

def make_document(text: str, *, id: str | None = None, url: str | None = None,
                  source: str | None = None, title: str | None = None,
                  published: str | None = None, item: str | None = None,
                  settings: Settings | None = None) -> Document:
    """Check, mask and language-tag one article text; raise ``InputError`` if unusable.

    A non-English text is not an error: it comes back with ``doc.skipped`` set and an E009
    problem, so the caller can count it.
    """
    settings = settings or default_settings()
    name = item or id or "<text>"
    if len(text) > settings.max_chars:
        raise InputError("E004", item=name, size=len(text), limit=settings.max_chars)
    if not text.strip():
        raise InputError("E001", item=name)
    bad = SURROGATE_RE.search(text)
    if bad:
        raise InputError("E101", item=name, offset=bad.start(), codepoint=ord(bad.group()))
    masked, removed = mask_boilerplate(text, load_boilerplate(settings.data_dir / BOILERPLATE_FILE))
    if not masked.strip():
        raise InputError("E010", item=name)
    doc = Document(masked, id=id or "", url=url, source=source, title=title,
                   published=normalize_published(published, item=name), item=item,
                   removed=removed)
    _set_language(doc, settings, name)
    return doc


def mask_boilerplate(text: str, patterns: tuple[re.Pattern[str], ...]) -> tuple[str, list[Span]]:
    """Blank out boilerplate lines, keeping every offset; return the text and what was masked."""
    pieces: list[str] = []
    removed: list[Span] = []
    last = 0
    for match in LINE_RE.finditer(text):
        line = match.group()
        if len(line) > BOILERPLATE_MAX_LINE_CHARS or not is_boilerplate(line, patterns):
            continue
        pieces += [text[last:match.start()], " " * len(line)]
        removed.append(Span(match.start(), match.end(), line))
        last = match.end()
    if not removed:
        return text, removed
    pieces.append(text[last:])
    return "".join(pieces), removed


def is_boilerplate(line: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    body = line[LEAD_RE.match(line).end():]
    return bool(body) and any(p.match(body) for p in patterns)


@lru_cache(maxsize=8)
def load_boilerplate(path: Path) -> tuple[re.Pattern[str], ...]:
    """Read the boilerplate line patterns (one regex a line, '#' comments); validate each."""
    patterns = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            patterns.append(re.compile(line, re.IGNORECASE))
        except re.error as exc:
            raise ConfigError("E017", path=path, line=lineno, error=exc) from exc
    return tuple(patterns)


def normalize_published(value: Any, *, item: str = "<text>") -> str | None:
    """An ISO 8601 date stays ``YYYY-MM-DD``; a datetime becomes full ISO (``T``, offset kept)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = value.strip() if isinstance(value, str) else None
    if not text:
        raise InputError("E021", item=item, value=value)
    if len(text) <= 10:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InputError("E021", item=item, value=value) from exc
    return parsed.isoformat()


def _set_language(doc: Document, settings: Settings, name: str) -> None:
    """Tag ``doc.language``; mark a confidently non-English text as skipped (E009)."""
    doc.language = "en"
    sample = doc.text[:LANGID_MAX_CHARS]
    if len(sample.strip()) < settings.min_chars_for_langid:
        return
    lang, prob = language_identifier().classify(sample)
    if lang == "en" or prob < settings.langid_min_prob:
        return
    doc.language = lang
    doc.skipped = Msg.E009.format(item=name, lang=lang, prob=prob)
    doc.problems.append(Problem("E009", doc.skipped, item=doc.item, stage=STAGE))


@lru_cache(maxsize=1)
def language_identifier() -> Any:
    """py3langid's model (~0.6 s to load), loaded once, with normalised probabilities."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    return load_settings()


# ---------------------------------------------------------------- many sources -> stream

def read_sources(sources: Iterable[str | Path], *, settings: Settings | None = None,
                 published: str | None = None,
                 source: str | None = None) -> Iterator[Document | Problem]:
    """Yield a Document or a Problem for every article in every source; never raise.

    A source is a file (.txt, .html/.htm, .jsonl/.json, .xml/.rss/.atom), a folder (read
    recursively in sorted order, known suffixes only) or "-" for stdin. ``published`` and
    ``source`` fill in items that carry none.
    """
    settings = settings or default_settings()
    defaults = {"published": published, "source": source}
    for src in sources:
        item = STDIN if str(src) == STDIN else str(src)
        try:
            if str(src) == STDIN:
                yield from _read_stdin(settings, defaults)
            else:
                yield from _read_path(Path(src), settings, defaults, explicit=True)
        except ConfigError:
            raise  # a broken data file breaks every item: stop, do not report it per item
        except Exception as exc:  # noqa: BLE001 - a batch must go on; this is a bug, so log it
            log.exception("ingest failed on %s", item)
            yield _problem("E019", item, error=f"{type(exc).__name__}: {exc}")


def _read_path(path: Path, settings: Settings, defaults: dict[str, Any], *,
               explicit: bool) -> Iterator[Document | Problem]:
    if path.is_dir():
        for file in _walk(path):
            yield from _read_path(file, settings, defaults, explicit=False)
        return
    item = str(path)
    if not path.exists():
        yield _problem("E008", item)
        return
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        if explicit:
            yield _problem("E011", item, suffix=path.suffix or "(none)")
        return
    if kind == "jsonl":
        yield from _read_jsonl_file(path, settings, defaults)
        return
    limit = settings.max_chars * MAX_FILE_BYTES_PER_CHAR
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= limit else b""
    except OSError as exc:
        yield _problem("E019", item, error=exc)
        return
    if size > limit:
        yield _problem("E102", item, size=size, limit=limit)
        return
    yield from _read_bytes(data, kind, item, settings, defaults)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in sorted order, skipping hidden ones; one directory at a time."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in KINDS:
                yield Path(root) / name


def _read_stdin(settings: Settings, defaults: dict[str, Any]) -> Iterator[Document | Problem]:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream (tests, embedded interpreters)
        buffer = io.BytesIO(sys.stdin.read().encode("utf-8", "surrogatepass"))
    head = buffer.read(BINARY_SNIFF_BYTES)
    start = head.lstrip()
    if start.startswith(UTF8_BOM):
        start = start[len(UTF8_BOM):].lstrip()
    if start.startswith(b"{") and b"\x00" not in head:
        # complete the last partial line of head, then go on streaming the rest
        lines = itertools.chain(io.BytesIO(head + buffer.readline()), buffer)
        yield from _read_jsonl_lines(lines, STDIN, settings, defaults)
        return
    data = head + buffer.read()
    if FEED_SNIFF_RE.match(start):
        kind = "feed"
    elif HTML_SNIFF_RE.match(start.decode("utf-8", "replace")):
        kind = "html"
    else:
        kind = "text"
    yield from _read_bytes(data, kind, STDIN, settings, defaults)


def _read_bytes(data: bytes, kind: str, item: str, settings: Settings,
                defaults: dict[str, Any]) -> Iterator[Document | Problem]:
    """One single-document (or feed, or JSON list) payload -> Documents/Problems."""
    if not data.strip():
        yield _problem("E001", item)
        return
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        yield _problem("E002", item, n=BINARY_SNIFF_BYTES)
        return
    if kind == "feed":
        yield from _read_feed(data, item, settings, defaults)
        return
    try:
        text = decode_utf8(data, item=item, html=kind == "html")
    except InputError as exc:
        yield _problem_from(exc, item)
        return
    if kind == "text":
        yield _document(text, {}, item, settings, defaults)
    elif kind == "html":
        yield from _read_html(text, item, settings, defaults)
    elif kind == "json":
        yield from _read_json(text, item, settings, defaults)


def decode_utf8(data: bytes, *, item: str, html: bool = False) -> str:
    """Strict UTF-8 (a BOM is dropped). HTML may declare another charset in a <meta> tag."""
    skip = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = CHARSET_RE.search(data[:CHARSET_SNIFF_BYTES]) if html else None
        charset = declared.group(1).decode("ascii").lower() if declared else "utf-8"
        if charset.replace("-", "").replace("_", "") != "utf8":
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
        raise InputError("E003", item=item, offset=skip + exc.start) from exc


def _document(text: str, record: dict[str, Any], item: str, settings: Settings,
              defaults: dict[str, Any]) -> Document | Problem:
    """Build a Document from text and metadata (the record's own first, then defaults)."""
    meta = {key: _as_str(record.get(key)) for key in FIELDS}
    meta["published"] = record.get("published") or defaults["published"]
    meta["source"] = meta["source"] or defaults["source"]
    try:
        return make_document(text, item=item, settings=settings, **meta)
    except InputError as exc:
        return _problem_from(exc, item)


def _as_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


# ---------------------------------------------------------------- JSON and JSONL

def _read_jsonl_file(path: Path, settings: Settings,
                     defaults: dict[str, Any]) -> Iterator[Document | Problem]:
    item = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield _problem("E019", item, error=exc)
        return
    with handle:
        head = handle.read(BINARY_SNIFF_BYTES)
        if b"\x00" in head:
            yield _problem("E002", item, n=BINARY_SNIFF_BYTES)
            return
        handle.seek(0)
        yield from _read_jsonl_lines(handle, item, settings, defaults)


def _read_jsonl_lines(lines: Iterable[bytes], item: str, settings: Settings,
                      defaults: dict[str, Any]) -> Iterator[Document | Problem]:
    """One Article per line; a bad line is reported as ``item:line`` and the rest go on.

    The caller has already checked the first bytes for NUL (E002).
    """
    offset = 0
    seen_text = False
    for lineno, raw in enumerate(lines, start=1):
        line_start, offset = offset, offset + len(raw)
        if lineno == 1 and raw.startswith(UTF8_BOM):
            raw, line_start = raw[len(UTF8_BOM):], line_start + len(UTF8_BOM)
        if not raw.strip():
            continue
        seen_text = True
        where = f"{item}:{lineno}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield _problem("E003", where, offset=line_start + exc.start)
            continue
        yield _record_to_document(line, where, settings, defaults)
    if not seen_text:
        yield _problem("E001", item)


def _record_to_document(line: str, where: str, settings: Settings,
                        defaults: dict[str, Any]) -> Document | Problem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _problem("E005", where, error=f"{exc.msg} at column {exc.colno}")
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        return _problem("E005", where, error=str(exc)[:200])
    return _article_to_document(record, where, settings, defaults)


def _article_to_document(record: Any, where: str, settings: Settings,
                         defaults: dict[str, Any]) -> Document | Problem:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return _problem("E006", where)
    return _document(record["text"], record, where, settings, defaults)


def _read_json(text: str, item: str, settings: Settings,
               defaults: dict[str, Any]) -> Iterator[Document | Problem]:
    """A .json file: one Article object, a list of them, or (if it is really JSONL) lines."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith("{") and exc.msg == "Extra data":
            lines = io.BytesIO(text.encode("utf-8"))
            yield from _read_jsonl_lines(lines, item, settings, defaults)
        else:
            yield _problem("E005", item, error=f"{exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        yield _problem("E005", item, error=str(exc)[:200])
        return
    if isinstance(value, list):
        for index, record in enumerate(value):
            yield _article_to_document(record, f"{item}[{index}]", settings, defaults)
    else:
        yield _article_to_document(value, item, settings, defaults)


# ---------------------------------------------------------------- HTML

def _read_html(html: str, item: str, settings: Settings,
               defaults: dict[str, Any]) -> Iterator[Document | Problem]:
    """Article text and metadata from a page, by an ordered cascade.

    1. trafilatura (main-content extraction with title, date, site name), when importable.
    2. If step 1 is unavailable or finds nothing: headings and paragraphs inside
       <article>/<main>/<body> with lxml, minus navigation, header, footer and asides.
    Boilerplate lines that survive (trafilatura keeps "Also read:") are masked afterwards.
    """
    extracted = extract_page(html)
    if not extracted or not extracted.get("text", "").strip():
        yield _problem("E007", item)
        return
    extracted["published"] = _page_date(extracted.get("published"))
    yield _document(extracted.pop("text"), extracted, item, settings, defaults)


def _page_date(value: str | None) -> str | None:
    """A page's own date when it parses; an unparseable one is dropped, not fatal."""
    try:
        return normalize_published(value)
    except InputError:
        log.debug("ignoring unparseable page date %r", value)
        return None


# ---------------------------------------------------------------- RSS / Atom feeds

def _read_feed(data: bytes, item: str, settings: Settings,
               defaults: dict[str, Any]) -> Iterator[Document | Problem]:
    """Each entry with text becomes a Document (``item#entryN``, N from 1)."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))  # a stream, so feedparser never opens a path/URL
    outlet = _as_str(parsed.feed.get("title"))
    found = False
    for number, entry in enumerate(parsed.entries, start=1):
        text = html_to_text(_entry_html(entry))
        if not text:
            log.info("%s#entry%d has no text; skipped", item, number)
            continue
        found = True
        entry_source = entry.get("source") or {}
        record = {
            "id": entry.get("id"), "title": entry.get("title"), "url": entry.get("link"),
            "source": entry_source.get("title") or outlet,
            "published": _struct_to_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        }
        yield _document(text, record, f"{item}#entry{number}", settings, defaults)
    if not found:
        yield _problem("E012", item)


def _entry_html(entry: Any) -> str:
    contents = [c.get("value", "") for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _struct_to_iso(value: Any) -> str | None:
    if not value:
        return None
    return datetime(*value[:6], tzinfo=timezone.utc).isoformat()


# ---------------------------------------------------------------- problems

def _problem(code: str, item: str, **kwargs: Any) -> Problem:
    return Problem(code, getattr(Msg, code).format(item=item, **kwargs), item=item, stage=STAGE)


def _problem_from(exc: InputError, item: str) -> Problem:
    kwargs = {k: v for k, v in exc.kwargs.items() if k != "item"}
    return _problem(exc.code, exc.kwargs.get("item", item), **kwargs)
