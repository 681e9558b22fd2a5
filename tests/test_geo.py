"""Geo stage: toponym resolution, metonymy and the event-location cascade.

Most tests use a small in-memory gazetteer and hand-built Documents; the tests marked
``slow`` use the full gazetteer (built once and cached under $TRIPWIRE_CACHE or
~/.cache/tripwire; the first build takes ~10 s).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tripwire.document import Actor, Document, Entity, EventMention, Sentence
from tripwire.gazetteer import Gazetteer, load_gazetteer
from tripwire.geo import (GeoStage, find_dateline, find_toponyms, geoparse_records, is_demonym,
                          is_metonym, make_geo, resolve)

SHARED_GEO = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "geo"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_records([
        {"geonameid": 630336, "name": "Belarus", "country": "BLR", "lat": 53.0, "lon": 28.0,
         "feature": "country", "population": 9_485_386},
        {"geonameid": 2017370, "name": "Russia", "country": "RUS", "lat": 60.0, "lon": 100.0,
         "feature": "country", "population": 140_000_000},
        {"geonameid": 690791, "name": "Ukraine", "country": "UKR", "lat": 49.0, "lon": 32.0,
         "feature": "country", "population": 44_000_000},
        {"geonameid": 625144, "name": "Minsk", "country": "BLR", "admin1": "04", "lat": 53.9,
         "lon": 27.57, "population": 1_742_124},
        {"geonameid": 524901, "name": "Moscow", "country": "RUS", "admin1": "48", "lat": 55.75,
         "lon": 37.62, "population": 10_381_222},
        {"geonameid": 629634, "name": "Brest", "country": "BLR", "admin1": "01", "lat": 52.1,
         "lon": 23.7, "population": 300_715},
        {"geonameid": 3030300, "name": "Brest", "country": "FRA", "admin1": "53", "lat": 48.39,
         "lon": -4.49, "population": 144_899},
        {"geonameid": 703448, "name": "Kyiv", "country": "UKR", "admin1": "12", "lat": 50.45,
         "lon": 30.52, "population": 2_952_301, "aliases": ["Kiev"]},
    ], demonyms={"Russian": "RUS", "Belarusian": "BLR"})


def make_doc(text: str, places: list[str], *, label: str = "GPE") -> Document:
    """A Document with one sentence per '. '-separated sentence and GPE entities."""
    doc = Document(text)
    for i, m in enumerate(re.finditer(r"[^.]+\.?\s*", text)):
        doc.sentences.append(Sentence(i, m.start(), m.end()))
    for name in places:
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            doc.entities.append(Entity(m.start(), m.end(), label, name))
    doc.entities.sort(key=lambda e: e.start)
    return doc


def add_event(doc: Document, sentence_text: str, trigger: str, *,
              actors: tuple[str, ...] = ()) -> EventMention:
    s = doc.text.index(sentence_text)
    t = doc.text.index(trigger, s)
    sent = doc.sentence_at(s)
    event = EventMention(sent.index, doc.span(s, s + len(sentence_text)),
                         doc.span(t, t + len(trigger)), "CONSULT")
    for a in actors:
        a_start = doc.text.index(a, s)
        event.actors.append(Actor(a, a_start, a_start + len(a)))
    doc.events.append(event)
    return event


def run_stage(doc: Document, gaz: Gazetteer) -> Document:
    return GeoStage(gazetteer=gaz)(doc)


def test_stage_contract():
    stage = make_geo(None)
    assert stage.name == "geo"
    assert stage.requires == ("sentences", "entities", "events")
    assert stage.assigns == ("places",)


def test_destination_of_flight(gaz):
    doc = make_doc("Sergei Shoigu unexpectedly flew from Moscow to Minsk on Saturday.",
                   ["Moscow", "Minsk"])
    event = add_event(doc, doc.text, "flew", actors=("Sergei Shoigu",))
    run_stage(doc, gaz)
    assert event.location.name == "Minsk"
    assert event.location.country == "BLR"
    assert event.location.precision == "city"
    assert "to Minsk" in event.location.reason


def test_clause_locative_beats_other_places(gaz):
    text = "Russia sent envoys, while troops were massing near Brest in Belarus."
    doc = make_doc(text, ["Russia", "Brest", "Belarus"])
    event = add_event(doc, text, "massing")
    run_stage(doc, gaz)
    assert event.location.name == "Brest"
    assert event.location.geonameid == 629634  # the Belarusian Brest: Belarus is in context
    assert event.location.reason.startswith("clause: 'near Brest'")


def test_sentence_place_without_preposition(gaz):
    text = "Explosions shook Brest overnight. Belarus denied it."
    doc = make_doc(text, ["Brest", "Belarus"])
    event = add_event(doc, "Explosions shook Brest overnight.", "shook")
    run_stage(doc, gaz)
    assert event.location.name == "Brest"
    assert "place in sentence" in event.location.reason


def test_metonym_is_not_a_location_and_dateline_is_used(gaz):
    text = "MINSK (Reuters) - Moscow said the drills were routine."
    doc = make_doc(text, ["Moscow"])
    event = add_event(doc, "Moscow said the drills were routine.", "said")
    run_stage(doc, gaz)
    moscow = [p for p in doc.places if p.name == "Moscow"]
    assert moscow and is_metonym(moscow[0])
    assert event.location.name == "Minsk"
    assert event.location.reason == "no place in sentence; used dateline Minsk"


@pytest.mark.parametrize("text,name", [
    ("MINSK (Reuters) - Troops moved.", "Minsk"),
    ("KYIV, Dec 7 - Troops moved.", "Kyiv"),
    ("Troops moved, officials said - quietly.", None),
])
def test_dateline(gaz, text, name):
    place = find_dateline(Document(text), gazetteer=gaz)
    assert (place.name if place else None) == name


def test_main_country_fallback(gaz):
    text = ("Belarus is on edge. Officials in Belarus met. Ukraine watched Belarus. "
            "The army prepared lists of reservists.")
    doc = make_doc(text, ["Belarus", "Ukraine"])
    event = add_event(doc, "The army prepared lists of reservists.", "prepared")
    run_stage(doc, gaz)
    assert event.location.name == "Belarus"
    assert event.location.precision == "country"
    assert event.location.reason == ("no place in sentence; article's main country Belarus "
                                     "(3 mentions)")


def test_seed_sentence_belarus_moving_troops(gaz):
    text = ("Russia\u2019s ally Belarus on Wednesday was moving troops and military hardware to "
            "counteract what it called a threat of terrorism, amid signs Moscow could be "
            "putting pressure on its loyal client to open a new front in the war against Ukraine.")
    doc = make_doc(text, ["Russia", "Moscow", "Ukraine"])
    doc.entities.append(Entity(text.index("Belarus"), text.index("Belarus") + 7, "PERSON",
                               "Belarus"))  # as spaCy tags it in the seed
    doc.entities.sort(key=lambda e: e.start)
    event = add_event(doc, text, "moving troops", actors=("Belarus",))
    run_stage(doc, gaz)
    assert event.location.name == "Belarus"
    assert event.location.precision == "country"


def test_no_place_anywhere_gives_none(gaz):
    doc = make_doc("Officials met on Tuesday.", [])
    event = add_event(doc, doc.text, "met")
    run_stage(doc, gaz)
    assert event.location is None


def test_demonym_is_a_toponym_but_never_an_event_location(gaz):
    # GWN and LGL both mark demonyms as toponyms; the event still happens in Minsk
    text = "Russian troops entered the town."
    doc = make_doc(text, [])
    doc.entities.append(Entity(0, 7, "NORP", "Russian"))
    event = add_event(doc, text, "entered", actors=("Russian troops",))
    run_stage(doc, gaz)
    assert [(p.text, p.country) for p in doc.places] == [("Russian", "RUS")]
    assert is_demonym(doc.places[0]) and is_metonym(doc.places[0])
    assert event.location is None  # not the actor's country, not the main country


def test_entity_spans_trimmed_to_the_name(full_gaz):
    # a possessive and a leading "the" go; an abbreviation's final period stays
    text = "The U.S. said Sri Lanka's army moved. The Gambia agreed."
    doc = make_doc(text, [])
    for name in ("The U.S.", "Sri Lanka's", "The Gambia"):
        i = text.index(name)
        doc.entities.append(Entity(i, i + len(name), "GPE", name))
    assert [p.text for p in find_toponyms(doc, gazetteer=full_gaz)] == [
        "U.S.", "Sri Lanka", "Gambia"]


def test_city_tagged_person_counts_inside_a_named_state(full_gaz):
    text = "Gainesville police said on Monday that Florida will help. Ripley spoke."
    doc = make_doc(text, ["Florida"])
    for name in ("Gainesville", "Ripley"):
        i = text.index(name)
        doc.entities.append(Entity(i, i + len(name), "PERSON", name))
    doc.entities.sort(key=lambda e: e.start)
    places = resolve(doc, find_toponyms(doc, gazetteer=full_gaz), gazetteer=full_gaz)
    assert [(p.text, p.admin1) for p in places] == [("Gainesville", "FL"), ("Florida", "FL")]


def test_scan_finds_a_state_inside_an_organisation_name(full_gaz):
    text = "The Ohio Department of Development and the Acme Group agreed."
    doc = make_doc(text, [])
    for name in ("The Ohio Department of Development", "the Acme Group"):
        i = text.index(name)
        doc.entities.append(Entity(i, i + len(name), "ORG", name))
    assert [p.text for p in find_toponyms(doc, gazetteer=full_gaz)] == ["Ohio"]


def test_scan_finds_place_spacy_missed(gaz):
    doc = make_doc("Columns were seen in Brest and Of course nothing else.", [])
    names = [p.text for p in find_toponyms(doc, gazetteer=gaz)]
    assert names == ["Brest"]


def test_historical_name_in_memory(gaz):
    doc = Document("Kiev protested.")
    [place] = resolve(doc, [(0, 4)], gazetteer=gaz)
    assert (place.geonameid, place.name) == (703448, "Kyiv")


def test_geoparse_with_spans_preserves_order(gaz):
    text = "Minsk, Moscow and Atlantis were named; so was Brest."
    spans = [[text.index(n), text.index(n) + len(n)]
             for n in ("Brest", "Atlantis", "Minsk", "Moscow")]
    [out] = geoparse_records([{"id": "a", "text": text, "spans": spans}], gazetteer=gaz)
    assert out["id"] == "a"
    assert [(p["start"], p["end"]) for p in out["places"]] == [tuple(s) for s in spans]
    # "Atlantis" is in no gazetteer: a given span is a place, so it is read approximately
    # as the document's focus (Belarus, named twice: its most specific place), with a low
    # score and the feature "local"
    assert [p["name"] for p in out["places"]] == ["Brest", "Minsk", "Minsk", "Moscow"]
    assert out["places"][1]["feature"] == "local"
    assert out["places"][1]["score"] <= 0.3
    assert set(out["places"][0]) == {"text", "start", "end", "geonameid", "name", "country",
                                     "admin1", "lat", "lon", "feature", "score"}
    assert all(0.0 <= p["score"] <= 1.0 for p in out["places"])


def test_unknown_name_is_unresolved_without_approximation(gaz):
    text = "Minsk and Atlantis."
    minsk, atlantis = resolve(Document(text), [(0, 5), (10, 18)], gazetteer=gaz,
                              approximate=False)
    assert minsk.name == "Minsk"
    assert atlantis.geonameid is None and atlantis.lat is None
    _, approx = resolve(Document(text), [(0, 5), (10, 18)], gazetteer=gaz)
    assert (approx.name, approx.reason.split(":")[0]) == ("Minsk", "approximate")


def test_part_of_an_unknown_name(gaz):
    text = "Talks at the Belarus State University and in Brest."
    start = text.index("Belarus State")
    [uni, brest] = resolve(Document(text), [(start, start + len("Belarus State University")),
                                             (text.index("Brest"), len(text) - 1)], gazetteer=gaz)
    assert uni.name == "Belarus" and "'Belarus' inside the name" in uni.reason
    assert uni.score <= 0.3
    assert brest.country == "BLR"  # the part's reading is context for the other names


def test_part_reading_far_from_the_document_gives_way_to_the_anchor():
    far = Gazetteer.from_records([
        {"geonameid": 1, "name": "Royal", "country": "USA", "admin1": "IA", "lat": 43.0,
         "lon": -95.3, "population": 500},
        {"geonameid": 2, "name": "New Orleans", "country": "USA", "admin1": "LA", "lat": 29.95,
         "lon": -90.07, "population": 390_000}])
    text = "New Orleans: Royal Street at dawn."
    _, street = resolve(Document(text), [(0, 11), (13, 25)], gazetteer=far)
    assert street.name == "New Orleans" and street.reason.startswith("approximate")


def test_bare_ocean_name_beats_a_namesake_town():
    g = Gazetteer.from_records([
        {"geonameid": 3373405, "name": "Atlantic", "lat": 10.0, "lon": -25.0,
         "feature": "water"},
        {"geonameid": 4847385, "name": "Atlantic", "country": "USA", "admin1": "IA",
         "lat": 41.4, "lon": -95.0, "population": 6_833},
        {"geonameid": 6252001, "name": "United States", "country": "USA", "lat": 38.0,
         "lon": -97.0, "feature": "country", "population": 327_000_000}])
    text = "Storms in the United States and the Atlantic."
    _, ocean = resolve(Document(text), [(14, 27), (36, 44)], gazetteer=g)
    assert ocean.geonameid == 3373405


def test_geoparse_rejects_bad_span(gaz):
    from tripwire.errors import InputError

    with pytest.raises(InputError, match="E161"):
        list(geoparse_records([{"id": "a", "text": "Minsk", "spans": [[3, 99]]}], gazetteer=gaz))


# -- the full gazetteer ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def full_gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.slow
def test_full_gazetteer_lookups(full_gaz):
    [minsk] = [c for c in full_gaz.lookup("Minsk") if c.geonameid == 625144]
    assert (minsk.country, minsk.feature) == ("BLR", "capital")
    [place] = resolve(Document("Minsk"), [(0, 5)], gazetteer=full_gaz)
    assert (place.geonameid, place.feature) == (625144, "city")
    assert full_gaz.lookup("Kiev")[0].geonameid == 703448
    assert full_gaz.lookup("Byelorussia")[0].country == "BLR"
    assert full_gaz.lookup("Burma")[0].country == "MMR"
    assert full_gaz.lookup("Donbas")[0].country == "UKR"
    assert full_gaz.get(630336).name == "Belarus"
    assert full_gaz.by_country("BLR").geonameid == 630336


@pytest.mark.slow
@pytest.mark.parametrize("name,country", [("Kharkiv", "UKR"), ("Donetsk", "UKR"), ("Odesa", "UKR"),
                                          ("Lviv", "UKR"), ("Aleppo", "SYR")])
def test_bare_name_of_a_seat_city_is_the_city_not_its_region(full_gaz, name, country):
    """Regression: "Kharkiv" resolved to Kharkivska oblast, which bears it only as an alias."""
    [place] = resolve(Document(f"Troops shelled {name}."), [(15, 15 + len(name))], gazetteer=full_gaz)
    assert (place.feature, place.country) == ("city", country)


@pytest.mark.slow
def test_full_gazetteer_paris_by_context(full_gaz):
    plain = "Paris was calm."
    texas = "Paris, Texas was calm."
    [a, b] = geoparse_records([
        {"id": "1", "text": plain, "spans": [[0, 5]]},
        {"id": "2", "text": texas, "spans": [[0, 5], [7, 12]]},
    ], gazetteer=full_gaz)
    assert a["places"][0]["country"] == "FRA"
    assert b["places"][0]["country"] == "USA"
    assert b["places"][0]["admin1"] == "TX"


@pytest.mark.shared
@pytest.mark.slow
def test_gwn_loads_and_scores(full_gaz):
    if not (SHARED_GEO / "GWN.xml").exists():
        pytest.skip("../shared/data/geo/GWN.xml is absent")
    from tripwire.geo_eval import evaluate_geo

    res = evaluate_geo(SHARED_GEO / "GWN.xml", with_spans=True, limit=20, half="first",
                       gazetteer=full_gaz)
    assert res["toponyms"] > 100
    assert res["within_161km"] > 50.0  # measured ~65% on the first half; floor, not a target


@pytest.mark.slow
def test_full_gazetteer_admin_areas_carry_geonames_ids(full_gaz):
    # US states, counties and provinces elsewhere: GeoNames' own ids, and a point
    ohio = [c for c in full_gaz.lookup("Ohio") if c.feature == "admin1"][0]
    assert (ohio.geonameid, ohio.country, ohio.admin1) == (5165418, "USA", "OH")
    assert ohio.lat is not None and 38 < ohio.lat < 42
    rapides = full_gaz.lookup("Rapides Parish")[0]
    assert (rapides.geonameid, rapides.feature, rapides.admin1) == (4338356, "admin2", "LA")
    tamil = full_gaz.lookup("Tamil Nadu")[0]
    assert tamil.geonameid == 1255053 and tamil.lat is not None
    assert full_gaz.lookup("Europe")[0].geonameid == 6255148


@pytest.mark.slow
def test_full_gazetteer_ap_state_abbreviations(full_gaz):
    for text, gid in (("W.Va.", 4826850), ("W. Va.", 4826850), ("Kan.", 4273857),
                      ("Calif", 5332921), ("N.J.", 5101760)):
        [place] = resolve(Document(f"{text} officials"), [(0, len(text))], gazetteer=full_gaz)
        assert place.geonameid == gid, text


@pytest.mark.slow
def test_full_gazetteer_demonym_span_and_capital_prior(full_gaz):
    text = "Chinese and Canadian officials met in Washington, not in Liverpool."
    names = ("Chinese", "Canadian", "Washington", "Liverpool")
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    places = resolve(Document(text), spans, gazetteer=full_gaz)
    assert [p.geonameid for p in places] == [1814991, 6251999, 4140963, 2644210]


@pytest.mark.slow
def test_full_gazetteer_coherence_picks_nearby_namesakes(full_gaz):
    text = "Athens police said the suspect was held in the Henderson County jail."
    spans = [(0, 6), (text.index("Henderson County"), text.index(" jail"))]
    athens, county = resolve(Document(text), spans, gazetteer=full_gaz)
    assert (athens.country, athens.admin1) == ("USA", "TX")
    assert (county.country, county.admin1) == ("USA", "TX")


@pytest.mark.slow
def test_full_gazetteer_home_region_reads_local_namesakes(full_gaz):
    # a local story that never names its state: the confident picks (Zionsville, Indiana)
    # set the home region, and "Lebanon" is the Indiana town there, not the country
    text = "Lebanon police met Zionsville officials about Lebanon schools and Zionsville roads."
    spans = [(m.start(), m.end()) for m in re.finditer(r"Lebanon|Zionsville", text)]
    places = resolve(Document(text), spans, gazetteer=full_gaz)
    assert [(p.country, p.admin1) for p in places] == [("USA", "IN")] * 4
    # with no local place to vote, the bare name stays the country
    [alone] = resolve(Document("Lebanon schools"), [(0, 7)], gazetteer=full_gaz)
    assert (alone.country, alone.feature) == ("LBN", "country")
    # proximity: Athens next to Pomeroy and Meigs County is Athens, Ohio, although the
    # story names West Virginia more often
    text = ("A West Virginia man from Wood County, W. Va., will be returned to Meigs County. "
            "Pomeroy police said he lived in Athens.")
    names = ("West Virginia", "Wood County", "W. Va.", "Meigs County", "Pomeroy", "Athens")
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    athens = resolve(Document(text), spans, gazetteer=full_gaz)[-1]
    assert (athens.country, athens.admin1) == ("USA", "OH")


@pytest.mark.slow
def test_full_gazetteer_features_landmarks_and_seats(full_gaz):
    # features.jsonl: a landmark or river outranks a namesake village; a seat of
    # government is in the capital, not a namesake state
    text = "Flights left Heathrow for the Cauvery delta, said the White House."
    names = ("Heathrow", "Cauvery", "White House")
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    heathrow, cauvery, white_house = resolve(Document(text), spans, gazetteer=full_gaz)
    assert (heathrow.country, heathrow.feature) == ("GBR", "landmark")
    assert (cauvery.country, cauvery.feature) == ("IND", "water")
    assert white_house.geonameid == 4140963 and is_metonym(white_house)
    # "North-West" (South Africa) is found as "North West"
    assert any(c.country == "ZAF" for c in full_gaz.lookup("North West"))


@pytest.mark.slow
def test_full_gazetteer_parts_acronyms_and_namesakes(full_gaz):
    text = ("The Bank of Japan and the European Central Bank met. South Africans say "
            "SA mining is growing. A man in Florida won.")
    names = ("Bank of Japan", "European Central Bank", "SA", "Florida")
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    boj, ecb, sa, florida = resolve(Document(text), spans, gazetteer=full_gaz)
    assert boj.country == "JPN" and ecb.geonameid == 6255148  # Europe, by the demonym
    assert sa.country == "ZAF" and sa.feature == "country"
    assert (florida.feature, florida.admin1) == ("admin1", "FL")
    [louisville] = resolve(Document("They beat Louisville in Mississippi."), [(10, 20)],
                           gazetteer=full_gaz)
    assert louisville.admin1 == "KY"  # a city 30x bigger than its namesakes
    [bc] = resolve(Document("Hinton, B.C."), [(8, 12)], gazetteer=full_gaz)
    assert (bc.country, bc.feature) == ("CAN", "admin1")


def test_plural_demonyms_and_person_name_parts_are_not_places():
    gaz = Gazetteer.from_records([
        {"geonameid": 6251999, "name": "Canada", "country": "CAN", "lat": 60.0, "lon": -95.0,
         "feature": "country", "population": 37_000_000},
        {"geonameid": 1, "name": "Ripley", "country": "USA", "admin1": "WV", "lat": 38.8,
         "lon": -81.7, "population": 3000},
        {"geonameid": 2, "name": "West Virginia", "country": "USA", "admin1": "WV",
         "lat": 38.6, "lon": -80.6, "feature": "admin1", "population": 1_800_000},
    ], demonyms={"Canadian": "CAN"})
    text = "Canadians met Sheriff Tom Ripley in West Virginia. Ripley said Canadian firms."
    doc = make_doc(text, ["West Virginia"])
    for name, label in (("Canadians", "NORP"), ("Canadian", "NORP"), ("Tom Ripley", "PERSON"),
                        ("Ripley", "PERSON")):
        for m in re.finditer(rf"\b{name}\b", text):
            if not any(e.start <= m.start() < e.end for e in doc.entities):
                doc.entities.append(Entity(m.start(), m.end(), label, name))
    doc.entities.sort(key=lambda e: e.start)
    found = [p.text for p in find_toponyms(doc, gazetteer=gaz)]
    assert found == ["West Virginia", "Canadian"]


def test_one_sense_per_document_for_a_name_tagged_person_or_org(gaz):
    # spaCy tags the name a place once and an organisation once: both are the city
    text = "Police in Brest said on Monday. Brest officials met the mayor."
    doc = make_doc(text, [])
    doc.entities = [Entity(10, 15, "GPE", "Brest"), Entity(32, 37, "ORG", "Brest")]
    assert [p.start for p in find_toponyms(doc, gazetteer=gaz)] == [10, 32]
    # tagged a place nowhere: the scan keeps the bare one, the organisation stays one
    doc.entities = [Entity(32, 37, "ORG", "Brest")]
    assert [p.start for p in find_toponyms(doc, gazetteer=gaz)] == [10]


def test_area_named_after_its_main_city_reads_as_the_city():
    gaz = Gazetteer.from_records([
        {"geonameid": 2965139, "name": "Cork", "country": "IRL", "admin1": "M", "lat": 51.9,
         "lon": -8.7, "feature": "admin1", "population": 438_448},
        {"geonameid": 2965140, "name": "Cork", "country": "IRL", "admin1": "M", "lat": 51.9,
         "lon": -8.47, "population": 224_004},
        {"geonameid": 5128638, "name": "New York", "country": "USA", "admin1": "NY",
         "lat": 42.0, "lon": -75.0, "feature": "admin1", "population": 19_000_000},
        {"geonameid": 5128581, "name": "New York", "country": "USA", "admin1": "NY",
         "lat": 40.7, "lon": -74.0, "population": 8_804_190},
    ])
    text = "Cork and New York."
    cork, ny = resolve(Document(text), [(0, 4), (9, 17)], gazetteer=gaz)
    assert cork.geonameid == 2965140  # the city holds half of the county's people
    assert ny.geonameid == 5128638  # NYC is under half of the state: the state stays


@pytest.mark.slow
def test_full_gazetteer_dc_is_the_district(full_gaz):
    text = "He flew to Washington, D.C. and later to D.C. again."
    [wash, dc] = resolve(Document(text), [(11, 21), (41, 45)], gazetteer=full_gaz)
    assert wash.geonameid == 4140963 and dc.geonameid == 4138106


FLOORS = Path(__file__).with_name("geo_floors.json")


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("half", ["first"])
def test_geo_accuracy_floors(full_gaz, half):
    """Resolution with gold spans stays above the floors pinned in tests/geo_floors.json
    (set a little below what was measured) on the dev (first) halves. The held-out
    (second) halves are not checked here: a test that scores them on every run makes
    them a tuning signal. ``tripwire eval geo`` reports them; the figures last measured
    are kept in geo_floors.json for the record."""
    if not (SHARED_GEO / "GWN.xml").exists() or not (SHARED_GEO / "lgl.xml").exists():
        pytest.skip("../shared/data/geo/GWN.xml or lgl.xml is absent")
    import json

    from tripwire.geo_eval import evaluate_geo

    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    low = []
    for name, want in floors[f"with_spans_{half}_half"].items():
        res = evaluate_geo(SHARED_GEO / name, with_spans=True, half=half, gazetteer=full_gaz)
        # name only the metric that fell, so a passing run shows no held-out figure
        low += [(name, metric) for metric, floor in want.items() if res[metric] < floor]
    assert not low, f"below the floor on the {half} half: {low}"


def test_run_geo_eval_dev_split_scores_only_the_first_half(tmp_path, gaz):
    from tripwire.geo_eval import run_geo_eval

    text = "Minsk and Moscow."
    body = "".join(f"<article docid='{i}'><text>{text}</text><toponyms><toponym><start>0</start>"
                   f"<end>5</end><latitude>53.9</latitude><longitude>27.57</longitude>"
                   f"<geonamesID>625144</geonamesID></toponym></toponyms></article>"
                   for i in range(4))
    (tmp_path / "GWN.xml").write_text(f"<articles>{body}</articles>", encoding="utf-8")
    res = run_geo_eval(tmp_path, half="dev", gazetteer=gaz)
    assert [r["half"] for r in res["with_spans"]] == ["first"]
    assert [r["articles"] for r in res["without_spans"]] == [2]
    assert res["with_spans"][0]["exact_geonameid"] == 100.0
    with pytest.raises(ValueError):
        run_geo_eval(tmp_path, half="test", gazetteer=gaz)


def test_run_geo_eval_skips_missing_files(tmp_path, gaz):
    from rich.console import Console

    from tripwire.geo_eval import run_geo_eval

    console = Console(record=True, width=400)
    assert run_geo_eval(tmp_path, console=console, gazetteer=gaz) == {
        "with_spans": [], "without_spans": []}
    assert "not evaluated" in console.export_text()


@pytest.mark.parametrize("text,place", [
    ("Russian soldiers shelled Kharkiv on Friday.", "Kharkiv"),          # the target town
    ("Gunmen attacked a bus in Kabul on Tuesday, killing four people.", "Kabul"),
    ("The police in Gaza arrested three men on Monday.", "Gaza"),        # placed in the phrase
])
def test_event_location_reads_places_inside_argument_phrases(pipeline, text, place):
    doc = pipeline.process({"text": text, "published": "2022-12-07"})
    assert doc.events and all(e.location is not None and e.location.name == place
                              for e in doc.events)


@pytest.fixture(scope="module")
def town_gaz() -> Gazetteer:
    """Small towns and counties below the plain scan's population threshold."""
    return Gazetteer.from_records([
        {"geonameid": 1, "name": "Laurel County", "country": "USA", "admin1": "KY", "lat": 37.1,
         "lon": -84.1, "feature": "admin2", "population": 10_615},
        {"geonameid": 2, "name": "Laurel", "country": "USA", "admin1": "MD", "lat": 39.1,
         "lon": -76.8, "population": 26_215},
        {"geonameid": 3, "name": "Torrington", "country": "USA", "admin1": "CT", "lat": 41.8,
         "lon": -73.1, "population": 35_000},
        {"geonameid": 4, "name": "Ocilla", "country": "USA", "admin1": "GA", "lat": 31.6,
         "lon": -83.25, "population": 3_387},
        {"geonameid": 5, "name": "Gori", "country": "GEO", "admin1": "67", "lat": 41.98,
         "lon": 44.11, "population": 48_143},
        {"geonameid": 6, "name": "Clay County", "country": "USA", "admin1": "MN", "lat": 46.9,
         "lon": -96.5, "feature": "admin2", "population": 60_000},
        {"geonameid": 7, "name": "Clay", "country": "USA", "admin1": "AL", "lat": 33.7,
         "lon": -86.6, "population": 9_700},
        {"geonameid": 8, "name": "Wilkin County", "country": "USA", "admin1": "MN", "lat": 46.4,
         "lon": -96.5, "feature": "admin2", "population": 6_500},
        {"geonameid": 9, "name": "Kelly", "country": "USA", "admin1": "NC", "lat": 34.5,
         "lon": -78.3, "population": 544},
        {"geonameid": 630336, "name": "Russia", "country": "RUS", "lat": 60.0, "lon": 100.0,
         "feature": "country", "population": 140_000_000},
    ], demonyms={"Russian": "RUS", "American": "USA"})


