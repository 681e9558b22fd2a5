"""Validate snippets.jsonl against its source annotation files and print its counts.

Why: the ACLED gold set copies id, split and text from tests/data/annotations/*.jsonl and
must use ACLED's exact type strings; a typo would silently score as a miss. Run from the repo
root: `python tests/data/acled/check_snippets.py` (exit status 1 on any problem).
"""
import collections
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
SOURCES = [HERE.parent / "annotations" / name
           for name in ("india_police.jsonl", "guardian.jsonl", "guardian_d.jsonl",
                        "guardian_b.jsonl", "guardian_c.jsonl", "guardian_e.jsonl",
                        "guardian_f.jsonl", "guardian_g.jsonl", "guardian_h.jsonl")]

# ACLED event types and their sub-event types (ACLED Codebook 2023/2024), exact strings.
TYPES = {
    "Battles": ["Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack",
                                   "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
KEYS = {"id", "split", "text", "event_type", "sub_event_type", "historical", "unreal", "note"}


def main() -> int:
    source = {}
    order = []
    for path in SOURCES:
        for line in path.open(encoding="utf-8"):
            rec = json.loads(line)
            source[rec["id"]] = rec
            if rec["events"]:
                order.append(rec["id"])
    problems = []
    rows = [json.loads(line) for line in (HERE / "snippets.jsonl").open(encoding="utf-8")]
    for row in rows:
        rid = row.get("id")
        src = source.get(rid)
        if src is None:
            problems.append(f"{rid}: id not in sources")
            continue
        if set(row) - KEYS:
            problems.append(f"{rid}: unknown keys {sorted(set(row) - KEYS)}")
        if row["split"] != src["split"] or row["text"] != src["text"]:
            problems.append(f"{rid}: split or text differs from source")
        etype, sub = row["event_type"], row["sub_event_type"]
        if (etype is None) != (sub is None):
            problems.append(f"{rid}: event_type and sub_event_type must both be null or set")
        elif etype is not None and sub not in TYPES.get(etype, []):
            problems.append(f"{rid}: bad type pair {etype!r}/{sub!r}")
        for flag in ("historical", "unreal"):
            if flag in row and row[flag] is not True:
                problems.append(f"{rid}: {flag} must be true when present")
        if row.get("unreal") and etype is not None:
            problems.append(f"{rid}: unreal events must be labelled null")
    ids = [row["id"] for row in rows]
    if ids != order[:len(ids)]:
        problems.append("rows are not the source records with events, in source order")
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(rows)} rows ({len(order)} source records with events)")
    subs = collections.Counter(r["sub_event_type"] for r in rows)
    print("per sub-type:", {k: v for k, v in subs.most_common() if k})
    print("null:", subs[None], "| unreal:", sum(1 for r in rows if r.get("unreal")),
          "| historical:", sum(1 for r in rows if r.get("historical")))
    per_split = collections.Counter((r["split"], r["event_type"] is not None) for r in rows)
    print("per split (labelled/null):",
          {s: (per_split[(s, True)], per_split[(s, False)]) for s in ("dev", "heldout")})
    for split in ("dev", "heldout"):
        c = collections.Counter(r["sub_event_type"] for r in rows
                                if r["split"] == split and r["sub_event_type"])
        print(f"  {split}:", dict(c.most_common()))
    types = collections.Counter(r["event_type"] for r in rows if r["event_type"])
    print("per event type:", dict(types.most_common()))
    by_file = collections.Counter(r["id"].split("-")[0] for r in rows)
    print("per source prefix:", dict(by_file))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
