"""Who says so, and how sure: attribution, epistemic status and PLOVER's auxiliary modes.

For each mention, walking up the parse from its trigger:

1. Attribution. An "according to X" phrase, an "as reported by X" clause, or a
   reporting/cognition verb whose complement holds the trigger ("Ukraine said troops
   ...", "... it believes Belarus is ...", "diplomats are skeptical that ..."). The
   innermost attribution is the claimant; outer ones form the chain ("Reuters reported
   that Ukraine said ..."). A clause introduced by "as", "while", "when", ... is not the
   content of the verb it hangs off ("X said ..., as he lambasted Y"). A passive cue with
   no named source ("is believed to", "is expected to") gives a status and no claimant.
2. Quotations. The stage sees the whole Document, so it tracks quotation marks across
   sentences: a trigger inside a quotation whose speaker is named outside the sentence
   gets status ``reported``, no claimant (the claimant is what *this* sentence names) and
   the speaker in ``chain``; a speaker named in the same sentence is the claimant.
3. Speech acts. When the claimant is the event's own actor and the event is a verbal act
   (a demand, accusation, promise, ...), the saying *is* the event: no claimant, asserted.
4. Status from the cue: reporting verbs -> reported, claim verbs -> claimed, cognition
   verbs -> assessed, denial verbs -> denied. A hedge on the event's own clause ("could",
   "signs that", "possible strikes") makes it speculative. A party to a conflict reporting
   an attack (its own or its enemy's) is "claimed" (self-serving, unverified);
   "allegedly"/"alleged" makes any source's report a claim.
5. Auxiliary mode from the event's own clause: negation (a "not" on the trigger, "no
   X", "neither ... nor", a trigger kept/prevented "from" happening), hypothetical ("if",
   or a modal on the verb: "might send", "may be targeted", "possible strikes"), future
   ("will", "intends to", "is to", reported "would", "planned talks"). Historical is
   decided later from the event's date (``finalize``).

Cue vocabularies live in ``data/attribution_cues.json``. Check changes with
``python -m tripwire.claims_eval --split dev`` and ``tests/test_seed.py``.
"""

from __future__ import annotations

import bisect
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
# How far up from a noun trigger to look for the verb of its clause ("showcase for
# military collaboration" -> "become"); three steps cover prep/pobj/attr chains.
NOUN_CLAUSE_HOPS = 3
# A quotation left open runs at most this many characters (a few paragraphs) before we
# stop treating later text as quoted; guards against a stray unmatched quote mark.
MAX_QUOTE_CHARS = 2000
CLAIMANT_KINDS_BY_SECTOR = {"GOV": "government", "MIL": "military", "COP": "government",
                            "LEG": "government", "JUD": "government", "IGO": "igo",
                            "NGO": "ngo", "MED": "media", "REB": "party", "INS": "party",
                            "CVL": "witness", "OPP": "party", "PTY": "party"}
ANONYMOUS_HEADS = {"official", "source", "diplomat", "observer", "analyst", "expert", "witness",
                   "resident", "people", "person", "activist", "report", "medium", "insider",
                   "aide", "spokesman", "spokeswoman", "spokesperson", "officer", "commander"}
PRONOUNS = {"it", "he", "she", "they", "we", "i"}
# Pronoun actors of a reported clause taken to be the speaker ("Israel said it would ...");
# "they" is left out: it refers to someone else as often as to the speaker.
SPEAKER_PRONOUNS = {"it", "he", "she", "we", "i"}
# Dependencies by which a clause can be the content of the verb above it.
CONTENT_DEPS = {"ccomp", "xcomp", "parataxis", "dobj", "advcl", "oprd"}
# Noun-phrase dependencies to climb from a noun trigger to the verb of its clause.
NOUN_UP_DEPS = {"pobj", "prep", "dobj", "attr", "nsubj", "nsubjpass", "compound", "appos",
                "npadvmod", "poss", "oprd"}


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


@lru_cache(maxsize=2)
def load_cues(path: str) -> Cues:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    verbs: dict[str, str] = {}
    for status in ("reported", "claimed", "assessed", "denied"):
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
                t("quote_open"), t("quote_close"), t("quote_toggle"))


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
                regions.append((open_at, pos))
            open_at = pos + length
        elif open_at is not None:
            regions.append((open_at, pos))
            open_at = None
    if open_at is not None:
        regions.append((open_at, min(n, open_at + MAX_QUOTE_CHARS)))
    return [(s, min(e, s + MAX_QUOTE_CHARS)) for s, e in regions]


