"""Shared by the readers: opening and decoding files, entity pieces, trimming segments."""
from __future__ import annotations

import codecs
import html
import re
from pathlib import Path
from typing import BinaryIO, Optional, Tuple

from mtaudit.errors import InputFormatError
from mtaudit.types import LineIndex, Segment, SegmentBuilder

SNIFF_BYTES = 8192  # NUL bytes in this much of the head mean "binary file"

# UTF-32-LE before UTF-16-LE: its BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_UTF8 = ("utf-8", "UTF-8")

# Declared charsets: HTML looks at the first 1024 bytes (as browsers do), XML at its
# declaration, .po at its header's Content-Type.
_DECLARATIONS = {
    "html": (1024, re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)),
    "xliff": (1024, re.compile(rb"\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([\w.:-]+)")),
    "po": (SNIFF_BYTES, re.compile(rb"\"Content-Type:[^\"\r\n]*charset=([\w.:-]+)", re.I)),
}

ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def open_file(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes, turning OS errors into one-line InputFormatErrors."""
    if path.is_dir():
        raise InputFormatError("is a directory, not a file")
    try:
        return open(path, "rb")
    except OSError as e:
        raise os_error(e) from None


def os_error(e: OSError) -> InputFormatError:
    if isinstance(e, FileNotFoundError):
        return InputFormatError("file not found")
    if isinstance(e, PermissionError):
        return InputFormatError("permission denied")
    return InputFormatError(f"cannot read file ({e.strerror or e})")


def read_bytes(path: Path) -> bytes:
    with open_file(path) as f:
        try:
            return f.read()
        except OSError as e:
            raise os_error(e) from None


def bom(head: bytes) -> Optional[Tuple[str, str, int]]:
    """``(codec, label, BOM length)`` announced by a byte-order mark, if any."""
    for mark, codec, label in _BOMS:
        if head.startswith(mark):
            return codec, label, len(mark)
    return None


def check_binary(head: bytes) -> None:
    if b"\0" in head[:SNIFF_BYTES]:
        raise InputFormatError("binary file (NUL bytes in the first 8 KiB), not text")


def _declared(raw: bytes, fmt: str) -> Tuple[str, str]:
    """The charset the file declares for itself, when Python knows it; UTF-8 otherwise."""
    if fmt not in _DECLARATIONS:
        return _UTF8
    size, pattern = _DECLARATIONS[fmt]
    m = pattern.search(raw[:size])
    if not m:
        return _UTF8
    label = m.group(1).decode("ascii")
    try:
        codec = codecs.lookup(label).name
    except LookupError:  # e.g. the "CHARSET" placeholder of a .pot template
        return _UTF8
    # A UTF-16/32 file without a BOM would have failed the NUL check; such a label lies.
    if codec.startswith(("utf-16", "utf-32")):
        return _UTF8
    return codec, ("UTF-8" if codec == "utf-8" else label)


def charset(raw: bytes, fmt: str) -> Tuple[str, str, int]:
    """``(codec, label, BOM length)`` a whole file is decoded with: its BOM's, then the charset
    it declares, then UTF-8."""
    found = bom(raw)
    if found:
        return found
    check_binary(raw)
    return (*_declared(raw, fmt), 0)


def decode(raw: bytes, fmt: str) -> str:
    """Decode a whole file (see :func:`charset`)."""
    codec, label, skip = charset(raw, fmt)
    try:
        return raw[skip:].decode(codec)
    except UnicodeDecodeError as e:
        valid = raw[skip : skip + e.start].decode(codec)
        line = LineIndex.from_text(valid).position(len(valid))[0]
        raise decode_error(label, e.object[e.start], skip + e.start, line) from None


def decode_error(label: str, byte: int, offset: int, line: int) -> InputFormatError:
    return InputFormatError(f"not valid {label} (byte 0x{byte:02x} at offset {offset}, line {line})")


def add_entity(builder: SegmentBuilder, raw: str, start: int) -> None:
    """Add the entity ``raw`` found at ``start``: decoded when known, verbatim otherwise."""
    value = html.unescape(raw)
    if value == raw:
        builder.add(raw, start)
    else:
        builder.add_replacement(value, start, len(raw))


def add_with_entities(builder: SegmentBuilder, text: str, start: int, end: int) -> None:
    """Add ``text[start:end]``, character references decoded (HTML attributes, XML text)."""
    pos = start
    for m in ENTITY.finditer(text, start, end):
        builder.add(text[pos : m.start()], pos)
        add_entity(builder, m.group(), m.start())
        pos = m.end()
    builder.add(text[pos:end], pos)


def finish(builder: SegmentBuilder) -> Optional[Segment]:
    """The built segment without leading/trailing whitespace; None when nothing is left."""
    return trim(builder.build())


def trim(segment: Segment) -> Optional[Segment]:
    """``segment`` without leading/trailing whitespace; None when nothing is left."""
    text = segment.text
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    if start >= end:
        return None
    return segment if (start, end) == (0, len(text)) else segment.slice(start, end)


def is_english(language: Optional[str]) -> bool:
    """``en``, ``en_US``, ``en-GB``, ``en@quot``... but not ``enm`` or ``de``."""
    return bool(language) and re.match(r"en(?:$|[-_@.])", language.strip(), re.I) is not None
