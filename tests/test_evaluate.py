"""tripwire.evaluate: the scoring arithmetic on tiny hand-made files, then floors on real data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tripwire.evaluate import (NO_EVENT, evaluate_plover, evaluate_quad, format_report,
                               load_petrarch, load_plover, load_quad, score_labels, split_of)

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))


def test_score_labels_arithmetic():
    gold = ["A", "A", "B", "B", "C"]
    pred = ["A", "B", "B", "B", NO_EVENT]
    s = score_labels(gold, pred)
    assert s["n"] == 5 and s["correct"] == 3 and s["accuracy"] == pytest.approx(0.6)
    a, b, c = (s["per_label"][k] for k in "ABC")
    assert (a["precision"], a["recall"]) == (1.0, 0.5) and a["f1"] == pytest.approx(2 / 3)
    assert b["precision"] == pytest.approx(2 / 3) and b["recall"] == 1.0
    assert b["f1"] == pytest.approx(0.8)
    assert c == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1, "predicted": 0}
    # macro-F1 averages the gold labels only; NONE is a prediction, not a class
    assert s["macro_f1"] == pytest.approx((2 / 3 + 0.8 + 0.0) / 3)
    assert s["per_label"][NO_EVENT]["predicted"] == 1


def test_score_labels_rejects_unaligned_lists():
    with pytest.raises(ValueError):
        score_labels(["A"], ["A", "B"])


def test_split_is_deterministic_and_about_half():
    keys = [f"record-{i}" for i in range(2000)]
    first = [split_of(k) for k in keys]
    assert first == [split_of(k) for k in keys]
    assert set(first) == {"dev", "heldout"}
    assert 0.45 < first.count("dev") / len(keys) < 0.55


def test_plover_loader_drops_header_and_renames_types(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([
        {"id": "H", "event": "DOCUMENT", "eventText": "header"},
        {"id": "r1", "event": "DEMAND", "text": "Egypt demanded a ceasefire.", "eventText": "demanded"},
        {"id": "r2", "event": "FIGHT", "text": "Troops clashed with rebels.", "eventText": "clashed"},
    ]), encoding="utf-8")
    recs = load_plover(path)
    assert [r["gold_type"] for r in recs] == ["REQUEST", "ASSAULT"]


def test_quad_and_petrarch_loaders(tmp_path):
    q = tmp_path / "q.tsv"
    q.write_text("Police arrested ten people.\t4\nno label line\nThe talks went well.\t1\n",
                 encoding="utf-8")
    assert load_quad(q) == [("Police arrested ten people.", 4), ("The talks went well.", 1)]
    x = tmp_path / "p.xml"
    x.write_text('<Sentences>\n<Sentence date="20080101" id="S1" evaluate="true"/>\n'
                 '<EventCoding eventcode="173" sourcecode="A" targetcode="B" />\n'
                 '<Text>\nPolice arrested\n ten men.\n</Text>\n</Sentence>\n</Sentences>',
                 encoding="utf-8")
    assert load_petrarch(x) == [{"id": "S1", "text": "Police arrested ten men.", "roots": ["17"]}]


@pytest.mark.slow
def test_plover_end_to_end_on_a_tiny_file(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([
        {"id": "r1", "event": "ASSAULT", "text": "Rebels attacked an army base in the north.",
         "eventText": "attacked", "source": [{"code": "REB"}], "date": "2001-02-03"},
        {"id": "r2", "event": "DEMAND", "text": "France urged Chad to hold elections.",
         "eventText": "urged", "source": [{"code": "FRA"}], "target": [{"code": "TCD"}]},
        {"id": "r3", "event": "AGREE", "text": "The weather was mild.", "eventText": "mild"},
    ]), encoding="utf-8")
    res = evaluate_plover(path)
    et = res["event_type"]
    assert (et["n"], et["correct"]) == (3, 2) and res["coverage"] == pytest.approx(2 / 3)
    assert et["per_label"]["AGREE"]["recall"] == 0.0
    assert res["actor_country"]["source"]["n"] == 1  # REB is not a country code
    assert res["actor_country"]["source"]["any"] == 1.0
    assert [e["id"] for e in res["errors"]] == ["r3"]
    assert set(res["by_split"]) == {"dev", "heldout"}
    assert "event type accuracy" in format_report(res)


@pytest.mark.slow
def test_quad_end_to_end_on_a_tiny_file(tmp_path):
    path = tmp_path / "q.tsv"
    path.write_text("Police arrested ten protesters in Lagos.\t4\nThe sky was grey.\t0\n",
                    encoding="utf-8")
    res = evaluate_quad(path)
    assert res["quad"]["accuracy"] == 1.0


@pytest.mark.slow
@pytest.mark.shared
def test_floors_on_the_shared_data():
    gsr_path = SHARED_DATA / "plover" / "PLOVER_GSR_CAMEO.json"
    quad_path = SHARED_DATA / "conflibert" / "cameo_class_train.tsv"
    if not (gsr_path.exists() and quad_path.exists()):
        pytest.skip(f"{gsr_path} or {quad_path} not found: this test needs the shared data "
                    "folder beside the repo")
    gsr = evaluate_plover(gsr_path)
    halves = gsr["by_split"]
    assert halves["heldout"]["accuracy"] >= FLOORS["plover_heldout_event_type_accuracy"]
    assert halves["dev"]["accuracy"] >= FLOORS["plover_dev_event_type_accuracy"]
    quad = evaluate_quad(quad_path, split="heldout")
    assert quad["quad"]["macro_f1"] >= FLOORS["quad_heldout_macro_f1"]
    # the whole evaluation stays fast: spaCy plus a few ms per sentence
    assert gsr["timing"]["ms_per_sentence"] < 50
