"""MTA404 url-mismatch."""
from __future__ import annotations

from typing import Iterator, Sequence

from mtaudit.bilingual import translated
from mtaudit.bilingual.tokens import difference, links
from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit


class UrlMismatch(BilingualRule):
    """
    ## What it does
    Compares the URLs and e-mail addresses of source and translation. A locale code inside
    a URL may follow the target language (`/en/help` → `/de/help`).

    ## Why is this bad?
    Machine translation "translates" links and addresses (`support@` → `unterstuetzung@`),
    which then lead nowhere.

    ## Example
    > Write to support@example.com. → Schreiben Sie an unterstuetzung@beispiel.de.

    ## Use instead
    > Write to support@example.com. → Schreiben Sie an support@example.com.
    """

    id = "MTA404"
    name = "url-mismatch"
    severity = Severity.WARNING
    summary = "URL or e-mail address changed in the translation"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in translated(units):
            languages = (unit.source_language, unit.target_language)
            missing, extra = difference(links(unit.source, languages), links(unit.target.text, languages))
            for token in extra:
                what = "E-mail address" if token.key.startswith("email:") else "URL"
                suggestions = [m.text for m in missing if m.key[:4] == token.key[:4]][:1]
                yield self.unit_finding(unit, f"{what} {token.text} is not in the source", token.start, token.end,
                                        suggestions=suggestions)
            for token in missing[len(extra) :]:  # a changed one is reported above, once
                what = "E-mail address" if token.key.startswith("email:") else "URL"
                yield self.unit_finding(unit, f"{what} {token.text} of the source is missing")


RULES = [UrlMismatch]
