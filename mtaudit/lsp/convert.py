"""From mtaudit's findings to LSP: positions in the negotiated encoding, diagnostics, edits.

mtaudit counts columns in code points; LSP counts them in UTF-16 code units unless client
and server agree on UTF-8 or UTF-32.  Lines end at ``\\r\\n``, ``\\n`` or ``\\r`` in both.
"""
from __future__ import annotations

from typing import Dict, List, Optional

from lsprotocol import types as lsp

from mtaudit.ci.suppress import UNUSED_RULE
from mtaudit.types import FileReport, Finding, LineIndex, Location, Severity

SOURCE = "mtaudit"
SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error, Severity.WARNING: lsp.DiagnosticSeverity.Warning,
            Severity.INFO: lsp.DiagnosticSeverity.Information}
# How a comment that silences the next line is written, by format (plain text has none).
SUPPRESS_COMMENT = {"markdown": "<!-- mtaudit-disable-next-line {rule} -->", "html": "<!-- mtaudit-disable-next-line {rule} -->",
                    "xliff": "<!-- mtaudit-disable-next-line {rule} -->", "po": "# mtaudit: ignore[{rule}]"}


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in the code units of ``encoding`` (utf-16, utf-8 or utf-32)."""
    if encoding == lsp.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == lsp.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class Positions:
    """Converts mtaudit's 1-based (line, code-point column) to LSP positions in one text."""

    def __init__(self, text: str, encoding: str = lsp.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = LineIndex.from_text(text).line_starts

    def line(self, number: int) -> str:
        """Line ``number`` (1-based) without its line break."""
        start = self.starts[number - 1]
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def position(self, line: int, column: int) -> lsp.Position:
        return lsp.Position(line=line - 1, character=units(self.line(line)[: column - 1], self.encoding))

    def range(self, location: Location) -> lsp.Range:
        return lsp.Range(start=self.position(location.line, location.column),
                         end=self.position(location.end_line, location.end_column))


def diagnostic(finding: Finding, positions: Positions, data: dict, docs: Optional[Dict[str, str]] = None) -> lsp.Diagnostic:
    description = lsp.CodeDescription(href=docs[finding.rule]) if docs and finding.rule in docs else None
    return lsp.Diagnostic(
        range=positions.range(finding.location),
        message=finding.message,
        severity=SEVERITY[finding.severity],
        code=finding.rule,
        code_description=description,
        source=SOURCE,
        tags=[lsp.DiagnosticTag.Unnecessary] if finding.rule == UNUSED_RULE else None,
        data=data,
    )


def diagnostics(report: FileReport, text: str, encoding: str, version: Optional[int], prints: Dict[int, str],
                docs: Optional[Dict[str, str]] = None) -> List[lsp.Diagnostic]:
    """One diagnostic per finding; ``data`` carries what the code actions need (the
    suggestions, the finding's fingerprint and the document version it was found in)."""
    positions = Positions(text, encoding)
    return [diagnostic(f, positions, {"suggestions": list(f.suggestions), "fingerprint": prints.get(i),
                                      "version": version, "format": report.format}, docs)
            for i, f in enumerate(report.findings)]


def problem(message: str, text: str, encoding: str, line: Optional[int] = None) -> lsp.Diagnostic:
    """A diagnostic for a buffer that could not be audited (at ``line``, 1-based, when known)."""
    positions = Positions(text, encoding)
    line = min(max(line or 1, 1), len(positions.starts))
    end = lsp.Position(line=line - 1, character=units(positions.line(line), encoding))
    return lsp.Diagnostic(range=lsp.Range(start=lsp.Position(line=line - 1, character=0), end=end), message=f"mtaudit could not audit this: {message}",
                          severity=lsp.DiagnosticSeverity.Error, source=SOURCE)


def replacement_title(old: str, new: str) -> str:
    return f"Delete '{_short(old)}'" if new == "" else f"Replace '{_short(old)}' with '{_short(new)}'"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suppression_edit(text: str, fmt: str, rule: str, line: int, encoding: str) -> Optional[lsp.TextEdit]:
    """The edit that silences ``rule`` on ``line`` (0-based) with a suppression comment;
    None for formats without comments.

    The comment goes on a line of its own above the line, indented like it.  Inside a
    Markdown paragraph a line of its own would split the paragraph, so there it ends the
    line above instead (``disable-next-line`` covers the line after the comment's end).
    In .po the comment must precede the entry, so it goes above the entry's first line."""
    comment = SUPPRESS_COMMENT.get(fmt)
    if comment is None:
        return None
    comment = comment.format(rule=rule)
    positions = Positions(text, encoding)
    lines = [positions.line(n) for n in range(1, len(positions.starts) + 1)]
    newline = _newline(text)
    if fmt == "po":
        while line > 0 and lines[line - 1].strip():
            line -= 1
        return lsp.TextEdit(range=_at(line, 0), new_text=comment + newline)
    above = lines[line - 1] if line > 0 else ""
    if fmt == "markdown" and above.strip():
        return lsp.TextEdit(range=_at(line - 1, units(above, encoding)), new_text=" " + comment)
    indent = lines[line][: len(lines[line]) - len(lines[line].lstrip())]
    return lsp.TextEdit(range=_at(line, 0), new_text=indent + comment + newline)


def _at(line: int, character: int) -> lsp.Range:
    position = lsp.Position(line=line, character=character)
    return lsp.Range(start=position, end=position)


def _newline(text: str) -> str:
    for mark in ("\r\n", "\n", "\r"):
        if mark in text:
            return mark
    return "\n"
