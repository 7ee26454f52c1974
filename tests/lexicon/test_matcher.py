import pytest

from mtaudit.lexicon import matcher as matcher_module
from mtaudit.lexicon.matcher import PhraseMatcher
from mtaudit.lexicon.text import tokenize


def _find(m, text):
    toks = tokenize(text)
    return [(text[toks[x.first].start : toks[x.last].end], x.value) for x in m.find(toks)]


@pytest.fixture(params=["automaton", "trie"])
def backend(request, monkeypatch):
    if request.param == "trie":
        monkeypatch.setattr(matcher_module, "ahocorasick", None)
    elif matcher_module.ahocorasick is None:
        pytest.skip("pyahocorasick not installed")
    return request.param


def test_whole_words_case_and_hyphens(backend):
    m = PhraseMatcher([("choice tree", 1), ("tree", 2), ("sodium particle", 3)])
    assert _find(m, "A Choice-Tree model.") == [("Choice-Tree", 1)]
    assert _find(m, "The choicetree and the trees.") == []
    assert _find(m, "sodium particle cells") == [("sodium particle", 3)]


def test_longest_match_wins_and_barriers_break(backend):
    m = PhraseMatcher([("vector machine", 1), ("sound vector machine", 2)])
    assert _find(m, "a sound vector machine") == [("sound vector machine", 2)]
    assert _find(m, "sound, vector machine") == [("vector machine", 1)]
    assert _find(m, "") == []
