"""Who says so, and how sure: attribution, epistemic status and PLOVER's auxiliary modes.

Per mention, from its trigger:

1-3. Attribution, quotations and speech acts: ``claimants.Attributor`` (see there);
   then ``claim_scope.background_reason`` drops the claimant of an event that the
   speaker's words presuppose rather than report (the speaker's own description, a
   perceived object, an emotion's stimulus, a cause's effect, a dated past event).
4. Status from the cue (reported/claimed/assessed/speculative/denied, in
   ``claimants.py``); then, here, a hedge on the event's own clause ("could", "likely
   to", "signs that", "possible strikes") makes it speculative, and so does a
   hypothetical event ("if ..."; not a bare narrative "would"). Possible events by
   construction, not by sentence: a counterfactual ("could/would have"), the "of" of a
   noun of possibility ("risk of war"), an exposure ("vulnerable to attack"), a condition
   ("in the event of"), a material event as the premise of a "would" clause ("an assault
   would lead to ..."), a proposal ("suggested rewriting ..."), a feared event.
5. Auxiliary mode from the event's own clause: negation (a "not" on the trigger, "no
   X", "neither ... nor", "nobody/none" as subject, "refused to", kept/prevented "from";
   not across "but"; not from a cue or a verb acting on the event: "did not confirm the
   strike", "has not stopped the fighting"),
   hypothetical ("if", a condition on the clause, a modal on the verb or on the verb
   governing a noun event: "might send", "could become a showcase for collaboration"),
   future ("will", "intends to", "is likely to", "his intention to", reported "would",
   "planned talks", "expected barrage", "timetable for withdrawal", "ordered the
   withdrawal"; "is yet to offer" is negated). A promise or threat made by saying it
   ("we will accept") is not future: the saying is the event. A party's "claimed" event
   that is hypothetical, or its own planned (future) act, goes back to "reported" (then
   hedged as usual). Historical is decided later from the event's date
   (``finalize``).

Cue vocabularies live in ``data/attribution_cues.json`` (loaded by ``claim_cues.py``).
Check changes with ``python -m tripwire.claims_eval --split dev`` and ``tests/test_seed.py``.
"""

from __future__ import annotations

from .actors import ActorDictionary
from .claim_cues import MAX_QUOTE_CHARS, Cues, load_cues, quote_regions, region_at
from .claim_scope import background_reason, drop_claimant, load_scope_cues
from .claimants import NOUN_CLAUSE_HOPS, SELF_SERVING, SPEAKER_PRONOUNS, SPEECH_ACT, Attributor
from .document import CLAIMS, EVENTS, PARSE, Document
from .nlp import token_at
from .settings import Settings

# How many clauses up from the event a verb of proposing may govern it: "suggested
# rewriting the law to make it easier to prosecute" is four.
PROPOSAL_HOPS = 4
# Statuses a hedge overrides; a claim or a denial keeps its own status.
HEDGEABLE = ("asserted", "reported", "assessed")

__all__ = ["ClaimStage", "Cues", "MAX_QUOTE_CHARS", "NOUN_CLAUSE_HOPS", "load_cues",
           "make_claims", "quote_regions"]


