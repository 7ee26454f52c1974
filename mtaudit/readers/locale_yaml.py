"""i18n YAML locale files (Rails, Symfony...): string values by dotted key, via PyYAML's
composed nodes, which carry the start and end of every scalar.

PyYAML is an optional dependency (``pip install 'mtaudit[yaml]'``).  Plain and quoted
scalars and literal blocks map character by character; a scalar whose value is not found
line by line in its source (folded blocks, escapes) maps as one piece onto its whole span.
"""
from __future__ import annotations

from typing import Dict, Tuple

from mtaudit.errors import InputFormatError
from mtaudit.readers.locale_strings import LocaleString
from mtaudit.types import Segment, SegmentBuilder, Span

_STRING_TAG = "tag:yaml.org,2002:str"


def strings(text: str) -> Tuple[Dict[str, LocaleString], Dict[str, Span]]:
    """The string values of a YAML locale file by dotted key, and the key spans of its
    mappings and sequences (``""`` for the root)."""
    try:
        import yaml
    except ImportError:
        raise InputFormatError("reading YAML locale files needs PyYAML: pip install 'mtaudit[yaml]'") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputFormatError(f"invalid YAML: {problem}{where}") from None
    if not isinstance(root, yaml.MappingNode):
        raise InputFormatError("a locale file holds a mapping of strings")
    found: Dict[str, LocaleString] = {}
    containers = {"": Span(root.start_mark.index, root.start_mark.index + 1)}
    _walk(yaml, text, root, "", found, containers)
    return found, containers


def _walk(yaml, text: str, node, prefix: str, found: Dict[str, LocaleString], containers: Dict[str, Span]) -> None:
    if isinstance(node, yaml.MappingNode):
        items = [(k.value, k, v) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        items = [(str(i), v, v) for i, v in enumerate(node.value)]
    else:
        return
    for name, key_node, value in items:
        if name == "<<":  # a merge key: the merged mapping's keys belong here
            _walk(yaml, text, value, prefix, found, containers)
            continue
        key = f"{prefix}.{name}" if prefix else str(name)
        if isinstance(value, yaml.ScalarNode):
            if value.tag == _STRING_TAG:
                start, end = value.start_mark.index, value.end_mark.index
                found[key] = LocaleString(_align(value.value, text, start, end),
                                          Span(start, end), Span(key_node.start_mark.index, key_node.end_mark.index))
        else:
            containers[key] = Span(key_node.start_mark.index, key_node.end_mark.index)
            _walk(yaml, text, value, key, found, containers)


def _align(value: str, text: str, start: int, end: int) -> Segment:
    """Map ``value`` into ``text[start:end]`` line by line; one piece when that fails."""
    builder = SegmentBuilder("string")
    pos = start
    for i, line in enumerate(value.split("\n")):
        if i:
            newline = text.find("\n", pos, end + 1)
            if newline == -1:
                break
            builder.add_replacement("\n", newline, 1)
            pos = newline + 1
        found = text.find(line, pos, end)
        if found == -1 or text[pos:found].strip(" \t'\"|>-+0123456789\r\n"):
            break
        builder.add(line, found)
        pos = found + len(line)
    else:
        return builder.build()
    fallback = SegmentBuilder("string")
    fallback.add_replacement(value, start, max(1, end - start))
    return fallback.build()
