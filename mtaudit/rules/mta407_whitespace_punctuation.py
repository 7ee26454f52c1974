"""MTA407 whitespace-mismatch and MTA408 end-punctuation-mismatch."""
from __future__ import annotations

import re
from typing import Iterator, Optional, Sequence

from mtaudit.bilingual import primary, translated
from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit

_LEADING = re.compile(r"\A\s*")
_TRAILING = re.compile(r"\s*\Z")
_CLOSERS = "\"'”’“‘»›«‹)]}>*_`"
# Final punctuation by what it means: full-width, Arabic, Devanagari and Urdu forms.
_END = {".": ".", "。": ".", "．": ".", "।": ".", "۔": ".", "?": "?", "？": "?", "؟": "?", "!": "!", "！": "!",
        ":": ":", "：": ":", ";": ";", "；": ";", "…": "…", ",": ",", "，": ",", "、": ","}
_CJK = {"zh", "ja"}


def _ending(text: str, language: Optional[str]) -> tuple:
    """(meaning, start, end) of the final punctuation of ``text`` after closing quotes and
    brackets; meaning '' when there is none."""
    end = len(text.rstrip())
    while end and text[end - 1] in _CLOSERS:
        end -= 1
    if text[:end].endswith("..."):
        return "…", end - 3, end
    char = text[end - 1 : end]
    meaning = _END.get(char, "")
    if char == ";" and primary(language) == "el":  # the Greek question mark
        meaning = "?"
    return meaning, (end - 1 if meaning else end), end


def _written(meaning: str, language: Optional[str]) -> str:
    if primary(language) in _CJK:
        return {".": "。", "?": "？", "!": "！", ":": "：", ",": "，"}.get(meaning, meaning)
    return meaning


class WhitespaceMismatch(BilingualRule):
    """
    ## What it does
    Compares leading and trailing whitespace (spaces, tabs, line breaks) of source and
    translation.

    ## Why is this bad?
    Strings are often concatenated at run time ("Total: " + value): a lost or added space
    or line break glues words together or breaks the layout.

    ## Example
    > Total:␠ → Summe:

    ## Use instead
    > Total:␠ → Summe:␠
    """

    id = "MTA407"
    name = "whitespace-mismatch"
    severity = Severity.INFO
    summary = "Leading or trailing whitespace differs from the source's"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in translated(units):
            target = unit.target.text
            for where, pattern in (("leading", _LEADING), ("trailing", _TRAILING)):
                ours, theirs = pattern.search(target), pattern.search(unit.source).group()
                if _shape(ours.group()) == _shape(theirs):
                    continue
                start, end = ours.span()
                if start == end:  # nothing there: point at the character next to where it belongs
                    start, end = (0, 1) if where == "leading" else (end - 1, end)
                yield self.unit_finding(unit, f"The {where} whitespace {_show(ours.group())} differs from the "
                                        f"source's {_show(theirs)}", start, end)


def _shape(space: str) -> tuple:
    """What matters of whitespace: line breaks, and whether there is any other."""
    return space.count("\n"), bool(space.replace("\n", "").replace("\r", ""))


def _show(space: str) -> str:
    return repr(space) if space else "(none)"


class EndPunctuationMismatch(BilingualRule):
    """
    ## What it does
    Compares the final punctuation of source and translation (after closing quotes and
    brackets): a full stop, question or exclamation mark, colon, semicolon, comma or
    ellipsis. Script forms count as the same mark (`。` for `.`, `？` for `?`, `؟`, the Greek
    `;`); a Spanish `¿…?` ends with `?` as in English.

    ## Why is this bad?
    A question turned into a statement, a dropped colon before a value or a stop added to
    a button label changes how the UI reads; machine translation often adds or drops the
    final mark.

    ## Example
    > Delete this file? → Diese Datei löschen.

    ## Use instead
    > Delete this file? → Diese Datei löschen?
    """

    id = "MTA408"
    name = "end-punctuation-mismatch"
    severity = Severity.INFO
    summary = "Final punctuation differs from the source's"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in translated(units):
            target = unit.target.text
            if not any(c.isalnum() for c in unit.source):
                continue
            expected, _, _ = _ending(unit.source, unit.source_language)
            found, start, end = _ending(target, unit.target_language)
            if expected == found:
                continue
            written = _written(expected, unit.target_language)
            if found and expected:
                message, suggestion = f"Ends with '{target[start:end]}' where the source ends with '{expected}'", written
            elif found:
                message, suggestion = f"Ends with '{target[start:end]}' where the source has no final punctuation", ""
            else:
                start, end = end - 1, end
                message, suggestion = f"Missing final '{expected}'", target[start:end] + written
            yield self.unit_finding(unit, message, start, end, suggestions=[suggestion])


RULES = [WhitespaceMismatch, EndPunctuationMismatch]
