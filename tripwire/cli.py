"""Tripwire's command line: thin Typer commands over plain functions.

Each command parses its arguments, calls one function from the library and formats
the result. Messages and progress go to stderr, data to stdout or ``-o``, so output
can be piped. The exit code is 1 when any input item failed, 0 otherwise (a
non-English article skipped on purpose is not a failure).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

try:
    import typer
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Table
except ImportError:  # pragma: no cover - the CLI is an optional extra
    def main() -> None:
        sys.exit("The Tripwire CLI needs its extras: pip install 'tripwire[cli]'")
else:
    from . import __version__
    from .batch import code_sources
    from .document import Document, Problem
    from .errors import TripwireError
    from .settings import Settings, load_settings

    # The project's own annotated sentences (tests/data/annotations, GUIDELINES.md there).
    ANNOTATIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "annotations"

    app = typer.Typer(add_completion=False, no_args_is_help=True,
                      help="Tripwire: news in, sourced events out (who did what to whom, where, "
                           "when, and who says so).")
    err = Console(stderr=True)
    # Tables narrower than this wrap every cell into a column of single words.
    MIN_TABLE_WIDTH = 160

    ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="TOML file overlaying the packaged settings.")]
    PublishedOpt = Annotated[Optional[str], typer.Option("--published", help="Publication date (ISO 8601) for inputs that have none.")]
    SourceOpt = Annotated[Optional[str], typer.Option("--source", help="Outlet name for inputs that have none.")]
    WorkersOpt = Annotated[Optional[int], typer.Option("--workers", "-w", help="Worker processes (default: settings.workers).")]
    DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]

    def _settings(config: Path | None) -> Settings:
        try:
            return load_settings(config)
        except TripwireError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc

    def _progress() -> Progress:
        return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                        console=err, transient=True, disable=not err.is_terminal)

    def _wide_console() -> Console:
        """stdout console at least MIN_TABLE_WIDTH wide (piped output defaults to 80)."""
        console = Console()
        if not console.is_terminal or console.width < MIN_TABLE_WIDTH:
            console = Console(width=MIN_TABLE_WIDTH)
        return console

    def _report_problem(p: Problem) -> None:
        err.print(f"[red]✗[/red] [{p.code}] {p.message}", highlight=False, soft_wrap=True)

    def _report_skip(doc: Document) -> None:
        err.print(f"[yellow]skipped[/yellow] {doc.skipped}", highlight=False, soft_wrap=True)

    @app.command()
    def extract(
        inputs: Annotated[list[str], typer.Argument(help="JSONL, .txt, .html, feed files, folders, or - for stdin.")],
        output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write mentions here (JSONL); default stdout.")] = None,
        published: PublishedOpt = None,
        source: SourceOpt = None,
        workers: WorkersOpt = None,
        config: ConfigOpt = None,
    ) -> None:
        """Code articles and write one event mention per line (JSONL), offsets into each article's text."""
        settings = _settings(config)
        out = output.open("w", encoding="utf-8") if output else sys.stdout
        failed = n_docs = n_mentions = 0
        started = time.perf_counter()
        try:
            with _progress() as progress:
                task = progress.add_task("coding", total=None)
                for item in code_sources(inputs, settings=settings, published=published,
                                         source=source, workers=workers):
                    if isinstance(item, Problem):
                        failed += 1
                        _report_problem(item)
                        continue
                    n_docs += 1
                    progress.advance(task)
                    failed += _report_doc_problems(item)
                    for event in item.events:
                        out.write(json.dumps(event.to_dict(coder_version=__version__),
                                             ensure_ascii=False) + "\n")
                        n_mentions += 1
        finally:
            if output:
                out.close()
        err.print(f"{n_docs} articles, {n_mentions} event mentions, {failed} failed "
                  f"({time.perf_counter() - started:.1f} s)", highlight=False)
        raise typer.Exit(1 if failed else 0)

    def _report_doc_problems(doc: Document) -> int:
        """Print a coded document's problems; return 1 if it failed (not merely skipped)."""
        if doc.skipped and doc.problems and all(p.code == "E009" for p in doc.problems):
            _report_skip(doc)
            return 0
        for p in doc.problems:
            _report_problem(p)
        return 1 if doc.skipped else 0

    @app.command()
    def ingest(
        sources: Annotated[list[str], typer.Argument(help="Files, folders, feeds, JSONL, or - for stdin.")],
        db: DbOpt = Path("tripwire.duckdb"),
        published: PublishedOpt = None,
        source: SourceOpt = None,
        workers: WorkersOpt = None,
        config: ConfigOpt = None,
    ) -> None:
        """Code sources and store articles and mentions in the DuckDB store (re-runs add nothing)."""
        from .store import Store

        settings = _settings(config)
        failed = 0
        totals = {"articles_added": 0, "articles_unchanged": 0, "mentions_added": 0, "skipped": 0}
        try:
            with Store.open(db) as store, _progress() as progress:
                task = progress.add_task("ingesting", total=None)
                batch: list[Document] = []
                problems: list[Problem] = []
                for item in code_sources(sources, settings=settings, published=published,
                                         source=source, workers=workers):
                    if isinstance(item, Problem):
                        failed += 1
                        _report_problem(item)
                        problems.append(item)
                        continue
                    failed += _report_doc_problems(item)
                    totals["skipped"] += item.skipped is not None
                    batch.append(item)
                    progress.advance(task)
                    if len(batch) >= settings.batch_size:
                        _write(store, batch, problems, totals)
                        batch, problems = [], []
                _write(store, batch, problems, totals)
                counts = store.counts()
        except TripwireError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        table = Table(title=f"ingest → {db}", show_header=False)
        for key, value in totals.items():
            table.add_row(key.replace("_", " "), str(value))
        table.add_row("failed items", str(failed))
        table.add_row("store now holds", f"{counts['articles']} articles, {counts['mentions']} mentions")
        err.print(table)
        raise typer.Exit(1 if failed else 0)

    def _write(store, batch, problems, totals) -> None:
        if not batch and not problems:
            return
        stats = store.write(batch, coder_version=__version__)
        if problems:
            store.add_problems(problems)
        totals["articles_added"] += stats.articles_added
        totals["articles_unchanged"] += stats.articles_unchanged
        totals["mentions_added"] += stats.mentions_added

    @app.command()
    def query(
        db: DbOpt = Path("tripwire.duckdb"),
        event_type: Annotated[Optional[list[str]], typer.Option("--type", "-t", help="PLOVER type(s).")] = None,
        actor_country: Annotated[Optional[str], typer.Option("--actor-country", help="ISO3 of an actor.")] = None,
        recipient_country: Annotated[Optional[str], typer.Option("--recipient-country", help="ISO3 of a recipient.")] = None,
        place_country: Annotated[Optional[str], typer.Option("--place-country", help="ISO3 of the event location.")] = None,
        date_from: Annotated[Optional[str], typer.Option("--from", help="Earliest event date (ISO).")] = None,
        date_to: Annotated[Optional[str], typer.Option("--to", help="Latest event date (ISO).")] = None,
        status: Annotated[Optional[list[str]], typer.Option("--status", help="Claim status(es): asserted, reported, claimed, assessed, speculative, denied.")] = None,
        include_unreal: Annotated[bool, typer.Option("--all", help="Include negated and hypothetical events (hidden by default).")] = False,
        text: Annotated[Optional[str], typer.Option("--text", help="Substring of the quote.")] = None,
        limit: Annotated[Optional[int], typer.Option("--limit", "-n")] = None,
        as_jsonl: Annotated[bool, typer.Option("--jsonl", help="JSONL to stdout instead of a table.")] = False,
    ) -> None:
        """Filter stored event mentions; a table, or JSONL with --jsonl."""
        from .store import MentionQuery, Store

        q = MentionQuery(event_type=event_type or None, actor_country=actor_country,
                         recipient_country=recipient_country, location_country=place_country,
                         date_from=date_from, date_to=date_to, status=status or None,
                         include_unreal=include_unreal, text=text, limit=limit)
        try:
            with Store.open(db, read_only=True) as store:
                rows = store.query(q)
        except TripwireError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        if as_jsonl:
            for row in rows:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        _wide_console().print(mentions_table(rows))

    def mentions_table(rows: list[dict]) -> Table:
        table = Table(title=f"{len(rows)} event mentions", show_lines=True, expand=True)
        for col, kw in (("#", {"justify": "right", "width": 3}), ("type (mode)", {"min_width": 12}),
                        ("actors → recipients", {"ratio": 2}), ("place", {"ratio": 1}),
                        ("date", {"min_width": 10}), ("claimant / status", {"ratio": 1}),
                        ("quote", {"ratio": 4})):
            table.add_column(col, **kw)
        for row in rows:
            def names(lst):
                return ", ".join(f"{a.get('name') or a['text']} [{a.get('country') or '?'}"
                                 f"{' ' + a['sector'] if a.get('sector') else ''}]" for a in lst) or "–"
            loc = row.get("location") or {}
            date = row.get("date") or {}
            claim = row.get("claim") or {}
            claimant = (claim.get("claimant") or {}).get("name") or (claim.get("claimant") or {}).get("text") or "–"
            when = date.get("value") or (f"{date.get('start')}…{date.get('end')}" if date.get("start") else "–")
            aux = f"\n({row['aux_mode']})" if row.get("aux_mode") else ""
            table.add_row(str(row["sentence_index"]),
                          f"{row['event_type']}" + (f" ({row['mode']})" if row.get("mode") else "") + aux,
                          f"{names(row['actors'])} → {names(row['recipients'])}",
                          f"{loc.get('name') or '–'}" + (f" [{loc.get('country')}]" if loc.get("country") else ""),
                          f"{when}\n{date.get('precision') or ''}",
                          f"{claimant} / {claim.get('status')}",
                          _highlight(row))
        return table

    # Characters of quote shown on each side of the trigger in the table (full quote: --jsonl).
    QUOTE_CONTEXT = 90

    def _highlight(row: dict) -> str:
        """The quote around its trigger, trigger in bold; trimmed with … at the ends."""
        from rich.markup import escape

        quote, trig = row["quote"], row["trigger"]
        a, b = trig["start"] - quote["start"], trig["end"] - quote["start"]
        text = quote["text"]
        if not 0 <= a < b <= len(text):
            return escape(text)
        lo, hi = max(0, a - QUOTE_CONTEXT), min(len(text), b + QUOTE_CONTEXT)
        return (("…" if lo else "") + escape(text[lo:a]) + "[bold yellow]" + escape(text[a:b])
                + "[/]" + escape(text[b:hi]) + ("…" if hi < len(text) else ""))

    @app.command()
    def export(
        fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | parquet")] = "jsonl",
        output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (stdout for jsonl/csv if omitted).")] = None,
        db: DbOpt = Path("tripwire.duckdb"),
        include_unreal: Annotated[bool, typer.Option("--all", help="Include negated and hypothetical events.")] = False,
    ) -> None:
        """Export stored mentions as JSONL, CSV or Parquet."""
        from .store import MentionQuery, Store
        from .store.export import export as export_rows

        if fmt == "parquet" and output is None:
            err.print("[red]error:[/red] parquet needs -o FILE")
            raise typer.Exit(2)
        try:
            with Store.open(db, read_only=True) as store:
                target = output if output else sys.stdout
                n = export_rows(store, fmt, target, query=MentionQuery(include_unreal=include_unreal))
        except TripwireError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        err.print(f"{n} mentions exported as {fmt}" + (f" to {output}" if output else ""))

    @app.command()
    def geoparse(
        input_path: Annotated[Path, typer.Argument(metavar="INPUT.jsonl", help="One {id, text, spans?} object per line.")],
        output: Annotated[Optional[Path], typer.Option("-o", "--output")] = None,
        config: ConfigOpt = None,
    ) -> None:
        """Find and resolve place names: {id, places: [...]} per input line."""
        from .geo import geoparse_records

        settings = _settings(config)
        failed = 0

        def records():
            nonlocal failed
            with input_path.open(encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as exc:
                        failed += 1
                        err.print(f"[red]✗[/red] {input_path}:{n}: malformed JSON ({exc})")
                        continue
                    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                        failed += 1
                        err.print(f"[red]✗[/red] {input_path}:{n}: needs a 'text' string")
                        continue
                    yield rec

        out = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            for result in geoparse_records(records(), settings=settings):
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
        finally:
            if output:
                out.close()
        raise typer.Exit(1 if failed else 0)

    EVAL_TARGETS = ("events", "geo", "claims", "detection", "spans", "confidence", "acled", "all")

    @app.command(name="eval")
    def eval_cmd(
        what: Annotated[str, typer.Argument(help="events | geo | claims | detection | spans | confidence | acled | all")] = "events",
        data: Annotated[Path, typer.Option("--data", help="The shared data folder.")] = Path("../shared/data"),
        split: Annotated[str, typer.Option("--split", help="heldout (never tuned on) | dev (tuned on) | all")] = "heldout",
        config: ConfigOpt = None,
    ) -> None:
        """Score Tripwire on labelled data: event types on ../shared/data (per-type P/R/F1),
        geoparsing on GWN/LGL, claims and event detection on the repo's own annotations, actor/recipient spans
        on ConfliBERT's cameo_ner sentences, a reliability table of ``confidence``, and ACLED
        sub-event types (weighted F1) on the repo's ACLED-labelled sentences."""
        if what not in EVAL_TARGETS:
            err.print(f"[red]error:[/red] unknown target {what!r}; use one of {', '.join(EVAL_TARGETS)}")
            raise typer.Exit(2)
        settings = _settings(config)
        console = _wide_console()
        needs_shared = what in ("events", "geo", "spans", "all")
        if needs_shared and not data.exists():
            err.print(f"[yellow]{data} not found: nothing to evaluate.[/yellow] "
                      "Put the shared data folder there or pass --data.")
            raise typer.Exit(2)
        if what in ("events", "all"):
            from .evaluate import run_all

            run_all(data, split=split, settings=settings, console=console)
        if what in ("geo", "all"):
            from .geo_eval import run_geo_eval

            run_geo_eval(data / "geo", console=console, half=split)
        if what in ("claims", "all"):
            from .claims_eval import run_claims_eval

            run_claims_eval(ANNOTATIONS, split=split, settings=settings, console=console)
        if what in ("detection", "all"):
            from .annotation_eval import evaluate_events, format_events_report

            console.print(format_events_report(evaluate_events(ANNOTATIONS, split=split, settings=settings)))
        if what in ("spans", "all"):
            from .span_eval import run_span_eval

            run_span_eval(data, split=split, settings=settings, console=console)
        if what in ("confidence", "all"):
            from .confidence_eval import run_confidence_eval

            run_confidence_eval(ANNOTATIONS, split=split, settings=settings, console=console)
        if what in ("acled", "all"):
            from .acled_eval import run_acled_eval

            run_acled_eval(split=split, settings=settings, console=console)

    @app.command()
    def version() -> None:
        """Print the version."""
        print(__version__)

    def main() -> None:
        app()
