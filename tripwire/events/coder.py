"""The rule coder: trigger patterns over the parse -> EventMention records with actors.

For each sentence, each verb or noun whose lemma a pattern names is a candidate
trigger; the most specific pattern whose constraints hold decides the type. Actor and
recipient phrases come from ``arguments``; the actor dictionary resolves each to a
country and sector. Every mention records the pattern that fired and the reasons for
each choice, so an analyst can see why it was coded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..datafiles import read_jsonl
from ..actors import ActorDictionary
from ..document import ACTORS, EVENTS, PARSE, SENTENCES, Actor, Document, EventMention
from ..settings import Settings
from . import arguments as args
from . import frames, links
from .speech_acts import SpeechActCoder, verdict_clauses
from .patterns import Pattern, PatternTable, load_patterns

log = logging.getLogger(__name__)

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
THING_PRONOUNS = {"it", "its"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs"}
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS
# Generic force nouns: an actor phrase made only of these has no identity of its own,
# so a mobilisation announced by a body inherits that body as its actor.
GENERIC_FORCES = {"troop", "troops", "soldier", "force", "equipment", "unit", "personnel",
                  "hardware", "reservist", "conscript"}
NON_PARTY_WORDS = links.NON_PARTY_WORDS
# Entity labels that make an unresolved phrase a party all the same.
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Roles a nominal trigger's recipient is looked for in before its pattern's own.
NOUN_ROLES = ("pobj:of", "pobj:on", "pobj:against", "pobj:to", "pobj:with")
# Entity labels of a head that dates or measures the act rather than suffering it.
NOT_TARGET_LABELS = {"DATE", "TIME", "QUANTITY", "PERCENT", "MONEY", "ORDINAL", "CARDINAL"}
# Dependencies of a word that modifies a noun rather than heading a phrase of its own.
MODIFIER_DEPS = {"amod", "compound", "nmod", "poss"}
SPEECH_VERBS = {"say", "announce", "state", "tell", "report", "claim", "declare", "add",
                "confirm", "note", "warn", "insist", "write", "disclose", "reveal"}


@dataclass(frozen=True)
class CueTable:
    """Lemma cues for PLOVER modes (per type) and contexts, from data files."""

    modes: dict[str, list[tuple[str, frozenset[str]]]]
    contexts: list[tuple[str, frozenset[str]]]


@lru_cache(maxsize=2)
def load_cues(data_dir: str) -> CueTable:
    modes: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for _, rec in read_jsonl(Path(data_dir) / "event_modes.jsonl"):
        modes.setdefault(rec["label"], []).append((rec["mode"], frozenset(rec["cues"])))
    contexts = [(rec["context"], frozenset(rec["cues"]))
                for _, rec in read_jsonl(Path(data_dir) / "contexts.jsonl")]
    return CueTable(modes, contexts)


class EventCoder(SpeechActCoder):
    name = "events"
    requires = (SENTENCES, PARSE)
    assigns = (EVENTS, ACTORS)

    def __init__(self, settings: Settings, *, table: PatternTable | None = None,
                 actors: ActorDictionary | None = None) -> None:
        self.settings = settings
        self.table = table or load_patterns(str(settings.data_dir / "event_patterns.jsonl"))
        self.actors = actors or ActorDictionary.load(settings)
        self.cues = load_cues(str(settings.data_dir))
        # words that name an act ("talks", "charges", "a raid"): as an unplaced recipient
        # head they are what was done, never whom it was done to
        self.act_nouns = frozenset(lem for pat in self.table.patterns if pat.pos == "NOUN"
                                   for lem in pat.lemma if " " not in lem) \
            | self.table.frames.get("background_nouns", frozenset())
        # (consequence verbs, attack nouns) for links.is_consequence
        self.tolls = (self.table.frames.get("consequence_verbs", frozenset()),
                      frozenset(lem for pat in self.table.patterns if pat.label == "ASSAULT"
                                and pat.pos == "NOUN" for lem in pat.lemma))

    # -- matching ---------------------------------------------------------------

    def match(self, tok, sent_lemmas: set[str]) -> Pattern | None:
        pos = "NOUN" if tok.pos_ in ("NOUN", "PROPN") else "VERB" if tok.pos_ == "VERB" else None
        if pos is None:
            return None
        cands = self.table.candidates(args.lemma_of(tok), pos)
        if not cands or (pos == "VERB" and (links.is_consequence(tok, *self.tolls)
                                            or links.is_carrier(tok, self.act_nouns))):
            return None  # a toll ("killed in the attack") belongs to the attack's mention
        obj = preps = None
        for pat in cands:
            if not self._lemma_ok(tok, pat):
                continue
            if pat.obj or pat.not_obj:
                obj = obj if obj is not None else args.object_lemmas(tok)
                if not _allows(pat.obj, pat.not_obj, obj):
                    continue
            if pat.prep or pat.not_prep:
                preps = preps if preps is not None else args.preposition_words(tok)
                if not _allows(pat.prep, pat.not_prep, preps):
                    continue
            if pat.context_any and not (pat.context_any & sent_lemmas):
                continue
            if pat.subj and not (pat.subj & args.subject_signature(tok)):
                continue
            if pat.head and args.lemma_of(tok.head) not in pat.head:
                continue
            if pat.not_clause and any(c.dep_ in frames.COMPLEMENT_DEPS for c in tok.children):
                continue
            return pat
        return None

    def _standalone_noun(self, tok, pat: Pattern) -> bool:
        """A noun that names an event which happened ("airstrikes", "heavy fighting", "the
        talks"), listed in the ``standalone_nouns`` frame record, is coded even when no
        party is named; background nouns ("the war", "a threat") are not in the list. So is
        one whose pattern checked its modifiers ("military action") and one a passive light
        verb carries ("a deal had been reached"). A negated or hypothetical use ("no formal
        meeting") is still an event: the claims stage reads its mode."""
        return (args.lemma_of(tok) in self.table.frames.get("standalone_nouns", frozenset())
                or bool(pat.obj) or links.is_carried_out(tok))

    @staticmethod
    def _lemma_ok(tok, pat: Pattern) -> bool:
        lemma = args.lemma_of(tok)
        for entry in pat.lemma:
            words = entry.split()
            if words[0] != lemma:
                continue
            if len(words) == 1:
                return True
            # particle verbs: "put down", "call up", "pull out", "carry out"
            # "open fire" (object), "hold X responsible" (object predicate)
            rest = {c.lemma_.lower() for c in tok.children
                    if c.dep_ in ("prt", "prep", "advmod", "dobj", "oprd", "acomp")}
            # "held the BJP responsible": the parser hangs the predicate on the object
            rest |= {g.lemma_.lower() for c in tok.children if c.dep_ == "dobj"
                     for g in c.children if g.dep_ in ("amod", "oprd")}
            if all(w in rest for w in words[1:]):
                return True
        return False

    # -- the stage ----------------------------------------------------------------

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.parsed
        doc.events = []
        memory: list[Actor] = []  # resolved actors of the previous sentence, for pronouns
        token_sents = self._tokens_by_sentence(doc, sdoc)
        for sent, toks in zip(doc.sentences, token_sents):
            sent_lemmas = {args.lemma_of(t) for t in toks}
            # this sentence's named parties, as antecedents for its own pronouns
            current: list[Actor] = self._sentence_entities(doc, toks, [])
            claimed: set[int] = set()
            found: list[EventMention] = []
            for verb, modal, speech in frames.deontic_clauses(toks, self.table):
                mention = self._code_request(doc, sent, verb, modal, speech, memory, current)
                if mention is not None:
                    found.append(mention)
                    claimed.update(t.i for t in verb.subtree)
                    current.extend(mention.actors + _parties(mention.recipients))
            # main clauses first, so a speech act claims its complement before it is coded
            cands = [(tok, pat) for tok in toks
                     if (pat := self.match(tok, sent_lemmas)) is not None]
            accusing = {tok.i for tok, pat in cands if pat.label == "ACCUSE"}
            for verdict in verdict_clauses(toks, self.table):
                if {verdict.cue.i, verdict.pred.i} & (accusing | claimed):
                    continue  # "criticised the move as illegal": the pattern codes it
                mention = self._code_verdict(doc, sent, verdict, memory, current)
                if mention is not None:
                    found.append(mention)
                    current.extend(mention.actors + _parties(mention.recipients))
            cands.sort(key=lambda c: (args.depth(c[0]), c[0].i))
            for tok, pat in cands:
                if tok.i in claimed:
                    continue
                mention = self._code(doc, sent, tok, pat, sent_lemmas, memory, current)
                if mention is None:
                    continue
                claimed.update(self._absorbed(tok, mention.event_type, mention.mode))
                found.append(mention)
                current.extend(mention.actors + _parties(mention.recipients))
            found.sort(key=lambda m: m.trigger.start)
            doc.events.extend(found)
            memory = sorted(current, key=lambda a: a.start)
        return doc

    @staticmethod
    def _tokens_by_sentence(doc: Document, sdoc) -> list[list]:
        out: list[list] = [[] for _ in doc.sentences]
        j = 0
        for tok in sdoc:
            if tok.is_space:
                continue
            while j < len(doc.sentences) and tok.idx >= doc.sentences[j].end:
                j += 1
            if j >= len(doc.sentences):
                break
            if tok.idx >= doc.sentences[j].start:
                out[j].append(tok)
        return out

    @staticmethod
    def _absorbed(trigger, label: str, mode: str | None = None) -> set[int]:
        """Tokens a trigger speaks for: its nominal object ("launched an attack"), and for
        a speech act (REQUEST, REJECT, ...) the whole clause it governs ("urged Iraq to
        cooperate" is one REQUEST, not a REQUEST and a COOPERATE). Criticism claims
        nothing: what is condemned happened ("denounced US cooperation with the Kurds"
        is an ACCUSE and a COOPERATE; annotation dev codes both)."""
        if label == "ACCUSE" and mode == "disapprove":
            return set()
        out = {c.i for c in trigger.children if c.dep_ in ("dobj", "obj")}
        if label in ("SANCTION", "RETREAT"):
            # "pulled out of the nuclear deal": the deal left is not a new agreement
            preps = [c for c in trigger.children if c.dep_ == "prep"]
            preps += [g for p in preps for g in p.children if g.dep_ == "prep"]
            out.update(o.i for p in preps if p.lower_ in ("from", "of")
                       for o in p.children if o.dep_ == "pobj")
        if label == "PROTEST":
            # "staged rallies to demand reforms": the demand is the protest's purpose
            verb = args.light_verb_of(trigger) or trigger
            for c in verb.children:
                if c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children):
                    out.update(t.i for t in c.subtree)
        if label in frames.FRAME_TYPES:
            for c in trigger.children:
                if c.dep_ in ("dobj", "obj", *frames.COMPLEMENT_DEPS) or (
                        c.dep_ == "prep" and c.lower_ in frames.CONTENT_PREPS):
                    out.update(t.i for t in c.subtree)
        return out

    def _code(self, doc, sent, tok, pat: Pattern, sent_lemmas, memory, current) -> EventMention | None:
        reasons = [f"pattern {pat.id}: {pat.pos.lower()} '{tok.text}'"]
        on_date = (doc.published or "")[:10] or None
        if pat.pos == "NOUN":
            actor_heads = args.noun_actor_heads(tok)
            recip_heads = []
            # the pattern's own prepositions first when it names them ("a withdrawal from
            # X"), then the usual ones; the first that names a party wins ("withdrawal of
            # troops from Iraq": Iraq), else the first that holds anything
            own = [r for r in pat.recipient if r.startswith("pobj:")]
            fallback: list = []
            for role in (*own, *(r for r in NOUN_ROLES if r not in own)):
                heads = args.role_heads(tok, role)
                if heads and _parties(self._resolve_all(doc, heads, on_date, memory, current,
                                                        target=True)):
                    recip_heads = heads
                    break
                if heads and not fallback:
                    fallback = heads
            recip_heads = recip_heads or fallback
            if args.is_light_verb_object(tok):
                reasons.append(f"nominal event carried by '{tok.head.text}'")
        else:
            subj = args.subject_of(tok)
            agent, psub = args.passive_parts(tok)
            actor_heads, recip_heads = [], []
            if agent is not None:
                actor_heads = [agent]
                if psub is not None:
                    recip_heads = [psub]
                reasons.append("passive with 'by' agent")
            elif psub is not None and not args.children(tok, {"nsubj"}):
                if pat.passive_subject == "actor":
                    actor_heads = [psub]
                else:
                    recip_heads = [psub]
                    reasons.append("passive without agent: subject is the recipient")
            elif subj is not None:
                actor_heads = [subj]
        actors = self._resolve_all(doc, actor_heads, on_date, memory, current)
        recipients = self._resolve_all(doc, recip_heads, on_date, memory, current, target=True)
        if not recip_heads and pat.pos == "VERB":
            recipients = self._role_recipients(doc, tok, pat, on_date, memory, current)
        if pat.label == "MOBILIZE":
            recipients = [r for r in recipients if r.country or r.sector in ("GOV", "REB", "IGO")]
        actors, reason = self._inherit_announcer(doc, tok, actors, on_date, memory, current)
        if reason:
            reasons.append(reason)
        # never code an outlet or think tank as an actor merely because it is cited
        actors = [a for a in actors if a.kind not in ("media", "analyst")]
        # whether anybody is named decides if the mention exists, as before unplaced targets
        # were kept: a bare "killed 11 civilians" with no actor is no more an event than it was
        if not actors and not _parties(recipients):
            if pat.pos == "NOUN" and not args.is_light_verb_object(tok) \
                    and not self._standalone_noun(tok, pat):
                return None  # a bare noun ("the war", "a threat") is background
            if pat.pos == "VERB" and not links.has_participant(tok):
                return None  # nobody does it to anybody: nothing an analyst can use
            reasons.append("no party resolved: the event stands on its trigger")
        label, mode = pat.label, pat.mode
        framed = tok if pat.pos == "VERB" else args.light_verb_of(tok) or (
            tok.head if tok.dep_ in ("dobj", "obj") and tok.head.pos_ == "VERB" else None)
        if framed is not None:
            label, why = frames.retype(pat.label, frames.read_frame(framed, self.table))
            if why:
                reasons.append(why)
                mode = None
        mode = mode or self._mode(label, tok, sent_lemmas)
        contexts = list(pat.contexts)
        for ctx, cues in self.cues.contexts:
            if cues & sent_lemmas and ctx not in contexts:
                contexts.append(ctx)
        trigger = self._trigger_span(doc, tok, pat)
        return EventMention(
            sentence_index=sent.index,
            quote=doc.span(sent.start, sent.end),
            trigger=trigger,
            event_type=label,
            mode=mode,
            contexts=contexts,
            actors=actors,
            recipients=[r for r in recipients if not _same(r, actors)],
            reasons=reasons,
            pattern_id=pat.id,
        )

    def _trigger_span(self, doc: Document, tok, pat: Pattern):
        start, end = tok.idx, tok.idx + len(tok.text)
        for entry in pat.lemma:
            words = entry.split()
            if len(words) > 1 and words[0] == args.lemma_of(tok):
                for c in tok.children:
                    if c.dep_ == "prt" and c.lemma_.lower() in words[1:]:
                        end = max(end, c.idx + len(c.text))
        return doc.span(start, end)

    def _mode(self, label: str, tok, sent_lemmas: set[str]) -> str | None:
        """A mode cue in the trigger's phrase, else in its clause (never the whole
        sentence: "think tank" elsewhere must not make an attack heavy-weapons)."""
        near = {t.lemma_.lower() for t in tok.subtree} | {tok.lemma_.lower()}
        for mode, cues in self.cues.modes.get(label, ()):
            if cues & near:
                return mode
        clause = tok.head if tok.pos_ == "NOUN" and tok.head.pos_ == "VERB" else None
        if clause is not None:
            lemmas = {t.lemma_.lower() for t in clause.subtree}
            for mode, cues in self.cues.modes.get(label, ()):
                if cues & lemmas:
                    return mode
        return None

    # -- actors ---------------------------------------------------------------------

    def _role_recipients(self, doc, tok, pat: Pattern, on_date, memory, current) -> list[Actor]:
        """Recipients of a verb trigger from the pattern's roles: the first role that names a
        party ("conducting an operation aimed at fixing Ukrainian forces": the object is a
        thing, the purpose's object a party); failing that, the first role holding a target
        nobody can place ("detained several suspects", "captured the mosque in Mosul")."""
        fallback: list[Actor] = []
        for role in pat.recipient:
            found = self._resolve_all(doc, args.role_heads(tok, role), on_date, memory, current,
                                      target=True)
            if _parties(found):
                return found
            if found and not fallback:
                fallback = found
        return fallback

    def _resolve_all(self, doc, heads, on_date, memory, current, *,
                     target: bool = False) -> list[Actor]:
        """Actors for ``heads`` and their co-ordinated parties. ``target``: the heads fill a
        recipient role, where an unplaced phrase still names what the act is done to
        (``_is_target_head``); an actor must be somebody."""
        out: list[Actor] = []
        for head in heads:
            for conj in args.expand_conjuncts(head):
                actor = self._resolve(doc, conj, on_date, memory, current, target=target)
                if actor is not None and not _same(actor, out):
                    out.append(actor)
        return out

    def _resolve(self, doc, head, on_date, memory, current, *,
                 target: bool = False) -> Actor | None:
        if head.lower_ in args.RELATIVE_PRONOUNS:
            return None
        if head.lower_ in PRONOUNS:
            return self._antecedent(head, memory, current)
        # "thousands of Russian soldiers": the quantity is not the actor
        if head.lemma_.lower() in ("thousand", "hundred", "dozen", "number", "group", "some",
                                   "many", "most", "all", "part", "million") :
            of = args.role_heads(head, "pobj:of")
            if of:
                head = of[0]
        toks = args.np_tokens(head)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = doc.text[start:end]
        res = self.actors.resolve(text, on_date=on_date)
        actor = Actor(text=text, start=start, end=end)
        if res is not None:
            actor.name, actor.country, actor.sector = res.name, res.country, res.sector
            actor.qid, actor.kind, actor.reason = res.qid, res.kind, res.reason
        # "his own army", "its loyal client": identity from the possessor's antecedent
        if actor.country is None:
            for t in toks:
                if t.dep_ == "poss" and t.lower_ in PRONOUNS:
                    ante = self._antecedent(t, memory, current)
                    if ante is not None and ante.country:
                        actor.country = ante.country
                        actor.reason = (actor.reason or "") + \
                            f"; country from '{t.text}' = {ante.name or ante.text}"
                        actor.name = actor.name or f"{ante.name or ante.text}: {head.text}"
                        break
        if actor.name is None and head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            actor.name = text if head.pos_ == "PROPN" else None
        if actor.name is None and actor.country is None and actor.sector is None:
            # a common noun nobody resolves ("the document", "a list"): not a party; a
            # phrase with a name in it ("the UNITA militarist wing") is one we cannot place
            named = any(t.pos_ == "PROPN" or t.ent_type_ in NAMED_LABELS for t in toks)
            if target:
                return actor if _is_target_head(head) and not self._is_act(head) else None
            return actor if named else None
        if target and actor.name is None and actor.country is None and not _is_target_head(head):
            return None  # "on Tuesday": a sector word never makes a date a target
        return actor

    def _is_act(self, head) -> bool:
        """Whether a recipient head names an act rather than a party ("rejected the
        charges", "refused direct talks", "remained on alert"): its lemma is a nominal
        trigger of the pattern table (cameo_ner dev: none of the 21 such predicted targets
        was a gold target span)."""
        if any(c.dep_ == "oprd" for c in head.head.children):
            return False  # "called the sanctions an act of aggression": the act labelled
        return head.pos_ == "NOUN" and head.lemma_.lower() in self.act_nouns

    @staticmethod
    def _antecedent(pron, memory: list[Actor], current: list[Actor]) -> Actor | None:
        """The nearest earlier compatible actor: this sentence's first (mentions' actors,
        then its named entities: "Iraq said it would ..."), then the previous sentence's."""
        word = pron.lower_
        pool = [a for a in current if a.end <= pron.idx][::-1] + memory[::-1]
        for a in pool:
            is_person = a.kind == "person" or (a.reason or "").startswith("person")
            if word in PERSON_PRONOUNS and is_person:
                break
            if word in THING_PRONOUNS and not is_person:
                break
            if word in GROUP_PRONOUNS:
                break
        else:
            return None
        # an antecedent in the same sentence is the phrase an analyst marks ("the Army had
        # released a ship it seized": the Army; cameo_ner dev marks no pronoun at all); one
        # from an earlier sentence keeps the pronoun's own place in this sentence
        start, end, text = pron.idx, pron.idx + len(pron.text), pron.text
        span = pron.doc.char_span(a.start, a.end) if a in current and a.end <= pron.idx else None
        if span is not None and span.root.dep_ not in MODIFIER_DEPS:
            # (a modifier such as "Turkish" of "a Turkish ship" is a name, not the phrase)
            start, end, text = a.start, a.end, a.text
        return Actor(text=text, start=start, end=end, name=a.name,
                     country=a.country, sector=a.sector, qid=a.qid, kind=a.kind,
                     reason=f"pronoun '{pron.text}' -> {a.name or a.text} (nearest compatible actor)")

    def _sentence_entities(self, doc, toks, known: list[Actor]) -> list[Actor]:
        """Named entities of a sentence as pronoun antecedents (persons, states, bodies)."""
        out = []
        on_date = (doc.published or "")[:10] or None
        seen = {(a.start, a.end) for a in known}
        for ent in (toks[0].doc[toks[0].i:toks[-1].i + 1].ents if toks else ()):
            if ent.label_ not in ("PERSON", "GPE", "ORG", "NORP") or (ent.start_char, ent.end_char) in seen:
                continue
            res = self.actors.resolve(ent.text, on_date=on_date)
            if res is None:
                if ent.label_ != "PERSON":
                    continue
                out.append(Actor(ent.text, ent.start_char, ent.end_char, name=ent.text,
                                 kind="person", reason="person (named entity)"))
                continue
            if res.kind in ("media", "analyst"):
                continue
            kind = res.kind or ("person" if ent.label_ == "PERSON" else None)
            out.append(Actor(ent.text, ent.start_char, ent.end_char, name=res.name,
                             country=res.country, sector=res.sector, qid=res.qid, kind=kind,
                             reason=res.reason))
        out.sort(key=lambda a: a.start)
        return out

    def _inherit_announcer(self, doc, tok, actors, on_date, memory, current):
        """"The Council announced that troops will be arriving": the announcer acts.

        Only when the event's own actors are generic forces with no country, and the
        event is the complement of a speech verb whose subject resolves to a
        government or military body (never an outlet or analyst).
        """
        if actors and any(a.country for a in actors):
            return actors, None
        if actors and not all(_is_generic(a.text) for a in actors):
            return actors, None
        verb = tok
        hops = 0
        while verb.dep_ not in ("ccomp",) and verb.head != verb and hops < 3:
            verb = verb.head
            hops += 1
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH_VERBS:
            return actors, None
        subj = args.subject_of(verb.head)
        if subj is None:
            return actors, None
        speaker = self._resolve(doc, subj, on_date, memory, current)
        if speaker is None or speaker.kind in ("media", "analyst") or not speaker.country:
            return actors, None
        return [speaker], (f"actor '{speaker.text}' inherited: it announced the event and the "
                           f"event's own subject names no party")


def _allows(need: frozenset[str], forbid: frozenset[str], found: set[str]) -> bool:
    """A pattern constraint pair: one of ``need`` (if any) is found, none of ``forbid`` is."""
    return (not need or bool(need & found)) and not (forbid & found)


def _parties(actors: list[Actor]) -> list[Actor]:
    """The actors somebody could place (a name, a country or a sector), not bare targets."""
    return [a for a in actors if a.name or a.country or a.sector]


def _is_target_head(head) -> bool:
    """Whether an unplaced recipient phrase is kept: a noun that is not a date, an amount
    or an empty word ("called X on Tuesday" never makes Tuesday the recipient)."""
    if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ in NOT_TARGET_LABELS:
        return False
    return head.lower_ not in NON_PARTY_WORDS and head.lemma_.lower() not in args.TIME_WORDS


def _is_generic(text: str) -> bool:
    words = {w.strip(".,").lower() for w in text.split()}
    return bool(words & GENERIC_FORCES) and not any(w[:1].isupper() for w in text.split()[1:])


def _same(actor: Actor, others: list[Actor]) -> bool:
    return any(o.start == actor.start and o.end == actor.end for o in others)


def make_events(settings: Settings) -> EventCoder:
    return EventCoder(settings)
