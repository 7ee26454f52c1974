"""The rule interface.  A rule receives batches of sentences and yields findings.

Docstrings follow ruff's sections, in order: ``## What it does``, ``## Why is this bad?``,
``## Example`` (a bad sentence), ``## Use instead`` (the good one), optionally ``## Options``.
`mtaudit rules ID` and SARIF ``fullDescription`` are generated from them.
"""
from __future__ import annotations

import inspect
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from mtaudit.lexicon.verify import Judge, Judging, drive, judge
from mtaudit.types import Finding, Segment, Sentence, Severity, Span, TranslationUnit


@dataclass
class RuleContext:
    """What a rule may use besides the sentences themselves."""

    language: str = "en"  # expected language of the audited text
    options: Mapping[str, Any] = field(default_factory=dict)  # this rule's options from config
    scorer: Any = None  # a mtaudit.scoring FluencyScorer when the model is loaded, else None
    glossary: Any = None  # a mtaudit.bilingual.glossary.Glossary when one is configured


class Rule(ABC):
    id: ClassVar[str]  # stable id, e.g. "MTA001"; retired ids are never reused
    name: ClassVar[str]  # kebab-case, e.g. "doubled-word"
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str]  # one line, used by `mtaudit rules` and SARIF shortDescription
    requires: ClassVar[Tuple[str, ...]] = ()  # ("lm",) when the rule needs the language model
    since: ClassVar[str] = "0.1.0"
    fallback: ClassVar[bool] = False  # its findings give way where another rule reported an overlapping span

    def __init__(self, context: Optional[RuleContext] = None) -> None:
        self.context = context or RuleContext()

    @abstractmethod
    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        """Yield findings for a batch of sentences (possibly from several documents)."""

    def finding(
        self,
        segment: Segment,
        start: int,
        end: int,
        message: Optional[str] = None,
        *,
        confidence: float = 1.0,
        suggestions: Iterable[str] = (),
        source_text: Optional[str] = None,
    ) -> Finding:
        """A finding for ``segment.text[start:end]``.

        ``source_text`` is the exact original text of the span; the pipeline fills it in
        from the file when it is not given.
        """
        return Finding(
            rule=self.id,
            name=self.name,
            severity=self.severity,
            span=segment.source_span(start, end),
            text=source_text if source_text is not None else segment.text[start:end],
            message=message or self.summary,
            confidence=round(float(confidence), 4),
            suggestions=tuple(dict.fromkeys(s for s in suggestions))[:3],
        )

    # -- documentation -------------------------------------------------------------

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_section(cls, title: str) -> str:
        match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", cls.doc(), re.M | re.S)
        return match.group(1).strip() if match else ""

    @classmethod
    def example_pair(cls) -> Tuple[str, str]:
        """The bad and good example sentences from the docstring (first line of each section)."""
        return _first_example(cls.doc_section("Example")), _first_example(cls.doc_section("Use instead"))


class JudgingRule(Rule):
    """A rule whose candidate rewrites the language model judges.

    Its :meth:`judging` yields findings and, at most once a batch, an
    :class:`~mtaudit.lexicon.verify.Ask` with the proposals to judge; it is sent their verdicts.
    The pipeline drives the rules of a batch side by side and judges all their asks in one call
    (:func:`~mtaudit.lexicon.verify.drive`); :meth:`detect` judges this rule's alone.
    """

    @abstractmethod
    def judging(self, sentences: Sequence[Sentence]) -> Judging:
        """Findings for a batch of sentences, after an ask where the model is to judge."""

    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        scorer = self.context.scorer
        (findings,) = drive([self.judging(sentences)], lambda proposals: judge(scorer, proposals, language=self.context.language))
        return iter(findings)


def detect_all(rules: Sequence[Rule], sentences: Sequence[Sentence], judge_proposals: Judge) -> List[List[Finding]]:
    """Each rule's findings for a batch; the asks of all judging rules go to ``judge_proposals`` together."""
    judging = [i for i, rule in enumerate(rules) if isinstance(rule, JudgingRule)]
    found = drive([rules[i].judging(sentences) for i in judging], judge_proposals)
    by_rule = dict(zip(judging, found))
    return [by_rule[i] if i in by_rule else list(rule.detect(sentences)) for i, rule in enumerate(rules)]


class BilingualRule(Rule):
    """A rule over translation units (source and target side by side) instead of sentences.

    Docstring examples read ``> source → target``.
    """

    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        return iter(())

    @abstractmethod
    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        """Yield findings for the units of one bilingual document, located in its target file."""

    def unit_finding(
        self,
        unit: TranslationUnit,
        message: str,
        start: Optional[int] = None,
        end: Optional[int] = None,
        *,
        confidence: float = 1.0,
        suggestions: Iterable[str] = (),
    ) -> Finding:
        """A finding for ``unit.target_text[start:end]``; for the whole target when no range is
        given, and at the unit's anchor when the target is empty or missing."""
        target = unit.target
        if target is not None and target.text:
            start, end = (0, len(target.text)) if start is None else (start, end)
            return self.finding(target, start, end, message, confidence=confidence, suggestions=suggestions)
        anchor = Segment.from_source(" " * (unit.anchor.end - unit.anchor.start), unit.anchor.start)
        if not anchor.text:  # an empty file: a zero-width finding at its start
            return Finding(self.id, self.name, self.severity, Span(unit.anchor.start, unit.anchor.start), "",
                           message, round(float(confidence), 4), tuple(suggestions)[:3])
        return self.finding(anchor, 0, len(anchor.text), message, confidence=confidence,
                            suggestions=suggestions, source_text="")


def _first_example(section: str) -> str:
    for line in section.splitlines():
        line = line.strip()
        if line.startswith(">"):
            return line.lstrip("> ").strip()
    return section.strip()
