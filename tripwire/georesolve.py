"""Resolving toponyms: one GeoNames-style place per span, from the document's context.

``resolve(doc, spans)`` picks a candidate per span by population, feature class and the
document's context (countries and admin-1 areas it mentions, its dateline, nearby
readings of the other names). A place that acts as an agent ("Moscow said", "the
Kremlin", "Russia's invasion") is a metonym: kept, scored lower, and never chosen as an
event location. ``find_dateline(doc)`` reads "MINSK (Reuters) -".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from .document import Document, Place, Span
from .gazetteer import Candidate, Gazetteer, load_gazetteer, normalize_name
from .geofocus import (ANCHOR_SCORE, APPROXIMATE_REASON, FOCUS_DEMONYM_WEIGHT, Mention,
                       agrees_with, expand_initials, expand_initials_in_text, find_focus, km,
                       locate_unknown)
from .nlp import token_at
from .toponyms import (DEMONYM_REASON, METONYM_REASON, WORD, Cues, find_county_lists,
                       load_cues)

# Candidate scoring (resolve). Hand-set, then checked on the first halves of GWN and LGL
# only (python -m tripwire.geo_eval); re-run both halves after changing any of them.
# water 2.5 (was 1.5): a bare "Atlantic"/"Pacific" is the ocean, not a US town of that name
# (GWN first half +0.8; 2.0 +0.6, 3.0 same as 2.5)
# landmark 2.0 (airports, famous buildings, parks of features.jsonl): a hand-listed landmark
# outranks a village of the same name ("Heathrow", Florida), as a capital does.
FEATURE_WEIGHT = {"country": 2.0, "admin1": 1.6, "region": 1.5, "water": 2.5, "landmark": 2.0,
                  "capital": 1.9, "city": 0.5, "admin2": 0.3}
LOCAL_FEATURES = ("city", "capital", "admin1", "admin2")  # supported by nearby places
POPULATION_WEIGHT = 1.0 / 7.0  # per decade of population: 10M people -> +1.0
COUNTRY_CONTEXT_BONUS = 0.8  # the candidate's country is named elsewhere in the document
ADMIN1_CONTEXT_BONUS = 0.8  # its admin-1 area is named elsewhere ("Paris ... Texas")
DATELINE_BONUS = 0.5
# A region or sea in no one country ("Middle East", "Atlantic") agrees with any other
# name, as a country agrees with its own cities; else a namesake village in a country the
# text names wins ("Middle East", Maryland). 0.5-1.2 all gave the same on the first halves.
SUPRANATIONAL_BONUS = 0.8
# Another name's pick lies within NEAR_KM. 0: no gain on the dev halves once COHERENCE_BONUS
# is in (0.3-1.2 swept: GWN -0.8, LGL +-0.3); kept as a switch.
PROXIMITY_BONUS = 0.0
NEAR_KM = 100.0
CONTEXT_ROUNDS = 2
# Soft coherence before any pick: a reading near some reading of another name (within the
# neighbouring COHERENCE_CELL_DEG grid cells, ~100-200 km) or in an admin-1 area another
# name may be. Only each name's COHERENCE_CANDIDATES best-prior readings vote.
# The bonus counts each other name with a reading near, up to COHERENCE_MAX_NAMES (swept on
# the first halves: 1 name x 0.3 -> 5 x 0.2 gave LGL 86.4 -> 88.1, GWN +0.5; 8 names or
# 0.4 no better).
COHERENCE_BONUS = 0.2
COHERENCE_CELL_DEG = 1.0
COHERENCE_MAX_NAMES = 5
COHERENCE_CANDIDATES = 15  # re-score against the previous round's picks this many times
ALTERNATE_NAME_PENALTY = 0.6
# Home region (see _home_region), a second pass after CONTEXT_ROUNDS: the other names' picks
# that are at least HOME_VOTE_CONFIDENCE sure vote (confidence x mentions) for their admin-1
# area; a reading in the winning area gains HOME_BONUS times its share of the votes (once they
# add up to HOME_MIN_WEIGHT) and gets back HOME_NAMESAKE_RESTORE of the namesake-town penalty
# ("Lebanon" near Zionsville is the Indiana town); a reading also gains HOME_NEAR_BONUS x
# confidence x (1 - d / HOME_NEAR_KM) for the nearest such pick ("Athens" next to Pomeroy is
# Ohio's). Swept on the first halves only, with spans, 161 km GWN / LGL: off 93.8 / 88.6;
# bonus 1.5 alone 93.7 / 89.0 (votes from every pick made Huntsville and Walker County swap
# states); vote confidence 0.8: 93.8 / 89.1; bonus 0.6 + penalty restored 93.8 / 89.1;
# + nearness 0.5-1.0 x 40-120 km 93.8 / 89.6-89.7 (1.5: 89.5); bonus 0.3 / 1.0: 89.2 / 89.3;
# vote confidence 0.6 / 0.9: 89.6 / 89.2. Without spans LGL F1 72.7 -> 74.2, GWN unchanged.
HOME_BONUS = 0.6
HOME_MIN_WEIGHT = 0.5
HOME_VOTE_CONFIDENCE = 0.8
HOME_NAMESAKE_RESTORE = 1.0
HOME_NEAR_BONUS = 0.75
HOME_NEAR_KM = 100.0
# Namesakes (see _priors). Swept on the first halves only, with spans (GWN / LGL within
# 161 km): neither 92.9 / 88.1; town penalty 0.5-1.5 alone +0.1 / +-0.1; dominant city
# x10 at +0.3..1.0: GWN +0.6, LGL -0.7..-2.1 (local news names small towns); x30 at
# +0.6: 93.5 / 88.4; x30 at +1.0: 93.8 / 88.2; x100: 93.5 / 88.1.
# Re-checked in the third pass (dev halves only): off 93.3 / 88.2, x30 +0.6 93.8 / 88.6, so
# kept: it fixes Las Vegas, San Diego, Dubai, Nashville, whose tiny namesakes (Honduras,
# India) otherwise win through coherence with each other. The ratio is fragile: Las Vegas
# and San Diego are ~31x their next namesake, Dublin (Ireland vs Ohio) and London (vs
# Ontario) ~20x, and LGL's local news wants the latter local; x10 costs LGL 2.3 points.
NAMESAKE_TOWN_PENALTY = 1.0
NAMESAKE_TOWN_POPULATION = 20_000
DOMINANT_CITY_BONUS = 0.6
DOMINANT_CITY_POPULATION = 100_000
DOMINANT_CITY_RATIO = 30.0  # matched only through an alternate spelling
# ... and only kept when this many times bigger than the biggest place with the name itself
SHADOW_POPULATION_RATIO = 2.0
# An admin area named after a city that holds at least CITY_SHARE of its population is read
# as the city ("Cork", "Lagos", "Gaza": GeoNames-trained coders pick the populated place);
# a small seat keeps the area ("New York" state: NYC is under half of it). First halves,
# with spans, exact id GWN / LGL: off 83.5 / 82.5; 0.25-0.5 84.0 / 82.6; 0.75 83.7 / 82.7
# (161 km unchanged throughout); admin-1 only, 0.5: 83.7 / 82.6.
CITY_SHARE = 0.5
CITY_SHARE_FEATURES = ("admin1", "admin2")
# A namesake of a demonym ("Canadian", Texas) stays a candidate only from this size on.
DEMONYM_RIVAL_POPULATION = 1_000_000
# Softmax over SCORE_SHARPNESS * candidate score gives the 0..1 score (3: a lead of one
# feature-class step, ~1.0, reads as ~0.95 against one rival); a metonym keeps this share.
SCORE_SHARPNESS = 3.0
METONYM_SCORE_FACTOR = 0.5
# A given span the gazetteer lacks ("Royal Street", "Colorado State University") is read by
# the longest part it knows (PART_OF_NAME) when that reading is a country or an admin-1
# area or lies where the document is (the anchor's admin-1 area, or within PART_NEAR_KM of
# it), else as the document's anchor (FALLBACK_TO_ANCHOR): since the sixth pass the place
# written with the name or the document's focus (geofocus.py). Either way the place is
# approximate and its score is multiplied by ANCHOR_SCORE. First halves, with spans:
# anchor alone GWN 78.4 -> 88.1, LGL 83.6 -> 86.5; part alone 82.4 / 84.5; both, with the
# agreement test, 88.9 / 86.4 (more exact ids); the part reading unchecked, 86.3 / 85.8.
PART_OF_NAME = True
FALLBACK_TO_ANCHOR = True
# Sixth pass: the anchor is the place written with the name or the document's focus (see
# tripwire/geofocus.py, which holds these rules and their constants).
# A given span inside a list of counties ("Clay" in "Becker, Clay and Wilkin counties") is
# looked up as the county, as find_toponyms names the spans it adds there.
COUNTY_LISTS = True
# A name the gazetteer lacks that opens with a direction or an extent ("northern Aleppo",
# "downtown Boston", "Greater Minsk"; cues.json head_qualifiers) is read as its head place,
# in full, not as an approximate part: the writer names a piece of that very place. Given
# spans only: on find_toponyms' own spans (first halves, no spans) F1 GWN +0.1, LGL -0.1.
HEAD_QUALIFIERS = True
# Not done: reading find_toponyms' own unknown spans by the place written with them ("X in
# Y"): first halves, no spans, F1 GWN 82.3 -> 82.4, LGL 74.4 -> 74.2 (precision).
# A part may be a demonym ("European Central Bank" -> Europe, "Russian Higher School of
# Economics" -> Russia); of several parts of one length the weightiest reading wins ("Bank
# of Japan" is Japan, not a village called Bank).
PART_DEMONYMS = True
# "Paris, Texas": candidates inside the area written after the comma gain this much (more
# than any namesake or dominance adjustment, so the writer's qualifier always wins).
QUALIFIER_BONUS = 2.0
QUALIFIER = re.compile(r",\s*([A-Z][\w.]*\.?(?:\s[A-Z][\w.]*){0,2})")
# An unknown all-capitals span of this many letters may be the initials of a country or
# admin-1 area the document names in full ("SA" ... "South Africa").
ACRONYMS = True
DATELINE_WINDOW = 120  # characters at the start of the text where a dateline may stand
DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Za-z.'\u2019 -]{1,40}?)"
    r"(?P<rest>,[^()\n\u2013\u2014]{1,40}?)?\s*(?P<agency>\([A-Za-z .&-]{1,30}\))?\s*[-\u2013\u2014]+\s")


def resolve(doc: Document, spans: Sequence[Span | Place | tuple[int, int]], *,
            gazetteer: Gazetteer | None = None, cues: Cues | None = None,
            approximate: bool = True) -> list[Place]:
    """One Place per span, in the given order; unresolvable spans get ``geonameid`` None.

    With ``approximate`` (for spans known to be places: the caller's), a name the
    gazetteer lacks is read by a part of it, as the place written with it ("X in Y") or as
    the document's focus (tripwire/geofocus.py), with feature "local" and reason
    "approximate: ..."; ``find_toponyms``' own spans go without (on the first halves it
    cost 5 points of precision for 2-3 of recall).

    Candidates are scored by feature class and size, then re-scored against the document:
    the countries and admin-1 areas the other names resolve to, the dateline, and how close
    a candidate lies to the other names' places ("Athens" near "Watkinsville" is Georgia's).
    The context comes from the previous round's picks, for ``CONTEXT_ROUNDS`` rounds; a name
    never supports its own reading. A last pass reads each name towards the document's home
    region, the admin-1 area its confident picks agree on, and towards the nearest of them.
    """
    gaz = gazetteer or load_gazetteer()
    cues = cues or load_cues()
    bounds = [(s[0], s[1]) if isinstance(s, tuple) else (s.start, s.end) for s in spans]
    texts = [doc.text[s:e] for s, e in bounds]
    # a detector may name what a span stands for ("Clay" in "Clay and Wilkin counties" is
    # "Clay County"); the span's own text is looked up otherwise
    names = [s.name if isinstance(s, Place) and s.name and s.name != t else t
             for s, t in zip(spans, texts)]
    if COUNTY_LISTS:  # "Becker, Clay and Wilkin counties": "Clay" is Clay County
        counties = find_county_lists(doc.text)
        names = [counties[b] if b in counties and n == t and gaz.lookup(counties[b]) else n
                 for b, n, t in zip(bounds, names, texts)]
    keys = [normalize_name(t) for t in names]
    options: dict[str, tuple[list[Candidate], bool]] = {}
    for text, key in zip(names, keys):
        if key not in options:
            options[key] = _candidates(text, gaz, cues, approximate=approximate)
    dateline = find_dateline(doc, gazetteer=gaz)
    base = {k: _priors(opts) for k, (opts, *_) in options.items()}
    # soft coherence: a candidate near any reading of another name ("Athens" and "Henderson
    # County" both have a reading in east Texas) is worth more, before any pick is made
    # (name, place) pairs: another name for the very same place ("Mexico", "Bank of
    # Mexico") lends no support
    cells: dict[tuple[int, int], set[tuple[str, tuple]]] = {}
    admins: dict[tuple[str | None, str | None], set[tuple[str, tuple]]] = {}
    for k, (opts, *_) in options.items():
        for c in opts[:COHERENCE_CANDIDATES]:
            if c.lat is not None and c.feature in LOCAL_FEATURES:
                cells.setdefault(_cell(c.lat, c.lon), set()).add((k, c.key))
            if c.feature == "admin1":
                admins.setdefault((c.country, c.admin1), set()).add((k, c.key))
    for k, (opts, *_) in options.items():
        for i, c in enumerate(opts):
            if c.lat is None or c.feature not in LOCAL_FEATURES:
                continue
            cy, cx = _cell(c.lat, c.lon)
            near = {k2 for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                    for k2, ck in cells.get((cy + dy, cx + dx), ()) if k2 != k and ck != c.key}
            base[k][i] += COHERENCE_BONUS * min(len(near), COHERENCE_MAX_NAMES)
            if any(k2 != k and ck != c.key for k2, ck in admins.get((c.country, c.admin1), ())):
                base[k][i] += COHERENCE_BONUS
    for (start, end), key in zip(bounds, keys):  # "Paris, Texas", "Charleston, W.Va."
        area = _qualifier(doc.text, end, gaz) if QUALIFIER_BONUS else None
        if area is not None:
            for i, c in enumerate(options[key][0]):
                if c.country == area.country and c.key != area.key and (
                        area.feature == "country" or c.admin1 == area.admin1):
                    base[key][i] += QUALIFIER_BONUS
    picks = {k: max(range(len(opts)), key=base[k].__getitem__)
             for k, (opts, *_) in options.items() if opts}
    scores = base
    for _ in range(CONTEXT_ROUNDS):
        chosen = {k: options[k][0][i] for k, i in picks.items()}
        scores = {k: [b + _context(c, k, chosen, dateline) for c, b in zip(opts, base[k])]
                  for k, (opts, *_) in options.items()}
        picks = {k: max(range(len(sc)), key=sc.__getitem__) for k, sc in scores.items() if sc}
    if HOME_BONUS:
        scores, picks = _home_region(options, keys, scores, picks, base, dateline)
    whys = [_metonymy(doc, start, end, cues) if not options[key][1] else "the seat of government"
            for (start, end), key in zip(bounds, keys)]
    whys = [f"{DEMONYM_REASON} '{text}'" if gaz.is_demonym(text) else why
            for text, why in zip(texts, whys)]
    # what each whole-name reading counts towards the document's focus (geofocus.py): its
    # confidence as reported, a demonym ("Latvian climbers") FOCUS_DEMONYM_WEIGHT of it
    mentions = [Mention(start, end, options[key][0][picks[key]], _confidence(scores[key]) * (
        1.0 if not why else FOCUS_DEMONYM_WEIGHT if why.startswith(DEMONYM_REASON)
        else METONYM_SCORE_FACTOR)) for (start, end), key, why in zip(bounds, keys, whys)
        if key in picks and not options[key][2]]
    out = []
    for (start, end), text, key, why in zip(bounds, texts, keys, whys):
        opts, seat, part = options[key]
        if not opts and ACRONYMS:
            expanded = expand_initials(text, keys, texts, options, picks) \
                or expand_initials_in_text(text, doc.text, gaz)
            if expanded is not None:
                out.append(_to_place(expanded, text, start, end, ANCHOR_SCORE,
                                     reason=f"{APPROXIMATE_REASON}: initials of {expanded.name}"))
                continue
        if not opts:
            local = None
            if FALLBACK_TO_ANCHOR and approximate:
                local = locate_unknown(doc.text, text, start, end, mentions)
            out.append(local or Place(text, start, end, text, None, None, None, None, None,
                                      "unresolved", 0.0, reason="no gazetteer entry"))
            continue
        place = _to_place(opts[picks[key]], text, start, end, _confidence(scores[key]))
        anchor = find_focus(start, mentions) if part else None
        if part and anchor is not None and not agrees_with(opts[picks[key]], anchor,
                                                           by_demonym=gaz.is_demonym(part)):
            place = locate_unknown(doc.text, text, start, end, mentions) or place
        elif part:
            place = replace(place, score=place.score * ANCHOR_SCORE,
                            reason=f"{APPROXIMATE_REASON}: by '{part}' inside the name")
        # "Russian": the place is named, not where anything is; "Moscow said": an agent
        if why:
            place = replace(place, score=place.score * METONYM_SCORE_FACTOR,
                            reason=f"{METONYM_REASON}: {why}")
        out.append(place)
    return out


def _home_region(options: dict[str, tuple], keys: list[str], scores: dict[str, list[float]],
                 picks: dict[str, int], base: dict[str, list[float]], dateline: Place | None
                 ) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Second pass: read each name towards the document's home region. Local news seldom
    names its state ("Lebanon" in a story that also names Zionsville and Boone County is
    Lebanon, Indiana), so the admin-1 area the other names' picks agree on, each weighted by
    its confidence and how often it is named, lends its share of that weight (times
    HOME_BONUS) to a name's readings inside it. A name never votes for itself, and a
    confident pick is barely moved, so unambiguous names settle the region first."""
    probs = {k: _confidence(sc) for k, sc in scores.items() if sc}
    mentions: dict[str, int] = {}
    for k in keys:
        mentions[k] = mentions.get(k, 0) + 1
    votes: dict[str, tuple[tuple, float]] = {}
    for k, i in picks.items():
        c = options[k][0][i]
        if c.country is None or options[k][2]:  # a world region, or a part of a name
            continue
        area = (c.country, c.admin1 if c.feature in LOCAL_FEATURES else None)
        if probs[k] >= HOME_VOTE_CONFIDENCE:
            votes[k] = (area, probs[k] * mentions.get(k, 1))
    new_scores = {}
    for k, (opts, *_) in options.items():
        if not opts:
            continue
        weight: dict[tuple, float] = {}
        for k2, (area, w) in votes.items():
            if k2 != k:
                weight[area] = weight.get(area, 0.0) + w
        total = sum(weight.values())
        home = max((a for a in weight if a[1] is not None), key=weight.__getitem__, default=None)
        sc = list(scores[k])
        if home is not None and total >= HOME_MIN_WEIGHT:
            share = weight[home] / total
            namesakes = set(_namesake_towns(opts))
            for i, c in enumerate(opts):
                if (c.country, c.admin1) == home and c.feature in LOCAL_FEATURES:
                    sc[i] += HOME_BONUS * share
                    if i in namesakes:  # the reason for the namesake penalty is gone
                        sc[i] += HOME_NAMESAKE_RESTORE * NAMESAKE_TOWN_PENALTY * share
        if HOME_NEAR_BONUS:
            near = [(options[k2][0][picks[k2]], probs[k2]) for k2 in votes if k2 != k]
            near = [(o, p) for o, p in near if o.lat is not None
                    and o.feature in ("city", "capital", "admin2")]
            for i, c in enumerate(opts):
                if c.lat is None or c.feature not in LOCAL_FEATURES or c.feature == "admin1":
                    continue
                closeness = max((p * max(0.0, 1.0 - km(c.lat, c.lon, o.lat, o.lon)
                                         / HOME_NEAR_KM) for o, p in near if o.key != c.key),
                                default=0.0)
                sc[i] += HOME_NEAR_BONUS * closeness
        new_scores[k] = sc
    return new_scores, {k: max(range(len(sc)), key=sc.__getitem__)
                        for k, sc in new_scores.items()}


