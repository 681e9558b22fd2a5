"""The embedded DuckDB store: articles, event mentions and problems in one file."""

from .db import MentionQuery, Store, WriteStats

__all__ = ["MentionQuery", "Store", "WriteStats"]