def test_institution_names_dateline_party_and_hyphen_places(town_gaz):
    text = ("Budget cut. TORRINGTON \u2014 The Laurel County Sheriff's Office and the Laurel "
            "County Fiscal Court met. Sen. Jay Roberts (R-Ocilla) spoke. A Gori-based unit "
            "moved. Pupils of Kelly Elementary sang.")
    doc = make_doc(text, [])
    doc.entities = [Entity(text.index("Laurel"), text.index(" and"), "ORG", "")]
    names = [(p.text, p.reason) for p in find_toponyms(doc, gazetteer=town_gaz)]
    assert ("TORRINGTON", "dateline") in names
    assert [n for n, _ in names].count("Laurel County") == 2  # the county, not Laurel, Md.
    assert ("Ocilla", "a legislator's home") in names
    assert ("Gori", "part of a hyphenated word") in names
    assert "Kelly" not in [n for n, _ in names]  # a school named after a person, a tiny town
    places = resolve(doc, find_toponyms(doc, gazetteer=town_gaz), gazetteer=town_gaz,
                     approximate=False)
    assert {p.text: p.geonameid for p in places}["Laurel County"] == 1


def test_county_lists_org_demonyms_and_people_in_hyphens(town_gaz):
    text = ("Roads closed in Clay and Wilkin counties. The Russian Foreign Ministry and the "
            "American Red Cross spoke. Colin Macy-Gori and African-American leaders met.")
    doc = make_doc(text, [])
    ministry = text.index("The Russian")
    doc.entities = [Entity(ministry, ministry + len("The Russian Foreign Ministry"), "ORG", ""),
                    Entity(text.index("Colin"), text.index(" and Af"), "PERSON", "")]
    found = find_toponyms(doc, gazetteer=town_gaz)
    assert [p.text for p in found] == ["Clay", "Wilkin", "Russian"]
    places = resolve(doc, found, gazetteer=town_gaz, approximate=False)
    assert [p.geonameid for p in places[:2]] == [6, 8]  # the counties, not Clay, Ala.
    assert places[0].text == "Clay"


