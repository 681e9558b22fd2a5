"""Clause frames that change which PLOVER type a trigger expresses.

A trigger word names an act; the clause around it says whether the act happened, is
promised, threatened, refused or demanded. PLOVER codes the speech act, not the act
("promise to sign" is AGREE, not SUPPORT in the future), so before a mention is made:

1. Negated cooperation ("will not accept", "did not withdraw") is REJECT.
2. Promised cooperation ("will support", "is ready to withdraw", "pledged to send") is
   AGREE: PLOVER's AGREE is "indicate willingness or commitment to cooperate".
3. Announced conflict by the actor itself, under a condition ("will boycott ... unless"),
   an intent verb ("vowed to fight") or its own reported words ("said they would
   blockade"), is THREATEN. Announced military moves stay MOBILIZE (with the future
   auxiliary mode from the claims stage), as analysts count them as moves.
4. An obligation put on someone else in reported speech ("X said Y must withdraw") is a
   REQUEST by the speaker to that party (``deontic_request``), whatever the verb.

The word lists live in ``data/event_patterns.jsonl`` as ``frame`` records.
"""

from __future__ import annotations

from dataclasses import dataclass

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
# Material-conflict acts that become THREATEN when announced (MOBILIZE deliberately excluded).
CONFLICT_ACTS = frozenset({"PROTEST", "SANCTION", "COERCE", "ASSAULT"})
# Speech-act types: their clausal complement is what they ask, refuse, threaten or promise,
# not a separate event ("urged Iraq to cooperate" is one REQUEST).
FRAME_TYPES = frozenset({"REQUEST", "REJECT", "THREATEN", "AGREE", "ACCUSE"})
COMPLEMENT_DEPS = ("xcomp", "ccomp")
# Prepositions that introduce a speech act's content ("agreed to a ceasefire", "called
# for talks", "accused X of shelling"), absorbed like a complement clause.
CONTENT_PREPS = frozenset({"to", "for", "of", "on", "over", "about"})
# Acts that are threats when the actor merely announces them ("they said they would
# blockade Paris"); an announced sanction or restriction is a policy, not a threat.
SELF_ANNOUNCED_THREATS = frozenset({"PROTEST", "ASSAULT"})
# How many clause levels up a frame word may sit ("said he is prepared to lift").
MAX_FRAME_HOPS = 3


@dataclass(frozen=True)
class Frame:
    """What the clause around a verb trigger says about its act."""

    negated: bool = False
    intent: str | None = None  # the word that makes it a promise/plan ("will", "ready")
    conditional: bool = False
    intent_verb: bool = False  # intent from a commissive verb ("vow", "swear", "pledge")
    own_words: bool = False  # the act's subject is the speaker of the governing speech verb
    conditional_only: bool = False  # intent only from "may"/"could", which needs a condition


def _words(table, name: str) -> frozenset[str]:
    return table.frames.get(name, frozenset())


def governors(tok, hops: int = MAX_FRAME_HOPS) -> list:
    """``tok`` and the words it is the complement of ("ready" in "is ready to withdraw")."""
    chain = [tok]
    cur = tok
    for _ in range(hops):
        if cur.dep_ not in ("xcomp", "ccomp", "acomp", "conj") or cur.head == cur:
            break
        cur = cur.head
        chain.append(cur)
    return chain


def read_frame(tok, table) -> Frame:
    """Negation, intent and condition cues on a verb trigger's clause (rules 1-3)."""
    future = _words(table, "future_aux")
    intent_heads = _words(table, "intent_heads")
    commissive = _words(table, "commissive_verbs")
    negators = _words(table, "negators")
    conds = _words(table, "condition_marks")
    speech = _words(table, "speech_verbs")
    negated = conditional = intent_verb = own_words = False
    intent = None
    chain = governors(tok)
    for i, word in enumerate(chain):
        if word.dep_ == "conj" and i:
            continue
        for c in word.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in negators):
                negated = True
            if c.dep_ == "aux" and intent is None and (
                    c.lower_ in future or c.lower_ in _words(table, "conditional_modals")):
                intent = c.lower_
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in conds for m in c.children):
                conditional = True
        lemma = word.lemma_.lower()
        if i and (lemma in intent_heads or lemma in commissive) and intent is None:
            intent = lemma
            intent_verb = lemma in commissive
        if i and lemma in speech:
            break
    # the clause reported by a speech verb ("said it would continue to attack": the
    # chain runs attack -> continue -> said; "continue" is the reported clause)
    top = next((w for w in chain if w.dep_ == "ccomp" and w.head.lemma_.lower() in speech),
               None)
    if top is not None:
        subj = next(([c for c in w.children if c.dep_ in ("nsubj", "nsubjpass")]
                     for w in chain[:chain.index(top) + 1]
                     if any(c.dep_ in ("nsubj", "nsubjpass") for c in w.children)), [])
        said_by = [c for c in top.head.children if c.dep_ == "nsubj"]
        if subj and said_by and (subj[0].pos_ == "PRON" or subj[0].lemma_ == said_by[0].lemma_):
            own_words = True
    weak = intent in _words(table, "conditional_modals")
    if weak and not conditional:
        intent = None
    return Frame(negated, intent, conditional, intent_verb, own_words, conditional_only=weak)


def retype(label: str, frame: Frame) -> tuple[str, str | None]:
    """The type the frame gives a trigger of type ``label``, with a reason (rules 1-3)."""
    if label in COOPERATIVE and frame.negated:
        return "REJECT", f"negated {label.lower()}: a refusal"
    if label in COOPERATIVE - {"AGREE"} and frame.intent and not frame.conditional_only:
        return "AGREE", f"{label.lower()} promised ('{frame.intent}'): commitment to cooperate"
    if label in CONFLICT_ACTS and frame.intent and not frame.negated and (
            frame.conditional or frame.intent_verb
            or (frame.own_words and label in SELF_ANNOUNCED_THREATS)):
        why = ("conditional" if frame.conditional else "vowed" if frame.intent_verb
               else "announced by the actor")
        return "THREATEN", f"{label.lower()} {why} ('{frame.intent}'): a threat"
    return label, None


def deontic_clauses(toks, table) -> list[tuple]:
    """(verb, modal, speech head) for "X said Y must V" clauses in a sentence (rule 4).

    The speech head is the reporting verb, or the verb governing a reporting noun
    ("issued a reminder that Y must V"). The clause's subject must not be the speaker
    (a promise to oneself is not a request).
    """
    modals = _words(table, "deontic_aux")
    speech = _words(table, "speech_verbs")
    speech_nouns = _words(table, "speech_nouns")
    out = []
    for tok in toks:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        modal = next((c for c in tok.children if c.dep_ == "aux" and c.lower_ in modals), None)
        if modal is None:
            continue
        head = tok
        for _ in range(MAX_FRAME_HOPS):
            if head.dep_ not in ("ccomp", "conj", "acl") or head.head == head:
                break
            head = head.head
            if head.lemma_.lower() in speech or head.lemma_.lower() in speech_nouns:
                break
        if head == tok:
            continue
        if head.lemma_.lower() in speech_nouns and head.head.pos_ == "VERB":
            head = head.head
        elif head.lemma_.lower() not in speech:
            continue
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        said_by = [c for c in head.children if c.dep_ == "nsubj"]
        if not subj or not said_by or subj[0].lemma_ == said_by[0].lemma_:
            continue
        out.append((tok, modal, head))
    return out
