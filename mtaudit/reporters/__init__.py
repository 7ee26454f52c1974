"""Output formats.  ``REPORTERS`` maps each ``--format`` choice to its reporter class.

Reporters only present a finished :class:`~mtaudit.types.Report`: they never compute
findings or exit codes, and their output is deterministic (no timestamps, stable order).
"""
from __future__ import annotations

from typing import Dict, Type

from mtaudit.reporters.base import Reporter
from mtaudit.reporters.github import GithubReporter
from mtaudit.reporters.html_report import HtmlReporter
from mtaudit.reporters.json_report import JsonReporter
from mtaudit.reporters.junit import JunitReporter
from mtaudit.reporters.markdown import MarkdownReporter
from mtaudit.reporters.sarif import SarifReporter
from mtaudit.reporters.text import TextReporter

REPORTERS: Dict[str, Type[Reporter]] = {
    r.name: r for r in (TextReporter, JsonReporter, SarifReporter, GithubReporter, JunitReporter, HtmlReporter, MarkdownReporter)
}

__all__ = ["REPORTERS", "Reporter"]
