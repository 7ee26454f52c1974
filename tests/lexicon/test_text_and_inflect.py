import pytest

from mtaudit.lexicon import inflect
from mtaudit.lexicon.text import article_for, fit_article, fix_articles, match_case, norm_phrase, tokenize


def test_tokens_split_hyphens_and_keep_offsets():
    text = "The lithium-ion cells, he said."
    toks = tokenize(text)
    assert [t.text for t in toks] == ["The", "lithium", "ion", "cells", ",", "he", "said", "."]
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert norm_phrase("Lithium-Ion  cells") == "lithium ion cells"


@pytest.mark.parametrize(
    "original,replacement,expected",
    [
        ("Counterfeit consciousness", "artificial intelligence", "Artificial intelligence"),
        ("counterfeit consciousness", "artificial intelligence", "artificial intelligence"),
        ("PROFOUND WOODLAND", "deep forest", "DEEP FOREST"),
        ("cracked the ice", "broke the ice", "broke the ice"),
    ],
)
def test_match_case(original, replacement, expected):
    assert match_case(original, replacement) == expected


def test_articles():
    assert [article_for(w) for w in ("arm", "piece", "hour", "union", "one")] == ["an", "a", "an", "a", "a"]
    assert fix_articles("cost a arm and an leg") == "cost an arm and a leg"
    text = "They built a counterfeit consciousness tool."
    start = text.index("counterfeit")
    assert fit_article(text, start, ["artificial intelligence"]) == (start - 2, ["an artificial intelligence"])
    assert fit_article(text, start, ["fake mind"]) == (start, ["fake mind"])


@pytest.mark.parametrize(
    "word,lemma",
    [("stabbed", "stab"), ("threw", "throw"), ("skating", "skate"), ("lies", "lie"), ("corners", "corner"), ("ran", "run"),
     ("tied", "tie"), ("died", "die")],
)
def test_lemmas(word, lemma):
    assert lemma in inflect.lemmas(word)


@pytest.mark.parametrize(
    "word,like,expected",
    [
        ("back", "stabbed", "backed"),
        ("race", "running", "racing"),
        ("pour", "threw", "poured"),
        ("settles", "lies", "settles"),
        ("settles", "lay", "settled"),
        ("break", "cracks", "breaks"),
        ("light", "lamps", "lights"),
        ("kick", "hit", "kick"),
    ],
)
def test_same_inflection(word, like, expected):
    assert inflect.same_inflection(word, like) == expected


def test_plural_and_singular():
    assert inflect.plural("tree") == "trees" and inflect.plural("analysis") == "analyses"
    assert inflect.singular("methods") == "method" and inflect.singular("bus") is None
