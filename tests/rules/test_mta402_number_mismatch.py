import pytest

from mtaudit.rules.mta402_number_mismatch import NumberMismatch

from .helpers import flagged, run_pairs


@pytest.mark.parametrize("source, target", [
    ("Up to 1,000 users", "Bis zu 1.000 Nutzer"),
    ("Up to 1,000 users", "Jusqu'à 1 000 utilisateurs"),
    ("Version 2.4 needs 3.5 GB", "Version 2.4 braucht 3,5 GB"),
    ("Copied %1$s files in 3 s", "%1$s Dateien in 3 s kopiert"),
    ("See https://example.com/v2/page", "Siehe https://example.com/v2/page"),
    ("Open at 08:00", "Geöffnet ab 8:00"),
])
def test_same_numbers_in_local_formats_pass(source, target):
    assert run_pairs(NumberMismatch, source, target) == []


def test_changed_number_is_reported_with_the_source_number():
    target = "Bestellungen über 500 Euro"
    (finding,) = run_pairs(NumberMismatch, "Orders over 50 euros", target)
    assert flagged(finding, target) == "500" and finding.suggestions == ("50",)


def test_dropped_number_is_reported_on_the_translation():
    target = "Sicherungen werden lange aufbewahrt"
    (finding,) = run_pairs(NumberMismatch, "Backups are kept for 90 days", target)
    assert finding.message == "Number 90 of the source is missing" and flagged(finding, target) == target
