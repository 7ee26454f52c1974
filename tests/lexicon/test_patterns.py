import pytest

from mtaudit.lexicon.patterns import find_in, parse_pattern, PatternSet


def _run(patterns, text):
    return [(text[a:b], r) for _, a, b, r in find_in(text, PatternSet(patterns))]


def test_slots_inflection_and_lookahead():
    p = [
        parse_pattern("since {NUM} {UNIT} !ago", ["for {NUM} {UNIT}"]),
        parse_pattern("make~ (a|the)? photo", ["take~ {2} photo"]),
    ]
    assert _run(p, "She has worked here since 12 years.") == [("since 12 years", ["for 12 years"])]
    assert _run(p, "She left since two years ago.") == []
    assert _run(p, "He made a photo and was making photo albums.") == [
        ("made a photo", ["took a photo"]),
        ("making photo", ["taking photo"]),
    ]


def test_lookbehind_and_case():
    p = [parse_pattern("!for the most part of", ["most of"])]
    assert _run(p, "The most part of it.") == [("The most part of", ["Most of"])]
    assert _run(p, "for the most part of it") == []


def test_bad_pattern_is_an_error():
    with pytest.raises(ValueError):
        parse_pattern("since {WHATEVER}", ["x"])
