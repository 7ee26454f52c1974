import pytest

from mtaudit.rules.mta002_stray_punctuation import StrayPunctuation
from tests.rules.helpers import apply_first_suggestion, run_rule

BAD = [
    ("The talks collapsed without a deal. .", ". .", "The talks collapsed without a deal."),
    ("The mayor visited the largest. public hospital.", "largest. public", "The mayor visited the largest public hospital."),
    ("Prices rose , and wages fell.", " ,", "Prices rose, and wages fell."),
    ("It was over, ”said the coach.", ", ”", "It was over,” said the coach."),
    ("He left ,, quickly.", ",,", "He left , quickly."),
]
GOOD = [
    "The U.S. economy grew by 3.5 per cent in 2023.",
    "It works, e.g. it runs on most machines.",
    "Wait... what happened next?",
    "The ratio was 3:4, as expected.",
    "“We will not give up,” she said.",
    "Visit example.com for details.",
]


@pytest.mark.parametrize("text,span,fixed", BAD)
def test_flags_and_fixes(text, span, fixed):
    findings = run_rule(StrayPunctuation, text)
    assert [f.text for f in findings] == [span]
    assert apply_first_suggestion(text, findings[0]) == fixed


@pytest.mark.parametrize("text", GOOD)
def test_clean_text_passes(text):
    assert run_rule(StrayPunctuation, text) == []
