"""A hand-built report shared by the reporter tests, with stand-in rules.

A plain module rather than conftest.py: other test folders may have a conftest too.

Locations are computed from real source text with ``LineIndex`` so that spans,
lines/columns and sentence segments agree as they do in the pipeline.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator, Sequence

from mtaudit.rules.base import Rule
from mtaudit.types import (
    FileReport, Finding, InputError, LineIndex, Location, Report, Segment, SegmentBuilder, Sentence, Severity, Span,
)

DATA = Path(__file__).parent / "data"


class _FakeRule(Rule):
    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        return iter(())


class DoubledWord(_FakeRule):
    """## What it does
    Flags a word written twice in a row.

    ## Why is this bad?
    Repeated words are a typical artefact of machine translation.

    ## Example
    > We met the the committee.

    ## Use instead
    > We met the committee.
    """

    id, name, summary = "MTA001", "doubled-word", "Word repeated"


class Boilerplate(_FakeRule):
    """## What it does
    Flags phrases that spun or back-translated text is full of.
    """

    id, name, summary, severity = "MTA003", "boilerplate", "Boilerplate phrasing", Severity.ERROR


class Agreement(_FakeRule):
    id, name, summary = "MTA004", "agreement", "Subject and verb disagree"


class GarbledIdiom(_FakeRule):
    """## What it does
    Finds idioms translated word for word.

    ## Example
    > We will do the needful.

    ## Use instead
    > We will do what is needed.
    """

    id, name, summary, severity = "MTA101", "garbled-idiom", "Idiom translated literally", Severity.INFO


# MTA002 has findings below but is deliberately missing here: reporters must cope.
RULES = {r.id: r for r in (DoubledWord, Boilerplate, Agreement, GarbledIdiom)}

GUIDE = "# Guide &amp; FAQ\n\nPlease to be noted: the the café opens at 8 o'clock.\r\nWe make the needful with naïve courage.\n"
NOTES = "Ünïcode 😀 text: the results is good here.\n"
TRICKY = '50% "done", then:\nrest'  # needs escaping in every format


def _loc(index: LineIndex, span: Span) -> Location:
    return Location(*index.position(span.start), *index.position(span.end))


def _sentence(source: str, index: LineIndex, text: str, fluency=None, occurrence: int = 0) -> Sentence:
    start = source.index(text)
    for _ in range(occurrence):
        start = source.index(text, start + 1)
    segment = Segment.from_source(text, start)
    return Sentence(segment, fluency, _loc(index, Span(start, start + len(text))))


def _finding(source, index, rule, severity, text, message, suggestions=(), confidence=0.9, name=None) -> Finding:
    start = source.index(text)
    span = Span(start, start + len(text))
    return Finding(rule, name or RULES[rule].name, severity, span, text, message, confidence, tuple(suggestions), _loc(index, span))


def build_report() -> Report:
    gi = LineIndex.from_text(GUIDE)
    # The heading's "&" stands for "&amp;" in the source, as after a reader's entity decoding.
    heading = SegmentBuilder("heading")
    heading.add("Guide ", 2)
    heading.add_replacement("&", 8, 5)
    heading.add(" FAQ", 13)
    guide = FileReport(
        "docs/guide.md", "markdown", "en", 71.3, 0.82,
        findings=[
            # Outside every sentence: listed, never marked.
            _finding(GUIDE, gi, "MTA002", Severity.INFO, "#", "Stray punctuation", name="stray-punctuation"),
            _finding(GUIDE, gi, "MTA002", Severity.INFO, "&amp;", "Stray punctuation", name="stray-punctuation"),
            _finding(GUIDE, gi, "MTA001", Severity.WARNING, "the the", "Word “the” repeated", ["the"], 1.0),
            # Crosses from the first sentence into the second.
            _finding(GUIDE, gi, "MTA003", Severity.ERROR, "8 o'clock.\r\nWe", "Boilerplate <time> phrase", confidence=0.5),
            _finding(GUIDE, gi, "MTA101", Severity.INFO, "make the needful", 'Idiom "make the needful" is garbled',
                     [TRICKY, "do what is needed"]),
        ],
        sentences=[
            Sentence(heading.build(), None, _loc(gi, Span(2, 17))),
            _sentence(GUIDE, gi, "Please to be noted: the the café opens at 8 o'clock.", 42.0),
            _sentence(GUIDE, gi, "We make the needful with naïve courage.", 18.5),
        ],
        mt_evidence=["1 garbled idiom", "1 doubled word", "unusually predictable for its vocabulary"],
    )
    ni = LineIndex.from_text(NOTES)
    notes = FileReport(
        "notes/ü space.txt", "text", "en", None,
        findings=[_finding(NOTES, ni, "MTA004", Severity.WARNING, "results is", "Use “results are”", ["results are"], 0.8)],
        sentences=[_sentence(NOTES, ni, NOTES.strip())],
        mt_evidence=["varied vocabulary"],  # one sentence: no likelihood
    )
    german = FileReport("de/readme.md", "markdown", "de", notes=["skipped: document language is de"])
    return Report(
        "0.1.0",
        files=[guide, notes, german],
        errors=[InputError("po/broken,old.po", '[E201] cannot parse: line 3: unexpected "msgid"')],
        model="tinylm-q4@abc123",
    )


def render(reporter_cls, report: Report, **kwargs) -> str:
    stream = io.StringIO()
    reporter_cls(rules=kwargs.pop("rules", RULES), **kwargs).render(report, stream)
    return stream.getvalue()
