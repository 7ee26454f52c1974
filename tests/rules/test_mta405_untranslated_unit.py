import pytest

from mtaudit.rules.mta405_untranslated_unit import UntranslatedUnit

from .helpers import run_pairs


def test_empty_translation_is_reported_at_the_anchor():
    (finding,) = run_pairs(UntranslatedUnit, "Cancel", "")
    assert finding.message == "Not translated: the translation is empty"
    assert (finding.span.start, finding.span.end) == (100, 102)


@pytest.mark.parametrize("text", ["Save your settings", "Settings", "The connection to the server was lost."])
def test_copy_of_a_translatable_source_is_reported(text):
    (finding,) = run_pairs(UntranslatedUnit, text, text)
    assert "copy of the source" in finding.message


@pytest.mark.parametrize("text", ["Status", "Hotel", "OK", "GitHub", "%s", "{count}", "https://example.com",
                                  "42", "<br/>", "API v2", "PDF"])
def test_shared_words_names_and_codes_pass(text):
    assert run_pairs(UntranslatedUnit, text, text) == []


def test_same_language_variants_may_be_identical():
    assert run_pairs(UntranslatedUnit, "Save your settings", "Save your settings", target_language="en-GB") == []


def test_without_word_lists_two_words_with_lower_case_count():
    assert run_pairs(UntranslatedUnit, "Save your settings", "Save your settings", target_language="xx")
    assert run_pairs(UntranslatedUnit, "Google Maps", "Google Maps", target_language="xx") == []


def test_missing_key_is_left_to_key_mismatch():
    assert run_pairs(UntranslatedUnit, "Cancel", None) == []
