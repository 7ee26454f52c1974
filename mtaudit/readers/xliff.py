"""XLIFF 1.2 and 2.x: the ``<target>`` text of each unit (``<source>`` for English sources),
and every source/target pair as a translation unit with its inline codes and review state.

lxml checks well-formedness and finds the elements to audit, but reports only line
numbers; so the decoded text is also tokenized here (tags, text, references, CDATA), and
its start tags are paired in document order with lxml's elements.
"""
from __future__ import annotations

import re
from typing import Dict, List, NamedTuple, Optional, Tuple

from lxml import etree

from mtaudit.errors import InputFormatError
from mtaudit.readers._common import add_with_entities, is_english, trim
from mtaudit.types import Document, LineIndex, Segment, SegmentBuilder, Span, TranslationUnit

_NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
_NS_2 = re.compile(r"urn:oasis:names:tc:xliff:document:2\.[012]")
_VERSIONS_2 = {"2.0", "2.1", "2.2"}
# Inline codes whose content is native markup, not text (1.2 ph/bpt/ept/it hold code).
_CODE = {"ph", "bpt", "ept", "it", "sub"}
# Inline elements that stand for codes of the original format; a translation keeps them.
_INLINE_CODES = {"g", "x", "bx", "ex", "ph", "bpt", "ept", "it", "pc", "sc", "ec"}
# Review states (1.2 target state, 2.x segment state) that mean "not final yet".
_OPEN_STATES = {"new", "needs-translation", "needs-review-translation", "needs-review-l10n",
                "needs-review-adaptation", "needs-adaptation", "needs-l10n", "initial"}


class _Unit(NamedTuple):
    id: str
    parent: etree._Element  # trans-unit (1.2) or segment (2.x)
    source: Optional[etree._Element]
    target: Optional[etree._Element]
    source_language: Optional[str]
    target_language: Optional[str]
    state: Optional[str]


class _Text(NamedTuple):
    segment: Segment  # untrimmed
    start_tag: Span
    codes: Tuple[str, ...]

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
    units = _units(root, ns, version)
    collect = dict(wanted)
    for unit in units:
        collect.update({e: side for e, side in ((unit.source, "source"), (unit.target, "target")) if e is not None})
    texts = _texts(text, root, collect, {unit.parent for unit in units})
    segments = [segment for e in wanted if (segment := trim(texts[e].segment)) is not None]
    return Document(display_path, "xliff", segments, LineIndex.from_text(text), source_language,
                    pairs=[_pair(u, texts) for u in units])


def _units(root: etree._Element, ns: str, version: str) -> List[_Unit]:
    units: List[_Unit] = []
    if version == "1.2":
        for file in root.iter(f"{{{ns}}}file"):
            for n, unit in enumerate(file.iter(f"{{{ns}}}trans-unit"), 1):
                target = unit.find(f"{{{ns}}}target")
                units.append(_Unit(unit.get("id") or str(n), unit, unit.find(f"{{{ns}}}source"), target,
                                   file.get("source-language"), file.get("target-language"),
                                   target.get("state") if target is not None else None))
        return units
    for n, unit in enumerate(root.iter(f"{{{ns}}}unit"), 1):
        for k, segment in enumerate(unit.iter(f"{{{ns}}}segment"), 1):
            target = segment.find(f"{{{ns}}}target")
            units.append(_Unit(f"{unit.get('id') or n}/{segment.get('id') or k}", segment,
                               segment.find(f"{{{ns}}}source"), target, root.get("srcLang"), root.get("trgLang"),
                               segment.get("state") if target is not None else None))
    return units


def _pair(unit: _Unit, texts: Dict) -> TranslationUnit:
    source = texts.get(unit.source)
    target = texts.get(unit.target)
    return TranslationUnit(
        id=unit.id,
        source=source.segment.text if source else "",
        # A unit without <target> has an empty one, reported at the unit's start tag.
        target=target.segment if target else Segment("", ()),
        anchor=target.start_tag if target else texts[unit.parent].start_tag,
        source_language=unit.source_language,
        target_language=unit.target_language,
        flags=(unit.state,) if unit.state in _OPEN_STATES else (),
        source_codes=source.codes if source else (),
        target_codes=target.codes if target else (),
    )


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


def _texts(text: str, root: etree._Element, collect: Dict, parents: set) -> Dict[etree._Element, _Text]:
    """The text of each element in ``collect`` (by side), the span of its start tag and its
    inline codes; the start tags of ``parents`` too, for units without a target."""
    elements = (e for e in root.iter() if isinstance(e.tag, str))  # not comments, PIs, entities
    stack: List[Tuple[etree._Element, bool]] = []  # open elements and whether inside them is text
    builder: Optional[SegmentBuilder] = None
    current: Optional[Tuple[etree._Element, Span, List[str]]] = None
    texts: Dict[etree._Element, _Text] = {}
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
            if current is not None and element is current[0]:
                texts[element] = _Text(builder.build(), current[1], tuple(current[2]))
                builder = current = None
        elif token[1] not in "!?":
            element = next(elements)
            tag = Span(m.start(), m.end())
            name = etree.QName(element).localname
            if current is not None and name in _INLINE_CODES:
                current[2].append(f"<{name} id={element.get('id', '')}>")
            if element in parents:
                texts[element] = _Text(Segment("", ()), tag, ())
            if token.endswith("/>"):
                if element in collect:  # an empty element (<target/>) holds no text
                    texts[element] = _Text(Segment("", (), collect[element]), tag, ())
                continue
            if element in collect:
                builder = SegmentBuilder(collect[element])
                current = (element, tag, [])
            inside = bool(stack) and stack[-1][1] and name not in _CODE
            stack.append((element, element in collect or inside))
    return texts
