"""Shared fixtures: one Pipeline per test session (the spaCy model loads once)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_TEXT = ROOT / "tests" / "data" / "seed" / "belarus-troops.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: this test needs the shared data folder beside the repo")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from tripwire import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_doc(pipeline):
    from tripwire.ingest import make_document

    text = SEED_TEXT.read_text(encoding="utf-8")
    return pipeline.process(make_document(text, published="2022-12-07", source="seed"))


@pytest.fixture(scope="session")
def code():
    """sentence -> Document after nlp, events, claims, derive and finalize (no geo or
    dates), published 2023-05-10: the coder on short sentences written for the tests."""
    from tripwire.document import Document
    from tripwire.pipeline import Pipeline
    from tripwire.registry import make_stage
    from tripwire.settings import load_settings

    settings = load_settings()
    stages = [make_stage(n, settings) for n in ("nlp", "events", "claims", "derive", "finalize")]
    pipe = Pipeline(settings, stages=stages)
    return lambda text: pipe.process(Document(text, published="2023-05-10", language="en"))
