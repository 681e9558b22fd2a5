"""The command line end to end: contracts, bad input per item, idempotent store, help.

Commands run in-process through Typer's runner; the pipeline's heavy resources are
cached per process, so these stay quick after the first load.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tripwire.cli import app

from conftest import SEED_TEXT

pytestmark = pytest.mark.slow

ENGLISH = ("Russian forces shelled the city of Kharkiv on Tuesday, killing three civilians, "
           "Ukrainian officials said. Police arrested twelve protesters in Minsk.")
FRENCH = ("Le gouvernement français a annoncé mardi de nouvelles mesures pour soutenir les "
          "agriculteurs touchés par la sécheresse, selon un communiqué du ministère.")


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_extract_seed_contract(runner, tmp_path):
    out = tmp_path / "m.jsonl"
    result = run(runner, "extract", str(SEED_TEXT), "--published", "2022-12-07", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = read_jsonl(out)
    assert rows, "the seed yields mentions"
    text = SEED_TEXT.read_text(encoding="utf-8")
    required = {"mention_id", "article_id", "event_id", "sentence_index", "quote", "trigger",
                "event_type", "mode", "contexts", "quad_class", "cameo_root", "intensity", "acled",
                "actors", "recipients", "location", "date", "claim", "aux_mode", "confidence", "coder"}
    for row in rows:
        assert required <= set(row)
        for key in ("quote", "trigger"):
            assert text[row[key]["start"]:row[key]["end"]] == row[key]["text"]


def test_extract_jsonl_offsets_into_given_text(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": ENGLISH, "published": "2024-03-05"}) + "\n")
    out = tmp_path / "m.jsonl"
    assert run(runner, "extract", str(src), "-o", str(out)).exit_code == 0
    rows = read_jsonl(out)
    assert {r["event_type"] for r in rows} >= {"ASSAULT", "COERCE"}
    for r in rows:
        assert r["article_id"] == "a1"
        assert ENGLISH[r["trigger"]["start"]:r["trigger"]["end"]] == r["trigger"]["text"]


def test_extract_stdin(runner):
    result = run(runner, "extract", "-", "--published", "2024-03-05", input=ENGLISH)
    assert result.exit_code == 0
    rows = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert any(r["event_type"] == "ASSAULT" for r in rows)


@pytest.fixture()
def bad_batch(tmp_path) -> tuple[list[str], dict[str, str]]:
    """A folder of broken items around two good ones; returns (inputs, name -> code)."""
    d = tmp_path / "batch"
    d.mkdir()
    (d / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 200)
    (d / "latin1.txt").write_bytes("Le café était fermé à Genève, selon la police.".encode("latin-1"))
    (d / "huge.txt").write_text("Troops moved. " * 1_500_000, encoding="utf-8")  # ~21 MB
    (d / "lines.jsonl").write_text(
        json.dumps({"id": "ok", "text": ENGLISH}) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n",
        encoding="utf-8")
    (d / "nobody.html").write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    missing = str(tmp_path / "does-not-exist.txt")
    expected = {"empty.txt": "E001", "binary.txt": "E002", "latin1.txt": "E003", "huge.txt": "E00",
                "lines.jsonl:2": "E005", "lines.jsonl:3": "E006", "nobody.html": "E007",
                "does-not-exist.txt": "E008"}
    return [str(d), missing], expected


def test_bad_input_reported_per_item_rest_goes_on(runner, tmp_path, bad_batch):
    inputs, expected = bad_batch
    out = tmp_path / "m.jsonl"
    result = run(runner, "extract", *inputs, "-o", str(out))
    assert result.exit_code == 1
    messages = result.stderr
    for name, code in expected.items():
        line = next((ln for ln in messages.splitlines() if name in ln), None)
        assert line is not None, f"no message names {name}:\n{messages}"
        assert f"[{code}" in line, line
    rows = read_jsonl(out)
    assert {r["article_id"] for r in rows} >= {"ok"}, "the good JSONL line was coded"
    assert len({r["article_id"] for r in rows}) == 2, "both good items were coded"


def test_ingest_store_holds_only_complete_articles_and_reruns_add_nothing(runner, tmp_path, bad_batch):
    from tripwire.store import Store

    inputs, _ = bad_batch
    db = tmp_path / "t.duckdb"
    first = run(runner, "ingest", *inputs, "--db", str(db))
    assert first.exit_code == 1
    with Store.open(db, read_only=True) as store:
        counts = store.counts()
        articles = store.articles()
    assert counts["articles"] == 2 and counts["mentions"] > 0
    assert all(a["text"] if "text" in a else True for a in articles)
    second = run(runner, "ingest", *inputs, "--db", str(db))
    assert second.exit_code == 1
    with Store.open(db, read_only=True) as store:
        assert store.counts()["articles"] == counts["articles"]
        assert store.counts()["mentions"] == counts["mentions"]


def test_non_english_is_skipped_not_failed(runner, tmp_path):
    src = tmp_path / "fr.txt"
    src.write_text(FRENCH, encoding="utf-8")
    out = tmp_path / "m.jsonl"
    result = run(runner, "extract", str(src), "-o", str(out))
    assert result.exit_code == 0
    assert "skipped" in result.stderr and "fr" in result.stderr
    assert read_jsonl(out) == []


def test_query_and_export(runner, tmp_path):
    db = tmp_path / "t.duckdb"
    assert run(runner, "ingest", str(SEED_TEXT), "--published", "2022-12-07", "--db", str(db)).exit_code == 0
    res = run(runner, "query", "--db", str(db), "--type", "MOBILIZE", "--actor-country", "BLR", "--jsonl")
    rows = [json.loads(x) for x in res.stdout.splitlines() if x]
    assert rows and all(r["event_type"] == "MOBILIZE" for r in rows)
    assert all(any(a["country"] == "BLR" for a in r["actors"]) for r in rows)
    default = [json.loads(x) for x in run(runner, "query", "--db", str(db), "--jsonl").stdout.splitlines() if x]
    everything = [json.loads(x) for x in run(runner, "query", "--db", str(db), "--jsonl", "--all").stdout.splitlines() if x]
    assert all(r["aux_mode"] not in ("negated", "hypothetical") for r in default)
    assert len(everything) > len(default), "the seed has hypothetical mentions, hidden by default"
    table = run(runner, "query", "--db", str(db))
    assert "MOBILIZE" in table.stdout
    for fmt in ("jsonl", "csv", "parquet"):
        target = tmp_path / f"out.{fmt}"
        assert run(runner, "export", "--format", fmt, "-o", str(target), "--db", str(db)).exit_code == 0
        assert target.stat().st_size > 0


def test_workers_give_identical_output(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    texts = [ENGLISH, SEED_TEXT.read_text(encoding="utf-8"), "Protesters marched in Paris on Friday."]
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t, "published": "2022-12-07"}) + "\n"
                           for i, t in enumerate(texts)))
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(runner, "extract", str(src), "-o", str(one)).exit_code == 0
    assert run(runner, "extract", str(src), "-o", str(two), "--workers", "2").exit_code == 0
    assert one.read_text() == two.read_text()


@pytest.mark.parametrize("command", ["extract", "ingest", "query", "export", "geoparse", "eval"])
def test_every_command_has_help(runner, command):
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout and len(result.stdout) > 200


def test_public_api_is_small():
    import tripwire

    assert sorted(tripwire.__all__) == sorted(
        ["Document", "EventMention", "Pipeline", "Settings", "TripwireError", "load_settings", "__version__"])
    for name in tripwire.__all__:
        assert hasattr(tripwire, name)
