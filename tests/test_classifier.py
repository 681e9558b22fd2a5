"""The learned event typer: stored model, predictions, the combination policy, determinism."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tripwire.document import Document, EventMention, Span
from tripwire.events import classifier as clf
from tripwire.settings import load_settings

SETTINGS = load_settings()
MODEL_DIR = SETTINGS.data_dir / "models"


@pytest.fixture(scope="module")
def model() -> clf.TypeModel:
    return clf.load_model(str(MODEL_DIR))


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load(SETTINGS.spacy_model)


def _mention(event_type: str = "COERCE") -> EventMention:
    return EventMention(sentence_index=0, quote=Span(0, 10, "x"), trigger=Span(0, 3, "x"),
                        event_type=event_type)


def test_model_files_are_plain_arrays_and_load_fast():
    meta, arrays = clf.model_paths(MODEL_DIR)
    assert meta.exists() and arrays.exists()
    assert meta.stat().st_size + arrays.stat().st_size < 50_000_000
    clf.load_model.cache_clear()
    t0 = time.perf_counter()
    model = clf.load_model(str(MODEL_DIR))
    assert time.perf_counter() - t0 < 2.0
    with np.load(arrays, allow_pickle=False) as npz:  # no pickle inside
        assert set(npz.files) == {"idf", "coef", "intercept"}
    assert model.coef.shape == (len(model.labels), len(model.index))
    assert 0.0 < model.policy["override_p"] <= 1.01 and 0.0 < model.policy["add_p"] <= 1.01


@pytest.mark.parametrize("text,word,expected", [
    ("Thousands of protesters marched through the capital demanding the president resign.",
     "marched", {"PROTEST"}),
    ("The army shelled rebel positions near the border, killing twelve fighters.",
     "shelled", {"ASSAULT"}),
    ("The European Union imposed new economic sanctions on Iran over its nuclear programme.",
     "imposed", {"SANCTION"}),
    ("The two foreign ministers met in Geneva to discuss the crisis.", "met", {"CONSULT"}),
    ("Japan sent humanitarian aid, food and medicine to the flood victims.", "sent", {"AID"}),
])
def test_predicts_sensible_types(model, nlp, text, word, expected):
    sdoc = nlp(text)
    tok = next(t for t in sdoc if t.text == word)
    label, prob, p = model.best(clf.mention_features(tok, list(sdoc)))
    assert label in expected, (label, prob)
    assert abs(float(p.sum()) - 1.0) < 1e-9


def test_policy_agreement_marks_both():
    event = _mention("ASSAULT")
    assert not clf.combine(event, "ASSAULT", 0.95, 0.95, override_p=0.9)
    assert event.decided_by == "rules+model" and event.event_type == "ASSAULT"
    assert event.reasons[-1].startswith("model agrees: ASSAULT")


def test_policy_confident_model_overrides_and_says_why():
    event = _mention("COERCE")
    assert clf.combine(event, "SANCTION", 0.93, 0.04, override_p=0.9)
    assert event.event_type == "SANCTION" and event.decided_by == "model"
    assert event.reasons[-1] == "model: SANCTION p=0.93 (rules said COERCE p=0.04)"


def test_policy_unsure_model_keeps_rules():
    event = _mention("COERCE")
    assert not clf.combine(event, "SANCTION", 0.89, 0.08, override_p=0.9)
    assert event.event_type == "COERCE" and event.decided_by == "rules"
    assert "rules kept COERCE" in event.reasons[-1]


def test_feature_extraction_is_deterministic(nlp):
    text = "Russia's ally Belarus on Wednesday was moving troops toward the Ukrainian border."
    first = [clf.mention_features(t, list(s)) for s in [nlp(text)] for t in s]
    again = [clf.mention_features(t, list(s)) for s in [nlp(text)] for t in s]
    assert first == again
    feats = first[[t.text for t in nlp(text)].index("moving")]
    assert list(feats) == sorted(feats)
    assert "t:move" in feats and "o:troop" in feats and "s:<GPE>" in feats


def test_stage_adds_a_model_mention_when_rules_find_none(model, nlp):
    """Rules-free document: the stage offers the main verb, typed by the model."""
    text = "Thousands of protesters marched through the capital demanding the president resign."
    doc = Document(text, id="t1", language="en")
    from tripwire.nlp import make_nlp

    doc = list(make_nlp(SETTINGS).pipe([doc]))[0]
    doc.events = []
    stage = clf.make_classify(SETTINGS)
    out = stage(doc)
    assert len(out.events) == 1
    event = out.events[0]
    assert event.decided_by == "model" and event.event_type == "PROTEST"
    assert event.trigger.text == "marched" and "rules found no event" in event.reasons[0]


def test_statement_veto_keeps_the_typer_off_mere_statements(nlp):
    """Step 7: a sentence the quad model takes for a mere statement offers no main verb.
    With the typer's adding threshold at zero it always guesses at the main verb unless the
    veto stops it. (The shipped policy leaves the veto off: see scripts/train_quad.py.)"""
    text = ("President Duterte has expressed hope the newfound oil reserve in Cebu province could "
            "save the Filipino people from poverty.")
    from tripwire.nlp import make_nlp

    def run(statement_p):
        doc = list(make_nlp(SETTINGS).pipe([Document(text, id="t2", language="en")]))[0]
        doc.events = []
        stage = clf.EventClassifier(SETTINGS, statement_p=statement_p)
        stage.add_p = 0.0
        return stage(doc).events

    assert len(run(1.01)) == 1  # veto off: the typer's guess at 'expressed'
    assert run(0.0) == []