def _confidence(sc: list[float]) -> float:
    """The softmax share of the best score (the 0..1 score a pick is reported with)."""
    top = max(sc)
    return 1.0 / sum(math.exp(SCORE_SHARPNESS * (x - top)) for x in sc)


def _qualifier(text: str, end: int, gaz: Gazetteer) -> Candidate | None:
    """The admin-1 area or country written right after a name ("Paris, Texas", "Hinton,
    B.C."): the strongest local evidence there is."""
    m = QUALIFIER.match(text, end)
    if m is None:
        return None
    for n in range(len(m.group(1).split()), 0, -1):
        name = " ".join(m.group(1).split()[:n])
        own = [c for c in gaz.lookup(name) if not c.is_alternate
               and c.feature in ("admin1", "country")]
        if own:
            return own[0]
    return None


def _part_candidates(text: str, gaz: Gazetteer, cues: Cues) -> tuple[list[Candidate], str]:
    """Candidates for the longest part of a name the gazetteer lacks that it does know
    under its own name ("Colorado State University" -> Colorado, "Port of Los Angeles" ->
    Los Angeles), and that part."""
    words = WORD.findall(text)
    for n in range(len(words) - 1, 0, -1):
        found = []
        for i in range(len(words) - n + 1):
            part = " ".join(words[i:i + n])
            key = normalize_name(part)
            if key in cues.common_words or not part[0].isupper():
                continue
            short = len(key) < 3
            if short and not (part.isupper() and len(key) == 2):
                continue
            cands = [c for c in gaz.lookup(part) if not c.is_alternate]
            if short:  # "US Federal Reserve": two capitals count only as a country's code
                cands = [c for c in cands if c.feature == "country"]
            if not cands and PART_DEMONYMS and gaz.is_demonym(part):
                place = gaz.demonym_place(part)  # "European Central Bank" -> Europe
                cands = [replace(place, is_alternate=False)] if place is not None else []
            if cands:
                found.append((max(_prior(c) for c in cands), cands, part))
        if found:  # of the parts this long, the one with the weightiest reading
            _, cands, part = max(found, key=lambda t: t[0])
            return cands, part
    return [], ""


