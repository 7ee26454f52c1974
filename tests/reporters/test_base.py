import io

import pytest
from reporter_fixtures import RULES, build_report

from mtaudit.reporters import REPORTERS, Reporter
from mtaudit.reporters.base import summary_line, worst_sentences
from mtaudit.types import FileReport, Report


def test_registry_has_every_format():
    assert list(REPORTERS) == ["text", "json", "sarif", "github", "junit", "html", "markdown"]
    for name, cls in REPORTERS.items():
        assert issubclass(cls, Reporter) and cls.name == name


@pytest.mark.parametrize("name", list(REPORTERS))
def test_output_is_deterministic(name):
    outputs = []
    for _ in range(2):
        stream = io.StringIO()
        REPORTERS[name](rules=RULES, color=False).render(build_report(), stream)
        outputs.append(stream.getvalue())
    assert outputs[0] == outputs[1] and outputs[0]


def test_summary_line():
    assert summary_line(build_report()) == "Found 6 findings (1 error, 2 warnings, 3 info) in 2 of 3 files; 1 input error."
    assert summary_line(Report("0.1.0", files=[FileReport("a.md", "markdown")])) == "No findings in 1 file."


def test_worst_sentences_lowest_fluency_first_unscored_ignored():
    guide = build_report().files[0]
    assert [s.fluency for s in worst_sentences(guide)] == [18.5, 42.0]
    assert [s.fluency for s in worst_sentences(guide, limit=1)] == [18.5]


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_color_decision(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert Reporter().use_color(_Tty()) is True
    assert Reporter().use_color(io.StringIO()) is False
    assert Reporter(color=True).use_color(io.StringIO()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert Reporter().use_color(_Tty()) is False
    assert Reporter(color=True).use_color(_Tty()) is True
