"""i18n locale files (JSON, YAML): a target such as ``de.json`` paired by key with its source.

Nested keys are flattened with dots (``nav.home``, arrays as ``items.0``).  Where the files
live is configurable with ``locales`` patterns holding ``{lang}`` once (``locales/{lang}.json``,
``i18n/{lang}/messages.yml``; relative to the config file's folder, ``*`` and ``**`` allowed).
Without patterns a file named after a language (``de.json``, ``pt-BR.yml``) pairs with the
source locale's file beside it.  A Rails-style root key naming the locale (``de:``) is dropped.
Findings point into the target file; keys missing from it point at their parent key there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from mtaudit.errors import InputFormatError
from mtaudit.readers import _common, locale_json, locale_yaml
from mtaudit.readers.locale_strings import LocaleString
from mtaudit.types import Document, LineIndex, Span, TranslationUnit

EXTENSIONS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}
DEFAULT_PATTERNS = ("{lang}.json", "{lang}.yaml", "{lang}.yml")
_PLURAL = re.compile(r"(.+)_(zero|one|two|few|many|other)")  # i18next plural keys: items_one, items_few...
_PARSERS = {"json": locale_json.strings, "yaml": locale_yaml.strings}


@dataclass(frozen=True)
class LocalePairing:
    patterns: Tuple[str, ...] = ()  # empty: DEFAULT_PATTERNS, matched on the file name
    source_locale: str = "en"
    base: Optional[Path] = None  # the folder patterns are relative to; the working directory when None

    def match(self, path: Path) -> Optional[Tuple[str, Path]]:
        """``(locale, source file)`` for the locale file ``path``; None when no pattern fits."""
        for pattern in self.patterns or DEFAULT_PATTERNS:
            if "/" in pattern:
                try:
                    name = path.resolve().relative_to((self.base or Path.cwd()).resolve()).as_posix()
                except ValueError:
                    continue
            else:
                name = path.name
            m = _compile(pattern, default=not self.patterns).fullmatch(name)
            if m:
                source = name[: m.start("lang")] + self.source_locale + name[m.end("lang") :]
                return m.group("lang"), (self.base or Path.cwd()) / source if "/" in pattern else path.with_name(source)
        return None

    def discoverable(self, path: Path) -> bool:
        """Whether a folder walk audits ``path``: it fits a configured pattern, or a default
        one and has its source beside it (so ``id.json`` of some tool is left alone)."""
        found = self.match(path)
        if found is None:
            return False
        return bool(self.patterns) or found[1].is_file()


def check_pattern(pattern: str) -> Optional[str]:
    """Why ``pattern`` is not a usable ``locales`` pattern, or None."""
    if pattern.count("{lang}") != 1:
        return f"locales pattern {pattern!r} must hold {{lang}} exactly once"
    if Path(pattern).suffix.lower() not in EXTENSIONS:
        return f"locales pattern {pattern!r} must end in .json, .yaml or .yml"
    return None


def _compile(pattern: str, default: bool) -> re.Pattern:
    # Default patterns take two-letter codes only: three letters ("app.json") are too often not a locale.
    lang = r"(?P<lang>[a-z]{2}(?:[-_][A-Za-z0-9]{2,8})*)" if default else r"(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)"
    out = []
    for part in re.split(r"(\{lang\}|\*\*/|\*)", pattern):
        out.append({"{lang}": lang, "**/": r"(?:[^/]+/)*", "*": r"[^/]*"}.get(part, re.escape(part)))
    return re.compile("".join(out))


def read_file(path: Path, display_path: str, fmt: str, pairing: LocalePairing) -> Document:
    """The locale file ``path``: English strings as segments, pairs with its source by key."""
    text = _common.decode(_common.read_bytes(path), fmt)
    found = pairing.match(path)
    if found is None and not text.strip():
        return read_text(text, display_path, fmt)
    if found is None:
        patterns = ", ".join(pairing.patterns or DEFAULT_PATTERNS)
        raise InputFormatError(f"cannot tell its locale: the name fits no `locales` pattern ({patterns})")
    lang, source_path = found
    strings, containers = _strings(text, fmt, lang)
    document = Document(display_path, fmt, [], LineIndex.from_text(text), pairing.source_locale)
    document.source = text
    if _common.is_english(lang):
        document.segments = [s for s in (_common.trim(v.segment) for v in strings.values()) if s is not None]
    if _same_locale(lang, pairing.source_locale):
        return document  # the source file itself: audited as prose only
    try:
        source_text = _common.decode(_common.read_bytes(source_path), fmt)
        source, _ = _strings(source_text, fmt, pairing.source_locale)
    except InputFormatError as e:
        raise InputFormatError(f"source locale file {_shown(source_path)}: {e.message}") from None
    document.pairs = _pairs(source, strings, containers, pairing.source_locale, lang)
    return document


def read_text(text: str, display_path: str, fmt: str) -> Document:
    """A locale file without a path to pair it by (standard input): its strings as prose."""
    strings, _ = _strings(text, fmt, "")
    segments = [s for s in (_common.trim(v.segment) for v in strings.values()) if s is not None]
    document = Document(display_path, fmt, segments, LineIndex.from_text(text))
    document.source = text
    return document


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _same_locale(a: str, b: str) -> bool:
    return a.lower().replace("_", "-") == b.lower().replace("_", "-")


def _strings(text: str, fmt: str, lang: str) -> Tuple[Dict[str, LocaleString], Dict[str, Span]]:
    if not text.strip():  # an empty file: nothing translated yet
        return {}, {"": Span(0, 0)}
    strings, containers = _PARSERS[fmt](text)
    roots = {key.split(".", 1)[0] for key in [*strings, *containers] if key}
    if len(roots) == 1 and _same_locale(next(iter(roots)), lang):  # Rails: {"de": {...}}
        root = next(iter(roots))
        containers[""] = containers.get(root, containers[""])
        strip = len(root) + 1
        strings = {k[strip:]: v for k, v in strings.items()}
        containers = {k[strip:]: v for k, v in containers.items() if k.startswith(root + ".")} | {"": containers[""]}
    return strings, containers


def _pairs(source: Dict[str, LocaleString], target: Dict[str, LocaleString], containers: Dict[str, Span],
           source_lang: str, target_lang: str) -> List[TranslationUnit]:
    def plural_base(key: str) -> Optional[str]:
        m = _PLURAL.fullmatch(key)
        return m.group(1) if m else None

    source_bases = {b for k in source if (b := plural_base(k))}
    target_bases = {b for k in target if (b := plural_base(k))}
    units: List[TranslationUnit] = []
    for key, value in source.items():
        text = value.segment.text
        if key in target:
            units.append(TranslationUnit(key, text, target[key].segment, target[key].value, source_lang, target_lang))
        elif plural_base(key) not in target_bases:  # languages differ in plural forms (one/few/many/other)
            units.append(TranslationUnit(key, text, None, _parent_span(key, containers), source_lang, target_lang))
    for key, value in target.items():
        if key in source:
            continue
        base = plural_base(key)
        if base in source_bases:  # a plural form the source language lacks: check against "other"
            other = source.get(f"{base}_other") or next(v for k, v in source.items() if plural_base(k) == base)
            units.append(TranslationUnit(key, other.segment.text, value.segment, value.value, source_lang, target_lang))
        else:
            units.append(TranslationUnit(key, None, value.segment, value.key, source_lang, target_lang))
    return units


def _parent_span(key: str, containers: Dict[str, Span]) -> Span:
    """The key span of the nearest enclosing object that the target file has."""
    parts = key.split(".")
    for n in range(len(parts) - 1, 0, -1):
        span = containers.get(".".join(parts[:n]))
        if span is not None:
            return span
    return containers[""]
