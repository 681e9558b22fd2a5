"""Actor and recipient spans learned from labelled sentences: a mention-conditioned span classifier.

The rules (``arguments``, ``recipients``) choose who acted and whom the act was aimed at
from the parse, one reading at a time. This stage looks again at each rule mention's
sentence: every candidate phrase (``candidate_spans``: the rules' own phrase of each noun
or name, its core, its subtree, its co-ordination, its entity, the rules' chosen spans)
gets a probability of being *this mention's* source (S), target (T) or neither (O) from a
linear model over the phrase's relation to the mention's trigger (the dependency path
between their heads, the argument slot of the trigger's clause it fills, side and
distance), its edges and entity labels, and how it relates to the rules' spans.
Conditioning on the mention keeps a sentence with several events several events.

How its answer is combined with the rules' (``choose``; thresholds chosen by 5-fold CV,
``scripts/train_spans.py`` writes them into the model's JSON ``policy``):

1. The speaker of the trigger's clause ("a monitor said", "according to X") and phrases
   outside a quotation holding the trigger are never candidates unless the rules chose
   them: the claims stage names them as claimants (CAMEO coders make them the source).
2. Each rule span stays, unless a candidate overlapping it scores at least ``take_p`` for
   the same role and more than the rule span itself (a boundary fix).
3. A rule span is dropped when its own probability for its role is below ``keep_p``; a
   pronoun the rules resolved is never touched (``is_locked``).
4. A role the rules left empty is filled with the best non-overlapping candidates scoring
   at least ``add_p``.
5. Every changed mention says so in ``reasons`` ("span tagger: recipient [...] -> [...]");
   a new span is resolved with the actor dictionary, keeping the replaced rule actor's
   identity when the new text does not resolve (a boundary fix does not change who it is).

Without a model file the stage is a no-op and logs a warning (rules only).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..document import ACTORS, EVENTS, PARSE, Actor, Document, EventMention
from ..settings import Settings
from .classifier import sentence_tokens

log = logging.getLogger(__name__)

MODEL_NAME = "span_tagger"
LABELS = ("O", "S", "T")
ROLES = ("S", "T")
# Path features look this many dependency steps up from the token and from the trigger:
# past three steps the slot a token fills is already decided by the nearer arcs.
PATH_STEPS = 3
# Distance buckets (tokens between the token and the trigger).
DIST_BUCKETS = (0, 1, 2, 4, 8, 16)
# A mention whose trigger or sentence the parse does not cover is left to the rules; a
# sentence longer than this many tokens is too (a run-on list or a table row, where the
# path features mean little; cameo_ner dev sentences are all shorter).
MAX_TOKENS = 150
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "his",
            "its", "their", "our"}


def model_paths(folder: str | Path) -> tuple[Path, Path]:
    folder = Path(folder)
    return folder / f"{MODEL_NAME}.json", folder / f"{MODEL_NAME}.npz"


@dataclass
class SpanModel:
    """A multinomial linear model over binary features, with its combination policy."""

    labels: tuple[str, ...]
    index: dict[str, int]
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    policy: dict[str, dict[str, float]]

    def probs(self, feats: list[list[str]]) -> np.ndarray:
        """(candidates, labels) probabilities for each candidate's feature list."""
        scores = np.tile(self.intercept, (len(feats), 1))
        for i, names in enumerate(feats):
            cols = [self.index[n] for n in names if n in self.index]
            if cols:
                scores[i] += self.coef[:, cols].sum(axis=1)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


@lru_cache(maxsize=2)
def load_model(folder: str) -> SpanModel | None:
    """The shipped model, or None when its files are absent (then the rules stand)."""
    meta_path, arr_path = model_paths(folder)
    if not meta_path.exists() or not arr_path.exists():
        log.warning("span tagger model not found in %s; actor/recipient spans from rules only",
                    folder)
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    with np.load(arr_path, allow_pickle=False) as arrays:
        coef = arrays["coef"].astype(np.float64)
        intercept = arrays["intercept"].astype(np.float64)
    return SpanModel(tuple(meta["labels"]), {f: i for i, f in enumerate(meta["features"])},
                     coef, intercept, meta["policy"])


