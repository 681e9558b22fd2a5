"""What the date rules stand on: the time-expression lexicon (``data/time_expressions.toml``),
calendar arithmetic, and the records a rule handler reads (``Context``) and returns
(``Found``), and the arithmetic both halves of the handlers share. The rules themselves are
in ``tripwire.dates_rules`` (calendar dates) and ``tripwire.dates_relative`` (counted from
publication).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .document import DateValue
from .errors import ConfigError

# How far (characters) either side of an expression we look for a future cue ("will"),
# never past a sentence stop. 80 covers "will be arriving in the nation over the next two
# days" in the seed article; re-run tests/test_dates.py after changing it.
CUE_WINDOW = 80
# Largest count a relative expression may carry ("3 days ago"); larger numbers are
# quantities, not spans of time.
MAX_RELATIVE_COUNT = 1000
# Years accepted as calendar years at all.
MIN_YEAR, MAX_YEAR = 1000, 2199
# A bare year (no preposition before it) counts only from BARE_YEAR_MIN to this many
# years after publication, so "2500 troops" and "1500 people" are never years.
BARE_YEAR_MIN, BARE_YEAR_AHEAD = 1900, 30
# Numeric dates "12/03/2022" are read month first (US order, as Reuters/AP print them)
# unless the first number cannot be a month.
NUMERIC_ORDER = "MDY"

STRONG_PREPS = {"in", "since", "by", "before", "until", "till", "through", "throughout",
                "from", "after", "during", "between", "around", "circa"}
DEADLINE_PREPS = {"by", "before", "until", "till"}
# Before a past participle these make it non-past: "will be held", "to be signed".
_AUXILIARIES = {"be", "being", "been", "will", "would", "shall", "to", "can", "could", "may", "might", "must",
                "is", "are", "'ll"}
_SENTENCE_STOP = re.compile(r"[.;!?\n](?:\s|$)")


# ----------------------------------------------------------------------------- lexicon
@dataclass(frozen=True)
class Lexicon:
    """The validated contents of ``time_expressions.toml``."""

    months: dict[str, int]
    month_abbreviations: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    weekday_abbreviations: dict[str, int]
    weekday_blockers_before: frozenset[str]
    weekday_blockers_after: tuple[str, ...]
    today_blockers: frozenset[str]
    numbers: dict[str, int]
    approximate: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, tuple[int, int, str]]  # word -> (days, months, precision)
    deictic: dict[str, int]
    parts_of_day: tuple[str, ...]
    relatives: dict[str, int]
    modifiers: dict[str, dict[str, tuple[int, int]]]
    edges: dict[str, str]
    seasons: dict[str, tuple[int, int]]
    vague_days: dict[str, int]
    future_cue: re.Pattern[str]
    past_verbs: frozenset[str]


def load_lexicon(path: Path) -> Lexicon:
    """Read and validate the lexicon; a bad file raises ConfigError E181 naming the table."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("E181", path=str(path), table="(file)", error=exc) from exc

    def table(name: str) -> dict[str, Any]:
        value = raw.get(name)
        if not isinstance(value, dict) or not value:
            raise ConfigError("E181", path=str(path), table=name, error="missing or empty table")
        return value

    def ints(name: str, lo: int, hi: int) -> dict[str, int]:
        out = table(name)
        bad = {k: v for k, v in out.items() if not isinstance(v, int) or not lo <= v <= hi}
        if bad:
            raise ConfigError("E181", path=str(path), table=name, error=f"values out of range: {bad}")
        return dict(out)

    def pairs(name: str, data: dict[str, Any]) -> dict[str, tuple[int, int]]:
        out = {}
        for key, value in data.items():
            if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
                raise ConfigError("E181", path=str(path), table=name, error=f"{key}: expected [int, int]")
            out[key] = (value[0], value[1])
        return out

    units: dict[str, tuple[int, int, str]] = {}
    for name, spec in table("units").items():
        precision = spec.get("precision")
        if precision not in ("day", "week", "month", "year") or not spec.get("words") or \
                bool(spec.get("days")) == bool(spec.get("months")):
            raise ConfigError("E181", path=str(path), table=f"units.{name}",
                              error="needs words, a precision and exactly one of days/months")
        for word in spec["words"]:
            units[word.lower()] = (int(spec.get("days", 0)), int(spec.get("months", 0)), precision)
    cues = table("future_cues").get("patterns", [])
    try:
        future_cue = re.compile("|".join(f"(?:{c})" for c in cues), re.IGNORECASE)
    except re.error as exc:
        raise ConfigError("E181", path=str(path), table="future_cues", error=exc) from exc
    modifiers = {k: pairs(f"modifiers.{k}", v) for k, v in table("modifiers").items()}
    if set(modifiers) != {"month", "year", "decade"}:
        raise ConfigError("E181", path=str(path), table="modifiers", error="needs month, year, decade")
    blockers = table("weekday_blockers")
    return Lexicon(
        months=ints("months", 1, 12), month_abbreviations=ints("month_abbreviations", 1, 12),
        ambiguous_months=frozenset(table("ambiguous_months").get("names", [])),
        weekdays=ints("weekdays", 0, 6), weekday_abbreviations=ints("weekday_abbreviations", 0, 6),
        weekday_blockers_before=frozenset(blockers.get("before", [])),
        weekday_blockers_after=tuple(blockers.get("after", [])),
        today_blockers=frozenset(table("today_blockers").get("before", [])),
        numbers=ints("numbers", 1, 1000), approximate=ints("approximate_numbers", 1, 100),
        ordinals=ints("ordinals", 1, 31), units=units,
        deictic=ints("deictic_days", -7, 7),
        parts_of_day=tuple(table("parts_of_day").get("words", [])),
        relatives=ints("relatives", -1, 1), modifiers=modifiers,
        edges={k: v for k, v in table("edges").items() if v in ("start", "end", "middle")},
        seasons=pairs("seasons", table("seasons")), vague_days=ints("vague_durations", 1, 3650),
        future_cue=future_cue, past_verbs=frozenset(table("past_verbs").get("words", [])),
    )


