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


# -- rules added for issue #3 (each a general cause of dev-half errors) -------------------

@pytest.mark.parametrize("text,trigger", [
    ("The three men alleged to have been involved in the bombing are now in custody.", "bombing"),
    ("Two commanders, believed killed in an airstrike last week, were named by the army.", "airstrike"),
])
def test_reduced_passive_cue_has_no_speaker(stages, text, trigger):
    e = run(stages, text, trigger)
    assert e.claim.claimant is None, (claimant(e), e.claim.reason)


def test_reduced_passive_believed_is_assessed(stages):
    e = run(stages, "Two commanders, believed killed in an airstrike last week, were named by "
                    "the army.", "airstrike")
    assert e.claim.status == "assessed", e.claim.reason


def test_circumstance_of_the_saying_is_not_its_content(stages):
    e = run(stages, "During his talks with the envoy, the minister said the army would leave the "
                    "town.", "talks", event_type="CONSULT")
    assert e.claim.claimant is None and e.claim.status == "asserted", e.claim.reason


def test_factive_aware_is_the_article_voice(stages):
    e = run(stages, "The ministry is well aware that rebels shelled the port in 2019.", "shelled")
    assert e.claim.claimant is None and e.claim.status == "asserted", e.claim.reason


def test_leading_subordinate_clause_is_part_of_what_was_said(stages):
    e = run(stages, "Although no formal talks were held, the envoys will meet again soon, the "
                    "minister added.", "talks", event_type="CONSULT")
    assert claimant(e) is not None and "minister" in claimant(e), e.claim.reason


def test_doubled_single_quote_marks_span_sentences(stages):
    text = ("‘‘We saw the police stand aside. The mob burned the shops and left,’’ said a "
            "local trader. The town was calm on Friday.")
    e = run(stages, text, "burned")
    assert claimant(e) == "a local trader" and e.claim.status in ("reported", "claimed")


def test_content_of_an_allegation_is_claimed(stages):
    e = run(stages, "There are allegations that soldiers burned the market in the night.", "burned")
    assert e.claim.claimant is None and e.claim.status == "claimed", e.claim.reason


@pytest.mark.parametrize("text,trigger,status", [
    ("Army advances near the city could cut the enclave in two.", "advances", "asserted"),
    ("A fresh attack could come within days, officials fear.", "attack", "speculative"),
])
def test_hedge_on_a_noun_subject_needs_an_occurrence_verb(stages, text, trigger, status):
    e = run(stages, text, trigger)
    assert e.claim.status == status, e.claim.reason


def test_noun_object_of_a_bare_modal_verb_is_hypothetical(stages):
    e = run(stages, "The border region could see fresh airstrikes within days.", "airstrikes")
    assert e.claim.status == "speculative" and e.aux_mode == "hypothetical", (e.aux_mode, e.reasons)


def test_likely_to_is_speculative_future(stages):
    e = run(stages, "The foreign minister is likely to visit Moscow next month.", "visit",
            event_type="CONSULT")
    assert e.claim.status == "speculative" and e.aux_mode == "future", (e.claim.reason, e.reasons)


def test_seems_with_adjective_is_not_a_hedge(stages):
    e = run(stages, "It seems ironic that the army shelled its own town.", "shelled")
    assert e.claim.status == "asserted", e.claim.reason


def test_negation_does_not_cross_but(stages):
    e = run(stages, "Iran does not confirm its role in Yemen but is widely believed to be arming "
                    "the rebels.", "arming", event_type="AID")
    assert e.aux_mode is None and e.claim.status == "assessed", (e.aux_mode, e.reasons)


@pytest.mark.parametrize("text,trigger,mode", [
    ("The two leaders will keep meeting in private.", "meeting", "future"),
    ("The rebels refused to release the hostages.", "release", "negated"),
])
def test_keep_doing_is_not_prevention(stages, text, trigger, mode):
    e = run(stages, text, trigger, event_type="CONSULT")
    assert e.aux_mode == mode, (e.aux_mode, e.reasons)


def test_promise_made_by_saying_it_is_not_future(stages):
    e = run(stages, "The minister said she will accept the court's ruling.", "accept",
            event_type="AGREE", actor="she")
    assert e.claim.claimant is None and e.claim.status == "asserted"
    assert e.aux_mode is None, e.reasons


