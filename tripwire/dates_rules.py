"""The rules behind ``tripwire.dates``: one regex and one handler per kind of time expression.

Each rule is a regex (built from ``data/time_expressions.toml`` through placeholders such
as ``<MONTH>``) and a handler that turns a match into a ``Found`` date, or None when the
match is not a date after all ("Belarus May send", "2,500 troops"). Rules are listed
most specific first; ``tripwire.dates.DateFinder`` tries them in that order. Handlers for
calendar dates ("12 March 2022", "early 2019") are here; those counted from publication
("last week", "two years ago") are in ``tripwire.dates_relative``. The lexicon, calendar
arithmetic and the Context/Found records are in ``tripwire.dates_calendar``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from .dates_calendar import (
    BARE_YEAR_AHEAD,
    BARE_YEAR_MIN,
    DEADLINE_PREPS,
    MAX_YEAR,
    MIN_YEAR,
    NUMERIC_ORDER,
    STRONG_PREPS,
    Context,
    Found,
    Lexicon,
    first_day,
    last_day,
    make_date,
    month_end,
    period_value,
    point,
    span_value,
)
from .dates_relative import (
    edge_of,
    h_ago,
    h_deictic,
    h_edge_rel,
    h_in_n,
    h_modifier_rel,
    h_recent,
    h_rel_unit,
    h_weekday,
    h_weekend,
    h_window,
    h_within,
)
from .document import DateValue


# ------------------------------------------------------------------------------- rules
def _alts(words: Any) -> str:
    """A regex alternation of literal words, longest first (so "Sept" beats "Sep")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _blocks(lex: Lexicon) -> dict[str, str]:
    preps = ("since|by|before|until|till|through|throughout|from|after|on|in|at|during|for|"
             "around|between|circa|as of")
    day_guard = r"(?!\d)(?!,\d)(?![:.]\d)(?!\s*(?:%|[ap]\.?m\b))"
    number_words = list(lex.numbers) + list(lex.approximate)
    return {
        "<LB>": r"(?<![\w/$£€-])(?<!\d[.,:])",
        "<P>": rf"(?:(?P<prep>(?i:{preps}))\s+)?",
        "<MONTH>": (rf"(?P<month>(?:{_alts(lex.months)})(?![a-z])"
                    rf"|(?:{_alts(lex.month_abbreviations)})(?:\.|(?![a-z])))"),
        "<FULLMONTH>": rf"(?P<month>{_alts(lex.months)})(?![\w-])",
        "<WD>": (rf"(?P<wd>(?:{_alts(lex.weekdays)})(?![a-z])|(?:{_alts(lex.weekday_abbreviations)}))"),
        "<D>": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?" + day_guard,
        "<D2>": r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?" + day_guard,
        "<Y>": r"(?P<year>1\d{3}|2[01]\d{2})(?!\d)(?![.,]\d)",
        "<Y2>": r"(?P<year2>1\d{3}|2[01]\d{2})(?!\d)(?![.,]\d)",
        "<MOD>": r"(?P<mod>(?i:early|mid|late))",
        "<NUM>": rf"(?P<num>(?i:{_alts(number_words)})|\d{{1,4}})",
        "<UNIT>": rf"(?P<unit>(?i:{_alts(lex.units)}))(?![a-z])",
        "<REL>": rf"(?P<rel>(?i:{_alts(lex.relatives)}))",
        "<EDGE>": rf"(?P<edge>(?i:{_alts(lex.edges)}))",
        "<ORD>": rf"(?P<ord>(?i:{_alts(lex.ordinals)}))(?![a-z])",
        "<DEICTIC>": rf"(?P<word>(?i:{_alts(lex.deictic)}))(?![a-z])",
        "<PART>": rf"(?P<part>(?i:{_alts(lex.parts_of_day)}))(?![a-z])",
        "<SEASON>": rf"(?P<season>(?i:{_alts(lex.seasons)}))(?![a-z])",
    }


