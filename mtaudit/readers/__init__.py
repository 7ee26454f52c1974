"""Document readers: turn a file (or decoded text) into a :class:`~mtaudit.types.Document`.

Every segment maps each of its characters back to the decoded source (code points after
any byte-order mark, newlines as in the file).  Problems with the input raise
:class:`~mtaudit.errors.InputFormatError` with a one-line message that does not repeat
the path (callers pair it with ``display_path``).  Readers never write files.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple, Optional

from mtaudit.errors import InputFormatError
from mtaudit.readers import _common, html, locale, markdown, po, xliff
from mtaudit.readers import text as plain_text
from mtaudit.readers.locale import LocalePairing
from mtaudit.types import Document, LineIndex

FORMATS = ("text", "markdown", "html", "po", "xliff", "json", "yaml")

_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".po": "po", ".pot": "po",
    ".xlf": "xliff", ".xliff": "xliff",
    **locale.EXTENSIONS,
}


def format_for_path(path: str) -> Optional[str]:
    """The format a file name's extension implies, or None when unknown."""
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower())


def auditable(path: Path, locales: Optional[LocalePairing] = None) -> bool:
    """Whether a folder walk audits ``path``: a known extension, and for JSON/YAML a locale file."""
    fmt = format_for_path(path.name)
    return fmt is not None and (fmt not in ("json", "yaml") or (locales or LocalePairing()).discoverable(path))


def read_document(
    path: Path, display_path: str, input_format: Optional[str] = None, target_language: str = "en",
    locales: Optional[LocalePairing] = None,
) -> Document:
    """Read ``path`` as ``input_format`` (by default from its extension, else plain text).

    Plain text is streamed: ``segments`` is then a generator (see
    :func:`mtaudit.readers.text.read_stream`) that may raise InputFormatError itself.
    ``target_language`` stands in for a .po/XLIFF file that does not name its target
    language.  JSON/YAML locale files are paired with their source file by ``locales``.
    An empty file gives a document without segments.
    """
    fmt = _check_format(input_format or format_for_path(str(path)) or "text")
    path = Path(path)
    if fmt in ("json", "yaml"):
        return locale.read_file(path, display_path, fmt, locales or LocalePairing())
    if fmt == "text":
        with _common.open_file(path) as f:
            try:
                head = f.read(_common.SNIFF_BYTES)
            except OSError as e:
                raise _common.os_error(e) from None
        return plain_text.read_stream(path, display_path, head)
    return _parse(_common.decode(_common.read_bytes(path), fmt), display_path, fmt, target_language)


def read_text(text: str, display_path: str, input_format: str, target_language: str = "en") -> Document:
    """Read already-decoded text (stdin, API input); a leading BOM character is dropped."""
    return _parse(text.removeprefix("\ufeff"), display_path, _check_format(input_format), target_language)


class RawFile(NamedTuple):
    raw: bytes
    text: str  # decoded as the readers decode it
    codec: str
    bom_length: int  # bytes


def read_raw(path: Path, input_format: str) -> RawFile:
    """The bytes of ``path``, its decoded text and how it was decoded (byte-order mark, declared
    charset, else UTF-8), for rewriting parts of it byte for byte."""
    raw = _common.read_bytes(path)
    codec, _, bom_length = _common.charset(raw, _check_format(input_format))
    return RawFile(raw, _common.decode(raw, input_format), codec, bom_length)


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise InputFormatError(f"unknown input format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return fmt


def _parse(source: str, display_path: str, fmt: str, target_language: str) -> Document:
    document = _parse_format(source, display_path, fmt, target_language)
    document.source = source  # in memory anyway: lets findings quote the exact original text
    return document


def _parse_format(source: str, display_path: str, fmt: str, target_language: str) -> Document:
    if not source.strip():  # an empty file is fine, even where a parser would want a root element
        return Document(display_path, fmt, [], LineIndex.from_text(source))
    if fmt == "text":
        return plain_text.read_text(source, display_path)
    if fmt == "po":
        return po.read_text(source, display_path, target_language)
    if fmt == "xliff":
        return xliff.read_text(source, display_path, target_language)
    if fmt in ("json", "yaml"):  # no path to pair by: the strings are audited as prose
        return locale.read_text(source, display_path, fmt)
    lines = LineIndex.from_text(source)
    segments = markdown.segments(source, lines) if fmt == "markdown" else html.segments(source)
    return Document(display_path, fmt, segments, lines)
