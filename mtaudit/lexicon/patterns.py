"""Token patterns for literal-translation constructions (``models/literal_patterns.tsv``).

A pattern is a space-separated list of tokens, matched case-insensitively on word tokens:

* ``word`` a literal word (or punctuation such as ``,``);
* ``word~`` any inflection of ``word`` (``make~``: make, makes, made, making);
* ``(a|an|the)`` one of several words, each may carry ``~``;
* ``X?`` makes the token ``X`` optional;
* ``{NUM}`` a number (digits or a number word), ``{UNIT}`` a unit of time, ``{OBJ}`` an object
  pronoun (me, him, her, us, them), ``{DET}`` a determiner or possessive, ``{W}`` any word;
* ``!word`` before the first token: the previous word must not be ``word``; after the last
  token: the next word must not be ``word``; ``^`` first: only at the start of a sentence,
  ``$`` last: only at its end (closing punctuation may follow).

A replacement is a template: literal words, ``word~`` (inflected like the first ``~`` word
of the match), ``{NAME}`` (the text of that slot) or ``{N}`` (the text of the N-th token of
the pattern, from 1).  An optional token that did not match renders as nothing.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from mtaudit.lexicon import inflect
from mtaudit.lexicon.text import Token, fix_articles, match_case, tokenize

SENTENCE_END = frozenset('.!?"”’)')
NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred several many few some""".split()
)
SLOTS: Dict[str, frozenset] = {
    "UNIT": frozenset(
        """second seconds minute minutes hour hours day days week weeks month months year years
        decade decades century centuries""".split()
    ),
    "OBJ": frozenset("me him her us them".split()),
    "DET": frozenset("a an the this that these those my your his her its our their some".split()),
}


@dataclass(frozen=True)
class PToken:
    kind: str  # lit, alt, slot
    words: Tuple[str, ...] = ()  # for lit/alt: the words; "~" suffix kept
    name: str = ""  # slot name
    optional: bool = False

    def matches(self, token: Token) -> bool:
        if self.kind == "slot":
            if not token.is_word:
                return False
            if self.name == "W":
                return True
            if self.name == "NUM":
                return token.is_number or token.norm in NUMBER_WORDS
            return token.norm in SLOTS[self.name]
        for w in self.words:
            if w.endswith("~"):
                if token.is_word and inflect.is_form_of(token.norm, w[:-1]):
                    return True
            elif token.norm == w:
                return True
        return False

    @property
    def inflecting(self) -> bool:
        return any(w.endswith("~") for w in self.words)


@dataclass(frozen=True)
class Pattern:
    source: str
    tokens: Tuple[PToken, ...]
    replacements: Tuple[str, ...]
    precision: str  # high | lm
    note: str = ""
    not_before: Tuple[str, ...] = ()  # previous word must not be one of these
    not_after: Tuple[str, ...] = ()  # next word must not be one of these
    at_start: bool = False
    min_margin: Optional[float] = None  # language-model evidence this pattern needs, if not the rule's
    at_end: bool = False  # only before the end of the sentence (final punctuation may follow)

    def anchor(self) -> Tuple[int, List[str]]:
        """The first required literal: its position and the words it is indexed under."""
        for k, t in enumerate(self.tokens):
            if t.kind in ("lit", "alt") and not t.optional:
                return k, [w.rstrip("~") for w in t.words]
        return -1, []


def parse_pattern(
    source: str, replacements: Sequence[str], precision: str = "lm", note: str = "", min_margin: Optional[float] = None
) -> Pattern:
    parts = source.split()
    not_before: List[str] = []
    not_after: List[str] = []
    at_start = False
    while parts and (parts[0].startswith("!") or parts[0] == "^"):
        p = parts.pop(0)
        if p == "^":
            at_start = True
        else:
            not_before.append(p[1:].lower())
    at_end = False
    while parts and (parts[-1].startswith("!") or parts[-1] == "$"):
        p = parts.pop()
        if p == "$":
            at_end = True
        else:
            not_after.append(p[1:].lower())
    tokens = []
    for p in parts:
        optional = p.endswith("?") and len(p) > 1
        if optional:
            p = p[:-1]
        if p.startswith("{") and p.endswith("}"):
            name = p[1:-1]
            if name not in SLOTS and name not in ("W", "NUM"):
                raise ValueError(f"unknown slot {p} in pattern {source!r}")
            tokens.append(PToken("slot", name=name, optional=optional))
        elif p.startswith("(") and p.endswith(")"):
            tokens.append(PToken("alt", tuple(w.lower() for w in p[1:-1].split("|")), optional=optional))
        else:
            tokens.append(PToken("lit", (p.lower(),), optional=optional))
    if not tokens or all(t.optional for t in tokens):
        raise ValueError(f"empty pattern {source!r}")
    if precision not in ("high", "lm"):
        raise ValueError(f"precision must be high or lm, not {precision!r}")
    return Pattern(
        source, tuple(tokens), tuple(replacements), precision, note, tuple(not_before), tuple(not_after), at_start,
        min_margin, at_end,
    )


