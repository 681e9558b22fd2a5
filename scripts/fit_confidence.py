"""Fit the confidence calibration map (finalize.confidence) on the annotations' dev half.

    .venv/bin/python scripts/fit_confidence.py [--out tripwire/data/models]

Runs the pipeline on tests/data/annotations (dev half only; the heldout half is never
read here), labels each predicted mention right or wrong as ``tripwire.confidence_eval``
defines it, and fits p = sigmoid(a * logit(raw) + b) by maximum likelihood. Writes
``confidence.json`` with the fit and the dev reliability before and after. Run it after
``scripts/train_typer.py`` and ``scripts/train_quad.py`` (``make train`` does all three).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from tripwire.confidence_eval import collect, fit_platt, reliability  # noqa: E402
from tripwire.finalize import CALIBRATION_FILE, calibrate  # noqa: E402

log = logging.getLogger("fit_confidence")
ANNOTATIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "annotations"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=Path("tripwire/data/models"), type=Path)
    opts = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    rows = collect(ANNOTATIONS, split="dev")
    raw = [r["raw"] for r in rows]
    right = [r["right"] for r in rows]
    a, b = fit_platt(raw, right)
    out = {"_meta": {"what": "Platt map for tripwire.finalize.confidence: "
                             "p = sigmoid(a * logit(raw) + b)",
                     "trained_by": "scripts/fit_confidence.py",
                     "data": "dev half of tests/data/annotations (right = right type and it "
                             "happened; see tripwire/confidence_eval.py)"},
           "a": a, "b": b, "n_mentions": len(rows),
           "dev_raw": reliability(raw, right),
           "dev_calibrated": reliability([calibrate(x, (a, b)) for x in raw], right)}
    opts.out.mkdir(parents=True, exist_ok=True)
    (opts.out / CALIBRATION_FILE).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    log.info("a=%s b=%s on %d dev mentions; ECE raw %s -> %s", a, b, len(rows),
             out["dev_raw"]["ece"], out["dev_calibrated"]["ece"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