def _candidates(text: str, gaz: Gazetteer, cues: Cues, *,
                approximate: bool = True) -> tuple[list[Candidate], bool, str]:
    """``(candidates, is a seat of government, the part of the name they were found by
    or "" when found by the whole name)``."""
    key = normalize_name(text)
    seat = cues.seats.get(key)
    if seat:
        cands = [c for c in gaz.lookup(seat["city"]) if c.country == seat["country"]]
        # the seat is in the city, not a namesake state ("White House" -> Washington, D.C.)
        cands.sort(key=lambda c: (c.feature in ("capital", "city"), c.population), reverse=True)
        return cands[:1], True, ""
    cands = gaz.lookup(text)
    if not cands and (text.isupper() or text.islower()):
        cands = gaz.lookup(text.title())
    if not cands and HEAD_QUALIFIERS and approximate:  # "northern Aleppo", "downtown Boston"
        first, _, head = text.partition(" ")
        if first.lower() in cues.head_qualifiers and head[:1].isupper():
            cands = gaz.lookup(head)
    if not cands and text.endswith("s") and text[:1].isupper():  # "Minnesotans", "Ohioans"
        cands = [c for c in gaz.lookup(text.rstrip("s").rstrip("n").rstrip("a"))
                 if c.feature in ("country", "admin1")]
    cands = _prefer_namesake_city(_shadow_alternates(cands))
    # a demonym given as a span stands for its place ("Chinese" -> China), not for a
    # namesake village ("Canadian", Texas); only reached for spans given to resolve()
    demonym = gaz.demonym_place(text) if gaz.is_demonym(text) else None
    if demonym is not None:
        cands = [replace(demonym, is_alternate=False),
                 *[c for c in cands if c.key != demonym.key and c.population
                   >= DEMONYM_RIVAL_POPULATION]]
    if not cands and PART_OF_NAME and approximate:
        cands, part = _part_candidates(text, gaz, cues)
        return cands, False, part
    return cands, False, ""


