"""Code many sources: ingest -> pipeline, in one process or a local process pool.

``code_sources`` is the one function behind ``tripwire extract`` and ``tripwire
ingest``: it streams Documents (coded, or skipped with a reason) and Problems (items
that could not be read), in input order, so callers can write as they go.

With ``workers > 1`` each worker process builds its own Pipeline once and codes whole
batches; output is identical to the single-process run (same stages, same order).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from .document import Document, Problem
from .ingest import read_sources
from .pipeline import Pipeline
from .settings import Settings, load_settings

log = logging.getLogger(__name__)

# Batches in flight per worker: enough to keep workers busy while the parent reads.
PREFETCH_PER_WORKER = 2

_worker_pipeline: Pipeline | None = None


def _worker_init(settings: Settings) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(settings)


def _worker_code(docs: list[Document]) -> list[Document]:
    assert _worker_pipeline is not None
    return list(_worker_pipeline.pipe(docs, errors="record"))


def code_documents(docs: Iterable[Document | Problem], *, settings: Settings,
                   pipeline: Pipeline | None = None, workers: int = 1) -> Iterator[Document | Problem]:
    """Run the pipeline over a stream of Documents, passing Problems straight through."""
    size = settings.batch_size
    it = iter(docs)
    if workers <= 1:
        pipeline = pipeline or Pipeline(settings)
        while batch := list(islice(it, size)):
            yield from _code_batch(pipeline.pipe, batch)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                             initargs=(settings,)) as pool:
        pending = []
        while True:
            while len(pending) < workers * PREFETCH_PER_WORKER:
                batch = list(islice(it, size))
                if not batch:
                    break
                docs_only = [d for d in batch if isinstance(d, Document)]
                pending.append((batch, pool.submit(_worker_code, docs_only)))
            if not pending:
                return
            batch, future = pending.pop(0)
            coded = iter(future.result())
            for item in batch:
                yield next(coded) if isinstance(item, Document) else item


def _code_batch(pipe, batch: list[Document | Problem]) -> Iterator[Document | Problem]:
    docs = [d for d in batch if isinstance(d, Document)]
    coded = iter(pipe(docs, errors="record"))
    for item in batch:
        yield next(coded) if isinstance(item, Document) else item


def code_sources(sources: Iterable[str | Path], *, settings: Settings | None = None,
                 published: str | None = None, source: str | None = None,
                 workers: int | None = None,
                 pipeline: Pipeline | None = None) -> Iterator[Document | Problem]:
    """Read every source and code every readable article, in order."""
    settings = settings or load_settings()
    items = read_sources(sources, settings=settings, published=published, source=source)
    yield from code_documents(items, settings=settings, pipeline=pipeline,
                              workers=workers if workers is not None else settings.workers)
