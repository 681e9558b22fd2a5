"""Time expressions -> normalised dates anchored on the article's publication date.

News dates are relative: "on Wednesday" in an article published Wednesday 2022-12-07
is that day, "on Saturday" is 2022-12-03, "since October" is 2022-10-01 up to
publication. General date parsers get these wrong (dateparser reads "on Wednesday" as
the week before and finds nothing in "since October"), so we read them with our own
rules, built from the lexicon in ``data/time_expressions.toml``.

How a text range is read (``find_dates``):

1. One compiled regex, the union of every rule, finds candidates left to right.
2. At a candidate, the rules are tried in priority order (most specific first); the
   first whose handler resolves the match wins, and scanning goes on after it.
3. Only an explicit month-name date our rules cannot normalise ("December the 3rd")
   goes to dateparser (``try_dateparser``), never a whole sentence: it costs ~1 ms per
   call against ~10 us for our rules.

The stage (``make_dates``) then picks one date per event mention: the expression in
the mention's quote nearest the trigger, preferring its own clause (``choose_date``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .dates_calendar import Context, Found, Lexicon, first_day, last_day, load_lexicon, parse_published
from .dates_rules import build_rules
from .document import DATES, EVENTS, SENTENCES, DateValue, Document, EventMention, Problem
from .discourse import previous_events
from .errors import Msg
from .nlp import token_at

if TYPE_CHECKING:
    from .settings import Settings

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

LEXICON_FILE = "time_expressions.toml"
# How far (characters) before its anchor word an expression may start: the longest
# opener run is "as of the end of the" + "year" (21) or "throughout the next a couple
# of" + "days" (32). tests/test_dates.py checks the fast path against find_exhaustive.
ANCHOR_REACH = 48
# Words that can open an expression besides the lexicon's own (prepositions and
# articles used in dates_rules.RULE_PATTERNS).
OPENER_WORDS = frozenset({
    "since", "by", "before", "until", "till", "through", "throughout", "from", "after", "on", "in", "at",
    "during", "of", "for", "around", "between", "circa", "as", "the", "over", "within", "across",
    "recent", "early", "mid", "late", "earlier", "later",
})
# Words for the anchor scan; splitting at a lower-to-upper case change keeps glued
# words ("SaturdayYesterday") apart, as the exhaustive scan sees them.
_TOKEN = re.compile(r"[A-Z][a-z]+|[a-z]+|\d+|\w+")


# ------------------------------------------------------------------------------ finder
class DateFinder:
    """Find and normalise time expressions with the compiled rule set of one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.rules: list[tuple[str, re.Pattern[str], Callable[..., Found | None]]] = build_rules(lexicon)
        # Candidate finder: the union of all rules, names stripped (step 1 of the module doc).
        # Every expression starts at a word start (or the apostrophe of "'90s"); testing
        # that first lets the regex engine skip mid-word positions cheaply (4x faster).
        union = "|".join(f"(?:{re.sub(r'[(][?]P<[a-z0-9_]+>', '(?:', rx.pattern)})"
                         for _, rx, _ in self.rules)
        self.candidates = re.compile(rf"(?:\b(?=\w)|(?=['’]\d))(?:{union})")
        lex = lexicon
        # Case-sensitive anchors (capitalised names) and case-free anchor and opener words.
        self.names = frozenset(lex.months) | {w.rstrip(".") for w in (*lex.month_abbreviations,
                                                                      *lex.weekdays, *lex.weekday_abbreviations)}
        self.anchor_words = frozenset(
            w for phrase in (*lex.units, *lex.deictic, *lex.parts_of_day, *lex.seasons, "weekend", "recent")
            for w in phrase.split() if w not in ("the", "this", "last", "earlier", "later", "day", "before", "after")
        ) | set(lex.units)
        self.openers = OPENER_WORDS | {p.split()[0] for p in (*lex.numbers, *lex.approximate, *lex.relatives,
                                                             *lex.deictic, *lex.edges, *lex.ordinals)}
        self._parsed: dict[tuple[str, dt.date], dt.date | None] = {}

    def find(self, text: str, start: int, end: int, published: dt.date | None) -> list[Found]:
        """Expressions in text[start:end], found from anchor words (the fast path).

        Every expression holds an anchor (a digit, month, weekday, unit or day word) and
        starts at most ``ANCHOR_REACH`` characters before it, at a word that can open one
        ("by", "the", "over"...). Only those few positions are tried, so a sentence with
        no anchor costs one tokenising pass. ``find_exhaustive`` is the slow reference.
        """
        start, end = max(0, start), min(len(text), end)
        tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text, start, end)]
        out: list[Found] = []
        pos = start
        for i, (at, word) in enumerate(tokens):
            if at < pos or not self._is_anchor(word):
                continue
            j = i
            while j > 0 and tokens[j - 1][0] >= max(pos, at - ANCHOR_REACH):
                j -= 1
            for s, w in tokens[j:i + 1]:
                if not (self._is_anchor(w) or w.lower() in self.openers):
                    continue
                if w[0].isdigit() and s - 1 >= pos and text[s - 1] in "'’":
                    s -= 1  # "'90s"
                if self.candidates.match(text, s, end) is None:
                    continue
                hit = self._resolve_at(text, s, start, end, published)
                if hit is not None:
                    out.append(hit[0])
                    pos = hit[1]
                    break
        return out

    def find_exhaustive(self, text: str, start: int, end: int, published: dt.date | None) -> list[Found]:
        """Try every word start with the union regex: slow, kept as the reference for tests."""
        start, end = max(0, start), min(len(text), end)
        out: list[Found] = []
        pos = start
        while pos < end:
            cand = self.candidates.search(text, pos, end)
            if cand is None:
                break
            hit = self._resolve_at(text, cand.start(), start, end, published)
            if hit is None:
                pos = cand.start() + 1
                continue
            out.append(hit[0])
            pos = max(hit[1], cand.start() + 1)
        return out

    def _is_anchor(self, word: str) -> bool:
        return word[0].isdigit() or word in self.names or word.lower() in self.anchor_words

    def _resolve_at(self, text: str, at: int, lo: int, hi: int,
                    published: dt.date | None) -> tuple[Found, int] | None:
        for name, rx, handler in self.rules:
            m = rx.match(text, at, hi)
            if m is None or m.end() <= m.start():
                continue
            ctx = Context(self, self.lexicon, text, m, lo, hi, published)
            found = handler(ctx)
            if found is None:
                continue
            found.date.text = text[m.start():m.end()]
            found.date.span_start, found.date.span_end = m.start(), m.end()
            return found, m.end()
        return None

    def try_dateparser(self, chunk: str, published: dt.date) -> dt.date | None:
        """dateparser on one short explicit date; None (logged) when it fails or is absent."""
        key = (chunk, published)
        if key in self._parsed:
            return self._parsed[key]
        try:
            import dateparser
        except ImportError:  # pragma: no cover - dateparser is a declared dependency
            log.warning(Msg.E182.format(text=chunk, error="dateparser is not installed"))
            return None
        base = dt.datetime(published.year, published.month, published.day)
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        try:
            parsed = dateparser.parse(chunk, languages=["en"], settings=settings)
        except (ValueError, OverflowError, TypeError) as exc:
            log.warning(Msg.E182.format(text=chunk, error=exc))
            parsed = None
        result = parsed.date() if parsed else None
        self._parsed[key] = result
        return result


