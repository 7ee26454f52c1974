"""Plain text: paragraphs (blocks between blank lines), read as a stream."""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Iterable, Iterator

from mtaudit.readers import _common
from mtaudit.types import Document, LineIndex, Segment, SegmentBuilder

CHUNK_BYTES = 1 << 20
MAX_PARAGRAPH = 1 << 16  # longer paragraphs are cut at a line break to bound memory

# A line break followed by one or more whitespace-only lines ("\r\n" is never split).
_BREAK = re.compile(r"(?:\r\n|\r(?!\n)|\n)(?:[^\S\r\n]*(?:\r\n|\r(?!\n)|\n))+")


def read_text(text: str, display_path: str) -> Document:
    lines = LineIndex()
    return Document(display_path, "text", list(paragraphs([text], lines)), lines)


def read_stream(path: Path, display_path: str, head: bytes) -> Document:
    """A document whose ``segments`` is a generator reading ``path`` in 1 MiB chunks.

    ``head`` (the first bytes of the file) has been read by the caller to fail early on
    a missing or binary file.  ``Document.lines`` fills in as the segments are consumed,
    so it is complete only once the generator is exhausted.  Invalid UTF-8 (or UTF-16/32
    after a BOM) further into the file raises
    :class:`~mtaudit.errors.InputFormatError` from the generator, after the paragraphs
    before it have been yielded.
    """
    found = _common.bom(head)
    if not found:
        _common.check_binary(head)
    codec, label, skip = found or ("utf-8", "UTF-8", 0)
    lines = LineIndex()
    chunks = _decoded_chunks(path, codec, label, skip, lines)
    return Document(display_path, "text", paragraphs(chunks, lines), lines)


def _decoded_chunks(path: Path, codec: str, label: str, skip: int, lines: LineIndex) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(codec)()
    consumed, chars = skip, 0  # bytes read, code points yielded
    with _common.open_file(path) as f:
        f.seek(skip)
        while True:
            try:
                raw = f.read(CHUNK_BYTES)
            except OSError as e:
                raise _common.os_error(e) from None
            pending = decoder.getstate()[0]  # bytes of a character split by the last chunk
            try:
                text = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as e:
                data = pending + raw
                valid = data[: e.start].decode(codec, "replace")
                lines.feed(valid, chars)
                line = lines.position(chars + len(valid))[0]
                raise _common.decode_error(label, data[e.start], consumed - len(pending) + e.start, line) from None
            if text:
                yield text
                chars += len(text)
            if not raw:
                return
            consumed += len(raw)


def paragraphs(chunks: Iterable[str], lines: LineIndex) -> Iterator[Segment]:
    """Paragraph segments of the text made of ``chunks``, feeding ``lines`` on the way."""
    buf, buf_start, offset = "", 0, 0  # unfinished text and its source offset
    for chunk in chunks:
        lines.feed(chunk, offset)
        offset += len(chunk)
        buf += chunk
        pos = 0
        for m in _BREAK.finditer(buf):
            if m.end() == len(buf):
                break  # the blank lines may go on in the next chunk
            yield from _paragraph(buf, pos, m.start(), buf_start)
            pos = m.end()
        while len(buf) - pos > MAX_PARAGRAPH:
            cut = _cut(buf, pos, pos + MAX_PARAGRAPH)
            yield from _paragraph(buf, pos, cut, buf_start)
            pos = cut
        buf, buf_start = buf[pos:], buf_start + pos
    yield from _paragraph(buf, 0, len(buf), buf_start)


def _paragraph(buf: str, start: int, end: int, buf_start: int) -> Iterator[Segment]:
    builder = SegmentBuilder("paragraph")
    builder.add(buf[start:end], buf_start + start)
    segment = _common.finish(builder)
    if segment is not None:
        yield segment


def _cut(buf: str, start: int, limit: int) -> int:
    """Where to end an over-long paragraph: after its last line break before ``limit``,
    else after its last space, else at ``limit``."""
    i = max(buf.rfind("\n", start, limit), buf.rfind("\r", start, limit))
    if i < start:
        i = buf.rfind(" ", start, limit)
    return i + 1 if i >= start else limit
