"""Stage name -> factory. The only module that imports every stage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import PipelineError
from .settings import Settings


def _factories() -> dict[str, Callable[[Settings], Any]]:
    from .claims import make_claims
    from .dates import make_dates
    from .derive import make_derive
    from .events.classifier import make_classify
    from .events.coder import make_events
    from .events.span_tagger import make_spans
    from .finalize import make_finalize
    from .geo import make_geo
    from .nlp import make_nlp

    return {
        "nlp": make_nlp,
        "events": make_events,
        "classify": make_classify,
        "spans": make_spans,
        "claims": make_claims,
        "geo": make_geo,
        "dates": make_dates,
        "derive": make_derive,
        "finalize": make_finalize,
    }


def make_stage(name: str, settings: Settings) -> Any:
    factories = _factories()
    if name not in factories:
        raise PipelineError("E016", stage=name, known=", ".join(factories))
    return factories[name](settings)