@lru_cache(maxsize=4)
def get_finder(data_dir: Path) -> DateFinder:
    """One finder per data folder per process (lexicon and regexes are read-only)."""
    return DateFinder(load_lexicon(data_dir / LEXICON_FILE))


def find_dates(text: str, start: int, end: int, *, published: str | None) -> list[DateValue]:
    """All time expressions inside ``text[start:end]``, normalised against ``published``.

    Spans are absolute offsets into ``text``. Without a usable ``published`` only
    expressions that carry their own year are returned.
    """
    from .settings import DATA_DIR

    finder = get_finder(DATA_DIR)
    return [f.date for f in finder.find(text, start, end, parse_published(published))]


# ------------------------------------------------------------------------------- stage
_CLAUSE_MARK = re.compile(r"[,;:()\u2013\u2014\"\u201c\u201d]|\s-\s")
_RELATIVE_OPENER = re.compile(r"\s*(?:who|whom|whose|which|where)\b", re.IGNORECASE)
PUBLICATION_REASON = "no time expression in sentence; used publication date"


def clause_bounds(text: str, start: int, end: int) -> list[int]:
    """Offsets of clause marks (commas, dashes, brackets, quotes) inside text[start:end]."""
    return [m.start() for m in _CLAUSE_MARK.finditer(text, start, end)]


