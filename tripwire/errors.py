"""Tripwire's exceptions and its catalogue of coded messages.

    TripwireError
     +-- InputError        one input item cannot be read (empty, binary, bad UTF-8, too big, ...)
     +-- PipelineError     a stage broke its contract (returned no Document, missing layer)
     +-- StoreError        the DuckDB store failed; wraps duckdb errors (``from exc``)
     +-- ConfigError       settings, pattern or dictionary files are invalid

Messages live in ``Msg`` under searchable codes: each says what happened, with the
offending value, and what to try. Batch runs record them as ``Problem`` records
instead of raising (see ``Pipeline.pipe(errors="record")``).
"""

from __future__ import annotations


class Msg:
    E001 = "{item}: file is empty. Nothing to code."
    E002 = "{item}: looks binary (NUL bytes in the first {n} bytes); expected text, HTML or JSONL."
    E003 = ("{item}: not valid UTF-8 (first bad byte at offset {offset}). "
            "Re-save the file as UTF-8.")
    E004 = ("{item}: {size} characters is over the limit of {limit}. "
            "Split the article, or raise max_chars in settings.")
    E005 = "{item}: malformed JSON ({error}). The line was skipped; the rest of the file goes on."
    E006 = "{item}: JSON record has no 'text' string field. Each line needs at least {{\"text\": ...}}."
    E007 = "{item}: no article text could be extracted from the HTML (no body or only boilerplate)."
    E008 = "{item}: file or folder not found."
    E009 = "{item}: language detected as '{lang}' (p={prob:.2f}); only English is coded, so it was skipped."
    E010 = "{item}: text is empty after removing boilerplate."
    E011 = "{item}: unsupported file type '{suffix}'. Use .txt, .html, .jsonl/.json, .xml/.rss/.atom."
    E012 = "{item}: feed has no entries with text."
    E013 = "{item}: stage '{stage}' failed: {error}"
    E014 = ("Pipeline stage '{stage}' returned {returned} instead of a Document. "
            "Did the stage forget to return the document?")
    E015 = ("Pipeline stage '{stage}' requires layer '{layer}', but no earlier stage assigns it. "
            "Stages in order: {order}.")
    E016 = "Unknown pipeline stage '{stage}'. Known stages: {known}."
    E017 = "{path}: invalid pattern record on line {line}: {error}"
    E018 = "Store {path}: {error}"
    E019 = "{item}: cannot read: {error}"
    E020 = "Unknown export format '{fmt}'. Use one of: {known}."
    E021 = "{item}: invalid 'published' value {value!r}; expected an ISO 8601 date."
    E160 = "{path}: invalid gazetteer data record on line {line}: {error}"
    E161 = ("{item}: span [{start}, {end}] is outside the text (length {length}) or empty. "
            "Spans are half-open character offsets [start, end) into 'text'.")
    # E101-E119: ingest
    E101 = ("{item}: text contains a lone surrogate (U+{codepoint:04X}) at character {offset}; "
            "it cannot be stored as UTF-8. Re-export the source as valid UTF-8.")
    E102 = ("{item}: file is {size} bytes, over the {limit}-byte limit for one file "
            "(a multiple of max_chars). Split it, raise max_chars, or use JSONL, "
            "which is read line by line.")
    E120 = ("{fmt} export writes bytes, but was given a text stream with no binary buffer. "
            "Pass a file path or a binary stream.")
    # E180-E199: dates
    E180 = ("{item}: 'published' value {value!r} is not an ISO 8601 date, so relative time "
            "expressions ('on Wednesday', 'two years ago') cannot be resolved. Pass --published YYYY-MM-DD.")
    E181 = "{path}: invalid time-expression lexicon, table [{table}]: {error}"
    E182 = "dateparser could not read the explicit date {text!r} ({error}); it was left out."
    # E140-E159: actor dictionaries
    E140 = ("{path}: invalid actor record on line {line}: {error}. "
            "Each line is one JSON object; see tripwire/data/actors/README.md for the fields.")
    E141 = "{path}: actor dictionary file is missing. Re-install Tripwire or check data_dir in settings."


class TripwireError(Exception):
    """Base class: catch this to catch anything Tripwire raises on purpose."""

    code: str = ""

    def __init__(self, code: str, **kwargs: object) -> None:
        self.code = code
        self.kwargs = kwargs
        template = getattr(Msg, code, code)
        super().__init__(f"[{code}] " + template.format(**kwargs))


class InputError(TripwireError):
    """One input item could not be read or is not codeable."""


class PipelineError(TripwireError):
    """A stage broke its contract."""


class StoreError(TripwireError):
    """The store failed to read or write."""


class ConfigError(TripwireError):
    """A settings, pattern or dictionary file is invalid."""
