"""What a sentence carries over from the one before it.

"Shoigu flew to Minsk on Saturday. ... he and Khrenin signed the document." The second
sentence names no place or time, but its subject is a pronoun for an actor of the
previous sentence: it continues the same episode, so its place and date are the
previous sentence's (each stage says so in its reason). Without such a link the
cascades fall back to article-level defaults instead.
"""

from __future__ import annotations

from .document import Document, EventMention

PRONOUN_REASON = "pronoun "


def continued_from(doc: Document, event: EventMention) -> int | None:
    """Index of the previous sentence when the event's actor is a pronoun for one of its actors."""
    if event.sentence_index == 0:
        return None
    for actor in event.actors:
        if not (actor.reason or "").startswith(PRONOUN_REASON) or not actor.name:
            continue
        before = doc.text[event.quote.start:actor.start]
        surname = actor.name.split()[-1]
        if surname not in before:  # the antecedent is not in this sentence
            return event.sentence_index - 1
    return None


def previous_events(doc: Document, event: EventMention) -> list[EventMention]:
    """Events of the sentence this one continues, latest first (empty without a link)."""
    index = continued_from(doc, event)
    if index is None:
        return []
    return [e for e in reversed(doc.events) if e.sentence_index == index]
