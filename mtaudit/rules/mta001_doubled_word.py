"""MTA001 doubled-word."""
from __future__ import annotations

import re
from typing import Iterator, Sequence

from mtaudit.rules.base import Rule
from mtaudit.types import Finding, Sentence, Severity

# Repeats that are grammatical or idiomatic in English ("what it is is", "had had").
ALLOWED_REPEATS = frozenset(
    "had that is bye so very really ha ho no knock tut pooh chop yada cha aye well there "
    "blah tsk boo now".split()
)
_DOUBLED = re.compile(r"(?<![\w'’-])([^\W\d_]+(?:['’-][^\W\d_]+)*)(\s+)(\1)(?![\w'’-])", re.I)


class DoubledWord(Rule):
    """
    ## What it does
    Finds a word written twice in a row, such as "was was" or "blow blow".

    ## Why is this bad?
    Machine translation and article spinners often duplicate a word when two source words
    map to the same English word. Repeats that English allows ("had had", "that that",
    "what it is is") are not reported.

    ## Example
    > Ministers did not want to let this blow blow up before the elections.

    ## Use instead
    > Ministers did not want to let this blow up before the elections.
    """

    id = "MTA001"
    name = "doubled-word"
    severity = Severity.WARNING
    summary = "Word repeated twice in a row"

    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        for sentence in sentences:
            text = sentence.text
            for m in _DOUBLED.finditer(text):
                word = m.group(1)
                if word.lower() in ALLOWED_REPEATS or "\n\n" in m.group(2).replace("\r", ""):
                    continue
                yield self.finding(
                    sentence.segment,
                    m.start(),
                    m.end(),
                    f"'{word}' is repeated",
                    confidence=0.9,
                    suggestions=[word],
                )


RULES = [DoubledWord]