def test_speech_act_with_no_coded_actor_uses_the_clause_subject(stages):
    e = run(stages, "The president said he was likely to press the allies for more troops.",
            "press", event_type="REQUEST")
    assert e.claim.claimant is None and e.claim.status == "speculative", e.claim.reason
    assert e.aux_mode == "future", e.reasons


def test_demand_in_nested_report_goes_to_the_outer_source(stages):
    e = run(stages, "According to the envoy, the president said the delegation should ask the UN "
                    "for help.", "ask", event_type="REQUEST", actor="the delegation")
    assert claimant(e) is not None and "envoy" in claimant(e), e.claim.reason


def test_intention_noun_makes_future(stages):
    e = run(stages, "The president has signalled his intention to withdraw troops from the region.",
            "withdraw", event_type="RETREAT")
    assert e.aux_mode == "future", e.reasons


def test_fear_is_speculative(stages):
    e = run(stages, "Residents fear the army will shell the town again.", "shell")
    assert e.claim.status == "speculative", e.claim.reason


def test_report_noun_with_a_source_names_the_claimant(stages):
    e = run(stages, "The move followed reports by the agency Tass that rebels shelled the port.",
            "shelled")
    assert claimant(e) is not None and "Tass" in claimant(e), e.claim.reason


@pytest.mark.parametrize("text,trigger,who", [
    ("Medics said the violence in the old town, where dozens died in 2014 after the army "
     "shelled the market, has grown.", "shelled", None),
    ("The general, who was detained by rebels last year, escaped on Monday, officials said.",
     "detained", "officials"),
])
def test_non_restrictive_relative_clause_is_an_aside_unless_a_cue_follows(stages, text, trigger, who):
    e = run(stages, text, trigger)
    got = claimant(e)
    assert (got is None) if who is None else (got is not None and who in got), e.claim.reason


def test_first_person_request_in_an_unattributed_quote_is_a_speech_act(stages):
    e = run(stages, "The letters often begin with the words: “I am asking you to find my son.”",
            "asking", event_type="REQUEST")
    assert e.claim.status == "asserted", e.claim.reason


def test_trailing_clause_of_someone_else_stays_reported(stages):
    e = run(stages, "The rescue group said one of its volunteers died while responding to a "
                    "bombing.", "bombing")
    assert claimant(e) is not None and "rescue group" in claimant(e), e.claim.reason


@pytest.mark.parametrize("text,trigger,status", [
    ("If the talks fail, the army would attack the town, the minister said.", "attack", "speculative"),
    ("Instead, the president would first seek approval from parliament.", "seek", "asserted"),
])
def test_conditional_event_is_speculative_but_narrative_would_is_not(stages, text, trigger, status):
    e = run(stages, text, trigger, event_type="REQUEST")
    assert e.claim.status == status, (e.claim.reason, e.reasons)


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
            f"{cap(clause)}, according to {speaker}.",
            f"{cap(speaker)} said in a statement that {clause}.",
            f"{cap(clause)}, {speaker} told reporters.",
            f"{cap(speaker)} told reporters on Monday that {clause}."][form]


@hsettings(max_examples=25, deadline=None)
@given(st.sampled_from(SPEAKERS), st.sampled_from(CLAUSES),
       st.lists(st.integers(0, 7), min_size=2, max_size=2, unique=True))
def test_cue_position_does_not_change_claimant(stages, speaker, clause, forms):
    text_clause, trig = clause
    got = set()
    for form in forms:
        e = run(stages, _frame(form, speaker, text_clause), trig)
        assert e.claim.claimant is not None, _frame(form, speaker, text_clause)
        got.add(e.claim.claimant.text.lower())
    assert len(got) == 1, got


# -- floors on the repo's annotations (dev half) -------------------------------------------

@pytest.mark.slow
def test_claims_floors_on_dev_annotations(tmp_path):
    """Regression guard on the dev half only: the held-out half is scored once per change
    set and reported, never used to pass or fail a variant (GUIDELINES.md). Scored on the
    files the floors were measured on, so that a new annotation file cannot move them."""
    if not any(ANNOTATIONS.glob("*.jsonl")):
        pytest.skip(f"{ANNOTATIONS} has no annotations")
    from tripwire.claims_eval import evaluate_claims

    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    for name in floors["files"]:
        (tmp_path / f"{name}.jsonl").write_bytes((ANNOTATIONS / f"{name}.jsonl").read_bytes())
    res = evaluate_claims(tmp_path, split="dev")["overall"]
    assert res["claimant"]["f1"] >= floors["claimant_f1"], res["claimant"]
    assert res["status"]["accuracy"] >= floors["status_accuracy"], res["status"]
    assert res["aux_mode"]["macro_f1"] >= floors["aux_macro_f1"], res["aux_mode"]["per_label"]
    assert res["coverage"] >= floors["coverage"], res["coverage"]


