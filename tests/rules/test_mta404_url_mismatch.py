import pytest

from mtaudit.rules.mta404_url_mismatch import UrlMismatch

from .helpers import flagged, run_pairs


@pytest.mark.parametrize("source, target, span, suggestion", [
    ("Write to support@example.com.", "Schreiben Sie an hilfe@example.com.", "hilfe@example.com", "support@example.com"),
    ("Visit https://example.com/help.", "Besuchen Sie https://beispiel.de/help.", "https://beispiel.de/help",
     "https://example.com/help"),
])
def test_changed_link_is_reported(source, target, span, suggestion):
    (finding,) = run_pairs(UrlMismatch, source, target)
    assert flagged(finding, target) == span and finding.suggestions == (suggestion,)


@pytest.mark.parametrize("source, target", [
    ("The guide is at https://example.com/en/guide.", "Die Anleitung ist unter https://example.com/de/guide."),
    ("Docs: https://example.com/docs?lang=en", "Doku: https://example.com/docs?lang=de"),
    ("Mail abuse@example.org!", "Schreiben Sie an abuse@example.org!"),
])
def test_same_or_localized_links_pass(source, target):
    assert run_pairs(UrlMismatch, source, target) == []


def test_dropped_url_is_reported():
    (finding,) = run_pairs(UrlMismatch, "Download it from https://example.com/app", "Laden Sie es herunter")
    assert finding.message == "URL https://example.com/app of the source is missing"
