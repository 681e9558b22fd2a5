"""A learned second opinion on event types: a linear model over the parse, combined with the rules.

The rule coder (``coder.py``) is precise where its patterns reach and blind elsewhere;
its patterns were written against the GSR dev half and do not generalise well. This
stage reads each rule mention's trigger, its object and preposition words, the words
around it and the sentence's word n-grams, and asks a multinomial logistic regression
(trained by ``scripts/train_typer.py``, stored as plain arrays in ``data/models/``)
which PLOVER type it is. The two are combined by a documented policy:

1. The model agrees with the rules: the mention is ``decided_by = "rules+model"``.
2. The model disagrees with probability >= the policy's ``override_p``, and the rule's
   pattern did not check the parse (``Pattern.is_constrained``): the model's type wins
   (``decided_by = "model"``), the mode is re-read for the new type, and the reason
   names what the rules had said. (The shipped policy, chosen by cross-validation on
   real news, never overrides: see data/models/README.md.)
3. Otherwise the rules' type stands (``decided_by = "rules"``) and the reason records the
   model's preference.
4. A document with no rule mention at all: each of its first ``ADD_MAX_SENTENCES``
   sentences offers its main verb (the complement of a speech verb: "X said Y would
   Z" offers Z); the best of them becomes a mention when its probability is at least
   ``ADD_P``, with actors read off the parse by the rule coder's own argument rules.
5. The sentence-level quad model (``quad.py``), when it is sure of the sentence's quad
   class (``quad_p``) and the mention's type lies in another quad, re-types the mention
   to the typer's best type inside that quad (``decided_by = "model"``) -- never a
   mention whose pattern checked the parse, or whose type the coder re-read through the
   trigger's frame (a promise, a threat, a refusal: ``frames.py``), as in step 2.
6. In step 4, when no main verb reaches ``ADD_P``, a lead sentence the quad model is sure
   (``quad_add_p``) is not a mere statement gets a mention of the typer's best type of
   that quad.
7. Steps 4 and 6 skip a sentence the quad model takes for a mere statement with
   probability >= ``statement_p`` ("expressed optimism", "is exploring the possibility
   of", "declined to comment"): PLOVER codes no event there, and without this veto the
   typer would put its best guess on the main verb of any sentence.
8. The quad class of a sentence's main mention (the one whose trigger stands highest in
   the parse) is the quad model's when that model is sure of it (``quad_class_p``) and
   it is not a mere statement, even where the mention's PLOVER type belongs to another
   quad; the type is left alone and the reason names both. PLOVER gives each type one
   quad, CAMEO coders read the sentence's act: "imposed sanctions" is SANCTION (PLOVER:
   material conflict) but a verbal conflict to them (CAMEO root 16), "lifted the state
   of emergency" is CONCEDE (verbal cooperation) but material cooperation (CAMEO 08
   "yield"). Re-typing (step 5) cannot express that without making the type wrong;
   step 5 is kept for where the type itself is what the quad model contradicts.

Inference needs numpy only: the vocabulary is JSON, the weights an ``.npz`` of arrays
(never a pickle), so loading is fast and the files can be inspected.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..document import EVENTS, PARSE, Document, EventMention
from ..settings import Settings
from . import arguments as args
from . import quad
from .patterns import DEFAULT_RECIPIENT_ROLES

log = logging.getLogger(__name__)

MODEL_NAME = "event_typer"
# Thresholds of the combination policy. Chosen by 5-fold cross-validation on the training
# data only (GSR dev half + NGEC synthetic stories and headlines), maximising record
# accuracy; see the model card (data/models/README.md) and re-run `make train` after a
# change to the features, the data or the rules. The values the trainer chose are stored
# in the model's JSON ("policy") and override these fallbacks.
OVERRIDE_P = 0.90
ADD_P = 0.50
# Step 5 never re-types a mention whose type the typer itself gives at least this
# probability, nor to a type the typer finds less likely than the rules' one: the quad
# model reads only the sentence's words, the typer also the trigger, its object and its
# neighbours ("On <date>, militiamen fought soldiers near X" was re-typed ASSAULT ->
# RETREAT at typer p=0.01; the seed's "soldiers have been stationed in Belarus" MOBILIZE
# -> RETREAT at 0.06 against 0.33). Set by hand at an even chance; the quad thresholds are
# then chosen by cross-validation with these rules in place (scripts/train_quad.py).
RETYPE_KEEP_P = 0.50
# Only the lead of an article is searched for a model-only mention: later sentences of a
# long story are mostly background, and the model never saw event-free sentences.
ADD_MAX_SENTENCES = 3
# The pattern id of a mention steps 4/6 add on a main verb: no trigger pattern matched it.
ADDED_PATTERN_ID = "model.main_verb"
# Where a model-added mention's recipient is looked for (no pattern names the roles): the
# rule coder's defaults.
MENTION_RECIPIENT_ROLES = DEFAULT_RECIPIENT_ROLES
# Words around the trigger that count as its window (each side).
WINDOW = 4
# Speech verbs whose complement carries the event ("X said Y would attack"; "X denied
# taking part in violence": the claims stage marks what is denied).
SPEECH_LEMMAS = {"say", "announce", "state", "tell", "report", "claim", "declare", "add",
                 "confirm", "note", "insist", "write", "disclose", "reveal", "deny"}
ENTITY_MASKS = {"GPE", "NORP", "PERSON", "ORG", "LOC", "FAC", "DATE", "TIME", "CARDINAL",
                "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "for", "with", "by", "at", "from",
        "that", "be", "have", "it", "its", "as", "this", "which", "who", "their", "his", "her"}
# Feature groups: each is L2-normalised on its own, so the sentence's many n-grams do not
# drown the handful of trigger features.
GROUPS = ("t", "o", "p", "w", "s")


# -- features -----------------------------------------------------------------------------

def _word(tok) -> str:
    """A token as a feature word: its lemma, or its entity class for names and numbers
    (so "Haiti" and "Peru" look alike to the model)."""
    if tok.ent_type_ in ENTITY_MASKS:
        return f"<{tok.ent_type_}>"
    if tok.like_num:
        return "<NUM>"
    return args.lemma_of(tok)


def mention_features(trigger, sent_toks: list,
                     sentence: dict[str, float] | None = None) -> dict[str, float]:
    """Feature name -> count for a trigger token in its sentence (deterministic: no sets
    are iterated into the output order, and the result is a sorted-key dict).
    ``sentence``: the sentence's ``sentence_features`` when the caller already has them."""
    feats: dict[str, float] = {}

    def add(name: str) -> None:
        feats[name] = feats.get(name, 0.0) + 1.0

    lemma = args.lemma_of(trigger)
    add(f"t:{lemma}")
    add(f"t:{lemma}/{trigger.pos_}")
    if any(c.dep_ == "neg" for c in trigger.children):
        add("t:<neg>")
    add(f"t:head={args.lemma_of(trigger.head)}" if trigger.head.i != trigger.i else "t:<root>")
    for word in sorted(args.object_lemmas(trigger)):
        add(f"o:{word}")
    for word in sorted(args.preposition_words(trigger)):
        add(f"p:{word}")
    words = [t for t in sent_toks if not (t.is_punct or t.is_space)]
    pos = next((k for k, t in enumerate(words) if t.i == trigger.i), None)
    if pos is not None:
        for k in range(max(0, pos - WINDOW), min(len(words), pos + WINDOW + 1)):
            if k != pos:
                add(f"w:{_word(words[k])}")
    if sentence is None:
        sentence = sentence_features(sent_toks)
    for name, count in sentence.items():
        feats[name] = feats.get(name, 0.0) + count
    return dict(sorted(feats.items()))


