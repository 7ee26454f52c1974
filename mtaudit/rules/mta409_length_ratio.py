"""MTA409 length-ratio."""
from __future__ import annotations

from typing import Iterator, Sequence

from mtaudit.bilingual import primary, translated
from mtaudit.bilingual.lengths import bounds, min_chars, size
from mtaudit.bilingual.tokens import mask, protected
from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit

MIN_DIFFERENCE = 10  # characters: a short string may well double


class LengthRatio(BilingualRule):
    """
    ## What it does
    Compares the length of the translation with the source's (non-space characters,
    placeholders and markup left out) against the range expected for the language pair
    and the source's length: the 0.5th to 99.5th percentile of human translations,
    calibrated on MLQE-PE post-edits (`python models/length_ratios.py`; et, ne, ro, ru,
    si with English, both ways). Other pairs get the pooled range widened by 25%.
    Sources shorter than 20 characters are skipped, and so are uncalibrated pairs in
    Chinese, Japanese or Korean script.

    ## Why is this bad?
    A translation much shorter than its source has usually lost a clause or sentence; a
    much longer one may hold an explanation, a duplicate or text of another string.

    ## Example
    > The file could not be saved because the disk is full. → Fehler.

    ## Use instead
    > The file could not be saved because the disk is full. → Die Datei konnte nicht gespeichert werden, weil der Datenträger voll ist.
    """

    id = "MTA409"
    name = "length-ratio"
    severity = Severity.INFO
    summary = "Translation is much shorter or longer than expected for the language pair"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in translated(units):
            languages = (unit.source_language, unit.target_language)
            source = size(mask(unit.source, protected(unit.source, languages)))
            target = size(mask(unit.target.text, protected(unit.target.text, languages)))
            if source < min_chars() or abs(target - source) < MIN_DIFFERENCE:
                continue
            expected = bounds(unit.source_language, unit.target_language, unit.source, unit.target.text, source)
            if expected is None:
                continue
            ratio = target / source
            if expected.low <= ratio <= expected.high:
                continue
            pair = (f"{primary(unit.source_language)}→{primary(unit.target_language)}" if expected.calibrated
                    else "an uncalibrated pair")
            what = "shorter" if ratio < expected.low else "longer"
            yield self.unit_finding(unit, f"Translation is {ratio:.2f}× the source's length: much {what} than "
                                    f"expected ({expected.low:.2f}–{expected.high:.2f}× for {pair})")


RULES = [LengthRatio]
