import pytest

from mtaudit.bilingual.lengths import bounds
from mtaudit.rules.mta409_length_ratio import LengthRatio

from .helpers import run_pairs

SOURCE = "The file could not be saved because the disk is full."


def test_much_shorter_translation_is_reported():
    (finding,) = run_pairs(LengthRatio, SOURCE, "Fehler.")
    assert "much shorter" in finding.message and "uncalibrated pair" in finding.message


def test_much_longer_translation_is_reported():
    (finding,) = run_pairs(LengthRatio, "Save the file before you quit.", "Speichern Sie die Datei jetzt, bevor Sie das "
                           "Programm schließen, sonst gehen alle Änderungen verloren, die Sie gemacht haben.")
    assert "much longer" in finding.message


def test_ordinary_translation_passes():
    target = "Die Datei konnte nicht gespeichert werden, weil der Datenträger voll ist."
    assert run_pairs(LengthRatio, SOURCE, target) == []


def test_short_sources_are_skipped():
    assert run_pairs(LengthRatio, "Save", "Änderungen an dieser Datei jetzt speichern") == []


def test_calibrated_pairs_use_their_median_and_longer_sources_get_narrower_ranges():
    pair = bounds("ro", "en", "x", "x", 30)
    assert pair.calibrated and pair.low < pair.median < pair.high
    assert bounds("en", "ro", "x", "x", 30).median == pytest.approx(1 / pair.median, rel=0.05)
    long = bounds("ro", "en", "x", "x", 150)
    assert long.high - long.low < pair.high - pair.low
    generic = bounds("en", "de", "x", "x", 30)
    assert not generic.calibrated and generic.high > pair.high


def test_uncalibrated_cjk_pairs_are_skipped():
    assert bounds("en", "ja", SOURCE, "ファイル", 40) is None
    assert run_pairs(LengthRatio, SOURCE, "保存できません", target_language="ja") == []
