"""Bilingual QA end to end: .po, XLIFF and locale files through the CLI, config, score --ref-file."""
import json
from pathlib import Path

import pytest

from mtaudit.cli import main

PO = '''msgid ""
msgstr ""
"Language: de\\n"

msgid "Hello, {name}!"
msgstr "Hallo, {Name}!"

msgid "Orders over 50 euros ship free."
msgstr "Bestellungen über 500 Euro sind versandkostenfrei."

msgid "Delete the file?"
msgstr "Die Akte löschen?"

msgid "Save your settings"
msgstr "Save your settings"

msgid "The update will restart your computer now."
msgstr "La mise à jour va redémarrer votre ordinateur maintenant."

#, fuzzy
msgid "Open the folder"
msgstr "Den Ordner öffnen"

msgid "Cancel"
msgstr ""

msgid "We have been working on this since two years."
msgstr "Wir arbeiten daran seit zwei Jahren."
'''


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings(out: str):
    report = json.loads(out)
    return [(f["rule"], f["line"], f["column"], f["text"]) for file in report["files"] for f in file["findings"]]


def test_po_bilingual_rules_point_into_msgstr(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("de.po").write_text(PO, encoding="utf-8")
    Path("terms.tsv").write_text("file\tDatei\tde\nfile\t!Akte\tde\n", encoding="utf-8")
    Path("setup.cfg").write_text("[mtaudit]\nglossary = terms.tsv\n", encoding="utf-8")
    code, out, _ = run(capsys, "audit", "--no-model", "--format", "json", "de.po")
    assert code == 0
    found = findings(out)
    assert ("MTA401", 6, 16, "{Name}") in found
    assert ("MTA402", 9, 27, "500") in found
    assert ("MTA411", 12, 13, "Akte") in found and any(f[0] == "MTA410" and f[1] == 12 for f in found)
    assert ("MTA405", 15, 9, "Save your settings") in found
    assert any(f[:2] == ("MTA406", 18) for f in found)
    assert any(f[:2] == ("MTA412", 22) for f in found)
    assert ("MTA405", 25, 8, '""') in found
    # Fluency rules run on the English side, here the msgid ("since two years").
    assert any(f[:2] == ("MTA301", 27) for f in found)


def test_english_target_po_gets_fluency_rules_and_bilingual_rules(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("en.po").write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: de\\n"\n\n'
                             'msgid "Wir arbeiten seit zwei Jahren daran, seit %s."\n'
                             'msgstr "We have been working on it since two years."\n', encoding="utf-8")
    code, out, _ = run(capsys, "audit", "--no-model", "--format", "json", "en.po")
    rules = {f[0] for f in findings(out)}
    assert {"MTA301", "MTA401"} <= rules


def test_locale_files_with_configured_pattern(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "locales").mkdir()
    Path("locales/en.json").write_text('{"nav": {"home": "Home", "back": "Back"}, "hi": "Hello, {name}!"}')
    Path("locales/de.json").write_text('{\n  "nav": {"home": "Startseite"},\n  "hi": "Hallo, {name}!",\n  "old": "Alt"\n}')
    Path("package.json").write_text('{"name": "app"}')
    Path("setup.cfg").write_text("[mtaudit]\nlocales = locales/{lang}.json\n")
    code, out, _ = run(capsys, "audit", "--no-model", "--format", "json", ".")
    report = json.loads(out)
    assert [f["path"] for f in report["files"]] == ["locales/de.json", "locales/en.json"]
    de = report["files"][0]
    assert de["language"] == "de"
    assert [(f["rule"], f["line"], f["text"]) for f in de["findings"]] == [
        ("MTA413", 2, '"nav"'), ("MTA413", 4, '"old"')]
    assert "'nav.back'" in de["findings"][0]["message"]


@pytest.mark.parametrize("name, text, message", [
    ("de.po", 'msgid "a"\nmsgstr "b\n', "broken .po file"),
    ("de.xlf", "<xliff><unclosed>", "not well-formed XML"),
    ("de.xlf", '<xliff version="3.0" xmlns="urn:oasis:names:tc:xliff:document:3.0"/>', "unsupported XLIFF version"),
    ("de.json", '{"a": }', "invalid JSON"),
    ("de.yml", "a: [b\n", "invalid YAML"),
])
def test_bad_translation_files_are_one_line_errors_and_the_run_goes_on(tmp_path, monkeypatch, capsys, name, text, message):
    monkeypatch.chdir(tmp_path)
    Path("en.json").write_text('{"a": "b"}')
    Path("en.yml").write_text("a: b\n")
    Path(name).write_text(text)
    Path("ok.po").write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "Hi %s"\nmsgstr "Hallo"\n')
    code, out, err = run(capsys, "audit", "--no-model", name, "ok.po")
    assert code == 0 and "Traceback" not in err
    assert f"mtaudit: error: {name}: {message}" in err and len(err.strip().splitlines()) <= 2
    assert "ok.po:6:9 MTA401" in out


def test_unknown_locale_pattern_is_a_config_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("setup.cfg").write_text("[mtaudit]\nlocales = locales/de.json\n")
    Path("a.txt").write_text("Hello.")
    code, _, err = run(capsys, "audit", "--no-model", "a.txt")
    assert code == 2 and "must hold {lang} exactly once" in err


def test_score_ref_file_adds_per_segment_chrf(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("mt.po").write_text('msgid "Open the file"\nmsgstr "Öffne die Datei"\n\nmsgid "Cancel"\nmsgstr "Abbrechen"\n\n'
                             'msgid "Only here"\nmsgstr "Nur hier"\n')
    Path("ref.po").write_text('msgid "Open the file"\nmsgstr "Datei öffnen"\n\nmsgid "Cancel"\nmsgstr "Abbrechen"\n')
    code, out, _ = run(capsys, "score", "--hyp", "mt.po", "--ref-file", "ref.po", "--format", "json")
    report = json.loads(out)
    assert code == 0 and [s["name"] for s in report["scores"]] == ["BLEU", "chrF2", "TER"]
    first, second = report["segments"]
    assert (first["id"], first["source"], first["line"], first["column"]) == ("Open the file", "Open the file", 2, 9)
    assert 0 < first["chrf"] < 100 and second["chrf"] == 100.0
    Path("hyp.txt").write_text("a b c\nd e f\n")
    Path("ref.txt").write_text("a b c\nx y z\n")
    code, out, _ = run(capsys, "score", "--hyp", "hyp.txt", "--ref-file", "ref.txt", "--format", "json")
    assert [s["chrf"] for s in json.loads(out)["segments"]] == [100.0, 0.0]
    assert run(capsys, "score", "--hyp", "hyp.txt")[0] == 2


def test_readme_glossary_and_locales_examples_are_valid(tmp_path):
    import re

    from mtaudit.bilingual.glossary import parse_glossary
    from mtaudit.config import resolve
    from mtaudit.pipeline import locale_pairing

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Translation files") :]
    settings = re.search(r"```ini\n(.*?)```", section, re.S).group(1)
    (tmp_path / "setup.cfg").write_text(settings)
    config = resolve(tmp_path)
    assert config.locales == ["locales/{lang}.json", "config/locales/{lang}.yml"] and config.glossary == "terms.tsv"
    assert locale_pairing(config).match(tmp_path / "config/locales/de.yml")[0] == "de"
    glossary = parse_glossary(re.search(r"```text\n(# source.*?)```", section, re.S).group(1))
    assert len(glossary.terms) == 4 and glossary.terms[3].source is None