def _prior(c: Candidate) -> float:
    """What a candidate is worth before context: its feature class and its size."""
    score = FEATURE_WEIGHT.get(c.feature, 0.5)
    score += POPULATION_WEIGHT * math.log10(c.population + 1)
    if c.is_alternate:
        score -= ALTERNATE_NAME_PENALTY
    return score


def _priors(cands: list[Candidate]) -> list[float]:
    """Priors for one name's candidates, with the adjustments that compare them: a small
    town loses NAMESAKE_TOWN_PENALTY to a country or admin-1 area that bears the name
    itself ("Florida", NY vs the state), and a city far bigger than every namesake city
    gains DOMINANT_CITY_BONUS ("Louisville", Kentucky vs Mississippi)."""
    out = [_prior(c) for c in cands]
    towns = [c.population for c in cands if c.feature in ("city", "capital")]
    for i in _namesake_towns(cands):
        out[i] -= NAMESAKE_TOWN_PENALTY
    for i, c in enumerate(cands):
        if c.feature not in ("city", "capital", "admin2"):
            continue
        rival = max((p for p in towns if p != c.population), default=0)
        if c.feature != "admin2" and c.population >= DOMINANT_CITY_POPULATION \
                and c.population >= DOMINANT_CITY_RATIO * max(rival, 1):
            out[i] += DOMINANT_CITY_BONUS
    return out


