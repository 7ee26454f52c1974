"""Inline suppressions and accepted phrases: findings an author has reviewed and accepted.

Markdown, HTML and XLIFF use comments, which readers never audit::

    <!-- mtaudit-disable-next-line MTA101 -->     the line after the comment
    <!-- mtaudit-disable MTA101, MTA3 -->         from here...
    <!-- mtaudit-enable -->                       ...to here (or to the end of the file)

gettext .po files use a translator comment that covers the entry below it::

    # mtaudit: ignore[MTA101]

Rules are ids, id prefixes or names, separated by commas or spaces; none means every
rule.  ``allow`` in the config lists accepted phrases (a product name that looks like a
tortured phrase): a finding that overlaps one of them is dropped.  With
``report-unused-suppressions`` a suppression that silenced nothing becomes an MTA000
finding, so that stale comments do not pile up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Tuple

from mtaudit.config import Config
from mtaudit.types import Document, Finding, Severity, Span

UNUSED_RULE, UNUSED_NAME = "MTA000", "unused-suppression"

_COMMENT = re.compile(r"<!--\s*mtaudit-(disable-next-line|disable|enable)\b([^>]*?)\s*-->")
_PO_COMMENT = re.compile(r"^#[ \t]*mtaudit:[ \t]*ignore(?:\[([^\]\r\n]*)\])?[ \t]*$", re.M)
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_COMMENT_FORMATS = ("markdown", "html", "xliff")


@dataclass
class Suppression:
    directive: str  # the comment as written
    span: Span  # where the comment is
    rules: Tuple[str, ...]  # empty: every rule
    region: Span  # the source range it covers
    used: set = field(default_factory=set)  # the rule patterns that silenced a finding ("" for all)

    def silences(self, finding: Finding) -> bool:
        """Whether it covers ``finding``; records which of its rules did."""
        if not self.region.start <= finding.span.start < self.region.end:
            return False
        matched = [p for p in self.rules if finding.rule.startswith(p.upper()) or finding.name == p] if self.rules else [""]
        self.used.update(matched)
        return bool(matched)

    def unused(self) -> List[str]:
        return [p for p in self.rules if p not in self.used] if self.rules else ([] if self.used else ["any rule"])


def _rules(text: Optional[str]) -> Tuple[str, ...]:
    return tuple(r for r in re.split(r"[\s,]+", text or "") if r)


def parse(document: Document) -> List[Suppression]:
    """The suppressions written in ``document`` (none for streamed plain text)."""
    source = document.source
    if source is None or "mtaudit" not in source:
        return []
    if document.format == "po":
        return _po(source)
    if document.format in _COMMENT_FORMATS:
        return _comments(document, source)
    return []


def _po(source: str) -> List[Suppression]:
    found = []
    for m in _PO_COMMENT.finditer(source):
        blank = _BLANK_LINE.search(source, m.end())  # entries are separated by blank lines
        found.append(Suppression(m.group(), Span(m.start(), m.end()), _rules(m.group(1)),
                                 Span(m.end(), blank.start() if blank else len(source))))
    return found


def _code_lines(document: Document, source: str) -> set:
    """0-based lines of Markdown code blocks: a comment shown there is an example, not a directive."""
    if document.format != "markdown":
        return set()
    from markdown_it import MarkdownIt

    return {line for tok in MarkdownIt("commonmark").parse(source) if tok.type in ("fence", "code_block") and tok.map
            for line in range(*tok.map)}


def _comments(document: Document, source: str) -> List[Suppression]:
    starts = document.lines.line_starts
    in_code = _code_lines(document, source)
    found: List[Suppression] = []
    open_regions: dict = {}  # rule pattern ("" = all) -> (directive, span, start of region)
    for m in _COMMENT.finditer(source):
        line = document.lines.position(m.start())[0]  # 1-based
        if line - 1 in in_code:
            continue
        kind, rules, span = m.group(1), _rules(m.group(2)), Span(m.start(), m.end())
        if kind == "disable-next-line":
            end_line = document.lines.position(m.end())[0]
            region_start = starts[end_line] if end_line < len(starts) else len(source)
            region_end = starts[end_line + 1] if end_line + 1 < len(starts) else len(source)
            found.append(Suppression(m.group(), span, rules, Span(region_start, region_end)))
        elif kind == "disable":
            for rule in rules or ("",):
                open_regions.setdefault(rule, (m.group(), span, m.end()))
        else:
            for rule in list(open_regions) if not rules else [r for r in rules if r in open_regions]:
                directive, where, start = open_regions.pop(rule)
                found.append(Suppression(directive, where, _rules(rule), Span(start, m.start())))
    for rule, (directive, where, start) in open_regions.items():
        found.append(Suppression(directive, where, _rules(rule), Span(start, len(source))))
    return found


def _phrase_pattern(phrases: Iterable[str]) -> Optional[re.Pattern]:
    alternatives = [r"\s+".join(map(re.escape, p.split())) for p in phrases if p.strip()]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")(?!\w)", re.I)


def _allowed(document: Document, findings: List[Finding], phrases: Sequence[str]) -> List[Finding]:
    pattern = _phrase_pattern(phrases)
    if pattern is None:
        return findings
    if document.source is not None:
        spans = [m.span() for m in pattern.finditer(document.source)]
        return [f for f in findings if not any(a < f.span.end and f.span.start < b for a, b in spans)]
    # Streamed plain text: only the finding's own text is at hand.
    return [f for f in findings if not pattern.search(f.text) and not any(
        " ".join(f.text.split()).lower() in " ".join(p.split()).lower() for p in phrases)]


def apply(document: Document, findings: List[Finding], config: Config) -> Tuple[List[Finding], List[Finding]]:
    """``findings`` without the suppressed ones, and MTA000 findings for unused suppressions
    (only when ``config.report_unused_suppressions``)."""
    kept = _allowed(document, findings, config.allow)
    suppressions = parse(document)
    if suppressions:
        # Every suppression that covers a finding is marked used, not just the first.
        kept = [f for f in kept if not [s for s in suppressions if s.silences(f)]]
    unused: dict = {}  # one finding per comment, naming the rules it silenced nothing of
    if config.report_unused_suppressions:
        for s in suppressions:
            if s.unused():
                unused.setdefault((s.span, s.directive), []).extend(s.unused())
    return kept, [
        Finding(UNUSED_RULE, UNUSED_NAME, Severity.WARNING, span, directive,
                f"Unused suppression: no finding of {', '.join(rules)} here")
        for (span, directive), rules in unused.items()
    ]