# Rule name -> pattern with placeholders, most specific first. A rule is tried at a
# candidate position only if every rule above it failed there.
RULE_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"<LB><P>(?P<y>\d{4})-(?P<mo>\d{2})(?:-(?P<d>\d{2}))?(?![\d-])"),
    ("slash", r"<LB><P>(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    ("dotted", r"<LB><P>(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<y>\d{4})(?!\d)(?!\.\d)"),
    ("edge_rel", r"<LB><P>(?:(?i:the)\s+)?<EDGE>\s+(?i:of)\s+(?:(?P<rel>(?i:this|last|next|the current|"
                 r"the coming|the previous|the))\s+)?(?P<unit>(?i:year|month|week|decade))(?![a-z])"),
    ("edge_named", r"<LB><P>(?:(?i:the)\s+)?<EDGE>\s+(?i:of)\s+(?:<MONTH>(?:,?\s+<Y>)?|<Y2>)"),
    ("modifier_rel", r"<LB><P>(?P<mod>(?i:earlier|later|early|late|mid))(?:-|\s+)(?P<rel>(?i:this|last|next))"
                     r"\s+(?P<unit>(?i:week|month|year))(?![a-z])"),
    ("range_md", r"<LB><P><MONTH>\s+<D>\s*(?:-|–|—|(?i:to|and|through|until)\s)\s*<D2>(?:,?\s+<Y>)?"),
    ("range_dm", r"<LB><P>(?:(?i:the)\s+)?<D>\s*(?:-|–|—|(?i:to|and|until)\s)\s*<D2>\s+(?:(?i:of)\s+)?<MONTH>"
                 r"(?:,?\s+<Y>)?"),
    ("md", r"<LB><P>(?:<WD>,?\s+)?<MONTH>\s+<D>(?:,?\s+<Y>)?"),
    ("dm", r"<LB><P>(?:<WD>,?\s+)?(?:(?i:the)\s+)?<D>\s+(?:(?i:of)\s+)?<MONTH>(?:,?\s+<Y>)?"),
    ("ordinal_dm", r"<LB><P>(?i:the)\s+<ORD>\s+(?i:of)\s+<MONTH>(?:,?\s+<Y>)?"),
    ("month_year", r"<LB><P>(?:<MOD>(?:-|\s+))?<MONTH>,?\s+(?:(?i:of)\s+)?(?:<Y>|['’](?P<yy>\d{2})(?!\d))"),
    ("loose", r"<LB><P><MONTH>,?\s+(?i:the)\s+(?:\d{1,2}(?:st|nd|rd|th)?|<ORD>)(?![\w])(?:,?\s+<Y>)?"),
    ("year_range", r"<LB><P><Y>\s*(?:-|–|(?i:to|and|until|through)\s)\s*(?:<Y2>|(?P<yy2>\d{2})(?![\d]))"),
    ("decade", r"<LB><P>(?:(?i:the)\s+)?(?:<MOD>(?:-|\s+))?(?:(?P<cent>1\d|20)(?P<dec>\d)0|['’](?P<dec2>\d)0)s(?![\w])"),
    ("window", r"<LB>(?:(?P<prep>(?i:over|in|during|within|for|throughout|through|across))\s+)?(?i:the)\s+"
               r"(?P<dir>(?i:next|past|last|previous|coming))\s+(?:<NUM>\s+)?<UNIT>"),
    ("within", r"<LB>(?i:within)\s+<NUM>\s+<UNIT>(?!\s+(?i:of)\b)"),
    ("in_n", r"<LB>(?i:in)\s+<NUM>\s+<UNIT>(?P<time>['’]?\s*(?i:time)\b)?(?!\s+(?i:of)\b)"),
    ("recent", r"<LB>(?:(?P<prep>(?i:in|over|during|for))\s+)?(?i:recent)\s+<UNIT>"),
    ("ago", r"<LB>(?:<NUM>\s+)?<UNIT>\s+(?i:ago)(?![a-z])"),
    ("deictic", r"<LB><DEICTIC>(?:\s+<PART>)?"),
    ("weekend", r"<LB>(?:(?P<prep>(?i:at|over|during|on|by|until|since|for|across))\s+)?"
                r"(?P<rel>(?i:the|this past|this coming|this|last|next|past|coming))\s+(?i:weekend)(?![a-z])"),
    ("weekday", r"<LB>(?:(?P<prep>(?i:on|by|until|till|since|from|before|after|early|late|earlier|later))\s+)?"
                r"(?:<REL>\s+)?<WD>(?:['’]s)?(?:\s+<PART>)?(?:\s+(?P<wkrel>(?i:last|next|this))\s+(?i:week))?"),
    ("rel_unit", r"<LB><P><REL>\s+(?P<unit>(?i:week|month|year|decade))(?![a-z])"),
    ("season", r"<LB><P>(?:(?P<rel>(?i:last|this|next|past|the))\s+)?<SEASON>(?:\s+(?:(?i:of)\s+)?<Y>)?"),
    ("month_bare", r"<LB><P>(?:<REL>\s+)?(?:<MOD>(?:-|\s+))?<FULLMONTH>"),
    ("year", r"<LB><P>(?:<MOD>(?:-|\s+))?<Y>(?!\s*%)"),
]


