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

from . import recipients as hidden

# Dependents that are not part of an actor's noun phrase (anywhere in it): clauses and
# time adverbs ("this month"). Conjuncts are cut only at the head (co-actors, rule 5):
# below it they are part of a name or modifier ("Minister of Foreign Affairs and Expatriates").
NP_CUT_DEPS = {"relcl", "advcl", "dep", "parataxis"}
# Words that make a noun-phrase adverb a time ("this month", "hours earlier"); other such
# adverbs are part of a word ("rebel-held").
TIME_WORDS = {"month", "week", "year", "day", "hour", "minute", "earlier", "later", "ago",
              "today", "yesterday", "tonight", "morning", "evening", "night", "weekend"}
HEAD_CUT_DEPS = {"conj", "cc", "preconj"}
# Prepositional phrases belong to the phrase ("the police in the Gaza Strip", "rebels loyal
# to X", "residents of Minsk", ConfliBERT's cameo_ner convention) except with these
# prepositions, which on a parse error mostly carry the clause's time or manner, or start
# the event's own complement ("talks with X"). Chosen on the cameo_ner dev half.
NP_CUT_PREPS = {"on", "during", "after", "before", "since", "until", "amid", "despite", "as",
                "with", "over", "at", "about", "regarding", "like", "than", "following", "via"}
# Entity labels of words that date the clause rather than name the actor ("17 July 2017
# Russia's Supreme Court"): stripped from the edges of a phrase.
TIME_LABELS = {"DATE", "TIME"}
# Quantity heads kept in the phrase with their "of" ("dozens of IS members").
QUANTITY_WORDS = {"thousand", "hundred", "dozen", "number", "group", "some", "many", "most",
                  "all", "part", "million", "score"}