# -- broad mechanisms (issue #3, second pass): each a construction, not a sentence ---------

@pytest.mark.parametrize("text,trigger,who", [
    # subject control: the speaker of a subjectless participle or infinitive cue
    ("Alleging that soldiers had shelled the market, the mayor demanded an inquiry.", "shelled", "mayor"),
    ("The governor went on to say that rebels had shelled the port.", "shelled", "governor"),
    # a reporting clause set in the middle, with a co-ordinated clause after it
    ("Rebels shelled the port on Monday, officials said, and more strikes were expected.",
     "shelled", "officials"),
    # a quotation opened after a colon is the words of the clause's subject, whatever the verb
    ("Amira, a nurse from the town, puts it bluntly: “The militia shelled our hospital.”",
     "shelled", "Amira"),
    # a relative pronoun speaker is its antecedent
    ("The council, which said rebels had shelled the port, asked for help.", "shelled", "council"),
    # a claim verb's perfect infinitive is what it claims
    ("The militia claims to have shelled the port overnight.", "shelled", "militia"),
])
def test_general_attribution_constructions(stages, text, trigger, who):
    e = run(stages, text, trigger)
    assert claimant(e) is not None and who in claimant(e), (claimant(e), e.claim.reason)


@pytest.mark.parametrize("text,trigger", [
    # an object noun phrase that holds the event only through a clause on a noun is what
    # was heard or recalled, not the report ("hears fighters talking of houses burnt")
    ("The author hears fighters talking of villages shelled by the army.", "shelled"),
    ("Recalling the years when the town was shelled, the mayor said peace would hold.", "shelled"),
    # "according to" does not reach back over an earlier clause set off by dashes
    ("Her father was shelled out of his home – the house was shelled in May – and, according "
     "to neighbours, the family has moved away.", "shelled", ),
    # a gerund after a verb of proposing is a proposal, not a report
    ("The minister has suggested rewriting the law to make it easier to prosecute looters.",
     "prosecute"),
    # a passive cue with a real subject attributes its infinitive, not a clause hung on it
    ("While the stadium will offer a sign of victory – the commander was shelled there in 2015 – "
     "the tower is considered to be of more value.", "offer"),
])
def test_no_claimant_where_nothing_is_reported(stages, text, trigger):
    nth = 1 if text.count(trigger) > 1 and "according" in text else 0
    e = run(stages, text, trigger, nth=nth)
    assert e.claim.claimant is None, (claimant(e), e.claim.reason)
    assert e.claim.status in ("asserted", "speculative"), e.claim.reason


@pytest.mark.parametrize("text,trigger,status,mode", [
    ("The strike could have killed hundreds of civilians.", "killed", "speculative", "hypothetical"),
    ("The army would have attacked the town without foreign pressure.", "attacked", "speculative",
     "hypothetical"),
    ("There is a growing risk of an offensive against the town.", "offensive", "speculative",
     "hypothetical"),
    ("Residents fear a repeat of the airstrikes on the town.", "airstrikes", "speculative",
     "hypothetical"),
    ("Such an abrupt withdrawal would leave the militia vulnerable to an attack.", "attack",
     "speculative", "hypothetical"),
    ("Food shortages would worsen in the event of an attack.", "attack", "speculative",
     "hypothetical"),
    ("A full assault on the city would lead to the flight of 800,000 people.", "assault",
     "speculative", "hypothetical"),
    ("The minister has suggested rewriting the law to make it easier to prosecute looters.",
     "prosecute", "speculative", "hypothetical"),
    ("The government is yet to offer shelter to those fleeing the fighting.", "offer", "asserted",
     "negated"),
    ("Families are leaving ahead of the expected barrage.", "barrage", "speculative", "future"),
    ("The initial timetable for the withdrawal was 30 days.", "withdrawal", "asserted", "future"),
    ("The president has ordered the withdrawal of all troops.", "withdrawal", "asserted", "future"),
])
def test_general_hedges_and_modes(stages, text, trigger, status, mode):
    e = run(stages, text, trigger, event_type="ASSAULT" if trigger not in ("offer",) else "AID")
    assert (e.claim.status, e.aux_mode) == (status, mode), (e.claim.reason, e.reasons)


