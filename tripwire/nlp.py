"""spaCy adapter: sentences, entities and the dependency parse as character spans.

spaCy runs once per document, in batches (``nlp.pipe``). Its character offsets are
ours because it parses ``doc.text`` exactly as given. The spaCy ``Doc`` stays on
``doc.parsed`` while the pipeline runs (the event coder walks its parse) and is
dropped afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .document import ENTITIES, PARSE, SENTENCES, Document, Entity, Sentence
from .settings import Settings

log = logging.getLogger(__name__)

# Lines that are whitespace only (masked boilerplate) must not glue two sentences
# together: a blank line always ends a sentence.
BLANK_LINE_BREAK = True


@lru_cache(maxsize=4)
def load_spacy(model: str):
    """Load a spaCy pipeline once per process."""
    import spacy

    nlp = spacy.load(model)
    if BLANK_LINE_BREAK and "newline_splitter" not in nlp.pipe_names:
        nlp.add_pipe("newline_splitter", before="parser")
    return nlp


def _register_newline_splitter() -> None:
    from spacy.language import Language

    if Language.has_factory("newline_splitter"):
        return

    @Language.component("newline_splitter")
    def newline_splitter(sdoc):
        """Start a new sentence after any token that holds a line break.

        News text puts one paragraph per line; the parser otherwise sometimes runs
        a headline or a masked boilerplate line into the next paragraph.
        """
        for i, tok in enumerate(sdoc[:-1]):
            if "\n" in tok.text or "\n" in tok.whitespace_:
                sdoc[i + 1].is_sent_start = True
        return sdoc


class NlpStage:
    name = "nlp"
    requires: tuple[str, ...] = ()
    assigns = (SENTENCES, ENTITIES, PARSE)

    def __init__(self, settings: Settings) -> None:
        _register_newline_splitter()
        self.settings = settings
        self.nlp = load_spacy(settings.spacy_model)
        self.nlp.max_length = max(self.nlp.max_length, settings.max_chars + 1)

    def __call__(self, doc: Document) -> Document:
        return self._annotate(doc, self.nlp(doc.text))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        docs = list(docs)
        parsed = self.nlp.pipe((d.text for d in docs), batch_size=self.settings.batch_size)
        for doc, sdoc in zip(docs, parsed):
            yield self._annotate(doc, sdoc)

    @staticmethod
    def _annotate(doc: Document, sdoc) -> Document:
        doc.parsed = sdoc
        doc.sentences = []
        for sent in sdoc.sents:
            text = sent.text
            if not text.strip():
                continue
            # trim surrounding whitespace so quotes never start or end on a space
            lead = len(text) - len(text.lstrip())
            trail = len(text) - len(text.rstrip())
            doc.sentences.append(Sentence(len(doc.sentences), sent.start_char + lead,
                                          sent.end_char - trail))
        doc.entities = [Entity(e.start_char, e.end_char, e.label_, e.text) for e in sdoc.ents]
        return doc


def token_at(parsed, start: int, end: int):
    """The syntactic head of the tokens covering ``[start, end)``, or None.

    Stages use it to go from a span of ours (a trigger, a place) back to the parse.
    """
    if parsed is None:
        return None
    span = parsed.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def make_nlp(settings: Settings) -> NlpStage:
    return NlpStage(settings)