@pytest.fixture(scope="module")
def focus_gaz() -> Gazetteer:
    """Virginia towns and a namesake of one of them far away (issue #4, sixth pass)."""
    return Gazetteer.from_records([
        {"geonameid": 11, "name": "Stonewall", "country": "USA", "admin1": "MS", "lat": 32.1,
         "lon": -88.8, "population": 1_000},
        {"geonameid": 12, "name": "Centreville", "country": "USA", "admin1": "VA", "lat": 38.84,
         "lon": -77.43, "population": 71_000},
        {"geonameid": 13, "name": "Gainesville", "country": "USA", "admin1": "VA", "lat": 38.8,
         "lon": -77.61, "population": 11_000},
        {"geonameid": 14, "name": "Virginia", "country": "USA", "admin1": "VA", "lat": 37.5,
         "lon": -78.8, "feature": "admin1", "population": 8_000_000, "aliases": ["Va."]},
        {"geonameid": 15, "name": "Bratislava", "country": "SVK", "admin1": "02", "lat": 48.15,
         "lon": 17.11, "feature": "capital", "population": 424_000},
        {"geonameid": 16, "name": "Kosice", "country": "SVK", "admin1": "03", "lat": 48.71,
         "lon": 21.26, "population": 240_000},
        {"geonameid": 17, "name": "Clay County", "country": "USA", "admin1": "MN", "lat": 46.9,
         "lon": -96.5, "feature": "admin2", "population": 60_000},
        {"geonameid": 18, "name": "Clay", "country": "USA", "admin1": "AL", "lat": 33.7,
         "lon": -86.6, "population": 9_700},
        {"geonameid": 19, "name": "Becker County", "country": "USA", "admin1": "MN",
         "lat": 46.95, "lon": -95.7, "feature": "admin2", "population": 34_000},
        {"geonameid": 20, "name": "Latvia", "country": "LVA", "lat": 57.0, "lon": 25.0,
         "feature": "country", "population": 2_000_000},
    ], demonyms={"Latvian": "LVA"})


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