def build_rules(lex: Lexicon) -> list[tuple[str, re.Pattern[str], Callable[[Context], Found | None]]]:
    """Compile every rule pattern with the lexicon's words and pair it with its handler."""
    blocks = _blocks(lex)
    rules = []
    for name, pattern in RULE_PATTERNS:
        for key, value in blocks.items():
            pattern = pattern.replace(key, value)
        rules.append((name, re.compile(pattern), _with_preposition(HANDLERS[name])))
    return rules


# ---------------------------------------------------------------------------- handlers
def _month_number(c: Context, raw: str) -> int:
    name = raw.rstrip(".")
    return c.lex.months.get(name) or c.lex.month_abbreviations.get(name, 0)


def _full_year(two_digits: int, published: dt.date | None) -> int:
    """'22 -> 2022; a two-digit year more than 10 years after publication is 19xx."""
    pivot = (published.year if published else 2000) % 100 + 10
    return 2000 + two_digits if two_digits <= pivot else 1900 + two_digits


def h_iso(c: Context) -> Found | None:
    year, month = int(c.raw("y") or 0), int(c.raw("mo") or 0)
    if c.raw("d") is None:
        first = make_date(year, month, 1)
        return Found(point(first, "month", "ISO year-month")) if first else None
    day = make_date(year, month, int(c.raw("d") or 0))
    return Found(point(day, "day", "ISO date")) if day else None


def h_slash(c: Context) -> Found | None:
    a, b, y = int(c.raw("a") or 0), int(c.raw("b") or 0), c.raw("y") or ""
    year = int(y) if len(y) == 4 else _full_year(int(y), c.published)
    if a > 12 and b <= 12:
        month, day, note = b, a, "numeric date read day/month/year (first number is over 12)"
    else:
        month, day = (a, b) if NUMERIC_ORDER == "MDY" else (b, a)
        note = "numeric date read month/day/year (US order, the default)"
        if a <= 12 and b <= 12 and a != b:
            note += "; day/month order would give another date"
    found = make_date(year, month, day)
    return Found(point(found, "day", note)) if found else None


def h_dotted(c: Context) -> Found | None:
    day = make_date(int(c.raw("y") or 0), int(c.raw("b") or 0), int(c.raw("a") or 0))
    return Found(point(day, "day", "dotted date read day.month.year (European order)")) if day else None


def _resolve_day(c: Context, month: int, day: int, year: str | None) -> tuple[dt.date, str] | None:
    """A month and day, with the year from the text or else the reading nearest publication."""
    if year:
        found = make_date(int(year), month, day)
        return (found, "explicit date") if found else None
    p = c.published
    if p is None:
        return None
    readings = [d for d in (make_date(p.year + k, month, day) for k in (-1, 0, 1)) if d]
    if not readings:
        return None
    if c.after_past_verb():
        readings = [d for d in readings if d <= p] or readings
        how = "the latest not after publication (past-tense verb)"
    elif c.wants_future():
        readings = [d for d in readings if d >= p] or readings
        how = "the first not before publication (future cue)"
    else:
        how = "the reading nearest publication"
    best = min(readings, key=lambda d: abs((d - p).days))
    return best, f"no year given: {best.year}, {how} {p}"


def _day_found(c: Context, month_raw: str, day: int, day2: int | None = None) -> Found | None:
    month = _month_number(c, month_raw)
    resolved = _resolve_day(c, month, day, c.raw("year"))
    if resolved is None:
        return None
    first, reason = resolved
    if day2 is not None:
        last = make_date(first.year, first.month, day2)
        if last is None or last <= first:
            return None
        return Found(span_value(first, last, "day", f"day range; {reason}"))
    weekday = c.raw("wd")
    if weekday:
        named = c.lex.weekdays.get(weekday, c.lex.weekday_abbreviations.get(weekday))
        if named is not None and named != first.weekday():
            reason += f"; note: '{weekday}' does not match {first} ({first.strftime('%A')})"
    return Found(point(first, "day", reason))


def h_md(c: Context) -> Found | None:
    return _day_found(c, c.raw("month") or "", int(c.raw("day") or 0))


