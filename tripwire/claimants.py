"""Who says so: the claimant of an event mention and the status its cue gives.

Walking up the parse from the trigger (the claims stage, ``claims.py``, calls
``Attributor.attribute`` per mention):

1. Attribution. An "according to X" phrase, an "as reported by X" clause, or a
   reporting/cognition verb whose complement holds the trigger ("Ukraine said troops
   ...", "... it believes Belarus is ...", "diplomats are skeptical that ..."). The
   innermost attribution is the claimant; outer ones form the chain ("Reuters reported
   that Ukraine said ..."). A clause introduced by "as", "while", "when", ... is not the
   content of the verb it hangs off ("X said ..., as he lambasted Y"), nor is a
   circumstance of the saying ("In his talks with May, Erdogan said ..."), a
   non-restrictive relative clause before the cue (", where 1,300 died in 2013") or a
   presupposed fact ("for withdrawing"). A passive cue with no named source ("is
   believed to", "alleged to have", "Emwazi, believed killed") gives a status and no
   claimant. Report/claim nouns with a source count ("reports by News Corp that ...").
   Factive predicates ("aware that") are the article's voice. The speaker of a
   subjectless participle or infinitive cue is its host clause's subject ("Alleging that
   ..., Yadav said", "went on to say"); a relative-pronoun speaker is its antecedent; a
   reporting clause set mid-sentence (", officials said,") reports the root clause; a
   cue's object holds the event only directly ("reported an attack"), not through a
   clause on a noun ("hears fighters talking of houses burnt"); an open complement is
   content only for a denial or a claim/report infinitive ("claims to have encircled"),
   not a proposal ("suggested rewriting"); "according to X" reaches its host clause and
   what follows, not an earlier aside. A content clause the parser hung on the noun of a
   circumstance is the verb's ("said in a statement that ..."); the subject of a passive
   cue with an agent is its content ("the strike was confirmed by X"); the speaker of a
   post-posed cue never reaches back over the comma closing its content (", killing nine
   people, police and witnesses said"); a noun phrase summing up a clause (", a claim Kyiv
   denied") is the writer's comment. A cue that attributes nothing gives no claimant:
   negated ("did not confirm the strike"), with a negative subject ("no group has
   claimed responsibility") or under a refusal ("declined to confirm").
2. Quotations (``quotes.py``). The stage sees the whole Document, so it tracks quotation marks across
   sentences: a trigger inside a quotation whose speaker is named outside the sentence
   gets status ``reported``, no claimant (the claimant is what *this* sentence names) and
   the speaker in ``chain``; a speaker named in the same sentence is the claimant,
   including the subject of the clause a colon ends ("Khalil puts it bluntly: “...”").
3. Speech acts. When the claimant is the event's own actor (or the subject of its clause,
   or, for a demand worded "should/must", whoever says it) and the event is a verbal act
   (a demand, accusation, promise, ...), the saying *is* the event: no claimant,
   asserted; in a nested report the outer source becomes the claimant.
4. Status from the cue: reporting verbs -> reported, claim verbs -> claimed, cognition
   verbs -> assessed, fear verbs -> speculative, denial verbs -> denied. A party to a conflict reporting an attack
   (its own or its enemy's) is "claimed" (self-serving, unverified); "allegedly"/"alleged"
   makes any source's report a claim, as does the content of "allegations that ...".
   Who is a party comes from the actor dictionary: a party sector (GOV, MIL, REB, ...)
   unless the phrase names an IGO, NGO or outlet ("the UN envoy"). An accusation whose
   actor is the speaker is made by saying it, whatever the tense of its content.
"""

from __future__ import annotations

from .actors import ActorDictionary
from .claim_cues import (SPEECH_ACT, Cues, agent_of, clause_subject, load_cues, pp_content_host,
                         subject_of, top_dep, under_own_subject)
from .document import Actor, Claim, Document, EventMention
from .quotes import QuoteReader
from .settings import Settings

# How far up the parse an attribution verb may govern the trigger (clauses, not words).
MAX_HOPS = 8
# How far up from a noun trigger to look for the verb of its clause ("showcase for
# military collaboration" -> "become"); three steps cover prep/pobj/attr chains.
NOUN_CLAUSE_HOPS = 3
CLAIMANT_KINDS_BY_SECTOR = {"GOV": "government", "MIL": "military", "COP": "government",
                            "LEG": "government", "JUD": "government", "IGO": "igo",
                            "NGO": "ngo", "MED": "media", "REB": "party", "INS": "party",
                            "CVL": "witness", "OPP": "party", "PTY": "party"}