# regression: issue #4, sixth pass
def test_unknown_name_falls_back_to_the_document_focus_not_the_nearest_town(focus_gaz):
    # the focus is where the confident places agree (Virginia), not a namesake town that
    # happens to stand nearest the unknown name
    text = ("Homes in Centreville, Va., sell fast. Gainesville grows. Stonewall is next to "
            "Wegmans.")
    places = resolve(Document(text), _spans(text, "Centreville", "Va.", "Gainesville",
                                            "Stonewall", "Wegmans"), gazetteer=focus_gaz)
    wegmans = places[-1]
    assert (wegmans.admin1, wegmans.feature) == ("VA", "local")
    assert wegmans.score <= 0.3 and "the document's focus" in wegmans.reason
    assert wegmans.name in ("Centreville", "Gainesville")


# regression: issue #4, sixth pass
@pytest.mark.parametrize("text,name", [
    ("A store on Kamenne Square in Bratislava closed; Kosice and Kosice wait.", "Kamenne Square"),
    ("Bratislava's Kamenne Square is busy; Kosice and Kosice are quiet.", "Kamenne Square"),
])
def test_unknown_name_takes_the_place_written_with_it(focus_gaz, text, name):
    # "X in Y" and "Y's X": the writer says where the street is, whatever the focus
    spans = _spans(text, name, "Bratislava") + [m.span() for m in re.finditer("Kosice", text)]
    square = resolve(Document(text), spans, gazetteer=focus_gaz)[0]
    assert (square.name, square.feature) == ("Bratislava", "local")
    assert "written as in Bratislava" in square.reason


