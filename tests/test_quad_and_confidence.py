"""The sentence-level quad model (events/quad.py) and the confidence calibration map."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tripwire.confidence_eval import fit_platt, reliability
from tripwire.document import Claim, EventMention, Span
from tripwire.events import classifier as clf
from tripwire.events import quad
from tripwire.finalize import confidence, load_calibration, raw_confidence
from tripwire.settings import load_settings

SETTINGS = load_settings()
MODEL_DIR = str(SETTINGS.data_dir / "models")


def _fake_quad(label: str) -> clf.TypeModel:
    """A quad 'model' that always says ``label`` with p ~ 0.97 (intercepts only)."""
    labels = ("material_conflict", "material_cooperation", "statement", "verbal_conflict",
              "verbal_cooperation")
    intercept = np.array([4.0 if lab == label else 0.0 for lab in labels])
    return clf.TypeModel(labels, {}, np.zeros(0), np.zeros((5, 0)), intercept, {"quad_p": 0.8})


def _mention(event_type: str) -> EventMention:
    return EventMention(sentence_index=0, quote=Span(0, 10, "x"), trigger=Span(0, 3, "x"),
                        event_type=event_type)


def test_type_quads_cover_every_plover_type():
    quads = quad.type_quads(str(SETTINGS.data_dir))
    assert len(quads) == 16
    assert quads["ASSAULT"] == "material_conflict" and quads["AGREE"] == "verbal_cooperation"


def test_shipped_quad_model_loads_with_a_policy():
    model = quad.load_quad_model(MODEL_DIR)
    assert model is not None and "statement" in model.labels
    assert 0.0 < model.policy["quad_p"] <= 1.01


def test_quad_retype_moves_within_the_sure_quad_and_says_why():
    stage = clf.EventClassifier(SETTINGS, quad_model=_fake_quad("verbal_cooperation"), quad_p=0.8)
    event = _mention("RETREAT")  # material cooperation
    typer = stage.model
    probs = np.full(len(typer.labels), 0.01)
    probs[typer.labels.index("AGREE")] = 0.3
    probs[typer.labels.index("CONSULT")] = 0.2
    assert stage._quad_retype(event, probs, "verbal_cooperation", 0.97)
    assert event.event_type == "AGREE" and event.decided_by == "model"
    assert "quad model" in event.reasons[-1] and "RETREAT -> AGREE" in event.reasons[-1]


@pytest.mark.parametrize("quad_label,prob,event_type", [
    ("statement", 0.99, "ASSAULT"),            # never towards "statement"
    ("material_conflict", 0.99, "ASSAULT"),    # already in that quad
    ("verbal_conflict", 0.5, "ASSAULT"),       # not sure enough
])
def test_quad_retype_leaves_the_mention_alone(quad_label, prob, event_type):
    stage = clf.EventClassifier(SETTINGS, quad_model=_fake_quad(quad_label), quad_p=0.8)
    event = _mention(event_type)
    probs = np.full(len(stage.model.labels), 1.0 / len(stage.model.labels))
    assert not stage._quad_retype(event, probs, quad_label, prob)
    assert event.event_type == event_type


def test_quad_model_never_retypes_a_parse_checked_pattern():
    # "move" + object "troops" is MOBILIZE by a constrained pattern: a sure quad model that
    # says verbal cooperation must not turn it into AGREE.
    from tripwire.document import Document
    from tripwire.pipeline import Pipeline
    from tripwire.registry import make_stage

    stages = [make_stage(n, SETTINGS) for n in ("nlp", "events")]
    stages.append(clf.EventClassifier(SETTINGS, quad_model=_fake_quad("verbal_cooperation"),
                                      quad_p=0.5))
    doc = Pipeline(SETTINGS, stages=stages).process(
        Document("Russia moved troops to the border on Monday.", language="en"))
    assert [e.event_type for e in doc.events] == ["MOBILIZE"]


def _code_with_quad(text: str, stage: clf.EventClassifier):
    from tripwire.document import Document
    from tripwire.pipeline import Pipeline
    from tripwire.registry import make_stage

    stages = [make_stage(n, SETTINGS) for n in ("nlp", "events")]
    stages += [stage, make_stage("derive", SETTINGS)]
    return Pipeline(SETTINGS, stages=stages).process(Document(text, language="en"))


def test_sure_sentence_quad_sets_the_main_mentions_quad_class_not_its_type():
    # Step 8: CAMEO coders read "imposed sanctions" as a verbal conflict; the type stays
    # SANCTION (PLOVER: material conflict) and the reason names both.
    text = "China has imposed sanctions on three former American officials."
    stage = clf.EventClassifier(SETTINGS, quad_model=_fake_quad("verbal_conflict"),
                                quad_p=1.01, quad_add_p=1.01, quad_class_p=0.5)
    (event,) = _code_with_quad(text, stage).events
    assert event.event_type == "SANCTION" and event.quad_class == "verbal_conflict"
    assert any("PLOVER's quad of SANCTION is material_conflict" in r for r in event.reasons)
    # switched off, or unsure, or "statement": the type's own quad
    for model, class_p in ((_fake_quad("verbal_conflict"), 1.01), (_fake_quad("statement"), 0.5)):
        stage = clf.EventClassifier(SETTINGS, quad_model=model, quad_p=1.01, quad_add_p=1.01,
                                    quad_class_p=class_p)
        (event,) = _code_with_quad(text, stage).events
        assert event.quad_class == "material_conflict"


def test_sentence_quad_reaches_only_the_main_mention():
    # "fired on protesters" hangs below "lifted": only the main mention takes the
    # sentence's quad.
    text = ("Syria's government lifted the country's emergency law hours after security "
            "forces fired on protesters.")
    stage = clf.EventClassifier(SETTINGS, quad_model=_fake_quad("material_cooperation"),
                                quad_p=1.01, quad_add_p=1.01, quad_class_p=0.5)
    events = {e.trigger.text: e for e in _code_with_quad(text, stage).events}
    assert events["lifted"].quad_class == "material_cooperation"
    assert events["fired"].event_type == "ASSAULT"
    assert events["fired"].quad_class == "material_conflict"


def _event(status: str, aux: str | None, decided_by: str = "rules+model") -> EventMention:
    e = _mention("ASSAULT")
    e.claim = Claim(status=status)
    e.aux_mode = aux
    e.decided_by = decided_by
    return e


def test_calibration_map_is_strictly_increasing_and_keeps_the_status_order():
    cal = load_calibration(str(SETTINGS.data_dir))
    assert cal[0] > 0
    ordered = [_event("asserted", None), _event("reported", None), _event("claimed", None),
               _event("speculative", None), _event("asserted", "negated")]
    raws = [raw_confidence(e) for e in ordered]
    cals = [confidence(e, cal) for e in ordered]
    assert raws == sorted(raws, reverse=True)
    assert cals == sorted(cals, reverse=True) and len(set(cals)) == len(cals)


def test_identity_calibration_returns_the_raw_score():
    e = _event("reported", "future")
    assert confidence(e) == raw_confidence(e)


def test_reliability_table_and_platt_fit():
    scores = [0.1] * 10 + [0.9] * 10
    right = [False] * 9 + [True] + [True] * 9 + [False]
    table = reliability(scores, right)
    assert table["n"] == 20 and [b["n"] for b in table["bins"]] == [10, 10]
    assert table["ece"] == pytest.approx(0.0, abs=1e-9)
    a, b = fit_platt([0.2] * 10 + [0.6] * 10, [False] * 8 + [True] * 2 + [True] * 9 + [False])
    p_low = 1 / (1 + math.exp(-(a * math.log(0.2 / 0.8) + b)))
    p_high = 1 / (1 + math.exp(-(a * math.log(0.6 / 0.4) + b)))
    assert a > 0 and p_low == pytest.approx(0.2, abs=0.02) and p_high == pytest.approx(0.9, abs=0.02)


@pytest.mark.parametrize("quad_label,added", [("verbal_cooperation", True), ("statement", False)])
def test_quad_model_adds_a_mention_only_for_a_sure_non_statement(quad_label, added):
    from tripwire.document import Document
    from tripwire.pipeline import Pipeline
    from tripwire.registry import make_stage

    stages = [make_stage(n, SETTINGS) for n in ("nlp", "events")]
    stage = clf.EventClassifier(SETTINGS, quad_model=_fake_quad(quad_label), quad_p=1.01,
                                quad_add_p=0.6)
    stage.add_p = 1.01  # the typer alone never adds here
    stages.append(stage)
    doc = Pipeline(SETTINGS, stages=stages).process(
        Document("The two leaders spent the afternoon together in the old palace.", language="en"))
    quads = quad.type_quads(str(SETTINGS.data_dir))
    if added:
        assert len(doc.events) == 1 and quads[doc.events[0].event_type] == quad_label
        assert "quad model" in doc.events[0].reasons[-1]
    else:
        assert doc.events == []


def test_quad_model_never_retypes_a_type_the_frame_decided():
    # the coder reads "we will destroy ..." said by the actor as THREATEN; a sure quad model
    # that reads the sentence as material conflict must not turn it back into ASSAULT
    # (a typer that prefers ASSAULT, so that re-typing would have somewhere to go)
    text = "“In a short span of time, we will destroy all terror nests in Syria,” Erdoğan said."
    labels = clf.load_model(MODEL_DIR).labels
    intercept = np.array([4.0 if lab == "ASSAULT" else 0.0 for lab in labels])
    typer = clf.TypeModel(labels, {}, np.zeros(0), np.zeros((len(labels), 0)), intercept,
                          {"override_p": 1.01, "add_p": 0.5})
    stage = clf.EventClassifier(SETTINGS, model=typer, quad_model=_fake_quad("material_conflict"),
                                quad_p=0.5, quad_add_p=1.01, quad_class_p=1.01)
    (event,) = _code_with_quad(text, stage).events
    assert event.event_type == "THREATEN"
    assert any("the trigger's frame decided it" in r for r in event.reasons), event.reasons
