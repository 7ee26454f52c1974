"""Tokens with exact offsets, normalisation for matching, and case/article fix-ups.

Lexicon matching works on *word tokens*: runs of letters and digits joined by
apostrophes (``don't``, ``minister's``).  A hyphen splits words (``lithium-ion`` is two
tokens), so hyphen and space spellings match the same lexicon entry.  Other punctuation
becomes a *barrier* token that no pattern may cross.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Sequence, Tuple

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s-]+", re.UNICODE)

NEGATIONS = frozenset("not no never nor n't none nobody nothing neither without cannot".split())


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    norm: str  # lower case, straight apostrophe
    is_word: bool

    @property
    def is_number(self) -> bool:
        return any(ch.isdigit() for ch in self.text)


_SENTENCE_OPENERS = frozenset((".", "!", "?", ":", '"', "“", "‘", "'", "(", "-", "—"))


def is_protected(tokens: Sequence[Token], index: int) -> bool:
    """Whether a rewrite must leave ``tokens[index]`` alone: a number, a negation, or a name
    (a capitalised word that does not start a sentence; "I" is no name)."""
    token = tokens[index]
    if token.is_number or token.norm in NEGATIONS or token.norm.endswith("n't"):
        return True
    if not token.text[:1].isupper() or token.text == "I" or index == 0:
        return False
    return tokens[index - 1].text not in _SENTENCE_OPENERS


def normalise(word: str) -> str:
    return word.replace("’", "'").casefold()


@functools.lru_cache(maxsize=4096)
def tokenize(text: str) -> Tuple[Token, ...]:
    """Word and barrier tokens of ``text``; hyphens and spaces are separators.

    Cached: every lexicon rule tokenizes the same sentences of a batch."""
    return tuple(
        Token(m.start(), m.end(), s, normalise(s), s[0].isalnum()) for m in _TOKEN.finditer(text) for s in (m.group(),)
    )


def norm_phrase(phrase: str) -> str:
    """A lexicon phrase as matched: lower case, hyphens as spaces, single spaces."""
    return " ".join(t.norm for t in tokenize(phrase) if t.is_word)


def match_case(original: str, replacement: str) -> str:
    """``replacement`` in the casing style of ``original``.

    ALL CAPS stays all caps (when longer than one letter), a capitalised first word gives
    a capitalised first word, anything else leaves the replacement as written (so acronyms
    and names in the lexicon keep their case).
    """
    if not replacement:
        return replacement
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters and original.lstrip()[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    if original[:1].islower() and replacement[:1].isupper() and not _looks_like_name(replacement):
        return replacement[:1].lower() + replacement[1:]
    return replacement


def _looks_like_name(text: str) -> bool:
    first = text.split(" ", 1)[0]
    return len(first) > 1 and (first.isupper() or any(c.isupper() for c in first[1:]))


_AN = re.compile(r"^(?:[aeio]|u(?!ni|s[eu]|r[aeiou]|ti|bi|ku)|hour|honest|honou?r|heir)", re.I)
_A = re.compile(r"^(?:one\b|once\b|eu|ewe)", re.I)


def article_for(next_word: str) -> str:
    """``a`` or ``an`` before ``next_word`` (spelling heuristic)."""
    return "an" if _AN.match(next_word or "") and not _A.match(next_word) else "a"


def fix_articles(text: str) -> str:
    """Make every ``a``/``an`` in ``text`` agree with the word after it."""
    words = text.split(" ")
    for i in range(len(words) - 1):
        w = words[i]
        if w.lower() in ("a", "an"):
            right = article_for(words[i + 1])
            if w.lower() != right:
                words[i] = match_case(w, right) if w[:1].isupper() else right
    return " ".join(words)


def join_words(words: Sequence[str]) -> str:
    return " ".join(w for w in words if w)


_ARTICLE_BEFORE = re.compile(r"\b(an?)(\s+)$", re.I)


def fit_article(text: str, start: int, suggestions: Sequence[str]) -> tuple:
    """Take an ``a``/``an`` just before ``start`` into the span when a suggestion needs the other one.

    Returns ``(start, suggestions)``; "a counterfeit consciousness" -> "an artificial intelligence".
    """
    m = _ARTICLE_BEFORE.search(text[max(0, start - 5) : start])
    if not m or not suggestions:
        return start, list(suggestions)
    article = m.group(1)
    if all(article_for(s.split(" ", 1)[0]) == article.lower() for s in suggestions if s):
        return start, list(suggestions)
    new_start = start - len(m.group(1)) - len(m.group(2))
    fixed = []
    for s in suggestions:
        right = article_for(s.split(" ", 1)[0]) if s else article.lower()
        fixed.append(match_case(article, right) + m.group(2) + s if article[:1].isupper() else right + m.group(2) + s)
    return new_start, fixed
