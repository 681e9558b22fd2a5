"""The store's DuckDB schema, as named and ordered migrations.

Why migrations rather than one ``CREATE TABLE IF NOT EXISTS`` script: stores outlive
coder versions. A store written by an older Tripwire must open in a newer one, and
the newer one must add what is missing without touching what is there. So each
schema change is a function with a stable name (the idea of sqlite-utils'
``migrations.py``), ``schema_migrations`` records which names have run, and
``apply_migrations`` runs the missing ones in order, each in its own transaction.

Rules for adding one: append a new function decorated with ``@migration`` at the end
of this file; never rename, reorder or edit a migration that has shipped (stores in
the wild have recorded its name), and never drop data in one.

Column notes
------------
- ``mentions.record`` is the full mention dict (``EventMention.to_dict``): it is the
  truth, and what queries and exports return. The flat columns beside it exist only so
  that filters run in SQL; they are derived from ``record`` when a mention is written.
- ``date_value`` is an ISO date string (the day a mention happened, or the first day of
  its period or range), kept as VARCHAR so that any value the dates stage emits is
  stored as given; ISO strings compare in date order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[["duckdb.DuckDBPyConnection"], None]


# Ordered: a store has run some prefix of this list (plus nothing else).
MIGRATIONS: list[Migration] = []

MIGRATIONS_TABLE_DDL = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
)
"""


def migration(fn: Callable[["duckdb.DuckDBPyConnection"], None]) -> Callable:
    """Register ``fn`` as the next migration, named after the function."""
    if any(m.name == fn.__name__ for m in MIGRATIONS):
        raise ValueError(f"duplicate migration name {fn.__name__!r}")
    MIGRATIONS.append(Migration(fn.__name__, fn))
    return fn


def applied_migrations(con: "duckdb.DuckDBPyConnection") -> set[str]:
    """Names already run on this store; empty for a new file."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return set()
    return {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}


def pending_migrations(con: "duckdb.DuckDBPyConnection") -> list[Migration]:
    done = applied_migrations(con)
    return [m for m in MIGRATIONS if m.name not in done]


def apply_migrations(con: "duckdb.DuckDBPyConnection") -> list[str]:
    """Run every migration this store has not run yet, in order; return their names.

    Each migration and the row recording it commit together, so a crash leaves the
    store at a clean migration boundary. Re-running on an up-to-date store does nothing.
    """
    con.execute(MIGRATIONS_TABLE_DDL)
    ran: list[str] = []
    for mig in pending_migrations(con):
        con.begin()
        try:
            mig.apply(con)
            con.execute("INSERT INTO schema_migrations VALUES (?, now())", [mig.name])
        except BaseException:
            con.rollback()
            raise
        con.commit()
        ran.append(mig.name)
    return ran


@migration
def m001_create_articles(con: "duckdb.DuckDBPyConnection") -> None:
    con.execute("""
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            url VARCHAR,
            source VARCHAR,
            title VARCHAR,
            published VARCHAR,
            text VARCHAR,
            language VARCHAR,
            content_hash VARCHAR,
            skipped VARCHAR,
            ingested_at TIMESTAMP,
            coder_version VARCHAR
        )
    """)


@migration
def m002_create_mentions(con: "duckdb.DuckDBPyConnection") -> None:
    con.execute("""
        CREATE TABLE mentions (
            mention_id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            event_id VARCHAR,
            sentence_index INTEGER,
            event_type VARCHAR,
            mode VARCHAR,
            quad_class VARCHAR,
            cameo_root VARCHAR,
            intensity DOUBLE,
            actor_countries VARCHAR[],
            recipient_countries VARCHAR[],
            actor_names VARCHAR[],
            location_country VARCHAR,
            location_name VARCHAR,
            date_value VARCHAR,
            date_precision VARCHAR,
            claim_status VARCHAR,
            claimant_name VARCHAR,
            aux_mode VARCHAR,
            confidence DOUBLE,
            trigger_text VARCHAR,
            quote_text VARCHAR,
            record JSON NOT NULL
        )
    """)
    # No secondary index: DuckDB scans with zone maps fast enough here, and ART indexes
    # make UPDATEs (fusion setting event_id) into delete+insert.


@migration
def m003_create_problems(con: "duckdb.DuckDBPyConnection") -> None:
    con.execute("""
        CREATE TABLE problems (
            item VARCHAR,
            code VARCHAR NOT NULL,
            message VARCHAR,
            stage VARCHAR,
            "at" TIMESTAMP NOT NULL  -- quoted: AT is a DuckDB keyword
        )
    """)