def h_range(c: Context) -> Found | None:
    return _day_found(c, c.raw("month") or "", int(c.raw("day") or 0), int(c.raw("day2") or 0))


def h_ordinal_dm(c: Context) -> Found | None:
    return _day_found(c, c.raw("month") or "", c.lex.ordinals.get(c.group("ord") or "", 0))


def h_loose(c: Context) -> Found | None:
    """An explicit date our rules cannot read ("December the 3rd"): ask dateparser."""
    if c.published is None:
        return None
    chunk = c.m.group(0)
    if c.raw("prep"):
        chunk = chunk[len(c.raw("prep") or ""):].lstrip()
    parsed = c.finder.try_dateparser(chunk, c.published)
    if parsed is None or parsed.month != _month_number(c, c.raw("month") or ""):
        return None
    return Found(point(parsed, "day", "explicit date read by dateparser"))


def h_month_year(c: Context) -> Found | None:
    month = _month_number(c, c.raw("month") or "")
    year = int(c.raw("year")) if c.raw("year") else _full_year(int(c.raw("yy") or 0), c.published)
    first = make_date(year, month, 1)
    if first is None:
        return None
    return Found(period_value(first, month_end(year, month), "month", "month and year",
                               c.group("mod"), c.lex))


def _bare_month_year(c: Context, month: int, rel: int | None) -> tuple[int, int | None, str, str | None]:
    """(year, other reading's year, reason, "past"/"future" when ambiguous) for a bare month."""
    p = c.published
    assert p is not None
    if rel == -1:
        year = p.year if month < p.month else p.year - 1
        return year, None, f"most recent before publication {p}", None
    if rel == 1:
        year = p.year if month > p.month else p.year + 1
        return year, None, f"next after publication {p}", None
    if rel == 0 or month == p.month:
        return p.year, None, f"the publication year {p.year}", None
    past = p.year if month < p.month else p.year - 1
    future = past + 1
    if c.wants_future():
        return future, past, f"next after publication {p} (future cue)", "future"
    return past, future, f"most recent not after publication {p}", "past"


def h_month_bare(c: Context) -> Found | None:
    name = c.raw("month") or ""
    rel_word, mod, prep = c.group("rel"), c.group("mod"), c.group("prep")
    if name in c.lex.ambiguous_months and not (prep or rel_word or mod):
        return None  # "Belarus May send", "the March on Rome"
    if c.published is None:
        return None
    month = c.lex.months[name]
    rel = c.lex.relatives.get(rel_word) if rel_word else None
    year, alt_year, how, reading = _bare_month_year(c, month, rel)
    reason = f"month '{name}': {how}"
    value = period_value(dt.date(year, month, 1), month_end(year, month), "month", reason, mod, c.lex)
    alt = None
    if alt_year is not None and MIN_YEAR <= alt_year <= MAX_YEAR:
        alt = period_value(dt.date(alt_year, month, 1), month_end(alt_year, month), "month",
                            f"month '{name}': other reading {alt_year}", mod, c.lex)
    return Found(value, alt, reading if alt else None)


