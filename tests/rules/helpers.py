"""Shared helpers for rule tests: run one rule over plain sentences."""
from __future__ import annotations

from typing import List, Type

from mtaudit.rules.base import Rule, RuleContext
from mtaudit.types import Finding, Segment, Sentence


def run_rule(rule: Type[Rule], text: str, context: RuleContext | None = None) -> List[Finding]:
    return list(rule(context).detect([Sentence(Segment.from_source(text, 0))]))


def apply_first_suggestion(text: str, finding: Finding) -> str:
    return text[: finding.span.start] + finding.suggestions[0] + text[finding.span.end :]
