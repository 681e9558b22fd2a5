"""Scope of an attribution: which events inside someone's words are what they say.

The attribution walk (``claimants.py``) gives an event the speaker of any cue whose
content holds its trigger. Inside that content some events are not what the speaker
reports but what the writer (and the speaker) take as known: background that the
sentence presupposes. GUIDELINES.md gives such an event no claimant ("null when the
article states it in its own voice"). After attribution, the claims stage asks
``background_reason``; a reason drops the claimant and leaves the event asserted.

The tests are structural, so that they hold on text the rules were not written on (each
was checked against the dev half of all seven annotation files, not one; see
``/work/notes/s4/claims_card.md`` for the counts):

1. In the speaker's own noun phrase. "..., said Vasiliki Scurfield, the mother of Kosta
   Scurfield, who was killed in action in 2015": the killing describes the speaker; it
   is not what she said. (A cue inside that phrase, "the regime, which said troops
   shelled ...", keeps its content.)
2. The object of a perception verb. "we heard gunfire", "residents saw the strike": the
   noun object of "hear"/"see" is something perceived, stated by the writer; only a
   clause ("heard that troops had ...") is content.
3. The stimulus of an emotion. "was so angered by the Manchester bomb attack that he
   ...": the event that angered, shocked or inspired someone is presupposed.
4. The effect of a causal claim. "The resignation was triggered by a phone call,
   according to new accounts": what the source reports is the cause; the resignation
   is known.
5. A named past event. "the deal reached in 2015 with Obama", "the attack that killed 22
   people in 2017", "the exchange agreed in Doha in 2020": an event noun dated by its
   own modifier, or an event verb heading a clause on a noun and dated in it, to an
   earlier year is referred to as history, not reported.
6. An aside. "said her son, killed in action, would have ...": a participle clause set
   off by commas on a noun of the content is the writer's description, like the
   non-restrictive relative clauses ``claimants.py`` already leaves out.
   Rules 5 (for verbs) and 6 yield to a reporting verb after the clause, which reports
   the whole sentence ("The general, detained last year, escaped, officials said").

Vocabularies live in ``data/attribution_cues.json`` (keys ``scope_*``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .document import Claim

# Reason prefix written into Claim.reason when a claimant is dropped here.
BACKGROUND = "background"
# Dependencies that keep a token inside the noun phrase of an event noun it modifies
# (rule 5) or that a perceived object may pass through (rule 2): "the bombing of the
# market", "the strikes and the shelling".
NP_INNER_DEPS = frozenset({"pobj", "prep", "conj", "compound", "appos", "amod", "nmod"})
# A four-digit year in a modifier (rule 5); 1900-2099 covers news text.
YEAR = re.compile(r"^(19|20)\d\d$")
# Clauses that modify a noun: what can date an event noun (rule 5).
NOUN_MODIFIER_DEPS = frozenset({"acl", "relcl"})


@dataclass(frozen=True)
class ScopeCues:
    perception_verbs: frozenset[str]
    stimulus_predicates: frozenset[str]
    stimulus_preps: frozenset[str]
    causal_verbs: frozenset[str]
    past_words: frozenset[str]
    reporting: frozenset[str]  # every attribution-verb lemma (a cue inside a speaker NP)


@lru_cache(maxsize=2)
def load_scope_cues(path: str) -> ScopeCues:
    """The ``scope_*`` lists of ``attribution_cues.json`` (and its cue verbs)."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    f = lambda k: frozenset(raw[k])  # noqa: E731
    verbs = frozenset(v for k in ("reported", "claimed", "assessed", "speculative", "denied")
                      for v in raw[k])
    return ScopeCues(f("scope_perception_verbs"), f("scope_stimulus_predicates"),
                     f("scope_stimulus_preps"), f("scope_causal_verbs"), f("scope_past_words"),
                     verbs)


