"""Terminology: a TSV file of source terms with their required and forbidden translations.

One term a line, tab-separated: source term, target term(s), and optionally the target
language (empty: every language).  Alternatives are separated by ``|``; a target term
starting with ``!`` is forbidden.  An empty source column forbids a term everywhere::

    # source      target                  language
    file          Datei                   de
    pull request  Pull-Request|Merge-Request  de
    file          !Akte                   de
                  !Ordner                 de

Matching tolerates inflection with light stemming: each word of a term, as written and
without one common ending of its language (German -en/-er/-e/-s..., French and Spanish
-s/-es...), matches the words made of it and one such ending ("Datei" matches "Dateien",
"Benutzer" matches "Benutzern", "file" matches "files" and "filing"), case-insensitively.
German plurals with an umlaut are formed too ("Passwort" matches "Passwörter").  Limits:
other stem changes are not handled ("mouse"/"mice", German participles
"anmelden"/"angemeldet"), compounds are not split ("Dateiname" does not
contain "Datei"), and a short stem may meet an unrelated word with the same ending.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

from mtaudit.bilingual import WORD, primary, same_language
from mtaudit.errors import ConfigError

MIN_STEM = 3
_ENDINGS: Dict[str, Tuple[str, ...]] = {
    "en": ("'s", "ing", "ies", "ied", "ed", "es", "s", "d"),
    "de": ("ern", "en", "er", "es", "em", "e", "n", "s"),
    "nl": ("en", "es", "e", "s"),
    "fr": ("es", "s", "x", "e"),
    "es": ("es", "as", "os", "s", "a", "o"),
    "pt": ("ões", "es", "as", "os", "s", "a", "o"),
    "it": ("i", "e", "a", "o"),
    "sv": ("erna", "arna", "orna", "er", "ar", "or", "en", "et", "na", "a", "e"),
    "da": ("erne", "ene", "er", "en", "et", "e"),
    "nb": ("ene", "er", "en", "et", "e"),
}
_GENERIC_ENDINGS = ("es", "en", "s", "e")
_UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "au": "äu"}


def endings(language: Optional[str]) -> Tuple[str, ...]:
    return _ENDINGS.get(primary(language), _GENERIC_ENDINGS)


def forms(word: str, language: Optional[str]) -> FrozenSet[str]:
    """``word`` and the forms made by one ending of its language on it or on its stem:
    "Datei" -> "dateien"...; "file" -> "files", "filed", "filing"."""
    word = word.lower()
    stem = word
    for ending in endings(language):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            stem = word[: -len(ending)]
            break
    found = {word} | {base + e for base in (word, stem) for e in ("", *endings(language))}
    if stem.endswith("e") and len(stem) > MIN_STEM:  # file -> filing, filed
        found |= {stem[:-1] + e for e in endings(language) if e[:1] in "aeiouy"}
    if primary(language) == "de":  # umlaut plurals: Wort -> Wörter, Haus -> Häuser
        m = re.search(r"(au|a|o|u)([^aeiouäöü]*)$", word)
        if m:
            umlauted = word[: m.start()] + _UMLAUT[m.group(1)] + m.group(2)
            found |= {umlauted + e for e in ("e", "er", "ern", "en")}
    return frozenset(found)


@dataclass(frozen=True)
class Phrase:
    text: str
    forms: Tuple[FrozenSet[str], ...]  # per word

    def find(self, text: str) -> Iterator[Tuple[int, int]]:
        """Spans of ``text`` where the phrase occurs, inflected or not."""
        found = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
        n = len(self.forms)
        for i in range(len(found) - n + 1):
            if all(w in f for (_, _, w), f in zip(found[i : i + n], self.forms)):
                yield found[i][0], found[i + n - 1][1]


@dataclass(frozen=True)
class Term:
    source: Optional[Phrase]  # None: the forbidden terms apply whatever the source says
    required: Tuple[Phrase, ...]
    forbidden: Tuple[Phrase, ...]
    language: str  # '' for every target language
    line: int

    def applies_to(self, language: Optional[str]) -> bool:
        return not self.language or same_language(self.language, language)


@dataclass(frozen=True)
class Glossary:
    terms: Tuple[Term, ...]
    source_language: str = "en"

    def required_for(self, term: Term) -> Tuple[Phrase, ...]:
        """The required translations of ``term``'s source in its language, from any line."""
        if term.source is None:
            return ()
        return tuple(p for t in self.terms if t.source is not None and t.language == term.language
                     and t.source.text.lower() == term.source.text.lower() for p in t.required)


def _phrase(text: str, language: Optional[str]) -> Optional[Phrase]:
    words = WORD.findall(text)
    return Phrase(text.strip(), tuple(forms(w, language) for w in words)) if words else None


def parse_glossary(text: str, name: str = "glossary", source_language: str = "en") -> Glossary:
    terms: List[Term] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) < 2 or len(columns) > 3 or not columns[1].strip():
            raise ConfigError(f"{name}:{number}: expected 'source<TAB>target[<TAB>language]'")
        language = columns[2].strip() if len(columns) == 3 else ""
        required, forbidden = [], []
        for alternative in columns[1].split("|"):
            alternative = alternative.strip()
            phrase = _phrase(alternative.lstrip("!"), language or None)
            if phrase is None:
                raise ConfigError(f"{name}:{number}: the target term {alternative!r} has no words")
            (forbidden if alternative.startswith("!") else required).append(phrase)
        source = _phrase(columns[0], source_language)
        if source is None and (required or not forbidden):
            raise ConfigError(f"{name}:{number}: a term without source may only list forbidden (!) terms")
        terms.append(Term(source, tuple(required), tuple(forbidden), language, number))
    return Glossary(tuple(terms), source_language)


def load_glossary(path: Path, source_language: str = "en") -> Glossary:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"glossary {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read glossary {path}: {e}") from None
    return parse_glossary(text, str(path), source_language)
