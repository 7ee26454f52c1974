"""MTA202 awkward-wording: the LM critic, with a stand-in scorer and with the real model."""
import dataclasses

import pytest

from mtaudit.config import Config
from mtaudit import Auditor
from mtaudit.rules.base import RuleContext
from mtaudit.rules.mta202_awkward_wording import AwkwardWording
from tests.lexicon.fake_scorer import FakeScorer
from tests.rules.helpers import apply_first_suggestion, run_rule

EVERYWHERE = {"min-surprise": -100.0}  # the stand-in scorer's surprisals are not a model's
STAND_OUT = {"min-surprise": 2.0}


def test_needs_the_model():
    assert run_rule(AwkwardWording, "The storm what hit the coast was strong.") == []


def test_reports_an_edit_the_model_prefers_with_alternatives_at_the_same_span():
    scorer = FakeScorer(["storm that hit", "storm which hit"])
    text = "The storm what hit the coast was strong."
    findings = run_rule(AwkwardWording, text, RuleContext(options=EVERYWHERE, scorer=scorer))
    assert [(f.rule, f.text) for f in findings] == [("MTA202", "what hit")]
    assert set(findings[0].suggestions) == {"that hit", "which hit"}
    assert apply_first_suggestion(text, findings[0]) in (
        "The storm that hit the coast was strong.", "The storm which hit the coast was strong.")


def test_an_edit_below_the_confidence_or_outside_the_budget_is_not_reported():
    text = "The storm what hit the coast was strong."
    weak = FakeScorer(["storm that hit"], bonus=0.5)
    assert run_rule(AwkwardWording, text, RuleContext(options=EVERYWHERE, scorer=weak)) == []
    strong = FakeScorer(["storm that hit"])
    assert run_rule(AwkwardWording, text, RuleContext(options={**EVERYWHERE, "budget": 0}, scorer=strong)) == []


def test_gives_way_to_another_rule_on_the_same_words():
    scorer = FakeScorer(["was the crisis"])
    config = Config(select=["MTA001", "MTA202"], rule_options={"MTA202": EVERYWHERE})
    result = Auditor(config, scorer).audit_text("It was the the crisis began in March.\n")
    assert [f.rule for f in result.findings] == ["MTA001"]
    alone = Auditor(Config(select=["MTA202"], rule_options={"MTA202": EVERYWHERE}), scorer)
    assert [f.rule for f in alone.audit_text("It was the the crisis began in March.\n").findings] == ["MTA202"]


class ProposingScorer(FakeScorer):
    """The stand-in scorer with a next-word distribution, ``options`` at every place, that
    stumbles on the word ``surprising`` only."""

    def __init__(self, preferred, options, surprising):
        super().__init__(preferred)
        self.options = options
        self.surprising = surprising

    def score(self, texts):
        return [dataclasses.replace(s, token_spans=tuple((a, b, 12.0 if t[a:b] == self.surprising else 1.0)
                                                         for a, b, _ in s.token_spans))
                for t, s in zip(texts, super().score(texts))]

    def continuations(self, places, k):
        return [self.options[:k] for _ in places]

    def word_similarity(self, pairs):
        return [1.0 if {a, b} == {"large", "big"} else 0.0 for a, b in pairs]


def test_reports_an_edit_the_model_proposes_itself():
    text = "The council is searching new partners abroad."
    scorer = ProposingScorer(["searching for new partners"], [(" for", -0.5), (" the", -1.0)], "new")
    findings = run_rule(AwkwardWording, text, RuleContext(options=STAND_OUT, scorer=scorer))
    assert [(f.text, f.suggestions[0]) for f in findings] == [("new", "for new")]
    assert apply_first_suggestion(text, findings[0]) == "The council is searching for new partners abroad."
    off = RuleContext(options={**STAND_OUT, "model-budget": 0}, scorer=scorer)
    assert run_rule(AwkwardWording, text, off) == []


def test_a_model_substitute_unrelated_to_the_word_is_not_proposed():
    text = "They built a big house near the river bank."
    related = ProposingScorer(["a large house"], [(" large", -0.5)], "big")
    found = run_rule(AwkwardWording, text, RuleContext(options=STAND_OUT, scorer=related))
    assert [(f.text, f.suggestions[0]) for f in found] == [("big", "large")]
    unrelated = ProposingScorer(["a small house"], [(" small", -0.5)], "big")  # likely, but not what was written
    assert run_rule(AwkwardWording, text, RuleContext(options=STAND_OUT, scorer=unrelated)) == []


@pytest.mark.slow
def test_with_the_real_model_the_judge_ranks_the_right_fixes_above_anything_on_clean_sentences(tmp_path, monkeypatch):
    """The fitted judge with its screen off and no cut-off: what it makes of every edit, read
    off every judged rewrite (where edits overlap, the rule reports one of them).  (At the
    fitted cut-off MTA202 reports only the edits it is surest of; see models/judge.json.)"""
    import json

    import mtaudit.rules.base as rules_base
    from mtaudit.resources import model_file
    from mtaudit.scoring import load_scorer

    judge = json.loads(model_file("judge.json").read_text(encoding="utf-8"))
    judge.update(screen={}, budget_per_sentence=100)
    (tmp_path / "judge.json").write_text(json.dumps(judge), encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_JUDGE", str(tmp_path / "judge.json"))
    judged = {}  # (sentence, span, rewrite) -> confidence
    real_judge = rules_base.judge

    def recording(scorer, proposals, **kw):
        verdicts = real_judge(scorer, proposals, **kw)
        for v in verdicts:
            p = v.proposal
            for j in v.judged:
                judged[p.text, p.text[p.start : p.end], j.replacement] = j.confidence
        return verdicts

    monkeypatch.setattr(rules_base, "judge", recording)
    ctx = RuleContext(options={"min-confidence": 0.0}, scorer=load_scorer())
    # written for this test; not from the dev set
    bad = {
        "The boat what sank near the island was carrying tourists.": ("what", "that"),
        "Prices of the petrol rose again in the spring.": ("the petrol", "petrol"),
        "The minister was interviewed by the journalists of the television.":
            ("the journalists of the television", "the television journalists"),
    }
    for text in bad:
        assert run_rule(AwkwardWording, text, ctx), text  # each gets a finding
    right = [judged[(text, *edit)] for text, edit in bad.items()]
    clean_texts = ("The children played in the garden until dinner.", "She has lived in Lisbon since 2015 and works as a nurse.",
                   "The museum reopened after a long renovation.", "We met the director of the school at the station.")
    for text in clean_texts:
        run_rule(AwkwardWording, text, ctx)
    clean = [c for (text, _, _), c in judged.items() if text in clean_texts]
    assert clean and max(clean) < min(right)
