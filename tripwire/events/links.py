"""How a trigger hangs on the rest of its sentence: tests the rule coder asks of the parse.

These answer three questions the coder must settle before it makes a mention:

1. Does a verb trigger have a participant of its own, or one its clause shares
   (``has_participant``)? A relative clause shares the noun it modifies ("a soldier who
   was killed"), a gerund or participle clause the subject of the clause it hangs on
   ("by destroying places of worship", "in calling for a presence").
2. Is a verb trigger only the consequence of an attack another trigger names
   (``is_consequence``)? "airstrikes that killed scores", "killed in the attack", "the
   attack killed 22" report one happening (GUIDELINES.md: one event per happening), so the
   attack noun carries it and the consequence verb is not a second mention.
3. Is a nominal trigger said to have been carried out (``is_carried_out``)? "a deal had
   been reached", "the march was taken out", "the deal reached in 2015": a passive or
   participle light verb vouches for the event as the active one does ("reached a deal").

Word lists come from ``frame`` records of ``data/event_patterns.jsonl``.
"""

from __future__ import annotations

from . import arguments as args

# Pronouns that never stand for a party: "it was recognised", "which led to ...".
NON_PARTY_WORDS = frozenset({"it", "this", "that", "these", "those", "which", "what", "who",
                             "whom", "there", "something", "anything", "nothing", "everything"})
# How many clause links a verb trigger may climb to find the subject it shares (chains in
# the annotation dev half are at most 3 long: "sought to try to push back").
MAX_CONTROL_HOPS = 3
# Clause links whose subject is the governing verb's: open complements, co-ordinated verbs,
# participle adverbial clauses ("Originally held in a camp, she was moved") and gerunds under a
# preposition ("by destroying", reached through the preposition).
SHARED_SUBJECT_DEPS = ("conj", "xcomp", "advcl", "pcomp")
# Dependencies that tie a consequence verb to the attack noun that caused it: its subject
# ("the attack killed"), passive agent or cause ("killed by/in/during airstrikes").
PARTICIPLE_TAGS = frozenset({"VBG", "VBN"})
# A relative clause speaks of a party when its pronoun is a person's or its noun is named.
PERSON_RELATIVES = frozenset({"who", "whom"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
CAUSE_PREPS = frozenset({"in", "by", "during", "from"})


def _party_like(tok) -> bool:
    return tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.lower_ not in NON_PARTY_WORDS


def has_participant(verb) -> bool:
    """True when a verb trigger has its own subject, even one the actor dictionary cannot
    place ("mobsters ransacked the residence"), or shares one with the clause it hangs on.

    1. its own nsubj/nsubjpass, when it is a party-like word;
    2. a relative or participle clause: the noun it modifies ("a soldier who was killed",
       "leaders seeking their co-operation");
    3. else up to MAX_CONTROL_HOPS links of SHARED_SUBJECT_DEPS (through a preposition for
       a gerund) to the verb whose subject it shares, and that verb's subject, by 1-2.
    A subject inherited further up ("countries will use whatever means to level the
    field") is too far from the act to vouch for it.
    """
    for hop in range(MAX_CONTROL_HOPS + 1):
        subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subs:
            if any(_party_like(c) for c in subs):
                return True
            if not (verb.dep_ == "relcl" and subs[0].lower_ in args.RELATIVE_PRONOUNS):
                return False
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "a soldier who was killed", "areas which were retaken": what it was done to;
            # but an active "data that helps track" names a thing, not a party
            # (a passive's noun only for the trigger itself: in "communities that would be
            # used to combat X" the communities do not combat)
            return _party_like(verb.head) and (
                any((c.dep_ == "nsubjpass" and not hop) or c.lower_ in PERSON_RELATIVES
                    for c in subs) or verb.head.ent_type_ in NAMED_LABELS)
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "leaders seeking", "detainees held"; "the decision to suspend": an
            # infinitive's noun is not who does it
            return verb.tag_ in PARTICIPLE_TAGS and _party_like(verb.head)
        head = verb.head
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            head = head.head
        elif verb.dep_ not in SHARED_SUBJECT_DEPS or head.pos_ not in ("VERB", "AUX"):
            return False
        elif verb.dep_ == "advcl" and verb.tag_ not in PARTICIPLE_TAGS:
            return False  # a purpose clause ("use whatever means to level the field")
        if head is verb:
            return False
        verb = head
    return False


def _linked_nouns(verb) -> list:
    out = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in CAUSE_PREPS):
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ == "NOUN":
        out.append(verb.head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        # "a wave of bombardment targeting Damascus, killing 12": the clause's own object
        out.extend(c for c in verb.head.children if c.dep_ in ("dobj", "nsubj"))
    return [n for t in out for n in (t, *[c for c in t.children if c.dep_ == "conj"])]


def is_consequence(verb, consequence_verbs: frozenset[str], attack_nouns: frozenset[str]) -> bool:
    """Whether ``verb`` (kill, wound, ...) reports the toll of an attack a noun of its own
    clause names (rule 2 of the module docstring)."""
    if args.lemma_of(verb) not in consequence_verbs:
        return False
    for noun in _linked_nouns(verb):
        if args.lemma_of(noun) in attack_nouns:
            return True
        # "a wave of artillery bombardment": the attack is the quantity's "of" object
        if any(args.lemma_of(g) in attack_nouns for p in noun.children if p.dep_ == "prep"
               and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"):
            return True
    return False


def is_carried_out(noun) -> bool:
    """Whether a nominal trigger is the passive subject of a light verb ("a deal had been
    reached") or is modified by one as a past participle ("the deal reached in 2015")."""
    if noun.dep_ == "nsubjpass" and args.lemma_of(noun.head) in args.LIGHT_VERBS:
        return True
    return any(c.dep_ == "acl" and c.tag_ == "VBN" and args.lemma_of(c) in args.LIGHT_VERBS
               for c in noun.children)


def is_carrier(verb, act_nouns: frozenset[str]) -> bool:
    """Whether a verb trigger is only the participle that carries a nominal trigger ("the
    latest salvo launched on Wednesday", "attacks carried out by"): the noun is the event,
    as in ``is_carried_out``, so the verb is not a second mention."""
    return (verb.dep_ == "acl" and verb.tag_ == "VBN" and args.lemma_of(verb) in args.LIGHT_VERBS
            and args.lemma_of(verb.head) in act_nouns)