class ClaimStage(Attributor):
    """The claims stage: attribution (``Attributor``), hedges and auxiliary modes."""

    name = "claims"
    requires = (EVENTS, PARSE)
    assigns = (CLAIMS,)

    def __init__(self, settings: Settings, *, actors: ActorDictionary | None = None) -> None:
        super().__init__(settings, actors=actors)
        self.scope = load_scope_cues(str(settings.data_dir / "attribution_cues.json"))

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.parsed
        regions = quote_regions(doc.text, self.cues) if doc.events else []
        starts = [r[0] for r in regions]
        for event in doc.events:
            trig = token_at(sdoc, event.trigger.start, event.trigger.end)
            if trig is None:
                continue
            region = region_at(regions, starts, event.trigger.start)
            event.claim = self.attribute(doc, trig, event, region)
            background = background_reason(trig, event.claim, self.scope, published=doc.published)
            if background:
                event.claim = drop_claimant(event.claim, background)
            event.aux_mode, why = self.aux_mode(trig)
            if why:
                event.reasons.append(why)
            if event.claim.status == "claimed" and SELF_SERVING in (event.claim.reason or "") and (
                    event.aux_mode == "hypothetical" or event.aux_mode == "future"
                    and self._own_side(event.claim.claimant, event)):
                # "officials said troops would attack if talks failed", "the minister said
                # the army would defend the border": a scenario, or a party's own plan, is
                # not a claim that something happened (GUIDELINES: conditional attacks are
                # speculative, stated intentions future); "Putin said Nato was preparing to
                # attack" stays a claim about the enemy
                event.claim.status = "reported"
                event.claim.reason = event.claim.reason.replace("; " + SELF_SERVING, "")
            hedge = self.hedge(trig, verbal=event.event_type in self.cues.speech_act_types)
            if hedge and event.claim.status in HEDGEABLE:
                event.claim.reason = (event.claim.reason + "; " if event.claim.reason else "") + hedge
                event.claim.status = "speculative"
            if event.aux_mode is None and hedge and hedge.startswith("possible:"):
                event.aux_mode = "hypothetical"
            if event.aux_mode is None and self._feared(event.claim):
                # "residents fear a repeat of the airstrikes": a feared event has not
                # happened (GUIDELINES conventions: feared attacks are hypothetical)
                event.aux_mode = "hypothetical"
                event.reasons.append(f"hypothetical: feared ('{event.claim.cue}')")
            if event.aux_mode == "hypothetical" and event.claim.status in HEDGEABLE \
                    and not (why or "").startswith("hypothetical: 'would"):
                # an event that would happen only if ..., or that might happen, is not
                # stated as fact by anyone (GUIDELINES.md: "if ... would" is hedged)
                # ("would" alone is left: in narrative it is often the future in the past)
                event.claim.reason = (event.claim.reason + "; " if event.claim.reason else "") + \
                    "hypothetical event"
                event.claim.status = "speculative"
            if event.aux_mode == "future" and (event.claim.reason or "").startswith(SPEECH_ACT) \
                    and self._promise_modal(trig):
                # "we will accept the decision": the promise (threat, demand) is made now,
                # by saying it; its "will" is what makes it one, not a later event
                event.aux_mode = None
                event.reasons.append("not future: a speech act made by saying it")
        return doc

    # -- attribution ---------------------------------------------------------------

    # -- hedges and auxiliary modes ---------------------------------------------------

    def hedge(self, trig, verbal: bool = False) -> str | None:
        """A hedge on the event's own clause makes it speculative.

        ``verbal``: the event is a speech act (an accusation, a demand); as the subject of
        a "would" clause it is a statement already made ("the allegations would give
        credence"), not a scenario.

        A reason starting "possible:" also makes a null aux_mode hypothetical (a feared or
        possible event that has not happened: "possible strikes", "may be targeted").
        """
        for c in trig.children:
            if c.dep_ in ("amod", "compound") and c.lower_ in self.cues.spec_mods:
                if c.lower_ in self.cues.hyp_mods:
                    return f"possible: '{c.text} {trig.text}'"
                return f"hedge '{c.text}'"
        verb = self._clause_verb(trig)
        if verb is not None and verb is not trig and trig.dep_ in ("nsubj", "nsubjpass") \
                and verb.lemma_.lower() not in self.cues.occurrence_verbs:
            verb = None  # "army advances could cut the territory": the cutting is hedged
        for t in (trig, verb):
            if t is None:
                continue
            for c in t.children:
                if c.dep_ == "aux" and c.lower_ in self.cues.counterfactual_modals and \
                        t.tag_ == "VBN" and any(a.dep_ == "aux" and a.lemma_ == "have"
                                                for a in t.children):
                    # "could have killed", "would have attacked": a counterfactual, an
                    # event that did not (or need not) happen (GUIDELINES conventions)
                    return f"possible: counterfactual '{c.text} have {t.text}'"
                if c.dep_ == "aux" and c.lower_ in self.cues.hedges:
                    # modal + bare verb (or passive) is a possible event: "could attack",
                    # "may be targeted"; modal + progressive/perfect is a guess about what
                    # is or was so: "could be putting pressure", "may have killed"
                    bare = t.tag_ == "VB" or t.tag_ == "VBN" and not any(
                        a.dep_ == "aux" and a.lemma_ == "have" for a in t.children)
                    # a noun event in that clause ("could launch an attack", "could
                    # become a showcase for collaboration") is as possible as its verb
                    return f"possible: '{c.text} {t.text}'" if bare \
                        else f"hedge '{c.text}'"
                if c.dep_ == "advmod" and c.lower_ in self.cues.hedges:
                    return f"hedge '{c.text}'"
        # "fears of an offensive", "the risk of a wider war": an event named as the "of"
        # complement of a noun of possibility has not happened
        if trig.dep_ == "pobj" and trig.head.lower_ == "of" and \
                trig.head.head.lemma_.lower() in self.cues.hyp_heads:
            return f"possible: '{trig.head.head.text} of {trig.text}'"
        if trig.dep_ == "pobj" and trig.head.head.pos_ == "ADJ" and \
                trig.head.head.lower_ in self.cues.susceptible_adjs:
            # "vulnerable to Turkish attack", "open to Russian assault": an exposure
            return f"possible: '{trig.head.head.text} {trig.head.text} {trig.text}'"
        if trig.dep_ == "pobj" and trig.head.lower_ == "of" and \
                trig.head.head.lower_ in self.cues.condition_nouns and \
                trig.head.head.dep_ == "pobj" and trig.head.head.head.lower_ in ("in", "for"):
            # "in the event of an attack", "in case of war": a condition
            return f"possible: 'in {trig.head.head.text} of {trig.text}'"
        if not verbal and trig.pos_ == "NOUN" and trig.dep_ in ("nsubj", "nsubjpass") and trig.head.pos_ in (
                "VERB", "AUX") and trig.head.tag_ == "VB" and any(
                    c.dep_ == "aux" and c.lower_ == "would" for c in trig.head.children):
            # "an assault would lead to the displacement of 800,000": the event is the
            # premise of a consequence, a scenario (a verb's own "would" is left to
            # aux_mode: in reported speech it is the future in the past)
            return f"possible: '{trig.text} would {trig.head.text}'"
        # "suggested rewriting the law to make it easier to prosecute": a proposed act
        # (a gerund after a verb of proposing) has not happened
        tok, hops = trig, 0
        while hops < PROPOSAL_HOPS and tok.head != tok and tok.dep_ in (
                "xcomp", "ccomp", "advcl", "conj", "acomp"):
            if tok.dep_ == "xcomp" and tok.tag_ == "VBG" and \
                    tok.head.lemma_.lower() in self.cues.proposal_verbs:
                return f"possible: proposed ('{tok.head.text} {tok.text}')"
            tok, hops = tok.head, hops + 1
        # "signs Moscow could be putting pressure": the clause hangs off a hedge noun
        tok, hops = trig, 0
        while hops < 3 and tok.head != tok:
            if tok.dep_ in ("acl", "ccomp", "relcl") and tok.head.lemma_.lower() in self.cues.spec_heads:
                return f"hedge: clause of '{tok.head.text}'"
            if tok.head.lemma_.lower() in self.cues.spec_verbs and (
                    tok.dep_ == "xcomp" or tok.dep_ == "ccomp" and not any(
                        c.dep_ in ("acomp", "oprd") for c in tok.head.children)):
                return f"hedge '{tok.head.text}'"
            if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.lower_ in self.cues.hedges:
                return f"hedge '{tok.head.text} to'"  # "is likely to press"
            if tok.dep_ not in ("xcomp", "conj", "advcl"):
                break
            tok, hops = tok.head, hops + 1
        return None

    def aux_mode(self, trig) -> tuple[str | None, str | None]:
        """(aux_mode, reason) from the trigger's own clause."""
        chain = [trig]
        tok = trig
        verb = self._clause_verb(trig)
        if verb is not None and verb is not trig and (
                trig.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and (
                    not self._mode_opaque(verb) or trig.dep_ == "nsubjpass" and any(
                        c.dep_ == "xcomp" for c in verb.children))
                or trig.dep_ == "nsubj" and verb.lemma_.lower() in self.cues.occurrence_verbs):
            # "the ceasefire is expected to take effect" (a raising cue's subject),
            # "talks will resume", "the attack did not happen" (a verb of occurrence)
            chain.append(verb)  # "did not launch an attack", "no attack was reported"
            tok = verb
        while (tok.dep_ in ("xcomp", "conj") or tok.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)) \
                and tok.head != tok and len(chain) < 5:
            if tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                break  # a conjoined clause with its own subject does not share the head's mode
            if tok.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ in self.cues.contrast_cc
                                          for c in tok.head.children):
                break  # "does not acknowledge it, but is believed to be supporting ..."
            tok = tok.head
            chain.append(tok)
        # negation
        for t in chain:
            for c in t.children:
                if c.dep_ == "neg" or (c.lower_ in ("never",) and c.dep_ in ("advmod", "neg")):
                    return "negated", f"negated: '{c.text} {t.text}'"
                if c.dep_ == "preconj" and c.lower_ == "neither":
                    # "had neither shelled nor bombed the town" (the "nor" verb climbs here)
                    return "negated", f"negated: 'neither {t.text}'"
                if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lower_ in self.cues.negative_pronouns \
                        and t.pos_ in ("VERB", "AUX"):
                    # "nobody was killed", "none of the soldiers were wounded"
                    return "negated", f"negated: '{c.text} ... {t.text}'"
        if trig.dep_ == "pcomp" and trig.head.lower_ == "from" and \
                trig.head.head.lemma_.lower() in self.cues.preventers:
            return "negated", f"negated: '{trig.head.head.text} ... from {trig.text}'"
        for t in chain:  # "Turkey is yet to offer a safe haven": has not (yet) offered
            if t.dep_ == "xcomp" and t.head.lemma_ == "be" and any(
                    c.dep_ == "advmod" and c.lower_ == "yet" for c in t.head.children) and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                return "negated", f"negated: 'yet to {t.text}'"
        if trig.head.lemma_.lower() in self.cues.xcomp_preventers and trig.dep_ == "xcomp":
            return "negated", f"negated: '{trig.head.text} to {trig.text}'"
        for c in trig.children:  # "no troops were deployed", "neither Britain nor France have"
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(
                    d.dep_ in ("det", "preconj") and d.lower_ in ("no", "neither") for d in c.children):
                return "negated", f"negated: 'no/neither {c.text}'"
            if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "neither":
                return "negated", "negated: 'neither'"
        if trig.pos_ == "NOUN" and any(d.dep_ == "det" and d.lower_ == "no" for d in trig.children):
            return "negated", f"negated: 'no {trig.text}'"
        # hypothetical: a condition, or a modal on a bare verb ("might send", "would join")
        for t in chain:
            for c in t.children:
                if c.dep_ == "mark" and c.lower_ in self.cues.condition_marks:
                    return "hypothetical", f"hypothetical: '{c.text}' clause"
                # the main clause of a conditional: "would attack the town if talks fail"
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                             for m in c.children):
                    return "hypothetical", f"hypothetical: under an '{c.text}' condition"
        aux = [c for c in trig.children if c.dep_ == "aux"]
        aux_words = {c.lower_ for c in aux}
        if aux_words & self.cues.future_aux:
            return "future", f"future: '{next(c.text for c in aux if c.lower_ in self.cues.future_aux)}'"
        perfect = any(c.lemma_ == "have" for c in aux)
        if aux_words & self.cues.hyp_modals and (trig.tag_ == "VB" or (
                trig.tag_ == "VBN" and not perfect)):
            modal = next(c.text for c in aux if c.lower_ in self.cues.hyp_modals)
            # "would" inside reported speech in the past is future-in-the-past
            if modal.lower() == "would" and self._reported_past(trig):
                return "future", "future: reported 'would'"
            return "hypothetical", f"hypothetical: '{modal} {trig.text}'"
        # "intends to prepare", "plans to send", "is set to arrive", "is to suspend"
        for prev, t in zip(chain, chain[1:]):
            if prev.dep_ == "conj":
                continue
            if t.lemma_.lower() in self.cues.future_verbs or (
                    t.lemma_ == "be" and prev.dep_ == "xcomp" and any(
                        c.dep_ == "aux" and c.lower_ == "to" for c in prev.children)):
                if any(c.dep_ == "aux" and c.lower_ in self.cues.hyp_modals for c in t.children):
                    return "hypothetical", f"hypothetical: '{t.text} to {trig.text}'"
                return "future", f"future: '{t.text} to {trig.text}'"
            if any(c.dep_ == "aux" and c.lower_ in self.cues.future_aux for c in t.children):
                return "future", f"future: 'will ... {t.text}'"
        for t in chain:  # "his intention to withdraw", "plans to build a base"
            if t.dep_ in ("acl", "xcomp") and t.head.lemma_.lower() in self.cues.future_nouns \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                return "future", f"future: '{t.head.text} to {t.text}'"
        if trig.pos_ == "NOUN" and trig.dep_ == "pobj" and trig.head.lower_ == "for" and \
                trig.head.head.lemma_.lower() in self.cues.schedule_nouns:
            # "the initial timetable for US withdrawal", "preparations for talks"
            return "future", f"future: '{trig.head.head.text} for {trig.text}'"
        if trig.pos_ == "NOUN" and trig.dep_ == "dobj" and \
                trig.head.lemma_.lower() in self.cues.directive_verbs:
            # "Trump has ordered the withdrawal of troops": an ordered or announced act
            # is still to come when the order is given
            return "future", f"future: '{trig.head.text} the {trig.text}'"
        for c in trig.children:  # "planned talks", "the upcoming visit"
            if c.dep_ in ("amod", "compound") and c.lower_ in self.cues.future_mods:
                return "future", f"future: '{c.text} {trig.text}'"
        return None, None

    def _own_side(self, claimant, event) -> bool:
        """The claimant speaks for (one of) the event's actors: the same phrase or name,
        or the same country."""
        if claimant is None:
            return False
        return any(self._same_party(claimant, a) or a.text.lower() in SPEAKER_PRONOUNS or (
            claimant.country is not None and claimant.country == a.country) for a in event.actors)

    def _mode_opaque(self, verb) -> bool:
        """A verb whose negation or modality is its own, not its object event's: a cue
        ("did not confirm the strike", "would not comment on the raid") or a verb acting
        on an event ("has not stopped the fighting", "did not condemn the attack"). A
        light verb ("did not launch an attack") passes its mode on to the noun."""
        lemma = verb.lemma_.lower()
        return lemma in self.cues.verbs or lemma in self.cues.negation_opaque_verbs

    def _feared(self, claim) -> bool:
        """The claim's cue is a verb of fearing ("fear", "worry"), active or passive."""
        cue = (claim.cue or "").lower().split(" ... ")[-1]
        return claim.status == "speculative" and any(
            cue.startswith(v) for v, st in self.cues.verbs.items() if st == "speculative")

    def _promise_modal(self, trig) -> bool:
        """A "will"/"would" on the event's clause: the form of a promise or threat
        ("we will accept", "it would continue to attack"); "plans to", "is likely to"
        state an intention instead, which stays future."""
        words = self.cues.future_aux | {"would"}
        verb = self._clause_verb(trig) or trig
        return any(c.dep_ == "aux" and c.lower_ in words for t in (trig, verb) for c in t.children)

    @staticmethod
    def _reported_past(trig) -> bool:
        tok = trig
        for _ in range(4):
            if tok.dep_ == "ccomp" and tok.head.tag_ in ("VBD", "VBN"):
                return True
            if tok.head == tok:
                break
            tok = tok.head
        return False


def make_claims(settings: Settings) -> ClaimStage:
    return ClaimStage(settings)
