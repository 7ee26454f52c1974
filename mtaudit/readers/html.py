"""HTML: visible text by block element, plus ``<title>`` and ``<img alt>``.

Uses the standard library's tolerant ``html.parser`` with ``convert_charrefs=False`` so
that every data run and character reference arrives with its own source position.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import List, Optional, Tuple

from mtaudit.readers._common import add_entity, add_with_entities, finish
from mtaudit.types import Segment, SegmentBuilder

# Elements whose content is not prose a reader sees (or not prose at all).
_SKIP = {"script", "style", "code", "pre", "kbd", "samp", "template", "noscript", "textarea", "svg", "math"}
# Elements that start and end a segment; inline elements (a, em, span...) do not.
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
    "hr", "html", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
}
_VOID_BLOCKS = {"br", "hr"}  # block boundaries that never hold content
_KINDS = {"title": "title", "li": "list-item", "td": "table-cell", "th": "table-cell", "blockquote": "blockquote"}
_KINDS.update((f"h{n}", "heading") for n in range(1, 7))
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


def segments(text: str) -> List[Segment]:
    parser = _Extractor(text)
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser.segments


class _Extractor(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        # html.parser counts lines by "\n" only, whatever the file's line endings.
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.segments: List[Segment] = []
        self.blocks: List[str] = []  # open block elements
        self.skipping: List[str] = []  # open elements in _SKIP
        self.builder = SegmentBuilder()
        self.alts: List[SegmentBuilder] = []  # emitted after the segment around them

    def source_pos(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def flush(self) -> None:
        kind = next((_KINDS[b] for b in reversed(self.blocks) if b in _KINDS), "paragraph")
        self.builder.kind = kind
        for builder in (self.builder, *self.alts):
            segment = finish(builder)
            if segment is not None:
                self.segments.append(segment)
        self.builder, self.alts = SegmentBuilder(), []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        if tag in _SKIP:
            self.skipping.append(tag)
        if tag in _BLOCK:
            self.flush()
            if tag not in _VOID_BLOCKS:
                self.blocks.append(tag)
        if tag == "img" and not self.skipping:
            self.alt(self.get_starttag_text() or "", self.source_pos())

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            del self.skipping[_last(self.skipping, tag) :]
        if tag in _BLOCK:
            self.flush()
            if tag in self.blocks:
                del self.blocks[_last(self.blocks, tag) :]

    def alt(self, raw_tag: str, start: int) -> None:
        m = _ALT.search(raw_tag)
        if m:
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            builder = SegmentBuilder("alt")
            add_with_entities(builder, self.text, start + m.start(group), start + m.end(group))
            self.alts.append(builder)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.builder.add(data, self.source_pos())

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def _reference(self, raw: str) -> None:
        if not self.skipping:
            start = self.source_pos()
            if self.text.startswith(";", start + len(raw)):
                raw += ";"
            add_entity(self.builder, raw, start)


def _last(stack: List[str], tag: str) -> int:
    return len(stack) - 1 - stack[::-1].index(tag)
