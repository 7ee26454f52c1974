"""Locale JSON/YAML files: pairing by key, exact offsets into the target file, bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtaudit.errors import InputFormatError
from mtaudit.readers import auditable, read_document
from mtaudit.readers.locale import LocalePairing, check_pattern



def assert_maps(segment, original: str, literal) -> None:
    """Verbatim pieces copy the file; escapes stand for source text inside the literal."""
    for piece in segment.pieces:
        chunk = segment.text[piece.text_start : piece.text_start + piece.length]
        source = original[piece.source_start : piece.source_start + piece.source_length]
        assert literal.start <= piece.source_start and piece.source_start + piece.source_length <= literal.end
        if piece.verbatim and chunk != "\n":
            assert chunk == source or (chunk == "\n" and source in ("\n", "\r\n"))

EN = {"nav": {"home": "Home", "files": "You have {count} files"}, "greeting": "Hello, %(name)s!\n",
      "items_one": "One item", "items_other": "{{count}} items", "list": ["First", "Second"], "gone": "Only here",
      "version": 3}
DE = ('{\n  "nav": {"home": "Startseite", "files": "Sie haben {anzahl} Dateien"},\n'
      '  "greeting": "Hallo, %(name)s!\\n",\n  "items_one": "Ein Element", "items_few": "{{count}} Elemente",\n'
      '  "list": ["Erstes", "Zweites \\u00e9\\ud83d\\ude00"],\n  "extra": "Zusatz"\n}\n')


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def units(document):
    return {u.id: u for u in document.pairs}


def test_json_pairs_by_key_with_exact_target_offsets(tmp_path):
    write(tmp_path, "en.json", json.dumps(EN))
    path = write(tmp_path, "de.json", DE)
    doc = read_document(path, "de.json")
    found = units(doc)
    assert doc.format == "json" and doc.segments == [] and doc.source_language == "en"
    assert found["nav.files"].source == "You have {count} files"
    assert found["list.1"].target_text == "Zweites é😀"
    assert found["items_few"].source == "{{count}} items"  # a plural form English lacks pairs with "other"
    for unit in doc.pairs:
        if unit.target is not None and unit.source is not None:
            assert_maps(unit.target, DE, unit.anchor)
            assert unit.target_language == "de"
    end = found["greeting"].target.source_span(0, len("Hallo, %(name)s!\n")).end
    assert DE[end - 3 : end + 1] == '!\\n"'  # the escape is the last piece


def test_missing_and_extra_keys(tmp_path):
    write(tmp_path, "en.json", json.dumps(EN))
    doc = read_document(write(tmp_path, "de.json", DE), "de.json")
    found = units(doc)
    assert found["gone"].target is None and DE[found["gone"].anchor.start] == "{"
    assert found["extra"].source is None and DE[found["extra"].anchor.start : found["extra"].anchor.end] == '"extra"'
    assert "items_other" not in found  # German has items_one: plural forms match by base key
    assert "version" not in found  # numbers are not translated


def test_missing_nested_key_points_at_its_parent(tmp_path):
    write(tmp_path, "en.json", '{"nav": {"home": "Home", "back": "Back"}}')
    text = '{\n  "nav": {"home": "Start"}\n}'
    doc = read_document(write(tmp_path, "de.json", text), "de.json")
    back = units(doc)["nav.back"]
    assert text[back.anchor.start : back.anchor.end] == '"nav"'


def test_english_target_is_audited_as_prose_and_source_alone(tmp_path):
    write(tmp_path, "de.json", '{"a": "Hallo Welt"}')
    doc = read_document(write(tmp_path, "en.json", '{"a": " Hello world "}'), "en.json")
    assert [s.text for s in doc.segments] == ["Hello world"] and doc.pairs == []
    pairing = LocalePairing(source_locale="de")
    doc = read_document(tmp_path / "en.json", "en.json", locales=pairing)
    assert [u.source for u in doc.pairs] == ["Hallo Welt"] and [s.text for s in doc.segments] == ["Hello world"]


def test_yaml_rails_root_and_positions(tmp_path):
    write(tmp_path, "en.yml", "en:\n  title: Welcome to %{app}\n  quoted: 'It''s here'\n  block: |\n    One\n    Two\n")
    text = "de:\n  title: Willkommen bei %{app}\n  quoted: 'Es ist hier'\n  block: |\n    Eins\n    Zwei\n  n: 3\n"
    doc = read_document(write(tmp_path, "de.yml", text), "de.yml")
    found = units(doc)
    assert set(found) == {"title", "quoted", "block"}
    assert found["quoted"].source == "It's here"
    for unit in doc.pairs:
        assert_maps(unit.target, text, unit.anchor)
    block = found["block"].target
    assert block.text == "Eins\nZwei\n" and text[block.source_span(5, 9).start :].startswith("Zwei")


def test_configured_patterns(tmp_path):
    write(tmp_path, "i18n/en/messages.json", '{"a": "Save"}')
    target = write(tmp_path, "i18n/pt_BR/messages.json", '{"a": "Salvar"}')
    pairing = LocalePairing(("i18n/{lang}/*.json",), "en", tmp_path)
    assert pairing.match(target) == ("pt_BR", tmp_path / "i18n/en/messages.json")
    assert units(read_document(target, "x", locales=pairing))["a"].target_language == "pt_BR"
    assert check_pattern("locales/de.json") and check_pattern("{lang}.txt") and check_pattern("{lang}/{lang}.json")
    assert check_pattern("locales/**/{lang}.yml") is None


def test_default_discovery_needs_a_language_name_and_its_source(tmp_path):
    write(tmp_path, "en.json", "{}")
    assert auditable(write(tmp_path, "de.json", "{}")) and auditable(tmp_path / "en.json")
    assert not auditable(write(tmp_path, "package.json", "{}"))
    assert not auditable(write(tmp_path / "other", "id.json", "{}"))  # no en.json beside it
    assert not auditable(write(tmp_path, "app.json", "{}"))


@pytest.mark.parametrize("name, text, message", [
    ("de.json", '{"a": "x",}', "invalid JSON: Expecting property name enclosed in double quotes (line 1, column 11)"),
    ("de.json", '["a"]', "a locale file holds an object of strings, not a JSON list"),
    ("de.yml", "a: [b\n", "invalid YAML: "),
    ("de.yml", "- a\n", "a locale file holds a mapping of strings"),
    ("messages.json", "{}", "cannot tell its locale"),
])
def test_bad_files_are_one_line_errors(tmp_path, name, text, message):
    write(tmp_path, "en.json", "{}")
    write(tmp_path, "en.yml", "a: b\n")
    with pytest.raises(InputFormatError) as info:
        read_document(write(tmp_path, name, text), name)
    assert info.value.message.startswith(message) and "\n" not in info.value.message


def test_broken_or_missing_source_names_the_source(tmp_path):
    target = write(tmp_path, "de.json", "{}")
    with pytest.raises(InputFormatError, match="source locale file .*en.json: file not found"):
        read_document(target, "de.json")
    write(tmp_path, "en.json", "{oops")
    with pytest.raises(InputFormatError, match="source locale file .*en.json: invalid JSON"):
        read_document(target, "de.json")


def test_empty_target_file_misses_every_key(tmp_path):
    write(tmp_path, "en.json", '{"a": "Save", "b": "Cancel"}')
    doc = read_document(write(tmp_path, "de.json", ""), "de.json")
    assert sorted(u.id for u in doc.pairs if u.target is None) == ["a", "b"]


def test_missing_pyyaml_is_a_clear_error(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "yaml", None)
    write(tmp_path, "en.yml", "a: b\n")
    with pytest.raises(InputFormatError, match=r"needs PyYAML: pip install 'mtaudit\[yaml\]'"):
        read_document(write(tmp_path, "de.yml", "a: c\n"), "de.yml")
