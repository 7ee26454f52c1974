"""MTA405 untranslated-unit."""
from __future__ import annotations

from typing import Iterator, Optional, Sequence

from mtaudit.bilingual import frequency, has_word_list, same_language, words
from mtaudit.bilingual.tokens import mask, numbers, protected
from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit

# A word this many times more frequent in the source language than in the target one was
# not translated ("Settings" in German); cognates such as "Hotel" or "Status" are not.
SOURCE_WORD_RATIO = 10.0


def translatable(source: str, source_language: Optional[str], target_language: Optional[str]) -> bool:
    """Whether ``source`` is text a translator would change: words, not only names,
    placeholders, numbers or markup, and words that belong to the source language."""
    tokens = protected(source, (source_language, target_language))
    found = words(mask(source, [*tokens, *numbers(source, tokens)]))
    if not found:
        return False
    if source_language and target_language and has_word_list(source_language) and has_word_list(target_language):
        own = sum(frequency(w.lower(), source_language) > SOURCE_WORD_RATIO * frequency(w.lower(), target_language)
                  for w in found)
        return own * 2 >= len(found)
    return len(found) >= 2 and any(w.islower() for w in found)


class UntranslatedUnit(BilingualRule):
    """
    ## What it does
    Finds units whose translation is empty, or identical to a source that needs
    translating: one with words of the source language, not only names, placeholders,
    numbers or markup, and not a word the two languages share ("Hotel", "Status").

    ## Why is this bad?
    An untranslated string shows the source language to every reader of the localized
    product; a pipeline that failed silently often copies the source over.

    ## Example
    > Save your settings → Save your settings

    ## Use instead
    > Save your settings → Einstellungen speichern
    """

    id = "MTA405"
    name = "untranslated-unit"
    severity = Severity.WARNING
    summary = "Translation is empty or a copy of the source"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in units:
            if unit.source is None or unit.target is None or not unit.source.strip():
                continue
            target = unit.target.text
            if not target.strip():
                yield self.unit_finding(unit, "Not translated: the translation is empty")
            elif (target.strip() == unit.source.strip()
                  and not same_language(unit.source_language, unit.target_language)
                  and translatable(unit.source, unit.source_language, unit.target_language)):
                yield self.unit_finding(unit, "Not translated: the translation is a copy of the source")


RULES = [UntranslatedUnit]
