"""Positions in LSP code units, diagnostics and suppression edits, on real audits."""
import pytest

pytest.importorskip("lsprotocol")

from mtaudit.api import Auditor  # noqa: E402
from mtaudit.config import Config  # noqa: E402
from mtaudit.lsp import convert  # noqa: E402
from tests.lsp.client import apply_workspace_edit  # noqa: E402


def audit(text: str, fmt: str = "markdown"):
    return Auditor(Config(no_model=True)).audit_text(text, "doc", fmt)


@pytest.mark.parametrize("encoding,expected", [("utf-16", (16, 23)), ("utf-8", (23, 30)), ("utf-32", (15, 22))])
def test_columns_count_code_units_of_the_encoding(encoding, expected):
    # 😀 is one code point, two UTF-16 units, four UTF-8 bytes; é is e + a combining accent
    # (two code points, three UTF-8 bytes); 中 is one code point, three UTF-8 bytes.
    text = "Title\n\n😀 Cafe\u0301 中文 ok: the the cat sat on the mat.\n"
    report = audit(text)
    (finding,) = [f for f in report.findings if f.rule == "MTA001"]
    diagnostic = convert.diagnostics(report, text, encoding, 3, {0: "fp"})[report.findings.index(finding)]
    assert (diagnostic.range.start.line, diagnostic.range.end.line) == (2, 2)
    assert (diagnostic.range.start.character, diagnostic.range.end.character) == expected
    line = text.splitlines()[2]
    prefix = line[: line.index("the the")]
    assert expected[0] == {"utf-16": len(prefix.encode("utf-16-le")) // 2, "utf-8": len(prefix.encode()),
                           "utf-32": len(prefix)}[encoding]


def test_diagnostic_fields():
    text = "We discussed about it.\n"
    report = audit(text, "text")
    (d,) = convert.diagnostics(report, text, "utf-16", 7, {0: "abc"}, {"MTA301": "file:///docs/MTA301.md"})
    assert d.code == "MTA301" and d.source == "mtaudit"
    assert d.severity == convert.lsp.DiagnosticSeverity.Warning
    assert d.code_description.href == "file:///docs/MTA301.md"
    assert d.data == {"suggestions": ["discussed"], "fingerprint": "abc", "version": 7, "format": "text"}


def test_positions_after_crlf_and_lone_cr():
    text = "One.\r\nTwo.\rThree the the end.\n"
    report = audit(text, "text")
    (d,) = [x for x in convert.diagnostics(report, text, "utf-16", 1, {}) if x.code == "MTA001"]
    assert (d.range.start.line, d.range.start.character) == (2, 6)


def _suppress(text: str, fmt: str, line: int, rule: str = "MTA001") -> str:
    edit = convert.suppression_edit(text, fmt, rule, line, "utf-16")
    as_dict = {"range": {"start": {"line": edit.range.start.line, "character": edit.range.start.character},
                         "end": {"line": edit.range.end.line, "character": edit.range.end.character}},
               "newText": edit.new_text}
    return apply_workspace_edit(text, "u", {"changes": {"u": [as_dict]}})


def test_suppression_comment_silences_the_finding_in_each_format():
    cases = {
        "markdown": "# T\n\nFirst line of a paragraph\nand the the second line.\n\n  - item with the the word\n",
        "html": "<html><body>\n  <p>It was the the end.</p>\n</body></html>\n",
        "po": 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#: a.c:1\nmsgid "x"\nmsgstr ""\n"It was the the end."\n',
    }
    for fmt, text in cases.items():
        doubled = [f for f in audit(text, fmt).findings if f.rule == "MTA001"]
        assert doubled, fmt
        for finding in doubled:
            fixed = _suppress(text, fmt, finding.location.line - 1)
            assert "mtaudit" in fixed
            assert len([f for f in audit(fixed, fmt).findings if f.rule == "MTA001"]) == len(doubled) - 1, (fmt, fixed)


def test_suppression_inside_a_markdown_paragraph_keeps_the_paragraph_whole():
    text = "First line of a paragraph\nand the the second line.\n"
    fixed = _suppress(text, "markdown", 1)
    assert fixed == "First line of a paragraph <!-- mtaudit-disable-next-line MTA001 -->\nand the the second line.\n"


def test_plain_text_has_no_suppression_comment():
    assert convert.suppression_edit("the the\n", "text", "MTA001", 0, "utf-16") is None


def test_problem_points_at_the_line():
    d = convert.problem("not valid", "a\nbé😀\nc\n", "utf-16", 2)
    assert (d.range.start.line, d.range.end.character) == (1, 4)
    assert d.severity == convert.lsp.DiagnosticSeverity.Error
