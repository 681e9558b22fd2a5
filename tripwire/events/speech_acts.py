"""Speech acts the trigger patterns cannot see: demands and verdicts made inside reported speech.

A trigger pattern names a word that is an act ("condemned", "urged"). Two common ways
news reports a REQUEST or an ACCUSE carry no such word; the act is what the clause says:

- **Demands** (``frames.deontic_clauses``): "X said Y must withdraw" is a REQUEST by X
  to Y, whatever the verb.
- **Verdicts** (this module): "X said the move was unacceptable", "“It is a violation of
  international law,” the ministry said", "X called the sanctions illegal", "the move was
  described as alarming by X", "X was appalled at / unhappy with Y" are ACCUSE (mode
  disapprove) by X, against the party the judged thing belongs to when it names one.
  PLOVER's ACCUSE covers "disapproval"; the guidelines of the repo's own annotations code
  criticism this way, and before this rule it was the most missed type there (dev recall
  0.41, 2026-11-25).

Which words judge is data: ``verdict_words``, ``verdict_verbs`` and ``disapproval_states``
frame records in ``data/event_patterns.jsonl``. A verdict counts only when somebody the
actor dictionary can place delivers it, when it is not negated ("is not illegal"), and
not on oneself ("we were wrong"); a stated reaction ("angered by the attacks") counts only
when it is about a party.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import arguments as args

# Copulas a verdict adjective or noun is predicated with ("was unacceptable", "remains a
# violation", "seems unfair").
COPULAS = frozenset({"be", "seem", "remain", "become", "appear", "look", "sound"})
# Prepositions that introduce what a disapproving state is about ("appalled at", "unhappy
# with", "angered by", "critical of").
STATE_PREPS = frozenset({"at", "with", "by", "over", "about", "of"})
# First-person subjects: a verdict on oneself is not an accusation.
SELF_WORDS = frozenset({"i", "we", "me", "us", "myself", "ourselves"})
# How many clause levels a verdict's clause may sit below the speech verb ("said it was
# clear that the move was illegal").
MAX_HOPS = 3


@dataclass(frozen=True)
class Verdict:
    """One disapproving judgement in a sentence."""

    pred: object  # the judging word ("unacceptable", "violation", "appalled")
    judge: object  # the head of who judges
    judged: object | None  # the head of what or whom is judged
    how: str  # which construction: "speech", "labels" or "state"
    cue: object  # the speech or labelling verb, or the state word itself


def _words(table, name: str) -> frozenset[str]:
    return table.frames.get(name, frozenset())


def _is_word(tok, words: frozenset[str]) -> bool:
    return tok.lemma_.lower() in words or tok.lower_ in words


def _negated(*toks) -> bool:
    return any(c.dep_ == "neg" for t in toks for c in t.children)


def _speech_head(clause, speech: frozenset[str]):
    """The speech verb ``clause`` is reported by, climbing ccomp/conj links, or None."""
    cur = clause
    for _ in range(MAX_HOPS):
        if cur.dep_ not in ("ccomp", "conj") or cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ == "VERB" and args.lemma_of(cur) in speech:
            return cur
    return None


def _agent(verb):
    """The "by" agent of a passive labelling verb, wherever the parser hung the "by"."""
    agent, _ = args.passive_parts(verb)
    if agent is not None:
        return agent
    for t in verb.subtree:
        if t.dep_ == "prep" and t.lower_ == "by":
            objs = args.children(t, {"pobj"})
            if objs:
                return objs[0]
    return None


def verdict_clauses(toks, table) -> list[Verdict]:
    """The disapproving verdicts of one sentence's tokens, in order."""
    judging = _words(table, "verdict_words")
    labelling = _words(table, "verdict_verbs")
    states = _words(table, "disapproval_states")
    speech = _words(table, "speech_verbs")
    out: list[Verdict] = []
    for tok in toks:
        head = tok.head
        if _is_word(tok, judging) and tok.pos_ in ("ADJ", "NOUN"):
            if tok.dep_ in ("acomp", "attr") and args.lemma_of(head) in COPULAS:
                cue = _speech_head(head, speech)
                subj = args.children(head, {"nsubj", "nsubjpass"})
                if cue is not None and not _negated(tok, head):
                    judge = args.subject_of(cue)
                    if judge is not None:
                        out.append(Verdict(tok, judge, subj[0] if subj else None, "speech", cue))
                continue
            verb = head.head if head.dep_ == "prep" and head.lower_ == "as" else head
            if (tok.dep_ in ("oprd", "xcomp", "ccomp") or head.lower_ == "as") \
                    and verb.pos_ == "VERB" and args.lemma_of(verb) in labelling \
                    and not _negated(tok, verb):
                objs = args.children(verb, {"dobj", "nsubjpass"})
                judge = _agent(verb) if args.children(verb, {"nsubjpass", "auxpass"}) \
                    else args.subject_of(verb)
                if judge is not None:
                    out.append(Verdict(tok, judge, objs[0] if objs else None, "labels", verb))
            continue
        if _is_word(tok, states) and tok.pos_ in ("ADJ", "VERB") and not _negated(tok, head):
            if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
                subj = args.children(head, {"nsubj"})
            elif tok.pos_ == "VERB" and tok.tag_ == "VBN":
                subj = args.children(tok, {"nsubjpass"})
            else:
                continue
            about = [o for p in tok.children if p.dep_ in ("prep", "agent")
                     and p.lower_ in STATE_PREPS for o in args.children(p, {"pobj"})]
            if subj:
                out.append(Verdict(tok, subj[0], about[0] if about else None, "state", tok))
    return [v for v in out if v.judge.lower_ not in SELF_WORDS
            and (v.judged is None or v.judged.lower_ not in SELF_WORDS)]


