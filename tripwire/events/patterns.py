"""Load and validate event trigger patterns from ``data/event_patterns.jsonl``.

Each record says which word (by lemma and part of speech) expresses which PLOVER
event type, with optional constraints on its dependents. Analysts review and edit
these records; the loader refuses a malformed one with the file and line.

Record fields (only ``id``, ``label`` and ``lemma`` are required):

- ``id``: unique, stable; appears in each mention's evidence.
- ``label``: PLOVER type (AGREE ... ASSAULT). ``mode``: PLOVER mode or null.
- ``lemma``: list of lemmas (single words, or particle verbs as "put down").
- ``pos``: "VERB" or "NOUN" (default VERB).
- ``obj``: the direct object (or, for nouns, an "of" object) must contain one of these lemmas.
- ``prep``: the trigger must govern one of these prepositions (e.g. "to" for visits).
- ``not_obj``: the pattern does not apply when the object contains one of these lemmas.
- ``not_clause``: true when the pattern does not apply to a trigger that governs a clause
  ("denied that its forces shelled the town", "denied attacking"): the clause is the
  content of a denial, coded as its own event with status ``denied``.
- ``subj``: the subject phrase must contain one of these lemmas, or (upper-case
  entries) a named entity of that spaCy label ("PERSON").
- ``context_any``: one of these lemmas must occur in the sentence.
- ``recipient``: ordered roles where the recipient is looked for
  (``dobj``, ``dative``, ``pobj:<prep>``, ``poss``, ``purpose`` = the object of a purpose
  clause such as "aimed at fixing X") ...; [] means no recipient.
- ``passive_subject``: "recipient" (default: "X was attacked") or "actor"
  ("troops were deployed": the forces are the ones mobilising).
- ``contexts``: PLOVER contexts this trigger implies.
- ``head``: the trigger's syntactic head must have one of these lemmas ("lodged a
  protest" is a complaint, not a street protest).
- ``priority``: higher wins when several patterns match one token (default: more
  constraints win).

A record with ``frame`` instead of ``id`` is a word list for the clause-frame rules in
``frames.py`` (``{"frame": "future_aux", "words": [...]}``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..datafiles import read_jsonl
from ..errors import ConfigError

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
KNOWN_FIELDS = {"id", "label", "mode", "lemma", "pos", "obj", "prep", "not_obj", "context_any",
                "recipient", "passive_subject", "contexts", "priority", "comment", "not_prep",
                "subj", "head", "not_clause"}
FRAME_FIELDS = {"frame", "words", "comment"}
DEFAULT_RECIPIENT_ROLES = ("dobj", "dative", "pobj:against", "pobj:on", "pobj:with", "pobj:to")


@dataclass(frozen=True)
class Pattern:
    id: str
    label: str
    lemma: tuple[str, ...]
    pos: str = "VERB"
    mode: str | None = None
    obj: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    not_prep: frozenset[str] = frozenset()
    not_obj: frozenset[str] = frozenset()
    subj: frozenset[str] = frozenset()
    context_any: frozenset[str] = frozenset()
    head: frozenset[str] = frozenset()
    not_clause: bool = False
    recipient: tuple[str, ...] = DEFAULT_RECIPIENT_ROLES
    passive_subject: str = "recipient"
    contexts: tuple[str, ...] = ()
    priority: int = 0

    @property
    def is_constrained(self) -> bool:
        """True when the pattern checked the parse (object, preposition, subject or head),
        not only the trigger word: stronger evidence than a bag-of-words model."""
        return bool(self.obj or self.prep or self.subj or self.head)

    @property
    def specificity(self) -> int:
        return (self.priority * 10 + bool(self.obj) + bool(self.prep) + bool(self.context_any)
                + bool(self.subj) + bool(self.head)
                + (" " in self.lemma[0]))


@dataclass
class PatternTable:
    patterns: list[Pattern] = field(default_factory=list)
    # (first lemma word, pos) -> patterns, most specific first
    index: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)
    # clause-frame word lists (frames.py): name -> words
    frames: dict[str, frozenset[str]] = field(default_factory=dict)

    def candidates(self, lemma: str, pos: str) -> list[Pattern]:
        return self.index.get((lemma, pos), [])


def _validate(rec: dict, path: Path, line: int) -> Pattern:
    def fail(msg: str) -> ConfigError:
        return ConfigError("E017", path=str(path), line=line, error=msg)

    unknown = set(rec) - KNOWN_FIELDS
    if unknown:
        raise fail(f"unknown fields {sorted(unknown)}")
    for key in ("id", "label", "lemma"):
        if key not in rec:
            raise fail(f"missing '{key}'")
    if rec["label"] not in PLOVER_TYPES:
        raise fail(f"label {rec['label']!r} is not a PLOVER type")
    lemmas = rec["lemma"] if isinstance(rec["lemma"], list) else [rec["lemma"]]
    pos = rec.get("pos", "VERB")
    if pos not in ("VERB", "NOUN"):
        raise fail(f"pos must be VERB or NOUN, not {pos!r}")
    if rec.get("passive_subject", "recipient") not in ("recipient", "actor"):
        raise fail("passive_subject must be 'recipient' or 'actor'")
    return Pattern(
        id=rec["id"], label=rec["label"], lemma=tuple(lemmas), pos=pos, mode=rec.get("mode"),
        obj=frozenset(rec.get("obj", ())), prep=frozenset(rec.get("prep", ())),
        not_prep=frozenset(rec.get("not_prep", ())),
        not_obj=frozenset(rec.get("not_obj", ())), subj=frozenset(rec.get("subj", ())),
        context_any=frozenset(rec.get("context_any", ())),
        head=frozenset(rec.get("head", ())),
        not_clause=bool(rec.get("not_clause", False)),
        recipient=tuple(rec.get("recipient", DEFAULT_RECIPIENT_ROLES)),
        passive_subject=rec.get("passive_subject", "recipient"),
        contexts=tuple(rec.get("contexts", ())), priority=int(rec.get("priority", 0)),
    )


def _validate_frame(rec: dict, path: Path, line: int) -> frozenset[str]:
    unknown = set(rec) - FRAME_FIELDS
    words = rec.get("words")
    if unknown or not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ConfigError("E017", path=str(path), line=line,
                          error=f"a frame record needs 'frame' and a list of 'words' "
                                f"(unknown fields {sorted(unknown)})")
    return frozenset(w.lower() for w in words)


def read_patterns(path: Path) -> PatternTable:
    table = PatternTable()
    seen: set[str] = set()
    for line_no, rec in read_jsonl(path, code="E017"):
        if "frame" in rec:
            table.frames[rec["frame"]] = _validate_frame(rec, path, line_no)
            continue
        pat = _validate(rec, path, line_no)
        if pat.id in seen:
            raise ConfigError("E017", path=str(path), line=line_no, error=f"duplicate id {pat.id}")
        seen.add(pat.id)
        table.patterns.append(pat)
        for lemma in pat.lemma:
            key = (lemma.split()[0], pat.pos)
            table.index.setdefault(key, []).append(pat)
    for pats in table.index.values():
        pats.sort(key=lambda p: -p.specificity)
    return table


def write_patterns(table: PatternTable, path: Path) -> None:
    """Write patterns back out as JSONL (round-trips with read_patterns)."""
    with path.open("w", encoding="utf-8") as fh:
        for p in table.patterns:
            rec = {"id": p.id, "label": p.label, "lemma": list(p.lemma), "pos": p.pos}
            if p.mode:
                rec["mode"] = p.mode
            for key in ("obj", "prep", "not_prep", "not_obj", "subj", "context_any", "head"):
                if getattr(p, key):
                    rec[key] = sorted(getattr(p, key))
            if p.recipient != DEFAULT_RECIPIENT_ROLES:
                rec["recipient"] = list(p.recipient)
            if p.passive_subject != "recipient":
                rec["passive_subject"] = p.passive_subject
            if p.contexts:
                rec["contexts"] = list(p.contexts)
            if p.priority:
                rec["priority"] = p.priority
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        for name, words in table.frames.items():
            fh.write(json.dumps({"frame": name, "words": sorted(words)}, ensure_ascii=False) + "\n")


@lru_cache(maxsize=4)
def load_patterns(path: str) -> PatternTable:
    return read_patterns(Path(path))
