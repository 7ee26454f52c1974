"""Bilingual checks: what source and target of a translation unit must share.

``tokens`` parses placeholders, markup, URLs and numbers; ``glossary`` reads and matches
terminology; ``lengths`` holds the calibrated length ratios.  This module has the
language helpers they share.
"""
from __future__ import annotations

import functools
import re
from typing import Iterable, Iterator, List, Optional

from mtaudit.types import TranslationUnit

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Languages langdetect and word lists confuse, or that are one language under two codes.
_SAME = [{"no", "nb", "nn", "da"}, {"hr", "sr", "bs", "sh"}, {"id", "ms"}, {"he", "iw"}]


def primary(language: Optional[str]) -> str:
    """``pt_BR`` -> ``pt``; ``zh-cn`` -> ``zh``; '' for None."""
    return re.split(r"[-_@.]", language.strip().lower())[0] if language else ""


def same_language(a: Optional[str], b: Optional[str]) -> bool:
    pa, pb = primary(a), primary(b)
    return pa == pb or any(pa in group and pb in group for group in _SAME)


@functools.lru_cache(maxsize=None)
def has_word_list(language: str) -> bool:
    from wordfreq import available_languages

    return primary(language) in available_languages()


@functools.lru_cache(maxsize=65536)
def frequency(word: str, language: str) -> float:
    """wordfreq's frequency of ``word`` in ``language`` (0 when unknown)."""
    from wordfreq import word_frequency

    return word_frequency(word, primary(language)) if has_word_list(language) else 0.0


def words(text: str) -> List[str]:
    return WORD.findall(text)


def translated(units: Iterable[TranslationUnit]) -> Iterator[TranslationUnit]:
    """Units with a source and a non-blank translation: what comparison rules look at."""
    for unit in units:
        if unit.source is not None and unit.target is not None and unit.target.text.strip():
            yield unit