def choose_date(text: str, found: list[Found], quote_start: int, quote_end: int,
                trigger_start: int, trigger_end: int,
                attached: Callable[[int], bool | None] | None = None) -> Found | None:
    """The expression nearest the trigger, preferring one the parse attaches to it.

    ``attached(offset)`` says whether the expression at ``offset`` hangs off the
    trigger's own verb ("arriving ... over the next two days") rather than another
    clause's ("announced on Wednesday that ..."); None when there is no parse.
    A date inside a comma-bounded relative clause (", who ... two years ago,") belongs
    to that clause and is not offered to a trigger outside it.
    """
    marks = clause_bounds(text, quote_start, quote_end)

    def clause(pos: int) -> int:
        return sum(1 for mark in marks if mark < pos)

    def relative_clause(idx: int) -> bool:
        opener = marks[idx - 1] + 1 if idx > 0 else None
        closes = idx < len(marks)
        return opener is not None and closes and bool(_RELATIVE_OPENER.match(text, opener))

    trigger_clause = clause(trigger_start)
    ranked = []
    for f in found:
        where = clause(f.date.span_start or 0)
        if where != trigger_clause and relative_clause(where):
            continue
        gap = max(0, (f.date.span_start or 0) - trigger_end, trigger_start - (f.date.span_end or 0))
        own = attached(f.date.span_start or 0) if attached else None
        ranked.append((own is False, where != trigger_clause, gap, f.date.span_start or 0, f))
    return min(ranked, key=lambda r: r[:4])[4] if ranked else None


def attachment_test(parsed, trigger_start: int) -> Callable[[int], bool | None]:
    """A test: is the token at an offset inside the trigger's clause in the parse?

    The clause is the subtree of the trigger's verb (the trigger itself, or the verb a
    nominal trigger hangs off) minus any complement clause of its own.
    """
    if parsed is None:
        return lambda offset: None
    verb = token_at(parsed, trigger_start, trigger_start + 1)
    if verb is None:
        return lambda offset: None
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    own = {t.i for t in verb.subtree}
    for child in verb.children:
        if child.dep_ in ("ccomp", "relcl", "advcl", "parataxis") and not (
                child.idx <= trigger_start < child.idx + len(child.text)):
            own -= {t.i for t in child.subtree}

    def attached(offset: int) -> bool | None:
        tok = token_at(parsed, offset, offset + 1)
        return None if tok is None else tok.i in own
    return attached


# Dependencies by which a date word is part of a noun phrase ("the 2015 Iran deal",
# "last year's election") rather than an adverbial of a clause.
NOUN_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "poss"})


