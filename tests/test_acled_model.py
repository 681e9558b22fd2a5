"""The learned ACLED sub-type refiner: candidates bounded by the PLOVER type, thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from tripwire import acled_model
from tripwire.document import EventMention, Span
from tripwire.settings import load_settings

SETTINGS = load_settings()
COMPAT = acled_model.load_compat(str(SETTINGS.data_dir))
LABELS = ("Air/drone strike", "Armed clash", "Arrests", "Attack", "none")


def _mention(event_type: str, sub: str | None) -> EventMention:
    event = EventMention(sentence_index=0, quote=Span(0, 1, "x"), trigger=Span(0, 1, "x"),
                         event_type=event_type)
    if sub:
        event.acled = {"event_type": COMPAT[sub]["event_type"], "sub_event_type": sub}
    return event


def test_compat_table_names_every_sub_type_but_other_with_its_event_type():
    assert len(COMPAT) == 24 and "Other" not in COMPAT
    assert COMPAT["Arrests"] == {"event_type": "Strategic developments", "plover": ["COERCE"]}


def test_model_takes_over_a_table_sub_type_when_sure():
    event = _mention("ASSAULT", "Armed clash")
    probs = np.array([0.7, 0.1, 0.05, 0.05, 0.1])
    assert acled_model.refine(event, probs, LABELS, COMPAT, take_p=0.5, fill_p=1.01)
    assert event.acled == {"event_type": "Explosions/Remote violence",
                           "sub_event_type": "Air/drone strike"}
    assert "the table said Armed clash" in event.reasons[-1]


def test_unsure_model_keeps_the_table():
    event = _mention("ASSAULT", "Armed clash")
    probs = np.array([0.4, 0.3, 0.1, 0.1, 0.1])
    assert not acled_model.refine(event, probs, LABELS, COMPAT, take_p=0.5, fill_p=0.0)
    assert event.acled["sub_event_type"] == "Armed clash" and event.reasons == []


def test_candidates_are_bounded_by_the_plover_type():
    """An arrest mention cannot become an air strike however sure the sentence model is."""
    event = _mention("COERCE", None)
    probs = np.array([0.8, 0.05, 0.1, 0.0, 0.05])
    assert acled_model.refine(event, probs, LABELS, COMPAT, take_p=1.01, fill_p=0.05)
    assert event.acled["sub_event_type"] == "Arrests"
    event = _mention("ACCUSE", None)  # ACLED codes no accusation
    assert not acled_model.refine(event, probs, LABELS, COMPAT, take_p=0.0, fill_p=0.0)
    assert event.acled is None


@pytest.mark.parametrize("fill_p, filled", [(0.5, True), (0.9, False)])
def test_fill_threshold(fill_p, filled):
    event = _mention("ASSAULT", None)
    probs = np.array([0.1, 0.1, 0.0, 0.7, 0.1])
    assert acled_model.refine(event, probs, LABELS, COMPAT, take_p=1.01, fill_p=fill_p) is filled
    assert (event.acled is not None) is filled


def test_shipped_model_loads_with_a_policy():
    model = acled_model.load_acled_model(str(SETTINGS.data_dir / "models"))
    if model is None:
        pytest.skip("no ACLED model shipped")
    assert set(model.labels) <= set(COMPAT) | {"Other", "none"}
    assert {"take_p", "fill_p"} <= set(model.policy)
