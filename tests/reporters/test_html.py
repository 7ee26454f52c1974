import html as htmllib
import json
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from reporter_fixtures import build_report, render

from mtaudit import Auditor, Config, __version__
from mtaudit.reporters.html_report import HtmlReporter
from mtaudit.types import Finding, Report, Severity

SCRIPT = Path(__file__).parents[2] / "scripts" / "render_html_report.sh"


class Page(HTMLParser):
    """Collects marks, the inline suggestions after them, sentences and external references."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.stack, self.marks, self.fixes, self.sentences, self.external = [], [], [], [], []
        self.events = []  # ("mark", attrs, text) / ("fix", text) in document order
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in ("br", "meta", "input"):
            self.stack.append((tag, attrs, []))
        self.external += [v for k, v in attrs.items() if k in ("src", "href") and not v.startswith("#")]
        if tag in ("script", "link", "img", "iframe", "object"):
            self.external.append(tag)

    def handle_endtag(self, tag):
        name, attrs, text = self.stack.pop()
        assert name == tag, f"</{tag}> closes <{name}>"
        content = "".join(text)
        if self.stack:
            self.stack[-1][2].append(content)
        if tag == "mark":
            self.marks.append((attrs, content))
            self.events.append(("mark", attrs, content))
        elif "fix" in attrs.get("class", ""):
            self.fixes.append(content)
            self.events.append(("fix", content))
        elif "sentence" in attrs.get("class", "").split():
            self.sentences.append((attrs["class"], content))

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2].append(data)


def page(report=None):
    return Page(render(HtmlReporter, report or build_report()))


def test_marks_and_suggestions():
    p = page()
    assert [(a["data-rules"], text) for a, text in p.marks] == [
        ("MTA002", "&"), ("MTA001", "the the"), ("MTA003", "8 o'clock."), ("MTA003", "We"), ("MTA101", "make the needful"),
        ("MTA004", "results is"),
    ]
    titles = [a["title"] for a, _ in p.marks]
    assert titles[1] == "MTA001 doubled-word (warning): Word “the” repeated"
    assert titles[2] == titles[3] == "MTA003 boilerplate (error): Boilerplate <time> phrase"
    assert titles[4] == 'MTA101 garbled-idiom (info): Idiom "make the needful" is garbled'
    assert [a["class"] for a, _ in p.marks][:4] == ["sev-info", "sev-warning", "sev-error", "sev-error"]
    # Each suggestion follows its mark directly.
    kinds = [e[0] for e in p.events]
    assert p.events[kinds.index("mark", 1) + 1] == ("fix", "the")
    assert p.fixes == ["the", '50% "done", then:\\nrest / do what is needed', "results are"]


def test_sentences_keep_their_text():
    sentences = page().sentences
    assert len(sentences) == 4
    # Line number, fluency badge, then the text with the suggestion after the mark.
    assert sentences[1] == ("sentence flagged", "342.0 Please to be noted: the thethe café opens at 8 o'clock.")
    assert [cls for cls, _ in sentences] == ["sentence flagged"] * 4


def test_findings_outside_sentences_are_listed_only():
    html = render(HtmlReporter, build_report())
    assert "<td>Stray punctuation</td>" in html and html.count("MTA002 stray-punctuation") == 3  # 2 rows, 1 mark
    assert '<td class="pre"><code>#</code></td>' in html


def test_everything_is_escaped_and_self_contained():
    report = build_report()
    report.files[0].path = 'docs/<img src="x">.md'
    html = render(HtmlReporter, report)
    assert "<img" not in html and "&lt;img src=&quot;x&quot;&gt;" in html
    assert "Boilerplate &lt;time&gt; phrase" in html
    p = Page(html)
    assert p.external == []
    assert "http" not in html and "url(" not in html


def test_overlapping_findings_share_a_mark():
    report = build_report()
    guide = report.files[0]
    make = next(f for f in guide.findings if f.rule == "MTA101")
    start = make.span.start + len("make ")
    overlap = Finding("MTA001", "doubled-word", Severity.WARNING, type(make.span)(start, start + len("the needful with")),
                      "the needful with", "Overlap", location=make.location)
    guide.findings.append(overlap)
    marks = [(a["data-rules"], a["class"], t) for a, t in page(report).marks if "MTA101" in a["data-rules"] or a["data-rules"] == "MTA001"]
    assert marks[1:] == [("MTA101", "sev-info", "make "), ("MTA101 MTA001", "sev-warning", "the needful"), ("MTA001", "sev-warning", " with")]


def _png_pixels_vary(data: bytes) -> bool:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    return len(set(raw)) > 16  # a blank page filters down to a handful of byte values


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_renders_in_chromium(tmp_path):
    html, png = tmp_path / "report.html", tmp_path / "report.png"
    html.write_text(render(HtmlReporter, build_report()), "utf-8")
    subprocess.run(["bash", str(SCRIPT), str(html), str(png)], check=True, timeout=150, capture_output=True)
    assert _png_pixels_vary(png.read_bytes())


# Appended to a report for the test only (reports have no scripts): each sentence's text, how many
# lines it takes, where its leftmost character lies and where its line number ends.
MEASURE = """<pre id="layout"></pre><script>
document.getElementById("layout").textContent = JSON.stringify([...document.querySelectorAll("li.sentence")].map(li => {
  const text = li.querySelector(".text"), range = document.createRange();
  range.selectNodeContents(text);
  const rects = [...range.getClientRects()].filter(r => r.width > 0);
  return {text: text.textContent, lines: Math.round(text.getBoundingClientRect().height / parseFloat(getComputedStyle(text).lineHeight)),
          left: Math.min(...rects.map(r => r.left)), number_right: li.querySelector(".ln").getBoundingClientRect().right};
}));
</script>"""


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_a_wrapped_sentence_flows_as_one_in_chromium(tmp_path):
    """In the rendered page, a sentence wrapped in the file is one sentence on one line, and a
    long sentence wraps under its own text, not under the line numbers."""
    result = Auditor(Config(no_model=True)).audit_file(SCRIPT.parents[1] / "examples" / "clean_news.md")
    for sentence in result.sentences:
        sentence.fluency = 80.0
    page = tmp_path / "report.html"
    page.write_text(render(HtmlReporter, Report(__version__, files=[result])).replace("</body>", MEASURE + "</body>"), "utf-8")
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                              "--disable-background-networking", "--disable-component-update", "--disable-sync",
                              f"--user-data-dir={profile}", "--window-size=700,900", "--dump-dom", page.as_uri()],
                             check=True, timeout=150, capture_output=True, text=True).stdout
    layout = json.loads(htmllib.unescape(re.search(r'<pre id="layout">(.*?)</pre>', dom, re.S).group(1)))
    assert len(layout) == len(result.sentences)
    union = next(s for s in layout if s["text"].startswith("The union"))
    assert union == {**union, "text": "The union says staff were never trained to use it.", "lines": 1}
    assert all("\n" not in s["text"] for s in layout)
    assert max(s["lines"] for s in layout) >= 2  # some sentences are too long for one line at this width
    assert all(s["left"] >= s["number_right"] for s in layout)
