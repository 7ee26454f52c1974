"""Small same-class edits of a sentence for the LM critic (MTA202).

In the spirit of LM-Critic (Yasunaga et al. 2021) a sentence that the language model finds
clearly more probable after one small edit is probably not idiomatic.  The neighbourhood is
kept small and safe, because unconstrained edits drift the meaning:

* a function word is swapped only within its class (preposition for preposition,
  relative pronoun for relative pronoun, article for article) and only with the usual
  confusions of translated English (``what`` -> ``that``, ``since`` -> ``for``);
* an article may be dropped ("the cost of *the* electricity");
* a light verb may be swapped for another (``did a mistake`` -> ``made a mistake``),
  inflected like the original;
* ``the X of the Y`` may become ``the Y X`` (a Romance genitive: "the journalists of the television");
* names, numbers and negations are never edited, and an edit touches at most three words.

Each edit carries a *prior*: how surprising the language model found the words it touches
(their surprisal beyond what their rarity explains), so that a budget of edits per sentence
goes to the places the model already stumbled on.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from mtaudit.lexicon import inflect
from mtaudit.lexicon.text import Token, is_protected, match_case, tokenize

# Usual confusions of translated English, same class only.  Deliberately short lists: every
# alternative is a forward pass of the model.
FUNCTION_CONFUSIONS: Dict[str, Tuple[str, ...]] = {
    # relative pronouns and conjunctions
    "what": ("that", "which"),
    "which": ("that", "who"),
    "who": ("that", "which"),
    # articles ("" = drop it)
    "the": ("",),  # swapping "the" and "a" changes the meaning; the model cannot judge it
    "a": ("",),
    "an": ("",),
    # prepositions
    "in": ("on", "at", "into"),
    "on": ("in", "about", "at"),
    "at": ("in", "on"),
    "to": ("for", "at", "in"),
    "for": ("to", "of", "since"),
    "of": ("for", "from", "about", "in"),
    "from": ("of", "since", "by"),
    "with": ("by", "to", "of"),
    "by": ("with", "at", "until"),
    "about": ("of", "on"),
    "since": ("for",),
    "during": ("for", "in"),
    "into": ("in", "to"),
    "until": ("by",),
}
LIGHT_VERBS: Dict[str, Tuple[str, ...]] = {
    "do": ("make",),
    "make": ("do", "take"),
    "take": ("make", "pay"),
    "give": ("make", "pay"),
    "pay": ("give",),
}
ARTICLES = frozenset(("a", "an", "the"))
MAX_EDITED_WORDS = 3


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``; ``prior`` orders edits for the budget."""

    start: int
    end: int
    replacement: str
    kind: str  # function, article, light-verb, reorder; model-substitute, -insert, -delete (model_edits)
    prior: float
    similarity: Optional[float] = None  # of a model substitute to the word it replaces


def _next_word(tokens: Sequence[Token], i: int) -> Optional[int]:
    j = i + 1
    return j if j < len(tokens) and tokens[j].is_word else None


def candidate_edits(text: str, word_cost: Optional[Sequence[Tuple[int, int, float]]] = None) -> List[Edit]:
    """Every edit of the neighbourhood, most promising first.

    ``word_cost`` gives ``(start, end, cost)`` per word: how much more surprising the model
    found it than an average word of the sentence (:func:`mtaudit.scoring.slor.word_costs`);
    without it every edit has the prior 0.
    """
    tokens = tokenize(text)
    cost_at: Dict[int, float] = {}
    if word_cost:
        starts = {t.start: k for k, t in enumerate(tokens)}
        for start, _, cost in word_cost:
            if start in starts:
                cost_at[starts[start]] = cost

    def prior(*indices: int) -> float:
        return max(cost_at.get(i, 0.0) for i in indices)

    edits: List[Edit] = []
    for i, tok in enumerate(tokens):
        if not tok.is_word or is_protected(tokens, i):
            continue
        nxt = _next_word(tokens, i)
        if nxt is None or is_protected(tokens, nxt):
            continue  # an edit is shown with the word after it, and never touches a name
        following = tokens[nxt]
        tail = text[tok.end : following.end]  # " electricity"
        around = (i, nxt)
        norm = tok.norm
        if norm in FUNCTION_CONFUSIONS:
            kind = "article" if norm in ARTICLES else "function"
            for alt in FUNCTION_CONFUSIONS[norm]:
                if alt == "" and i == 0:
                    continue  # "The court ruled": a sentence does not start with a bare noun
                if alt == "":
                    replacement = following.text
                else:
                    replacement = match_case(tok.text, alt) + tail
                edits.append(Edit(tok.start, following.end, replacement, kind, prior(*around)))
        lemma = inflect.base_form(norm) if norm not in LIGHT_VERBS else norm
        if lemma in LIGHT_VERBS and following.norm not in ("it", "that", "this", "so", "sure", "up", "out"):
            for alt in LIGHT_VERBS[lemma]:
                form = inflect.same_inflection(alt, norm) if norm != lemma else alt
                edits.append(Edit(tok.start, following.end, match_case(tok.text, form) + tail, "light-verb", prior(*around)))
    edits.extend(_reorders(text, tokens, prior))
    edits.sort(key=lambda e: -e.prior)
    return edits


def _reorders(text: str, tokens: Sequence[Token], prior) -> List[Edit]:
    """``the X of the Y`` -> ``the Y X`` for single lower-case words X and Y."""
    out = []
    for i in range(len(tokens) - 4):
        det, x, of, the, y = tokens[i : i + 5]
        if not (det.norm == "the" and of.norm == "of" and the.norm == "the"):
            continue
        if not (x.is_word and y.is_word) or is_protected(tokens, i + 1) or is_protected(tokens, i + 4):
            continue
        if x.norm in FUNCTION_CONFUSIONS or y.norm in FUNCTION_CONFUSIONS or x.text != x.norm or y.text != y.norm:
            continue
        follow = tokens[i + 5] if i + 5 < len(tokens) else None
        if follow is not None and follow.is_word and follow.norm not in ("was", "is", "were", "are", "has", "had", "have"):
            continue  # "the X of the Y Z": Y begins a longer phrase
        replacement = f"{det.text} {y.text} {x.text}"
        out.append(Edit(det.start, y.end, replacement, "reorder", prior(i + 1, i + 3, i + 4)))
    return out


__all__ = ["Edit", "candidate_edits"]
