"""Gettext .po/.pot: the msgstr strings (msgid when the target is not English), and every
msgid/msgstr pair (msgid_plural with msgstr[1...]) as a translation unit.

polib validates the file and reads its header and flags; it keeps no positions, so the
strings are also scanned here, line by line, to map every character into its quoted literal.
"""
from __future__ import annotations

import re
from typing import Dict, Iterator, List, Optional

import polib

from mtaudit.errors import InputFormatError
from mtaudit.readers._common import finish, is_english
from mtaudit.types import Document, LineIndex, Segment, SegmentBuilder, Span, TranslationUnit

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
_KEYWORD = re.compile(r'[ \t]*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]+(?=")')
_CONTINUATION = re.compile(r'[ \t]*(?=")')
_LITERAL = re.compile(r'"((?:[^"\\\r\n]|\\.)*)"')
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}  # polib.unescape's


def read_text(text: str, display_path: str, target_language: str) -> Document:
    try:
        # The newline stops polib from taking a one-line content for a file name.
        catalogue = polib.pofile(text + "\n")
    except (OSError, ValueError) as e:
        message = re.sub(r"^Syntax error in po file\s*", "syntax error ", str(e))
        raise InputFormatError(f"broken .po file: {message}") from None
    metadata = catalogue.metadata
    language = metadata.get("Language", "").strip() or target_language
    field = "msgstr" if is_english(language) else "msgid"
    source_language: Optional[str] = metadata.get("X-Source-Language", "").strip() or None
    flags = {(e.msgctxt, e.msgid): tuple(e.flags) for e in catalogue}
    template = display_path.lower().endswith(".pot")  # a template has no translations to check
    segments: List[Segment] = []
    pairs: List[TranslationUnit] = []
    for entry in _entries(text):
        msgid = entry.get("msgid")
        if msgid is None or (not len(msgid) and "msgctxt" not in entry):
            continue  # the header, or a msgstr without msgid
        for name, builder in entry.items():
            if name.startswith(field):
                builder.kind = field
                segment = finish(builder)
                if segment is not None:
                    segments.append(segment)
        if not template:
            pairs.extend(_units(entry, flags, source_language or "en", language))
    return Document(display_path, "po", segments, LineIndex.from_text(text), source_language, pairs=pairs)


def _units(entry: Dict[str, _String], flags, source_language: str, target_language: str) -> Iterator[TranslationUnit]:
    """msgstr with msgid, msgstr[0] with msgid, msgstr[1...] with msgid_plural."""
    msgid = entry["msgid"].build().text
    context = entry["msgctxt"].build().text if "msgctxt" in entry else None
    plural = entry["msgid_plural"].build().text if "msgid_plural" in entry else msgid
    unit_id = msgid if context is None else f"{context}|{msgid}"
    for name, builder in entry.items():
        if not name.startswith("msgstr"):
            continue
        index = name[len("msgstr[") : -1] if name != "msgstr" else ""
        target = builder.build()
        yield TranslationUnit(
            id=unit_id + (f"[{index}]" if index else ""),
            source=plural if index not in ("", "0") else msgid,
            target=target,
            anchor=builder.anchor,
            source_language=source_language,
            target_language=target_language,
            flags=flags.get((context, msgid), ()),
        )


class _String(SegmentBuilder):
    """A string's text, and where findings about it point when it is empty: its first literal."""

    anchor = Span(0, 0)


def _entries(text: str) -> Iterator[Dict[str, _String]]:
    """Each entry's strings by keyword; comments (obsolete ``#~`` entries too) are skipped."""
    entry: Dict[str, _String] = {}
    current: Optional[_String] = None  # the string that "..." lines continue
    for line in _LINE.finditer(text):
        keyword = _KEYWORD.match(text, line.start(), line.end())
        continuation = _CONTINUATION.match(text, line.start(), line.end())
        if keyword:
            name = keyword.group(1)
            if entry and (name == "msgctxt" or (name == "msgid" and set(entry) != {"msgctxt"})):
                yield entry
                entry = {}
            current = entry[name] = _String()
            current.anchor = Span(keyword.end(), _literal(current, text, keyword.end()))
        elif continuation and current is not None:
            _literal(current, text, continuation.end())
        else:
            current = None
    if entry:
        yield entry


def _literal(builder: SegmentBuilder, text: str, start: int) -> int:
    """Add the string literal at ``start``; C escapes become replacement pieces.  Returns its end."""
    m = _LITERAL.match(text, start)
    if not m:  # polib lets this one through
        line = LineIndex.from_text(text[:start]).position(start)[0]
        raise InputFormatError(f"broken .po file: unterminated string (line {line})")
    pos = m.start(1)
    for escape in _ESCAPE.finditer(text, m.start(1), m.end(1)):
        value = _ESCAPES.get(escape.group(1))
        if value is not None:  # unknown escapes stay as written, as polib leaves them
            builder.add(text[pos : escape.start()], pos)
            builder.add_replacement(value, escape.start(), 2)
            pos = escape.end()
    builder.add(text[pos : m.end(1)], pos)
    return m.end()
