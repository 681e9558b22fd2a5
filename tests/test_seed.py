"""End to end on the seed article: every "must" row of shared/seed/expected.md holds.

The expectations below are the must rows of expected.md, restated as checks; the
article is the repo's copy (tests/data/seed), identical to the shared one.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _find(doc, sentence_start: str, types: set[str]):
    """Mentions of one of ``types`` in the sentence starting with ``sentence_start``."""
    sents = [s for s in doc.sentences if doc.text[s.start:s.end].startswith(sentence_start)]
    assert sents, f"no sentence starts with {sentence_start!r}"
    idx = {s.index for s in sents}
    found = [e for e in doc.events if e.sentence_index in idx and e.event_type in types]
    assert found, (f"no {types} mention in sentence {sentence_start!r}; got "
                   f"{[(e.event_type, e.trigger.text) for e in doc.events if e.sentence_index in idx]}")
    return found[0]


def _countries(actors):
    return {a.country for a in actors}


def test_row1_belarus_moving_troops(seed_doc):
    e = _find(seed_doc, "Russia’s ally Belarus", {"MOBILIZE"})
    assert e.mode == "troops"
    assert "BLR" in _countries(e.actors)
    assert e.location is not None and e.location.country == "BLR" and e.location.name == "Belarus"
    assert e.date.value == "2022-12-07" and e.date.precision == "day"
    assert e.claim.status == "asserted" and e.claim.claimant is None
    assert e.aux_mode is None


def test_row6_shoigu_flew_to_minsk(seed_doc):
    e = _find(seed_doc, "But during the past few weeks", {"CONSULT"})
    assert e.mode == "visit"
    shoigu = [a for a in e.actors if "Shoigu" in a.text]
    assert shoigu and shoigu[0].country == "RUS" and shoigu[0].sector in {"MIL", "GOV"}
    assert e.location.name == "Minsk" and e.location.country == "BLR"
    assert e.date.value == "2022-12-03" and e.date.precision == "day"
    assert e.claim.status == "asserted" and e.aux_mode is None


def test_row7_signed_the_document(seed_doc):
    e = _find(seed_doc, "Without disclosing", {"SUPPORT", "AGREE"})
    assert {"RUS", "BLR"} <= _countries(e.actors)
    assert any("Khrenin" in a.text and a.country == "BLR" for a in e.actors)
    assert len([m for m in seed_doc.events if m.sentence_index == e.sentence_index
                and m.event_type in {"SUPPORT", "AGREE"}]) == 1, "one mention, two actors"
    assert e.location.name == "Minsk" and e.location.country == "BLR"
    assert e.date.value == "2022-12-03"
    assert e.claim.status == "asserted"


def test_row8_russian_soldiers_stationed(seed_doc):
    e = _find(seed_doc, "According to Ukraine", {"MOBILIZE"})
    assert e.mode == "troops"
    assert any(a.country == "RUS" and a.sector == "MIL" for a in e.actors)
    assert e.location.country == "BLR"
    assert e.date.precision == "month" and (e.date.value or e.date.start).startswith("2022-10")
    assert e.claim.claimant is not None and e.claim.claimant.country == "UKR"
    assert e.claim.status in {"reported", "claimed"}


def test_row10_list_of_reservists(seed_doc):
    e = _find(seed_doc, "By the end of the year", {"MOBILIZE"})
    assert any(a.country == "BLR" and a.sector == "MIL" for a in e.actors)
    assert e.location.country == "BLR"
    assert (e.date.value or e.date.end) == "2022-12-31" and e.date.precision in {"month", "year", "day"}
    assert e.claim.status == "asserted" and e.aux_mode == "future"


def test_row11_security_council_troops_arriving(seed_doc):
    e = _find(seed_doc, "In the most recent action", {"MOBILIZE"})
    assert e.mode == "troops"
    assert any(a.country == "BLR" and a.sector == "GOV" and "Security Council" in a.text for a in e.actors)
    assert e.location.country == "BLR"
    assert e.date.start == "2022-12-07" and e.date.end == "2022-12-09"
    assert e.claim.claimant is not None and "BelTA" in e.claim.claimant.text
    assert e.claim.claimant.kind == "media" and e.claim.status == "reported"
    assert e.aux_mode == "future"


def test_row14_isw_information_operation(seed_doc):
    e = _find(seed_doc, "Also The Institute for the Study of War", {"THREATEN", "COERCE"})
    assert "misinformation" in e.contexts or e.mode == "misinformation"
    assert "BLR" in _countries(e.actors)
    assert any(r.country == "UKR" for r in e.recipients)
    assert e.date.precision == "month" and (e.date.value or e.date.start).startswith("2022-12")
    assert e.claim.claimant is not None and "Institute for the Study of War" in e.claim.claimant.text
    assert e.claim.status == "assessed"


def test_no_mention_from_also_read_lines(seed_doc):
    for e in seed_doc.events:
        assert "Also read" not in e.quote.text
        assert "Navy Vice Admiral" not in e.quote.text and "Yuan Wang" not in e.quote.text


def test_quotes_inside_sentences_and_offsets_exact(seed_doc):
    sents = {s.index: s for s in seed_doc.sentences}
    for e in seed_doc.events:
        s = sents[e.sentence_index]
        assert s.start <= e.quote.start < e.quote.end <= s.end
        assert seed_doc.text[e.quote.start:e.quote.end] == e.quote.text
        assert e.quote.start <= e.trigger.start < e.trigger.end <= e.quote.end
        assert seed_doc.text[e.trigger.start:e.trigger.end] == e.trigger.text
        for a in e.actors + e.recipients:
            assert seed_doc.text[a.start:a.end] == a.text


def test_outlets_and_think_tanks_never_actors(seed_doc):
    for e in seed_doc.events:
        for a in e.actors + e.recipients:
            for name in ("BelTA", "Reuters", "Rochan Consulting"):
                assert name not in a.text, (e.event_type, a.text)


def test_every_record_complete(seed_doc):
    from tripwire import __version__

    for e in seed_doc.events:
        rec = e.to_dict(coder_version=__version__)
        assert rec["mention_id"] and rec["article_id"] == seed_doc.id
        assert rec["quad_class"] and rec["cameo_root"] and rec["intensity"] is not None
        assert rec["claim"]["status"] in {"asserted", "reported", "claimed", "assessed", "speculative", "denied"}
        assert 0 < rec["confidence"] < 1