def sentence_features(sent_toks: list) -> dict[str, float]:
    """The sentence's lemma unigrams (stop words left out) and bigrams, names and numbers
    masked by class: the ``s`` group of ``mention_features`` and the whole input of the
    sentence-level quad model (``quad.py``)."""
    feats: dict[str, float] = {}
    seq = [_word(t) for t in sent_toks if not (t.is_punct or t.is_space)]
    for k, word in enumerate(seq):
        if word not in STOP:
            feats[f"s:{word}"] = feats.get(f"s:{word}", 0.0) + 1.0
        if k + 1 < len(seq):
            bigram = f"s:{word}_{seq[k + 1]}"
            feats[bigram] = feats.get(bigram, 0.0) + 1.0
    return dict(sorted(feats.items()))


def sentence_tokens(doc: Document, index: int) -> list:
    """The spaCy tokens of sentence ``index`` (``doc.parsed`` must be set)."""
    sent = doc.sentences[index]
    span = doc.parsed.char_span(sent.start, sent.end, alignment_mode="expand")
    return list(span) if span is not None else []


def trigger_token(doc: Document, event: EventMention):
    """The token that heads a mention's trigger span (the verb of "must withdraw")."""
    span = doc.parsed.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "NOUN")]
    return verbs[-1] if verbs and span.root.pos_ == "AUX" else span.root