# -- features ------------------------------------------------------------------------------------

def _bucket(n: int) -> str:
    for b in DIST_BUCKETS:
        if n <= b:
            return str(b)
    return f">{DIST_BUCKETS[-1]}"


def _ancestors(tok) -> list:
    out = [tok]
    while out[-1].head != out[-1] and len(out) < 60:
        out.append(out[-1].head)
    return out


def _slot(tok) -> str:
    """A dependency label, with the word for prepositions and markers ("prep:against")."""
    if tok.dep_ in ("prep", "agent", "dative", "mark", "case", "aux"):
        return f"{tok.dep_}:{tok.lower_}"
    return tok.dep_


def rule_entities(mention: EventMention, toks: list, *, locked: bool = False
                  ) -> list[tuple[str, int, int]]:
    """The rules' actor (S) and recipient (T) spans of ``mention`` as (role, first, last + 1)
    positions in ``toks``; ``locked``: only those the tagger must leave alone (``is_locked``)."""
    out = []
    for role, people in (("S", mention.actors), ("T", mention.recipients)):
        for actor in people:
            if locked and not is_locked(actor):
                continue
            inside = [k for k, t in enumerate(toks) if actor.start <= t.idx < actor.end]
            if inside:
                out.append((role, inside[0], inside[-1] + 1))
    return sorted(set(out))


def is_locked(actor: Actor) -> bool:
    """A pronoun the rules resolved ("she said, asking ..."): cameo_ner never marks a
    pronoun, so the tagger learnt to drop them, but an analyst wants the resolved party."""
    # (letters only: a pronoun glued to a mis-decoded quotation mark, "â€œwe", is one too)
    return (actor.reason or "").startswith("pronoun") or \
        re.sub(r"[^a-z]", "", actor.text.lower()) in PRONOUNS


# Heads a candidate phrase is built around: nouns, names, numbers ("15 of them") and
# nationality/place/organisation words ("the Iraqi"). Never a pronoun: the rules resolve
# those to their antecedents, and cameo_ner marks none.
HEAD_POS = {"NOUN", "PROPN", "NUM"}
HEAD_ENTS = {"NORP", "GPE", "ORG", "PERSON"}
# Rule relations of a candidate to the rules' span of a role, strongest first.
RULE_RELATIONS = ("exact", "covers", "inside", "overlap")


def _relation(tok, trigger, g_anc: list, g_pos: dict[int, int]) -> dict[str, str]:
    """Where ``tok`` hangs relative to the trigger: the argument slot it fills, the
    dependency paths to their lowest common ancestor, side and distance."""
    t_anc = _ancestors(tok)
    up = 0
    while up < len(t_anc) and t_anc[up].i not in g_pos:
        up += 1
    lca = t_anc[up] if up < len(t_anc) else None
    down = g_pos[lca.i] if lca is not None else 99
    if lca is None:
        arg, rel = "none", "apart"
    elif tok.i == trigger.i:
        arg, rel = "self", "self"
    elif lca.i == trigger.i:
        arg, rel = _slot(t_anc[up - 1]), "under"
    elif lca.i == tok.i:
        arg, rel = _slot(g_anc[down - 1]), "over"
    else:
        arg, rel = _slot(t_anc[up - 1]), "side"
    return {
        "arg": arg, "rel": rel,
        "gpath": "/".join(_slot(t) for t in g_anc[:min(down, PATH_STEPS)]),
        "tpath": "/".join(_slot(t) for t in t_anc[:min(up, PATH_STEPS)]),
        "updeps": ",".join(sorted({t.dep_ for t in t_anc[1:up]})) if lca is not None else "",
        "side": "L" if tok.i < trigger.i else "R" if tok.i > trigger.i else "T",
        "dist": _bucket(abs(tok.i - trigger.i)),
        "up": _bucket(up),
    }


