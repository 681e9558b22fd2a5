"""Time expressions normalised against the publication date (tripwire/dates.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from tripwire.dates import (
    PUBLICATION_REASON, DatesStage, find_dates, get_finder, make_dates,
)
from tripwire.dates_calendar import load_lexicon, parse_published
from tripwire.document import DateValue, Document, EventMention, Sentence, Span
from tripwire.errors import ConfigError
from tripwire.settings import DATA_DIR, Settings

from conftest import SEED_TEXT, shared_path

PUB = "2022-12-07"  # a Wednesday, the seed article's publication day


def only(text: str, published: str | None = PUB) -> DateValue:
    found = find_dates(text, 0, len(text), published=published)
    assert len(found) == 1, [d.text for d in found]
    return found[0]


# (text, expected expression text, value, start, end, precision); start/end None = no range.
CASES = [
    # weekdays
    ("Belarus on Wednesday was moving troops", "on Wednesday", "2022-12-07", None, None, "day"),
    ("Shoigu flew to Minsk on Saturday", "on Saturday", "2022-12-03", None, None, "day"),
    ("He arrived on Monday.", "on Monday", "2022-12-05", None, None, "day"),
    ("The talks on Thursday failed.", "on Thursday", "2022-12-01", None, None, "day"),
    ("Talks will resume on Monday.", "on Monday", "2022-12-12", None, None, "day"),
    ("Talks resume next Monday.", "next Monday", "2022-12-12", None, None, "day"),
    ("He left last Friday.", "last Friday", "2022-12-02", None, None, "day"),
    ("It happened last Wednesday.", "last Wednesday", "2022-11-30", None, None, "day"),
    ("Wednesday's meeting was short.", "Wednesday's", "2022-12-07", None, None, "day"),
    ("Fighting continued on Sunday night.", "on Sunday night", "2022-12-04", None, None, "day"),
    ("He said on Tuesday that troops will leave.", "on Tuesday", "2022-12-06", None, None, "day"),
    ("The vote is on Friday next week.", "on Friday next week", "2022-12-16", None, None, "day"),
    ("The summit opens Sat. in Minsk.", "Sat.", "2022-12-03", None, None, "day"),
    # weeks and weekends
    ("Troops moved this week.", "this week", "2022-12-05", "2022-12-05", "2022-12-11", "week"),
    ("Troops moved last week.", "last week", "2022-11-28", "2022-11-28", "2022-12-04", "week"),
    ("Troops will move next week.", "next week", "2022-12-12", "2022-12-12", "2022-12-18", "week"),
    ("Protests erupted last weekend.", "last weekend", "2022-12-03", "2022-12-03", "2022-12-04", "day"),
    ("Protests erupted over the weekend.", "over the weekend", "2022-12-03", "2022-12-03", "2022-12-04",
     "day"),
    ("Earlier this week, shells fell.", "Earlier this week", "2022-12-05", "2022-12-05", "2022-12-07",
     "week"),
    # deictic days
    ("Officials said today that", "today", "2022-12-07", None, None, "day"),
    ("The attack came yesterday.", "yesterday", "2022-12-06", None, None, "day"),
    ("The vote is tomorrow.", "tomorrow", "2022-12-08", None, None, "day"),
    ("Explosions were heard last night.", "last night", "2022-12-06", None, None, "day"),
    ("He will speak tonight.", "tonight", "2022-12-07", None, None, "day"),
    ("Sirens sounded this morning.", "this morning", "2022-12-07", None, None, "day"),
    ("It began yesterday morning.", "yesterday morning", "2022-12-06", None, None, "day"),
    # ago, relative periods
    ("a revolt two years ago", "two years ago", "2020-01-01", None, None, "year"),
    ("It fell three days ago.", "three days ago", "2022-12-04", None, None, "day"),
    ("It began a decade ago.", "a decade ago", "2012-01-01", None, None, "year"),
    ("He visited 2 weeks ago.", "2 weeks ago", "2022-11-21", "2022-11-21", "2022-11-27", "week"),
    ("They met six months ago.", "six months ago", "2022-06-01", None, None, "month"),
    ("Prices rose last year.", "last year", "2021-01-01", None, None, "year"),
    ("Prices rose this year.", "this year", "2022-01-01", None, None, "year"),
    ("Prices will rise next year.", "next year", "2023-01-01", None, None, "year"),
    ("It rained last month.", "last month", "2022-11-01", None, None, "month"),
    ("The think tank said this month it believes", "this month", "2022-12-01", None, None, "month"),
    ("Earlier this month he resigned.", "Earlier this month", "2022-12-01", "2022-12-01", "2022-12-07",
     "month"),
    ("Elections are due later this year.", "later this year", "2022-01-01", "2022-12-07", "2022-12-31",
     "year"),
    ("The deal collapsed late last year.", "late last year", "2021-01-01", "2021-09-01", "2021-12-31",
     "year"),
    # years, decades
    ("Russia annexed Crimea in 2014.", "in 2014", "2014-01-01", None, None, "year"),
    ("The 2014 annexation of Crimea", "2014", "2014-01-01", None, None, "year"),
    ("Fighting since 2014 has killed many.", "since 2014", "2014-01-01", "2014-01-01", "2022-12-07", "year"),
    ("Growth slowed in mid-2021.", "in mid-2021", "2021-01-01", "2021-05-01", "2021-08-31", "year"),
    ("The wars of the 1990s", "the 1990s", "1990-01-01", "1990-01-01", "1999-12-31", "year"),
    ("in the early 2000s", "in the early 2000s", "2000-01-01", "2000-01-01", "2003-12-31", "year"),
    ("during the '90s", "during the '90s", "1990-01-01", "1990-01-01", "1999-12-31", "year"),
    ("The 2014-2016 campaign", "2014-2016", "2014-01-01", "2014-01-01", "2016-12-31", "year"),
    # months
    ("Fighting resumed in March.", "in March", "2022-03-01", None, None, "month"),
    ("Fighting resumed in early March.", "in early March", "2022-03-01", "2022-03-01", "2022-03-10",
     "month"),
    ("It peaked in mid-March.", "in mid-March", "2022-03-01", "2022-03-11", "2022-03-20", "month"),
    ("It peaked in late March.", "in late March", "2022-03-01", "2022-03-21", "2022-03-31", "month"),
    ("Elections in May were cancelled.", "in May", "2022-05-01", None, None, "month"),
    ("The summit will be held in January.", "in January", "2023-01-01", None, None, "month"),
    ("It happened last March.", "last March", "2022-03-01", None, None, "month"),
    ("Soldiers stationed in Belarus since October", "since October", "2022-10-01", "2022-10-01",
     "2022-12-07", "month"),
    ("The rate doubled in December 2022.", "in December 2022", "2022-12-01", None, None, "month"),
    ("The rate doubled in Dec. 2021.", "in Dec. 2021", "2021-12-01", None, None, "month"),
    # explicit days
    ("Shoigu arrived on December 3.", "on December 3", "2022-12-03", None, None, "day"),
    ("Shoigu arrived Dec. 3.", "Dec. 3", "2022-12-03", None, None, "day"),
    ("Shoigu arrived on 3 December 2022.", "on 3 December 2022", "2022-12-03", None, None, "day"),
    ("Shoigu arrived on December 3, 2022.", "on December 3, 2022", "2022-12-03", None, None, "day"),
    ("Shoigu arrived on Saturday, December 3.", "on Saturday, December 3", "2022-12-03", None, None, "day"),
    ("Shoigu arrived on the 3rd of December.", "on the 3rd of December", "2022-12-03", None, None, "day"),
    ("Shoigu arrived on the third of December.", "on the third of December", "2022-12-03", None, None,
     "day"),
    ("Logged 2022-12-03 by the unit.", "2022-12-03", "2022-12-03", None, None, "day"),
    ("Dated 12/03/2022 in the file.", "12/03/2022", "2022-12-03", None, None, "day"),
    ("Dated 25/03/2022 in the file.", "25/03/2022", "2022-03-25", None, None, "day"),
    ("Exercises on Dec 3-4 near Brest", "on Dec 3-4", "2022-12-03", "2022-12-03", "2022-12-04", "day"),
    ("Exercises on 3-4 December near Brest", "on 3-4 December", "2022-12-03", "2022-12-03", "2022-12-04",
     "day"),
    ("Shoigu arrived on December the 3rd.", "on December the 3rd", "2022-12-03", None, None, "day"),
    # windows and deadlines
    ("Troops arrive over the next two days.", "over the next two days", "2022-12-07", "2022-12-07",
     "2022-12-09", "day"),
    ("A reply is expected within a week.", "within a week", "2022-12-07", "2022-12-07", "2022-12-14", "week"),
    ("More troops arrive in the coming days.", "in the coming days", "2022-12-07", "2022-12-07",
     "2022-12-14", "day"),
    ("during the past few weeks", "during the past few weeks", "2022-11-16", "2022-11-16", "2022-12-07",
     "week"),
    ("Shelling intensified in recent weeks.", "in recent weeks", "2022-11-09", "2022-11-09", "2022-12-07",
     "week"),
    ("By the end of the year, the army intends", "By the end of the year", "2022-12-31", "2022-12-07",
     "2022-12-31", "month"),
    ("Talks end at the end of the month.", "at the end of the month", "2022-12-31", None, None, "week"),
    ("The plan dates from the start of 2020.", "from the start of 2020", "2020-01-01", None, None, "month"),
    ("Talks will take place in two weeks' time.", "in two weeks' time", "2022-12-19", "2022-12-19",
     "2022-12-25", "week"),
    ("Fighting eased last summer.", "last summer", "2022-06-01", "2022-06-01", "2022-08-31", "month"),
]


@pytest.mark.parametrize("text,expr,value,start,end,precision", CASES, ids=[c[0][:40] for c in CASES])
def test_expression_table(text, expr, value, start, end, precision):
    date = only(text)
    assert (date.text, date.value, date.start, date.end, date.precision) == (expr, value, start, end, precision)
    assert text[date.span_start:date.span_end] == expr
    assert date.reason


def test_table_is_large_enough():
    assert len(CASES) >= 60


@pytest.mark.parametrize("text,published,value", [
    # the publication weekday is the publication day itself, whatever the day
    ("They met on Monday.", "2022-12-05", "2022-12-05"),
    ("They met on Sunday.", "2022-12-05", "2022-12-04"),
    ("They will meet on Sunday.", "2022-12-05", "2022-12-11"),
    ("Elections in January", "2023-02-10", "2023-01-01"),
    ("Elections in March", "2023-02-10", "2022-03-01"),
    ("yesterday", "2024-03-01", "2024-02-29"),
    ("on 29 February", "2024-03-10T08:00:00Z", "2024-02-29"),
])
def test_other_publication_dates(text, published, value):
    assert only(text, published).value == value


@pytest.mark.parametrize("text", [
    "Belarus may send troops.",
    "Belarus May send troops.",
    "Theresa May said the plan was sound.",
    "the march on the capital",
    "The March on Rome was a coup.",
    "The army sent 2,014 troops.",
    "Officials counted 2000 soldiers.",
    "The meeting starts at 5 p.m.",
    "They met at 2000 GMT.",
    "Bloody Sunday is remembered.",
    "He told the Sunday Times.",
    "He told BBC Radio 4's Today programme.",
    "The next day they left.",
    "It was the highest level in a decade.",
    "the fall of Aleppo",
    "Prices could fall further.",
    "an august institution",
    "He read 1500 pages.",
])
def test_no_false_positives(text):
    assert find_dates(text, 0, len(text), published=PUB) == []


def test_explicit_dates_need_no_publication_date():
    assert only("on 3 December 2022", published=None).value == "2022-12-03"
    assert find_dates("on Saturday, two years ago", 0, 25, published=None) == []
    assert find_dates("on Saturday", 0, 11, published="not a date") == []


def test_spans_are_absolute_and_clipped_to_range():
    text = "Preamble on Monday. Then on Saturday the minister flew in. Later on Friday."
    start = text.index("Then")
    end = text.index("Later")
    found = find_dates(text, start, end, published=PUB)
    assert [d.text for d in found] == ["on Saturday"]
    assert text[found[0].span_start:found[0].span_end] == "on Saturday"


# ---------------------------------------------------------------- the seed article
SEED_DATES = {
    "on Wednesday": ("2022-12-07", None, None, "day"),
    "two years ago": ("2020-01-01", None, None, "year"),
    "on Saturday": ("2022-12-03", None, None, "day"),
    "since October": ("2022-10-01", "2022-10-01", "2022-12-07", "month"),
    "By the end of the year": ("2022-12-31", "2022-12-07", "2022-12-31", "month"),
    "over the next two days": ("2022-12-07", "2022-12-07", "2022-12-09", "day"),
    "this month": ("2022-12-01", None, None, "month"),
}


def test_seed_article_dates():
    text = SEED_TEXT.read_text(encoding="utf-8")
    found = {d.text: (d.value, d.start, d.end, d.precision) for d in find_dates(text, 0, len(text), published=PUB)}
    for expr, expected in SEED_DATES.items():
        assert found.get(expr) == expected, expr
    assert "deadline" in next(d.reason for d in find_dates(text, 0, len(text), published=PUB)
                              if d.text == "By the end of the year")


# ------------------------------------------------------------------------ the stage
def event(text: str, quote: tuple[int, int], trigger: str, *, aux_mode: str | None = None,
          index: int = 0) -> EventMention:
    at = text.index(trigger, quote[0])
    return EventMention(sentence_index=index, quote=Span(quote[0], quote[1], text[quote[0]:quote[1]]),
                        trigger=Span(at, at + len(trigger), trigger), event_type="MOBILIZE",
                        aux_mode=aux_mode)


def run_stage(text: str, events: list[EventMention], published: str | None = PUB) -> Document:
    doc = Document(text, published=published)
    doc.sentences = [Sentence(0, 0, len(text))]
    doc.events = events
    return make_dates(Settings())(doc)


def test_stage_contract():
    stage = make_dates(Settings())
    assert isinstance(stage, DatesStage)
    assert (stage.name, stage.requires, stage.assigns) == ("dates", ("sentences", "events"), ("dates",))


def test_stage_picks_expression_nearest_trigger():
    text = ("The Belarus Security Council announced on Wednesday that troops and equipment will be "
            "arriving in the nation over the next two days.")
    quote = (0, len(text))
    doc = run_stage(text, [event(text, quote, "announced"), event(text, quote, "arriving", aux_mode="future")])
    announced, arriving = (e.date for e in doc.events)
    assert (announced.value, announced.text) == ("2022-12-07", "on Wednesday")
    assert (arriving.start, arriving.end, arriving.text) == ("2022-12-07", "2022-12-09", "over the next two days")


def test_stage_prefers_same_clause():
    text = "On Saturday, Shoigu flew to Minsk, and troops arrived two years ago in Brest."
    doc = run_stage(text, [event(text, (0, len(text)), "flew"), event(text, (0, len(text)), "arrived")])
    flew, arrived = (e.date for e in doc.events)
    assert flew.text == "On Saturday"  # other clause, but the only one left for "flew"
    assert arrived.text == "two years ago"


def test_stage_skips_date_inside_relative_clause():
    text = ("President Lukashenko, who relied on Russian troops to put down a revolt two years ago, "
            "has allowed Belarus to serve as a staging ground.")
    quote = (0, len(text))
    doc = run_stage(text, [event(text, quote, "put down"), event(text, quote, "allowed")])
    put_down, allowed = (e.date for e in doc.events)
    assert (put_down.value, put_down.precision) == ("2020-01-01", "year")
    assert (allowed.value, allowed.reason) == ("2022-12-07", PUBLICATION_REASON)


def test_stage_falls_back_to_publication_date():
    text = "Belarus moved troops to the border."
    doc = run_stage(text, [event(text, (0, len(text)), "moved")])
    date = doc.events[0].date
    assert (date.value, date.precision, date.reason, date.text) == ("2022-12-07", "day", PUBLICATION_REASON, None)


def test_stage_without_publication_date_leaves_none():
    text = "Belarus moved troops on Saturday."
    doc = run_stage(text, [event(text, (0, len(text)), "moved")], published=None)
    assert doc.events[0].date is None


def test_stage_records_bad_publication_date():
    text = "Belarus moved troops on 3 December 2022."
    doc = run_stage(text, [event(text, (0, len(text)), "moved")], published="yesterday-ish")
    assert doc.events[0].date.value == "2022-12-03"
    assert [p.code for p in doc.problems] == ["E180"]


def test_stage_flips_ambiguous_weekday_to_match_aux_mode():
    text = "Officials say troops will cross on Monday."
    quote = (0, len(text))
    past = run_stage(text, [event(text, quote, "cross")]).events[0].date
    future = run_stage(text, [event(text, quote, "cross", aux_mode="future")]).events[0].date
    assert past.value == "2022-12-05" and "not marked future" in past.reason
    assert future.value == "2022-12-12"
    text = "Troops crossed on Monday."
    assert run_stage(text, [event(text, (0, len(text)), "crossed", aux_mode="future")]).events[0].date.value \
        == "2022-12-12"


def test_stage_notes_unambiguous_future_date_on_non_future_event():
    text = "Troops are in Brest on 20 December 2022."
    date = run_stage(text, [event(text, (0, len(text)), "are")]).events[0].date
    assert date.value == "2022-12-20" and "not marked future" in date.reason


def test_stage_events_do_not_share_date_objects():
    text = "Troops moved and tanks rolled on Saturday."
    doc = run_stage(text, [event(text, (0, len(text)), "moved"), event(text, (0, len(text)), "rolled")])
    assert doc.events[0].date is not doc.events[1].date
    assert doc.events[0].date == doc.events[1].date


# ------------------------------------------------------------- lexicon and robustness
def test_lexicon_loads_and_rejects_bad_tables(tmp_path: Path):
    lex = load_lexicon(DATA_DIR / "time_expressions.toml")
    assert lex.months["December"] == 12 and "May" in lex.ambiguous_months
    bad = tmp_path / "time_expressions.toml"
    bad.write_text((DATA_DIR / "time_expressions.toml").read_text().replace("December = 12", "December = 13"))
    with pytest.raises(ConfigError, match="E181"):
        load_lexicon(bad)


def test_parse_published():
    assert str(parse_published("2022-12-07T10:00:00+00:00")) == "2022-12-07"
    assert parse_published("2022-02-30") is None and parse_published("") is None


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 ,.-/'’ad") + [
    "May ", "March ", "on ", "Saturday", "Dec.", "the ", "end of ", "year", "s ", "ago", "since ",
    "next ", "last ", "week", "in ", "two ", "days", "early ", "mid-", "1990", "2022", "99999",
    "within ", "weekend", "today", "by ", "of ", "31 ", "February ", "th"])).map("".join), st.data())
def test_find_dates_never_raises_and_spans_stay_inside(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    published = data.draw(st.sampled_from([PUB, None, "9999-12-31", "1000-01-01", "junk"]))
    for date in find_dates(text, start, end, published=published):
        assert start <= date.span_start < date.span_end <= end
        assert date.precision in ("day", "week", "month", "year")


@pytest.mark.shared
def test_fast_path_matches_exhaustive_scan_on_guardian_sample():
    path = shared_path("data", "news", "guardian_syria_sample.csv")
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8") as fh:
        rows = [r for _, r in zip(range(50), csv.DictReader(fh))]
    finder = get_finder(DATA_DIR)
    total = 0
    for row in rows:
        text, published = row["text"], parse_published(row["date"])
        fast = [(f.date.span_start, f.date.value) for f in finder.find(text, 0, len(text), published)]
        slow = [(f.date.span_start, f.date.value) for f in finder.find_exhaustive(text, 0, len(text), published)]
        assert fast == slow
        total += len(fast)
    assert total > 100


def test_a_year_inside_another_noun_phrase_does_not_date_the_event(pipeline):
    text = ("Within 24 hours of the announcement that the US was exiting the landmark 2015 Iran "
            "nuclear deal, missiles hit Damascus.")
    doc = pipeline.process({"text": text, "published": "2018-05-10"})
    assert doc.events
    for event in doc.events:
        assert event.date.value == "2018-05-10" and event.aux_mode != "historical"
        assert "dates another noun" in event.date.reason
    signed = pipeline.process({"text": "Russia signed the deal in 2015.", "published": "2018-05-10"})
    assert [e.date.value for e in signed.events] == ["2015-01-01"]


def test_an_ago_expression_still_dates_its_clause(pipeline):
    text = ("Lukashenko, who relied on Russian troops to put down a popular revolt two years ago, "
            "has so far kept his own army out.")
    doc = pipeline.process({"text": text, "published": "2022-12-07"})
    put_down = [e for e in doc.events if e.trigger.text.startswith("put")]
    assert put_down and put_down[0].date.value.startswith("2020")