def test_allegations_as_subject_of_would_are_not_a_scenario(stages):
    e = run(stages, "Allegations that police watched the riot would give credence to the claim.",
            "Allegations", event_type="ACCUSE")
    assert e.aux_mode is None and e.claim.status != "speculative", (e.claim.reason, e.reasons)


def test_calling_someone_a_threat_is_the_speakers_accusation(stages):
    e = run(stages, "The president said the militias posed the biggest threat to the country.",
            "threat", event_type="THREATEN", actor="the militias")
    assert e.claim.claimant is None and e.claim.status == "asserted", e.claim.reason


def test_unclosed_quotation_ends_with_its_paragraph():
    from tripwire.claim_cues import UNCLOSED_QUOTE_CHARS, load_cues, quote_regions
    from tripwire.settings import load_settings

    cues = load_cues(str(load_settings().data_dir / "attribution_cues.json"))
    text = "He said: “Hope at last for the town.\nThe army shelled the port. " + "x" * 900
    regions = quote_regions(text, cues)
    assert regions and regions[0][1] == text.index("\n")
    flat = "He said: “Hope at last. " + "y " * 600
    assert quote_regions(flat, cues)[0][1] - quote_regions(flat, cues)[0][0] == UNCLOSED_QUOTE_CHARS
    closed = "He said: “Hope at last.\nMore hope,” he said."
    assert quote_regions(closed, cues)[0][1] == closed.index("”")


# -- generalisation pass: constructions written for these checks -------------------------

@pytest.mark.parametrize("text,trigger,actor", [
    # a negated cue, a negative speaker or a refusal attributes nothing
    ("Israel did not confirm the strike on the convoy near Homs.", "strike", None),
    ("No group has claimed responsibility for the bombing in Kabul.", "bombing", None),
    ("Nobody has claimed responsibility for the bombing in Kabul.", "bombing", None),
    ("The governor would not say whether police had raided the camp.", "raided", None),
])
def test_unsaid_cue_has_no_claimant(stages, text, trigger, actor):
    e = run(stages, text, trigger, actor=actor)
    assert e.claim.claimant is None, (claimant(e), e.claim.reason)
    assert e.claim.status in ("asserted", "speculative")
    assert e.aux_mode != "negated", "the cue's negation is not the event's"


def test_negated_verb_does_not_negate_its_object_event(stages):
    e = run(stages, "The truce has not stopped the fighting around Marivale.", "fighting")
    assert e.aux_mode is None, e.reasons
    e = run(stages, "The rebels did not launch an attack on the base.", "attack")
    assert e.aux_mode == "negated"


@pytest.mark.parametrize("text,trigger", [
    ("Nobody was killed in the blast at the depot.", "killed"),
    ("None of the soldiers were wounded in the ambush.", "wounded"),
    ("He said the army had neither shelled nor bombed the town.", "shelled"),
    ("He said the army had neither shelled nor bombed the town.", "bombed"),
])
def test_negative_subjects_and_neither_nor_negate(stages, text, trigger):
    assert run(stages, text, trigger).aux_mode == "negated"


def test_igo_official_is_no_party_to_the_conflict(stages):
    e = run(stages, "The UN envoy for Syria said airstrikes had killed 40 civilians.", "airstrikes")
    assert "UN envoy" in (claimant(e) or "") and e.claim.status == "reported", e.claim.reason
    e = run(stages, "The Kremlin spokesman said Ukrainian drones had attacked the airfield.", "attacked")
    assert e.claim.status == "claimed", e.claim.reason


def test_party_scenario_or_own_plan_is_not_a_claim(stages):
    e = run(stages, "Officials said troops would attack the town if the talks failed.", "attack")
    assert e.claim.status == "speculative" and e.aux_mode == "hypothetical", e.claim.reason
    e = run(stages, "The defence ministry said it would strike the depots next week.", "strike",
            actor="it")
    assert e.claim.status == "reported" and e.aux_mode == "future", e.claim.reason
    e = run(stages, "The Kremlin said Nato was preparing to attack Russia.", "attack")
    assert e.claim.status == "claimed" and e.aux_mode == "future", e.claim.reason