def names_another_noun(parsed, trigger_start: int) -> Callable[[int, int], bool]:
    """A test: is the expression at [start, end) a modifier inside the phrase of a noun other
    than the trigger ("exiting the landmark 2015 Iran deal": 2015 dates the deal, not the
    exit)? False without a parse."""
    if parsed is None:
        return lambda start, end: False
    trigger = token_at(parsed, trigger_start, trigger_start + 1)

    def other(start: int, end: int) -> bool:
        tok = token_at(parsed, start, start + 1)
        if tok is None or trigger is None:
            return False
        # the expression's own root: "two years ago" hangs off the clause by "ago"
        while start <= tok.head.idx < end and tok.head != tok:
            tok = tok.head
        if tok.dep_ not in NOUN_MODIFIER_DEPS:
            return False
        head = tok.head
        while head.dep_ in NOUN_MODIFIER_DEPS and head.head.pos_ in ("NOUN", "PROPN") \
                and head.head != head:
            head = head.head
        return head.pos_ in ("NOUN", "PROPN") and head.i != trigger.i
    return other


class DatesStage:
    """Give each event mention a date: its sentence's nearest expression, else publication."""

    name = "dates"
    requires = (SENTENCES, EVENTS)
    assigns = (DATES,)

    def __init__(self, finder: DateFinder) -> None:
        self.finder = finder

    def __call__(self, doc: Document) -> Document:
        published = parse_published(doc.published)
        if doc.published and published is None:
            doc.problems.append(Problem("E180", Msg.E180.format(item=doc.item or doc.id, value=doc.published),
                                        item=doc.item, stage=self.name))
        cache: dict[tuple[int, int], list[Found]] = {}
        for event in doc.events:
            event.date = self.date_event(doc, event, published, cache)
        return doc

    def date_event(self, doc: Document, event: EventMention, published: dt.date | None,
                   cache: dict[tuple[int, int], list[Found]]) -> DateValue | None:
        """Steps: 1. nearest expression in the quote; 2. the previous sentence's date when this
        one continues it (``discourse``); 3. publication day; 4. None."""
        key = (event.quote.start, event.quote.end)
        if key not in cache:
            cache[key] = self.finder.find(doc.text, key[0], key[1], published)
        other_noun = names_another_noun(doc.parsed, event.trigger.start)
        offered = [f for f in cache[key]
                   if not other_noun(f.date.span_start or 0, f.date.span_end or 0)]
        chosen = choose_date(doc.text, offered, key[0], key[1], event.trigger.start, event.trigger.end,
                             attachment_test(doc.parsed, event.trigger.start))
        if chosen is not None:
            return self.check_future(chosen, event, published)
        for prev in previous_events(doc, event):  # same episode as the sentence before
            if prev.date is not None and not (prev.date.reason or "").startswith(PUBLICATION_REASON):
                return replace(prev.date, reason=f"no time expression in sentence; continues the "
                                                 f"previous sentence (pronoun '{event.actors[0].text}')")
        if published is not None:
            skipped = [f.date.text for f in cache[key] if f not in offered]
            reason = PUBLICATION_REASON + (
                f" ('{skipped[0]}' dates another noun of the sentence, not this event)"
                if skipped else "")
            return DateValue(precision="day", value=published.isoformat(), reason=reason)
        return None

    @staticmethod
    def check_future(found: Found, event: EventMention, published: dt.date | None) -> DateValue:
        """Keep future dates for future events only; flip an ambiguous reading to fit."""
        date = replace(found.date)
        future_event = event.aux_mode == "future"
        if found.alt is not None and found.reading == ("future" if not future_event else "past"):
            flipped = replace(found.alt, text=date.text, span_start=date.span_start, span_end=date.span_end)
            flipped.reason = (f"{flipped.reason}; {'future' if future_event else 'past'} reading "
                              f"chosen because the event is {'' if future_event else 'not '}marked future")
            return flipped
        if published is not None and not future_event and last_day(date) > published \
                and first_day(date) > published:
            date.reason = f"{date.reason}; resolves after publication {published} but the event is not marked future"
        return date


def make_dates(settings: "Settings") -> DatesStage:
    return DatesStage(get_finder(Path(settings.data_dir)))
