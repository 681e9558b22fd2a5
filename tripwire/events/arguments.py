"""Who did it and to whom: actor and recipient phrases read off the dependency parse.

Works on spaCy tokens; returns token spans. Resolution of a phrase to a country and
sector is the actor dictionary's job (``tripwire.actors``), not this module's.

The rules, in order of use:
1. Verb triggers: the subject (``nsubj``), inherited through ``xcomp``/``conj``/purpose
   clauses when the verb has none, or the noun a relative/participle clause modifies.
2. Passives: the ``by`` agent is the actor; the passive subject is the recipient, or
   the actor for patterns that say so (mobilised forces).
3. Recipients: the first of the pattern's roles present (direct object, dative,
   prepositional objects such as "against X").
4. Noun triggers: possessor ("Russia's invasion"), demonym adjective ("Russian
   strikes"), a "by X" phrase; recipient from "of/on/against X"; as the object of a
   light verb ("launched an assault") the light verb's subject is the actor.
5. Co-ordination: "X and Y signed" gives two actors, one mention.
"""

from __future__ import annotations

from collections.abc import Iterable

# Dependents that are not part of an actor's noun phrase.
NP_CUT_DEPS = {"relcl", "acl", "conj", "cc", "advcl", "prep", "dep", "parataxis"}
# ... except prepositional phrases with these heads ("minister of defence", "residents of Minsk").
NP_KEEP_PREPS = {"of", "for"}
SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
# Verbs that carry a nominal event ("launched an attack", "held talks").
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "hold", "make", "mount", "begin", "start",
               "continue", "step", "escalate", "intensify", "resume", "announce", "order",
               "undertake", "perform", "issue", "lodge", "file", "impose", "level", "have", "give",
               "sign", "reach", "pay", "call", "open", "initiate", "use"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Forms en_core_web_sm lemmatises wrongly as verbs ("staged" -> "stag"): form -> lemma.
LEMMA_FIXES = {"staged": "stage", "staging": "stage", "stages": "stage"}


def lemma_of(tok) -> str:
    """The token's lower-case lemma, with the model's known verb slips corrected."""
    if tok.pos_ in ("VERB", "AUX") and tok.lower_ in LEMMA_FIXES:
        return LEMMA_FIXES[tok.lower_]
    return tok.lemma_.lower()


def depth(tok) -> int:
    """Steps from ``tok`` up to its sentence root (0 for the root)."""
    steps = 0
    while tok.head != tok and steps < 100:
        tok, steps = tok.head, steps + 1
    return steps


def np_tokens(head) -> list:
    """Tokens of the noun phrase headed by ``head`` (no relative clauses or conjuncts)."""
    keep = [head]
    stack = list(head.children)
    while stack:
        tok = stack.pop()
        if tok.dep_ in NP_CUT_DEPS and not (tok.dep_ == "prep" and tok.lower_ in NP_KEEP_PREPS):
            continue
        # an apposition ("counterpart, Viktor Khrenin") belongs to the phrase, commas too
        keep.append(tok)
        stack.extend(tok.children)
    keep.sort(key=lambda t: t.i)
    # a phrase is contiguous: stop at the first gap
    out = [t for t in keep if head.i - 50 < t.i < head.i + 50]
    first = out.index(head)
    lo = hi = first
    while lo > 0 and out[lo - 1].i == out[lo].i - 1:
        lo -= 1
    while hi < len(out) - 1 and out[hi + 1].i == out[hi].i + 1:
        hi += 1
    toks = out[lo:hi + 1]
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "case" and toks[-1] != head) \
            and toks[-1] != head:
        toks.pop()
    while toks and toks[0].is_punct and toks[0] != head:
        toks.pop(0)
    return toks


