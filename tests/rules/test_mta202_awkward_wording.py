"""MTA202 awkward-wording: the LM critic, with a stand-in scorer and with the real model."""
import pytest

from mtaudit.config import Config
from mtaudit import Auditor
from mtaudit.rules.base import RuleContext
from mtaudit.rules.mta202_awkward_wording import AwkwardWording
from tests.lexicon.fake_scorer import FakeScorer
from tests.rules.helpers import apply_first_suggestion, run_rule

EVERYWHERE = {"min-surprise": -100.0}  # the stand-in scorer's surprisals are not a model's


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


@pytest.mark.slow
def test_with_the_real_model():
    from mtaudit.scoring import load_scorer

    ctx = RuleContext(scorer=load_scorer())
    # written for this test; not from the dev set
    bad = {
        "The boat what sank near the island was carrying tourists.": ("what sank", "that sank"),
        "Prices of the petrol rose again in the spring.": ("the petrol", "petrol"),
        "The minister was interviewed by the journalists of the television.":
            ("the journalists of the television", "the television journalists"),
    }
    for text, (span, fix) in bad.items():
        findings = run_rule(AwkwardWording, text, ctx)
        assert [(f.text, f.suggestions[0]) for f in findings] == [(span, fix)], text
    for text in ("The children played in the garden until dinner.",
                 "She has lived in Lisbon since 2015 and works as a nurse.",
                 "The museum reopened after a long renovation.",
                 "We met the director of the school at the station."):
        assert run_rule(AwkwardWording, text, ctx) == [], text
