import pytest

from mtaudit.rules.mta401_placeholder_mismatch import PlaceholderMismatch

from .helpers import flagged, run_pairs

BAD = [
    ("Hello, {name}!", "Hallo, {Name}!", "{Name}"),
    ("Hello, %s!", "Hallo, %d!", "%d"),
    ("You have %(count)d messages.", "Sie haben %(count)s Nachrichten.", "%(count)s"),
    ("Welcome to %{app}", "Willkommen bei %{anwendung}", "%{anwendung}"),
    ("{{count}} items", "{{anzahl}} Elemente", "{{anzahl}}"),
]
GOOD = [
    ("Copied %1$s to %2$s.", "%2$s wurde nach %1$s kopiert."),
    ("%s of %d", "%1$s von %2$d"),
    ("{0} of {1} tasks", "{1} Aufgaben, davon {0}"),
    ("Storage is 80% full", "Speicher zu 80 % voll"),
    ("{count, plural, one {# file} other {# files}}", "{count, plural, one {# Datei} other {# Dateien}}"),
    ("{count, plural, one {# file} other {# files}}",
     "{count, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}"),
    ("Use {curly} braces { like this }", "Verwenden Sie {curly} Klammern { wie hier }"),
]


@pytest.mark.parametrize("source, target, span", BAD)
def test_changed_placeholder_is_reported_with_the_original(source, target, span):
    (finding,) = run_pairs(PlaceholderMismatch, source, target)
    assert flagged(finding, target) == span
    assert finding.severity.value == "error" and finding.suggestions


@pytest.mark.parametrize("source, target", GOOD)
def test_reordered_and_plural_placeholders_pass(source, target):
    assert run_pairs(PlaceholderMismatch, source, target) == []


def test_dropped_placeholder_points_at_the_whole_translation():
    target = "Datei wird hochgeladen"
    (finding,) = run_pairs(PlaceholderMismatch, "Uploading {filename}", target)
    assert finding.message == "Placeholder {filename} of the source is missing"
    assert flagged(finding, target) == target


@pytest.mark.parametrize("target, message", [
    ("{count, plural, one {# Datei} few {# Dateien}}", "has no 'other' case"),
    ("{count, plural, =0 {keine} other {# Dateien}}", "explicit cases differ"),
])
def test_icu_plural_structure(target, message):
    findings = run_pairs(PlaceholderMismatch, "{count, plural, one {# file} other {# files}}", target)
    assert any(message in f.message for f in findings)


def test_icu_select_cases_must_match():
    source = "{gender, select, female {She} male {He} other {They}}"
    target = "{gender, select, female {Sie} other {Sie}}"
    (finding,) = run_pairs(PlaceholderMismatch, source, target)
    assert "missing ['male']" in finding.message


def test_placeholder_missing_in_one_plural_case_is_reported():
    findings = run_pairs(PlaceholderMismatch, "{n, plural, one {# file in {dir}} other {# files in {dir}}}",
                         "{n, plural, one {# Datei} other {# Dateien}}")
    assert [f.message for f in findings] == ["Placeholder {dir} of the source is missing"]


def test_empty_and_missing_translations_are_left_to_other_rules():
    assert run_pairs(PlaceholderMismatch, "Hello, %s", "") == []
    assert run_pairs(PlaceholderMismatch, "Hello, %s", None) == []