# ---------------------------------------------------------------------------- calendar
def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the numbers name no day (February 30, year 0)."""
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    if day > calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def shift(day: dt.date, *, days: int = 0, months: int = 0) -> dt.date | None:
    """``day`` moved by whole months (clamped to month end) then days; None off the calendar."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    moved = dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
    return moved + dt.timedelta(days=days)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_published(published: str | None) -> dt.date | None:
    """The publication day from an ISO 8601 date or datetime; None when absent or invalid."""
    if not published:
        return None
    found = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", published)
    return make_date(*map(int, found.groups())) if found else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def point(day: dt.date, precision: str, reason: str) -> DateValue:
    return DateValue(precision=precision, value=day.isoformat(), reason=reason)


def span_value(first: dt.date, last: dt.date, precision: str, reason: str) -> DateValue:
    return DateValue(precision=precision, value=first.isoformat(), start=first.isoformat(),
                     end=last.isoformat(), reason=reason)


def week_of(day: dt.date, reason: str) -> DateValue:
    monday = day - dt.timedelta(days=day.weekday())
    return span_value(monday, monday + dt.timedelta(days=6), "week", reason)


def last_day(value: DateValue) -> dt.date:
    """The last day a DateValue covers (its end, or the end of its period)."""
    if value.end:
        return dt.date.fromisoformat(value.end)
    first = dt.date.fromisoformat(value.value or value.start or "")
    if value.precision == "year":
        return dt.date(first.year, 12, 31)
    if value.precision == "month":
        return month_end(first.year, first.month)
    return first + dt.timedelta(days=6) if value.precision == "week" else first


def first_day(value: DateValue) -> dt.date:
    return dt.date.fromisoformat(value.start or value.value or "")


@dataclass
class Found:
    """A resolved expression, with the other reading when the text is ambiguous."""

    date: DateValue
    alt: DateValue | None = None  # the opposite (past/future) reading of a bare weekday/month
    reading: str | None = None  # "past" | "future" for ambiguous expressions