def expand_conjuncts(tok) -> list:
    """``tok`` and the nouns co-ordinated with it ("he and his counterpart")."""
    return [tok, *[c for c in tok.conjuncts if c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ")]]


def children(tok, deps: Iterable[str]) -> list:
    """The children of ``tok`` attached with one of ``deps``."""
    deps = set(deps)
    return [c for c in tok.children if c.dep_ in deps]


def subject_of(verb, depth: int = 0):
    """The subject head of ``verb``: its own, else inherited up xcomp/conj/advcl chains."""
    subs = children(verb, SUBJECT_DEPS)
    if subs:
        sub = subs[0]
        if sub.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        return sub
    if depth > 4:
        return None
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "conj" and children(verb.head, PASSIVE_SUBJECT_DEPS):
            return None
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "xcomp" and verb.head.pos_ in ("NOUN", "ADJ"):
        return None
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        # "troops stationed in Belarus" / "Lukashenko, who relied on ..."
        if not children(verb, {"dobj"}) or verb.dep_ == "relcl":
            return verb.head
    return None


def passive_parts(verb):
    """(agent head or None, passive subject head or None)."""
    agent = None
    for c in verb.children:
        if c.dep_ == "agent":
            pobj = children(c, {"pobj"})
            agent = pobj[0] if pobj else None
    psub = children(verb, PASSIVE_SUBJECT_DEPS)
    psub_tok = psub[0] if psub else None
    if psub_tok is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
        psub_tok = verb.head  # "troops stationed in Belarus"
    return agent, psub_tok


def role_heads(trigger, role: str) -> list:
    """Heads filling a recipient role of ``trigger``."""
    if role == "dobj":
        return children(trigger, {"dobj", "obj"})
    if role == "dative":
        return children(trigger, {"dative", "iobj"})
    if role == "poss":
        return children(trigger, {"poss"})
    if role == "purpose":
        return purpose_objects(trigger)
    if role.startswith("pobj:"):
        want = role.split(":", 1)[1]
        out = []
        for prep in trigger.children:
            if prep.dep_ in ("prep", "dative") and prep.lower_ == want:
                out.extend(children(prep, {"pobj"}))
        return out
    return []


# Clauses that state what an act is for ("an operation aimed at fixing X", "to fix X").
PURPOSE_DEPS = {"xcomp", "advcl", "acl", "pcomp", "prep"}
PURPOSE_HOPS = 3


def purpose_objects(trigger) -> list:
    """Objects of the act's purpose clause: the recipient of "conducting an operation
    aimed at fixing Ukrainian forces" is the forces (at most ``PURPOSE_HOPS`` words down,
    through the trigger's object)."""
    frontier = [trigger, *[c for c in trigger.children if c.dep_ in ("dobj", "obj")]]
    for _ in range(PURPOSE_HOPS):
        nxt = []
        for tok in frontier:
            for c in tok.children:
                if c.dep_ not in PURPOSE_DEPS:
                    continue
                if c.pos_ == "VERB":
                    objs = children(c, {"dobj", "obj"})
                    if objs:
                        return objs
                nxt.append(c)
        frontier = nxt
    return []


def object_lemmas(trigger) -> set[str]:
    """Lemmas in the trigger's object phrase(s) (for pattern ``obj`` constraints)."""
    heads = children(trigger, {"dobj", "obj", "nsubjpass", "attr", "oprd", "xcomp", "ccomp"})
    if trigger.pos_ == "NOUN":
        for prep in trigger.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "on", "against", "to"):
                heads.extend(children(prep, {"pobj"}))
        heads.extend(children(trigger, {"compound", "amod"}))
    if not heads and trigger.dep_ == "acl":
        heads = [trigger.head]
    lemmas: set[str] = set()
    for head in heads:
        # the object's own phrase, not clauses hanging off it ("concessions that ... could
        # lead to an agreement on missiles" is not about missiles)
        for tok in (np_tokens(head) if head.pos_ in ("NOUN", "PROPN", "PRON") else head.subtree):
            lemmas.add(tok.lemma_.lower())
    # "moving troops" where the object is co-ordinated: "troops and equipment"
    return lemmas


def subject_signature(trigger) -> set[str]:
    """Lemmas and entity labels of the trigger's subject phrase (pattern ``subj``)."""
    head = subject_of(trigger)
    if head is None:
        _, head = passive_parts(trigger)
    if head is None:
        return set()
    out: set[str] = set()
    for tok in np_tokens(head):
        out.add(tok.lemma_.lower())
        if tok.ent_type_:
            out.add(tok.ent_type_)
    return out


def preposition_words(trigger) -> set[str]:
    return {c.lower_ for c in trigger.children if c.dep_ in ("prep", "dative", "prt", "agent")}


def noun_actor_heads(noun) -> list:
    """Actor heads for a nominal trigger: possessor, demonym/proper-noun modifier, 'by X'."""
    heads = children(noun, {"poss"})
    if not heads:
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod") and (c.ent_type_ in ("NORP", "GPE", "ORG")
                                                           or c.pos_ == "PROPN"):
                heads.append(c)
    for prep in noun.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ == "by":
            heads.extend(children(prep, {"pobj"}))
    verb = light_verb_of(noun)
    if not heads and verb is not None:
        sub = subject_of(verb)
        if sub is not None:
            heads.append(sub)
    return heads


def light_verb_of(noun):
    """The light verb carrying a nominal trigger ("launched an attack", "launched a
    mediation effort"), or None."""
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        noun = noun.head
    if noun.dep_ in ("dobj", "obj") and lemma_of(noun.head) in LIGHT_VERBS:
        return noun.head
    return None


def is_light_verb_object(noun) -> bool:
    return light_verb_of(noun) is not None
