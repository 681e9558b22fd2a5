"""Time expressions counted from publication: "last week", "two years ago", "on Saturday".

Half of ``tripwire.dates_rules``' handlers (split off by concern): each needs the
publication date and returns None without it. They read a rule's match through
``Context`` and answer with a ``Found`` date; ``dates_rules.HANDLERS`` wires them to their
patterns. Calendar arithmetic they share with the absolute-date handlers is in
``tripwire.dates_calendar``.
"""

from __future__ import annotations

import datetime as dt

from .dates_calendar import (
    DEADLINE_PREPS,
    MAX_YEAR,
    MIN_YEAR,
    Context,
    Found,
    count_of,
    month_end,
    move_by,
    period_value,
    point,
    shift,
    span_value,
    unit_of,
    week_of,
)
from .document import DateValue


def edge_of(first: dt.date, last: dt.date, size: str, edge: str, label: str) -> DateValue:
    """The start/middle/end of a period: a day inside it at one precision finer."""
    finer = {"decade": "year", "year": "month", "month": "week", "week": "day"}[size]
    if edge == "start":
        day = first
    elif edge == "end":
        day = last
    else:
        day = first + (last - first) // 2
    return point(day, finer, f"{edge} of {label}: {day} ({finer} precision)")


def period_of(p: dt.date, size: str, k: int) -> tuple[dt.date, dt.date, str] | None:
    """The week/month/year/decade k periods from the one holding publication."""
    if size == "week":
        monday = p - dt.timedelta(days=p.weekday()) + dt.timedelta(days=7 * k)
        return monday, monday + dt.timedelta(days=6), f"the week of {monday}"
    if size == "month":
        first = shift(p.replace(day=1), months=k)
        return (first, month_end(first.year, first.month), first.strftime("%B %Y")) if first else None
    if size == "year":
        year = p.year + k
        return (dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)) if MIN_YEAR <= year <= MAX_YEAR else None
    start = p.year // 10 * 10 + 10 * k
    if not MIN_YEAR <= start <= MAX_YEAR - 9:
        return None
    return dt.date(start, 1, 1), dt.date(start + 9, 12, 31), f"the {start}s"


_REL_STEP = {None: 0, "the": 0, "this": 0, "the current": 0, "last": -1, "the previous": -1,
             "next": 1, "the coming": 1}


def h_edge_rel(c: Context) -> Found | None:
    if c.published is None:
        return None
    size = c.group("unit") or ""
    period = period_of(c.published, size, _REL_STEP.get(c.group("rel"), 0))
    if period is None:
        return None
    return Found(edge_of(period[0], period[1], size, c.lex.edges[c.group("edge") or ""], period[2]))


