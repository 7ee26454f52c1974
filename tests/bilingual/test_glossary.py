"""Glossary file format and inflection-tolerant term matching."""
import re

import pytest

from mtaudit.bilingual.glossary import load_glossary, parse_glossary
from mtaudit.errors import ConfigError


def test_format_with_alternatives_forbidden_terms_and_comments():
    glossary = parse_glossary("# comment\n\nfile\tDatei|Dokument\tde\nfile\t!Akte\tde\n\t!Mappe\n")
    first, second, third = glossary.terms
    assert [p.text for p in first.required] == ["Datei", "Dokument"] and first.language == "de"
    assert [p.text for p in second.forbidden] == ["Akte"] and second.required == ()
    assert third.source is None and third.applies_to("fr") and not second.applies_to("fr")
    assert [p.text for p in glossary.required_for(second)] == ["Datei", "Dokument"]


@pytest.mark.parametrize("line, message", [
    ("file", "expected 'source<TAB>target[<TAB>language]'"),
    ("file\tDatei\tde\textra", "expected"),
    ("file\t!!!\tde", "has no words"),
    ("\tDatei\tde", "a term without source may only list forbidden"),
])
def test_bad_lines_name_file_and_line(line, message):
    with pytest.raises(ConfigError, match=rf"terms.tsv:2: .*{re.escape(message)}"):
        parse_glossary("# header\n" + line + "\n", "terms.tsv")


@pytest.mark.parametrize("term, language, text, found", [
    ("Datei", "de", "Alle Dateien löschen", ["Dateien"]),
    ("Benutzer", "de", "Den Benutzern helfen", ["Benutzern"]),
    ("Passwort", "de", "Neue Passwörter", ["Passwörter"]),
    ("Haus", "de", "Viele Häuser", ["Häuser"]),
    ("file", "en", "Filing the files", ["Filing", "files"]),
    ("pull request", "en", "Two pull requests were merged", ["pull requests"]),
    ("Datei", "de", "Der Dateiname", []),
    ("file", "en", "the {filename} and profile", []),
])
def test_inflected_matching(term, language, text, found):
    (entry,) = parse_glossary(f"{term}\t{term}\t{language}\n", source_language=language).terms
    assert [text[a:b] for a, b in entry.required[0].find(text)] == found


def test_load_glossary_errors_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_glossary(tmp_path / "nope.tsv")
    path = tmp_path / "terms.tsv"
    path.write_bytes(b"\xef\xbb\xbffile\tDatei\tde\n")  # a BOM is fine
    assert load_glossary(path).terms[0].source.text == "file"