def h_edge_named(c: Context) -> Found | None:
    edge = c.lex.edges[c.group("edge") or ""]
    if c.raw("month"):
        month = _month_number(c, c.raw("month") or "")
        if c.raw("year"):
            year = int(c.raw("year") or 0)
        elif c.published is not None:
            year = _bare_month_year(c, month, None)[0]
        else:
            return None
        first = dt.date(year, month, 1)
        return Found(edge_of(first, month_end(year, month), "month", edge, first.strftime("%B %Y")))
    year = int(c.raw("year2") or 0)
    return Found(edge_of(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", edge, str(year)))


def h_year_range(c: Context) -> Found | None:
    first = int(c.raw("year") or 0)
    last = int(c.raw("year2")) if c.raw("year2") else first // 100 * 100 + int(c.raw("yy2") or 0)
    if not first < last <= MAX_YEAR:
        return None
    return Found(span_value(dt.date(first, 1, 1), dt.date(last, 12, 31), "year", f"years {first}-{last}"))


def h_decade(c: Context) -> Found | None:
    if c.raw("dec2") is not None:
        if not (c.raw("prep") or c.m.group(0).lower().startswith("the")):
            return None
        start = _full_year(int(c.raw("dec2") or 0) * 10, c.published)
    else:
        start = int(c.raw("cent") or 0) * 100 + int(c.raw("dec") or 0) * 10
    if not MIN_YEAR <= start <= MAX_YEAR - 9:
        return None
    mod = c.group("mod")
    lo, hi = c.lex.modifiers["decade"][mod] if mod else (0, 9)
    return Found(span_value(dt.date(start + lo, 1, 1), dt.date(start + hi, 12, 31), "year",
                            f"decade {start}s" + (f" ('{mod}': {start + lo}-{start + hi})" if mod else "")))


def h_season(c: Context) -> Found | None:
    season, rel = c.group("season") or "", c.group("rel")
    lo, hi = c.lex.seasons[season]

    def span(year: int) -> tuple[dt.date, dt.date]:
        return dt.date(year, lo, 1), month_end(year + (1 if hi < lo else 0), hi)

    if c.raw("year"):
        year = int(c.raw("year") or 0)
        how = f"{season} {year}"
    elif rel in ("last", "this", "next", "past") and c.published is not None:
        p = c.published
        spans = [(y, *span(y)) for y in range(p.year - 2, p.year + 2)]
        if rel in ("last", "past"):
            year = max(y for y, a, b in spans if b < p)
        elif rel == "next":
            year = min(y for y, a, b in spans if a > p)
        else:
            year = min((y for y, a, b in spans if b >= p), default=p.year)
        how = f"'{rel} {season}' relative to publication {p}"
    else:
        return None  # "the fall of Aleppo", "could fall"
    first, last = span(year)
    return Found(span_value(first, last, "month", f"{how}: {first}..{last} (northern seasons)"))


def h_year(c: Context) -> Found | None:
    year, prep = int(c.raw("year") or 0), c.group("prep")
    after = c.text_after(12)
    if re.match(r"\s*(?:GMT|UTC|BST|CET|EST|EDT|PST|hrs\b|hours\b|h\b|local\b)", after):
        return None  # a clock time ("2000 GMT")
    if prep not in STRONG_PREPS and not c.group("mod"):
        ceiling = (c.published.year if c.published else 2000) + BARE_YEAR_AHEAD
        digits_at = c.m.start("year")
        before = c.word_before(digits_at).lower()
        lowercase_next = bool(re.match(r"\s*[a-z0-9]", after))
        if not BARE_YEAR_MIN <= year <= ceiling or (lowercase_next and before not in ("the", "year")):
            return None  # "2,500 troops", "of 2000 soldiers"
    first = dt.date(year, 1, 1)
    return Found(period_value(first, dt.date(year, 12, 31), "year", f"year {year}", c.group("mod"), c.lex))


def _with_preposition(handler: Callable[[Context], Found | None]) -> Callable[[Context], Found | None]:
    """Apply what the leading preposition means: "since X" runs to publication, "by X" is a deadline."""

    def run(c: Context) -> Found | None:
        found = handler(c)
        prep = c.group("prep")
        if found is None or prep is None or c.published is None:
            return found
        date, p = found.date, c.published
        if prep == "since" and first_day(date) <= p:
            first = first_day(date)
            found = Found(DateValue(precision=date.precision, value=first.isoformat(), start=first.isoformat(),
                                    end=p.isoformat(), reason=f"since {date.reason}: from {first} to publication {p}"))
        elif prep in DEADLINE_PREPS and last_day(date) > p:
            date.reason = f"deadline '{prep}': {date.reason}"
            if not date.start:
                date.start, date.end = p.isoformat(), last_day(date).isoformat()
        elif prep in DEADLINE_PREPS:
            date.reason = f"'{prep}' {date.reason}"
        return found

    return run


HANDLERS: dict[str, Callable[[Context], Found | None]] = {
    "iso": h_iso, "slash": h_slash, "dotted": h_dotted, "edge_rel": h_edge_rel, "edge_named": h_edge_named,
    "modifier_rel": h_modifier_rel, "range_md": h_range, "range_dm": h_range, "md": h_md, "dm": h_md,
    "ordinal_dm": h_ordinal_dm, "month_year": h_month_year, "loose": h_loose, "year_range": h_year_range,
    "decade": h_decade, "window": h_window, "within": h_within, "in_n": h_in_n, "recent": h_recent,
    "ago": h_ago, "deictic": h_deictic, "weekend": h_weekend, "weekday": h_weekday, "rel_unit": h_rel_unit,
    "season": h_season, "month_bare": h_month_bare, "year": h_year,
}
