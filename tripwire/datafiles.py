"""Read Tripwire's JSONL data files (patterns, dictionaries, tables).

Every data file is JSON Lines: one record per line, a header record carrying
``_meta`` (or ``_provenance``) with what the file is, where it comes from and its
licence, blank lines and ``//`` comment lines allowed. A malformed line is refused with
the file, the line and the caller's error code, never skipped silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import ConfigError

HEADER_KEYS = ("_meta", "_provenance")


def read_jsonl(path: Path, *, code: str = "E017") -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each data record of ``path``; headers are skipped.

    ``code`` is the ConfigError raised for a line that is not a JSON object; its
    message template takes ``path``, ``line`` and ``error``.
    """
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(code, path=str(path), line=lineno, error=exc) from exc
            if not isinstance(rec, dict):
                raise ConfigError(code, path=str(path), line=lineno, error="not a JSON object")
            if not any(key in rec for key in HEADER_KEYS):
                yield lineno, rec