@dataclass
class PatternMatch:
    pattern: Pattern
    first: int  # token indexes, inclusive
    last: int
    groups: List[Optional[Tuple[int, int]]]  # per pattern token: (first, last) token span or None

    def replacements(self, text: str, tokens: Sequence[Token]) -> List[str]:
        original = text[tokens[self.first].start : tokens[self.last].end]
        like = None
        for t, g in zip(self.pattern.tokens, self.groups):
            if g is not None and t.inflecting:
                like = tokens[g[0]].text
                break
        out = []
        for template in self.pattern.replacements:
            words = []
            for part in template.split():
                m = re.fullmatch(r"\{(\w+)\}", part)
                if m:
                    words.append(self._group_text(m.group(1), text, tokens))
                elif part.endswith("~") and len(part) > 1:
                    base = part[:-1]
                    words.append(inflect.same_inflection(base, like) if like else base)
                else:
                    words.append(part)
            phrase = " ".join(w for w in words if w).replace(" ,", ",")
            phrase = match_case(original, fix_articles(phrase))
            out.append(phrase)
        return list(dict.fromkeys(out))

    def _group_text(self, key: str, text: str, tokens: Sequence[Token]) -> str:
        if key.isdigit():
            index = int(key) - 1
        else:
            index = next((i for i, t in enumerate(self.pattern.tokens) if t.kind == "slot" and t.name == key), -1)
        if not 0 <= index < len(self.groups) or self.groups[index] is None:
            return ""
        a, b = self.groups[index]
        return text[tokens[a].start : tokens[b].end]


class PatternSet:
    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = list(patterns)
        self._index: Dict[str, List[Tuple[int, int]]] = {}  # word -> (pattern, anchor position)
        self._unanchored: List[int] = []
        for i, p in enumerate(self.patterns):
            position, anchors = p.anchor()
            if not anchors:
                self._unanchored.append(i)
            for a in anchors:
                self._index.setdefault(a, []).append((i, position))

    def __len__(self) -> int:
        return len(self.patterns)

    def find(self, tokens: Sequence[Token]) -> List[PatternMatch]:
        todo: Dict[Tuple[int, int], None] = {(i, s): None for i in self._unanchored for s in range(len(tokens))}
        for j, tok in enumerate(tokens):
            for lemma in inflect.lemmas(tok.norm) if tok.is_word else (tok.norm,):
                for i, position in self._index.get(lemma, ()):
                    # optional tokens before the anchor: the match starts at most `position` earlier
                    for s in range(max(0, j - position), j + 1):
                        todo[(i, s)] = None
        found: List[PatternMatch] = []
        for i, s in todo:
            pattern = self.patterns[i]
            if pattern.at_start and s != 0:
                continue
            m = _match_at(pattern, tokens, s)
            if m is not None:
                found.append(m)
        # longest first; drop overlaps
        found.sort(key=lambda m: (-(m.last - m.first), m.first))
        kept: List[PatternMatch] = []
        for m in found:
            if all(m.last < k.first or m.first > k.last for k in kept):
                kept.append(m)
        return sorted(kept, key=lambda m: m.first)


def _match_at(pattern: Pattern, tokens: Sequence[Token], start: int) -> Optional[PatternMatch]:
    if start > 0 and pattern.not_before and tokens[start - 1].norm in pattern.not_before:
        return None

    def rec(k: int, j: int, groups: List[Optional[Tuple[int, int]]]) -> Optional[List]:
        if k == len(pattern.tokens):
            return groups
        t = pattern.tokens[k]
        if j < len(tokens) and t.matches(tokens[j]):
            r = rec(k + 1, j + 1, groups + [(j, j)])
            if r is not None:
                return r
        if t.optional:
            return rec(k + 1, j, groups + [None])
        return None

    groups = rec(0, start, [])
    if groups is None:
        return None
    used = [g for g in groups if g is not None]
    if not used or used[0][0] != start:
        return None
    last = used[-1][1]
    if pattern.not_after and last + 1 < len(tokens) and tokens[last + 1].norm in pattern.not_after:
        return None
    if pattern.at_end and last + 1 < len(tokens) and not all(c in SENTENCE_END for c in tokens[last + 1].text):
        return None
    return PatternMatch(pattern, start, last, groups)


@functools.lru_cache(maxsize=4)
def load_patterns(path: str) -> PatternSet:
    """Patterns from a TSV file: ``pattern<TAB>replacements (|)<TAB>precision<TAB>note[<TAB>min-margin]``."""
    patterns = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "pattern":
                continue
            if len(cols) < 2:
                raise ValueError(f"{path}:{n}: expected pattern<TAB>replacements")
            precision = cols[2] if len(cols) > 2 and cols[2] else "lm"
            note = cols[3] if len(cols) > 3 else ""
            try:
                margin = float(cols[4]) if len(cols) > 4 and cols[4].strip() else None
                patterns.append(parse_pattern(cols[0], cols[1].split("|"), precision, note, margin))
            except ValueError as e:
                raise ValueError(f"{path}:{n}: {e}") from None
    return PatternSet(patterns)


def find_in(text: str, patterns: PatternSet) -> List[Tuple[PatternMatch, int, int, List[str]]]:
    """``(match, start, end, replacements)`` of every pattern occurrence in ``text``."""
    tokens = tokenize(text)
    out = []
    for m in patterns.find(tokens):
        out.append((m, tokens[m.first].start, tokens[m.last].end, m.replacements(text, tokens)))
    return out
