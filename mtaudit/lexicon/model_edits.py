"""Edits the language model proposes itself, for MTA202: wording no list holds.

Where a sentence's words stand out (their surprise beyond what their rarity explains, see
:func:`mtaudit.scoring.slor.word_costs`), the model's own next-token distribution at that word,
read off the states kept from scoring the sentence, proposes the replacements:

* **substitute** the word by one of the model's likeliest whole words there ("going through
  the *ceiling*" -> "roof"), also for the word before it, as a causal model often stumbles
  one word after the slip;
* **insert** a function word the model expects before it ("searching *for* new partners");
* **delete** it when it is a function word ("lacks *of* money" -> "lacks money").

A correction must keep the meaning, so a substitute must be related to the word it replaces:
the same base form or stem, a function word for a function word, or a near neighbour in the
model's input embeddings (the spinner's synonyms are).  Names, numbers, negations and words in
quotes are never edited.  Whether an edit is reported is the calibrated judge's call.
"""
from __future__ import annotations

import math
from typing import Callable, Dict, List, Sequence, Tuple

from mtaudit.lexicon import inflect
from mtaudit.lexicon.critic import ARTICLES, FUNCTION_CONFUSIONS, Edit
from mtaudit.lexicon.text import Token, is_protected, match_case, tokenize
from mtaudit.scoring.slor import OOV_FREQUENCY, word_logprob

TOP_K = 20  # model continuations read at each place
PLACES = 4  # stand-out words per sentence (each with the word before it)
# A content word's substitute that shares no stem with it needs this cosine between their
# input embeddings: it drops 4.9% of the right words of the tune split's garbled idioms and
# tortured terms ("ghost" -> "spectre"; benchmarks/model_edit_filters.py), and half of them
# reach 0.45; unrelated likely words often reach it too ("silhouette" -> "camera" 0.43), so
# the judge weighs the similarity as well.
MIN_SIMILARITY = 0.15
STEM = 4  # characters two words must share at their start to count as one stem
RELATIVES = frozenset(("what", "which", "who", "that"))
PREPOSITIONS = frozenset(w for w in FUNCTION_CONFUSIONS if w not in ARTICLES and w not in RELATIVES)
SWAPPABLE = PREPOSITIONS | RELATIVES  # each swapped within its class only
# The first words of a sentence give the model too little context to propose a better one.
MIN_CONTEXT = 2
DELETABLE = frozenset(FUNCTION_CONFUSIONS)  # those and the articles
FUNCTION_WORDS = DELETABLE | frozenset(
    "as than that so such both either each every this these those some any no its their his her our my your "
    "he she it we they i you him them us me and or but if".split())
INSERTABLE = PREPOSITIONS | ARTICLES  # before a content word; only prepositions before an article
QUOTES = {'"': 0, "“": 1, "”": -1}
UNKNOWN = math.log(OOV_FREQUENCY)  # the unigram log-probability of words wordfreq does not know

Similarity = Callable[[Sequence[Tuple[str, str]]], List[float]]


def stand_out(text: str, word_cost: Sequence[Tuple[int, int, float]], min_surprise: float) -> Dict[int, float]:
    """The words to edit, as indices into ``tokenize(text)`` with the edits' prior: the
    ``PLACES`` words whose cost reaches ``min_surprise``, and the word before each, with that cost."""
    tokens = tokenize(text)
    index = {t.start: i for i, t in enumerate(tokens)}
    # names, numbers and unknown words are surprising by nature: they and the words before
    # them are left alone
    worst = sorted(((c, index[s]) for s, _, c in word_cost if c >= min_surprise and s in index
                    and index[s] >= MIN_CONTEXT and not is_protected(tokens, index[s])
                    and word_logprob(tokens[index[s]].norm) > UNKNOWN), reverse=True)[:PLACES]
    out: Dict[int, float] = {}
    for cost, i in worst:
        for k in (i, i - 1):
            if k >= 1 and k not in out and _editable(text, tokens, k):
                out[k] = cost
    return out


