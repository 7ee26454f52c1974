"""Sentence splitting with exact offsets.

A small rule-based splitter: a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing
quotes and brackets) followed by white space and an upper-case letter, a digit or an
opening quote, unless the word before the stop is a known abbreviation or an initial.
A full stop followed by a lower-case word is *not* a boundary: that is a stray stop
inside a sentence, which MTA002 reports.  Blank lines always end a sentence.  It is
several times faster than pysbd and keeps offsets exact by construction.
"""
from __future__ import annotations

import re
from typing import Iterator, List, Tuple

from mtaudit.types import Segment

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt vs etc e.g i.e cf al approx dept est fig gen gov lt col
    sgt capt cmdr adm rev hon inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue wed thu fri sat sun no nos vol p pp ed eds u.s u.k u.n e.u a.m p.m ph.d b.a m.a
    ca jr sen rep ave blvd rd""".split()
)

_BOUNDARY = re.compile(
    r"""(?P<stop>[.!?…]+)["'”’»)\]]*     # the stop and anything closing after it
        (?P<space>[ \t\u00a0]*(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*  # a blank line ...
        |\s+(?=["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ]))                          # ... or space + capital
    """,
    re.X,
)
_BLANK_LINE = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, stop_start: int) -> bool:
    match = _WORD_BEFORE.search(text, 0, stop_start)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    # Single letters are initials ("J. Smith"), unless a sentence-final pronoun "I".
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word != "i")


def sentence_bounds(text: str) -> List[Tuple[int, int]]:
    """Half-open ``(start, end)`` offsets of the sentences in ``text``, trimmed of white space."""
    cuts = [0]
    for m in _BOUNDARY.finditer(text):
        if m.group("stop").startswith(".") and len(m.group("stop")) == 1 and _is_abbreviation(text, m.start()):
            if not _BLANK_LINE.match(m.group("space")):
                continue
        cuts.append(m.start("space"))
    for m in _BLANK_LINE.finditer(text):  # paragraphs inside one segment, even without a stop
        cuts.append(m.start())
    cuts.append(len(text))
    bounds = []
    for start, end in zip(sorted(set(cuts)), sorted(set(cuts))[1:]):
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        bounds.append((start + lead, start + lead + len(stripped)))
    return bounds


def split_sentences(segment: Segment) -> Iterator[Segment]:
    """The sentences of ``segment`` as sub-segments mapped to the same source."""
    for start, end in sentence_bounds(segment.text):
        yield segment.slice(start, end)
