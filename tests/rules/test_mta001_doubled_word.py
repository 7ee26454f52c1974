import pytest

from mtaudit.rules.mta001_doubled_word import DoubledWord
from tests.rules.helpers import apply_first_suggestion, run_rule

BAD = [
    ("The board voted to to delay the merger.", "to to", "The board voted to delay the merger."),
    ("Ministers let this blow blow up.", "blow blow", "Ministers let this blow up."),
    ("The The report was late.", "The The", "The report was late."),
    ("It was was\nnever finished.", "was was", "It was never finished." .replace(" never", "\nnever")),
]
GOOD = [
    "She had had enough of the delays.",
    "He said that that plan would fail.",
    "What it is is a failure of planning.",
    "The 2020 2021 season was cancelled.",
    "They walked on and on.",
]


@pytest.mark.parametrize("text,span,fixed", BAD)
def test_flags_and_fixes(text, span, fixed):
    findings = run_rule(DoubledWord, text)
    assert [f.text for f in findings] == [span]
    assert apply_first_suggestion(text, findings[0]) == fixed


@pytest.mark.parametrize("text", GOOD)
def test_allows_legitimate_repeats(text):
    assert run_rule(DoubledWord, text) == []
