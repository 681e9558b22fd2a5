"""Who says so, and how sure: attribution, epistemic status and PLOVER's auxiliary modes.

For each mention, walking up the parse from its trigger:

1. Attribution. An "according to X" phrase, an "as reported by X" clause, or a
   reporting/cognition verb whose complement holds the trigger ("Ukraine said troops
   ...", "... it believes Belarus is ..."). The innermost attribution is the claimant;
   outer ones form the chain ("Reuters reported that Ukraine said ...").
2. Status from the cue: reporting verbs -> reported, claim verbs -> claimed,
   cognition verbs -> assessed, denial verbs -> denied. A hedge on the event's own
   clause ("could", "signs that") makes it speculative. A party claiming its own
   material-conflict action is "claimed" (self-serving, unverified).
3. Auxiliary mode from the event's own clause: negation (a "not" on the trigger, or a
   trigger kept/prevented "from" happening), future ("will", "intends to",
   reported "would"), hypothetical ("if", or a modal on a bare verb: "might send").
   Historical is decided later from the event's date (``finalize``).

Cue vocabularies live in ``data/attribution_cues.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .actors import ActorDictionary
from .document import CLAIMS, EVENTS, PARSE, Actor, Claim, Document, EventMention
from .nlp import token_at
from .settings import Settings

# How far up the parse an attribution verb may govern the trigger (clauses, not words).
MAX_HOPS = 8
CLAIMANT_KINDS_BY_SECTOR = {"GOV": "government", "MIL": "military", "COP": "government",
                            "LEG": "government", "JUD": "government", "IGO": "igo",
                            "NGO": "ngo", "MED": "media", "REB": "party", "INS": "party",
                            "CVL": "witness", "OPP": "party", "PTY": "party"}
ANONYMOUS_HEADS = {"official", "source", "diplomat", "observer", "analyst", "expert", "witness",
                   "resident", "people", "person", "activist", "report", "medium", "insider",
                   "aide", "spokesman", "spokeswoman", "spokesperson", "officer", "commander"}
MATERIAL_CONFLICT = {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


@dataclass(frozen=True)
class Cues:
    verbs: dict[str, str]  # lemma -> status
    hedges: frozenset[str]
    spec_heads: frozenset[str]
    spec_verbs: frozenset[str]
    claimed_adv: frozenset[str]
    reported_adv: frozenset[str]
    future_aux: frozenset[str]
    future_verbs: frozenset[str]
    negators: frozenset[str]
    preventers: frozenset[str]
    condition_marks: frozenset[str]
    hyp_modals: frozenset[str]


@lru_cache(maxsize=2)
def load_cues(path: str) -> Cues:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    verbs: dict[str, str] = {}
    for status in ("reported", "claimed", "assessed", "denied"):
        for lemma in raw[status]:
            verbs.setdefault(lemma, status)
    f = lambda k: frozenset(raw[k])  # noqa: E731
    return Cues(verbs, f("speculative_hedges"), f("speculative_heads"), f("speculative_verbs"),
                f("claimed_adverbs"), f("reported_adverbs"), f("future_aux"), f("future_verbs"),
                f("negators"), f("preventers"), f("condition_marks"), f("hypothetical_modals"))


class ClaimStage:
    name = "claims"
    requires = (EVENTS, PARSE)
    assigns = (CLAIMS,)

    def __init__(self, settings: Settings, *, actors: ActorDictionary | None = None) -> None:
        self.cues = load_cues(str(settings.data_dir / "attribution_cues.json"))
        self.actors = actors or ActorDictionary.load(settings)

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.parsed
        for event in doc.events:
            trig = token_at(sdoc, event.trigger.start, event.trigger.end)
            if trig is None:
                continue
            event.claim = self.attribute(doc, trig, event)
            event.aux_mode, why = self.aux_mode(trig)
            if why:
                event.reasons.append(why)
            hedge = self.hedge(trig)
            if hedge and event.claim.status in ("asserted", "reported", "assessed"):
                event.claim.reason = (event.claim.reason + "; " if event.claim.reason else "") + hedge
                event.claim.status = "speculative"
        return doc

    # -- attribution ---------------------------------------------------------------

    def attribute(self, doc: Document, trig, event: EventMention) -> Claim:
        found: list[tuple[Actor, str, str]] = []  # (claimant, cue, status), innermost first
        on_date = (doc.published or "")[:10] or None
        sent = trig.sent
        tok, hops = trig, 0
        while hops < MAX_HOPS:
            self._attached_cues(doc, tok, on_date, found)
            head = tok.head
            if head == tok:
                break
            if tok.dep_ in ("ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp",
                            "parataxis") or head.pos_ in ("VERB", "AUX"):
                lemma = head.lemma_.lower()
                status = self.cues.verbs.get(lemma)
                if status and tok.dep_ in ("ccomp", "xcomp", "conj", "parataxis", "dobj", "advcl") \
                        and not (tok.dep_ == "xcomp" and status != "denied"):
                    speaker = self._subject(head)
                    if speaker is not None:
                        claimant = self._claimant(doc, speaker, on_date)
                        if claimant is not None:
                            found.append((claimant, head.text, status))
            tok, hops = head, hops + 1
        # a reporting verb that is the root with the event clause as its parataxis/ccomp
        root = sent.root
        if root.lemma_.lower() in self.cues.verbs and trig != root \
                and not any(c[1] == root.text for c in found) and trig in root.subtree \
                and not self._under_own_subject(trig, root):
            speaker = self._subject(root)
            if speaker is not None:
                claimant = self._claimant(doc, speaker, on_date)
                if claimant is not None:
                    found.append((claimant, root.text, self.cues.verbs[root.lemma_.lower()]))
        for tok in sent:  # sentence-level "according to X" not on the trigger's path
            if tok.lower_ == "according" and not any(c[1].startswith("according") for c in found):
                self._according(doc, tok, on_date, found)
        # an actor of the event claiming it is the actor's own word, not a third party's
        if not found:
            for adv in (c for c in trig.children if c.dep_ == "advmod"):
                if adv.lower_ in self.cues.claimed_adv:
                    return Claim(status="claimed", cue=adv.text, reason=f"'{adv.text}'")
                if adv.lower_ in self.cues.reported_adv:
                    return Claim(status="reported", cue=adv.text, reason=f"'{adv.text}'")
            return Claim(status="asserted")
        # "ISW said it believes ...": a pronoun speaker is the outer speaker; keep the
        # inner cue's status (assessed) and the outer claimant
        while len(found) > 1 and found[0][0].kind == "pronoun":
            inner = found.pop(0)
            found[0] = (found[0][0], f"{found[0][1]} ... {inner[1]}", inner[2])
        claimant, cue, status = found[0]
        chain = [c[0] for c in found[1:]][::-1]
        reason = f"cue '{cue}'"
        if status == "reported" and self._self_serving(claimant, event):
            status = "claimed"
            reason += "; a party's claim about its own or its enemy's conflict action"
        # "the ministry announced that troops will arrive, as reported by BelTA": the
        # announcer became the actor, so the outer source is who reports it
        if any(_same_party(claimant, a) for a in event.actors) and len(found) > 1:
            claimant, cue, status = found[1]
            chain = [c[0] for c in found[2:]][::-1] + [found[0][0]]
            reason = f"cue '{cue}' (the inner speaker is the event's own actor)"
        return Claim(status=status, claimant=claimant, cue=cue, chain=chain, reason=reason)

    def _attached_cues(self, doc, tok, on_date, found) -> None:
        for child in tok.children:
            if child.lower_ == "according":
                self._according(doc, child, on_date, found)
            # "as reported by BelTA": an advcl "reported" with a "by" agent
            elif child.dep_ == "advcl" and child.lemma_.lower() in self.cues.verbs:
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                        claimant = self._claimant(doc, pobj, on_date)
                        if claimant is not None:
                            cue = "as " + child.text + " by" if any(
                                c.lower_ == "as" for c in child.children) else child.text + " by"
                            found.append((claimant, cue, self.cues.verbs[child.lemma_.lower()]))

    def _according(self, doc, tok, on_date, found) -> None:
        for to in (c for c in tok.children if c.lower_ == "to"):
            for pobj in (c for c in to.children if c.dep_ == "pobj"):
                claimant = self._claimant(doc, pobj, on_date)
                if claimant is not None and not any(_same_span(claimant, c[0]) for c in found):
                    found.append((claimant, "according to", "reported"))

    @staticmethod
    def _subject(verb):
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
        for c in verb.children:  # "as reported by X" / passive "it was announced by X"
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        return None

    @staticmethod
    def _under_own_subject(trig, root) -> bool:
        """True when the trigger sits inside the root's own subject phrase."""
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subj is not None and trig in subj.subtree

    def _claimant(self, doc: Document, head, on_date) -> Actor | None:
        from .events.arguments import np_tokens

        if head.lower_ in ("it", "he", "she", "they", "we", "i"):
            # "X said it believes ...": the pronoun is the outer verb's speaker, merged
            # with it in attribute(); alone it stays a pronoun claimant
            return Actor(text=head.text, start=head.idx, end=head.idx + len(head.text),
                         name=None, kind="pronoun", reason="pronoun claimant; see chain")
        toks = np_tokens(head)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = doc.text[start:end]
        res = self.actors.resolve(text, on_date=on_date)
        actor = Actor(text=text, start=start, end=end)
        if res is not None:
            actor.name, actor.country, actor.sector, actor.qid = res.name, res.country, res.sector, res.qid
            actor.kind = res.kind or CLAIMANT_KINDS_BY_SECTOR.get(res.sector or "", None)
            actor.reason = res.reason
        if actor.kind is None:
            lemma = head.lemma_.lower()
            if lemma in ANONYMOUS_HEADS and head.ent_type_ == "":
                actor.kind = "anonymous" if lemma in ("source", "official", "insider", "aide") \
                    else "witness" if lemma in ("resident", "witness", "people", "person") \
                    else "analyst" if lemma in ("observer", "analyst", "expert") else "anonymous"
            elif head.ent_type_ == "PERSON":
                actor.kind = "person"
            elif head.ent_type_ in ("GPE",):
                actor.kind = "government"
            elif head.ent_type_ == "ORG":
                actor.kind = "organisation"
        if actor.name is None:
            actor.name = text if head.pos_ == "PROPN" else None
        return actor

    def _self_serving(self, claimant: Actor, event: EventMention) -> bool:
        if event.event_type not in MATERIAL_CONFLICT or not claimant.country:
            return False
        parties = event.actors + event.recipients
        return claimant.kind in ("government", "military", "party") and any(
            p.country == claimant.country for p in parties) and event.event_type == "ASSAULT"

    # -- hedges and auxiliary modes ---------------------------------------------------

    def hedge(self, trig) -> str | None:
        """A hedge on the event's own clause makes it speculative."""
        for c in trig.children:
            if c.dep_ == "aux" and c.lower_ in self.cues.hedges:
                return f"hedge '{c.text}'"
            if c.dep_ == "advmod" and c.lower_ in self.cues.hedges:
                return f"hedge '{c.text}'"
        # "signs Moscow could be putting pressure": the clause hangs off a hedge noun
        tok, hops = trig, 0
        while hops < 3 and tok.head != tok:
            if tok.dep_ in ("acl", "ccomp", "relcl") and tok.head.lemma_.lower() in self.cues.spec_heads:
                return f"hedge: clause of '{tok.head.text}'"
            if tok.head.lemma_.lower() in self.cues.spec_verbs and tok.dep_ in ("xcomp", "ccomp"):
                return f"hedge '{tok.head.text}'"
            if tok.dep_ not in ("xcomp", "conj", "advcl"):
                break
            tok, hops = tok.head, hops + 1
        return None

    def aux_mode(self, trig) -> tuple[str | None, str | None]:
        """(aux_mode, reason) from the trigger's own clause."""
        chain = [trig]
        tok = trig
        while tok.dep_ in ("xcomp", "conj") and tok.head != tok and len(chain) < 4:
            tok = tok.head
            chain.append(tok)
        # negation
        for t in chain:
            for c in t.children:
                if c.dep_ == "neg" or (c.lower_ in ("never",) and c.dep_ in ("advmod", "neg")):
                    return "negated", f"negated: '{c.text} {t.text}'"
        if trig.dep_ == "pcomp" and trig.head.lower_ == "from" and \
                trig.head.head.lemma_.lower() in self.cues.preventers:
            return "negated", f"negated: '{trig.head.head.text} ... from {trig.text}'"
        if trig.head.lemma_.lower() in self.cues.preventers and trig.dep_ == "xcomp":
            return "negated", f"negated: '{trig.head.text} to {trig.text}'"
        for c in trig.children:  # "no troops were deployed"
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(
                    d.dep_ == "det" and d.lower_ == "no" for d in c.children):
                return "negated", f"negated: 'no {c.text}'"
        if trig.pos_ == "NOUN" and any(d.dep_ == "det" and d.lower_ == "no" for d in trig.children):
            return "negated", f"negated: 'no {trig.text}'"
        # hypothetical: a condition, or a modal on a bare verb ("might send", "would join")
        for t in chain:
            for c in t.children:
                if c.dep_ == "mark" and c.lower_ in self.cues.condition_marks:
                    return "hypothetical", f"hypothetical: '{c.text}' clause"
        aux = [c for c in trig.children if c.dep_ == "aux"]
        aux_words = {c.lower_ for c in aux}
        if aux_words & self.cues.future_aux:
            return "future", f"future: '{next(c.text for c in aux if c.lower_ in self.cues.future_aux)}'"
        if aux_words & self.cues.hyp_modals and trig.tag_ == "VB":
            modal = next(c.text for c in aux if c.lower_ in self.cues.hyp_modals)
            # "would" inside reported speech in the past is future-in-the-past
            if modal.lower() == "would" and self._reported_past(trig):
                return "future", "future: reported 'would'"
            return "hypothetical", f"hypothetical: '{modal} {trig.text}'"
        if aux_words & self.cues.hyp_modals and trig.tag_ == "VBN" and "would" in aux_words \
                and self._reported_past(trig):
            return "future", "future: reported 'would'"
        # "intends to prepare", "plans to send", "is set to arrive"
        for t in chain[1:]:
            if t.lemma_.lower() in self.cues.future_verbs:
                if any(c.dep_ == "aux" and c.lower_ in self.cues.hyp_modals for c in t.children):
                    return "hypothetical", f"hypothetical: '{t.text} to {trig.text}'"
                return "future", f"future: '{t.text} to {trig.text}'"
            if any(c.dep_ == "aux" and c.lower_ in self.cues.future_aux for c in t.children):
                return "future", f"future: 'will ... {t.text}'"
        return None, None

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


def _same_span(a: Actor, b: Actor) -> bool:
    return a.start == b.start and a.end == b.end


def _same_party(a: Actor, b: Actor) -> bool:
    return _same_span(a, b) or (a.name is not None and a.name == b.name)


def make_claims(settings: Settings) -> ClaimStage:
    return ClaimStage(settings)