def test_accusation_made_by_saying_it_whatever_its_tense(stages):
    e = run(stages, "The opposition leader said the government had betrayed the country.",
            "betrayed", event_type="ACCUSE", actor="The opposition leader")
    assert e.claim.claimant is None and e.claim.status == "asserted", e.claim.reason
    # not an accusation: the speaker stays the claimant of what they report
    e = run(stages, "The opposition leader said the police had beaten protesters.", "beaten",
            actor="the police")
    assert "opposition leader" in (claimant(e) or "")


@pytest.mark.parametrize("text,trigger,who", [
    ("Sajid Javid, the home secretary, said police had arrested three men.", "arrested", "Sajid Javid"),
    ("Police had arrested three men, said Sajid Javid, the home secretary.", "arrested", "Sajid Javid"),
    ("The home secretary, Sajid Javid, said police had arrested three men.", "arrested", "Sajid Javid"),
    ("“We shot down two drones,” Colonel Ali Hassan, a spokesman for the army, said.", "shot down",
     "Colonel Ali Hassan"),
])
def test_claimant_span_holds_the_name_with_its_apposition(stages, text, trigger, who):
    e = run(stages, text, trigger)
    assert who in (claimant(e) or ""), (claimant(e), e.claim.reason)


# -- an external stand-in (issue #3): news-style attributions written for this table ----
# Reuters/AP/AFP-style phrasing, UN/NGO and ministry statements, analysts, witnesses,
# anonymous officials, denials, hedges. None comes from the annotations; each row checks
# claimant (a substring of the span, or None), status and aux_mode. Rows are passed by
# general rules (post-posed speakers, "said in a statement that", passive agents, raising
# passives, summarising appositions), never by a rule written for one row.