def background_reason(trig, claim: Claim, cues: ScopeCues, *, published: str | None = None
                      ) -> str | None:
    """Why the claimed event is background the speaker does not report (rules 1-5 of the
    module docstring), or None when it is the speaker's content."""
    if claim.claimant is None:
        return None
    speaker = _speaker_head(trig, claim)
    if speaker is not None and _in_speaker_phrase(trig, speaker, cues):
        return f"{BACKGROUND}: in the speaker's own phrase ('{speaker.text}')"
    verb = _perceiver(trig, claim, cues)
    if verb is not None:
        return f"{BACKGROUND}: perceived object of '{verb.text}'"
    base = _conj_root(trig)
    if base.dep_ == "pobj" and base.head.lower_ in cues.stimulus_preps and \
            base.head.head.lower_ in cues.stimulus_predicates:
        return f"{BACKGROUND}: stimulus of '{base.head.head.text} {base.head.text}'"
    if trig.pos_ in ("NOUN", "PROPN") and (
            base.dep_ == "nsubjpass" or base.dep_ == "dobj" and not _is_passive(base.head)) \
            and base.head.lemma_.lower() in cues.causal_verbs:
        return f"{BACKGROUND}: effect of '{base.head.text}'"
    if trig.pos_ in ("NOUN", "PROPN") and _dated_past(trig, cues, published):
        return f"{BACKGROUND}: a named past event"
    if _noun_modifier(trig) and not _cue_after(trig, cues):
        if _is_past(trig.subtree, cues, published):
            return f"{BACKGROUND}: a dated clause on '{trig.head.text}'"
        if _set_off(trig) and trig.tag_ in ("VBN", "VBG"):
            return f"{BACKGROUND}: an aside on '{trig.head.text}'"
    return None


def drop_claimant(claim: Claim, reason: str) -> Claim:
    """The article's own voice: no claimant, asserted; the dropped speaker and cue are
    named in the reason, so the evidence still shows who was talking."""
    return Claim(status="asserted", claimant=None, cue=None, chain=[],
                 reason=f"{reason} (was '{claim.claimant.text}', cue '{claim.cue}')")


def _speaker_head(trig, claim: Claim):
    """The syntactic head of the claimant span in the trigger's sentence."""
    actor = claim.claimant
    toks = [t for t in trig.sent if actor.start <= t.idx < actor.end]
    for t in toks:
        if not (actor.start <= t.head.idx < actor.end) or t.head == t:
            return t
    return None


def _in_speaker_phrase(trig, speaker, cues: ScopeCues) -> bool:
    """Rule 1: the trigger sits in the speaker's noun phrase, with no cue verb between
    them (a relative clause that itself reports: "the regime, which said ...")."""
    if trig == speaker or trig not in speaker.subtree or speaker.pos_ == "PRON":
        return False
    tok = trig.head
    while tok != speaker and tok.head != tok:
        if tok.lemma_.lower() in cues.reporting and tok.pos_ in ("VERB", "AUX"):
            return False
        tok = tok.head
    return True


def _perceiver(trig, claim: Claim, cues: ScopeCues):
    """Rule 2: the perception verb whose noun object holds the trigger, or None."""
    tok = trig
    while tok.head != tok and tok.dep_ in NP_INNER_DEPS:
        tok = tok.head
    if tok.dep_ != "dobj" or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    verb = tok.head
    if verb.lemma_.lower() in cues.perception_verbs and (claim.cue or "").split(" ")[0] == verb.text:
        return verb
    return None


def _conj_root(tok):
    """The first conjunct: "the blockade and bombardment" -> "blockade"."""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    return tok


def _is_passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _dated_past(trig, cues: ScopeCues, published: str | None) -> bool:
    """Rule 5: a clause on the event noun ("reached in 2015", "that killed 22 in 2017",
    "signed two years ago") dates it before the year of publication."""
    return any(c.dep_ in NOUN_MODIFIER_DEPS and _is_past(c.subtree, cues, published)
               for c in trig.children)


def _is_past(tokens, cues: ScopeCues, published: str | None) -> bool:
    """A past-time word ("ago") or a year before the year of publication among ``tokens``."""
    year = int(published[:4]) if published and published[:4].isdigit() else None
    for t in tokens:
        if t.lower_ in cues.past_words:
            return True
        if year is not None and YEAR.match(t.text) and int(t.text) < year:
            return True
    return False


def _noun_modifier(trig) -> bool:
    """Rules 5-6: the verb trigger heads a clause on a noun ("the exchange agreed in
    Doha", "her son, killed in action")."""
    return trig.pos_ in ("VERB", "AUX") and trig.dep_ in NOUN_MODIFIER_DEPS and \
        trig.head.pos_ in ("NOUN", "PROPN")


def _set_off(trig) -> bool:
    """Rule 6: a comma or dash before the modifier clause makes it an aside."""
    left = trig.left_edge.i
    return left > 0 and trig.doc[left - 1].text in (",", "–", "—", "(")


def _cue_after(trig, cues: ScopeCues) -> bool:
    """A reporting verb after the modifier clause reports the whole sentence, asides
    included ("The general, detained last year, escaped, officials said"), as for the
    non-restrictive relative clauses of ``claimants.Attributor._not_content``."""
    return any(t.i > trig.right_edge.i and t.pos_ == "VERB" and t.lemma_.lower() in cues.reporting
               for t in trig.sent)
