import os

from reporter_fixtures import DATA, build_report, render

from mtaudit.reporters.github import GithubReporter, escape_data, escape_property


def test_escaping():
    assert escape_data('50% "done", then:\r\nrest') == '50%25 "done", then:%0D%0Arest'
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_lines():
    lines = render(GithubReporter, build_report()).splitlines()
    assert len(lines) == 7  # six findings, one input error
    assert lines[2] == ("::warning file=docs/guide.md,line=3,col=21,endLine=3,endColumn=28,"
                        "title=MTA001 doubled-word::Word “the” repeated → the")
    assert [line.split(" ", 1)[0] for line in lines] == ["::notice", "::notice", "::warning", "::error", "::notice", "::warning", "::error"]
    # The first suggestion's newline and percent sign are escaped; nothing breaks the line.
    assert lines[4].endswith('is garbled → 50%25 "done", then:%0Arest')
    assert lines[6] == '::error file=po/broken%2Cold.po::[E201] cannot parse: line 3: unexpected "msgid"'


def test_golden():
    out = render(GithubReporter, build_report())
    golden = DATA / "github.golden.txt"
    if os.environ.get("MTAUDIT_UPDATE_GOLDEN"):
        golden.write_text(out, "utf-8")
    assert out == golden.read_text("utf-8")
