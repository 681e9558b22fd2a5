"""Event detection scoring on the repo's sentence annotations (tripwire.annotation_eval).

The annotations live in the repo (tests/data/annotations); these tests write a couple of
hand-made records of the same shape to a temporary folder, so the arithmetic is checked on
known answers, and never read held-out labels.
"""

from __future__ import annotations

import json

import pytest

from tripwire.annotation_eval import ANNOTATIONS, evaluate_events, format_events_report

pytestmark = pytest.mark.slow

RECORDS = [
    # one gold event the coder finds with the right type
    {"id": "t-0001-s00", "published": "2023-05-10", "split": "dev",
     "text": "Rebels attacked an army checkpoint near the capital on Sunday.",
     "events": [{"type": "ASSAULT", "trigger": "attacked"}]},
    # a gold event no rule reaches (a miss)
    {"id": "t-0001-s01", "published": "2023-05-10", "split": "dev",
     "text": "The weather was fine in the capital.",
     "events": [{"type": "CONSULT", "trigger": "weather"}]},
    # a predicted mention no gold event claims (a false positive)
    {"id": "t-0002-s00", "published": "2023-05-10", "split": "dev",
     "text": "Police arrested twelve protesters in Nairobi.", "events": []},
    # held out: only counted under --split heldout/all, never listed in errors
    {"id": "t-0003-s00", "published": "2023-05-10", "split": "heldout",
     "text": "The European Union imposed sanctions on Iran.",
     "events": [{"type": "SANCTION", "trigger": "imposed"}]},
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("annotations")
    with (path / "toy.jsonl").open("w", encoding="utf-8") as fh:
        for rec in RECORDS:
            fh.write(json.dumps(rec) + "\n")
    return path


@pytest.fixture(scope="module")
def dev(folder):
    return evaluate_events(folder, split="dev", models=False)


def test_detection_counts_hits_misses_and_false_positives(dev):
    det = dev["overall"]["detection"]
    assert (det["tp"], det["fn"], det["fp"]) == (1, 1, 1)
    assert det["precision"] == 0.5 and det["recall"] == 0.5
    assert dev["overall"]["type_accuracy"] == 1.0
    assert dev["sentences"] == 3


def test_per_type_and_per_file(dev):
    per = dev["overall"]["per_type"]
    assert per["ASSAULT"]["aligned"] == 1 and per["CONSULT"]["aligned"] == 0
    assert per["COERCE"]["fp"] == 1
    assert list(dev["by_file"]) == ["toy"]
    assert "overall" in format_events_report(dev)


def test_errors_are_listed_for_dev_only(dev, folder):
    kinds = sorted(e["kind"] for e in dev["errors"])
    assert kinds == ["fp", "miss"]
    held = evaluate_events(folder, split="heldout", models=False)
    assert held["errors"] == []
    assert held["overall"]["detection"]["tp"] == 1


def test_rejects_unknown_split(folder):
    with pytest.raises(ValueError):
        evaluate_events(folder, split="test")


def test_runs_on_a_real_annotation_file(tmp_path):
    """Two real dev records from the repo's annotations score without error."""
    src = sorted(ANNOTATIONS.glob("*.jsonl"))
    if not src:
        pytest.skip(f"no annotation files under {ANNOTATIONS}")
    recs = [json.loads(line) for line in src[0].read_text(encoding="utf-8").splitlines()
            if line.strip()]
    recs = [r for r in recs if r.get("split") == "dev"][:2]
    (tmp_path / "real.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs),
                                         encoding="utf-8")
    res = evaluate_events(tmp_path, split="dev", models=False)
    det = res["overall"]["detection"]
    assert det["tp"] + det["fn"] == sum(len(r["events"]) for r in recs)