# Dependencies by which a clause is what somebody says ("X said [the army attacked]",
# "[...], X said"): the subject of the saying verb is the claimant, not a party.
REPORTED_DEPS = {"ccomp", "parataxis"}
# A word this many steps below a speaker's head ("Jonathon Duncan, [a friend]") is part of
# the speaker's phrase.
SPEAKER_HOPS = 3


def is_speaker(head, trigger) -> bool:
    """Whether ``head`` is who reports the trigger's clause ("a monitor said", "according to
    X"). CAMEO coders make that speaker the source (cameo_ner marks "The Office ... said
    Karzai has expressed concern" with the Office as source); an analyst wants the one
    who acted, and the claims stage makes the speaker the claimant (DESIGN.md section 2),
    so the tagger never proposes a speaker the rules did not choose."""
    if head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according":
        return True
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb, tok = head.head, trigger
    steps = 0
    while tok.head != tok and steps < 20:
        if tok.head == verb:
            return tok.dep_ in REPORTED_DEPS or any(
                t.dep_ in REPORTED_DEPS for t in _ancestors(trigger)[:steps + 1])
        tok, steps = tok.head, steps + 1
    return False


QUOTE_MARKS = {'"', "“", "”"}



def quoted_region(toks: list, trigger) -> tuple[int, int] | None:
    """The positions (open, close) of the quotation marks around the trigger, or None.
    Inside a quotation the actor is its speaker, whom the claims stage names; a phrase
    outside it ("The letters begin with the words: '... asking ...'") is no party."""
    marks = [k for k, t in enumerate(toks) if t.text in QUOTE_MARKS]
    at = trigger.i - toks[0].i
    for open_, close in zip(marks[::2], marks[1::2]):
        if open_ < at < close:
            return open_, close
    if len(marks) % 2 and marks[-1] < at:
        return marks[-1], len(toks)  # a quotation running on past the sentence
    return None


def candidate_spans(toks: list, rule_ents: list[tuple[str, int, int]],
                    trigger) -> list[tuple[int, int, int, tuple[str, ...]]]:
    """Candidate phrases of a sentence as (first, last + 1, head position, kinds), sorted.

    Positions index ``toks``. Kinds say how a phrase was built: the rules' own phrase of
    a head (``np``), its core without prepositional phrases (``core``), its whole subtree
    (``sub``), the phrase stretched over co-ordinated heads (``conj``), without its
    determiner (``nodet``), cut after the head (``tohead``), the named entity (``ent``),
    and each span the rules chose for the mention (``rule``). On the cameo_ner dev half
    these hold 95% of the gold source and target spans exactly. A phrase headed by the
    trigger's reporter (``is_speaker``) is no candidate unless the rules chose it.
    """
    from . import arguments as args

    first = toks[0].i
    n = len(toks)
    quote = quoted_region(toks, trigger)
    found: dict[tuple[int, int], tuple[int, set[str]]] = {}

    def add(a: int, b: int, head: int, kind: str) -> None:
        a, b = a - first, b - first
        if 0 <= a < b <= n:
            found.setdefault((a, b), (head - first, set()))[1].add(kind)

    for h in toks:
        if h.pos_ not in HEAD_POS and h.ent_type_ not in HEAD_ENTS or h.pos_ == "PRON" \
                or any(is_speaker(a, trigger) for a in _ancestors(h)[:SPEAKER_HOPS]) \
                or (quote is not None and not quote[0] < h.i - first < quote[1]):
            continue
        np_ = args.np_tokens(h)
        add(np_[0].i, np_[-1].i + 1, h.i, "np")
        core = args.core_np_tokens(h)
        add(core[0].i, core[-1].i + 1, h.i, "core")
        sub = sorted(h.subtree, key=lambda t: t.i)
        add(sub[0].i, sub[-1].i + 1, h.i, "sub")
        later = [c for c in h.conjuncts if c.i > h.i]
        if later:
            add(np_[0].i, args.np_tokens(later[-1])[-1].i + 1, h.i, "conj")
        if np_[0].dep_ == "det" and len(np_) > 1:
            add(np_[1].i, np_[-1].i + 1, h.i, "nodet")
        add(np_[0].i, h.i + 1, h.i, "tohead")
        if h.ent_type_:
            ent = [e for e in h.doc.ents if e.start <= h.i < e.end]
            if ent:
                add(ent[0].start, ent[0].end, h.i, "ent")
    for _, a, b in rule_ents:
        head = min(toks[a:b], key=lambda t: (toks[a].i <= t.head.i < toks[b - 1].i + 1, t.i))
        add(toks[a].i, toks[b - 1].i + 1, head.i, "rule")
    return sorted((a, b, h, tuple(sorted(k))) for (a, b), (h, k) in found.items())


