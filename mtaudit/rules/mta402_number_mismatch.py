"""MTA402 number-mismatch."""
from __future__ import annotations

from typing import Iterator, Sequence

from mtaudit.bilingual import translated
from mtaudit.bilingual.tokens import difference, numbers, protected
from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit


class NumberMismatch(BilingualRule):
    """
    ## What it does
    Compares the numbers of source and translation by their digits, so locale formats
    agree (`1,234.5`, `1.234,5` and `1 234,5` are the same number). Numbers inside
    placeholders, tags and URLs are left to the rules for those.

    ## Why is this bad?
    A changed price, version, date or quantity is a factual error that readers cannot
    spot; machine translation drops, rounds or converts numbers.

    ## Example
    > Orders over 50 euros ship free. → Bestellungen über 500 Euro sind versandkostenfrei.

    ## Use instead
    > Orders over 50 euros ship free. → Bestellungen über 50 Euro sind versandkostenfrei.
    """

    id = "MTA402"
    name = "number-mismatch"
    severity = Severity.WARNING
    summary = "Numbers of the translation differ from the source's"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in translated(units):
            languages = (unit.source_language, unit.target_language)
            target = unit.target.text
            missing, extra = difference(numbers(unit.source, protected(unit.source, languages)),
                                        numbers(target, protected(target, languages)))
            for token in extra:
                yield self.unit_finding(unit, f"Number {token.text} is not in the source", token.start, token.end,
                                        suggestions=[m.text for m in missing][:1])
            for token in missing[len(extra) :]:  # a changed one is reported above, once
                yield self.unit_finding(unit, f"Number {token.text} of the source is missing")


RULES = [NumberMismatch]
