import pytest

from mtaudit.rules.base import RuleContext
from mtaudit.rules.mta004_untranslated_fragment import UntranslatedFragment
from tests.rules.helpers import run_rule

BAD = [
    ("The mayor called the new bridge una obra maestra de ingeniería yesterday.", "una obra maestra de ingeniería", "es"),
    ("Il a dit que le gouvernement va tomber.", "Il a dit que le gouvernement va tomber.", "fr"),
    ("The fans sang wir sind die Meister all night.", "wir sind die Meister", "de"),
]
GOOD = [
    "Kassym-Jomart Tokayev met Vladimir Putin in Astana on Monday.",
    "She ordered paella and sangria at the tapas bar.",
    "The committee questioned the raison d'être of the agency.",
    "The dequantized checkpoint is stored as bfloat16 safetensors.",
]


@pytest.mark.parametrize("text,span,lang", BAD)
def test_flags_foreign_fragment(text, span, lang):
    findings = run_rule(UntranslatedFragment, text)
    assert [f.text for f in findings] == [span]
    assert f"({lang})" in findings[0].message


@pytest.mark.parametrize("text", GOOD)
def test_names_and_loan_words_pass(text):
    assert run_rule(UntranslatedFragment, text) == []


def test_expected_language_is_configurable():
    text = "Der Minister hat den Plan gestern in Berlin vorgestellt."
    assert run_rule(UntranslatedFragment, text)
    assert run_rule(UntranslatedFragment, text, RuleContext(language="de")) == []