NEWS_TABLE = [
    ('Witnesses told Reuters that soldiers opened fire on the crowd.', 'opened fire', 'ASSAULT', 'soldiers', 'Witnesses', 'reported', None),
    ('Police arrested 14 people after clashes in the northern city, a police spokesman told AFP.', 'arrested', 'COERCE', 'Police', 'police spokesman', 'reported', None),
    ('According to the United Nations, more than 300 civilians were killed in air strikes last month.', 'air strikes', 'ASSAULT', None, 'United Nations', 'reported', None),
    ('The Syrian Observatory for Human Rights, a Britain-based war monitor, said government forces had bombed a market in Idlib.', 'bombed', 'ASSAULT', 'government forces', 'Syrian Observatory', 'reported', None),
    ("Russia's defence ministry said its air defences had shot down 12 Ukrainian drones over the Belgorod region.", 'shot down', 'ASSAULT', 'its air defences', 'defence ministry', 'claimed', None),
    ('The Israeli military said it struck a Hezbollah weapons depot in southern Lebanon.', 'struck', 'ASSAULT', 'it', 'Israeli military', 'claimed', None),
    ('Houthi rebels claimed responsibility for a missile attack on a tanker in the Red Sea.', 'attack', 'ASSAULT', 'Houthi rebels', 'Houthi rebels', 'claimed', None),
    ('Israel denied carrying out the strike on the consulate.', 'strike', 'ASSAULT', 'Israel', 'Israel', 'denied', None),
    ('The army denied that its troops had fired on protesters.', 'fired', 'ASSAULT', 'its troops', 'army', 'denied', None),
    ('The Pentagon said it believes the strike killed a senior al-Shabaab commander.', 'killed', 'ASSAULT', None, 'Pentagon', 'assessed', None),
    ('Analysts said the army could launch a new offensive within weeks.', 'launch', 'ASSAULT', 'the army', 'Analysts', 'speculative', 'hypothetical'),
    ('Government officials, speaking on condition of anonymity, said troops had been deployed to the border.', 'deployed', 'MOBILIZE', 'troops', 'Government officials', 'reported', None),
    ('Local sources said gunmen kidnapped three aid workers near the border with Niger.', 'kidnapped', 'ASSAULT', 'gunmen', 'Local sources', 'reported', None),
    ('The attack on the checkpoint was reported by the local newspaper Al-Watan.', 'attack', 'ASSAULT', None, 'Al-Watan', 'reported', None),
    ('A UN report published on Tuesday found that security forces had tortured detainees in at least four prisons.', 'tortured', 'ASSAULT', 'security forces', 'UN report', 'reported', None),
    ('Human Rights Watch said in a report that police used excessive force against protesters.', 'used excessive force', 'ASSAULT', 'police', 'Human Rights Watch', 'reported', None),
    ('A statement from the World Health Organization said hospitals in Gaza had been hit by shelling.', 'shelling', 'ASSAULT', None, 'World Health Organization', 'reported', None),
    ('Gunmen stormed a hotel in Mogadishu, killing at least nine people, police and witnesses said.', 'stormed', 'ASSAULT', 'Gunmen', 'police', 'reported', None),
    ('“We destroyed two enemy tanks near the village,” a rebel commander told the Associated Press.', 'destroyed', 'ASSAULT', 'We', 'rebel commander', 'claimed', None),
    ('The opposition accused the government of rigging the election.', 'accused', 'ACCUSE', 'The opposition', None, 'asserted', None),
    ('The European Union called on both sides to halt the fighting.', 'called on', 'REQUEST', 'The European Union', None, 'asserted', None),
    ('The foreign minister condemned the attack on the embassy.', 'condemned', 'ACCUSE', 'The foreign minister', None, 'asserted', None),
    ('The foreign minister condemned the attack on the embassy.', 'attack', 'ASSAULT', None, None, 'asserted', None),
    ('The prime minister said the country would not send troops to the region.', 'send', 'MOBILIZE', 'the country', 'prime minister', 'reported', 'negated'),
    ('The militants allegedly executed five hostages.', 'executed', 'ASSAULT', 'The militants', None, 'claimed', None),
    ('Rebels reportedly seized two villages on the outskirts of the city.', 'seized', 'ASSAULT', 'Rebels', None, 'reported', None),
    ('Troops fired tear gas at demonstrators in the capital on Saturday.', 'fired', 'ASSAULT', 'Troops', None, 'asserted', None),
    ('The ceasefire is expected to take effect at midnight, diplomats said.', 'ceasefire', 'RETREAT', None, 'diplomats', 'speculative', 'future'),
    ('Kenyan police said they had arrested a suspect in connection with the attack.', 'arrested', 'COERCE', 'they', 'Kenyan police', 'reported', None),
    ('The minister told parliament that Britain would send two warships to the Gulf.', 'send', 'MOBILIZE', 'Britain', 'minister', 'reported', 'future'),
    ('Moscow has repeatedly denied targeting civilians.', 'targeting', 'ASSAULT', 'Moscow', 'Moscow', 'denied', None),
    ('The rebels said on Twitter that they had captured the airport.', 'captured', 'ASSAULT', 'they', 'rebels', 'claimed', None),
    ('The explosion, which officials blamed on Islamist militants, killed eight people.', 'killed', 'ASSAULT', None, None, 'asserted', None),
    ('Speaking to reporters in Brussels, the NATO chief said the alliance would deploy more troops to its eastern flank.', 'deploy', 'MOBILIZE', 'the alliance', 'NATO chief', 'reported', 'future'),
    ('The Kremlin said Ukraine had attacked a border town, a claim Kyiv denied.', 'attacked', 'ASSAULT', 'Ukraine', 'Kremlin', 'claimed', None),
    ('Two people were killed in the blast, said Ahmed Khan, a spokesman for the Red Crescent.', 'killed', 'ASSAULT', None, 'Ahmed Khan', 'reported', None),
    ('Local media reported that an explosion hit a military base near the capital.', 'explosion', 'ASSAULT', None, 'Local media', 'reported', None),
    ('The monitor said the strike may have killed dozens of civilians.', 'killed', 'ASSAULT', 'the strike', 'monitor', 'speculative', None),
    ('Two US officials, who spoke on condition of anonymity, said the drone strike killed a senior commander.', 'drone strike', 'ASSAULT', None, 'US officials', 'claimed', None),
    ('Turkish Defence Minister Hulusi Akar told state broadcaster TRT that Turkish jets had hit 30 targets.', 'hit', 'ASSAULT', 'Turkish jets', 'Hulusi Akar', 'claimed', None),
    ('The ministry said in a statement that government troops had recaptured the town.', 'recaptured', 'ASSAULT', 'government troops', 'ministry', 'claimed', None),
    ("The aid group's director told AFP in an interview that militiamen had looted the warehouse.", 'looted', 'ASSAULT', 'militiamen', 'director', 'reported', None),
    ('The Kremlin said Ukraine had attacked a border town, a claim Kyiv denied.', 'denied', 'REJECT', 'Kyiv', None, 'asserted', None),
    ('Militants attacked a convoy, killing at least five soldiers, army officials and residents said.', 'attacked', 'ASSAULT', 'Militants', 'army officials', 'claimed', None),
    ('The strike was confirmed by a spokesman for the coalition.', 'strike', 'ASSAULT', None, 'spokesman', 'claimed', None),
    ("Ukraine's military intelligence agency said Russia was preparing to move troops to the border.", 'move', 'MOBILIZE', 'Russia', 'military intelligence agency', 'reported', 'future'),
    ('The government is widely believed to have armed the militia.', 'armed', 'AID', 'The government', None, 'assessed', None),
    ('Soldiers burned dozens of homes in the village, residents told Amnesty International.', 'burned', 'ASSAULT', 'Soldiers', 'residents', 'reported', None),
    ('Protesters set fire to a police station, according to witnesses quoted by the BBC.', 'set fire', 'ASSAULT', 'Protesters', 'witnesses', 'reported', None),
    ('The agency said the vessel was struck by a drone, citing maritime security sources.', 'struck', 'ASSAULT', None, 'agency', 'reported', None),
    ('It was not immediately clear who carried out the attack.', 'attack', 'ASSAULT', None, None, 'asserted', None),
    ('The United States imposed sanctions on three Iranian officials, the Treasury Department said.', 'sanctions', 'SANCTION', 'The United States', 'Treasury Department', 'reported', None),
]