class ClaimStage:
    name = "claims"
    requires = (EVENTS, PARSE)
    assigns = (CLAIMS,)

    def __init__(self, settings: Settings, *, actors: ActorDictionary | None = None) -> None:
        self.cues = load_cues(str(settings.data_dir / "attribution_cues.json"))
        self.actors = actors or ActorDictionary.load(settings)

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.parsed
        regions = quote_regions(doc.text, self.cues) if doc.events else []
        starts = [r[0] for r in regions]
        for event in doc.events:
            trig = token_at(sdoc, event.trigger.start, event.trigger.end)
            if trig is None:
                continue
            region = _region_at(regions, starts, event.trigger.start)
            event.claim = self.attribute(doc, trig, event, region)
            event.aux_mode, why = self.aux_mode(trig)
            if why:
                event.reasons.append(why)
            hedge = self.hedge(trig)
            if hedge and event.claim.status in ("asserted", "reported", "assessed"):
                event.claim.reason = (event.claim.reason + "; " if event.claim.reason else "") + hedge
                event.claim.status = "speculative"
            if event.aux_mode is None and hedge and hedge.startswith("possible:"):
                event.aux_mode = "hypothetical"
        return doc

    # -- attribution ---------------------------------------------------------------

    def attribute(self, doc: Document, trig, event: EventMention,
                  region: tuple[int, int] | None = None) -> Claim:
        found: list[tuple[Actor, str, str]] = []  # (claimant, cue, status), innermost first
        passive: tuple[str, str] | None = None  # (cue, status) with no named source
        on_date = (doc.published or "")[:10] or None
        sent = trig.sent
        tok, hops = trig, 0
        while hops < MAX_HOPS:
            self._attached_cues(doc, tok, on_date, found)
            head = tok.head
            if head == tok or self._not_content(tok):
                break
            if tok.dep_ in ("ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp",
                            "parataxis", "oprd") or head.pos_ in ("VERB", "AUX", "ADJ"):
                lemma = head.lemma_.lower()
                status = self.cues.verbs.get(lemma)
                verb, cue_word = head, head.text
                if head.pos_ == "ADJ" and lemma in self.cues.adjectives and tok.dep_ == "ccomp":
                    status = "assessed"  # "diplomats have been skeptical that ..."
                    verb = head.head if head.dep_ == "acomp" else head
                is_passive = head.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in head.children)
                if status and tok.dep_ in CONTENT_DEPS and not (
                        tok.dep_ == "xcomp" and status != "denied" and not is_passive):
                    speaker = self._agent(verb) if is_passive else self._subject(verb)
                    if speaker is not None and speaker.dep_ != "nsubjpass":
                        claimant = self._claimant(doc, speaker, on_date)
                        if claimant is not None:
                            found.append((claimant, cue_word, status))
                    elif passive is None and is_passive and lemma in self.cues.passive:
                        passive = (cue_word, self.cues.passive[lemma])
            tok, hops = head, hops + 1
        # a reporting verb that is the root with the event clause as its parataxis/ccomp
        root = sent.root
        if root.lemma_.lower() in self.cues.verbs and trig != root \
                and not any(c[1] == root.text for c in found) and trig in root.subtree \
                and not self._under_own_subject(trig, root) and not self._blocked(trig, root):
            speaker = self._subject(root)
            if speaker is not None and speaker.dep_ != "nsubjpass":
                claimant = self._claimant(doc, speaker, on_date)
                if claimant is not None:
                    found.append((claimant, root.text, self.cues.verbs[root.lemma_.lower()]))
        for tok in sent:  # sentence-level "according to X" not on the trigger's path
            if tok.lower_ == "according" and not any(c[1].startswith("according") for c in found):
                self._according(doc, tok, on_date, found)
        marker = self._marker(trig)
        if not found:
            quoted = self._quoted(doc, trig, event, region, on_date)
            if quoted is not None:
                return quoted
            if marker:
                return Claim(status=marker[1], cue=marker[0], reason=f"'{marker[0]}'")
            if passive:
                return Claim(status=passive[1], cue=passive[0],
                             reason=f"passive '{passive[0]}' with no named source")
            return Claim(status="asserted")
        # "ISW said it believes ...": a pronoun speaker is the outer speaker; keep the
        # inner cue's status (assessed) and the outer claimant
        while len(found) > 1 and found[0][0].kind == "pronoun" and \
                found[0][0].text.lower() not in self.cues.first_person:
            inner = found.pop(0)
            found[0] = (found[0][0], f"{found[0][1]} ... {inner[1]}", inner[2])
        claimant, cue, status = found[0]
        chain = [c[0] for c in found[1:]][::-1]
        reason = f"cue '{cue}'"
        # "the ministry announced that troops will arrive, as reported by BelTA": the
        # announcer became the actor, so the outer source is who reports it
        if len(found) > 1 and any(self._same_party(claimant, a) for a in event.actors):
            claimant, cue, status = found[1]
            chain = [c[0] for c in found[2:]][::-1] + [found[0][0]]
            reason = f"cue '{cue}' (the inner speaker is the event's own actor)"
        elif len(found) == 1 and self._speech_act(trig, claimant, event):
            # "hamid said the prime minister should invite ...": the saying is the event
            return Claim(status="asserted", cue=cue, chain=[],
                         reason=f"speech act by its own speaker (cue '{cue}')")
        if status == "reported" and self._self_serving(claimant, event):
            status = "claimed"
            reason += "; a party's claim about its own or its enemy's conflict action"
        if marker and marker[1] == "claimed" and status in ("reported", "assessed"):
            status = "claimed"
            reason += f"; '{marker[0]}'"
        return Claim(status=status, claimant=claimant, cue=cue, chain=chain, reason=reason)

    def _marker(self, trig) -> tuple[str, str] | None:
        """(word, status) of "allegedly"/"reportedly" on the trigger or "alleged" on a noun."""
        for c in trig.children:
            if c.dep_ == "advmod" and c.lower_ in self.cues.claimed_adv:
                return c.text, "claimed"
            if c.dep_ == "advmod" and c.lower_ in self.cues.reported_adv:
                return c.text, "reported"
            if c.dep_ in ("amod", "compound") and c.lower_ in self.cues.claimed_mods:
                return c.text, "claimed"
        verb = self._clause_verb(trig)
        if verb is not trig and verb is not None:
            for c in verb.children:
                if c.dep_ == "advmod" and c.lower_ in self.cues.claimed_adv:
                    return c.text, "claimed"
                if c.dep_ == "advmod" and c.lower_ in self.cues.reported_adv:
                    return c.text, "reported"
        return None

    def _quoted(self, doc, trig, event, region, on_date) -> Claim | None:
        """Step 2 of the module docstring: a trigger inside a quotation."""
        if region is None:
            return None
        speaker = self._quote_speaker(doc, region)
        sent = trig.sent
        if speaker is not None and sent.start <= speaker.i < sent.end:
            claimant = self._claimant(doc, speaker, on_date)
            if claimant is not None:
                if self._speech_act(trig, claimant, event):
                    return Claim(status="asserted", cue="quotation",
                                 reason="speech act quoted from its own speaker")
                status = "claimed" if self._self_serving(claimant, event) else "reported"
                return Claim(status=status, claimant=claimant, cue="quotation",
                             reason=f"inside a quotation attributed to '{claimant.text}'")
        chain = []
        if speaker is not None:
            outer = self._claimant(doc, speaker, on_date)
            if outer is not None:
                chain = [outer]
        return Claim(status="reported", cue="quotation", chain=chain,
                     reason="inside a quotation whose speaker is named in another sentence"
                     if chain else "inside a quotation with no named speaker")

    def _quote_speaker(self, doc, region):
        """The subject of a reporting verb just outside the quotation, in the sentence
        where it closes (", he said.") or else where it opens ("X said: ...")."""
        sdoc = doc.parsed
        start, end = region
        for at in (end, start - 1):
            if at < 0 or at >= len(doc.text):
                continue
            span = sdoc.char_span(at, min(at + 1, len(doc.text)), alignment_mode="expand")
            if span is None or not len(span):
                continue
            for tok in span[0].sent:
                if start <= tok.idx < end or tok.lemma_.lower() not in self.cues.verbs:
                    continue
                if self.cues.verbs[tok.lemma_.lower()] != "reported" and tok.lemma_.lower() not in ("claim", "insist", "assert"):
                    continue
                speaker = self._subject(tok)
                if speaker is not None and not (start <= speaker.idx < end):
                    return speaker
        return None

    def _not_content(self, tok) -> bool:
        """Step 1: what hangs off a reporting verb without being what was reported.

        A clause opened by "as"/"while"/"when"...; a participle clause with no "that"
        ("Recalling the events of 1992, the leader said ..."); a presupposed fact after
        "for"/"after"/"despite" ("said the US would lose for withdrawing").
        """
        if tok.dep_ == "advcl":
            marks = [c.lower_ for c in tok.children if c.dep_ == "mark"]
            if any(m in self.cues.non_content_marks for m in marks):
                return True
            if not marks and tok.tag_ in ("VBG", "VBN") and tok.i < tok.head.i:
                return True
        return tok.dep_ == "pcomp" and tok.head.lower_ in self.cues.presupposing_preps

    def _blocked(self, trig, root) -> bool:
        """The trigger's clause is not the root verb's content: an "as/while" clause on
        the way, or a clause co-ordinated with the reporting verb itself ("Iran does not
        acknowledge X but is believed to ...")."""
        tok = trig
        while tok != root and tok.head != tok:
            if self._not_content(tok) or (tok.head == root and tok.dep_ == "conj"):
                return True
            tok = tok.head
        return False

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
        for _ in range(3):  # "welcomed ... and declared": a conjoined verb shares the subject
            if any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children) \
                    or verb.dep_ != "conj" or verb.head == verb:
                break
            verb = verb.head
        for c in verb.children:
            if c.dep_ in ("nsubj",):
                return c
        for c in verb.children:  # "as reported by X" / passive "it was announced by X"
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                return c
        return None

    @staticmethod
    def _agent(verb):
        """The "by X" of a passive cue ("it is believed by analysts that ...")."""
        for c in verb.children:
            if c.dep_ == "agent":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        return None

    @staticmethod
    def _under_own_subject(trig, root) -> bool:
        """True when the trigger sits inside the root's own subject phrase."""
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subj is not None and trig in subj.subtree

    def _claimant(self, doc: Document, head, on_date) -> Actor | None:
        from .events.arguments import np_tokens

        if head.lower_ in PRONOUNS:
            # "X said it believes ...": the pronoun is the outer verb's speaker, merged
            # with it in attribute(); alone it stays a pronoun claimant
            return Actor(text=head.text, start=head.idx, end=head.idx + len(head.text),
                         name=None, kind="pronoun", reason="pronoun claimant; see chain")
        toks = np_tokens(head)
        # drop stray quote marks and a letters-page byline before a bullet
        cut = max((k + 1 for k, t in enumerate(toks) if t.i < head.i and t.text in ("•", "|")), default=0)
        toks = toks[cut:]
        while len(toks) > 1 and toks[0] != head and (toks[0].is_punct or "â€" in toks[0].text):
            toks = toks[1:]
        # "Israel, unwilling to tolerate ..., said": a comma or bracket after the head
        # ends the name unless an apposition follows ("the secretary, James Mattis")
        appos = {t.i for c in head.children if c.dep_ == "appos" for t in c.subtree}
        for k, t in enumerate(toks):
            if t.i > head.i and t.text in (",", "(", "[") and (
                    k + 1 >= len(toks) or toks[k + 1].i not in appos):
                toks = toks[:k]
                break
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

    def _speech_act(self, trig, claimant: Actor, event: EventMention) -> bool:
        """Step 3: the speaker's own demand, threat or promise, made by saying it.

        A verbal event whose actor is the speaker (or a pronoun standing for them) and
        whose clause is not a report of a past act: "he said India should invite ...",
        "Israel said it would continue to attack"; but "he said they had asked ..." reports
        a past request, so the speaker stays the claimant.
        """
        if event.event_type not in self.cues.speech_act_types:
            return False
        if not any(self._same_party(claimant, a) or a.text.lower() in SPEAKER_PRONOUNS
                   for a in event.actors):
            return False
        verb = self._clause_verb(trig) or trig
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(c.lemma_ == "have" for c in aux) or (verb.tag_ == "VBD" and not aux):
            return False
        return True

    def _same_party(self, claimant: Actor, actor: Actor) -> bool:
        if claimant.start < actor.end and actor.start < claimant.end:
            return True
        if claimant.name is not None and claimant.name == actor.name:
            return True
        # "we"/"I" inside a quote is its speaker
        return actor.text.strip("“\"'â€œ ").lower() in self.cues.first_person

    def _self_serving(self, claimant: Actor, event: EventMention) -> bool:
        """A party to a conflict reporting an attack: its own or its enemy's (step 4)."""
        if event.event_type not in self.cues.self_serving_types:
            return False
        low = claimant.text.lower()
        if any(w in low for w in self.cues.state_media):
            return True
        return claimant.sector in self.cues.party_sectors

    # -- hedges and auxiliary modes ---------------------------------------------------

    def _clause_verb(self, trig):
        """The trigger itself, or for a noun trigger the verb of its clause."""
        if trig.pos_ in ("VERB", "AUX"):
            return trig
        tok = trig
        for _ in range(NOUN_CLAUSE_HOPS):
            if tok.dep_ not in NOUN_UP_DEPS or tok.head == tok:
                return None
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                return tok
        return None

    def hedge(self, trig) -> str | None:
        """A hedge on the event's own clause makes it speculative.

        A reason starting "possible:" also makes a null aux_mode hypothetical (a feared or
        possible event that has not happened: "possible strikes", "may be targeted").
        """
        for c in trig.children:
            if c.dep_ in ("amod", "compound") and c.lower_ in self.cues.spec_mods:
                if c.lower_ in self.cues.hyp_mods:
                    return f"possible: '{c.text} {trig.text}'"
                return f"hedge '{c.text}'"
        for t in (trig, self._clause_verb(trig)):
            if t is None:
                continue
            for c in t.children:
                if c.dep_ == "aux" and c.lower_ in self.cues.hedges:
                    # modal + bare verb (or passive) is a possible event: "could attack",
                    # "may be targeted"; modal + progressive/perfect is a guess about what
                    # is or was so: "could be putting pressure", "may have killed"
                    bare = t.tag_ == "VB" or t.tag_ == "VBN" and not any(
                        a.dep_ == "aux" and a.lemma_ == "have" for a in t.children)
                    return f"possible: '{c.text} {t.text}'" if bare and t is trig \
                        else f"hedge '{c.text}'"
                if c.dep_ == "advmod" and c.lower_ in self.cues.hedges:
                    return f"hedge '{c.text}'"
        # "signs Moscow could be putting pressure": the clause hangs off a hedge noun
        tok, hops = trig, 0
        while hops < 3 and tok.head != tok:
            if tok.dep_ in ("acl", "ccomp", "relcl") and tok.head.lemma_.lower() in self.cues.spec_heads:
                return f"hedge: clause of '{tok.head.text}'"
            if tok.head.lemma_.lower() in self.cues.spec_verbs and (
                    tok.dep_ == "xcomp" or tok.dep_ == "ccomp" and not any(
                        c.dep_ == "acomp" for c in tok.head.children)):
                return f"hedge '{tok.head.text}'"
            if tok.dep_ not in ("xcomp", "conj", "advcl"):
                break
            tok, hops = tok.head, hops + 1
        return None

    def aux_mode(self, trig) -> tuple[str | None, str | None]:
        """(aux_mode, reason) from the trigger's own clause."""
        chain = [trig]
        tok = trig
        verb = self._clause_verb(trig)
        if verb is not None and verb is not trig and trig.dep_ in ("dobj", "attr", "nsubjpass", "oprd"):
            chain.append(verb)  # "did not launch an attack", "no attack was reported"
            tok = verb
        while (tok.dep_ in ("xcomp", "conj") or tok.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)) \
                and tok.head != tok and len(chain) < 5:
            if tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                break  # a conjoined clause with its own subject does not share the head's mode
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
        for c in trig.children:  # "planned talks", "the upcoming visit"
            if c.dep_ in ("amod", "compound") and c.lower_ in self.cues.future_mods:
                return "future", f"future: '{c.text} {trig.text}'"
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


def _region_at(regions: list[tuple[int, int]], starts: list[int], offset: int
               ) -> tuple[int, int] | None:
    k = bisect.bisect_right(starts, offset) - 1
    if k >= 0 and regions[k][0] <= offset < regions[k][1]:
        return regions[k]
    return None


def _same_span(a: Actor, b: Actor) -> bool:
    return a.start == b.start and a.end == b.end


def make_claims(settings: Settings) -> ClaimStage:
    return ClaimStage(settings)
