"""MTA003 content-farm-boilerplate."""
from __future__ import annotations

import functools
import re
from typing import FrozenSet, Iterator, List, Sequence, Tuple

from mtaudit.resources import model_file
from mtaudit.rules.base import Rule
from mtaudit.types import Finding, Sentence, Severity

_TRIM = " \t\r\n.:;*…|-–—»›"


def _normalise(text: str) -> str:
    return " ".join(text.split()).strip(_TRIM).casefold()


@functools.lru_cache(maxsize=1)
def boilerplate() -> Tuple[FrozenSet[str], Tuple[re.Pattern, ...]]:
    """Phrases and patterns from ``models/boilerplate.txt``."""
    phrases: List[str] = []
    patterns: List[re.Pattern] = []
    for line in model_file("boilerplate.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("re:"):
            patterns.append(re.compile(line[3:], re.I))
        else:
            phrases.append(_normalise(line))
    return frozenset(phrases), tuple(patterns)


class Boilerplate(Rule):
    """
    ## What it does
    Finds content-farm and CMS boilerplate left in the text: "Source link", "By admin",
    "Leave a Reply", "Your email address will not be published", share buttons and the
    like. The list is data, in `models/boilerplate.txt`.

    ## Why is this bad?
    Scraped, spun and auto-translated pages keep the furniture of the page they were
    copied from. It is not prose, it should not be published, and it is strong evidence
    that nobody edited the text.

    ## Example
    > Leave a Reply

    ## Use instead
    > (remove the line)
    """

    id = "MTA003"
    name = "content-farm-boilerplate"
    severity = Severity.WARNING
    summary = "Content-farm boilerplate left in the text"

    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        phrases, patterns = boilerplate()
        for sentence in sentences:
            text = sentence.text
            key = _normalise(text)
            if key in phrases or any(p.search(key) for p in patterns):
                yield self.finding(
                    sentence.segment,
                    0,
                    len(text),
                    f"Boilerplate '{' '.join(text.split())}' left in the text; remove it",
                    confidence=0.95,
                    suggestions=[""],
                )


RULES = [Boilerplate]
