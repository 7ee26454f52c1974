"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

One line per finding, ``::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=MTA101 name::message → suggestion``,
escaped as the Actions toolkit does (``escapeData`` / ``escapeProperty`` in ``@actions/core``).
"""
from __future__ import annotations

from typing import TextIO

from mtaudit.reporters.base import Reporter, suggestion_label
from mtaudit.types import Report, Severity

LEVELS = {Severity.INFO: "notice", Severity.WARNING: "warning", Severity.ERROR: "error"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, properties: dict, message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{escape_data(message)}\n"


class GithubReporter(Reporter):
    name = "github"

    def render(self, report: Report, stream: TextIO) -> None:
        for file, f in report.iter_findings():
            loc = f.location
            message = f.message
            if f.suggestions:
                message += f" → {suggestion_label(f.suggestions[0])}"
            stream.write(_command(LEVELS[f.severity], {
                "file": file.path,
                "line": loc.line,
                "col": loc.column,
                "endLine": loc.end_line,
                "endColumn": loc.end_column,
                "title": f"{f.rule} {f.name}",
            }, message))
        for e in report.errors:
            stream.write(_command("error", {"file": e.path}, e.message))
