"""Verdicts in reported speech (events/speech_acts.py) on sentences written for these tests.

Each row: the sentence, whether an ACCUSE/disapprove mention from the verdict rule is
expected, and the text expected in its actor and recipient (None: no check / none).
"""

from __future__ import annotations

import pytest


pytestmark = pytest.mark.slow


VERDICTS = [
    # reported speech: "X said <thing> was <verdict>"
    ("China said the US move was a violation of international law.", "China", "US"),
    ("Rouhani said it was unacceptable for foreign troops to remain in Syria.", "Rouhani", None),
    ("“The raid is a flagrant breach of our sovereignty,” the Iraqi foreign ministry said.",
     "foreign ministry", None),
    ("The opposition leader said the government's decision was illegal.", "opposition leader",
     "government"),
    # a labelling verb, active and passive
    ("Moscow has described the sanctions as unlawful.", "Moscow", None),
    ("The plan was described as reckless by the German chancellor.", "German chancellor", None),
    # a stated reaction about a party
    ("Smaller parties are unhappy with the Congress.", "Smaller parties", "Congress"),
]

NOT_VERDICTS = [
    "China said the US move was not illegal.",  # negated
    "He said the weather was terrible and the roads were dangerous.",  # no verdict word
    "The minister said we were wrong to wait.",  # on oneself
    "Residents were angered by the bombing of the market.",  # a feeling, about no party
    "The report found the building was unsafe.",  # nobody the dictionary places judges
]


def _verdicts(doc):
    return [e for e in doc.events if e.pattern_id == "frame.verdict"]


@pytest.mark.parametrize("text,actor,recipient", VERDICTS)
def test_verdict_is_an_accusation_by_the_judge(code, text, actor, recipient):
    found = _verdicts(code(text))
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in code(text).events]
    m = found[0]
    assert (m.event_type, m.mode) == ("ACCUSE", "disapprove")
    assert any(actor in a.text for a in m.actors), [a.text for a in m.actors]
    if recipient is not None:
        assert any(recipient in r.text for r in m.recipients), [r.text for r in m.recipients]
    assert any("verdict" in r for r in m.reasons)


@pytest.mark.parametrize("text", NOT_VERDICTS)
def test_no_verdict(code, text):
    assert _verdicts(code(text)) == []


def test_speaker_of_a_verdict_is_its_actor_not_its_claimant(code):
    m = _verdicts(code("China said the US move was a violation of international law."))[0]
    assert m.claim is not None and m.claim.claimant is None


def test_criticism_verb_is_not_coded_twice(code):
    doc = code("The ministry condemned the strikes as illegal.")
    accusations = [e for e in doc.events if e.event_type == "ACCUSE"]
    assert len(accusations) == 1


def test_what_was_described_is_not_the_speaker(code):
    # claim_cues.subject_of: only "quoted"/"cited" take their passive subject as the speaker
    doc = code("The move was described as “very alarming” by Russia’s envoy to the UN.")
    for m in doc.events:
        assert m.claim.claimant is None or "move" not in m.claim.claimant.text