def _rule_relation(a: int, b: int, ents: list[tuple[int, int]]) -> str:
    best = len(RULE_RELATIONS)
    for ra, rb in ents:
        if (a, b) == (ra, rb):
            rel = 0
        elif a <= ra and rb <= b:
            rel = 1
        elif ra <= a and b <= rb:
            rel = 2
        elif a < rb and ra < b:
            rel = 3
        else:
            continue
        best = min(best, rel)
    return RULE_RELATIONS[best] if best < len(RULE_RELATIONS) else "none"


def candidate_features(toks: list, trigger, event_type: str,
                       rule_ents: list[tuple[str, int, int]],
                       cands: list[tuple[int, int, int, tuple[str, ...]]]) -> list[list[str]]:
    """Each candidate's feature names relative to the mention's ``trigger`` token."""
    g_anc = _ancestors(trigger)
    g_pos = {t.i: n for n, t in enumerate(g_anc)}
    trig_at = trigger.i - toks[0].i
    by_role = {r: [(a, b) for rr, a, b in rule_ents if rr == r] for r in ROLES}
    out = []
    for a, b, h, kinds in cands:
        head, first, last = toks[h], toks[a], toks[b - 1]
        rel = _relation(head, trigger, g_anc, g_pos)
        before = toks[a - 1] if a else None
        after = toks[b] if b < len(toks) else None
        arg = rel["arg"]
        rules = {r: _rule_relation(a, b, by_role[r]) for r in ROLES}
        rr = f"S:{rules['S']}|T:{rules['T']}"
        ents = sorted({t.ent_type_ for t in toks[a:b] if t.ent_type_})
        deps = {t.dep_ for t in toks[a:b] if t.i != head.i}
        names = [
            "bias", f"arg={arg}", f"rel={rel['rel']}", f"rel_arg={rel['rel']}|{arg}",
            f"gpath={rel['gpath']}", f"tpath={rel['tpath']}",
            f"paths={rel['rel']}|{rel['gpath']}|{rel['tpath']}", f"updeps={rel['updeps']}",
            f"side={rel['side']}", f"dist={rel['dist']}", f"up={rel['up']}",
            f"side_arg={rel['side']}|{arg}", f"type_arg={event_type}|{arg}",
            f"trig_arg={trigger.pos_}|{arg}", f"lemma_arg={trigger.lemma_.lower()}|{arg}",
            f"rules={rr}", f"rules_arg={rr}|{arg}", f"rules_kinds={rr}|{'+'.join(kinds)}",
            f"hdep={head.dep_}", f"hpos={head.pos_}", f"hent={head.ent_type_}",
            f"hlow={head.lower_}", f"first={first.pos_}|{first.dep_}", f"flow={first.lower_}",
            f"last={last.pos_}|{last.dep_}", f"llow={last.lower_}",
            f"before={before.lower_ if before is not None else 'BOS'}",
            f"bpos={before.pos_ if before is not None else 'BOS'}",
            f"after={after.lower_ if after is not None else 'EOS'}",
            f"apos={after.pos_ if after is not None else 'EOS'}",
            f"len={_bucket(b - a)}", f"ents={'+'.join(ents)}",
            f"has_trigger={a <= trig_at < b}",
            f"head_at={'first' if h == a else 'last' if h == b - 1 else 'mid'}",
        ]
        names.extend(f"kind={k}" for k in kinds)
        names.extend(f"kind_arg={k}|{arg}" for k in kinds)
        names.extend(f"kind_rules={k}|{rr}" for k in kinds)
        names.extend(f"dep_in={d}" for d in sorted(deps & {"relcl", "acl", "appos", "conj",
                                                           "cc", "prep", "poss", "punct",
                                                           "det", "nummod", "amod", "case"}))
        for r in ROLES:
            if by_role[r]:
                names.append(f"rules_has={r}")
        out.append(names)
    return out