# Issue #3, fourth pass: background inside speech, relative clauses, witnesses, anonymous
# officials. Written from GUIDELINES.md and the annotation conventions (README.md next to
# them) before the system was run on them; rows it still gets wrong are xfail(strict), so a
# fix shows up. Historical aux_mode is set later by finalize (not run here), so dated rows
# expect None.
NEWS_TABLE_S4 = [
    ("The minister said her son, killed in action in 2022, would have backed the peace deal.", "killed", "ASSAULT", None, None, "asserted", None),
    ("A Hamas spokesman said Saleh al-Arouri, who was killed in an Israeli strike in Beirut in 2024, had led the group's West Bank operations.", "strike", "ASSAULT", None, None, "asserted", None),
    ("Villagers said they were still terrified by the bombing of the market and that militiamen had looted dozens of homes.", "bombing", "ASSAULT", None, None, "asserted", None),
    ("Villagers said they were still terrified by the bombing of the market and that militiamen had looted dozens of homes.", "looted", "ASSAULT", "militiamen", "Villagers", "reported", None),
    ("Residents heard explosions near the airport shortly after midnight.", "explosions", "ASSAULT", None, None, "asserted", None),
    ("Witnesses told AFP that soldiers opened fire on the crowd outside the stadium.", "opened fire", "ASSAULT", "soldiers", "Witnesses", "reported", None),
    ("The protests were sparked by the arrest of a popular cleric, officials said.", "protests", "PROTEST", None, None, "asserted", None),
    ("The protests were sparked by the arrest of a popular cleric, officials said.", "arrest", "COERCE", None, "officials", "reported", None),
    pytest.param(*("Kyiv said the ceasefire agreed in 2015 had never been honoured by Moscow.", "ceasefire", "RETREAT", None, None, "asserted", None), marks=pytest.mark.xfail(strict=True, reason="parser takes 'agreed' for the main verb (no clause on the noun to date it)")),
    ("Two US officials, speaking on condition of anonymity, said the strikes hit an ammunition depot near Deir ez-Zor.", "strikes", "ASSAULT", None, "US officials", "claimed", None),
    ("The attack killed at least 14 people, according to the UN Office for the Coordination of Humanitarian Affairs.", "killed", "ASSAULT", None, "UN Office", "reported", None),
    ("Human Rights Watch said security forces detained dozens of protesters without charge.", "detained", "COERCE", "security forces", "Human Rights Watch", "reported", None),
    ("Russia's defence ministry said its air defences shot down 12 Ukrainian drones overnight.", "shot down", "ASSAULT", "its air defences", "defence ministry", "claimed", None),
    ("Police said the suspect, who had been arrested twice before, was detained at the border on Friday.", "detained", "COERCE", None, "Police", "reported", None),
    ("Police said the suspect, who had been arrested twice before, was detained at the border on Friday.", "arrested", "COERCE", None, None, "asserted", None),
    ("Rebels shelled the town on Sunday, a local official told Reuters.", "shelled", "ASSAULT", "Rebels", "local official", "claimed", None),
    ("Aid workers said the convoy, which was attacked near Idlib last week, had been carrying food and medicine.", "attacked", "ASSAULT", None, None, "asserted", None),
    ("The mother of one of the victims, who was shot dead by police in 2019, said officers had beaten her son in custody.", "shot dead", "ASSAULT", "police", None, "asserted", None),
    ("The mother of one of the victims, who was shot dead by police in 2019, said officers had beaten her son in custody.", "beaten", "ASSAULT", "officers", "mother", "reported", None),
    ("State television reported that government forces had retaken the town of Saraqeb.", "retaken", "ASSAULT", "government forces", "State television", "claimed", None),
    ("An AP photographer saw soldiers beating a man outside the mosque.", "beating", "ASSAULT", "soldiers", None, "asserted", None),
    pytest.param(*("The UN envoy said talks between the two sides, which collapsed in March, would resume in Geneva next week.", "talks", "CONSULT", None, "UN envoy", "reported", "future"), marks=pytest.mark.xfail(strict=True, reason="'talks would resume' is hedged as a scenario (claims.hedge), not reported future")),
    pytest.param(*("Speaking at the funeral, the president said the soldiers killed in last month's ambush had died defending the nation.", "ambush", "ASSAULT", None, None, "asserted", None), marks=pytest.mark.xfail(strict=True, reason="an event inside a restrictive participle ('the soldiers killed in ... ambush') is not yet background; dev has restrictive ones the annotators attribute")),
    ("A spokesman for the Saudi-led coalition said the Houthis fired a ballistic missile at Riyadh, which was intercepted.", "fired", "ASSAULT", "the Houthis", "spokesman", "claimed", None),
    ("Officials in Kabul said the Taliban had released 20 prisoners as part of the exchange agreed in Doha in 2020.", "released", "RETREAT", "the Taliban", "Officials", "reported", None),
    pytest.param(*("Officials in Kabul said the Taliban had released 20 prisoners as part of the exchange agreed in Doha in 2020.", "agreed", "AGREE", None, None, "asserted", None), marks=pytest.mark.xfail(strict=True, reason="parser hangs 'agreed in Doha' on the verb as advcl, not on 'exchange'")),
    ("\"We were woken by the shelling,\" said Fatima, a resident of Ghouta who lost two sons in an airstrike in 2016.", "airstrike", "ASSAULT", None, None, "asserted", None),
    ("\"We were woken by the shelling,\" said Fatima, a resident of Ghouta who lost two sons in an airstrike in 2016.", "shelling", "ASSAULT", None, "Fatima", "reported", None),
    ("Israel's military said it struck Hezbollah targets in southern Lebanon in response to rocket fire.", "struck", "ASSAULT", "it", "military", "claimed", None),
]


