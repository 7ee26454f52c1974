import pytest

from mtaudit.rules.mta403_markup_mismatch import MarkupMismatch

from .helpers import flagged, run_pairs


@pytest.mark.parametrize("source, target, span", [
    ('Read the <a href="/terms">terms</a>.', 'Lesen Sie die <a href="/bedingungen">Bedingungen</a>.', '<a href="/bedingungen">'),
    ("Press <b>Save</b> now", "Drücken Sie <f>Speichern</f>", "<f>"),
    ("See [the guide](https://example.com/guide).", "Siehe [die Anleitung](https://example.com/anleitung).",
     "[die Anleitung](https://example.com/anleitung)"),
    ("Run `make test` first", "Führen Sie zuerst `mache test` aus", "`mache test`"),
])
def test_changed_markup_is_reported(source, target, span):
    findings = run_pairs(MarkupMismatch, source, target)
    assert span in [flagged(f, target) for f in findings]


@pytest.mark.parametrize("source, target", [
    ('<img src="a.png" alt="A cat">', '<img src="a.png" alt="Eine Katze">'),
    ("This is **very** *important*", "Das ist **sehr** *wichtig*"),
    ("Use snake_case_names here", "Verwenden Sie hier snake_case_names"),
    ("Press <b>Save</b>", "Klicken Sie auf <B>Speichern</B>"),
])
def test_translated_attributes_and_same_markup_pass(source, target):
    assert run_pairs(MarkupMismatch, source, target) == []


def test_dropped_closing_tag_is_reported():
    (finding,) = run_pairs(MarkupMismatch, "This <strong>cannot</strong> be undone", "Das <strong>geht nicht")
    assert finding.message == "Markup </strong> of the source is missing"


def test_dropped_emphasis_is_reported():
    (finding,) = run_pairs(MarkupMismatch, "This is **very** important", "Das ist sehr wichtig")
    assert finding.message == "Markup **very** of the source is missing"


def test_xliff_inline_codes_are_compared():
    findings = run_pairs(MarkupMismatch, "Hello world", "Hallo Welt", source_codes=("<g id=1>", "<x id=2>"),
                         target_codes=("<g id=1>",))
    assert [f.message for f in findings] == ["Inline code <x id=2> is missing from the translation"]
