"""MTA412 needs-review."""
from __future__ import annotations

from typing import Iterator, Sequence

from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit


class NeedsReview(BilingualRule):
    """
    ## What it does
    Reports units a translator or tool marked as not final: `#, fuzzy` in a .po file, and
    XLIFF states such as `needs-review-translation`, `new` or (XLIFF 2) `initial`.

    ## Why is this bad?
    gettext does not use fuzzy translations at run time, so the source text shows; a
    pending review state means nobody has checked the (often machine) translation yet.

    ## Example
    > #, fuzzy → msgstr "Datei öffnen"

    ## Use instead
    > (reviewed, flag removed) → msgstr "Datei öffnen"
    """

    id = "MTA412"
    name = "needs-review"
    severity = Severity.INFO
    summary = "Unit is marked fuzzy or as needing review"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in units:
            for flag in unit.flags:
                if flag == "fuzzy":
                    yield self.unit_finding(unit, "Marked fuzzy: gettext ignores this translation until it is reviewed")
                else:
                    yield self.unit_finding(unit, f"State '{flag}': the translation is not final")


RULES = [NeedsReview]
