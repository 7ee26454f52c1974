import pytest

from mtaudit.rules.base import RuleContext
from mtaudit.rules.mta406_wrong_target_language import WrongTargetLanguage

from .helpers import run_pairs


@pytest.mark.parametrize("target, found", [
    ("La mise à jour va redémarrer votre ordinateur maintenant.", "fr"),
    ("The update will restart your computer now.", "en"),
    ("Le guide se trouve sur https://example.com/fr/guide.", "fr"),
])
def test_translation_in_another_language_is_reported(target, found):
    (finding,) = run_pairs(WrongTargetLanguage, "The update will restart your computer soon.", target)
    assert f"({found}), not German (de)" in finding.message


@pytest.mark.parametrize("target", [
    "Das Update startet Ihren Computer jetzt neu.",
    "Speichern",  # too short to judge
    "Google Chrome",
])
def test_right_language_and_short_strings_pass(target):
    assert run_pairs(WrongTargetLanguage, "The update will restart your computer now.", target) == []


def test_copy_of_the_source_is_left_to_untranslated():
    text = "The update will restart your computer now."
    assert run_pairs(WrongTargetLanguage, text, text) == []


def test_close_languages_are_not_confused():
    target = "Oppdateringen vil starte datamaskinen på nytt nå."  # Norwegian for a Danish/Norwegian target
    assert run_pairs(WrongTargetLanguage, "The update will restart your computer now.", target, target_language="nb") == []


def test_min_words_option():
    context = RuleContext(options={"min-words": 20})
    target = "La mise à jour va redémarrer votre ordinateur maintenant."
    assert run_pairs(WrongTargetLanguage, "The update will restart your computer.", target, context=context) == []