def model_edits(text: str, places: Dict[int, float], continuations: Sequence[List[Tuple[str, float]]],
                similarity: Similarity) -> List[Edit]:
    """The edits of ``text`` at ``places`` (word index: prior, from :func:`stand_out`) from the
    model's ``continuations`` at each: the most surprising places first, and at each place the
    edits in the order of the model's preference."""
    tokens = tokenize(text)
    ranked: List[Tuple[float, int, float, Edit]] = []  # (-prior, place, rank, edit)
    substitutes: List[Tuple[Tuple[float, int, float], Token, str]] = []
    for place, (i, options) in enumerate(zip(places, continuations)):
        word, prior = tokens[i], places[i]
        after = i + 1 if i + 1 < len(tokens) and tokens[i + 1].is_word and not is_protected(tokens, i + 1) else None
        if word.norm in DELETABLE and after is not None:
            following = tokens[after]
            ranked.append((-prior, place, 0.5, Edit(word.start, following.end, following.text, "model-delete", prior)))
        for rank, (piece, _) in enumerate(options):
            candidate = piece.strip().lower()
            if not _whole_word(piece) or candidate == word.norm or piece.strip()[0].isupper():
                continue  # a word piece, the word itself, or a name
            if _insertable(candidate, word.norm) and candidate != _norm_before(tokens, i):
                ranked.append((-prior, place, rank, Edit(word.start, word.end, f"{candidate} {word.text}", "model-insert", prior)))
            if same_class(word.norm, candidate):
                substitutes.append(((-prior, place, rank), word, candidate))
    scores = similarity([(word.norm, candidate) for _, word, candidate in substitutes]) if substitutes else []
    for (key, word, candidate), score in zip(substitutes, scores):
        if near(word.norm, candidate, score):
            edit = Edit(word.start, word.end, match_case(word.text, candidate), "model-substitute", -key[0], round(score, 4))
            ranked.append((*key, edit))
    unique: Dict[Tuple[int, int, str], Edit] = {}
    for *_, edit in sorted(ranked, key=lambda r: r[:3]):
        unique.setdefault((edit.start, edit.end, edit.replacement), edit)
    return list(unique.values())


def proposed_at(scorer, places: Sequence[Tuple[str, Dict[int, float]]]) -> List[List[Edit]]:
    """:func:`model_edits` of each ``(text, places)`` (places from :func:`stand_out`), the
    ``scorer``'s continuations at every place read off its kept states at once."""
    at = [(text, tokenize(text)[i].start) for text, where in places for i in where]
    options = iter(scorer.continuations(at, TOP_K) if at else [])
    return [model_edits(text, where, [next(options) for _ in where], scorer.word_similarity) if where else []
            for text, where in places]


def same_class(word: str, candidate: str) -> bool:
    """Whether ``candidate`` may replace ``word`` (both lower case): a preposition for a
    preposition, a relative pronoun for another, a content word for a content word; articles,
    pronouns and determiners stay."""
    if word in SWAPPABLE:
        return candidate in SWAPPABLE and (candidate in PREPOSITIONS) == (word in PREPOSITIONS)
    return word not in FUNCTION_WORDS and candidate not in FUNCTION_WORDS


def near(word: str, candidate: str, similarity: float) -> bool:
    """Whether a substitute of the same class keeps the meaning: a function word, the same
    stem, or input embeddings at least ``MIN_SIMILARITY`` alike."""
    return word in SWAPPABLE or similarity >= MIN_SIMILARITY or same_stem(word, candidate)


def _editable(text: str, tokens: Sequence[Token], i: int) -> bool:
    """Not a name, number or negation, not quoted, and a word English knows: an unknown word is
    a misspelling or a transliteration, for which the model's likeliest word is no fix."""
    token = tokens[i]
    if not token.is_word or is_protected(tokens, i) or word_logprob(token.norm) <= UNKNOWN:
        return False
    depth = sum(QUOTES.get(ch, 0) for ch in text[: token.start])
    straight = text[: token.start].count('"') % 2
    return depth <= 0 and not straight


def _insertable(candidate: str, before: str) -> bool:
    if candidate not in INSERTABLE or before in SWAPPABLE:
        return False
    return candidate in PREPOSITIONS or before not in FUNCTION_WORDS  # no article before an article


def _whole_word(piece: str) -> bool:
    """A vocabulary entry that starts a new word (after a space; the first word is never edited)."""
    word = piece.strip()
    return bool(word) and word.isalpha() and word.isascii() and piece.startswith(" ")


def same_stem(a: str, b: str) -> bool:
    if inflect.base_form(a) == inflect.base_form(b):
        return True
    return len(a) >= STEM and len(b) >= STEM and a[:STEM] == b[:STEM]


def _norm_before(tokens: Sequence[Token], i: int) -> str:
    return tokens[i - 1].norm


__all__ = ["model_edits", "near", "proposed_at", "same_class", "same_stem", "stand_out"]
