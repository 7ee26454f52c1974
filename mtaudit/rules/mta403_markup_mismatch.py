"""MTA403 markup-mismatch."""
from __future__ import annotations

from collections import Counter
from typing import Iterator, Sequence

from mtaudit.bilingual import translated
from mtaudit.bilingual.tokens import difference, markup
from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit


class MarkupMismatch(BilingualRule):
    """
    ## What it does
    Compares the markup of source and translation: HTML/XML tags (by name and the
    attributes readers do not see, such as `href` or `class`; `title` and `alt` may be
    translated), Markdown links, images, inline code and emphasis, and XLIFF inline codes
    (`<g>`, `<x/>`, `<ph>`, `<pc>`...).

    ## Why is this bad?
    A dropped, translated or unbalanced tag breaks the page layout or the link; machine
    translation often translates tag names or loses inline code.

    ## Example
    > Read the <a href="/terms">terms</a>. → Lesen Sie die <a href="/Bedingungen">Bedingungen</a>.

    ## Use instead
    > Read the <a href="/terms">terms</a>. → Lesen Sie die <a href="/terms">Bedingungen</a>.
    """

    id = "MTA403"
    name = "markup-mismatch"
    severity = Severity.WARNING
    summary = "Tags or Markdown markup of the translation differ from the source's"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in translated(units):
            missing, extra = difference(markup(unit.source), markup(unit.target.text))
            for token in extra:
                yield self.unit_finding(unit, f"Markup {token.text} is not in the source", token.start, token.end,
                                        suggestions=[m.text for m in missing][:1])
            for token in missing[len(extra) :]:  # a changed one is reported above, once
                yield self.unit_finding(unit, f"Markup {token.text} of the source is missing")
            codes = Counter(unit.source_codes)
            codes.subtract(unit.target_codes)
            for code, count in sorted(codes.items()):
                if count:
                    where = "missing from the translation" if count > 0 else "not in the source"
                    yield self.unit_finding(unit, f"Inline code {code} is {where}")


RULES = [MarkupMismatch]
