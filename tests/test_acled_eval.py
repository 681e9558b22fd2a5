"""ACLED sub-type evaluation (tripwire/acled_eval.py): arithmetic, the happened filter, a run."""

import json

import pytest

from tripwire.acled_eval import SNIPPETS, evaluate_acled, weighted_f1
from tripwire.evaluate import score_labels


def test_weighted_f1_weights_by_gold_support():
    gold = ["Attack"] * 3 + ["Arrests"]
    pred = ["Attack", "Attack", "none", "Attack"]
    s = score_labels(gold, pred)
    # Attack: P 2/3, R 2/3, F1 2/3 (weight 3); Arrests: F1 0 (weight 1); "none" has no support.
    assert weighted_f1(s) == pytest.approx((3 * 2 / 3 + 0) / 4)


ROWS = [
    {"id": "t1", "split": "dev", "text": "Russian warplanes bombed a market in Idlib on Tuesday, killing 12 civilians.",
     "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
    {"id": "t2", "split": "dev", "text": "Police arrested 40 protesters in Mumbai on Friday.",
     "event_type": "Strategic developments", "sub_event_type": "Arrests"},
    {"id": "t3", "split": "dev", "text": "The army did not shell the town, the ministry said.",
     "event_type": None, "sub_event_type": None},
    {"id": "t4", "split": "heldout", "text": "Rebels ambushed an army convoy near Goma.",
     "event_type": "Battles", "sub_event_type": "Armed clash"},
]


def test_acled_eval_runs_and_keeps_unreal_events_out(tmp_path):
    path = tmp_path / "snippets.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS), encoding="utf-8")
    res = evaluate_acled(path, split="dev")
    assert res["typed"] == 2 and res["null_sentences"] == 1
    by_id = {r["id"]: r for r in res["rows"]}
    assert by_id["t1"]["pred_sub"] == "Air/drone strike"
    assert by_id["t2"]["pred_sub"] == "Arrests"
    # A negated shelling is an event that did not happen: ACLED would not code it.
    assert by_id["t3"]["pred_sub"] == "none"
    assert res["false_alarms"] == 0
    assert "t4" not in by_id  # the heldout record is not in the dev split


def test_acled_floor_on_dev_gold():
    if not SNIPPETS.exists():
        pytest.skip(f"{SNIPPETS} not present")
    floors = json.loads((SNIPPETS.parent / "floors.json").read_text(encoding="utf-8"))
    res = evaluate_acled(SNIPPETS, split="dev")
    assert res["sub_event_type"]["weighted_f1"] >= floors["dev_sub_event_type_weighted_f1"]
