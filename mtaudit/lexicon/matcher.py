"""Fast multi-phrase matching over word tokens (Aho-Corasick).

Phrases are matched case-insensitively on whole words; a hyphen and a space are the same
separator, and barrier tokens (other punctuation) break a phrase.  The automaton comes
from ``pyahocorasick`` when it is installed, else a pure-Python token-trie fallback with
the same results is used.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Generic, Iterable, List, Sequence, Tuple, TypeVar

from mtaudit.lexicon.text import Token, norm_phrase

try:  # pragma: no cover - exercised implicitly
    import ahocorasick  # type: ignore
except ImportError:  # pragma: no cover
    ahocorasick = None

T = TypeVar("T")
_SEP = "\x1f"  # between words; barriers become "\x1e"
_BARRIER = "\x1e"


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    first: int  # index of the first token
    last: int  # index of the last token (inclusive)
    key: str  # normalised phrase matched
    value: T


class PhraseMatcher(Generic[T]):
    """Maps normalised phrases to values and finds them in token sequences."""

    def __init__(self, items: Iterable[Tuple[str, T]] = ()) -> None:
        self._values: Dict[str, List[T]] = {}
        for phrase, value in items:
            self.add(phrase, value)
        self._automaton = None
        self._trie: Dict = {}
        self._built = False

    def add(self, phrase: str, value: T) -> None:
        key = norm_phrase(phrase)
        if key:
            self._values.setdefault(key, []).append(value)
            self._built = False

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, phrase: str) -> bool:
        return norm_phrase(phrase) in self._values

    def get(self, phrase: str) -> List[T]:
        return self._values.get(norm_phrase(phrase), [])

    def _build(self) -> None:
        if ahocorasick is not None:
            automaton = ahocorasick.Automaton()
            for key in self._values:
                pattern = _SEP + key.replace(" ", _SEP) + _SEP
                automaton.add_word(pattern, (key, key.count(" ") + 1))
            if self._values:
                automaton.make_automaton()
            self._automaton = automaton if self._values else None
        else:
            trie: Dict = {}
            for key in self._values:
                node = trie
                for word in key.split(" "):
                    node = node.setdefault(word, {})
                node[None] = key
            self._trie = trie
        self._built = True

    def find(self, tokens: Sequence[Token], longest: bool = True) -> List[Match[T]]:
        """Every occurrence (one per value); with ``longest`` overlapping shorter ones are dropped."""
        if not self._built:
            self._build()
        found: List[Tuple[int, int, str]] = []
        if ahocorasick is not None:
            if self._automaton is None:
                return []
            # token i starts at character offset starts[i] of the joined string
            parts, starts, pos = [], [], 0
            for tok in tokens:
                starts.append(pos)
                word = tok.norm if tok.is_word else _BARRIER
                parts.append(word)
                pos += len(word) + 1
            joined = _SEP + _SEP.join(parts) + _SEP
            index = {s: i for i, s in enumerate(starts)}
            for end, (key, n) in self._automaton.iter(joined):
                begin = end - len(key) - 1  # offset of the first word's first char in joined, minus 1
                first = index.get(begin)
                if first is not None:
                    found.append((first, first + n - 1, key))
        else:
            for i in range(len(tokens)):
                node = self._trie
                j = i
                while j < len(tokens) and tokens[j].is_word and tokens[j].norm in node:
                    node = node[tokens[j].norm]
                    if None in node:
                        found.append((i, j, node[None]))
                    j += 1
        if longest:
            found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
            taken: List[Tuple[int, int]] = []
            kept = []
            for first, last, key in found:
                if all(last < a or first > b for a, b in taken):
                    taken.append((first, last))
                    kept.append((first, last, key))
            found = sorted(kept)
        return [Match(a, b, k, v) for a, b, k in found for v in self._values[k]]
