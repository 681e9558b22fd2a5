"""Denials: "X denied that Y happened" codes Y with status 'denied', never a REJECT.

PLOVER's REJECT is refusing a request or a proposal ("denied land allocation", "declined to
resign"); a denial of an accusation is the claims stage's business (annotation
GUIDELINES.md: "denied attacking" is the attack, status denied), and declining to comment
is no event at all.
"""

from __future__ import annotations

import pytest


def _types(doc):
    return [(e.event_type, e.claim.status) for e in doc.events]


@pytest.mark.parametrize("text, trigger, etype, claimant", [
    ("Russia denied that its forces had shelled the town.", "shelled", "ASSAULT", "Russia"),
    ("Israel rejected reports that its jets struck the airport.", "struck", "ASSAULT", "Israel"),
    ("The militia denied claims by residents that it had abducted two journalists.",
     "abducted", "ASSAULT", "The militia"),
])
def test_denied_content_is_coded_with_status_denied(code, text, trigger, etype, claimant):
    doc = code(text)
    assert not any(e.event_type == "REJECT" for e in doc.events), _types(doc)
    event = next(e for e in doc.events if e.trigger.text == trigger)
    assert event.event_type == etype
    assert event.claim.status == "denied"
    assert event.claim.claimant is not None and event.claim.claimant.text == claimant


@pytest.mark.parametrize("text", [
    "The district administration has denied land allocation for the construction of a temple.",
    "The vice-president has declined to resign despite growing pressure.",
    "Iran rejected the European proposal on Monday.",
])
def test_refusals_stay_reject(code, text):
    assert any(e.event_type == "REJECT" for e in code(text).events), _types(code(text))


def test_declining_to_comment_is_not_a_rejection(code):
    doc = code("The ministry declined to comment on the talks with the rebels.")
    assert not any(e.event_type == "REJECT" for e in doc.events), _types(doc)


def test_content_clause_parsed_as_relative_clause_of_the_source_is_denied(code):
    # the parser hangs "that soldiers tortured detainees" on "groups" as a relative clause
    # (with "that" as its object beside the object "detainees")
    doc = code("The government rejected allegations by rights groups that soldiers tortured "
               "detainees.")
    torture = next(e for e in doc.events if e.trigger.text == "tortured")
    assert torture.claim.status == "denied"
    assert torture.claim.claimant is not None and torture.claim.claimant.text == "The government"
    # the allegation itself was made: it is not what is denied
    allegation = next(e for e in doc.events if e.trigger.text == "allegations")
    assert allegation.claim.status != "denied"


def test_a_true_relative_clause_on_a_passive_cues_subject_is_not_its_content(code):
    doc = code("Rights groups that tortured detainees were rejected by the government.")
    torture = next(e for e in doc.events if e.trigger.text == "tortured")
    assert torture.claim.status == "asserted" and torture.claim.claimant is None
