"""XLIFF reader: 1.2 and 2.x targets (or English sources), located in the raw text."""
from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtaudit.errors import InputFormatError
from mtaudit.readers import read_document, read_text

from readers_support import TRICKY, assert_positions, check_document, locate, position_of, read_fixture

NS12 = 'xmlns="urn:oasis:names:tc:xliff:document:1.2"'
NS20 = 'xmlns="urn:oasis:names:tc:xliff:document:2.0"'


@pytest.mark.parametrize("variant", ["lf", "crlf", "crlf-bom"])
def test_xliff12_fixture_maps_back(tmp_path, variant):
    original, doc = read_fixture(tmp_path, "sample12.xlf", variant)
    segments = check_document(doc, original)
    assert [(s.kind, s.text) for s in segments] == [
        ("target", "Hello bold world & 🙂\tcafe\u0301"),
        ("target", "Code skipped, CDATA <kept> text"),
    ]
    assert doc.source_language == "fr"
    assert_positions(doc, segments, original, [
        (">bold<", "bold"), ("world &amp;", "world"), ("🙂<x", "🙂"), ("\tcafe\u0301", "cafe\u0301"),
        ("CDATA <kept>", "<kept>"), ("]]> text", "text"), ("<target>Code", "Code"),
    ])


@pytest.mark.parametrize("variant", ["lf", "crlf", "crlf-bom"])
def test_xliff20_fixture_maps_back(tmp_path, variant):
    original, doc = read_fixture(tmp_path, "sample20.xlf", variant)
    segments = check_document(doc, original)
    assert [(s.kind, s.text) for s in segments] == [
        ("target", "Good day <3 🙂 cafe\u0301"),
        ("target", "Second sentence."),
    ]
    assert doc.source_language == "de"
    assert_positions(
        doc, segments, original, [(">day<", "day"), ("Second <mrk", "Second"), (">sentence<", "sentence")]
    )
    assert position_of(doc, segments, "<3") == locate(original, "&lt;3", "&lt;")


def _xliff12(target_language, source_language="en"):
    return (
        f'<xliff version="1.2" {NS12}><file source-language="{source_language}" target-language="{target_language}">'
        "<body><trans-unit id='1'><source>Hello there</source><target>Hallo zusammen</target></trans-unit>"
        "</body></file></xliff>"
    )


@pytest.mark.parametrize(
    "target, source, expected",
    [("en-US", "de", ("target", "Hallo zusammen")), ("de", "en", ("source", "Hello there")),
     ("de", "fr", ("target", "Hallo zusammen"))],
)
def test_side_follows_languages_like_po(target, source, expected):
    (segment,) = read_text(_xliff12(target, source), "x.xlf", "xliff").segments
    assert (segment.kind, segment.text) == expected


def test_missing_target_language_uses_the_argument():
    original = (
        f'<xliff version="2.1" {NS20} srcLang="en"><file id="f"><unit id="u"><segment>'
        "<source>Hello</source><target>Salut</target></segment></unit></file></xliff>"
    )
    assert [s.kind for s in read_text(original, "x", "xliff").segments] == ["target"]
    assert [s.kind for s in read_text(original, "x", "xliff", target_language="fr").segments] == ["source"]


def test_entities_doctype_comments_and_processing_instructions():
    original = (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [ <!ENTITY custom "x"> ]>\n'
        f'<xliff version="1.2" {NS12}><file target-language="en"><body>\n'
        "<!-- <target>not this</target> --><?pi <target>?>\n"
        "<trans-unit id='1'><source>s</source><target>A &#233;&#x1F642; &quot;q&quot; &apos;s\n"
        "<!-- note -->b<?pi x?>c &custom;</target></trans-unit></body></file></xliff>"
    )
    (segment,) = check_document(read_text(original, "x", "xliff"), original)
    assert segment.text == "A é🙂 \"q\" 's\nbc &custom;"


@pytest.mark.parametrize(
    "original, message",
    [
        ("<xliff><unclosed></xliff>", "not well-formed XML: Opening and ending tag mismatch"),
        (f'<xliff version="1.2" {NS12}>&nbsp;</xliff>', "not well-formed XML: Entity 'nbsp' not defined"),
        ('<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1"/>', "unsupported XLIFF version '1.1'"),
        (f'<xliff version="3.0" {NS20}/>', "unsupported XLIFF version '3.0'"),
        ('<xliff version="1.2"/>', "unsupported XLIFF version '1.2' in namespace 'none'"),
        ("<html><body/></html>", "not an XLIFF file (root element <html>)"),
        ("plain text", "not well-formed XML: Start tag expected"),
    ],
)
def test_bad_xliff(tmp_path, original, message):
    path = tmp_path / "bad.xlf"
    path.write_text(original)
    with pytest.raises(InputFormatError) as info:
        read_document(path, "bad.xlf")
    assert info.value.message.startswith(message)
    assert "\n" not in info.value.message


