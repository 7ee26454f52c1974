"""HTML reader: visible text by block, title and alt text, entities as replacements."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtaudit.readers import read_text

from readers_support import TRICKY, assert_positions, check_document, read_fixture


@pytest.mark.parametrize("variant", ["lf", "crlf", "crlf-bom"])
def test_fixture_segments_map_back(tmp_path, variant):
    original, doc = read_fixture(tmp_path, "sample.html", variant)
    segments = check_document(doc, original)
    assert [(s.kind, s.text) for s in segments] == [
        ("title", "Page title & more"),
        ("heading", "Heading 🙂"),
        ("paragraph", "A paragraph with inline markup,\ta tab, cafe\u0301 and éé🙂."),
        ("list-item", "Item one"),
        ("list-item", "Item two"),
        ("paragraph", "Image  here."),
        ("alt", 'Alt "text" 🙂'),
        ("table-cell", "Cell"),
    ]
    assert_positions(doc, segments, original, [
        ("title &amp; more", "more"), ("Heading 🙂", "🙂"), ("<em>inline</em>", "inline"), ("\ta tab", "tab"),
        ("cafe\u0301 and", "cafe\u0301"), ("&quot;text", "text"), ("Item two", "two"), ("> here.", "here."),
    ])
    segment = next(s for s in segments if s.text.startswith("A paragraph"))
    entities = [p for p in segment.pieces if not p.verbatim]
    assert [original[p.source_start : p.source_start + p.source_length] for p in entities] == [
        "&eacute;", "&#233;", "&#x1F642;",
    ]


def test_text_is_kept_as_in_the_source():
    original = "<div>\n  Line one\n  goes on\n</div>"
    (segment,) = check_document(read_text(original, "x", "html"), original)
    assert segment.text == "Line one\n  goes on"


def test_skipped_elements_and_comments():
    original = (
        "<p>Run <code>make</code> now<script>x = '<p>'</script>.</p>"
        "<noscript>Enable JS</noscript><template><p>tpl</p></template>"
        "<style>p{}</style><!-- <p>commented</p> --><svg><title>icon</title></svg>"
        "<pre>  code\n</pre><textarea>input</textarea><p>End</p>"
    )
    segments = check_document(read_text(original, "x", "html"), original)
    assert [s.text for s in segments] == ["Run  now.", "End"]


def test_blocks_split_and_inline_elements_do_not():
    original = "<body>Intro<div>A <a href='#'>link</a> and <span>span</span><br>after break</div>tail<h2>Head</h2>"
    segments = check_document(read_text(original, "x", "html"), original)
    assert [(s.kind, s.text) for s in segments] == [
        ("paragraph", "Intro"),
        ("paragraph", "A link and span"),
        ("paragraph", "after break"),
        ("paragraph", "tail"),
        ("heading", "Head"),
    ]


def test_nested_blocks_take_the_kind_of_the_nearest_named_block():
    original = "<ul><li>Item <p>para in item</p></li></ul><blockquote><p>Quoted</p></blockquote>"
    segments = check_document(read_text(original, "x", "html"), original)
    assert [(s.kind, s.text) for s in segments] == [
        ("list-item", "Item"), ("list-item", "para in item"), ("blockquote", "Quoted"),
    ]


def test_entities_without_semicolon_and_unknown_ones():
    original = "<p>AT&T &copy 2024 &bogus; &#169;&#xA9;&amp</p>"
    (segment,) = check_document(read_text(original, "x", "html"), original)
    assert segment.text == "AT&T © 2024 &bogus; ©©&"


def test_alt_attribute_forms():
    original = "<p>x<img alt='single &amp; quoted'><IMG SRC=a ALT=bare>y<img data-alt='no' alt=\"\"></p>"
    segments = check_document(read_text(original, "x", "html"), original)
    assert [(s.kind, s.text) for s in segments] == [("paragraph", "xy"), ("alt", "single & quoted"), ("alt", "bare")]


def test_whitespace_only_segments_are_dropped():
    original = "<p> &nbsp; </p><div>\n\t\n</div>"
    assert read_text(original, "x", "html").segments == []


_PIECES = st.sampled_from(
    [
        " word ", " Fox ", *TRICKY, " ", "\n", "\r\n", "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<br>", "<br/>",
        "<li>", "<h1>", "</h1>", "<td>", "&amp;", "&lt;", "&eacute;", "&#233;", "&#x1F642;", "&copy", "&bogus;",
        "&", "<", ">", "<!-- c -->", "<script>s<p>x</p></script>", "<code>c</code>", "<img alt='a &amp; b'>",
        "<img src=x>", "<title>T</title>", '<a href="u">', "</a>", "<!DOCTYPE html>", "<?pi?>", "</ p>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_PIECES, max_size=25))
def test_random_html_maps_back(parts):
    original = "".join(parts)
    segments = check_document(read_text(original, "x", "html"), original)
    ranges = sorted((p.source_start, p.source_start + p.source_length) for s in segments for p in s.pieces)
    assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:]))
    # A bare "<" before an ASCII letter opens a tag (in browsers too): "<e\u0301 word <p>" is one
    # malformed tag, and the words up to its ">" are markup, not text.
    if any(a == "<" and b[:1].isascii() and b[:1].isalpha() for a, b in zip(parts, parts[1:])):
        return
    words = [w for s in segments if s.kind != "alt" for w in s.text.split()]
    for word in ("word", "Fox"):  # words outside skipped elements are all kept
        assert words.count(word) == parts.count(f" {word} ")
