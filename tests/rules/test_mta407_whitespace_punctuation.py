import pytest

from mtaudit.rules.mta407_whitespace_punctuation import EndPunctuationMismatch, WhitespaceMismatch

from .helpers import flagged, run_pairs


@pytest.mark.parametrize("source, target, span", [
    ("Total: ", "Summe:", ":"),
    ("Line\n", "Zeile", "e"),
    ("  indented", "eingerückt", "e"),
    ("Name", "Name ", " "),
])
def test_whitespace_mismatch(source, target, span):
    (finding,) = run_pairs(WhitespaceMismatch, source, target)
    assert flagged(finding, target) == span


def test_same_whitespace_passes():
    assert run_pairs(WhitespaceMismatch, "Total:\t", "Summe: ") == []
    assert run_pairs(WhitespaceMismatch, "Done\n", "Fertig\n") == []


@pytest.mark.parametrize("source, target, span, suggestion", [
    ("Delete this file?", "Diese Datei löschen.", ".", "?"),
    ("Save", "Speichern.", ".", ""),
    ("Enter your name:", "Geben Sie Ihren Namen ein", "n", "n:"),
    ("Delete this file?", "このファイルを削除しますか", "か", "か？"),
])
def test_end_punctuation_mismatch(source, target, span, suggestion):
    (finding,) = run_pairs(EndPunctuationMismatch, source, target, target_language="ja" if "か" in target else "de")
    assert flagged(finding, target) == span and finding.suggestions == (suggestion,)


@pytest.mark.parametrize("source, target, language", [
    ("Delete this file?", "¿Eliminar este archivo?", "es"),
    ("Delete this file?", "このファイルを削除しますか？", "ja"),
    ("Delete this file?", "Διαγραφή αυτού του αρχείου;", "el"),
    ('He said "hello."', "Er sagte „hallo.“", "de"),
    ("Loading...", "Wird geladen …", "de"),
    ("Bonjour !", "Hallo!", "de"),
])
def test_equivalent_end_punctuation_passes(source, target, language):
    assert run_pairs(EndPunctuationMismatch, source, target, target_language=language) == []
