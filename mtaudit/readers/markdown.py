"""Markdown: the prose of markdown-it's inline tokens, aligned back to the raw source.

markdown-it reports only block line ranges, so each inline token is located in the
source by a cursor that moves forward through its block.  Markup between tokens
(emphasis runs, link brackets and targets, code spans, inline HTML, autolinks,
list and blockquote prefixes) is stepped over, never copied into segments.
"""
from __future__ import annotations

import re
from typing import Iterator, List, Sequence, Tuple

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from mtaudit.readers._common import finish
from mtaudit.types import LineIndex, Segment, SegmentBuilder

# text_join would merge escapes and entities into plain text and lose their source form.
_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("text_join")

# The front_matter plugin knows only YAML (---); TOML (+++) is blanked out by hand.
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*[\r\n].*?[\r\n]\+\+\+[ \t]*(?=[\r\n]|\Z)", re.S)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_PIPE = re.compile(r"(?<!\\)\|")
_KINDS = {
    "heading": "heading", "list_item": "list-item", "blockquote": "blockquote", "th": "table-cell", "td": "table-cell",
}


def segments(text: str, lines: LineIndex) -> List[Segment]:
    starts = lines.line_starts
    # Keep the front matter's line breaks so that token line numbers stay right.
    parsed = _TOML_FRONT_MATTER.sub(lambda m: re.sub(r"[^\r\n]", "", m.group()), text)
    out: List[Segment] = []
    kinds: List[str] = []  # open containers that name the kind of their text
    cells: Iterator[Tuple[int, int]] = iter(())  # source spans of the current table row's cells
    for tok in _MD.parse(parsed):
        base = tok.type.rsplit("_", 1)[0]
        if base in _KINDS and tok.nesting > 0:
            kinds.append(_KINDS[base])
        elif base in _KINDS and tok.nesting < 0:
            kinds.pop()
        if tok.type not in ("inline", "tr_open") or not tok.map:
            continue
        start = starts[tok.map[0]]
        end = starts[tok.map[1]] if tok.map[1] < len(starts) else len(text)
        if tok.type == "tr_open":
            cells = iter(_cells(text, start, end))
            continue
        kind = kinds[-1] if kinds else "paragraph"
        if kind == "table-cell":
            start, end = next(cells, (end, end))  # rows short of cells get empty ones
        builder, alts = SegmentBuilder(kind), []
        _Cursor(text, start, end).walk(tok.children or (), builder, alts)
        out.extend(s for s in map(finish, [builder, *alts]) if s is not None)
    return out


def _cells(text: str, start: int, end: int) -> List[Tuple[int, int]]:
    """Spans between the unescaped pipes of a table row, as markdown-it splits it."""
    pipes = [m.start() for m in _PIPE.finditer(text, start, end)]
    spans = list(zip([start] + [p + 1 for p in pipes], pipes + [end]))
    if pipes and not text[start : pipes[0]].strip(" \t>"):
        spans.pop(0)  # a leading pipe (after any indentation or blockquote marker)
    return spans


class _Cursor:
    """A position in ``src[: end]`` that only moves forward."""

    def __init__(self, src: str, pos: int, end: int) -> None:
        self.src, self.pos, self.end = src, pos, end

    def find(self, s: str) -> int:
        return self.src.find(s, self.pos, self.end)

    def skip(self, s: str) -> None:
        p = self.find(s)
        if p >= 0:
            self.pos = p + len(s)

    def walk(self, tokens: Sequence[Token], builder: SegmentBuilder, alts: List[SegmentBuilder]) -> None:
        in_autolink = False
        for tok in tokens:
            kind = tok.type
            if in_autolink:  # the URL text was skipped with its brackets
                in_autolink = kind != "link_close"
            elif kind == "text":
                self.text(tok.content, builder)
            elif kind == "text_special":  # an entity or a backslash escape
                p = self.find(tok.markup)
                if p >= 0:
                    builder.add_replacement(tok.content, p, len(tok.markup))
                    self.pos = p + len(tok.markup)
            elif kind in ("softbreak", "hardbreak"):
                m = _NEWLINE.search(self.src, self.pos, self.end)
                if m:  # "\r\n" becomes "\n"; a lone "\r" or "\n" is kept as it is
                    if m.group() == "\r\n":
                        builder.add_replacement("\n", m.start(), 2)
                    else:
                        builder.add(m.group(), m.start())
                    self.pos = m.end()
            elif kind.startswith(("em_", "strong_")):
                self.skip(tok.markup)
            elif kind == "code_inline":
                self.code_span(tok.markup)
            elif kind == "html_inline":  # may span lines, whose prefixes are not in content
                for part in tok.content.split("\n"):
                    self.skip(part)
            elif kind == "link_open":
                if tok.info == "auto":
                    self.skip("<")
                    self.skip(">")
                    in_autolink = True
                else:
                    self.skip("[")
            elif kind == "link_close":
                self.skip("]")
                self.link_tail()
            elif kind == "image":
                self.skip("![")
                alt = SegmentBuilder("alt")
                self.walk(tok.children or (), alt, alts)
                alts.append(alt)
                self.skip("]")
                self.link_tail()

    def text(self, content: str, builder: SegmentBuilder) -> None:
        p = self.find(content)
        if p >= 0:
            builder.add(content, p)
            self.pos = p + len(content)
            return
        # Table cells lose the backslash of "\|": align what is left character by character.
        for ch in content:
            p = self.find(ch)
            if p < 0:
                return
            builder.add(ch, p)
            self.pos = p + 1

    def code_span(self, fence: str) -> None:
        run = re.compile(f"(?<!`){fence}(?!`)")
        # an escaped backtick just before the opening run is not part of it ("\\``code`")
        opening = re.compile(f"(?<!(?<!\\\\)`){fence}(?!`)").search(self.src, self.pos, self.end)
        if opening:
            closing = run.search(self.src, opening.end(), self.end)
            self.pos = (closing or opening).end()

    def link_tail(self) -> None:
        """Step over what follows a link's ``]``: ``(target "title")`` or ``[label]``."""
        src, pos, end = self.src, self.pos, self.end
        if pos < end and src[pos] == "(":
            p = self._space(pos + 1)
            target = parseLinkDestination(src, p, end)
            if target.ok:
                p = self._space(target.pos)
                title = parseLinkTitle(src, p, end)
                if title.ok:
                    p = self._space(title.pos)
            if p < end and src[p] == ")":
                self.pos = p + 1
                return
        if pos < end and src[pos] == "[":
            close = src.find("]", pos + 1, end)  # labels hold no unescaped brackets
            if close >= 0:
                self.pos = close + 1

    def _space(self, p: int) -> int:
        while p < self.end and self.src[p] in " \t\r\n":
            p += 1
        return p
