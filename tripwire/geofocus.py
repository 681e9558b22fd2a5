"""Where a document is set: the place a name the gazetteer lacks most likely lies in.

A street, a school, a golf club or a hamlet missing from GeoNames is still a place, and
articles write about such places where their other places are. Two readings, tried in
order (``resolve`` in tripwire/georesolve.py calls them for spans known to be places):

1. ``find_container``: the place written right after the name in the same sentence
   ("Kamenne Square in Bratislava", "Le Bernardin in New York", "Federal University of
   Technology, Owerri"): the writer says where it is;
2. ``find_focus``: the document's focus. The country its confident, literal mentions name
   most (each mention votes its pick's confidence), then the admin-1 area inside it they
   name most, then that area's most specific, most often named place, the nearest before
   the span breaking ties. A mention that is a metonym or a demonym ("Liverpool have",
   "Latvian climbers") votes at a reduced weight: it names an actor, not where things are.

Either way the result is approximate: ``locate_unknown`` reports it with feature ``local``,
a low score and a reason naming the rule. The other readings of names the gazetteer lacks
live here too: initials of a place named in full (``expand_initials``) and the check that a
reading by part of a name lies where the document is (``agrees_with``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .document import Place
from .gazetteer import Candidate, Gazetteer
from .toponyms import WORD

# How specific a focus place is: a city's point is closer to a street in it than its
# state's centroid is (the same ranking the earlier anchor rule used).
FOCUS_RANK = {"city": 3, "capital": 3, "admin2": 2, "admin1": 1, "country": 0}
LOCAL_FEATURES = ("city", "capital", "admin1", "admin2")
# Sixth pass, first halves only, with spans, 161 km GWN / LGL: the earlier anchor (the
# most specific pick nearest before the name) 93.8 / 89.7; focus by weighted votes 95.0 /
# 89.7; + containers 95.1-95.3 / 89.6 (without "at": "Royal Street at Washington Square"
# is a corner); + ties to the nearest 95.4 / 89.6; + county lists 95.4 / 90.1.
# The words that may stand between a name and the place that contains it ("X in Y",
# "X, Y", "X near Y", "X at Y"); at most CONTAINER_GAP characters of them.
CONTAINER = re.compile(r"\s*(?:,|\b(?:in|near|outside|of)\b)\s*(?:(?:the|downtown)\s+)?"
                       r"(?:(?:city|town|village|suburb)\s+of\s+)?", re.I)
CONTAINER_GAP = 30
# Weights are compared to this many decimals: two sure mentions (0.998 and 1.0) tie, and
# the tie goes to the place nearest the name.
WEIGHT_DIGITS = 1
# The approximate reading's score (the reported score is multiplied by it) and feature; the
# rules and their figures are described in tripwire/georesolve.py above PART_OF_NAME.
ANCHOR_SCORE = 0.3
APPROXIMATE_REASON = "approximate"
LOCAL_FEATURE = "local"
CONTAINER_FALLBACK = True  # find_container before find_focus: GWN +0.2, LGL -0.1 (1 name)
# A mention's vote for the focus: a literal place its confidence, a metonym its reported
# score, a demonym that times FOCUS_DEMONYM_WEIGHT ("Latvian climbers" are no evidence of
# where the story is; first halves: 0.5 -> 0.0, GWN 161 km (GeoNames) 96.2 -> 96.3, LGL
# 90.1 -> 90.2)
FOCUS_DEMONYM_WEIGHT = 0.0
# A part reading stays when it lies within PART_NEAR_KM of the focus (agrees_with)
PART_NEAR_KM = 161.0
# An unknown all-capitals span of this many letters may be initials ("SA", "NSW")
ACRONYM_MIN_LEN = 2
ACRONYM_MAX_LEN = 5
POSSESSIVE = re.compile(r"['\u2019]s\s+")


@dataclass(frozen=True, slots=True)
class Mention:
    """One resolved span as the focus rules see it: where it stands, what it was read as
    and how much it counts (its confidence, reduced for a metonym or a demonym)."""

    start: int
    end: int
    place: Candidate
    weight: float


def find_container(text: str, start: int, end: int, mentions: Sequence[Mention], *,
                   within: int = CONTAINER_GAP) -> Candidate | None:
    """The place written right after the name ("X in Y", "X, Y") or right before it as a
    possessive ("London's Heathrow Animal Reception Center"), when it is a city, an admin
    area or a country with a point; None otherwise."""
    for m in mentions:
        if m.end <= start and POSSESSIVE.fullmatch(text[m.end:start]) and _contains(m.place):
            return m.place
    after = [m for m in mentions if m.start >= end and m.start - end <= within]
    if not after:
        return None
    first = min(after, key=lambda m: m.start)
    if not _contains(first.place) or not CONTAINER.fullmatch(text[end:first.start]):
        return None
    return first.place


def find_focus(start: int, mentions: Sequence[Mention], *,
               within: Candidate | None = None) -> Candidate | None:
    """The document's focus place for a span at ``start`` (see the module docstring); with
    ``within`` (a country or an admin-1 area), the focus inside it, or None."""
    usable = [m for m in mentions if m.place.lat is not None and m.place.country]
    if within is not None:
        usable = [m for m in usable if m.place.country == within.country and (
            within.feature == "country" or (m.place.admin1 == within.admin1
                                            and m.place.feature in LOCAL_FEATURES))]
        if not usable:
            return None
    if not usable:
        return _any_place(start, mentions)
    country = _heaviest(start, usable, lambda m: m.place.country)
    inside = [m for m in usable if m.place.country == country]
    local = [m for m in inside if m.place.feature in LOCAL_FEATURES and m.place.admin1]
    if local:
        area = _heaviest(start, local, lambda m: m.place.admin1)
        inside = [m for m in local if m.place.admin1 == area]
    weight: dict[tuple, float] = {}
    for m in inside:
        weight[m.place.key] = weight.get(m.place.key, 0.0) + m.weight
    best = max(inside, key=lambda m: (FOCUS_RANK.get(m.place.feature, 0),
                                      round(weight[m.place.key], WEIGHT_DIGITS),
                                      m.start < start, -abs(start - m.start)))
    return best.place


def _heaviest(start: int, mentions: Sequence[Mention], group) -> object:
    """The group (a country, an admin-1 code) with the most weight; a tie goes to the group
    with a mention nearest the span (the text names what it is near)."""
    weight: dict[object, float] = {}
    near: dict[object, int] = {}
    for m in mentions:
        g = group(m)
        weight[g] = weight.get(g, 0.0) + m.weight
        near[g] = min(near.get(g, 1 << 30), abs(start - m.start))
    return max(weight, key=lambda g: (round(weight[g], WEIGHT_DIGITS), -near[g]))


def _contains(place: Candidate) -> bool:
    return place.lat is not None and place.feature in (*LOCAL_FEATURES, "country")


def _any_place(start: int, mentions: Sequence[Mention]) -> Candidate | None:
    """A document whose places are all world regions or seas: the nearest one with a point."""
    usable = [m for m in mentions if m.place.lat is not None]
    if not usable:
        return None
    return min(usable, key=lambda m: (m.start >= start, abs(start - m.start))).place


def locate_unknown(body: str, text: str, start: int, end: int, mentions: Sequence[Mention]
                   ) -> Place | None:
    """A name the gazetteer lacks, read as the place that contains it ("X in Y") or else
    as the document's focus: that place's id and point with feature ``local``,
    the low ANCHOR_SCORE and a reason that says which rule placed it (the corpora, too,
    give a school or a street the id of its town)."""
    container = find_container(body, start, end, mentions) if CONTAINER_FALLBACK else None
    if container is not None and container.feature in ("country", "admin1"):
        # "Thackerville, Okla.": the document's focus inside the area is nearer the name
        inner = find_focus(start, mentions, within=container)
        rule = f"written as in {container.name}"
        if inner is not None and inner.key != container.key:
            container, rule = inner, f"{rule}; the document's focus there {inner.name}"
    elif container is not None:
        rule = f"written as in {container.name}"
    else:
        container = find_focus(start, mentions)
        rule = f"the document's focus {container.name}" if container is not None else ""
    if container is None:
        return None
    return Place(text, start, end, container.name, container.geonameid, container.country,
                 container.admin1, container.lat, container.lon, LOCAL_FEATURE, ANCHOR_SCORE,
                 reason=f"{APPROXIMATE_REASON}: no gazetteer entry; {rule}")


def expand_initials(text: str, keys: list[str], texts: list[str], options: dict[str, tuple],
                    picks: dict[str, int]) -> Candidate | None:
    """A country or admin-1 area the document names in full whose initials an unknown
    all-capitals span spells ("SA" after "South Africa", "NSW" after "New South Wales")."""
    letters = text.replace(".", "").replace(" ", "")
    if not (ACRONYM_MIN_LEN <= len(letters) <= ACRONYM_MAX_LEN) or not letters.isalpha() \
            or not letters.isupper():
        return None
    for k, other in zip(keys, texts):
        if k not in picks or options[k][2]:
            continue
        c = options[k][0][picks[k]]
        if c.feature not in ("country", "admin1"):
            continue
        for name in (other, c.name):
            words = [w for w in WORD.findall(name) if w.lower() not in ("and", "of", "the")]
            if len(words) > 1 and "".join(w[0] for w in words).upper() == letters:
                return c
    return None


def expand_initials_in_text(text: str, body: str, gaz: Gazetteer) -> Candidate | None:
    """As expand_initials, for a country or admin-1 area (or its demonym: "South Africans") the
    text names in full outside the given spans."""
    letters = text.replace(".", "").replace(" ", "")
    if not (ACRONYM_MIN_LEN <= len(letters) <= ACRONYM_MAX_LEN) or not letters.isalpha() \
            or not letters.isupper():
        return None
    pattern = r"\b" + r"\s+(?:(?:and|of|the)\s+)?".join(
        f"{ch}[a-z]+" for ch in letters) + r"\b"
    for m in re.finditer(pattern, body):
        name = m.group()
        own = [c for c in gaz.lookup(name) if not c.is_alternate
               and c.feature in ("country", "admin1")]
        place = own[0] if own else gaz.demonym_place(name) if gaz.is_demonym(name) else None
        if place is not None and place.feature in ("country", "admin1"):
            return place
    return None


def agrees_with(c: Candidate, anchor: Candidate, *, by_demonym: bool = False) -> bool:
    """A reading by part of a name is kept when it is a whole country or admin-1 area
    ("US Federal Reserve", "Sokoto State"), or lies where the document is: in the anchor's
    admin-1 area, or within PART_NEAR_KM of it. A reading by a demonym ("French Quarter")
    must be a world region or the anchor's own country: an adjective is weak evidence."""
    if c.country is None and c.feature in ("region", "water"):
        return True
    if by_demonym:
        return c.country is not None and c.country == anchor.country
    if c.feature in ("country", "admin1"):
        return True
    if c.country == anchor.country and c.admin1 and c.admin1 == anchor.admin1:
        return True
    return (c.lat is not None and anchor.lat is not None
            and km(c.lat, c.lon, anchor.lat, anchor.lon) <= PART_NEAR_KM)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))
