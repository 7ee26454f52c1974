"""``--format markdown``: a short summary for a pull-request comment.

A heading with the counts, then one table per file (line, rule, flagged text, message,
suggestion).  Long reports are cut at ``MAX_ROWS`` findings, saying how many were left
out, so the comment stays within what code-review tools accept.  Input errors follow as
a list.  Flagged text, suggestions and paths are code spans; messages are escaped so that
nothing in them becomes markup (emphasis, links, HTML tags); line breaks show as ``\n``.
"""
from __future__ import annotations

import re
from typing import TextIO

from mtaudit.reporters.base import Reporter, one_line, summary_line
from mtaudit.types import Report

MAX_ROWS = 100


_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def _cell(text: str) -> str:
    """Text that shows as written in a table cell: no emphasis, links or HTML tags."""
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    # Code spans take no escapes; only the table needs its pipes escaped, even there.
    text = one_line(text).replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


class MarkdownReporter(Reporter):
    name = "markdown"

    def render(self, report: Report, stream: TextIO) -> None:
        stream.write(f"### mtaudit\n\n{summary_line(report)}\n")
        shown = 0
        total = sum(len(f.findings) for f in report.files)
        for file in report.files:
            if not file.findings or shown >= MAX_ROWS:
                continue
            stream.write(f"\n**{_code(file.path)}**\n\n| line | rule | text | message | suggestion |\n|---:|---|---|---|---|\n")
            for f in file.findings[: MAX_ROWS - shown]:
                suggestion = "" if not f.suggestions else _code(f.suggestions[0]) if f.suggestions[0] else "(delete)"
                stream.write(f"| {f.location.line} | {f.rule} {f.name} | {_code(f.text)} | {_cell(f.message)} | {suggestion} |\n")
                shown += 1
        if shown < total:
            stream.write(f"\n… and {total - shown} more (run `mtaudit check` locally for the full list).\n")
        if report.errors:
            stream.write("\nInput errors:\n\n")
            for e in report.errors:
                stream.write(f"- {_code(e.path)}: {_cell(e.message)}\n")
