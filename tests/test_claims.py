"""The claims stage on hand-written sentences, and its floors on the repo's annotations.

The sentences here were written for these tests (none comes from the annotations). Each
check parses a text with the NLP stage, places one event mention on a chosen trigger word
(so the checks do not depend on the event coder) and runs the claims stage alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from tripwire.document import Actor, EventMention

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "tests" / "data" / "annotations"
FLOORS = ROOT / "tests" / "claims_floors.json"


@pytest.fixture(scope="module")
def stages():
    from tripwire.claims import make_claims
    from tripwire.nlp import make_nlp
    from tripwire.settings import load_settings

    s = load_settings()
    return make_nlp(s), make_claims(s)


def run(stages, text: str, trigger: str, *, event_type: str = "ASSAULT", actor: str | None = None,
        nth: int = 0, published: str = "2024-05-01"):
    """The mention on the ``nth`` occurrence of ``trigger`` after the claims stage."""
    from tripwire.ingest import make_document

    nlp, claims = stages
    doc = nlp(make_document(text, published=published))
    at = -1
    for _ in range(nth + 1):
        at = text.index(trigger, at + 1)
    actors = []
    if actor is not None:
        a = text.index(actor)
        actors = [Actor(text=actor, start=a, end=a + len(actor))]
    sent = doc.sentence_at(at)
    event = EventMention(sentence_index=sent.index, quote=doc.span(sent.start, sent.end),
                         trigger=doc.span(at, at + len(trigger)), event_type=event_type,
                         actors=actors)
    doc.events = [event]
    claims(doc)
    return event


def claimant(event) -> str | None:
    return event.claim.claimant.text if event.claim.claimant else None


# -- cue forms --------------------------------------------------------------------------

@pytest.mark.parametrize("text,trigger,who", [
    ("According to the defence ministry, rebels shelled the port overnight.", "shelled", "defence ministry"),
    ("Rebels shelled the port overnight, the defence ministry said.", "shelled", "defence ministry"),
    ("The defence ministry said that rebels shelled the port overnight.", "shelled", "defence ministry"),
    ("Rebels shelled the port overnight, as reported by the agency Tass.", "shelled", "Tass"),
    ("The governor told reporters that rebels shelled the port overnight.", "shelled", "governor"),
    ("In a statement, the governor said rebels shelled the port overnight.", "shelled", "governor"),
])
def test_cue_forms_find_the_claimant(stages, text, trigger, who):
    e = run(stages, text, trigger)
    assert claimant(e) is not None and who in claimant(e), (claimant(e), e.claim.reason)
    assert e.claim.status in ("reported", "claimed")


def test_own_voice_has_no_claimant(stages):
    e = run(stages, "Rebels shelled the port of Marivale overnight.", "shelled")
    assert e.claim.claimant is None and e.claim.status == "asserted"


def test_nested_attribution_innermost_claimant_outer_chain(stages):
    e = run(stages, "The agency Tass reported that the governor said rebels shelled the port.",
            "shelled")
    assert "governor" in claimant(e)
    assert any("Tass" in a.text for a in e.claim.chain)


def test_said_it_believes_keeps_outer_speaker_and_assessed(stages):
    e = run(stages, "The Centre for Strategic Studies said it believes the army is massing tanks "
                    "near the border.", "massing", event_type="MOBILIZE")
    assert "Centre for Strategic Studies" in claimant(e)
    assert e.claim.status == "assessed"


# -- statuses -----------------------------------------------------------------------------

def test_claim_verb_is_claimed(stages):
    e = run(stages, "The militia claimed that its fighters captured the airfield.", "captured")
    assert "militia" in claimant(e) and e.claim.status == "claimed"


def test_analyst_verb_is_assessed(stages):
    e = run(stages, "Analysts believe the navy has moved two frigates north.", "moved",
            event_type="MOBILIZE")
    assert claimant(e) == "Analysts" and e.claim.status == "assessed"


def test_hedge_is_speculative(stages):
    e = run(stages, "There are signs that the army could be preparing an offensive.", "preparing",
            event_type="MOBILIZE")
    assert e.claim.status == "speculative"


def test_reportedly_is_reported_without_claimant(stages):
    e = run(stages, "Gunmen reportedly kidnapped two engineers near the dam.", "kidnapped")
    assert e.claim.claimant is None and e.claim.status == "reported"


def test_allegedly_is_claimed(stages):
    e = run(stages, "Police allegedly beat the protesters outside the court.", "beat")
    assert e.claim.status == "claimed"


def test_denial_is_denied(stages):
    e = run(stages, "The army denied that its soldiers burned the village.", "burned")
    assert "army" in claimant(e) and e.claim.status == "denied"


def test_passive_expectation_is_speculative_without_claimant(stages):
    e = run(stages, "The convoy is expected to reach the capital on Friday.", "reach",
            event_type="MOBILIZE")
    assert e.claim.claimant is None and e.claim.status == "speculative"


def test_party_reporting_an_attack_is_claimed(stages):
    e = run(stages, "Ukraine said its forces destroyed three Russian tanks near Bakhmut.", "destroyed")
    assert claimant(e) == "Ukraine" and e.claim.status == "claimed"


def test_demand_by_the_speaker_is_a_speech_act(stages):
    e = run(stages, "Martin Okoro said the government should release the detained journalists.",
            "release", event_type="REQUEST", actor="Martin Okoro")
    assert e.claim.claimant is None and e.claim.status == "asserted"


def test_as_clause_is_not_reported_content(stages):
    e = run(stages, "The president said the region faced dark times as he condemned the blockade.",
            "condemned", event_type="ACCUSE")
    assert e.claim.claimant is None


# -- auxiliary modes ----------------------------------------------------------------------

@pytest.mark.parametrize("text,trigger,mode", [
    ("The army will deploy two brigades to the border next week.", "deploy", "future"),
    ("The ministry intends to call up reservists by the end of the year.", "call", "future"),
    ("Officials plan to hold talks with the rebels in Geneva.", "hold", "future"),
    ("If the talks fail, the army would attack the town.", "attack", "hypothetical"),
    ("The neighbouring state could join the war within weeks.", "join", "hypothetical"),
    ("The town fears possible strikes on its power station.", "strikes", "hypothetical"),
    ("The army did not attack the town on Monday.", "attack", "negated"),
    ("The general has so far kept his troops from joining the fighting.", "joining", "negated"),
    ("No arrests were reported in the capital on Sunday.", "arrests", "negated"),
    ("The army shelled the town on Monday.", "shelled", None),
])
def test_aux_modes(stages, text, trigger, mode):
    e = run(stages, text, trigger)
    assert e.aux_mode == mode, (e.aux_mode, e.reasons)


# -- quotations across sentences ---------------------------------------------------------

def test_quote_spanning_sentences_is_reported_with_speaker_in_chain(stages):
    text = ("“We saw the soldiers arrive at dawn. They burned the market and left,” said Amina "
            "Yusuf, a trader. The town was quiet on Tuesday.")
    e = run(stages, text, "burned")
    assert e.claim.status == "reported"
    first = run(stages, text, "arrive", event_type="MOBILIZE")
    assert first.claim.status == "reported"
    assert first.claim.claimant is None and any("Amina Yusuf" in a.text for a in first.claim.chain)
    outside = run(stages, text, "quiet", event_type="MOBILIZE")
    assert outside.claim.status == "asserted" and outside.claim.claimant is None


# -- property: the cue's position does not change the claimant ---------------------------

SPEAKERS = ["the defence ministry", "the regional governor", "Colonel Ivan Petrov",
            "the United Nations", "local officials"]
CLAUSES = [("rebels shelled the port overnight", "shelled"),
           ("soldiers burned three houses in the village", "burned"),
           ("militants attacked a police station near the border", "attacked")]


def _frame(form: int, speaker: str, clause: str) -> str:
    cap = lambda s: s[0].upper() + s[1:]  # noqa: E731
    return [f"{cap(speaker)} said {clause}.",
            f"{cap(clause)}, {speaker} said.",
            f"According to {speaker}, {clause}.",
            f"{cap(speaker)} said that {clause}.",
            f"{cap(clause)}, according to {speaker}."][form]


@hsettings(max_examples=25, deadline=None)
@given(st.sampled_from(SPEAKERS), st.sampled_from(CLAUSES),
       st.lists(st.integers(0, 4), min_size=2, max_size=2, unique=True))
def test_cue_position_does_not_change_claimant(stages, speaker, clause, forms):
    text_clause, trig = clause
    got = set()
    for form in forms:
        e = run(stages, _frame(form, speaker, text_clause), trig)
        assert e.claim.claimant is not None, _frame(form, speaker, text_clause)
        got.add(e.claim.claimant.text.lower())
    assert len(got) == 1, got


# -- floors on the repo's annotations (held-out half) --------------------------------------

@pytest.mark.slow
def test_claims_floors_on_heldout_annotations():
    if not any(ANNOTATIONS.glob("*.jsonl")):
        pytest.skip(f"{ANNOTATIONS} has no annotations")
    from tripwire.claims_eval import evaluate_claims

    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    res = evaluate_claims(ANNOTATIONS, split="heldout")["overall"]
    assert res["claimant"]["f1"] >= floors["claimant_f1"], res["claimant"]
    assert res["status"]["accuracy"] >= floors["status_accuracy"], res["status"]
    assert res["aux_mode"]["macro_f1"] >= floors["aux_macro_f1"], res["aux_mode"]["per_label"]
    assert res["coverage"] >= floors["coverage"], res["coverage"]
