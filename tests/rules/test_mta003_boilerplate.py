import pytest

from mtaudit.rules.mta003_boilerplate import Boilerplate
from tests.rules.helpers import run_rule

BAD = ["Source link", "By admin", "Leave a Reply", "Your email address will not be published.", "Related Posts:", "Posted by webmaster"]
GOOD = [
    "The source of the leak was never found.",
    "By morning the river had flooded the town.",
    "She decided to leave a reply on the forum.",
]


@pytest.mark.parametrize("text", BAD)
def test_flags_boilerplate(text):
    findings = run_rule(Boilerplate, text)
    assert len(findings) == 1 and findings[0].text == text
    assert findings[0].suggestions == ("",)  # remove it


@pytest.mark.parametrize("text", GOOD)
def test_prose_that_contains_the_words_passes(text):
    assert run_rule(Boilerplate, text) == []