# regression: issue #4, sixth pass
def test_demonyms_do_not_set_the_focus(focus_gaz):
    # "Latvian climbers" says who, not where: the focus is the place the text is set in
    text = "Latvian climbers and Latvian guides went missing near Mount Ushba above Kosice."
    places = resolve(Document(text), _spans(text, "Latvian", "Mount Ushba", "Kosice") +
                     [(text.index("Latvian guides"), text.index("Latvian guides") + 7)],
                     gazetteer=focus_gaz)
    assert places[1].country == "SVK"


# regression: issue #4, sixth pass
def test_given_span_in_a_county_list_is_the_county(focus_gaz):
    text = "Roads are closed in Becker, Clay and Wilkin counties."
    becker, clay = resolve(Document(text), _spans(text, "Becker", "Clay"), gazetteer=focus_gaz)
    assert (becker.geonameid, clay.geonameid) == (19, 17)  # not Clay, Alabama


# regression: issue #4, sixth pass
@pytest.mark.parametrize("name", ["downtown Bratislava", "northern Bratislava",
                                  "Greater Bratislava"])
def test_direction_or_extent_before_a_name_reads_the_head_place(focus_gaz, name):
    text = f"Protests in {name} grew."
    [place] = resolve(Document(text), _spans(text, name), gazetteer=focus_gaz)
    assert (place.geonameid, place.reason) == (15, None)
