"""The DuckDB store: idempotent transactional writes, queries, migrations, exports."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest

from tripwire.document import (
    Actor, Claim, DateValue, Document, EventMention, Place, Problem,
)
from tripwire.errors import StoreError, TripwireError
from tripwire.store import MentionQuery, Store, WriteStats
from tripwire.store import db as store_db
from tripwire.store import schema
from tripwire.store.export import FLAT_COLUMNS, WRITERS, export

CODER = "test-0.1"

BLR = Place(text="Belarus", start=0, end=7, name="Belarus", geonameid=630336, country="BLR",
            admin1=None, lat=53.0, lon=28.0, feature="country")
MINSK = Place(text="Minsk", start=None, end=None, name="Minsk", geonameid=625144,
              country="BLR", admin1="Minsk City", lat=53.9, lon=27.57, feature="city",
              reason="article dateline")


def actor(doc: Document, text: str, country: str | None, sector: str = "GOV") -> Actor:
    start = doc.text.index(text)
    return Actor(text=text, start=start, end=start + len(text), name=text,
                 country=country, sector=sector)


def mention(doc: Document, mention_id: str, sentence: str, trigger: str, event_type: str,
            **kwargs: object) -> EventMention:
    """A mention of ``sentence`` (a substring of doc.text) triggered by ``trigger``."""
    start = doc.text.index(sentence)
    tstart = doc.text.index(trigger, start)
    return EventMention(sentence_index=kwargs.pop("sentence_index", 0),
                        quote=doc.span(start, start + len(sentence)),
                        trigger=doc.span(tstart, tstart + len(trigger)),
                        event_type=event_type, mention_id=mention_id, article_id=doc.id,
                        **kwargs)


def make_docs() -> list[Document]:
    a_text = ("Belarus is moving troops to the border, BelTA reported. "
              "Russia did not attack Ukraine on Monday.")
    a = Document(text=a_text, id="art-a", url="https://example.org/a", source="Example",
                 title="Troops", published="2022-12-14")
    a.events = [
        mention(a, "m-a1", "Belarus is moving troops to the border, BelTA reported.",
                "moving troops", "MOBILIZE", mode="troops", quad_class="material_conflict",
                cameo_root="15", intensity=-5.0, actors=[actor(a, "Belarus", "BLR", "MIL")],
                location=BLR, date=DateValue(precision="day", value="2022-12-14"),
                claim=Claim(status="reported", claimant=actor(a, "BelTA", "BLR", "MED"),
                            cue="reported"),
                confidence=0.82, contexts=["military"],
                acled={"event_type": "Strategic developments", "sub_event_type": "Other"}),
        mention(a, "m-a2", "Russia did not attack Ukraine on Monday.", "attack", "ASSAULT",
                sentence_index=1, actors=[actor(a, "Russia", "RUS", "MIL")],
                recipients=[actor(a, "Ukraine", "UKR")], aux_mode="negated",
                date=DateValue(precision="day", value="2022-12-12"), confidence=0.6),
    ]
    a.problems = [Problem(code="E013", message="geo failed once", item="a.jsonl:1", stage="geo")]

    b_text = ("Shoigu met Lukashenko in Minsk, the ministry claimed. "
              "The EU could sanction Belarus. Russia will send aid next week.")
    b = Document(text=b_text, id="art-b", url="https://example.org/b", source="Other",
                 published="2022-12-20")
    b.events = [
        mention(b, "m-b1", "Shoigu met Lukashenko in Minsk, the ministry claimed.", "met",
                "CONSULT", actors=[actor(b, "Shoigu", "RUS")],
                recipients=[actor(b, "Lukashenko", "BLR")], location=MINSK,
                date=DateValue(precision="day", value="2022-12-20"),
                claim=Claim(status="claimed", claimant=actor(b, "ministry", None)),
                confidence=0.9),
        mention(b, "m-b2", "The EU could sanction Belarus.", "sanction", "SANCTION",
                sentence_index=1, actors=[actor(b, "EU", None, "IGO")],
                recipients=[actor(b, "Belarus", "BLR")], aux_mode="hypothetical",
                claim=Claim(status="speculative")),
        mention(b, "m-b3", "Russia will send aid next week.", "send aid", "AID",
                sentence_index=2, actors=[actor(b, "Russia", "RUS")], aux_mode="future",
                date=DateValue(precision="week", start="2022-12-26", end="2023-01-01"),
                confidence=0.4),
    ]

    c = Document(text="Беларусь перебрасывает войска.", id="art-c", skipped="E009 not English")
    c.events = [mention(c, "m-c1", "Беларусь перебрасывает войска.", "перебрасывает", "MOBILIZE")]
    return [a, b, c]


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "t.duckdb") as opened:
        yield opened


@pytest.fixture
def filled(store):
    store.write(make_docs(), coder_version=CODER)
    return store


def snapshot(store: Store) -> tuple:
    return (store.counts(), store.articles(with_text=True),
            store.query(MentionQuery(include_unreal=True)), store.problems())


# -- writing ---------------------------------------------------------------------------

def test_write_counts_and_skipped_documents(store):
    stats = store.write(make_docs(), coder_version=CODER)
    assert stats == WriteStats(articles_added=3, articles_unchanged=0, mentions_added=5,
                               problems_added=1)
    assert store.counts() == {"articles": 3, "mentions": 5, "problems": 1}
    skipped = {a["id"]: a["skipped"] for a in store.articles()}
    assert skipped == {"art-a": None, "art-b": None, "art-c": "E009 not English"}
    assert store.query(MentionQuery(article_id="art-c", include_unreal=True)) == []
    assert "text" not in store.articles()[0]
    assert store.articles(with_text=True, ids=["art-a"])[0]["text"].startswith("Belarus")
    assert store.articles(ids=["art-a"])[0]["coder_version"] == CODER


def test_rewrite_is_idempotent(tmp_path):
    path = tmp_path / "t.duckdb"
    with Store.open(path) as store:
        store.write(make_docs(), coder_version=CODER)
        before = snapshot(store)
        again = store.write(make_docs(), coder_version="newer")
        assert again == WriteStats(articles_added=0, articles_unchanged=3, mentions_added=0,
                                   problems_added=0)
        assert snapshot(store) == before
    with Store.open(path) as store:  # and across processes / re-opens
        assert store.write(make_docs(), coder_version=CODER).articles_unchanged == 3
        assert snapshot(store) == before


def test_same_article_twice_in_one_batch_is_stored_once(store):
    docs = make_docs()
    stats = store.write(docs + docs[:1], coder_version=CODER)
    assert (stats.articles_added, stats.articles_unchanged, stats.mentions_added) == (3, 1, 5)


def test_record_is_the_mention_dict(filled):
    doc = make_docs()[0]
    expected = doc.events[0].to_dict(coder_version=CODER)
    assert filled.query(MentionQuery(article_id="art-a"))[0] == expected


def test_failure_mid_batch_rolls_back_everything(store, monkeypatch):
    art_a, art_b, art_c = make_docs()
    store.write([art_c], coder_version=CODER)
    before = snapshot(store)

    seen = []
    real_row = store_db.mention_row

    def failing_row(record):
        seen.append(record["mention_id"])
        if record["article_id"] == "art-b":  # the second document of the batch
            raise RuntimeError("disk on fire")
        return real_row(record)

    monkeypatch.setattr(store_db, "mention_row", failing_row)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.write([art_a, art_b], coder_version=CODER)
    assert seen == ["m-a1", "m-a2", "m-b1"]  # both article rows were already inserted
    assert snapshot(store) == before

    monkeypatch.setattr(store_db, "mention_row", real_row)
    assert store.write([art_a, art_b], coder_version=CODER).articles_added == 2
    assert store.counts() == {"articles": 3, "mentions": 5, "problems": 1}


def test_duckdb_error_mid_batch_becomes_store_error_and_rolls_back(store, monkeypatch):
    docs = make_docs()
    store.write(docs[:1], coder_version=CODER)
    before = snapshot(store)
    monkeypatch.setattr(store_db, "INSERT_MENTIONS", "INSERT INTO mentions SELECT * FROM nowhere")
    with pytest.raises(StoreError) as info:
        store.write(docs[1:], coder_version=CODER)  # articles go in first, then this fails
    assert info.value.code == "E018" and "nowhere" in str(info.value)
    assert isinstance(info.value.__cause__, duckdb.Error)
    assert snapshot(store) == before


def test_unstorable_value_becomes_store_error_and_rolls_back(store):
    docs = make_docs()
    store.write(docs[:1], coder_version=CODER)
    before = snapshot(store)
    docs[1].events[2].intensity = "very"  # not a number
    with pytest.raises(StoreError) as info:
        store.write(docs[1:], coder_version=CODER)
    assert info.value.code == "E018" and "very" in str(info.value)
    assert snapshot(store) == before
    docs[1].events[2].intensity = None
    docs[2].text += "\ud800"  # a lone surrogate: not encodable as UTF-8
    with pytest.raises(StoreError, match="surrogate"):
        store.write(docs[1:], coder_version=CODER)
    assert snapshot(store) == before


def test_mentions_without_ids_get_stable_ids(store):
    def doc_without_ids() -> Document:
        doc = make_docs()[1]
        for m in doc.events:
            m.mention_id = ""
            m.article_id = ""
        return doc

    store.write([doc_without_ids()], coder_version=CODER)
    records = store.query(MentionQuery(include_unreal=True))
    assert len({r["mention_id"] for r in records}) == 3 and all(r["mention_id"] for r in records)
    assert {r["article_id"] for r in records} == {"art-b"}
    finalize = pytest.importorskip("tripwire.finalize")
    expected = {finalize.mention_id("art-b", m) for m in doc_without_ids().events}
    assert {r["mention_id"] for r in records} == expected
    store._con.execute("DELETE FROM articles")  # force a second insert of the same mentions
    assert store.write([doc_without_ids()], coder_version=CODER).mentions_added == 0
    assert store.query(MentionQuery(include_unreal=True)) == records


def test_problems_are_recorded_once(store):
    problems = [Problem(code="E008", message="x: file or folder not found.", item="x"),
                Problem(code="E001", message="y: file is empty.", item="y", stage="ingest")]
    assert store.add_problems(problems) == 2
    assert store.add_problems(problems) == 0
    assert {p["code"] for p in store.problems()} == {"E001", "E008"}


def test_set_event_ids_updates_column_and_record(filled):
    assert filled.set_event_ids({"m-a1": "ev-1", "m-b1": "ev-1", "m-zz": "ev-2"}) == 2
    records = {r["mention_id"]: r for r in filled.query(MentionQuery())}
    assert records["m-a1"]["event_id"] == records["m-b1"]["event_id"] == "ev-1"
    assert records["m-b3"]["event_id"] is None
    rows = filled._con.execute(
        "SELECT count(*) FROM mentions WHERE event_id = 'ev-1'").fetchone()
    assert rows == (2,)
    assert filled.set_event_ids({"m-a1": "ev-3"}) == 1  # re-fusing moves a mention
    assert filled.query(MentionQuery(event_type="MOBILIZE"))[0]["event_id"] == "ev-3"


# -- querying --------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    (MentionQuery(), ["m-a1", "m-b1", "m-b3"]),
    (MentionQuery(include_unreal=True), ["m-a2", "m-a1", "m-b1", "m-b3", "m-b2"]),  # by date
    (MentionQuery(event_type="MOBILIZE"), ["m-a1"]),
    (MentionQuery(event_type=["CONSULT", "AID"]), ["m-b1", "m-b3"]),
    (MentionQuery(mode="troops"), ["m-a1"]),
    (MentionQuery(actor_country="RUS"), ["m-b1", "m-b3"]),
    (MentionQuery(actor_country="RUS", include_unreal=True), ["m-a2", "m-b1", "m-b3"]),
    (MentionQuery(actor_country=["BLR", "UKR"]), ["m-a1"]),
    (MentionQuery(recipient_country="BLR"), ["m-b1"]),
    (MentionQuery(recipient_country="BLR", include_unreal=True), ["m-b1", "m-b2"]),
    (MentionQuery(location_country="BLR"), ["m-a1", "m-b1"]),
    (MentionQuery(event_type=["CONSULT", "AGREE"], actor_country="RUS",
                  location_country="BLR"), ["m-b1"]),
    (MentionQuery(date_from="2022-12-15"), ["m-b1", "m-b3"]),
    (MentionQuery(date_to="2022-12-20"), ["m-a1", "m-b1"]),
    (MentionQuery(date_from="2022-12-14", date_to="2022-12-14"), ["m-a1"]),
    (MentionQuery(date_from="2022-12-26", date_to="2022-12-31"), ["m-b3"]),  # a range's start
    (MentionQuery(status="claimed"), ["m-b1"]),
    (MentionQuery(status=["reported", "asserted"]), ["m-a1", "m-b3"]),
    (MentionQuery(aux_mode="negated"), ["m-a2"]),
    (MentionQuery(aux_mode=["future", "hypothetical"]), ["m-b3", "m-b2"]),
    (MentionQuery(article_id="art-b", include_unreal=True), ["m-b1", "m-b3", "m-b2"]),
    (MentionQuery(text="TROOPS"), ["m-a1"]),
    (MentionQuery(text=["lukashenko", "aid"]), ["m-b1", "m-b3"]),
    (MentionQuery(text="sanction"), []),  # hypothetical: not counted as happening
    (MentionQuery(min_confidence=0.8), ["m-a1", "m-b1"]),
    (MentionQuery(include_unreal=True, limit=2), ["m-a2", "m-a1"]),
    (MentionQuery(text="'; DROP TABLE mentions; --"), []),
    (MentionQuery(text="100%_"), []),
])
def test_query_filters(filled, query, expected):
    assert [r["mention_id"] for r in filled.query(query)] == expected
    assert filled.counts()["mentions"] == 5


# -- migrations and opening -------------------------------------------------------------

def test_migrations_recorded_and_not_rerun(tmp_path, monkeypatch):
    path = tmp_path / "t.duckdb"
    with Store.open(path) as store:
        first = store.migrations()
    assert [name for name, _ in first] == [m.name for m in schema.MIGRATIONS]

    def must_not_run(con):
        raise AssertionError("migration re-run")

    monkeypatch.setattr(schema, "MIGRATIONS",
                        [schema.Migration(m.name, must_not_run) for m in schema.MIGRATIONS])
    with Store.open(path) as store:
        assert store.migrations() == first


def test_new_migration_applied_on_open(tmp_path, monkeypatch):
    path = tmp_path / "t.duckdb"
    Store.open(path).close()
    added = schema.Migration("m999_add_note", lambda con: con.execute(
        "ALTER TABLE articles ADD COLUMN note VARCHAR"))
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, added])
    with pytest.raises(StoreError, match="m999_add_note"):
        Store.open(path, read_only=True)  # read-only never migrates
    with Store.open(path) as store:
        assert store.migrations()[-1][0] == "m999_add_note"
        store.write(make_docs(), coder_version=CODER)
        assert store.counts()["articles"] == 3


def test_failed_migration_leaves_no_record(tmp_path, monkeypatch):
    path = tmp_path / "t.duckdb"
    Store.open(path).close()

    def broken(con):
        con.execute("CREATE TABLE half_done (x INTEGER)")
        con.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(schema, "MIGRATIONS",
                        [*schema.MIGRATIONS, schema.Migration("m998_broken", broken)])
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.code == "E018"
    monkeypatch.undo()
    con = duckdb.connect(str(path), read_only=True)
    names = {r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()}
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
              .fetchall()}
    con.close()
    assert "m998_broken" not in names and "half_done" not in tables


def test_read_only_open(tmp_path):
    path = tmp_path / "t.duckdb"
    with Store.open(path) as store:
        store.write(make_docs(), coder_version=CODER)
        expected = store.query()
    with Store.open(path, read_only=True) as store:
        assert store.query() == expected
        assert store.counts()["articles"] == 3
        with pytest.raises(StoreError, match="read_only"):
            store.write(make_docs(), coder_version=CODER)


def test_read_only_missing_file_is_store_error(tmp_path):
    with pytest.raises(StoreError) as info:
        Store.open(tmp_path / "absent.duckdb", read_only=True)
    assert info.value.code == "E018"
    assert isinstance(info.value.__cause__, duckdb.Error)


def test_closed_store_errors_are_translated(tmp_path):
    store = Store.open(tmp_path / "t.duckdb")
    store.close()
    with pytest.raises(StoreError):
        store.counts()


# -- export ----------------------------------------------------------------------------

def test_export_jsonl_round_trip(filled, tmp_path):
    out = tmp_path / "m.jsonl"
    assert export(filled, "jsonl", out) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == filled.query()
    buf = io.StringIO()
    assert export(filled, "jsonl", buf, query=MentionQuery(include_unreal=True)) == 5
    assert len(buf.getvalue().splitlines()) == 5


def test_export_csv_flat_columns(filled, tmp_path):
    out = tmp_path / "m.csv"
    assert export(filled, "csv", out, query=MentionQuery(include_unreal=True)) == 5
    with open(out, encoding="utf-8", newline="") as fh:
        rows = {row["mention_id"]: row for row in csv.DictReader(fh)}
    assert list(next(iter(rows.values()))) == [name for name, _ in FLAT_COLUMNS]
    a1, b1, b2 = rows["m-a1"], rows["m-b1"], rows["m-b2"]
    assert a1["url"] == "https://example.org/a" and a1["source"] == "Example"
    assert (a1["event_type"], a1["mode"], a1["actors"], a1["actor_countries"]) == (
        "MOBILIZE", "troops", "Belarus", "BLR")
    assert (a1["claim_status"], a1["claimant"], a1["date"]) == ("reported", "BelTA", "2022-12-14")
    assert float(a1["location_lat"]) == 53.0 and a1["location_country"] == "BLR"
    assert a1["acled_sub_event_type"] == "Other" and a1["contexts"] == "military"
    assert a1["quote"] == "Belarus is moving troops to the border, BelTA reported."
    assert (b1["recipients"], b1["location_name"], b1["claimant"]) == ("Lukashenko", "Minsk",
                                                                       "ministry")
    assert (b2["actors"], b2["actor_countries"], b2["aux_mode"]) == ("EU", "", "hypothetical")


def test_export_parquet_round_trip(filled, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "m.parquet"
    assert export(filled, "parquet", out, query=MentionQuery(include_unreal=True)) == 5
    table = pq.read_table(out)
    assert table.column_names == [name for name, _ in FLAT_COLUMNS] + ["record"]
    rows = {r["mention_id"]: r for r in table.to_pylist()}
    assert rows["m-b1"]["actor_countries"] == ["RUS"]
    assert rows["m-b1"]["recipients"] == ["Lukashenko"]
    assert rows["m-a1"]["intensity"] == -5.0 and rows["m-a1"]["location_geonameid"] == 630336
    assert rows["m-b3"]["date_start"] == "2022-12-26"
    records = [json.loads(r["record"]) for r in table.to_pylist()]
    assert records == filled.query(MentionQuery(include_unreal=True))


def test_export_parquet_to_text_stream_is_refused(filled):
    with pytest.raises(TripwireError) as info:
        export(filled, "parquet", io.StringIO())
    assert info.value.code == "E120"


def test_export_empty_and_unknown_format(store, tmp_path):
    assert export(store, "csv", tmp_path / "e.csv") == 0
    assert (tmp_path / "e.csv").read_text().strip() == ",".join(n for n, _ in FLAT_COLUMNS)
    with pytest.raises(TripwireError) as info:
        export(store, "gdelt-v9", tmp_path / "x")
    assert info.value.code == "E020"
    assert "jsonl" in str(info.value)
    assert set(WRITERS) >= {"jsonl", "csv", "parquet"}


def test_public_api():
    import tripwire.store as package

    assert sorted(package.__all__) == ["MentionQuery", "Store", "WriteStats"]
    assert store_db.UNREAL_AUX_MODES == ("negated", "hypothetical")


@pytest.mark.parametrize("text,cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1 attack", "'+1 attack"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("Russia attacked", "Russia attacked"),
    (-3.5, -3.5),            # numbers stay numbers
    (None, ""),
])
def test_csv_cells_never_start_a_formula(text, cell):
    from tripwire.store.export import _csv_cell

    assert _csv_cell(text) == cell