def _namesake_towns(cands: list[Candidate]) -> list[int]:
    """The small towns that share their name with a country or admin-1 area among the
    candidates ("Florida", NY; "Jordan", Minnesota): read as the area unless the document
    is set near them (see _home_region)."""
    if not any(c.feature in ("country", "admin1") and not c.is_alternate for c in cands):
        return []
    return [i for i, c in enumerate(cands) if c.feature in ("city", "admin2")
            and c.population < NAMESAKE_TOWN_POPULATION]


def _shadow_alternates(cands: list[Candidate]) -> list[Candidate]:
    """Drop readings through an alternate spelling when some place bears the name itself
    ("Liverpool" is not Washington, Indiana, once called Liverpool), unless the alternate
    is far bigger ("Mexico" can still be read as Mexico City, never as a village)."""
    own = max((c.population for c in cands if not c.is_alternate), default=None)
    if own is None:
        return cands
    return [c for c in cands if not c.is_alternate
            or c.population >= SHADOW_POPULATION_RATIO * max(own, 1)]


def _prefer_namesake_city(cands: list[Candidate]) -> list[Candidate]:
    """Drop an admin area reached only through an alternate name when a city bears that name
    itself inside the same admin-1 area: a bare "Kharkiv" is the city; the oblast is written
    "Kharkiv region" or "Kharkiv oblast". Areas that bear the name themselves ("Idlib") stay,
    unless the city holds CITY_SHARE of their people ("Cork", "Lagos"): then the area is
    named after the city and a bare name means the city."""
    seats: dict[tuple, int] = {}
    for c in cands:
        if c.feature in ("city", "capital") and not c.is_alternate:
            seats[(c.country, c.admin1)] = max(seats.get((c.country, c.admin1), 0), c.population)
    return [c for c in cands if not (
        c.feature in ("admin1", "admin2") and (c.country, c.admin1) in seats and (
            c.is_alternate or (c.feature in CITY_SHARE_FEATURES and seats[(c.country, c.admin1)]
                               >= CITY_SHARE * c.population)))]


