from mtaudit.rules.mta413_key_mismatch import KeyMismatch

from .helpers import run_pairs


def test_missing_key_is_reported_at_the_anchor():
    (finding,) = run_pairs(KeyMismatch, "Cancel", None, unit_id="buttons.cancel")
    assert finding.message == "Key 'buttons.cancel' of the source locale (en) is missing from this file"
    assert (finding.span.start, finding.span.end) == (100, 102)


def test_extra_key_is_reported_at_the_key():
    (finding,) = run_pairs(KeyMismatch, None, "Zusatz", unit_id="extra")
    assert "not in the source locale (en)" in finding.message and finding.span.start == 100


def test_matching_keys_pass():
    assert run_pairs(KeyMismatch, "Cancel", "Abbrechen") == []