def mention_tokens(doc: Document, mention: EventMention) -> tuple[list, Any] | None:
    """The spaCy tokens of the mention's sentence and its trigger token, or None."""
    sdoc = doc.parsed
    if sdoc is None or not (0 <= mention.sentence_index < len(doc.sentences)):
        return None
    sent = doc.sentences[mention.sentence_index]
    # the sentence's own tokens, not a scan of the whole parse per mention; contiguous:
    # positions = i - first
    toks = [t for t in sentence_tokens(doc, mention.sentence_index)
            if sent.start <= t.idx < sent.end]
    trig = [t for t in toks if t.idx <= mention.trigger.start < t.idx + len(t.text)]
    if not toks or not trig or len(toks) > MAX_TOKENS:
        return None
    return toks, trig[0]


# -- choosing ------------------------------------------------------------------------------------

def _overlaps(a: int, b: int, taken: list[tuple[str, int, int, str]]) -> bool:
    return any(a < tb and ta < b for _, ta, tb, _ in taken)


def choose(cands: list[tuple[int, int, int, tuple[str, ...]]], probs: np.ndarray,
           rule_ents: list[tuple[str, int, int]], policy: dict[str, dict[str, float]],
           labels: tuple[str, ...] = LABELS, *, locked: list[tuple[str, int, int]] = ()
           ) -> list[tuple[str, int, int, str]]:
    """Final (role, first, last + 1, who) spans, ``who`` = "rules" or "tagger" (module
    steps 2-5); ``locked`` rule spans stay whatever the model says."""
    col = {r: labels.index(r) for r in ROLES}
    where = {(a, b): k for k, (a, b, _, _) in enumerate(cands)}
    taken: list[tuple[str, int, int, str]] = []
    for role, a, b in rule_ents:  # 2.-3. each rule span: keep, re-bound or drop
        k = where.get((a, b))
        own = float(probs[k, col[role]]) if k is not None else 1.0
        if (role, a, b) in locked:
            taken.append((role, a, b, "rules"))
            continue
        fixes = sorted((float(probs[j, col[role]]), -j, ca, cb)
                       for j, (ca, cb, _, _) in enumerate(cands)
                       if ca < b and a < cb and (ca, cb) != (a, b))
        if fixes and fixes[-1][0] >= policy[role]["take_p"] and fixes[-1][0] > own:
            _, _, ca, cb = fixes[-1]
            taken.append((role, ca, cb, "tagger"))
        elif own >= policy[role]["keep_p"]:
            taken.append((role, a, b, "rules"))
    taken = [t for n, t in enumerate(taken) if not _overlaps(t[1], t[2], taken[:n])]
    had = {r for r, _, _ in rule_ents}
    ranked = sorted(((float(probs[k, col[r]]), r, a, b) for k, (a, b, _, _) in enumerate(cands)
                     for r in ROLES if r not in had), key=lambda x: (-x[0], x[2], x[3], x[1]))
    for p, role, a, b in ranked:  # 4. a role the rules left empty
        if p >= policy[role]["add_p"] and not _overlaps(a, b, taken):
            taken.append((role, a, b, "tagger"))
    return sorted(taken, key=lambda e: (e[0], e[1]))


# -- the stage -----------------------------------------------------------------------------------

