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
    assert {row["sub_event_type"] for row in acled if "none" not in row} == ACLED_SUB_TYPES


@pytest.mark.parametrize("text,sub_type", [
    ("Syrian government forces recaptured the town of Daraa on Friday.",
     "Government regains territory"),
    ("Islamic State fighters seized control of the town of Palmyra.",
     "Non-state actor overtakes territory"),
    ("Israeli air defences intercepted two rockets fired from Gaza.", "Disrupted weapons use"),
    ("Police arrested 40 protesters in the capital on Sunday.", "Arrests"),
    ("Rebels shelled the city on Monday.", "Shelling/artillery/missile attack"),
    # ACLED codebook: a violent crowd that is not demonstrating is Mob violence.
    ("A mob ransacked nine houses in the old city on Friday.", "Mob violence"),
    # Surrenders and prisoner releases are Agreements in ACLED's codebook.
    ("The rebels in Daraa surrendered to the army on Sunday.", "Agreement"),
    ("The army deployed troops to the border region on Tuesday.", "Change to group/activity"),
    ("Air defences downed two missiles over the capital.", "Disrupted weapons use"),
])
def test_acled_sub_type_of_real_sentences(pipeline, text, sub_type):
    doc = pipeline.process({"text": text, "published": "2022-12-07"})
    assert any(e.acled and e.acled["sub_event_type"] == sub_type for e in doc.events), \
        [(e.event_type, e.mode, e.acled) for e in doc.events]


def test_police_security_measures_are_not_acled_events(pipeline):
    doc = pipeline.process({"text": "Police deployed extra officers at sensitive areas on Friday.",
                            "published": "2022-12-07"})
    mobilize = [e for e in doc.events if e.event_type == "MOBILIZE"]
    assert mobilize and all(e.acled is None for e in mobilize)
    assert any("ACLED: not coded" in r for e in mobilize for r in e.reasons)


def test_mob_cue_is_a_whole_word():
    from tripwire.derive import load_cues

    cues = load_cues(str(load_settings().data_dir))
    assert cues["mob"].search("a mob attacked the station")
    assert not cues["mob"].search("it took time to mobilise the trucks")


def test_a_mention_the_model_added_gets_no_acled_type():
    from tripwire.derive import derive, load_cues
    from tripwire.document import EventMention, Span

    settings = load_settings()
    types, acled = load_tables(str(settings.data_dir))
    quote = Span(0, 30, "Erdogan responded on Tuesday.")
    mention = EventMention(sentence_index=0, quote=quote, trigger=Span(8, 17, "responded"),
                           event_type="ASSAULT", pattern_id="model.main_verb")
    derive(mention, types, acled, load_cues(str(settings.data_dir)))
    assert mention.acled is None and mention.quad_class  # the other derived fields still set
    mention.pattern_id = "assault.noun"
    derive(mention, types, acled, load_cues(str(settings.data_dir)))
    assert mention.acled == {"event_type": "Battles", "sub_event_type": "Armed clash"}