def main_verb(sent_toks: list):
    """The sentence's root, or the complement of a root speech verb ("said ... would attack")."""
    roots = [t for t in sent_toks if t.head.i == t.i]
    if not roots:
        return None
    root = roots[0]
    if args.lemma_of(root) in SPEECH_LEMMAS:
        comps = [c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")]
        if comps:
            return comps[0]
    return root


# -- the model ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TypeModel:
    """Vocabulary, idf and the weights of a multinomial logistic regression, as arrays."""

    labels: tuple[str, ...]
    index: dict[str, int]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_labels, n_features)
    intercept: np.ndarray  # (n_labels,)
    policy: dict[str, float]

    def vectorize(self, feats: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Known feature indices and their tf-idf values, L2-normalised within each group."""
        idx, val, grp = [], [], []
        for name, count in feats.items():
            j = self.index.get(name)
            if j is not None:
                idx.append(j)
                val.append(count * self.idf[j])
                grp.append(name[0])
        ix = np.asarray(idx, dtype=np.int64)
        vx = np.asarray(val, dtype=np.float64)
        for g in GROUPS:
            mask = np.fromiter((c == g for c in grp), dtype=bool, count=len(grp))
            norm = float(np.sqrt(np.sum(vx[mask] ** 2))) if mask.any() else 0.0
            if norm > 0:
                vx[mask] /= norm
        return ix, vx

    def predict_proba(self, feats: dict[str, float]) -> np.ndarray:
        ix, vx = self.vectorize(feats)
        logits = self.coef[:, ix] @ vx + self.intercept
        logits -= logits.max()
        p = np.exp(logits)
        return p / p.sum()

    def best(self, feats: dict[str, float]) -> tuple[str, float, np.ndarray]:
        p = self.predict_proba(feats)
        k = int(np.argmax(p))
        return self.labels[k], float(p[k]), p

    def prob_of(self, p: np.ndarray, label: str) -> float:
        return float(p[self.labels.index(label)]) if label in self.labels else 0.0


def model_paths(model_dir: Path) -> tuple[Path, Path]:
    return model_dir / f"{MODEL_NAME}.json", model_dir / f"{MODEL_NAME}.npz"


@lru_cache(maxsize=2)
def load_model(model_dir: str) -> TypeModel:
    """Read the stored event typer (JSON vocabulary + npz arrays; no pickle allowed)."""
    return load_arrays(*model_paths(Path(model_dir)), {"override_p": OVERRIDE_P, "add_p": ADD_P})


def load_arrays(meta_path: Path, arr_path: Path, defaults: dict[str, float]) -> TypeModel:
    """A linear model stored as JSON (labels, features, policy) + npz (idf, coef, intercept)."""
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    with np.load(arr_path, allow_pickle=False) as arrays:
        idf, coef, intercept = arrays["idf"], arrays["coef"], arrays["intercept"]
    features = meta["features"]
    policy = {**defaults, **meta.get("policy", {})}
    return TypeModel(tuple(meta["labels"]), {f: i for i, f in enumerate(features)},
                     idf.astype(np.float64), coef.astype(np.float64),
                     intercept.astype(np.float64), policy)


# -- the policy -------------------------------------------------------------------------------

def combine(event: EventMention, label: str, prob: float, rule_prob: float, *,
            override_p: float, locked: str = "") -> bool:
    """Steps 1-3 of the module docstring on one rule mention; True when the type changed.

    ``locked``: ``"pattern"`` when the rule's pattern checked the parse
    (``Pattern.is_constrained``: "move" + object "troops"), ``"frame"`` when the coder
    re-read the type through the trigger's frame ("we will destroy ...": THREATEN); the
    model may then agree but not override it.
    """
    if label == event.event_type:
        event.decided_by = "rules+model"
        event.reasons.append(f"model agrees: {label} p={prob:.2f}")
        return False
    if locked:
        event.decided_by = "rules"
        why = (f"pattern {event.pattern_id} checked the parse" if locked == "pattern"
               else "the trigger's frame decided it")
        event.reasons.append(f"model prefers {label} p={prob:.2f}; rules kept {event.event_type}: {why}")
        return False
    if prob >= override_p:
        event.reasons.append(f"model: {label} p={prob:.2f} (rules said {event.event_type} "
                             f"p={rule_prob:.2f})")
        event.event_type = label
        event.decided_by = "model"
        return True
    event.decided_by = "rules"
    event.reasons.append(f"model prefers {label} p={prob:.2f} (below {override_p:.2f}); "
                         f"rules kept {event.event_type} p={rule_prob:.2f}")
    return False


class EventClassifier:
    """Pipeline stage: re-types rule mentions and adds one where the rules found none."""

    name = "classify"
    requires = (EVENTS, PARSE)
    assigns = (EVENTS,)

    def __init__(self, settings: Settings, *, model: TypeModel | None = None,
                 coder=None, quad_model: TypeModel | None | bool = True,
                 quad_p: float | None = None, quad_add_p: float | None = None,
                 statement_p: float | None = None, quad_class_p: float | None = None) -> None:
        from .coder import make_events  # the same argument and mode rules as the coder

        model_dir = str(settings.data_dir / "models")
        self.model = model or load_model(model_dir)
        self.coder = coder or make_events(settings)
        self.patterns = {p.id: p for p in self.coder.table.patterns}
        self.override_p = self.model.policy["override_p"]
        self.add_p = self.model.policy["add_p"]
        # step 5: the sentence-level quad model (quad.py); False switches it off
        self.quad = quad.load_quad_model(model_dir) if quad_model is True else quad_model or None
        self.quad_p = quad_p if quad_p is not None else (
            self.quad.policy["quad_p"] if self.quad is not None else quad.QUAD_P)
        self.quad_add_p = quad_add_p if quad_add_p is not None else (
            self.quad.policy.get("quad_add_p", quad.QUAD_P) if self.quad is not None else quad.QUAD_P)
        self.statement_p = statement_p if statement_p is not None else (
            self.quad.policy.get("statement_p", quad.QUAD_P) if self.quad is not None else quad.QUAD_P)
        self.quad_class_p = quad_class_p if quad_class_p is not None else (
            self.quad.policy.get("quad_class_p", quad.QUAD_P) if self.quad is not None else quad.QUAD_P)
        self.type_quads = quad.type_quads(str(settings.data_dir))

    def __call__(self, doc: Document) -> Document:
        sents: dict[int, tuple[list, dict[str, float]]] = {}
        sent_quads: dict[int, tuple[str, float]] = {}
        for event in doc.events:
            tok = trigger_token(doc, event)
            if tok is None:
                continue
            if event.sentence_index not in sents:
                toks = sentence_tokens(doc, event.sentence_index)
                sents[event.sentence_index] = (toks, sentence_features(toks))
            toks, sent_feats = sents[event.sentence_index]
            label, prob, p = self.model.best(mention_features(tok, toks, sent_feats))
            pattern = self.patterns.get(event.pattern_id or "")
            # a pattern that checked the parse, or a type the coder re-read through the
            # trigger's frame ("we will destroy ...", said by the actor: THREATEN, not ASSAULT)
            locked = "" if pattern is None else "pattern" if pattern.is_constrained else (
                "frame" if event.event_type != pattern.label else "")
            changed = combine(event, label, prob, self.model.prob_of(p, event.event_type),
                              override_p=self.override_p, locked=locked)
            if self.quad is not None and self.quad_p <= 1.0 and not locked:
                if event.sentence_index not in sent_quads:
                    q, qp, _ = self.quad.best(sent_feats)
                    sent_quads[event.sentence_index] = (q, qp)
                changed = self._quad_retype(event, p, *sent_quads[event.sentence_index]) or changed
            if changed:
                event.mode = self.coder._mode(event.event_type, tok,
                                              {args.lemma_of(t) for t in toks})
        if not doc.events:
            added = self._add(doc)
            if added is not None:
                doc.events.append(added)
        if self.quad is not None and self.quad_class_p <= 1.0:
            self._sentence_quads(doc, sents, sent_quads)
        return doc

    def _sentence_quads(self, doc: Document, sents: dict[int, tuple[list, dict[str, float]]],
                        sent_quads: dict[int, tuple[str, float]]) -> None:
        """Step 8: a sure sentence quad is the quad class of the sentence's main mention.
        ``sents`` and ``sent_quads`` hold what steps 1-5 already computed per sentence."""
        by_sentence: dict[int, list[tuple[int, EventMention]]] = {}
        for event in doc.events:
            tok = trigger_token(doc, event)
            if tok is not None:
                by_sentence.setdefault(event.sentence_index, []).append((args.depth(tok), event))
        for index, ranked in by_sentence.items():
            if index not in sent_quads:
                if index not in sents:
                    toks = sentence_tokens(doc, index)
                    sents[index] = (toks, sentence_features(toks))
                sent_quads[index] = self.quad.best(sents[index][1])[:2]
            label, prob = sent_quads[index]
            if label == quad.STATEMENT or prob < self.quad_class_p:
                continue
            top = min(depth for depth, _ in ranked)
            for depth, event in ranked:
                have = self.type_quads.get(event.event_type)
                if depth == top and have != label:
                    event.quad_class = label  # derive keeps it (derive.derive)
                    event.reasons.append(
                        f"quad class: the sentence model reads the sentence as {label} "
                        f"p={prob:.2f}, as CAMEO coders would; PLOVER's quad of "
                        f"{event.event_type} is {have}")

    def _quad_retype(self, event: EventMention, type_probs: np.ndarray, quad_label: str,
                     quad_prob: float) -> bool:
        """Step 5: the sentence's quad, when the quad model is sure of it, bounds the type."""
        have = self.type_quads.get(event.event_type)
        if quad_label in (quad.STATEMENT, have) or quad_prob < self.quad_p:
            return False
        current = self.model.prob_of(type_probs, event.event_type)
        if current >= RETYPE_KEEP_P:
            return False  # the typer, reading the trigger itself, backs the rules' type
        best = quad.retype_within(quad_label, self.model, type_probs, self.type_quads)
        if best is None or best[1] < current:
            return False  # nor a type the typer finds less likely than the rules' one
        event.reasons.append(f"quad model: the sentence is {quad_label} p={quad_prob:.2f}, not "
                             f"{have}; re-typed {event.event_type} -> {best[0]} (typer p={best[1]:.2f})")
        event.event_type = best[0]
        event.decided_by = "model"
        return True

    def _add(self, doc: Document) -> EventMention | None:
        """Step 4: the lead sentence whose main verb the model is surest about."""
        best = quad_best = None
        for sent in doc.sentences[:ADD_MAX_SENTENCES]:
            toks = sentence_tokens(doc, sent.index)
            verb = main_verb(toks)
            if verb is None or verb.pos_ not in ("VERB", "AUX", "NOUN"):
                continue
            sent_feats = sentence_features(toks)
            q, qp, qprobs = self.quad.best(sent_feats) if self.quad is not None else (None, 0.0, None)
            if qprobs is not None and self.quad.prob_of(qprobs, quad.STATEMENT) >= self.statement_p:
                continue  # step 7: a mere statement offers no event
            label, prob, probs = self.model.best(mention_features(verb, toks, sent_feats))
            if prob >= self.add_p and (best is None or prob > best[0]):
                best = (prob, label, sent, verb, toks)
            if q is not None and self.quad_add_p <= 1.0:
                inside = quad.retype_within(q, self.model, probs, self.type_quads) \
                    if q != quad.STATEMENT and qp >= self.quad_add_p else None
                if inside is not None and (quad_best is None or qp > quad_best[0]):
                    quad_best = (qp, q, inside, sent, verb, toks)
        if best is not None:
            prob, label, sent, verb, toks = best
            return self._mention(doc, sent, verb, toks, label, prob)
        if quad_best is not None:  # step 6
            qp, q, (label, prob), sent, verb, toks = quad_best
            mention = self._mention(doc, sent, verb, toks, label, prob)
            mention.reasons.append(f"quad model: the sentence is {q} p={qp:.2f}; the typer's "
                                   f"best type of that quad")
            return mention
        return None

    def _mention(self, doc, sent, verb, toks, label: str, prob: float) -> EventMention:
        on_date = (doc.published or "")[:10] or None
        agent, psub = args.passive_parts(verb)
        subj = args.subject_of(verb)
        actor_heads = [agent] if agent is not None else [subj] if subj is not None else []
        actors = [a for a in self.coder._resolve_all(doc, actor_heads, on_date, [], [])
                  if a.kind not in ("media", "analyst")]
        if psub is not None:
            recipients = self.coder._resolve_all(doc, [psub], on_date, [], [], target=True)
        else:
            # no pattern says where this verb's recipient is: the coder's default roles,
            # the first that names a party ("returned the artefact to Brazil"), else the
            # first holding a target nobody can place ("released the detained leaders")
            recipients = []
            for role in MENTION_RECIPIENT_ROLES:
                found = self.coder._resolve_all(doc, args.role_heads(verb, role), on_date, [],
                                                [], target=True)
                if any(r.name or r.country or r.sector for r in found):
                    recipients = found
                    break
                recipients = recipients or found
        recipients = [r for r in recipients if not any(r.start == a.start for a in actors)]
        lemmas = {args.lemma_of(t) for t in toks}
        return EventMention(
            sentence_index=sent.index, quote=doc.span(sent.start, sent.end),
            trigger=doc.span(verb.idx, verb.idx + len(verb.text)), event_type=label,
            mode=self.coder._mode(label, verb, lemmas),
            contexts=[c for c, cues in self.coder.cues.contexts if cues & lemmas],
            actors=actors, recipients=recipients, decided_by="model",
            reasons=[f"model: {label} p={prob:.2f} at the main verb '{verb.text}' "
                     f"(rules found no event in the document)"],
            pattern_id=ADDED_PATTERN_ID,
        )


def make_classify(settings: Settings) -> EventClassifier:
    return EventClassifier(settings)
