"""Derived fields: the ACLED table covers ACLED's 25 sub-event types, and real sentences
land on the sub-type an ACLED coder would choose."""

from __future__ import annotations

import pytest

from tripwire.derive import load_tables
from tripwire.settings import load_settings

ACLED_SUB_TYPES = {
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack",
    "Abduction/forced disappearance", "Peaceful protest", "Protest with intervention",
    "Excessive force against protesters", "Violent demonstration", "Mob violence", "Agreement",
    "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
}


def test_acled_table_reaches_all_25_sub_types():
    _, acled = load_tables(str(load_settings().data_dir))
    assert {row["sub_event_type"] for row in acled} == ACLED_SUB_TYPES


@pytest.mark.parametrize("text,sub_type", [
    ("Syrian government forces recaptured the town of Daraa on Friday.",
     "Government regains territory"),
    ("Islamic State fighters seized control of the town of Palmyra.",
     "Non-state actor overtakes territory"),
    ("Israeli air defences intercepted two rockets fired from Gaza.", "Disrupted weapons use"),
    ("Police arrested 40 protesters in the capital on Sunday.", "Arrests"),
    ("Rebels shelled the city on Monday.", "Shelling/artillery/missile attack"),
])
def test_acled_sub_type_of_real_sentences(pipeline, text, sub_type):
    doc = pipeline.process({"text": text, "published": "2022-12-07"})
    assert any(e.acled and e.acled["sub_event_type"] == sub_type for e in doc.events), \
        [(e.event_type, e.mode, e.acled) for e in doc.events]