def _context(c: Candidate, key: str, chosen: dict[str, Candidate],
             dateline: Place | None) -> float:
    """Support from the document: the other names' current picks and the dateline."""
    score = 0.0
    others = [o for k, o in chosen.items() if k != key]
    if c.country and any(o.country == c.country for o in others):
        score += COUNTRY_CONTEXT_BONUS
    elif c.country is None and c.feature in ("region", "water") and others:
        # a sea or a world region spans countries: whatever the others name, it agrees
        score += SUPRANATIONAL_BONUS
    # the same place named twice ("Mexico", "Bank of Mexico") is no support for itself
    if c.admin1 and any(o.country == c.country and o.admin1 == c.admin1 and o.key != c.key
                        and o.feature in LOCAL_FEATURES for o in others):
        score += ADMIN1_CONTEXT_BONUS
    if dateline is not None and c.country and c.country == dateline.country:
        score += DATELINE_BONUS
    if PROXIMITY_BONUS and c.lat is not None and c.feature in LOCAL_FEATURES:
        near = [o for o in others if o.lat is not None and o.feature in LOCAL_FEATURES
                and o.feature != "admin1"]
        if any(km(c.lat, c.lon, o.lat, o.lon) <= NEAR_KM for o in near):
            score += PROXIMITY_BONUS
    return score