OPEN_BRACKETS = {"(": ")", "[": "]"}
SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
# Verbs that carry a nominal event ("launched an attack", "held talks").
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "hold", "make", "mount", "begin", "start",
               "continue", "step", "escalate", "intensify", "resume", "announce", "order",
               "undertake", "perform", "issue", "lodge", "file", "impose", "level", "have", "give",
               "sign", "reach", "pay", "call", "open", "initiate", "use", "express", "voice"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Forms en_core_web_sm lemmatises wrongly as verbs ("staged" -> "stag", "raped" -> "rap",
# "retook" -> "retook"): form -> lemma.
LEMMA_FIXES = {"staged": "stage", "staging": "stage", "stages": "stage", "raped": "rape",
               "rapes": "rape", "raping": "rape", "retook": "retake", "teargassed": "teargas"}


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


def _is_time(tok) -> bool:
    return tok.ent_type_ in TIME_LABELS


def _time_phrase(tok) -> bool:
    return any(_is_time(t) or t.lemma_.lower() in TIME_WORDS for t in tok.subtree)


def _keeps(tok) -> bool:
    """Whether a dependent inside a noun phrase stays in it."""
    if tok.dep_ in NP_CUT_DEPS or _is_list_appos(tok):
        return False
    if tok.dep_ == "npadvmod":
        return not _time_phrase(tok)
    if tok.dep_ == "prep":
        objs = [c for c in tok.children if c.dep_ == "pobj"]
        if tok.head.ent_type_ == "PERSON" and tok.lower_ != "of":
            return False  # "met Sergio Mattarella in Rome": where they met ("Bashir of Sudan" stays)
        return tok.lower_ not in NP_CUT_PREPS and not any(_is_time(o) for o in objs)
    if tok.dep_ == "acl":
        # participles that describe the party ("a bus carrying ...", "imprisoned in X"),
        # never an infinitive ("efforts to ...")
        return tok.tag_ in ("VBN", "VBG") and not any(c.dep_ == "aux" for c in tok.children)
    return True


def core_np_tokens(head) -> list:
    """The head's noun phrase without prepositional phrases or participle clauses: the
    words a pattern's ``obj``/``subj`` constraint looks at (the phrase of ``np_tokens``
    would let "concessions on missiles" count as being about missiles)."""
    keep = [head]
    stack = list(head.children)
    while stack:
        tok = stack.pop()
        if tok.dep_ in NP_CUT_DEPS | HEAD_CUT_DEPS or tok.dep_ in ("acl", "prep") and not (
                tok.dep_ == "prep" and tok.lower_ in ("of", "for")):
            continue
        keep.append(tok)
        stack.extend(tok.children)
    return _contiguous(head, keep)


def np_tokens(head) -> list:
    """Tokens of the noun phrase headed by ``head``: the analyst's whole phrase, with its
    determiner, modifiers, titles, apposition and prepositional phrases ("the UAE
    Ambassador to Bahrain, Abdulridha Khori"), without relative clauses, time words or
    co-ordinated parties (those are their own actors: ``expand_conjuncts``)."""
    lifted = _quantity_head(head)
    cut = {c.i for c in head.children if c.dep_ in HEAD_CUT_DEPS} if lifted != head else set()
    head = lifted
    keep = [head]
    stack = [c for c in head.children if c.dep_ not in HEAD_CUT_DEPS]
    # "his counterpart Italian President Sergio Mattarella": the parser makes the name a
    # second object; a sibling with the same role right after the phrase is its apposition
    for twin in _adjacent_twins(head):
        keep.append(twin)
        stack.extend(twin.children)
    while stack:
        tok = stack.pop()
        if tok.i in cut or not _keeps(tok):
            continue
        keep.append(tok)
        stack.extend(tok.children)
    # a participle whose own words were all cut ("the decisions taken [at the meeting ...]",
    # "the offer proposed [in late February]") is no longer a description of the party
    kept = {t.i for t in keep}
    keep = [t for t in keep if not (t.dep_ == "acl" and t != head
                                    and not any(c.i in kept for c in t.children))]
    toks = _contiguous(head, keep)
    split = _split_modifier(head)
    if split is not None:  # "the Iraqi and Turkish demands": this head keeps "Turkish demands"
        toks = [t for t in toks if t.i >= split.i]
    # time words at the edges date the clause ("Hours earlier Maduro")
    while len(toks) > 1 and toks[0] != head and (_is_time(toks[0]) or toks[0].is_punct):
        toks.pop(0)
    while len(toks) > 1 and toks[-1] != head and _is_time(toks[-1]):
        toks.pop()
    return _trim(toks, head)


def _contiguous(head, keep: list) -> list:
    """The run of consecutive tokens around ``head`` (a phrase never has a gap)."""
    keep = sorted(set(keep), key=lambda t: t.i)
    first = keep.index(head)
    lo = hi = first
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi < len(keep) - 1 and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    return _trim(keep[lo:hi + 1], head)


def _trim(toks: list, head) -> list:
    """Drop punctuation and dangling case markers at the edges; keep a closing bracket
    whose opening one is inside ("The National Security Council (NSC)")."""
    toks = list(toks)
    while toks and toks[-1] != head and (toks[-1].is_punct or toks[-1].dep_ == "case"
                                         or toks[-1].dep_ in ("cc", "prep")):
        if toks[-1].text in OPEN_BRACKETS.values() and any(
                OPEN_BRACKETS.get(t.text) == toks[-1].text for t in toks[:-1]):
            break
        toks.pop()
    while toks and toks[0] != head and (toks[0].is_punct or toks[0].dep_ in ("cc", "prep")):
        toks.pop(0)
    # an unclosed bracket at the end ("(NSC" with the ")" outside): close it
    opened = [t for t in toks if t.text in OPEN_BRACKETS]
    if opened and toks and toks[-1].text not in OPEN_BRACKETS.values():
        after = toks[-1].i + 1
        doc = toks[-1].doc
        if after < len(doc) and doc[after].text == OPEN_BRACKETS[opened[-1].text] \
                and after - opened[-1].i <= 8:
            toks.append(doc[after])
    return toks


def _quantity_head(head):
    """"dozens of IS members": the phrase starts at the quantity, whichever head the
    caller holds (the actor dictionary still finds IS in it)."""
    prep = head.head
    if head.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in QUANTITY_WORDS \
            and prep.head.i < head.i and prep.head.pos_ in ("NOUN", "NUM", "PRON", "DET"):
        return prep.head
    return head


def _adjacent_twins(head) -> list:
    """Siblings with ``head``'s own role right after its phrase: a split apposition ("his
    counterpart Italian President Sergio Mattarella", the name a second object) or a name
    the parser cut up ("Omar al-Bashir" as four subjects)."""
    if head.dep_ not in ("dobj", "nsubj", "pobj", "nsubjpass") or head.head == head:
        return []
    out, end = [], max(t.i for t in head.subtree)
    sibs = sorted((s for s in head.head.children if s.dep_ == head.dep_ and s.i > head.i),
                  key=lambda t: t.i)
    for sib in sibs:
        if sib.left_edge.i != end + 1:
            break
        same_name = head.ent_type_ and sib.ent_type_ == head.ent_type_ and sib.ent_iob_ == "I"
        if not (sib.pos_ == "PROPN" or same_name or sib.is_punct):
            break
        out.append(sib)
        end = max(t.i for t in sib.subtree)
    return out


def _is_list_appos(tok) -> bool:
    """An "apposition" that is really a list of parties ("The United States, India, Israel
    and other governments"): one with conjuncts of its own, or a place after a place."""
    if tok.dep_ != "appos":
        return False
    return any(c.dep_ == "conj" for c in tok.children) or (
        tok.ent_type_ == "GPE" and tok.head.ent_type_ == "GPE")


def _national_conjuncts(mod) -> list:
    """Conjoined nationality/country modifiers of ``mod`` ("Russian and Belarusian")."""
    return [c for c in mod.conjuncts if c.pos_ in ("ADJ", "PROPN") and c.ent_type_ in ("NORP", "GPE")]


def _split_modifier(head):
    """The last of a head's co-ordinated nationality modifiers, or None: "Russian and
    Belarusian soldiers" are two actors, the head keeping "Belarusian soldiers"."""
    for c in head.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < head.i and c.ent_type_ in ("NORP", "GPE"):
            conj = [t for t in _national_conjuncts(c) if t.i < head.i]
            if conj:
                return max(conj, key=lambda t: t.i)
    return None


def expand_conjuncts(tok) -> list:
    """``tok`` and the parties co-ordinated with it: nouns ("he and his counterpart") and
    nationality modifiers of a shared head ("Russian and Belarusian soldiers": the head,
    whose phrase is "Belarusian soldiers", and "Russian")."""
    out = [tok, *[c for c in tok.conjuncts if c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ")]]
    for c in tok.children:  # "The United States, India, Israel and other governments"
        if _is_list_appos(c):
            out.extend([c, *[k for k in c.conjuncts if k.pos_ in ("NOUN", "PROPN", "PRON")]])
    lifted = _quantity_head(tok)  # "a number of political parties and the Taliban"
    if lifted != tok:
        out.extend(k for k in tok.conjuncts if k not in out and k.pos_ in ("NOUN", "PROPN"))
    split = _split_modifier(tok)
    if split is not None:
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod") and split in c.conjuncts:
                out.extend(m for m in [c, *c.conjuncts] if m != split and m.i < split.i)
    return out


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
        return _reported_self(verb, sub) or sub
    if depth > 4:
        return None
    controller = _object_controller(verb)
    if controller is not None:
        return controller
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "conj" and children(verb.head, PASSIVE_SUBJECT_DEPS):
            return None
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp" \
            and verb.head.head.pos_ in ("VERB", "AUX"):
        # "Pakistan is willing to withdraw": the one who is willing does it
        return subject_of(verb.head.head, depth + 1)
    if verb.dep_ == "xcomp" and verb.head.pos_ in ("NOUN", "ADJ"):
        return None
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        # "troops stationed in Belarus" / "Lukashenko, who relied on ..."
        if not children(verb, {"dobj"}) or verb.dep_ == "relcl":
            return verb.head
    return None


# Verbs whose object (or "on X") does what their to-clause says: "relied on Russian troops
# to put down a revolt" -- the troops put it down, not the one who relied on them.
OBJECT_CONTROL_VERBS = {"rely", "depend", "count", "call", "ask", "urge", "order", "tell",
                        "allow", "permit", "force", "compel", "persuade", "encourage", "invite",
                        "enable", "instruct", "authorize", "authorise", "direct", "pressure",
                        "press", "get", "help"}


def _object_controller(verb):
    """The object that controls a to-clause's subject, or None (see OBJECT_CONTROL_VERBS)."""
    if verb.dep_ not in ("xcomp", "advcl") or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    head = verb.head
    if head.pos_ != "VERB" or lemma_of(head) not in OBJECT_CONTROL_VERBS:
        return None
    objs = children(head, {"dobj"})
    if not objs:
        objs = [o for p in head.children if p.dep_ == "prep" and p.lower_ in ("on", "upon")
                for o in children(p, {"pobj"})]
    return objs[0] if objs else None


# Subject pronouns that, in a clause reported by its speaker, stand for the speaker
# ("The union said it will refuse ...": the union refuses).
SELF_PRONOUNS = {"it", "they", "he", "she", "we"}


def _reported_self(verb, sub):
    """The speaker a reported clause's pronoun subject stands for, or None."""
    if sub.lower_ not in SELF_PRONOUNS or verb.dep_ != "ccomp":
        return None
    outer = children(verb.head, SUBJECT_DEPS)
    if outer and outer[0].pos_ in ("NOUN", "PROPN") and outer[0].i < sub.i:
        # a person pronoun wants a person, a thing pronoun a body: "it" never stands for
        # "the minister"; a named body/state speaker fits "it" and "they"
        named = outer[0].ent_type_
        if sub.lower_ in ("he", "she") and named not in ("PERSON", ""):
            return None
        if sub.lower_ in ("it", "they", "we") and named == "PERSON":
            return None
        return outer[0]
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
    """Heads filling a recipient role of ``trigger``.

    Two readings beyond the parse's own attachment: a nominal trigger's preposition that
    the parser hung on its light verb ("launched an assault on X": "on X" is the
    assault's), and a direct object that is itself an act aimed at somebody ("expressed
    condolences to X", "rejected an extradition request for X"): X is the recipient.
    """
    if role == "dobj":
        objs = children(trigger, {"dobj", "obj"})
        if not objs and trigger.pos_ == "VERB":
            # "threatened to attack Kurdish fighters": the object of the act threatened
            for xc in children(trigger, {"xcomp"}):
                if xc.pos_ == "VERB":
                    objs = children(xc, {"dobj", "obj"})
                    break
        if not objs and trigger.pos_ == "VERB":
            if lemma_of(trigger) in hidden.HELP_VERBS:
                objs = hidden.helped_subjects(trigger)  # "help the U.N. strengthen ..."
            if not objs:
                # "called for sanctions against Turkey": whom the act asked for is aimed at
                return hidden.requested_targets(trigger, lemma_of(trigger))
        # a name the parser made a second object is part of the first one's phrase
        twins = {t.i for o in objs for t in _adjacent_twins(o)}
        return [_aimed_at(o) or o for o in objs if o.i not in twins and not is_own_thing(o)]
    if role == "dative":
        return children(trigger, {"dative", "iobj"})
    if role == "poss":
        return children(trigger, {"poss"})
    if role == "purpose":
        return purpose_objects(trigger)
    if role.startswith("pobj:"):
        want = role.split(":", 1)[1]
        # "lifted sanctions imposed on Eritrea" with "on Wednesday" on the verb: a date is
        # never whom the act is done to, so it must not hide the object's own "on X"
        out = [o for o in _prep_objects(trigger, want) if not _is_time(o)
               and o.lemma_.lower() not in TIME_WORDS]
        verb = light_verb_of(trigger) if trigger.pos_ in ("NOUN", "PROPN") else None
        if not out and verb is not None:
            out = [o for o in _prep_objects(verb, want) if o.i > trigger.i]
        if not out and trigger.pos_ == "VERB" and want in OBJECT_PREPS:
            # "imposed sanctions on X", "cut ties with X": the object carries whom; or its
            # participle does ("lifted sanctions imposed on Eritrea")
            for obj in children(trigger, {"dobj", "obj"}):
                out.extend(_prep_objects(obj, want))
                for acl in children(obj, {"acl"}):
                    if acl.tag_ == "VBN" and want in PARTICIPLE_PREPS:
                        out.extend(_prep_objects(acl, want))
        if not out and trigger.pos_ == "VERB":
            # "provided EUR 3 million in funding to Lebanon": deeper in the object, named
            for obj in children(trigger, {"dobj", "obj"}):
                out.extend(hidden.deep_prep_objects(obj, want))
        if not out and trigger.pos_ == "VERB":
            out = hidden.complement_objects(trigger, want)  # "offered to send troops to X"
        return out
    return []


# Possessive pronouns by which a body's own belongings are named ("withdraw its troops",
# "opened its borders", "lay down their weapons"): the thing is the actor's, not whom the
# act is done to (cameo_ner dev: 17 such objects, none a gold target).
OWN_POSSESSIVES = {"its", "their", "our"}


def is_own_thing(obj) -> bool:
    """Whether an object is the actor's own belonging: a common noun owned through a
    possessive pronoun, with no name in its phrase ("its closest ally the UK" is a party)."""
    if obj.pos_ != "NOUN" or not any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES
                                     for c in obj.children):
        return False
    return not any(t.pos_ == "PROPN" or t.ent_type_ in NAMED_LABELS for t in np_tokens(obj))


def _prep_objects(tok, word: str) -> list:
    out = []
    for prep in tok.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ == word:
            out.extend(children(prep, {"pobj"}))
    return out


# Prepositions by which a verb's object names the recipient of the verb's act ("imposed
# sanctions on X", "cut ties with X"); "to" and "for" are left out ("sent troops to the
# border", "asked for help for X" name places and purposes more often than parties).
OBJECT_PREPS = ("on", "against", "with")
# Prepositions a verb's object's participle carries its target with ("sanctions imposed on X").
PARTICIPLE_PREPS = ("on", "against")
# Prepositions by which an act names whom it is aimed at ("condolences to", "sanctions
# against", "a request for", "pressure on", "the demands of X", "a blockade of Qatar").
AIMED_PREPS = ("to", "against", "for", "on", "of")
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP"}


def _aimed_at(obj):
    """The party an object noun is aimed at, when the object is a plain common noun
    (an act or a thing, not a party: no name in its head) and a preposition of
    ``AIMED_PREPS`` names somebody ("condolences to the Government of Turkey"), or the
    party who made it, when it is a "by X" act ("denied charges by the U.S. Chamber of
    Commerce", "rejected an appeal lodged by X": X is whom the rejection answers)."""
    if obj.pos_ != "NOUN" or obj.ent_type_ or any(
            c.dep_ in ("compound", "amod", "poss", "nmod") and (c.ent_type_ in NAMED_LABELS
                                                              or c.pos_ == "PROPN")
            for c in obj.children):
        return None
    holders = [obj, *[a for a in children(obj, {"acl"}) if a.tag_ == "VBN"]]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ == "by":
                for pobj in children(prep, {"pobj"}):
                    if any(t.ent_type_ in NAMED_LABELS or t.pos_ == "PROPN"
                           for t in core_np_tokens(pobj)):
                        return pobj
    stray = hidden.stray_prep_objects(obj)  # "denied charges by X", "by" on the verb
    if stray:
        return stray[0]
    for word in AIMED_PREPS:
        for pobj in _prep_objects(obj, word):
            if any(t.ent_type_ in NAMED_LABELS or t.pos_ == "PROPN" for t in core_np_tokens(pobj)):
                return pobj
    return None


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
        for tok in (core_np_tokens(head) if head.pos_ in ("NOUN", "PROPN", "PRON") else head.subtree):
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
    for tok in core_np_tokens(head):
        out.add(tok.lemma_.lower())
        if tok.ent_type_:
            out.add(tok.ent_type_)
    return out


def preposition_words(trigger) -> set[str]:
    """The trigger's prepositions and particles; a "for" that only says how long ("battled
    for hours") is left out, so it does not read as a purpose ("fought for independence")."""
    return {c.lower_ for c in trigger.children if c.dep_ in ("prep", "dative", "prt", "agent")
            and not (c.lower_ == "for" and any(_time_phrase(o) for o in c.children
                                               if o.dep_ == "pobj"))}


def noun_actor_heads(noun) -> list:
    """Actor heads for a nominal trigger: possessor, demonym/proper-noun modifier, 'by X'."""
    heads = children(noun, {"poss"})
    if heads and heads[0].lower_ in ("its", "their", "his", "her", "our") and noun.dep_ in ("dobj", "obj"):
        # "Germany ... provided their donations": the possessor is the verb's subject
        sub = subject_of(noun.head) if noun.head.pos_ in ("VERB", "AUX") else None
        if sub is not None and sub.pos_ in ("NOUN", "PROPN"):
            heads = [sub]
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
        if any(c.dep_ == "oprd" for c in noun.head.children):
            return None  # "called the sanctions an act of aggression" labels, not carries
        return noun.head
    return None


def is_light_verb_object(noun) -> bool:
    return light_verb_of(noun) is not None