@dataclass
class Context:
    """What a rule handler sees: the match, the searched range and the publication day."""

    finder: Any  # tripwire.dates.DateFinder (for try_dateparser); Any avoids an import cycle
    lex: Lexicon
    text: str
    m: re.Match[str]
    lo: int
    hi: int
    published: dt.date | None

    def group(self, name: str) -> str | None:
        """A named group, lower-cased; None when the rule has no such group or it is unset."""
        value = self.m.groupdict().get(name)
        return value.lower() if value is not None else None

    def raw(self, name: str) -> str | None:
        return self.m.groupdict().get(name)

    def word_before(self, at: int | None = None) -> str:
        at = self.m.start() if at is None else at
        before = re.search(r"([A-Za-z']+)[^A-Za-z']*$", self.text[max(self.lo, at - 30):at])
        return before.group(1) if before else ""

    def text_after(self, n: int = 30) -> str:
        return self.text[self.m.end():min(self.hi, self.m.end() + n)]

    def has_future_cue(self) -> bool:
        """A future cue ("will", "is due to") in the same sentence within CUE_WINDOW."""
        left = self.text[max(self.lo, self.m.start() - CUE_WINDOW):self.m.start()]
        stops = list(_SENTENCE_STOP.finditer(left))
        if stops:
            left = left[stops[-1].end():]
        right = self.text[self.m.end():min(self.hi, self.m.end() + CUE_WINDOW)]
        stop = _SENTENCE_STOP.search(right)
        if stop:
            right = right[:stop.start()]
        return bool(self.lex.future_cue.search(left) or self.lex.future_cue.search(right))

    def after_past_verb(self) -> bool:
        """The expression follows a past-tense verb ("said on Monday", "met on Friday")."""
        word = self.word_before().lower()
        if not (word in self.lex.past_verbs or (len(word) > 4 and word.endswith("ed"))):
            return False
        at = self.text.rfind(self.word_before(), max(self.lo, self.m.start() - 40), self.m.start())
        return self.word_before(at).lower() not in _AUXILIARIES  # "will be held on Monday"

    def wants_future(self) -> bool:
        return not self.after_past_verb() and self.has_future_cue()


# -- arithmetic the rule handlers share (tripwire.dates_rules, tripwire.dates_relative) --
def unit_of(c: Context) -> tuple[int, int, str]:
    """(days, months, name) of the <UNIT> a rule matched."""
    return c.lex.units[c.group("unit") or ""]


def count_of(c: Context) -> tuple[int | None, str]:
    """The number in <NUM>, and a note when it is approximate ("a few")."""
    word = c.group("num")
    if word is None:
        return None, ""
    if word.isdigit():
        value = int(word)
        return (value if 0 < value <= MAX_RELATIVE_COUNT else None), ""
    if word in c.lex.approximate:
        return c.lex.approximate[word], f" (approximate: '{word}' taken as {c.lex.approximate[word]})"
    return c.lex.numbers.get(word), ""


def move_by(day: dt.date, n: int, unit: tuple[int, int, str]) -> dt.date | None:
    """``day`` moved by n units (negative: back); None off the calendar."""
    days, months, _ = unit
    return shift(day, days=n * days) if days else shift(day, months=n * months)


def period_value(first: dt.date, last: dt.date, precision: str, reason: str, mod: str | None,
                 lex: Lexicon) -> DateValue:
    """A month or year (value = first day), narrowed to its early/mid/late part if ``mod``."""
    if mod is None:
        return point(first, precision, reason)
    lo, hi = lex.modifiers[precision][mod]
    if precision == "month":
        sub_first = first.replace(day=lo)
        sub_last = first.replace(day=min(hi, last.day))
    else:
        sub_first, sub_last = dt.date(first.year, lo, 1), month_end(first.year, hi)
    return DateValue(precision=precision, value=first.isoformat(), start=sub_first.isoformat(),
                     end=sub_last.isoformat(), reason=f"{reason}; '{mod}' = {sub_first}..{sub_last}")
