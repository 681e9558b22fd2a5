"""Cue vocabularies of the claims stage and the quotation scanner.

The words themselves live in ``data/attribution_cues.json`` (provenance and licence in its
``_meta`` record); this module only loads them into one frozen record, so that the
attribution rules (``claimants.py``) and the status/mode rules (``claims.py``) read the
same tables. It also holds the parse helpers both need (a verb's subject, a passive's
agent).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# A quotation left open runs at most this many characters (a few paragraphs) before we
# stop treating later text as quoted; guards against a stray unmatched quote mark.
MAX_QUOTE_CHARS = 2000
# A quotation that is never closed (no closing mark before the next opening mark or the
# end of the text: a mis-split, a tweet quoted without its close) ends at its paragraph's
# end, news style (a quotation running on into a new paragraph reopens there), and at
# most this many characters on: two or three news sentences. Without it, an unclosed mark
# made a dozen later sentences "quoted" (seen on the guardian_d dev half).
UNCLOSED_QUOTE_CHARS = 400
# Claim.reason prefix of a speech act (claimants.py step 3); claims.py reads it for the
# aux mode, quotes.py writes it for a quoted speech act.
SPEECH_ACT = "speech act"


@dataclass(frozen=True)
class Cues:
    verbs: dict[str, str]  # lemma -> status
    adjectives: frozenset[str]
    passive: dict[str, str]
    hedges: frozenset[str]
    spec_heads: frozenset[str]
    spec_verbs: frozenset[str]
    spec_mods: frozenset[str]
    hyp_mods: frozenset[str]
    claimed_mods: frozenset[str]
    future_mods: frozenset[str]
    claimed_adv: frozenset[str]
    reported_adv: frozenset[str]
    future_aux: frozenset[str]
    future_verbs: frozenset[str]
    negators: frozenset[str]
    preventers: frozenset[str]
    condition_marks: frozenset[str]
    hyp_modals: frozenset[str]
    non_content_marks: frozenset[str]
    presupposing_preps: frozenset[str]
    speech_act_types: frozenset[str]
    self_serving_types: frozenset[str]
    party_sectors: frozenset[str]
    state_media: tuple[str, ...]
    first_person: frozenset[str]
    quote_open: tuple[str, ...]
    quote_close: tuple[str, ...]
    quote_toggle: tuple[str, ...]
    raising: frozenset[str]
    claimed_heads: frozenset[str]
    xcomp_preventers: frozenset[str]
    occurrence_verbs: frozenset[str]
    contrast_cc: frozenset[str]
    deontic_modals: frozenset[str]
    future_nouns: frozenset[str]
    noun_cues: dict[str, str]
    hyp_heads: frozenset[str] = frozenset()
    counterfactual_modals: frozenset[str] = frozenset()
    proposal_verbs: frozenset[str] = frozenset()
    susceptible_adjs: frozenset[str] = frozenset()
    condition_nouns: frozenset[str] = frozenset()
    schedule_nouns: frozenset[str] = frozenset()
    directive_verbs: frozenset[str] = frozenset()
    characterising_verbs: frozenset[str] = frozenset()
    negative_pronouns: frozenset[str] = frozenset()
    negation_opaque_verbs: frozenset[str] = frozenset()


@lru_cache(maxsize=2)
def load_cues(path: str) -> Cues:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    verbs: dict[str, str] = {}
    for status in ("reported", "claimed", "assessed", "speculative", "denied"):
        for lemma in raw[status]:
            verbs.setdefault(lemma, status)
    f = lambda k: frozenset(raw[k])  # noqa: E731
    # longest marks first, so "â€™â€™" wins over a shorter mark at the same place
    t = lambda k: tuple(sorted(raw[k], key=len, reverse=True))  # noqa: E731
    return Cues(verbs, f("assessed_adjectives"), dict(raw["passive_status"]),
                f("speculative_hedges"), f("speculative_heads"), f("speculative_verbs"),
                f("speculative_modifiers"), f("hypothetical_modifiers"), f("claimed_modifiers"),
                f("future_modifiers"), f("claimed_adverbs"), f("reported_adverbs"),
                f("future_aux"), f("future_verbs"), f("negators"), f("preventers"),
                f("condition_marks"), f("hypothetical_modals"), f("non_content_marks"),
                f("presupposing_preps"),
                f("speech_act_types"), f("self_serving_types"), f("party_sectors"),
                tuple(raw["state_media_words"]), f("first_person"),
                t("quote_open"), t("quote_close"), t("quote_toggle"),
                f("raising_passive"), f("claimed_heads"), f("xcomp_preventers"),
                f("occurrence_verbs"), f("contrast_conjunctions"),
                f("deontic_modals"), f("future_nouns"),
                dict(raw["noun_cues"]), f("hypothetical_heads"), f("counterfactual_modals"),
                f("proposal_verbs"),
                f("susceptibility_adjectives"), f("condition_nouns"),
                f("schedule_nouns"), f("directive_verbs"), f("characterising_verbs"),
                f("negative_pronouns"), f("negation_opaque_verbs"))


def quote_regions(text: str, cues: Cues) -> list[tuple[int, int]]:
    """Quoted stretches of ``text`` as half-open ranges inside the marks, in order.

    An opening mark with no close before the next opening mark is a quotation running on
    into a new paragraph (news style): it ends where the next one opens. A straight
    double quote toggles. An opening mark never closed runs ``MAX_QUOTE_CHARS`` at most.
    """
    marks: list[tuple[int, int, str]] = []  # (position, length, open|close|toggle)
    i, n = 0, len(text)
    while i < n:
        for kind, table in (("open", cues.quote_open), ("close", cues.quote_close),
                            ("toggle", cues.quote_toggle)):
            hit = next((m for m in table if text.startswith(m, i)), None)
            if hit:
                marks.append((i, len(hit), kind))
                i += len(hit)
                break
        else:
            i += 1
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for pos, length, kind in marks:
        if kind == "toggle":
            kind = "close" if open_at is not None else "open"
        if kind == "open":
            if open_at is not None:
                regions.append(_unclosed(text, open_at, pos))
            open_at = pos + length
        elif open_at is not None:
            regions.append((open_at, pos))
            open_at = None
    if open_at is not None:
        regions.append(_unclosed(text, open_at, n))
    return [(s, min(e, s + MAX_QUOTE_CHARS)) for s, e in regions]


def _unclosed(text: str, start: int, limit: int) -> tuple[int, int]:
    """The extent of a quotation opened at ``start`` and not closed before ``limit``."""
    para = text.find("\n", start, limit)
    end = limit if para < 0 else para
    return start, min(end, start + UNCLOSED_QUOTE_CHARS)


def region_at(regions: list[tuple[int, int]], starts: list[int], offset: int
               ) -> tuple[int, int] | None:
    k = bisect.bisect_right(starts, offset) - 1
    if k >= 0 and regions[k][0] <= offset < regions[k][1]:
        return regions[k]
    return None


# Reporting verbs whose passive subject is the speaker ("he was quoted as saying"); of
# any other ("the move was described as alarming") it is what was reported.
PASSIVE_SPEAKER_VERBS = frozenset({"quote", "cite"})


def subject_of(verb):
    """The speaker of a cue verb: its subject (shared along "... and declared"), else
    the "by X" agent, else the passive subject of "quoted"/"cited"; a quote mark is
    never one."""
    for _ in range(3):  # "welcomed ... and declared": a conjoined verb shares the subject
        if any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children) \
                or verb.dep_ != "conj" or verb.head == verb:
            break
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and not c.is_punct), None)
    tail = _postposed_speaker(verb, subj)
    if tail is not None:
        return tail
    if subj is not None:  # a quote mark parsed as subject (",’’ said X") is not one
        return subj
    controller = _controller(verb)
    if controller is not None:
        return controller
    for c in verb.children:  # "as reported by X" / passive "it was announced by X"
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    if verb.lemma_.lower() in PASSIVE_SPEAKER_VERBS:  # "he was quoted as saying"
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                return c
    return None


def _postposed_speaker(verb, subj):
    """The speaker of a reporting clause set after its content ("..., killing nine
    people, police and witnesses said"): the phrase between the last comma and the verb.

    The parser often runs that phrase into a list with the content's last noun phrase
    ("people, police and witnesses" as one subject, or "officials" as a conjunct of the
    object "soldiers"). Word order settles it: in a post-posed reporting clause the
    speaker cannot reach back over the comma that closes the content. Returns None when
    the parse already agrees (or the verb is not post-posed)."""
    if not any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in verb.children):
        return None
    sent_start = verb.sent.start
    comma = next((t for t in reversed(verb.doc[sent_start:verb.i]) if t.text == ","), None)
    if comma is None or comma.i >= verb.i - 1:
        return None
    if subj is not None and subj.i > comma.i:
        return None
    segment = verb.doc[comma.i + 1:verb.i]
    if any(t.pos_ == "VERB" or t.is_quote for t in segment):
        return None
    heads = [t for t in segment if not (comma.i < t.head.i < verb.i) and t.pos_ in (
        "NOUN", "PROPN", "PRON")]
    return heads[0] if len(heads) == 1 else None


def _controller(verb):
    """The understood subject of a subjectless participle or infinitive cue: its host
    clause's subject ("Alleging that the riots were planned, Yadav said ...", "the
    minister went on to say that ..."). Subject control is how English leaves the
    speaker of such a cue unsaid; a clause opened by a subordinator ("while saying")
    is left alone, as is a passive participle (its subject is who it is about)."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "agent", "csubj") for c in verb.children):
        return None
    if verb.dep_ not in ("advcl", "xcomp") or verb.head == verb:
        return None
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if not (verb.tag_ == "VBG" or infinitive):
        return None
    if any(c.dep_ == "mark" for c in verb.children):
        return None
    host = verb.head
    return next((c for c in host.children if c.dep_ == "nsubj" and not c.is_punct), None)


def agent_of(verb):
    """The "by X" of a passive cue ("it is believed by analysts that ...")."""
    for c in verb.children:
        if c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def under_own_subject(trig, root) -> bool:
    """True when the trigger sits inside the root's own subject phrase."""
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and trig in subj.subtree


def clause_subject(verb):
    """The subject of the trigger's clause, through raising words ("he was likely to
    press ..."), when the coder left the actor list empty."""
    tok = verb
    for _ in range(3):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if tok.dep_ not in ("xcomp", "acomp") or tok.head == tok:
            return None
        tok = tok.head
    return None


def top_dep(trig, root) -> str:
    """The dependency of the root's child on the way down to ``trig``."""
    tok = trig
    while tok.head != root and tok.head != tok:
        tok = tok.head
    return tok.dep_


def pp_content_host(tok, verbs):
    """The reporting verb whose content ``tok`` is, through the noun of a circumstance:
    "said in a statement that ...", "told AFP in an interview that ...". The parser
    hangs the "that" clause on the noun ("statement"), but a complement clause on the
    object of "in" belongs to the verb of saying it modifies. A relative clause ("in a
    village that was shelled": "that" is its subject, not a complementiser) is left."""
    if tok.dep_ not in ("acl", "ccomp", "relcl") or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
        return None
    noun = tok.head
    if noun.pos_ != "NOUN" or noun.dep_ != "pobj" or noun.ent_type_ in ("DATE", "TIME"):
        return None
    prep = noun.head
    verb = prep.head
    if prep.dep_ != "prep" or verb == prep or verb.pos_ not in ("VERB", "AUX"):
        return None
    return verb if verb.lemma_.lower() in verbs else None
