"""i18n JSON locale files: every string value by its dotted key, mapped into its literal.

``json`` validates the file and gives good error positions but keeps no offsets, so the
(valid) text is walked again here: objects and arrays recursively, string literals with
their escapes as replacement pieces, so each character maps into the file.
"""
from __future__ import annotations

import json
import re
from typing import Dict, Tuple

from mtaudit.errors import InputFormatError
from mtaudit.readers.locale_strings import LocaleString
from mtaudit.types import SegmentBuilder, Span

_SPACE = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
_SCALAR = re.compile(r"[^,\]}\s]+")
_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.")


def strings(text: str) -> Tuple[Dict[str, LocaleString], Dict[str, Span]]:
    """The string values of a JSON locale file by dotted key, and the key spans of its
    objects and arrays (``""`` for the root)."""
    try:
        root = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputFormatError(f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    if not isinstance(root, dict):
        raise InputFormatError(f"a locale file holds an object of strings, not a JSON {type(root).__name__}")
    found: Dict[str, LocaleString] = {}
    containers: Dict[str, Span] = {}
    start = _SPACE.match(text).end()
    _value(text, start, "", Span(start, start + 1), found, containers)
    return found, containers


def _value(text: str, pos: int, key: str, key_span: Span, found: Dict[str, LocaleString],
           containers: Dict[str, Span]) -> int:
    """Read the value at ``pos`` (after whitespace); returns the offset after it."""
    char = text[pos]
    if char in "{[":
        containers[key] = key_span
        close = "}" if char == "{" else "]"
        pos = _SPACE.match(text, pos + 1).end()
        index = 0
        while text[pos] != close:
            if char == "{":
                m = _STRING.match(text, pos)
                name = _decode(m.group(1), m.start(1)).build().text
                child_span = Span(m.start(), m.end())
                pos = _SPACE.match(text, m.end()).end() + 1  # the colon
            else:
                name, child_span = str(index), Span(pos, pos + 1)
                index += 1
            pos = _SPACE.match(text, pos).end()
            pos = _value(text, pos, f"{key}.{name}" if key else name, child_span, found, containers)
            pos = _SPACE.match(text, pos).end()
            if text[pos] == ",":
                pos = _SPACE.match(text, pos + 1).end()
        return pos + 1
    if char == '"':
        m = _STRING.match(text, pos)
        builder = _decode(m.group(1), m.start(1))
        found[key] = LocaleString(builder.build(), Span(m.start(), m.end()), key_span)
        return m.end()
    return _SCALAR.match(text, pos).end()  # numbers, true, false, null: nothing to translate


def _decode(raw: str, start: int) -> SegmentBuilder:
    """A string literal's content at ``start``; each escape (a surrogate pair is one) is a
    replacement piece."""
    builder = SegmentBuilder("string")
    pos = 0
    for m in _ESCAPE.finditer(raw):
        builder.add(raw[pos : m.start()], start + pos)
        builder.add_replacement(json.loads(f'"{m.group()}"'), start + m.start(), m.end() - m.start())
        pos = m.end()
    builder.add(raw[pos:], start + pos)
    return builder