ANONYMOUS_HEADS = {"official", "source", "diplomat", "observer", "analyst", "expert", "witness",
                   "resident", "people", "person", "activist", "report", "medium", "insider",
                   "aide", "spokesman", "spokeswoman", "spokesperson", "officer", "commander"}
PRONOUNS = {"it", "he", "she", "they", "we", "i"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Pronoun actors of a reported clause taken to be the speaker ("Israel said it would ...");
# "they" is left out: it refers to someone else as often as to the speaker.
SPEAKER_PRONOUNS = {"it", "he", "she", "we", "i"}
# Dependencies by which a clause can be the content of the verb above it.
CONTENT_DEPS = {"ccomp", "xcomp", "parataxis", "dobj", "advcl", "oprd"}
# Clauses that modify a noun ("the events of 1992 when the mosque was demolished",
# "fighters talking of houses burnt"): a cue's object noun phrase that holds the event
# only through one of these is something seen, heard or recalled, not the report of it
# ("reported an attack", "confirmed the arrest of" stay content).
NP_CLAUSE_DEPS = {"relcl", "acl", "parataxis", "appos"}
# How many clauses (advcl/conj/xcomp) up from the event a claim noun may govern it:
# "allegations that X stood and watched as mobs ran riot" is three.
CLAIM_NOUN_HOPS = 4
# The verbal event whose tense is its content's: an accusation is made when it is said.
ACCUSE_TYPE = "ACCUSE"
# Claim.reason note of a party's claim (step 4); claims.py undoes it for an event that has
# not happened (a plan or a scenario is a statement of intent, not a claim of fact).
SELF_SERVING = "a party's claim about its own or its enemy's conflict action"
# Organisation categories and entry types (actor dictionary) that are never a party to a
# conflict, whatever sector word heads the phrase ("the UN envoy", "an Amnesty researcher").
NON_PARTY_CATEGORIES = {"igo", "ngo"}
NON_PARTY_TYPES = {"outlet"}
# Punctuation before a relative clause that makes it non-restrictive (an aside).
PARENTHETICAL_OPENERS = {",", "–", "—", "(", ";"}
# Dependencies of a circumstance of the saying, not its content: "In his talks with May,
# Erdogan indicated ...", "On Monday, the ministry said ...".
ADJUNCT_DEPS = {"prep", "npadvmod", "advmod", "nsubj", "nsubjpass", "dative", "agent", "mark",
                "intj", "csubj"}
# Noun-phrase dependencies to climb from a noun trigger to the verb of its clause.
NOUN_UP_DEPS = {"pobj", "prep", "dobj", "attr", "nsubj", "nsubjpass", "compound", "appos",
                "npadvmod", "poss", "oprd"}


def _content_relcl(tok) -> bool:
    """Whether a clause the parser calls a relative clause is a "that" content clause: its
    "that" is a mark, or is labelled an argument the verb already has ("that soldiers
    tortured detainees": "that" as object beside the object "detainees"), which a relative
    pronoun never is ("groups that tortured detainees" keeps its subject "that")."""
    if tok.dep_ != "relcl":
        return False
    for c in tok.children:
        if c.lower_ != "that":
            continue
        if c.dep_ == "mark":
            return True
        return c.dep_ in ("dobj", "nsubj", "nsubjpass") and any(
            o.dep_ == c.dep_ and o.i != c.i for o in tok.children)
    return False


class Attributor(QuoteReader):
    """Attribution rules over a parsed Document (steps 1-4 of the module docstring)."""

    def __init__(self, settings: Settings, *, actors: ActorDictionary | None = None) -> None:
        self.cues: Cues = load_cues(str(settings.data_dir / "attribution_cues.json"))
        self.actors = actors or ActorDictionary.load(settings)

    def attribute(self, doc: Document, trig, event: EventMention,
                  region: tuple[int, int] | None = None) -> Claim:
        found: list[tuple[Actor, str, str]] = []  # (claimant, cue, status), innermost first
        passive: tuple[str, str] | None = None  # (cue, status) with no named source
        on_date = (doc.published or "")[:10] or None
        sent = trig.sent
        tok, hops = trig, 0
        in_np_clause = False  # passed a clause that modifies a noun on the way up
        in_relcl = False  # ... and that clause was a relative clause
        inner_passive: tuple[str, str] | None = None  # a passive cue below every speaker
        while hops < MAX_HOPS:
            self._attached_cues(doc, tok, on_date, found)
            if passive is not None and not found and inner_passive is None:
                inner_passive = passive
            host = pp_content_host(tok, self.cues.verbs)
            if host is not None and not self._unsaid(host):
                # "the ministry said in a statement that ...": the parser hangs the
                # content clause on the noun of the circumstance; it is the verb's content
                speaker = self._subject(host)
                claimant = None if speaker is None else self._claimant(doc, speaker, on_date)
                if claimant is not None:
                    found.append((claimant, host.text, self.cues.verbs[host.lemma_.lower()]))
                tok, hops = host, hops + 1
                continue
            head = tok.head
            if head == tok or self._not_content(tok):
                break
            if tok.dep_ in NP_CLAUSE_DEPS and head.pos_ in ("NOUN", "PROPN", "PRON"):
                in_np_clause = True
                # "Rights groups that tortured detainees were rejected by X": what a
                # relative clause says of the subject of a passive cue is not its content
                in_relcl = in_relcl or (tok.dep_ == "relcl" and not _content_relcl(tok))
            if tok.dep_ in ("ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp",
                            "parataxis", "oprd") or head.pos_ in ("VERB", "AUX", "ADJ"):
                lemma = head.lemma_.lower()
                status = self.cues.verbs.get(lemma)
                verb, cue_word = head, head.text
                if head.pos_ == "ADJ" and lemma in self.cues.adjectives and tok.dep_ == "ccomp":
                    status = "assessed"  # "diplomats have been skeptical that ..."
                    verb = head.head if head.dep_ == "acomp" else head
                if status and self._unsaid(verb):
                    status = None  # "Israel did not confirm the strike": nobody says so
                is_passive = head.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in head.children)
                if status and self._raising(head):
                    # "members alleged to have been involved": no speaker, whatever the parse
                    if tok.dep_ == "xcomp" and passive is None:
                        passive = (cue_word, self.cues.passive.get(lemma, status))
                elif status and (tok.dep_ in CONTENT_DEPS or tok.dep_ == "nsubjpass" and is_passive
                                 and self._agent(head) is not None and not in_relcl) and not (
                        tok is trig and self._denied_report(trig, status)) and not (
                        tok.dep_ == "xcomp" and not is_passive and
                        not self._xcomp_content(tok, status)) \
                        and not (tok.dep_ == "dobj" and in_np_clause):
                    speaker = self._agent(verb) if is_passive else self._subject(verb)
                    if speaker is not None and speaker.dep_ != "nsubjpass":
                        claimant = self._claimant(doc, speaker, on_date)
                        if claimant is not None:
                            found.append((claimant, cue_word, status))
                    elif passive is None and is_passive and lemma in self.cues.passive \
                            and not (tok.dep_ != "xcomp" and self._personal_passive(head)):
                        passive = (cue_word, self.cues.passive[lemma])
                if status and passive is None and tok is trig and tok.dep_ == "nsubjpass" and \
                        lemma in self.cues.passive and any(c.dep_ == "xcomp" for c in head.children):
                    # "the ceasefire is expected to take effect": the cue raises the event
                    # itself out of its infinitive
                    passive = (cue_word, self.cues.passive[lemma])
            noun_cue = self._noun_cue(tok)
            if noun_cue is not None:
                speaker, cue_word, status = noun_cue
                claimant = self._claimant(doc, speaker, on_date)
                if claimant is not None:
                    found.append((claimant, cue_word, status))
            tok, hops = head, hops + 1
        # a reporting verb that is the root with the event clause as its parataxis/ccomp
        root = sent.root
        if root.lemma_.lower() in self.cues.verbs and trig != root and not self._unsaid(root) \
                and not any(c[1] == root.text for c in found) and trig in root.subtree \
                and not self._under_own_subject(trig, root) and not self._blocked(trig, root) \
                and not self._raising(root) and top_dep(trig, root) not in ADJUNCT_DEPS \
                and not (top_dep(trig, root) == "dobj" and _through_np_clause(trig, root)) \
                and not (trig.head == root and self._denied_report(trig, self.cues.verbs[root.lemma_.lower()])) \
                and not (top_dep(trig, root) == "xcomp" and not self._xcomp_content(
                    next(c for c in root.children if c.dep_ == "xcomp" and trig in c.subtree),
                    self.cues.verbs[root.lemma_.lower()])):
            # (an xcomp is mostly the subject's own act, "suggested rewriting the law",
            # as on the walk above)
            speaker = self._subject(root)
            if speaker is not None and speaker.dep_ != "nsubjpass":
                claimant = self._claimant(doc, speaker, on_date)
                if claimant is not None:
                    found.append((claimant, root.text, self.cues.verbs[root.lemma_.lower()]))
        # "Police arrested 20 people on Monday, officials said, and more arrests were
        # expected": a parenthetical reporting clause (parataxis on the root) reports the
        # root clause and what is co-ordinated with it
        if not found:
            for par in (c for c in root.children if c.dep_ == "parataxis"
                        and c.lemma_.lower() in self.cues.verbs and c.i > root.i):
                if trig in par.subtree or self._raising(par) or self._unsaid(par) or \
                        self._under_own_subject(trig, root) or self._blocked(trig, root) or \
                        (trig != root and top_dep(trig, root) in ADJUNCT_DEPS):
                    continue
                speaker = self._subject(par)
                if speaker is not None and speaker.dep_ != "nsubjpass":
                    claimant = self._claimant(doc, speaker, on_date)
                    if claimant is not None:
                        found.append((claimant, par.text, self.cues.verbs[par.lemma_.lower()]))
                        break
        for tok in sent:  # sentence-level "according to X" not on the trigger's path
            if tok.lower_ == "according" and not any(c[1].startswith("according") for c in found) \
                    and (trig.i > tok.i or trig in tok.head.subtree):
                # its scope is its host clause and what follows it ("According to Ukraine,
                # soldiers ..., and the government has been warning"), not an earlier
                # clause ("– she was killed three weeks ago – and, according to X, ...")
                self._according(doc, tok, on_date, found)
        marker = self._marker(trig)
        if not found:
            quoted = self._quoted(doc, trig, event, region, on_date)
            if quoted is not None:
                if marker and marker[1] == "claimed" and quoted.status == "reported":
                    quoted.status = "claimed"
                    quoted.reason += f"; '{marker[0]}'"
                return quoted
            if marker:
                return Claim(status=marker[1], cue=marker[0], reason=f"'{marker[0]}'")
            if passive:
                return Claim(status=passive[1], cue=passive[0],
                             reason=f"passive '{passive[0]}' with no named source")
            return Claim(status="asserted")
        # "ISW said it believes ...": a pronoun speaker is the outer speaker; keep the
        # inner cue's status (assessed) and the outer claimant
        # (only when the pronoun's cue is what the outer cue says: in "..., besieging
        # civilians, many of whom flee what they fear will be a blockade" the fearers
        # are someone else)
        while len(found) > 1 and found[0][0].kind == "pronoun" and \
                found[0][0].text.lower() not in self.cues.first_person and \
                self._said_by_outer(sent, found[0][0]):
            inner = found.pop(0)
            found[0] = (found[0][0], f"{found[0][1]} ... {inner[1]}", inner[2])
        if found[0][0].kind == "pronoun" and found[0][2] == "speculative":
            # "what they fear will be a blockade": a fearer is no source of the event,
            # only of the fear (GUIDELINES: feared attacks are speculative)
            return Claim(status="speculative", cue=found[0][1],
                         reason=f"cue '{found[0][1]}' of an unnamed fearer")
        claimant, cue, status = found[0]
        chain = [c[0] for c in found[1:]][::-1]
        reason = f"cue '{cue}'"
        # "the ministry announced that troops will arrive, as reported by BelTA": the
        # announcer became the actor, so the outer source is who reports it
        if len(found) > 1 and (any(self._same_party(claimant, a) for a in event.actors)
                               or self._demand(self._clause_verb(trig) or trig, event)):
            claimant, cue, status = found[1]
            chain = [c[0] for c in found[2:]][::-1] + [found[0][0]]
            reason = f"cue '{cue}' (the inner speaker is the event's own actor)"
        elif len(found) == 1 and self._speech_act(trig, claimant, event):
            # "hamid said the prime minister should invite ...": the saying is the event
            return Claim(status="asserted", cue=cue, chain=[],
                         reason=f"{SPEECH_ACT} by its own speaker (cue '{cue}')")
        if inner_passive is not None and status == "reported" and \
                inner_passive[1] in ("assessed", "speculative"):
            # "officials said the ceasefire is expected to hold": the inner passive cue
            # is the source's own hedge, as in "said it believes"
            status, cue = inner_passive[1], f"{cue} ... {inner_passive[0]}"
            reason = f"cue '{cue}'"
        if status == "reported" and self._self_serving(claimant, event):
            status = "claimed"
            reason += "; " + SELF_SERVING
        if marker and marker[1] == "claimed" and status in ("reported", "assessed"):
            status = "claimed"
            reason += f"; '{marker[0]}'"
        return Claim(status=status, claimant=claimant, cue=cue, chain=chain, reason=reason)

    def _said_by_outer(self, sent, pronoun: Actor) -> bool:
        """Whether a pronoun speaker's cue is itself the content of an outer cue ("ISW
        said it believes"), through complement clauses only, not a clause on a noun or
        an adverbial clause (who "they" are there is someone else)."""
        tok = next((t for t in sent if t.idx == pronoun.start), None)
        if tok is None:
            return True
        tok = tok.head
        for _ in range(MAX_HOPS):
            if tok.head == tok:
                return True
            if tok.dep_ not in ("ccomp", "xcomp", "conj", "parataxis"):
                return False
            if self._is_cue(tok.head):
                return True
            tok = tok.head
        return False

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
        # "allegations that an officer stood and watched as mobs ran riot": the content
        # of a claim noun is claimed, whoever makes it
        tok, hops = verb or trig, 0
        while hops < CLAIM_NOUN_HOPS and tok.head != tok:
            if tok.dep_ in ("acl", "ccomp") and tok.head.pos_ == "NOUN" and \
                    tok.head.lemma_.lower() in self.cues.claimed_heads:
                return tok.head.text, "claimed"
            if tok.dep_ not in ("advcl", "conj", "xcomp", "relcl"):
                break
            tok, hops = tok.head, hops + 1
        return None

    def _not_content(self, tok) -> bool:
        """Step 1: what hangs off a reporting verb without being what was reported.

        A clause opened by "as"/"while"/"when"...; a participle clause with no "that"
        ("Recalling the events of 1992, the leader said ..."); a presupposed fact after
        "for"/"after"/"despite" ("said the US would lose for withdrawing").
        """
        # a subordinate clause on the cue itself, or one trailing its head whose subject
        # is the speaker's pronoun ("X said ..., as he lambasted Y", whichever verb the
        # parser hangs it on); others are part of what was said ("although no meeting was
        # planned, they will meet, he added"; "said a volunteer died while responding to
        # a bombing")
        if tok.dep_ == "advcl" and (self._is_cue(tok.head) or tok.i > tok.head.i and any(
                c.dep_ == "nsubj" and c.lower_ in SPEAKER_PRONOUNS for c in tok.children)):
            marks = [c.lower_ for c in tok.children if c.dep_ == "mark"]
            if any(m in self.cues.non_content_marks for m in marks):
                return True
            if not marks and tok.tag_ in ("VBG", "VBN") and tok.i < tok.head.i:
                return True
        # a non-restrictive relative clause (", where 1,300 people died in 2013 ...") is the
        # writer's background aside, not part of the report it sits in
        # (unless a cue follows it: "Masri, who is detained by ..., married ..., the
        # Herald reported" reports the whole sentence)
        if tok.dep_ == "relcl" and tok.left_edge.i > 0 and \
                tok.doc[tok.left_edge.i - 1].text in PARENTHETICAL_OPENERS and not any(
                    t.i > tok.right_edge.i and t.pos_ == "VERB" and self._is_cue(t) for t in tok.sent):
            return True
        # a noun phrase set after a clause to sum it up (", a claim Kyiv denied", ", a
        # toll that ..."): the writer's comment on what was said, not part of it
        if tok.dep_ in ("npadvmod", "appos") and tok.pos_ == "NOUN" and tok.head.pos_ in (
                "VERB", "AUX") and tok.i > tok.head.i and tok.left_edge.i > 0 and \
                tok.doc[tok.left_edge.i - 1].text in PARENTHETICAL_OPENERS and not any(
                    t.i > tok.right_edge.i and t.pos_ == "VERB" and self._is_cue(t) for t in tok.sent):
            return True
        return tok.dep_ == "pcomp" and tok.head.lower_ in self.cues.presupposing_preps

    def _unsaid(self, verb) -> bool:
        """A cue that attributes nothing: negated ("did not confirm", "would not say
        whether"), with a negative subject ("no group has claimed responsibility",
        "nobody said"), or under a refusal ("declined to confirm"). Its subject is no
        claimant, and the event stays in the article's voice."""
        if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never")
               for c in verb.children):
            return True
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in self.cues.negative_pronouns or any(
                    d.dep_ == "det" and d.lower_ in ("no", "neither") for d in c.children)):
                return True
        return verb.dep_ == "xcomp" and verb.head != verb and (
            verb.head.lemma_.lower() in self.cues.xcomp_preventers or
            any(c.dep_ == "neg" for c in verb.head.children))

    def _noun_cue(self, tok):
        """(speaker, cue, status) when ``tok`` is the content of a report or claim noun
        with a named source: "reports by News Corp that ...", "Russia's claim that ...".
        The parser often hangs the "that" clause on the verb governing the noun ("It
        followed reports by X that ..."); an object noun just before it counts too."""
        head = tok.head
        if (_content_relcl(tok) and head.dep_ == "pobj" and head.head.lower_ in ("by", "from")
                and head.head.head.pos_ == "NOUN"):
            # "allegations by rights groups that soldiers tortured detainees": the parser
            # hangs the content clause on the source as a relative clause
            noun = head.head.head
        elif head.pos_ == "NOUN" and (tok.dep_ in ("acl", "ccomp") or _content_relcl(tok)):
            noun = head  # (a "relcl" whose "that" is a mark, not its subject, is a content clause)
        elif tok.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
            noun = next((c for c in head.children if c.dep_ in ("dobj", "attr", "nsubj")
                         and c.i < tok.i and c.pos_ == "NOUN"), None)
        else:
            return None
        if noun is None or noun.lemma_.lower() not in self.cues.noun_cues:
            return None
        gov = noun.head if noun.dep_ in ("dobj", "obj") else None
        if gov is not None and self.cues.verbs.get(gov.lemma_.lower()) == "denied":
            # "rejected reports that its jets struck", "denied charges by X that it
            # tortured": the one who denies is the claimant, whoever made the report
            speaker = self._subject(gov)
            if speaker is not None and speaker.dep_ != "nsubjpass":
                return speaker, f"{gov.text} {noun.text}", "denied"
        status = self.cues.noun_cues[noun.lemma_.lower()]
        for c in noun.children:
            if c.dep_ == "poss" and c.lower_ not in ("its", "his", "her", "their"):
                return c, noun.text, status
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, f"{noun.text} {c.text}", status
        return None

    def _denied_report(self, noun, status: str) -> bool:
        """A report or allegation noun that is the object of a denial ("rejected the
        allegations"): the allegation was made; what is denied is its content, which
        ``_noun_cue`` attributes to the one who denies."""
        return status == "denied" and noun.dep_ == "dobj" and \
            noun.lemma_.lower() in self.cues.noun_cues

    _subject = staticmethod(subject_of)
    _agent = staticmethod(agent_of)
    _under_own_subject = staticmethod(under_own_subject)
    _clause_subject = staticmethod(clause_subject)

    def _is_cue(self, tok) -> bool:
        """An attribution word: a reporting/cognition verb or an assessing adjective."""
        low = tok.lemma_.lower()
        return low in self.cues.verbs or (tok.pos_ == "ADJ" and low in self.cues.adjectives)

    def _raising(self, verb) -> bool:
        """A reduced passive of a raising cue ("the men alleged to have been involved",
        "Emwazi, believed killed in ..."): its subject is who the cue is about, never the
        speaker. The parser often tags these as active verbs with a subject; no auxiliary,
        no object and an ``xcomp`` complement tell them apart from "Russia said ..."."""
        return verb.lemma_.lower() in self.cues.raising and verb.tag_ in ("VBN", "VBD") \
            and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children) \
            and any(c.dep_ == "xcomp" for c in verb.children)

    @staticmethod
    def _xcomp_content(xcomp, status: str) -> bool:
        """Whether a cue's open complement is what it attributes. A denial's is ("denied
        attacking"), and so is the infinitive of a claim or report verb ("Turkey claims
        to have encircled Afrin", "purports to show"); a gerund after "suggest" or
        "consider" is a proposal, the subject's own act, not a report."""
        if status == "denied":
            return True
        return status in ("claimed", "reported") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children)

    @staticmethod
    def _personal_passive(verb) -> bool:
        """A passive cue with a real subject ("the stadium is considered to be ...",
        "he is believed to have ..."): what it attributes is its infinitive (xcomp),
        never a clause the parser hung on it otherwise. "It is believed that ..."
        (an expletive subject) keeps its clause."""
        return any(c.dep_ == "nsubjpass" and c.lower_ not in ("it", "this")
                   for c in verb.children)

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

    def _claimant(self, doc: Document, head, on_date) -> Actor | None:
        from .events.arguments import np_tokens

        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and \
                head.head.head.pos_ in ("NOUN", "PROPN"):
            # "the regime, which said ...": the speaker is the relative clause's antecedent
            head = head.head.head
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
        verb = self._clause_verb(trig) or trig
        if event.event_type in ("THREATEN", ACCUSE_TYPE) and trig.pos_ == "NOUN" and \
                verb is not trig and verb.lemma_.lower() in self.cues.characterising_verbs:
            # "Erdoğan said Kurdish fighters posed the biggest threat", "Putin said the
            # militants represented a threat": calling someone a threat is the speaker's
            # accusation, made by saying it (whichever of the two types the coder chose)
            return True
        if event.event_type not in self.cues.speech_act_types:
            return False
        if not (any(self._same_party(claimant, a) or a.text.lower() in SPEAKER_PRONOUNS
                    for a in event.actors) or self._demand(verb, event)):
            subj = None if event.actors else self._clause_subject(verb)
            if subj is None or not (subj.lower_ in SPEAKER_PRONOUNS or
                                    claimant.start <= subj.idx < claimant.end):
                return False
        if event.event_type == ACCUSE_TYPE and trig.i > claimant_head_i(trig, claimant) and \
                any(self._same_party(claimant, a) for a in event.actors):
            # "Amnesty said war crimes had been committed": the accusation is made by
            # saying it, whatever the tense of what it says happened
            return True
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(c.lemma_ == "have" for c in aux) or (verb.tag_ == "VBD" and not aux):
            return False
        return True

    def _demand(self, verb, event: EventMention) -> bool:
        """A request worded as an obligation ("the delegation should ask ...", "Israel
        must stop ..."): whoever says it makes the demand, whatever the coder took for
        its actor (the obliged party is often tagged instead)."""
        return event.event_type == "REQUEST" and any(
            c.dep_ == "aux" and c.lower_ in self.cues.deontic_modals for c in verb.children)

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
        if claimant.sector not in self.cues.party_sectors:
            return False
        # the dictionary's organisations say who is no party: "the UN envoy" is headed by
        # a government word but speaks for an IGO
        return not any(m.entry.category in NON_PARTY_CATEGORIES or m.entry.type in NON_PARTY_TYPES
                       for m in self.actors.find(claimant.text) if not m.modifier)

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


def claimant_head_i(trig, claimant: Actor) -> int:
    """Token index where the claimant span starts, in the trigger's Doc (-1 if none)."""
    for t in trig.sent:
        if t.idx >= claimant.start:
            return t.i
    return -1


def _same_span(a: Actor, b: Actor) -> bool:
    return a.start == b.start and a.end == b.end


def _through_np_clause(trig, top) -> bool:
    """Whether the path from ``trig`` up to ``top`` passes a clause on a noun (see
    ``NP_CLAUSE_DEPS``)."""
    tok = trig
    while tok != top and tok.head != tok:
        if tok.dep_ in NP_CLAUSE_DEPS and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return True
        tok = tok.head
    return False