@pytest.mark.parametrize("text,trigger,event_type,actor,who,status,mode", NEWS_TABLE_S4)
def test_news_background_table(stages, text, trigger, event_type, actor, who, status, mode):
    test_news_attribution_table(stages, text, trigger, event_type, actor, who, status, mode)


@pytest.mark.parametrize("text,trigger,event_type,actor,who,status,mode", NEWS_TABLE)
def test_news_attribution_table(stages, text, trigger, event_type, actor, who, status, mode):
    e = run(stages, text, trigger, event_type=event_type, actor=actor)
    got = claimant(e)
    if who is None:
        assert got is None, (got, e.claim.reason)
    else:
        assert got is not None and who.lower() in got.lower(), (got, e.claim.reason)
    assert (e.claim.status, e.aux_mode) == (status, mode), (e.claim.reason, e.reasons)


def test_news_table_is_big_enough():
    assert len(NEWS_TABLE) >= 25


def test_folds_group_sentences_by_article():
    """Out-of-fold scoring (issue #3) needs every sentence of an article in one fold."""
    from tripwire.claims_eval import FOLDS, fold_of

    assert fold_of("guardian-0112-s03") == fold_of("guardian-0112-s10")
    assert {fold_of(f"guardian-{i:04d}-s00") for i in range(200)} == set(range(FOLDS))
