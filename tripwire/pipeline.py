"""Pipeline: an ordered list of named stages run over Documents.

A stage is a callable ``Document -> Document`` with class attributes ``name``,
``requires`` and ``assigns`` (layer names from ``tripwire.document``). A stage with
a batch method ``pipe(docs)`` (the spaCy stage) gets whole batches. The pipeline checks
when it is built that something upstream assigns every layer a stage requires, and
while it runs that each stage returned a Document.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from .document import Document, Problem
from .errors import Msg, PipelineError
from .settings import Settings, load_settings

log = logging.getLogger(__name__)


class Pipeline:
    """Run Tripwire's stages over documents.

    >>> from tripwire import Pipeline
    >>> doc = Pipeline().process("Russia's ally Belarus on Wednesday was moving troops ...")
    >>> [e.event_type for e in doc.events]
    """

    def __init__(self, settings: Settings | None = None, *, stages: list[Any] | None = None) -> None:
        from . import registry  # the only module that imports every stage

        self.settings = settings or load_settings()
        self.stages = stages if stages is not None else [
            registry.make_stage(name, self.settings) for name in self.settings.stages
        ]
        self._check_requirements()

    def _check_requirements(self) -> None:
        available: set[str] = set()
        order = ", ".join(s.name for s in self.stages)
        for stage in self.stages:
            for layer in stage.requires:
                if layer not in available:
                    raise PipelineError("E015", stage=stage.name, layer=layer, order=order)
            available.update(stage.assigns)

    def process(self, article: Document | str | dict, **meta: Any) -> Document:
        """Code one article: a Document, a text, or an Article dict (``text`` required)."""
        doc = to_document(article, **meta)
        return next(iter(self.pipe([doc], errors="raise")))

    def pipe(self, docs: Iterable[Document], *, errors: str | None = None,
             batch_size: int | None = None) -> Iterator[Document]:
        """Stream documents through every stage, batch by batch.

        ``errors="raise"`` stops at the first failure; ``"record"`` appends a Problem to
        the failing document, stops coding it, and goes on with the rest.
        """
        policy = errors or self.settings.errors
        size = batch_size or self.settings.batch_size
        it = iter(docs)
        while batch := list(islice(it, size)):
            yield from self._run_batch(batch, policy)

    def _run_batch(self, batch: list[Document], policy: str) -> list[Document]:
        live = [d for d in batch if d.skipped is None]
        for stage in self.stages:
            if not live:
                break
            if hasattr(stage, "pipe"):
                live = self._guard_batch(stage, live, policy)
            else:
                live = [d for d in (self._guard_one(stage, d, policy) for d in live) if d is not None]
        for doc in batch:
            doc.parsed = None  # the spaCy Doc is transient: never kept past the pipeline
        return batch

    def _guard_batch(self, stage: Any, docs: list[Document], policy: str) -> list[Document]:
        try:
            out = list(stage.pipe(docs))
        except Exception as exc:  # noqa: BLE001 - failure policy decides
            if policy == "raise":
                raise
            log.warning("stage %s failed on a batch; retrying one by one: %s", stage.name, exc)
            return [d for d in (self._guard_one(stage, d, policy) for d in docs) if d is not None]
        for doc in out:
            self._check_returned(stage, doc)
        return out

    def _guard_one(self, stage: Any, doc: Document, policy: str) -> Document | None:
        try:
            out = stage(doc)
        except Exception as exc:  # noqa: BLE001 - failure policy decides
            if policy == "raise":
                raise
            doc.problems.append(Problem(
                "E013", Msg.E013.format(item=doc.item or doc.id, stage=stage.name, error=exc),
                item=doc.item, stage=stage.name))
            doc.skipped = f"stage {stage.name} failed"
            doc.events = []
            return None
        self._check_returned(stage, out)
        return out

    @staticmethod
    def _check_returned(stage: Any, out: Any) -> None:
        if not isinstance(out, Document):
            raise PipelineError("E014", stage=stage.name, returned=type(out).__name__)
        out.assigned.update(stage.assigns)


def to_document(article: Document | str | dict, **meta: Any) -> Document:
    """Turn a text or an Article dict into a Document (ingest rules apply)."""
    if isinstance(article, Document):
        return article
    from .ingest import make_document

    if isinstance(article, str):
        return make_document(article, **meta)
    fields = {k: article.get(k) for k in ("id", "url", "source", "title", "published")}
    fields.update(meta)
    return make_document(article["text"], **fields)
