"""Plain-text reader: paragraphs, exact offsets, streaming in bounded memory."""
from __future__ import annotations

import time
import tracemalloc
import types

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtaudit.errors import InputFormatError
from mtaudit.readers import read_document, read_text, text as text_reader
from mtaudit.types import Document

from readers_support import TRICKY, WORDS, check_document, position_of, read_fixture


@pytest.mark.parametrize("variant", ["lf", "crlf", "crlf-bom"])
def test_fixture_paragraphs_map_back(tmp_path, variant):
    original, doc = read_fixture(tmp_path, "sample.txt", variant)
    assert isinstance(doc.segments, types.GeneratorType)
    segments = check_document(doc, original)
    nl = "\r\n" if variant != "lf" else "\n"
    assert [s.text for s in segments] == [
        f"First paragraph with a tab\there and an emoji 🙂 inside.{nl}It goes on with cafe\u0301 on a second line.",
        "Second paragraph, after blank lines with spaces.",
        "Indented third paragraph.",
    ]
    assert {s.kind for s in segments} == {"paragraph"}
    # Columns count code points: the tab, the astral emoji and the combining accent are one each.
    assert position_of(doc, segments, "here") == (1, 28)
    assert position_of(doc, segments, "inside") == (1, 48)
    assert position_of(doc, segments, "cafe\u0301") == (2, 17)
    assert position_of(doc, segments, "on a second") == (2, 23)
    assert position_of(doc, segments, "Indented") == (8, 3)


def _paragraph():
    # Each line starts with a visible word: a whitespace-only line would be a blank line.
    first = st.sampled_from(["word", "Fox", "🙂", "e\u0301", "日本"])
    line = st.tuples(first, st.lists(WORDS, max_size=5)).map(lambda t: " ".join([t[0], *t[1]]))
    return st.lists(line, min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(
    paragraphs=st.lists(_paragraph(), min_size=0, max_size=6),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    blank=st.sampled_from(["", " ", "\t", "  \t "]),
    indent=st.sampled_from(["", " ", "\t"]),
)
def test_random_paragraphs_map_back(paragraphs, newline, blank, indent):
    original = (newline + blank + newline).join(newline.join(indent + line for line in p) for p in paragraphs)
    doc = read_text(original, "<stdin>", "text")
    segments = check_document(doc, original)
    assert [s.text for s in segments] == [newline.join(indent + line for line in p).strip() for p in paragraphs]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(st.sampled_from(["a", " ", "\n", "\r", "\r\n", "\u00e9", "🙂", "e\u0301", "\t"]), max_size=60).map(
        "".join
    ),
    chunk=st.integers(1, 9),
)
def test_streaming_matches_whole_text_at_any_chunk_size(tmp_path, monkeypatch, text, chunk):
    """Chunk edges inside a UTF-8 sequence, a \\r\\n pair or a run of blank lines change nothing."""
    path = tmp_path / "chunks.txt"
    path.write_bytes(text.encode("utf-8"))
    monkeypatch.setattr(text_reader, "CHUNK_BYTES", chunk)
    streamed = read_document(path, "chunks.txt")
    got = [(s.text, s.pieces) for s in check_document(streamed, text)]
    whole = read_text(text, "x", "text")
    assert got == [(s.text, s.pieces) for s in whole.segments]
    assert streamed.lines.line_starts == whole.lines.line_starts


def test_long_paragraph_is_cut_at_line_breaks(tmp_path):
    line = "A line of a paragraph that never ends 🙂.\n"
    original = line * 5000  # ~210k characters without a blank line
    path = tmp_path / "long.txt"
    path.write_text(original, encoding="utf-8", newline="")
    doc = read_document(path, "long.txt")
    segments = check_document(doc, original)
    assert len(segments) > 1
    assert all(len(s.text) <= text_reader.MAX_PARAGRAPH for s in segments)
    assert all(s.text.startswith("A line") and s.text.endswith("🙂.") for s in segments)
    assert sum(s.text.count("\n") + 1 for s in segments) == 5000


def test_long_line_without_breaks_is_cut_at_spaces(tmp_path):
    path = tmp_path / "oneline.txt"
    path.write_text("word " * 300000)
    segments = list(read_document(path, "oneline.txt").segments)
    assert len(segments) > 1 and max(len(s.text) for s in segments) <= text_reader.MAX_PARAGRAPH
    assert " ".join(s.text for s in segments).split() == ["word"] * 300000


def test_invalid_utf8_mid_stream_raises_from_the_generator(tmp_path):
    good = "Paragraph éé.\n\n" * 100000  # ~1.6 MB: more than one chunk before the bad byte
    data = good.encode("utf-8") + b"bad \xc3( byte\n"
    path = tmp_path / "late.txt"
    path.write_bytes(data)
    doc = read_document(path, "late.txt")  # opening succeeds: the error is further in
    seen = 0
    with pytest.raises(InputFormatError) as info:
        for _ in doc.segments:
            seen += 1
    assert seen >= 50000  # the paragraphs before the error were yielded
    offset = len(good.encode("utf-8")) + 4
    assert info.value.message == f"not valid UTF-8 (byte 0xc3 at offset {offset}, line 200001)"


def test_truncated_utf8_at_end_of_file(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes("fine\n\n🙂".encode("utf-8")[:-1])
    with pytest.raises(InputFormatError, match=r"not valid UTF-8 \(byte 0xf0 at offset 6, line 3\)"):
        list(read_document(path, "cut.txt").segments)


def test_streaming_memory_stays_bounded(tmp_path):
    """30 MB of text is read with a peak far below its size (the 200 MB run is checked elsewhere)."""
    paragraph = ("This sentence is part of a long generated paragraph, with é and 🙂 and cafe\u0301. " * 3 + "\n") * 4
    block = (paragraph + "\n") * 100
    path = tmp_path / "big.txt"
    size = 30 * 1024 * 1024
    with open(path, "w", encoding="utf-8", newline="") as f:
        written = 0
        while written < size:
            f.write(block)
            written += len(block.encode("utf-8"))
    count = 0
    start = time.perf_counter()
    tracemalloc.start()
    try:
        doc = read_document(path, "big.txt")
        for segment in doc.segments:
            count += 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == written // len(block.encode("utf-8")) * 100
    assert len(doc.lines.line_starts) == count * 5 + 1
    # A 1 MiB chunk and the buffer around it (4 bytes a character: there are emoji), plus
    # the line index (about 36 bytes a line): some 20 MB, whereas the text is 30 MB.
    assert peak < 24 * 1024 * 1024, peak
    assert time.perf_counter() - start < 20


def test_read_text_returns_a_list_and_complete_lines():
    doc = read_text("One.\n\nTwo.\n", "<stdin>", "text")
    assert isinstance(doc, Document) and isinstance(doc.segments, list)
    assert doc.lines.line_starts == [0, 5, 6, 11]


@pytest.mark.parametrize("ch", TRICKY)
def test_single_tricky_character_paragraph(ch):
    original = f"\n\n  x{ch}y\n"
    (segment,) = check_document(read_text(original, "x", "text"), original)
    assert segment.text == f"x{ch}y" and segment.pieces[0].source_start == 4


def test_form_feed_line_is_blank():
    original = "one\n\f\ntwo"
    assert [s.text for s in read_text(original, "x", "text").segments] == ["one", "two"]


def test_unbreakable_text_is_cut_at_the_limit(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_text("x" * 200_000)
    limit = text_reader.MAX_PARAGRAPH
    assert [len(s.text) for s in read_document(path, "blob.txt").segments] == [limit] * 3 + [200_000 - 3 * limit]
