import pytest

from mtaudit.rules.base import RuleContext
from mtaudit.rules.mta301_literal_translation import LiteralTranslation, literal_patterns
from tests.lexicon.fake_scorer import FakeScorer
from tests.rules.helpers import apply_first_suggestion, run_rule

# (sentence, flagged span, sentence after the first suggestion); "high" patterns, no model
BAD = [
    ("We discussed about the new budget.", "discussed about", "We discussed the new budget."),
    ("She has lived in Leeds since five years.", "since five years", "She has lived in Leeds for five years."),
    ("Despite of the rain, the match went ahead.", "Despite of", "Despite the rain, the match went ahead."),
    ("The informations were published online.", "informations were", "The information was published online."),
    ("According to me, the plan will fail.", "According to me", "In my opinion, the plan will fail."),
    ("He made a photo of the sunset.", "made a photo", "He took a photo of the sunset."),
    ("All ministers assisted to the ceremony.", "assisted to", "All ministers attended the ceremony."),
    ("The company took it in consideration.", "took it in consideration", None),
    ("Can you explain me the rules?", "explain me", "Can you explain to me the rules?"),
    ("In the frame of the reform, two offices will close.", "In the frame of",
     "In the framework of the reform, two offices will close."),
]
# lm-only patterns: reported only when the model prefers the English form
LM_BAD = [
    ("The agency warned of eventual delays on the line.", "eventual delays", "The agency warned of possible delays on the line."),
    ("The actual government has promised new elections.", "actual government",
     "The current government has promised new elections."),
]
GOOD = [
    "She has lived in Leeds since 2019.",
    "I met her two years ago, and we have been friends since.",
    "We discussed the new budget.",
    "He took a photo of the sunset.",
    "Despite the rain, the match went ahead.",
    "For the most part of the year the office is quiet.",
    "The agency warned of possible delays on the line.",
    "Eventually the delays ended.",
    "Actually, the results were better than expected.",
    "It depends on the weather.",
]


@pytest.mark.parametrize("text,span,fixed", [b for b in BAD if b[2]])
def test_flags_and_fixes_without_the_model(text, span, fixed):
    findings = run_rule(LiteralTranslation, text)
    assert [f.text for f in findings] == [span]
    assert apply_first_suggestion(text, findings[0]) == fixed


@pytest.mark.parametrize("text,span,fixed", LM_BAD)
def test_lm_patterns_need_the_model(text, span, fixed):
    assert run_rule(LiteralTranslation, text) == []
    findings = run_rule(LiteralTranslation, text, RuleContext(scorer=FakeScorer([_replacement(text, span, fixed)])))
    assert [f.text for f in findings] == [span]
    assert apply_first_suggestion(text, findings[0]) == fixed
    assert run_rule(LiteralTranslation, text, RuleContext(scorer=FakeScorer([]))) == []


def _replacement(text, span, fixed):
    start = text.index(span)
    return fixed[start : len(fixed) - (len(text) - start - len(span))]


@pytest.mark.parametrize("text", GOOD)
def test_fluent_sentences_pass(text):
    assert run_rule(LiteralTranslation, text) == []
    assert run_rule(LiteralTranslation, text, RuleContext(scorer=FakeScorer([]))) == []


def test_all_shipped_patterns_parse_and_render():
    patterns = literal_patterns()
    assert len(patterns) >= 100
    assert {p.precision for p in patterns.patterns} == {"high", "lm"}


@pytest.mark.slow
def test_real_model_verifies_patterns():
    from mtaudit.scoring import load_scorer

    ctx = RuleContext(scorer=load_scorer())
    for text, span, fixed in [BAD[k] for k in (1, 2, 5, 6)] + LM_BAD:
        findings = run_rule(LiteralTranslation, text, ctx)
        assert [f.text for f in findings] == [span], text
    for text in GOOD[:6]:
        assert run_rule(LiteralTranslation, text, ctx) == [], text
