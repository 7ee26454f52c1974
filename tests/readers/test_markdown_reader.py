"""Markdown reader: prose only, every character aligned to the raw source."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from mtaudit.readers import read_text

from readers_support import TRICKY, assert_positions, check_document, read_fixture


@pytest.mark.parametrize("variant", ["lf", "crlf", "crlf-bom"])
def test_fixture_segments_map_back(tmp_path, variant):
    original, doc = read_fixture(tmp_path, "sample.md", variant)
    segments = check_document(doc, original)
    assert [(s.kind, s.text) for s in segments] == [
        ("heading", "Heading with emphasis and 🙂"),
        (
            "paragraph",
            "A paragraph with bold, , a link and\nan escaped * star, an entity & and cafe\u0301.\tTab.",
        ),
        ("blockquote", "A quote with inline html \nover two lines."),
        ("list-item", "First item"),
        ("list-item", "Second item with"),
        ("alt", "alt text 🙂"),
        ("table-cell", "Col A"),
        ("table-cell", "Col B"),
        ("table-cell", "cell 1"),
        ("table-cell", "cell | 2"),
        ("paragraph", "Autolink  is skipped."),
    ]
    assert_positions(doc, segments, original, [
        ("*emphasis*", "emphasis"), ("and 🙂", "🙂"), ("**bold**", "bold"), ("[link]", "link"),
        ("\\* star", "star"), ("cafe\u0301.", "cafe\u0301"), ("\tTab", "Tab"), ("over two", "over"),
        ("Second item", "Second"), ("[alt text", "alt"), ("cell \\| 2", "2"), ("is skipped.", "skipped"),
    ])


def test_markup_maps_as_replacements():
    original = "Fish &amp; chips \\* ok &#x1F642;\r\nnext"
    (segment,) = check_document(read_text(original, "x", "markdown"), original)
    assert segment.text == "Fish & chips * ok 🙂\nnext"
    assert segment.source_span(5, 6) == segment.source_span(5, 6).__class__(5, 10)  # "&" <- "&amp;"
    assert original[slice(*_span(segment, "*"))] == "\\*"
    assert original[slice(*_span(segment, "🙂"))] == "&#x1F642;"
    assert original[slice(*_span(segment, "\n"))] == "\r\n"


def _span(segment, text):
    i = segment.text.index(text)
    span = segment.source_span(i, i + len(text))
    return span.start, span.end


def test_skipped_constructs_leave_no_text():
    original = (
        "+++\ntitle = 'toml front matter'\n+++\n\n"
        "Keep `inline code` out, and <kbd>tags</kbd> <!-- a comment --> too.\n\n"
        "~~~\nfenced\n~~~\n\n"
        "<!--\nblock comment\n-->\n\n"
        "[ref]: https://example.com/ref \"Reference title\"\n\n"
        "See [the docs][ref] or [ref] or <mail@example.com> or [x](<a b> 'T (1)').\n"
    )
    segments = check_document(read_text(original, "x", "markdown"), original)
    assert [s.text for s in segments] == [
        "Keep  out, and tags  too.",
        "See the docs or ref or  or x.",
    ]


def test_title_text_is_not_taken_for_the_next_word():
    original = '[x](u "b c") c and [y](v (paren c)) c'
    (segment,) = check_document(read_text(original, "x", "markdown"), original)
    assert segment.text == "x c and y c"
    assert [_span(segment, "c and")[0], segment.source_span(10, 11).start] == [13, 36]


def test_nested_containers_and_lazy_lines():
    original = "> - item *one*\n>   goes on\nlazy line\n>\n> > deep\n\n1. first\n\n   second para\n"
    segments = check_document(read_text(original, "x", "markdown"), original)
    assert [(s.kind, s.text) for s in segments] == [
        ("list-item", "item one\ngoes on\nlazy line"),
        ("blockquote", "deep"),
        ("list-item", "first"),
        ("list-item", "second para"),
    ]


def test_hard_breaks_and_setext_heading():
    original = "Title\n=====\n\nline one  \nline two\\\nline three\n"
    segments = check_document(read_text(original, "x", "markdown"), original)
    assert [(s.kind, s.text) for s in segments] == [
        ("heading", "Title"),
        ("paragraph", "line one\nline two\nline three"),
    ]


def test_table_cells_with_same_text_map_to_their_own_cell():
    original = "| a | a |\n|---|---|\n|  | a |\n| `x` | **a** |\n"
    segments = check_document(read_text(original, "x", "markdown"), original)
    starts = [s.pieces[0].source_start for s in segments]
    assert [s.text for s in segments] == ["a", "a", "a", "a"]
    assert starts == [2, 6, 25, 39]


# --- property test ---------------------------------------------------------------

_INLINE = st.sampled_from(
    [
        "word", "Fox", *TRICKY, " ", " ", "  ", "*", "**", "_", "`", "``", "[", "]", "(", ")", "!", "![", "<b>",
        "</b>", "<!-- c -->", "&amp;", "&#233;", "&copy;", "&bogus;", "\\*", "\\", "\\|", "<http://x.y>",
        '[t](http://u "ti tle")', "[r][ref]", "#", "|", ">", "-", "1.", "e", '<a\n href="x">', "`co\nde`",
        "[multi\nline](u)", "***", "[![im](i)](u)", "\\\n", "  \n",
    ]
)
_PREFIX = st.sampled_from(["", "", "", "# ", "## ", "> ", "- ", "* ", "1. ", "  ", "    ", "> > ", "- > ", "\t", "   "])
_LINE = st.tuples(_PREFIX, st.lists(_INLINE, min_size=1, max_size=8).map("".join)).map("".join)
_CELL = st.lists(st.sampled_from(["a", "b c", "🙂", "e\u0301", "\\|", "`c`", "*e*", " ", "&amp;"]), max_size=3).map(
    "".join
)
_TABLE = st.lists(_CELL, min_size=2, max_size=2).map(lambda c: f"| {c[0]} | {c[1]} |\n|---|---|\n| {c[1]} | {c[0]} |")
_BLOCK = st.one_of(
    st.lists(_LINE, min_size=1, max_size=4).map("\n".join),
    _TABLE,
    st.just("```\ncode *x*\n```"),
    st.just('[ref]: http://r "T"'),
)


def _expected(src: str) -> list:
    """Plain text of each inline token, from markdown-it's own tokens."""
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    out = []
    for tok in md.parse(src):
        if tok.type == "inline":
            main, alts = [], []
            _collect(tok.children or [], main, alts)
            out.extend(t.strip() for t in ["".join(main), *alts] if t.strip())
    return out


def _collect(children, out, alts):
    autolink = False
    for tok in children:
        if autolink:
            autolink = tok.type != "link_close"
        elif tok.type in ("text", "text_special"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif tok.type == "link_open" and tok.info == "auto":
            autolink = True
        elif tok.type == "image":
            alt = []
            _collect(tok.children or [], alt, alts)
            alts.append("".join(alt))


@settings(max_examples=300, deadline=None)
@given(
    blocks=st.lists(_BLOCK, min_size=1, max_size=5),
    separator=st.sampled_from(["\n\n", "\n"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_random_markdown_maps_back(blocks, separator, newline):
    original = separator.join(blocks).replace("\n", newline)
    segments = check_document(read_text(original, "x", "markdown"), original)
    assert [s.text for s in segments] == _expected(original)
    # No source character is claimed twice.
    ranges = sorted((p.source_start, p.source_start + p.source_length) for s in segments for p in s.pieces)
    assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:]))


def test_an_escaped_backtick_before_a_code_span_is_text():
    original = "\\``word`co\nde`\n"
    segments = check_document(read_text(original, "x", "markdown"), original)
    assert [s.text for s in segments] == _expected(original)
