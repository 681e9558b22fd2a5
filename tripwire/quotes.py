"""Step 2 of attribution (``claimants.py``): a trigger inside a quotation.

The claims stage sees the whole Document, so quotation marks are tracked across
sentences (``claim_cues.quote_regions``). A trigger inside a quotation whose speaker is
named in the same sentence gets that speaker as claimant; one whose speaker is named
outside the sentence gets status ``reported``, no claimant (the claimant is what *this*
sentence names, GUIDELINES conventions) and the speaker in ``chain``. The speaker is the
subject of a reporting verb just outside the quotation (", he said.", "X said: ...") or
the subject of the clause a colon ends ("Khalil puts it bluntly: “...”").

Kept apart from the parse-walk rules so that each module has one reason to change; the
mixin reads the attribution helpers of ``claimants.Attributor`` through ``self``.
"""

from __future__ import annotations

from .claim_cues import SPEECH_ACT
from .document import Claim


class QuoteReader:
    """Quotation attribution, mixed into ``claimants.Attributor``."""

    def _quoted(self, doc, trig, event, region, on_date) -> Claim | None:
        """A trigger inside a quotation (see the module docstring), or None."""
        if region is None:
            return None
        speaker = self._quote_speaker(doc, region)
        sent = trig.sent
        if speaker is not None and sent.start <= speaker.i < sent.end:
            claimant = self._claimant(doc, speaker, on_date)
            if claimant is not None:
                if self._speech_act(trig, claimant, event):
                    return Claim(status="asserted", cue="quotation",
                                 reason=f"{SPEECH_ACT} quoted from its own speaker")
                status = "claimed" if self._self_serving(claimant, event) else "reported"
                return Claim(status=status, claimant=claimant, cue="quotation",
                             reason=f"inside a quotation attributed to '{claimant.text}'")
        subj = None if event.actors else self._clause_subject(self._clause_verb(trig) or trig)
        if event.event_type in self.cues.speech_act_types and any(
                a.strip("“\"'â€œ ").lower() in self.cues.first_person
                for a in [a.text for a in event.actors] + ([subj.text] if subj is not None else [])):
            # "“I’m asking you to find my daughter”": the quoted words are the request
            return Claim(status="asserted", cue="quotation",
                         reason=f"{SPEECH_ACT} in the first person, quoted")
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
        return self._colon_speaker(doc, start)

    def _colon_speaker(self, doc, start):
        """'Khalil articulates a common sentiment: “We won't ...”': a quotation opened
        right after a colon is the words of the subject of the clause the colon ends,
        whatever its verb (complains, recalls, put it, articulates)."""
        at = start
        for mark in self.cues.quote_open + self.cues.quote_toggle:
            if doc.text.startswith(mark, at - len(mark)):
                at -= len(mark)
                break
        while at > 0 and doc.text[at - 1].isspace():
            at -= 1
        if at <= 0 or doc.text[at - 1] != ":":
            return None
        colon = doc.parsed.char_span(at - 1, at, alignment_mode="expand")
        if colon is None or not len(colon):
            return None
        verb = colon[0].head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        speaker = next((c for c in verb.children if c.dep_ == "nsubj" and not c.is_punct), None)
        if speaker is None or speaker.idx >= start or speaker.pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        return speaker
