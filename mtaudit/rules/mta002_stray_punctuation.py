"""MTA002 stray-punctuation."""
from __future__ import annotations

import re
from typing import Iterator, List, Sequence, Tuple

from mtaudit.rules.base import Rule
from mtaudit.sentences import ABBREVIATIONS
from mtaudit.types import Finding, Sentence, Severity

# Each pattern: (regex, message, function match -> suggestions). Spans are the whole match.
_DOUBLE_STOP = re.compile(r"(?<![.!?,;:])([.!?,;:])(\s+)\1(?![.\w])|(?<!\.)([.,;:])\s*([,;:])")
_SPACE_BEFORE = re.compile(r"(?<=[^\W_])(\s+)([,;:!?]|\.(?!\.|\w))(?=\s|$|[\"”’»)\]])")
_LOWER_AFTER_STOP = re.compile(r"(?<=[^\W\d_])\.(\s+)([a-z][a-z'’-]*)")
_SPACE_BEFORE_CLOSING_QUOTE = re.compile(r"(?<=[^\s\"“])[ \t]+([”»])|([,.;:])(\s+)([”»])(?=[^\W\d_])")
_CLOSING_QUOTE_GLUED = re.compile(r"([”])(?=[^\W\d_])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
SENTENCE_STARTERS = frozenset(
    "the a an it he she they we i you this these those that there here but however his her their its our "
    "my your in on at for after before when while if although yet so then meanwhile".split()
)


class StrayPunctuation(Rule):
    """
    ## What it does
    Finds punctuation left behind by machine processing: doubled stops (". ."), a space
    before a comma or full stop, a full stop inside a sentence followed by a lower-case
    word ("largest. farming cooperative"), and spaces inside closing quotes (`, ”said`).

    ## Why is this bad?
    Spinners and MT pipelines that re-assemble sentences from fragments leave these marks;
    a native writer or a careful editor would not. They are cheap evidence that the text
    was processed by a machine and never proof-read.

    ## Example
    > The ministry audited the region's largest. farming cooperative.

    ## Use instead
    > The ministry audited the region's largest farming cooperative.
    """

    id = "MTA002"
    name = "stray-punctuation"
    severity = Severity.WARNING
    summary = "Stray punctuation left by machine processing"

    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        for sentence in sentences:
            found: List[Tuple[int, int, str, List[str]]] = []
            text = sentence.text
            for m in _DOUBLE_STOP.finditer(text):
                if m.group(1):
                    found.append((m.start(), m.end(), f"Doubled '{m.group(1)}'", [m.group(1)]))
                elif m.group(3) != m.group(4) or m.group(3) != ".":
                    found.append((m.start(), m.end(), "Two punctuation marks in a row", [m.group(4), m.group(3)]))
            for m in _SPACE_BEFORE.finditer(text):
                found.append((m.start(), m.end(), f"Space before '{m.group(2)}'", [m.group(2)]))
            for m in _LOWER_AFTER_STOP.finditer(text):
                word = _WORD_BEFORE.search(text, 0, m.start())
                if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
                    continue
                prev = word.group(1) if word else ""
                joined = f"{prev} {m.group(2)}"
                split = f"{prev}. {m.group(2)[:1].upper()}{m.group(2)[1:]}"
                # "hours. the union says": a new sentence lost its capital; "largest. farming
                # cooperative": a stop was inserted inside a noun phrase.
                starts_clause = m.group(2).lower() in SENTENCE_STARTERS
                found.append(
                    (
                        m.start() - len(prev),
                        m.end(),
                        "Full stop inside a sentence before a lower-case word",
                        [split, joined] if starts_clause else [joined, split],
                    )
                )
            for m in _SPACE_BEFORE_CLOSING_QUOTE.finditer(text):
                if m.group(1):
                    glued = text[m.end() : m.end() + 1].isalpha()  # `word ”said`: the space belongs after
                    found.append((m.start(), m.end(), "Space before a closing quote", [m.group(1) + (" " if glued else "")]))
                else:
                    mark, quote = m.group(2), m.group(4)
                    found.append((m.start(), m.end(), "Space inside a closing quote", [f"{mark}{quote} "]))
            for m in _CLOSING_QUOTE_GLUED.finditer(text):
                if any(s <= m.start() < e for s, e, _, _ in found):
                    continue
                found.append((m.start(), m.end(), "No space after a closing quote", [f"{m.group(1)} "]))
            seen: List[Tuple[int, int]] = []
            for start, end, message, suggestions in sorted(found):
                if any(s < end and start < e for s, e in seen):
                    continue  # one finding per place
                seen.append((start, end))
                yield self.finding(sentence.segment, start, end, message, confidence=0.8, suggestions=suggestions)


RULES = [StrayPunctuation]