def judged_parties(judged) -> list:
    """Heads that may name whom a verdict is on: the judged phrase itself, then the one its
    thing belongs to ("the minister's decision", "the US move", "a decision by Turkey")."""
    if judged is None:
        return []
    out = [judged]
    out += [c for c in judged.children
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN")]
    out += [o for p in judged.children if p.dep_ in ("prep", "agent") and p.lower_ in ("by", "of")
            for o in args.children(p, {"pobj"})]
    return out


class SpeechActCoder:
    """The coder's mentions for demands and verdicts (mixed into ``coder.EventCoder``, whose
    ``_resolve_all``, ``_mode`` and ``cues`` it uses)."""

    def _speech_mention(self, doc, sent, trigger, label: str, mode, actors, recipients,
                        reason: str, pattern_id: str, scope):
        from ..document import EventMention
        from .coder import _same

        lemmas = {args.lemma_of(t) for t in scope}
        return EventMention(
            sentence_index=sent.index, quote=doc.span(sent.start, sent.end),
            trigger=trigger, event_type=label, mode=mode,
            contexts=[c for c, cues in self.cues.contexts if cues & lemmas],
            actors=actors, recipients=[r for r in recipients if not _same(r, actors)],
            reasons=[reason], pattern_id=pattern_id)

    def _speakers(self, doc, head, on_date, memory, current) -> list:
        """Who speaks: resolved, and never an outlet or think tank merely cited."""
        return [a for a in self._resolve_all(doc, [head], on_date, memory, current)
                if a.kind not in ("media", "analyst")]

    def _code_request(self, doc, sent, verb, modal, speech, memory, current):
        """"X said Y must V": a REQUEST by the speaker X to Y (frames.py rule 4)."""
        on_date = (doc.published or "")[:10] or None
        speaker = args.subject_of(speech)
        addressee = args.subject_of(verb)
        if speaker is None or addressee is None:
            return None
        actors = self._speakers(doc, speaker, on_date, memory, current)
        if not actors:
            return None
        recipients = self._resolve_all(doc, [addressee], on_date, memory, current, target=True)
        start = min(modal.idx, verb.idx)
        end = max(modal.idx + len(modal.text), verb.idx + len(verb.text))
        return self._speech_mention(
            doc, sent, doc.span(start, end), "REQUEST", self._mode("REQUEST", verb, {
                args.lemma_of(t) for t in verb.subtree}), actors, recipients,
            f"obligation '{modal.text} {verb.text}' reported by '{speech.text}': a demand by "
            "the speaker", "frame.deontic_request", list(verb.subtree))

    def _code_verdict(self, doc, sent, verdict: Verdict, memory, current):
        """A disapproving verdict: ACCUSE (disapprove) by its judge, on the judged party."""
        from .coder import _parties

        on_date = (doc.published or "")[:10] or None
        actors = self._speakers(doc, verdict.judge, on_date, memory, current)
        if not _parties(actors):
            return None
        recipients = []
        for head in judged_parties(verdict.judged):
            recipients = _parties(self._resolve_all(doc, [head], on_date, memory, current,
                                                    target=True))
            if recipients:
                break
        if verdict.how == "state" and not recipients:
            return None  # anger at an attack is a feeling; disapproval is of somebody
        pred = verdict.pred
        words = [c for c in pred.children if c.dep_ == "compound" and c.i < pred.i] + [pred]
        trigger = doc.span(words[0].idx, pred.idx + len(pred.text))
        how = {"speech": f"said ('{verdict.cue.text}')", "labels": f"'{verdict.cue.text}'",
               "state": "a stated reaction"}[verdict.how]
        return self._speech_mention(
            doc, sent, trigger, "ACCUSE", "disapprove", actors, recipients,
            f"verdict '{pred.text}' by '{verdict.judge.text}', {how}: disapproval",
            "frame.verdict", list(pred.sent))
