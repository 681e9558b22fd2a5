"""Actor dictionaries and the phrase resolver (tripwire/actors.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tripwire.actors import SECTORS, ActorDictionary, tokenize
from tripwire.errors import ConfigError
from tripwire.settings import DATA_DIR, Settings

ROOT = Path(__file__).resolve().parents[1]
ACTORS = DATA_DIR / "actors"
SEED_DATE = "2022-12-07"


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


# phrase, on_date, expected country, expected sector (a set where several are acceptable)
CASES = [
    # the seed article (published 2022-12-07; Shoigu's visit was 2022-12-03)
    ("Russia's minister of defence Sergei Shoigu", "2022-12-03", "RUS", {"MIL", "GOV"}),
    ("Russia’s minister of defence Sergei Shoigu", "2022-12-03", "RUS", {"MIL", "GOV"}),
    ("Sergei Shoigu, Russia’s minister of defence", "2022-12-03", "RUS", {"MIL", "GOV"}),
    ("his Belarusian counterpart, Viktor Khrenin", "2022-12-03", "BLR", {"MIL"}),
    ("Lukashenko's military", SEED_DATE, "BLR", {"MIL"}),
    ("Lukashenko’s military", SEED_DATE, "BLR", {"MIL"}),
    ("his own army", SEED_DATE, None, {"MIL"}),
    ("the government of Belarus", SEED_DATE, "BLR", {"GOV"}),
    ("Russian soldiers", SEED_DATE, "RUS", {"MIL"}),
    ("Russian troops", SEED_DATE, "RUS", {"MIL"}),
    ("the Belarus Security Council", SEED_DATE, "BLR", {"GOV"}),
    ("residents of Minsk", SEED_DATE, "BLR", {"CVL"}),
    ("partisans", SEED_DATE, None, {"REB"}),
    ("Ukrainian forces", SEED_DATE, "UKR", {"MIL"}),
    ("Russia’s ally Belarus", SEED_DATE, "BLR", {"GOV"}),
    ("President Alexander Lukashenko", SEED_DATE, "BLR", {"GOV"}),
    ("Ukraine", SEED_DATE, "UKR", {"GOV"}),
    ("Moscow", SEED_DATE, "RUS", {"GOV"}),
    # other phrases from the brief
    ("Iraqi troops", None, "IRQ", {"MIL"}),
    ("the Kremlin", None, "RUS", {"GOV"}),
    ("Kyiv", None, "UKR", {"GOV"}),
    ("Kiev", None, "UKR", {"GOV"}),
    ("Washington", None, "USA", {"GOV"}),
    ("the White House", None, "USA", {"GOV"}),
    ("the Pentagon", None, "USA", {"MIL"}),
    ("Downing Street", None, "GBR", {"GOV"}),
    ("Whitehall", None, "GBR", {"GOV"}),
    ("Beijing", None, "CHN", {"GOV"}),
    ("Tehran", None, "IRN", {"GOV"}),
    ("Damascus", None, "SYR", {"GOV"}),
    ("Ankara", None, "TUR", {"GOV"}),
    ("Baghdad", None, "IRQ", {"GOV"}),
    ("the United States", None, "USA", {"GOV"}),
    ("U.S. officials", None, "USA", {"GOV"}),
    ("US troops", None, "USA", {"MIL"}),
    ("America", None, "USA", {"GOV"}),
    ("Britain", None, "GBR", {"GOV"}),
    ("UK police", None, "GBR", {"COP"}),
    ("Byelorussia", None, "BLR", {"GOV"}),
    ("Ivory Coast", None, "CIV", {"GOV"}),
    ("Belarussian diplomats", None, "BLR", {"GOV"}),
    ("Syrian rebels", None, "SYR", {"REB"}),
    ("Turkish lawmakers", None, "TUR", {"LEG"}),
    ("Russian state media", None, "RUS", {"MED"}),
    ("Ukrainian refugees", None, "UKR", {"REF"}),
    ("Polish workers", None, "POL", {"LAB"}),
    ("Belarusian opposition", None, "BLR", {"OPP"}),
    ("Chinese security forces", None, "CHN", {"COP"}),
    ("a Moscow court", None, "RUS", {"JUD"}),
    ("Iranian intelligence", None, "IRN", {"SPY"}),
    ("Erdoğan", None, "TUR", {"GOV"}),
    ("Zelenskyy", "2023-02-01", "UKR", {"GOV"}),
    ("Lukashenka", "2021-05-01", "BLR", {"GOV"}),
    # IGOs and armed groups
    ("UN Secretary-General Antonio Guterres", SEED_DATE, None, {"IGO"}),
    ("the United Nations", None, None, {"IGO"}),
    ("NATO", None, None, {"IGO"}),
    ("the EU", None, None, {"IGO"}),
    ("the OSCE", None, None, {"IGO"}),
    ("the Arab League", None, None, {"IGO"}),
    ("the IAEA", None, None, {"IGO"}),
    ("Islamic State", None, None, {"INS"}),
    ("Isis fighters", None, None, {"INS"}),
    ("the Wagner Group", None, "RUS", {"MIL"}),
    ("Hezbollah", None, "LBN", {"INS", "REB"}),
    ("Iran-backed Houthis", None, "YEM", {"REB"}),
    ("pro-Russian separatists", None, None, {"REB"}),
    ("the Taliban", "2019-01-01", "AFG", {"INS"}),
    ("the Taliban", "2023-01-01", "AFG", {"GOV"}),
    # date-dependent roles
    ("Shoigu", "2022-12-03", "RUS", {"MIL"}),
    ("Shoigu", "2025-06-01", "RUS", {"GOV"}),
    ("Belousov", "2024-06-01", "RUS", {"MIL"}),
    ("Trump", "2018-03-01", "USA", {"GOV"}),
    ("Trump", "2022-03-01", "USA", {"ELI"}),
    ("Trump", "2025-03-01", "USA", {"GOV"}),
    ("Biden", "2022-03-01", "USA", {"GOV"}),
    ("Lloyd Austin", "2023-01-01", "USA", {"MIL"}),
    ("Reznikov", "2022-12-03", "UKR", {"MIL"}),
    ("Umerov", "2024-01-10", "UKR", {"MIL"}),
    ("Kuleba", "2023-01-01", "UKR", {"GOV"}),
    ("Blinken", "2023-01-01", "USA", {"GOV"}),
    ("Ursula von der Leyen", "2018-01-01", "DEU", {"MIL"}),
    ("Ursula von der Leyen", "2023-01-01", None, {"IGO"}),
    ("former president Donald Trump", "2022-01-01", "USA", {"ELI"}),
    # outlets and analysts
    ("BelTA", None, "BLR", {"MED"}),
    ("the official news agency BelTA", None, "BLR", {"MED"}),
    ("Reuters", None, "GBR", {"MED"}),
    ("The Institute for the Study of War think tank", None, "USA", {"NGO"}),
    ("Rochan Consulting", None, "POL", {"NGO"}),
]


@pytest.mark.parametrize("phrase,on_date,country,sectors", CASES)
def test_resolve_table(actors, phrase, on_date, country, sectors):
    res = actors.resolve(phrase, on_date=on_date)
    assert res is not None, phrase
    assert (res.country, res.sector in sectors) == (country, True), (phrase, res)
    assert 0 <= res.match_start < res.match_end <= len(phrase)
    assert res.reason


def test_shoigu_is_not_defence_minister_in_2025(actors):
    res = actors.resolve("Shoigu", on_date="2025-06-01")
    assert "defence minister" not in res.reason
    assert "Security Council secretary" in res.reason
    assert "defence minister 2012-11-06..2024-05-12" in actors.resolve("Shoigu", on_date="2022-12-03").reason


def test_role_boundaries_hand_over_on_the_day(actors):
    assert "president" in actors.resolve("Biden", on_date="2025-01-19").reason
    assert actors.resolve("Biden", on_date="2025-01-20").sector == "ELI"
    assert actors.resolve("Trump", on_date="2025-01-20").sector == "GOV"


def test_decisive_offsets_point_into_the_phrase(actors):
    phrase = "his Belarusian counterpart, Viktor Khrenin"
    res = actors.resolve(phrase, on_date="2022-12-03")
    assert phrase[res.match_start:res.match_end] == "Viktor Khrenin"
    assert res.name == "Viktor Khrenin"
    phrase = "Lukashenko’s military"
    res = actors.resolve(phrase)
    assert phrase[res.match_start:res.match_end] == "Lukashenko"
    assert res.name == "Belarus"


def test_unknown_and_pronoun_phrases_do_not_resolve(actors):
    assert actors.resolve("us") is None
    assert actors.resolve("some observers") is not None  # analyst word, weak
    assert actors.resolve("the quick brown fox") is None
    assert actors.resolve("") is None


def test_case_rules(actors):
    assert actors.resolve("turkey") is None  # the bird, lowercase
    assert actors.resolve("Turkey").country == "TUR"
    assert actors.resolve("who") is None  # not the WHO
    assert actors.resolve("WHO").sector == "IGO"
    assert actors.resolve("RUSSIA").country == "RUS"  # all-caps headline
    assert actors.resolve("the un") is None


@pytest.mark.parametrize("phrase", ["BelTA", "Reuters", "the official news agency BelTA", "TASS",
                                    "AP", "Institute for the Study of War", "ISW", "Rochan Consulting",
                                    "RUSI", "Chatham House", "Al Jazeera", "Xinhua"])
def test_outlets_are_not_government_actors(actors, phrase):
    res = actors.resolve(phrase)
    assert res.sector not in ("GOV", "MIL")
    assert res.kind in ("media", "analyst")
    assert actors.is_outlet_or_think_tank(phrase)


def test_kind_of(actors):
    assert actors.kind_of("BelTA") == "media"
    assert actors.kind_of("the Institute for the Study of War") == "analyst"
    assert actors.kind_of("Ukraine") == "government"
    assert actors.kind_of("Russian soldiers") == "military"
    assert actors.kind_of("NATO") == "igo"
    assert actors.kind_of("Amnesty International") == "ngo"
    assert actors.kind_of("Konrad Muzyka") == "analyst"
    assert actors.kind_of("nothing known") is None
    assert not actors.is_outlet_or_think_tank("Ukraine")
    assert not actors.is_outlet_or_think_tank("Konrad Muzyka")  # a person, not an outlet


def test_find_in_seed_sentence(actors):
    text = ("In the most recent action, the Belarus Security Council announced on Wednesday that "
            "troops and equipment will be arriving in the nation over the next two days, as "
            "reported by the official news agency BelTA.")
    hits = actors.find(text)
    assert [text[m.start:m.end] for m in hits] == [
        "Belarus", "Security Council", "troops", "official news agency", "BelTA"]
    assert all(m.text == text[m.start:m.end] for m in hits)
    assert hits[-1].entry.kind == "media"


def test_find_marks_possessives_and_modifiers(actors):
    text = "Russia’s ally and pro-Western Moldova met Iran-backed militias and U.S.-led forces."
    hits = {m.text: m for m in actors.find(text)}
    assert hits["Russia"].possessive
    assert not hits["Moldova"].modifier
    assert hits["Iran"].modifier
    assert not hits["U.S."].modifier  # "-led": the leader is the actor


def test_find_is_non_overlapping_and_longest_first(actors):
    text = "the United States of America and the UN Security Council and Security Council"
    # "the United States" is also an alias: the longer name at the same start must win
    hits = actors.find(text)
    assert [m.text for m in hits] == ["United States of America", "the UN Security Council",
                                      "Security Council"]
    ends = [0] + [m.end for m in hits]
    assert all(m.start >= e for m, e in zip(hits, ends))


def test_tokenize_possessive_and_curly_apostrophe():
    assert [t[3] for t in tokenize("Russia’s Côte d'Ivoire U.S.")] == [
        "russia", "'s", "cote", "d", "'", "ivoire", "u", ".", "s", "."]


def test_loading_is_fast_and_cached():
    from tripwire import actors as module

    module._load_cached.cache_clear()
    t0 = time.perf_counter()
    first = ActorDictionary.load()
    elapsed = time.perf_counter() - t0
    assert elapsed < 2.0, f"loading took {elapsed:.2f}s"
    assert ActorDictionary.load() is first
    assert ActorDictionary.load(Settings()) is first


def test_data_files_are_valid_and_documented():
    readme = (ACTORS / "README.md").read_text(encoding="utf-8")
    for path in sorted(ACTORS.glob("*.jsonl")):
        assert path.name in readme, f"{path.name} has no provenance in README.md"
        lines = path.read_text(encoding="utf-8").splitlines()
        meta = json.loads(lines[0])
        assert "_meta" in meta and ("licence" in meta["_meta"] or "sources" in meta["_meta"])
        for line in lines[1:]:
            rec = json.loads(line)
            for role in rec.get("roles", []):
                assert role["sector"] in SECTORS
                assert role["end"] is None or role["start"] <= role["end"], rec["id"]


def test_person_coverage():
    people = [json.loads(line) for line in (ACTORS / "persons.jsonl").read_text(encoding="utf-8").splitlines()[1:]]
    roles = sum(len(p["roles"]) for p in people)
    assert roles >= 300
    countries = {r["country"] for p in people for r in p["roles"]}
    for iso3 in ("RUS", "UKR", "BLR", "USA", "POL", "LTU", "LVA", "EST", "FIN", "MDA", "GEO",
                 "KAZ", "ROU", "HUN", "SVK", "CHN", "IND", "BRA", "SAU", "ZAF", "KOR", "TUR"):
        assert iso3 in countries, iso3


def test_every_sovereign_country_has_name_demonym_and_capital():
    rows = [json.loads(line) for line in (ACTORS / "countries.jsonl").read_text(encoding="utf-8").splitlines()[1:]]
    sovereign = [r for r in rows if r["sovereign"]]
    assert len(sovereign) >= 190
    for r in sovereign:
        assert r["aliases"], r["iso3"]
        if r["iso3"] not in ("VAT",):
            assert r["demonyms"], r["iso3"]


def test_generated_table_is_up_to_date(tmp_path):
    """Re-running the generator must reproduce countries.jsonl byte for byte."""
    before = (ACTORS / "countries.jsonl").read_bytes()
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_actor_tables.py")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert (ACTORS / "countries.jsonl").read_bytes() == before


def test_bad_record_raises_config_error(tmp_path):
    folder = tmp_path / "actors"
    folder.mkdir()
    for name in ("countries.jsonl", "organizations.jsonl", "outlets.jsonl", "sectors.jsonl"):
        (folder / name).write_text((ACTORS / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "persons.jsonl").write_text(
        '{"id": "person:x", "name": "X Y", "aliases": ["X Y"], "roles": '
        '[{"title": "t", "country": "RUS", "sector": "GOV", "start": "May 2020", "end": null}]}\n',
        encoding="utf-8")
    with pytest.raises(ConfigError, match="E140"):
        ActorDictionary.load(Settings(data_dir=tmp_path))


@pytest.mark.parametrize("phrase", ["a former soldier", "former officials", "the former minister"])
def test_former_role_words_alone_resolve_to_nothing_not_crash(phrase):
    """Regression: a phrase whose only matches are "former ..." role words crashed resolve()."""
    result = ActorDictionary.load().resolve(phrase)
    assert result is None or result.sector is None or "former" not in (result.reason or "")
