"""--format markdown: tables that GitHub-flavoured Markdown renders as written."""
import dataclasses

from markdown_it import MarkdownIt
from reporter_fixtures import build_report, render

from mtaudit.reporters import markdown as markdown_reporter
from mtaudit.reporters.markdown import MarkdownReporter
from mtaudit.types import Report

GFM = MarkdownIt("commonmark").enable("table")


def rows(text):
    """Each table row's cells as plain text, via a real Markdown parser."""
    out, row = [], None
    for tok in GFM.parse(text):
        if tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            out.append(row)
        elif tok.type == "inline" and row is not None:
            row.append("".join(c.content for c in tok.children if c.type in ("text", "code_inline", "text_special")))
    return out


def test_one_table_per_file_with_cells_shown_as_written():
    text = render(MarkdownReporter, build_report())
    assert text.startswith("### mtaudit\n\nFound 6 findings (1 error, 2 warnings, 3 info) in 2 of 3 files; 1 input error.\n")
    table = rows(text)
    header = ["line", "rule", "text", "message", "suggestion"]
    assert table.count(header) == 2  # guide.md and the notes file; the German file has no findings
    body = [r for r in table if r != header]
    assert body[2] == ["3", "MTA001 doubled-word", "the the", "Word “the” repeated", "the"]
    # HTML in a message is text, not a tag; a line break inside a span shows as \n.
    assert body[3] == ["3", "MTA003 boilerplate", "8 o'clock.\\nWe", "Boilerplate <time> phrase", ""]
    assert body[4][4] == '50% "done", then:\\nrest'
    assert "<time>" not in GFM.render(text)
    assert "- `po/broken,old.po`: \\[E201\\] cannot parse" in text


def test_pipes_backticks_and_deletions():
    report = build_report()
    guide = report.files[0]
    f = guide.findings[2]
    guide.findings = [dataclasses.replace(f, text="a|b `c`", message="*not* [a](link) | x", suggestions=("",))]
    report.files, report.errors = [guide], []
    assert rows(render(MarkdownReporter, report))[1] == ["3", "MTA001 doubled-word", "a|b `c`", "*not* [a](link) | x", "(delete)"]


def test_long_reports_are_cut(monkeypatch):
    monkeypatch.setattr(markdown_reporter, "MAX_ROWS", 4)
    text = render(MarkdownReporter, build_report())
    assert len([r for r in rows(text) if r[0] != "line"]) == 4
    assert "… and 2 more" in text


def test_no_findings():
    assert render(MarkdownReporter, Report("0.1.0")) == "### mtaudit\n\nNo findings in 0 files.\n"
