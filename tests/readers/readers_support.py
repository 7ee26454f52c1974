"""Checks shared by the reader tests: every segment character maps back to its source."""
from __future__ import annotations

import bisect
import codecs
import html
import re
from pathlib import Path

from hypothesis import strategies as st

from mtaudit.readers import read_document

FIXTURES = Path(__file__).parent / "fixtures"

# Characters that tend to break offset arithmetic: astral emoji, a combining accent
# (e + U+0301), tabs, non-ASCII letters, a no-break space.
TRICKY = ["🙂", "e\u0301", "\t", "é", "ß", "\u00a0", "日本"]
WORDS = st.sampled_from(["word", "Fox", "a", "it's", "x1", *TRICKY])

_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f"}


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")  # no newline translation


def read_fixture(tmp_path: Path, name: str, variant: str) -> tuple:
    """``(original, document)`` for fixture ``name`` written as is (``lf``), with CRLF line
    ends (``crlf``), or with CRLF and a UTF-8 BOM (``crlf-bom``)."""
    original = fixture_text(name)
    if variant != "lf":
        original = original.replace("\n", "\r\n")
    path = tmp_path / name
    path.write_bytes((codecs.BOM_UTF8 if variant == "crlf-bom" else b"") + original.encode("utf-8"))
    return original, read_document(path, name)


class ReferencePositions:
    """(line, column), both 1-based, counted independently of LineIndex."""

    def __init__(self, original: str) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", original)]

    def __call__(self, offset: int) -> tuple:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


def decode_replacement(source: str) -> str:
    """What a non-verbatim piece stands for: a line break, an entity or an escape."""
    if source in ("\r\n", "\r", "\n"):
        return "\n"
    if source.startswith("&"):
        return html.unescape(source)
    assert source.startswith("\\") and len(source) == 2, source
    return _PO_ESCAPES.get(source[1], source[1])


def check_document(doc, original: str) -> list:
    """Assert the mapping invariants of every segment of ``doc``; return the segments."""
    segments = list(doc.segments)
    reference = ReferencePositions(original)
    for segment in segments:
        check_segment(segment, original, doc.lines, reference)
    return segments


def check_segment(segment, original: str, lines, reference: ReferencePositions) -> None:
    text = segment.text
    assert text and text == text.strip(), repr(text)
    covered, source_end = 0, 0
    for piece in segment.pieces:
        assert piece.text_start == covered
        assert piece.source_start >= source_end, "pieces must move forward in the source"
        source = original[piece.source_start : piece.source_start + piece.source_length]
        part = text[piece.text_start : piece.text_start + piece.length]
        if not (piece.verbatim and source == part):
            assert decode_replacement(source) == part, (source, part)
        covered += piece.length
        source_end = piece.source_start + piece.source_length
    assert covered == len(text)
    spans = [(0, len(text))] + [m.span() for m in re.finditer(r"\S+", text)]
    for a, b in spans:
        span = segment.source_span(a, b)
        assert lines.position(span.start) == reference(span.start)
        assert lines.position(span.end - 1) == reference(span.end - 1)
        inside = [p for p in segment.pieces if p.text_start < b and p.text_start + p.length > a]
        verbatim = all(
            p.verbatim and original[p.source_start : p.source_start + p.length] == text[p.text_start : p.text_start + p.length]
            for p in inside
        )
        contiguous = all(p.source_start + p.source_length == q.source_start for p, q in zip(inside, inside[1:]))
        if verbatim and contiguous:
            assert original[span.start : span.end] == text[a:b]


def locate(original: str, context: str, inner: str) -> tuple:
    """Reference (line, column) of ``inner`` inside the first ``context`` of the raw file."""
    at = original.index(context)
    return ReferencePositions(original)(at + context.index(inner))


def find_word(doc_segments, word: str):
    """The (segment, start) of the first segment containing ``word``."""
    for segment in doc_segments:
        i = segment.text.find(word)
        if i >= 0:
            return segment, i
    raise AssertionError(f"{word!r} not in any segment")


def position_of(doc, segments, word: str) -> tuple:
    segment, i = find_word(segments, word)
    return doc.lines.position(segment.source_span(i, i + len(word)).start)


def assert_positions(doc, segments, original: str, pairs) -> None:
    """Each ``(context, word)``: the word's first use in a segment is where it stands in context."""
    for context, word in pairs:
        assert position_of(doc, segments, word) == locate(original, context, word), word
