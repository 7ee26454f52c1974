"""Shared helpers for rule tests: run one rule over plain sentences."""
from __future__ import annotations

from typing import List, Type

from mtaudit.rules.base import Rule, RuleContext
from mtaudit.types import Finding, Segment, Sentence


def run_rule(rule: Type[Rule], text: str, context: RuleContext | None = None) -> List[Finding]:
    return list(rule(context).detect([Sentence(Segment.from_source(text, 0))]))


def apply_first_suggestion(text: str, finding: Finding) -> str:
    return text[: finding.span.start] + finding.suggestions[0] + text[finding.span.end :]


def unit(source, target, source_language="en", target_language="de", flags=(), unit_id="u1", **codes):
    """A translation unit whose target text sits at offset 0 of an imaginary target file;
    an empty or missing (None) target is anchored at offsets 100-102."""
    from mtaudit.types import Span, TranslationUnit

    segment = None if target is None else Segment.from_source(target, 0, "msgstr")
    return TranslationUnit(unit_id, source, segment, Span(100, 102), source_language, target_language, tuple(flags), **codes)


def run_pairs(rule, source, target, context=None, **kwargs) -> List[Finding]:
    """Findings of the bilingual ``rule`` for one unit (see :func:`unit`)."""
    return list(rule(context).detect_pairs([unit(source, target, **kwargs)]))


def flagged(finding: Finding, target: str) -> str:
    """The target text a finding points at."""
    return target[finding.span.start : finding.span.end]