def _cell(lat: float, lon: float) -> tuple[int, int]:
    """A COHERENCE_CELL_DEG grid cell; neighbouring cells count as near."""
    return int(math.floor(lat / COHERENCE_CELL_DEG)), int(math.floor(lon / COHERENCE_CELL_DEG))


def _to_place(c: Candidate, text: str, start: int | None, end: int | None, score: float,
              reason: str | None = None) -> Place:
    feature = "city" if c.feature == "capital" else c.feature  # a capital is a city outside
    return Place(text, start, end, c.name, c.geonameid, c.country, c.admin1, c.lat, c.lon,
                 feature, score, reason=reason)


def _metonymy(doc: Document, start: int, end: int, cues: Cues) -> str | None:
    """Why the span names an agent rather than a location, or None (it is literal)."""
    after = doc.text[end:end + 60]
    if re.match(r"['\u2019]s?\b", after):
        return f"possessive '{doc.text[start:end]}'s'"
    if doc.parsed is not None:
        tok = token_at(doc.parsed, start, end)
        if tok is not None and tok.dep_ in ("nsubj", "poss"):
            return f"'{tok.text}' is the {tok.dep_} of '{tok.head.text}'"
    words = [w.lower() for w in WORD.findall(after)[:4]]
    for w in words:
        if w in cues.agent_verbs:
            return f"agent of '{w}'"
        if w not in cues.auxiliaries:
            break
    return None


def find_dateline(doc: Document, *, gazetteer: Gazetteer | None = None) -> Place | None:
    """The dateline place ("MINSK (Reuters) -", "KYIV, Dec 7 -"), or None."""
    m = DATELINE.match(doc.text[:DATELINE_WINDOW])
    if not m:
        return None
    name = m.group("place").strip()
    if not (name.isupper() or m.group("agency")):
        return None
    gaz = gazetteer or load_gazetteer()
    cands = gaz.lookup(name) or gaz.lookup(name.title())
    if not cands:
        return None
    best = max(cands, key=lambda c: (not c.is_alternate, c.population, c.feature == "country"))
    start = m.start("place")
    return _to_place(best, name, start, start + len(name), 1.0, reason="dateline")