def h_modifier_rel(c: Context) -> Found | None:
    p = c.published
    if p is None:
        return None
    size, mod = c.group("unit") or "", c.group("mod") or ""
    period = period_of(p, size, c.lex.relatives[c.group("rel") or "this"])
    if period is None:
        return None
    first, last, label = period
    if mod in ("earlier", "later") and first <= p <= last:
        lo, hi = (first, p) if mod == "earlier" else (p, last)
        value = DateValue(precision=size, value=first.isoformat(), start=lo.isoformat(), end=hi.isoformat(),
                          reason=f"'{mod}' in {label}: {lo}..{hi}")
        return Found(value)
    if mod not in ("early", "mid", "late"):
        return Found(span_value(first, last, size, f"{label} ('{mod}')"))
    if size in ("month", "year"):
        return Found(period_value(first, last, size, label, mod, c.lex))
    index = ("early", "mid", "late").index(mod)  # a week: Mon-Tue, Wed-Thu, Fri-Sun
    lo, hi = first + dt.timedelta(days=2 * index), first + dt.timedelta(days=min(6, 2 * index + 1 + index // 2))
    return Found(DateValue(precision=size, value=first.isoformat(), start=lo.isoformat(), end=hi.isoformat(),
                           reason=f"'{mod}' {label}: {lo}..{hi}"))


def h_window(c: Context) -> Found | None:
    p = c.published
    if p is None:
        return None
    unit_word, direction = c.group("unit") or "", c.group("dir") or ""
    unit = unit_of(c)
    count, note = count_of(c)
    plural = unit_word.endswith("s")
    if c.group("num") is None:
        if not plural and (unit[2] == "day" or c.group("prep") is None):
            return None  # "the next day", "the next year": relative to the story, not to publication
        count = c.lex.vague_days[unit[2]] if plural else 1
        if plural:
            unit, note = (1, 0, "day"), f" (vague: 'the {direction} {unit_word}' taken as {count} days)"
    if count is None:
        return None
    step = -1 if direction in ("past", "last", "previous") else 1
    other = move_by(p, step * count, unit)
    if other is None:
        return None
    lo, hi = (other, p) if step < 0 else (p, other)
    precision = c.lex.units[unit_word][2]
    return Found(span_value(lo, hi, precision, f"{direction} {count} {unit_word} from publication{note}"))


def h_within(c: Context) -> Found | None:
    count, note = count_of(c)
    if c.published is None or count is None:
        return None
    hi = move_by(c.published, count, unit_of(c))
    if hi is None:
        return None
    return Found(span_value(c.published, hi, unit_of(c)[2], f"within {count} {c.group('unit')} of publication{note}"))


def h_in_n(c: Context) -> Found | None:
    count, note = count_of(c)
    if c.published is None or count is None or not (c.raw("time") or c.wants_future()):
        return None  # "the highest in a decade" looks back, not forward
    day = move_by(c.published, count, unit_of(c))
    if day is None:
        return None
    return Found(_normalise(day, unit_of(c)[2], f"{count} {c.group('unit')} after publication{note}"))


def h_recent(c: Context) -> Found | None:
    if c.published is None:
        return None
    unit = unit_of(c)
    days = c.lex.vague_days[unit[2]]
    lo = c.published - dt.timedelta(days=days)
    return Found(span_value(lo, c.published, unit[2], f"recent {c.group('unit')}: taken as the {days} days "
                                                      f"before publication (vague)"))


def _normalise(day: dt.date, precision: str, reason: str) -> DateValue:
    """A shifted day expressed at its precision (week -> Monday range, month -> 1st...)."""
    if precision == "week":
        return week_of(day, reason)
    if precision == "month":
        return point(day.replace(day=1), "month", reason)
    if precision == "year":
        return point(dt.date(day.year, 1, 1), "year", reason)
    return point(day, "day", reason)


def h_ago(c: Context) -> Found | None:
    count, note = count_of(c)
    if c.published is None or count is None:
        return None
    day = move_by(c.published, -count, unit_of(c))
    if day is None:
        return None
    return Found(_normalise(day, unit_of(c)[2], f"{count} {c.group('unit')} before publication{note}"))


def h_deictic(c: Context) -> Found | None:
    word = c.group("word") or ""
    if c.published is None or c.word_before() in c.lex.today_blockers:
        return None
    raw = c.raw("word") or ""
    before = c.text[max(c.lo, c.m.start() - 3):c.m.start()].strip()
    if raw[:1].isupper() and before and before[-1] not in ".!?\"“‘'(:":
        return None  # mid-sentence "Today" is a name (BBC Radio 4's Today programme)
    offset = c.lex.deictic[" ".join(word.split())]
    day = c.published + dt.timedelta(days=offset)
    return Found(point(day, "day", f"'{word}' = publication day {offset:+d}" if offset else
                       f"'{word}' = publication day"))


def h_weekend(c: Context) -> Found | None:
    p = c.published
    if p is None:
        return None
    rel, w = " ".join((c.group("rel") or "").split()), p.weekday()
    current = p - dt.timedelta(days=w - 5) if w >= 5 else None
    past = (current - dt.timedelta(days=7)) if current else p - dt.timedelta(days=w + 2)
    future = (current + dt.timedelta(days=7)) if current else p + dt.timedelta(days=5 - w)
    alt, reading = None, None
    if rel in ("last", "past", "this past"):
        sat, how = past, "the weekend before publication"
    elif rel in ("next", "coming", "this coming"):
        sat, how = future, "the weekend after publication"
    elif current is not None:
        sat, how = current, "the publication weekend"
    elif rel == "this":
        sat, how = future, "the coming weekend (published on a weekday)"
    elif c.wants_future():
        sat, alt, reading, how = future, past, "future", "the coming weekend (future cue)"
    else:
        sat, alt, reading, how = past, future, "past", "the most recent weekend before publication"

    def value(saturday: dt.date, reason: str) -> DateValue:
        return span_value(saturday, saturday + dt.timedelta(days=1), "day", reason)

    return Found(value(sat, how), value(alt, "weekend: other reading") if alt else None, reading)


def h_weekday(c: Context) -> Found | None:
    p = c.published
    name = c.raw("wd") or ""
    if c.word_before() in c.lex.weekday_blockers_before or \
            any(c.text_after(20).lstrip().startswith(w) for w in c.lex.weekday_blockers_after):
        return None  # "Bloody Sunday", "the Sunday Times"
    if p is None:
        return None
    wd = c.lex.weekdays.get(name, c.lex.weekday_abbreviations.get(name, 0))
    rel_word = " ".join((c.group("rel") or "").split())
    rel = c.lex.relatives.get(rel_word) if rel_word else None
    back = (p.weekday() - wd) % 7 or 7
    ahead = (wd - p.weekday()) % 7 or 7
    before, after = p - dt.timedelta(days=back), p + dt.timedelta(days=ahead)
    label = f"weekday '{name}'"
    if c.group("wkrel"):
        week = c.lex.relatives[c.group("wkrel") or "this"]
        day = p - dt.timedelta(days=p.weekday() - wd - 7 * week)
        return Found(point(day, "day", f"{label} of {c.group('wkrel')} week"))
    if rel == -1:
        return Found(point(before, "day", f"{label}: '{rel_word}' = most recent before publication {p}"))
    if rel == 1:
        return Found(point(after, "day", f"{label}: '{rel_word}' = next after publication {p}"))
    if rel == 0:
        day = p - dt.timedelta(days=p.weekday() - wd)
        return Found(point(day, "day", f"{label}: 'this' = in the publication week"))
    if wd == p.weekday():
        return Found(point(p, "day", f"{label} = publication weekday"))
    past = point(before, "day", f"{label}: most recent before publication {p}")
    future = point(after, "day", f"{label}: next after publication {p} (future cue)")
    if c.wants_future() or (c.group("prep") in DEADLINE_PREPS and not c.after_past_verb()):
        return Found(future, past, "future")
    return Found(past, future, "past")


def h_rel_unit(c: Context) -> Found | None:
    if c.published is None:
        return None
    rel_word = " ".join((c.group("rel") or "").split())
    size = c.group("unit") or ""
    period = period_of(c.published, size, c.lex.relatives[rel_word])
    if period is None:
        return None
    first, last, label = period
    reason = f"'{rel_word} {size}' = {label}"
    if size == "week":
        return Found(span_value(first, last, "week", reason))
    if size == "decade":
        return Found(span_value(first, last, "year", reason))
    return Found(point(first, size, reason))
