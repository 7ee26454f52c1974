"""MTA401 placeholder-mismatch."""
from __future__ import annotations

from typing import Dict, Iterator, Sequence

from mtaudit.bilingual import translated
from mtaudit.bilingual.tokens import IcuBlock, difference, icu_blocks, placeholders
from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit


class PlaceholderMismatch(BilingualRule):
    """
    ## What it does
    Compares the placeholders of source and translation: printf (`%s`, `%1$d`, `%(name)s`),
    Ruby (`%{name}`), brace (`{0}`, `{name}`, `{{name}}`) and ICU messages
    (`{count, plural, one {...} other {...}}`). A translation may reorder placeholders
    (with positions such as `%2$s`), but must keep each one, unchanged. ICU plural and
    select messages must keep their argument, an `other` case and the explicit `=N` cases;
    select cases must be the same.

    ## Why is this bad?
    A renamed, dropped or added placeholder makes the program crash or print the wrong
    value at run time; machine translation often translates variable names.

    ## Example
    > Hello, {name}! → Hallo, {Name}!

    ## Use instead
    > Hello, {name}! → Hallo, {name}!
    """

    id = "MTA401"
    name = "placeholder-mismatch"
    severity = Severity.ERROR
    summary = "Placeholders of the translation differ from the source's"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in translated(units):
            target = unit.target.text
            missing, extra = difference(placeholders(unit.source), placeholders(target))
            for token in extra:
                suggestions = [m.text for m in missing if m.key[0] == token.key[0]]
                yield self.unit_finding(unit, f"Placeholder {token.text} is not in the source",
                                        token.start, token.end, suggestions=suggestions)
            for token in missing[len(extra) :]:  # a changed one is reported above, once
                yield self.unit_finding(unit, f"Placeholder {token.text} of the source is missing")
            yield from self._icu(unit, icu_blocks(unit.source), icu_blocks(target))

    def _icu(self, unit: TranslationUnit, source: Sequence[IcuBlock], target: Sequence[IcuBlock]) -> Iterator[Finding]:
        by_name: Dict[tuple, IcuBlock] = {(b.name, b.kind): b for b in target}
        for block in source:
            other = by_name.get((block.name, block.kind))
            if other is None:
                continue  # the placeholder comparison reports it
            start, end = other.start, other.end
            if block.kind == "select" and set(block.selectors) != set(other.selectors):
                lost = sorted(set(block.selectors) - set(other.selectors))
                added = sorted(set(other.selectors) - set(block.selectors))
                yield self.unit_finding(unit, f"ICU select '{block.name}' cases differ: "
                                        f"missing {lost or 'none'}, added {added or 'none'}", start, end)
            elif block.kind != "select":
                if "other" not in other.selectors:
                    yield self.unit_finding(unit, f"ICU {block.kind} '{block.name}' has no 'other' case", start, end)
                exact = {s for s in block.selectors if s.startswith("=")}
                if exact != {s for s in other.selectors if s.startswith("=")}:
                    yield self.unit_finding(unit, f"ICU {block.kind} '{block.name}' explicit cases differ "
                                            f"(source: {', '.join(sorted(exact)) or 'none'})", start, end)


RULES = [PlaceholderMismatch]