def test_external_entities_are_not_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    original = (
        f'<!DOCTYPE xliff [<!ENTITY ext SYSTEM "file://{secret}">]>'
        f'<xliff version="1.2" {NS12}><file target-language="en"><body>'
        "<trans-unit id='1'><source>s</source><target>before &ext; after</target></trans-unit></body></file></xliff>"
    )
    (segment,) = read_text(original, "x", "xliff").segments
    assert "SECRET" not in segment.text


# --- property test ---------------------------------------------------------------

_TEXT = st.sampled_from(
    ["word", "Fox", " ", "\n", "\r\n", *TRICKY, "&amp;", "&lt;", "&#233;", "&#x1F642;", "'", '"', ">"]
)


@st.composite
def _content(draw, depth=0):
    """Target content and the text a reader should see in it."""
    parts, text = [], []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["text", "text", "cdata", "g", "x", "ph", "comment"]))
        if kind == "text":
            raw = draw(_TEXT)
            parts.append(raw)
            text.append(html.unescape(raw))
        elif kind == "cdata":
            raw = draw(st.sampled_from(["a<b>&amp;", "🙂", " ", "]"]))
            parts.append(f"<![CDATA[{raw}]]>")
            text.append(raw)
        elif kind == "g" and depth < 2:
            inner, inner_text = draw(_content(depth + 1))
            parts.append(f'<g id="{len(parts)}" ctype="bold">{inner}</g>')
            text.append(inner_text)
        elif kind == "x":
            parts.append(f'<x id="{len(parts)}"/>')
        elif kind == "ph":
            parts.append(f'<ph id="{len(parts)}">&lt;b&gt;word</ph>')
        else:
            parts.append("<!-- word -->")
    return "".join(parts), "".join(text)


@settings(max_examples=200, deadline=None)
@given(units=st.lists(_content(), min_size=1, max_size=4), newline=st.sampled_from(["\n", "\r\n"]))
def test_random_xliff12_maps_back(units, newline):
    body = newline.join(
        f"<trans-unit id='{i}'><source>s</source><target>{content}</target></trans-unit>"
        for i, (content, _) in enumerate(units)
    )
    original = (
        f'<?xml version="1.0"?>{newline}<xliff version="1.2" {NS12}><file target-language="en"><body>{newline}'
        f"{body}</body></file></xliff>"
    )
    segments = check_document(read_text(original, "x", "xliff"), original)
    assert [s.text for s in segments] == [t.strip() for _, t in units if t.strip()]


def test_pairs_with_inline_codes_states_and_missing_targets():
    original = (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="en" target-language="de"><body>'
        '<trans-unit id="a"><source>Press <g id="1">Save</g><x id="2"/></source>'
        '<target state="needs-review-translation">Drücken Sie <g id="1">Speichern</g></target></trans-unit>'
        '<trans-unit id="b"><source>Cancel</source></trans-unit>'
        '</body></file></xliff>'
    )
    doc = read_text(original, "x.xlf", "xliff")
    a, b = doc.pairs
    assert (a.id, a.source, a.target_text) == ("a", "Press Save", "Drücken Sie Speichern")
    assert a.source_codes == ("<g id=1>", "<x id=2>") and a.target_codes == ("<g id=1>",)
    assert a.flags == ("needs-review-translation",) and (a.source_language, a.target_language) == ("en", "de")
    assert original[a.target.source_span(12, 21).start :].startswith("Speichern</g>")
    assert b.target_text == "" and original[b.anchor.start : b.anchor.end] == '<trans-unit id="b">'
    assert [s.text for s in doc.segments] == ["Press Save", "Cancel"]  # the English side


def test_xliff2_segments_are_units():
    original = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">'
        '<file id="f"><unit id="u1"><segment id="s1" state="initial"><source>One.</source><target>Un.</target></segment>'
        '<segment><source>Two.</source><target>Deux.</target></segment></unit></file></xliff>'
    )
    first, second = read_text(original, "x.xlf", "xliff").pairs
    assert (first.id, first.flags, second.id, second.target_text) == ("u1/s1", ("initial",), "u1/2", "Deux.")
