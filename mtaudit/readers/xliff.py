"""XLIFF 1.2 and 2.x: the ``<target>`` text of each unit (``<source>`` for English sources).

lxml checks well-formedness and finds the elements to audit, but reports only line
numbers; so the decoded text is also tokenized here (tags, text, references, CDATA), and
its start tags are paired in document order with lxml's elements.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from lxml import etree

from mtaudit.errors import InputFormatError
from mtaudit.readers._common import add_with_entities, finish, is_english
from mtaudit.types import Document, LineIndex, Segment, SegmentBuilder

_NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
_NS_2 = re.compile(r"urn:oasis:names:tc:xliff:document:2\.[012]")
_VERSIONS_2 = {"2.0", "2.1", "2.2"}
# Inline codes whose content is native markup, not text (1.2 ph/bpt/ept/it hold code).
_CODE = {"ph", "bpt", "ept", "it", "sub"}

_TOKEN = re.compile(
    r"""<!--.*?-->
      | <!\[CDATA\[(?P<cdata>.*?)\]\]>
      | <\?.*?\?>
      | <!DOCTYPE(?:[^\[>]|\[.*?\])*>
      | </[^>]*>
      | <[^\s/>]+(?:[^>"']|"[^"]*"|'[^']*')*>
    """,
    re.S | re.X,
)


def read_text(text: str, display_path: str, target_language: str) -> Document:
    parser = etree.XMLParser(encoding="utf-8", resolve_entities=False, no_network=True, huge_tree=True)
    try:
        # Already decoded: the explicit encoding overrides the file's own declaration.
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as e:
        # libxml2 may append the offending text on further lines: keep one line.
        reason = re.sub(r",? line \d+, column \d+$", "", e.msg.split("\n")[0].strip())
        raise InputFormatError(f"not well-formed XML: {reason} (line {e.lineno}, column {e.offset + 1})") from None
    ns, version = _version(root)
    wanted, source_language = _wanted(root, ns, version, target_language)
    return Document(display_path, "xliff", _segments(text, root, wanted), LineIndex.from_text(text), source_language)


def _version(root: etree._Element) -> Tuple[str, str]:
    qname = etree.QName(root)
    version = root.get("version", "")
    if qname.localname != "xliff":
        raise InputFormatError(f"not an XLIFF file (root element <{qname.localname}>)")
    if qname.namespace == _NS_12 and version in ("", "1.2"):
        return _NS_12, "1.2"
    if qname.namespace and _NS_2.fullmatch(qname.namespace) and version in _VERSIONS_2:
        return qname.namespace, version
    raise InputFormatError(
        f"unsupported XLIFF version {version or '?'!r} in namespace {qname.namespace or 'none'!r} "
        "(expected 1.2 or 2.0-2.2)"
    )


def _wanted(root: etree._Element, ns: str, version: str, default_target: str) -> Tuple[Dict, Optional[str]]:
    """The ``<target>`` (or ``<source>``) elements to audit, and the file's source language."""
    if version == "1.2":
        files = [(f, f.get("source-language"), f.get("target-language")) for f in root.iter(f"{{{ns}}}file")]
        unit = "trans-unit"
    else:
        files = [(root, root.get("srcLang"), root.get("trgLang"))]
        unit = "segment"
    wanted: Dict[etree._Element, str] = {}
    for element, source_lang, target_lang in files:
        # As for .po files: audit the target when it is English, else an English source.
        side = "source" if not is_english(target_lang or default_target) and is_english(source_lang) else "target"
        for parent in element.iter(f"{{{ns}}}{unit}"):
            found = parent.find(f"{{{ns}}}{side}")  # a direct child: not alt-trans or matches
            if found is not None:
                wanted[found] = side
    return wanted, next((s for _, s, _ in files if s), None)


def _segments(text: str, root: etree._Element, wanted: Dict) -> List[Segment]:
    elements = (e for e in root.iter() if isinstance(e.tag, str))  # not comments, PIs, entities
    stack: List[Tuple[etree._Element, bool]] = []  # open elements and whether inside them is audited
    builder: Optional[SegmentBuilder] = None
    segments: List[Segment] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if builder is not None and stack[-1][1] and pos < m.start():
            add_with_entities(builder, text, pos, m.start())
        pos = m.end()
        token = m.group()
        if m.group("cdata") is not None:
            if builder is not None and stack[-1][1]:
                builder.add(m.group("cdata"), m.start("cdata"))
        elif token.startswith("</"):
            element, _ = stack.pop()
            if element in wanted and builder is not None:
                segment = finish(builder)
                if segment is not None:
                    segments.append(segment)
                builder = None
        elif token[1] not in "!?":
            element = next(elements)
            if token.endswith("/>"):
                continue  # an empty element (<x/>, <target/>) holds no text
            if element in wanted:
                builder = SegmentBuilder(wanted[element])
            inside = bool(stack) and stack[-1][1] and etree.QName(element).localname not in _CODE
            stack.append((element, element in wanted or inside))
    return segments