class SpanTagger:
    """Re-reads each rule mention's actor and recipient spans with the learned tagger."""

    name = "spans"
    requires = (EVENTS, PARSE)
    assigns = (ACTORS,)

    def __init__(self, settings: Settings, *, model: SpanModel | None = None,
                 actors: Any = None) -> None:
        self.settings = settings
        self.model_dir = str(Path(settings.data_dir) / "models")
        self._model = model
        self._actors = actors

    @property
    def model(self) -> SpanModel | None:
        if self._model is None:
            self._model = load_model(self.model_dir)
        return self._model

    @property
    def actors(self):
        if self._actors is None:
            from ..actors import ActorDictionary

            self._actors = ActorDictionary.load(self.settings)
        return self._actors

    def __call__(self, doc: Document) -> Document:
        model = self.model
        if model is None or doc.parsed is None:
            return doc
        for mention in doc.events:
            if mention.actors or mention.recipients or mention.pattern_id:
                self.retag(doc, mention, model)
        return doc

    def retag(self, doc: Document, mention: EventMention, model: SpanModel) -> None:
        found = mention_tokens(doc, mention)
        if found is None:
            return
        toks, trigger = found
        rule_ents = rule_entities(mention, toks)
        cands = candidate_spans(toks, rule_ents, trigger)
        probs = model.probs(candidate_features(toks, trigger, mention.event_type, rule_ents, cands))
        final = choose(cands, probs, rule_ents, model.policy, model.labels,
                       locked=rule_entities(mention, toks, locked=True))
        if [(r, a, b) for r, a, b, _ in final] == rule_ents:
            return
        score = {(a, b): probs[k] for k, (a, b, _, _) in enumerate(cands)}
        on_date = (doc.published or "")[:10] or None
        old = {"S": list(mention.actors), "T": list(mention.recipients)}
        new: dict[str, list[Actor]] = {"S": [], "T": []}
        for role, a, b, who in final:
            start, end = toks[a].idx, toks[b - 1].idx + len(toks[b - 1].text)
            kept = [x for x in old[role] if x.start == start and x.end == end]
            if kept:
                new[role].append(kept[0])
                continue
            p = float(score[(a, b)][model.labels.index(role)])
            new[role].append(self._actor(doc, start, end, old[role], on_date, p))
        for role, word in (("S", "actor"), ("T", "recipient")):
            before = [x.text for x in old[role]]
            after = [x.text for x in new[role]]
            if before != after:
                mention.reasons.append(f"span tagger: {word} {before} -> {after}")
        mention.actors, mention.recipients = new["S"], new["T"]

    def _actor(self, doc: Document, start: int, end: int, replaced: list[Actor],
               on_date: str | None, p: float) -> Actor:
        text = doc.text[start:end]
        actor = Actor(text=text, start=start, end=end)
        res = self.actors.resolve(text, on_date=on_date)
        over = [x for x in replaced if x.start < end and start < x.end]
        if res is not None:
            actor.name, actor.country, actor.sector = res.name, res.country, res.sector
            actor.qid, actor.kind = res.qid, res.kind
            actor.reason = f"span tagger (p={p:.2f}); {res.reason}" if res.reason else \
                f"span tagger (p={p:.2f})"
        elif over:
            src = over[0]
            actor.name, actor.country, actor.sector = src.name, src.country, src.sector
            actor.qid, actor.kind = src.qid, src.kind
            actor.reason = f"span tagger (p={p:.2f}): boundaries of '{src.text}'"
        else:
            actor.reason = f"span tagger (p={p:.2f})"
        return actor


def make_spans(settings: Settings) -> SpanTagger:
    return SpanTagger(settings)


def without_tagger(settings: Settings) -> Settings:
    """``settings`` with this stage left out of ``stages``: the pipeline the models trained
    before it (quad) and this one learn from, so ``make train`` never reads the span model
    it is about to replace, and what ``span_eval --rules-only`` scores."""
    return settings.with_(stages=tuple(s for s in settings.stages if s != SpanTagger.name))
