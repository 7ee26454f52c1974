"""The reporter interface and the helpers several output formats share."""
from __future__ import annotations

import os
import re
from collections import Counter
from typing import ClassVar, Iterable, List, Mapping, Optional, TextIO, Type

from mtaudit.rules.base import Rule
from mtaudit.types import FileReport, Finding, Report, Sentence, Severity

# Most severe first: the order of counts in summaries and tables.
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
WRAP = re.compile(r"\s*[\r\n]\s*")  # where a sentence wraps to its next line, with the indent


class Reporter:
    """Writes a finished :class:`Report` in one output format.

    ``rules`` (id -> rule class) supplies rule documentation to formats that embed it
    (SARIF); when omitted, every registered rule is used.  ``color`` forces colours on
    or off; ``None`` decides from the stream (a TTY) and ``NO_COLOR``.
    """

    name: ClassVar[str]

    def __init__(self, rules: Optional[Mapping[str, Type[Rule]]] = None, color: Optional[bool] = None) -> None:
        self._rules = rules
        self.color = color

    @property
    def rules(self) -> Mapping[str, Type[Rule]]:
        if self._rules is None:
            # Imported late: loading every rule module is only needed by formats that document rules.
            from mtaudit.rules import all_rules

            self._rules = all_rules()
        return self._rules

    def use_color(self, stream: TextIO) -> bool:
        if self.color is not None:
            return self.color
        # https://no-color.org: set and non-empty disables colour.
        return not os.environ.get("NO_COLOR") and bool(getattr(stream, "isatty", lambda: False)())

    def render(self, report: Report, stream: TextIO) -> None:
        raise NotImplementedError


def one_line(text: str) -> str:
    """``text`` with line breaks shown as ``\\n`` so that a finding stays on one output line."""
    return _LINE_BREAK.sub(r"\\n", text)


def flowing(text: str) -> str:
    """A sentence wrapped over lines as one flowing sentence: each wrap reads as a space."""
    return WRAP.sub(" ", text)


def suggestion_label(suggestion: str) -> str:
    # An empty replacement means "delete the span"; printing nothing would look like a bug.
    return suggestion if suggestion else "(delete)"


def severity_counts(findings: Iterable[Finding]) -> Counter:
    return Counter(f.severity for f in findings)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def summary_line(report: Report) -> str:
    """E.g. ``Found 4 findings (3 warnings, 1 info) in 2 of 3 files; 1 input error.``"""
    findings = [f for _, f in report.iter_findings()]
    n_files = len(report.files)
    if findings:
        counts = severity_counts(findings)
        by_severity = ", ".join(_plural(counts[s], s.value) for s in SEVERITIES if counts[s])
        flagged = sum(1 for f in report.files if f.findings)
        line = f"Found {_plural(len(findings), 'finding')} ({by_severity}) in {flagged} of {_plural(n_files, 'file')}"
    else:
        line = f"No findings in {_plural(n_files, 'file')}"
    if report.errors:
        # "input error", not "error": findings can have severity error too.
        line += f"; {_plural(len(report.errors), 'input error')}"
    return line + "."


def worst_sentences(file: FileReport, limit: int = 3) -> List[Sentence]:
    """The least fluent scored sentences of a file, worst first (ties in document order)."""
    scored = [(s.fluency, i, s) for i, s in enumerate(file.sentences) if s.fluency is not None]
    return [s for _, _, s in sorted(scored, key=lambda t: t[:2])[:limit]]
