import dataclasses

from reporter_fixtures import build_report, render

from mtaudit import Auditor, Config
from mtaudit.reporters.text import TextReporter
from mtaudit.types import FileReport, Report


def test_plain_output():
    out = render(TextReporter, build_report(), color=False)
    assert "\x1b" not in out
    lines = out.splitlines()
    assert "docs/guide.md:3:21 MTA001 Word “the” repeated → the" in lines
    # Multi-line suggestion stays on its finding's line.
    assert 'docs/guide.md:4:4 MTA101 Idiom "make the needful" is garbled → 50% "done", then:\\nrest' in lines
    assert "notes/ü space.txt:1:21 MTA004 Use “results are” → results are" in lines
    assert ("docs/guide.md (en, fluency 71.3, MT likelihood 0.82: 1 garbled idiom, 1 doubled word, "
            "unusually predictable for its vocabulary)") in lines
    assert "notes/ü space.txt (en, MT likelihood uncertain (1 sentence): varied vocabulary)" in lines
    assert "  note: skipped: document language is de" in lines
    assert not any("cannot parse" in line for line in lines)  # the CLI prints input errors to stderr
    assert lines[-1] == "Found 6 findings (1 error, 2 warnings, 3 info) in 2 of 3 files; 1 input error."


def test_least_fluent_sentences_worst_first():
    lines = render(TextReporter, build_report(), color=False).splitlines()
    start = lines.index("  least fluent sentences:")
    assert lines[start + 1] == "  docs/guide.md:4:1 fluency 18.5: We make the needful with naïve courage."
    assert lines[start + 2].startswith("  docs/guide.md:3:1 fluency 42.0: ")


def test_a_wrapped_sentence_reads_as_one_flowing_sentence():
    result = Auditor(Config(no_model=True)).audit_text("The union\n  says staff were never\r\ntrained.\n", "wrapped.md", "markdown")
    result.sentences[0].fluency = 40.0
    lines = render(TextReporter, Report("0", files=[result]), color=False).splitlines()
    assert "  wrapped.md:1:1 fluency 40.0: The union says staff were never trained." in lines


def test_long_lines_are_not_wrapped():
    report = build_report()
    f = report.files[1].findings[0]
    report.files[1].findings[0] = dataclasses.replace(f, message="very " * 60 + "long")
    out = render(TextReporter, report, color=False)
    assert "notes/ü space.txt:1:21 MTA004 " + "very " * 60 + "long → results are\n" in out


def test_color_when_asked_and_not_by_default():
    assert "\x1b[" in render(TextReporter, build_report(), color=True)
    assert "\x1b" not in render(TextReporter, build_report())  # a StringIO is no TTY


def test_clean_run():
    out = render(TextReporter, Report("0.1.0", files=[FileReport("a.md", "markdown", "en")] * 3), color=False)
    assert out == "No findings in 3 files.\n"
