"""The edits the model proposes itself (mtaudit.lexicon.model_edits), from given continuations."""
from mtaudit.lexicon.model_edits import MIN_SIMILARITY, model_edits, stand_out
from mtaudit.lexicon.text import tokenize


def costs(text, **by_word):
    """``(start, end, cost)`` per word, ``by_word`` giving the costs that are not 0."""
    return [(t.start, t.end, by_word.get(t.norm, 0.0)) for t in tokenize(text) if t.is_word]


def index(text, word):
    return next(i for i, t in enumerate(tokenize(text)) if t.norm == word)


def edits_of(text, places, continuations, similar=()):
    def similarity(pairs):
        return [1.0 if pair in similar else 0.0 for pair in pairs]

    return [(text[e.start : e.end], e.replacement, e.kind) for e in model_edits(text, places, continuations, similarity)]


def test_the_most_surprising_words_and_the_words_before_them_are_edited():
    text = "The harbour workers voted to resume the strike tomorrow morning."
    places = stand_out(text, costs(text, strike=3.0, tomorrow=2.5, workers=1.0), min_surprise=2.0)
    strike = index(text, "strike")
    assert places == {strike: 3.0, strike - 1: 3.0, strike + 1: 2.5}  # "the" before "strike", then "tomorrow"


def test_names_numbers_negations_quoted_and_unknown_words_are_never_edited():
    text = 'Yesterday Maria did not sign the "blue paper" in 2019 at the durbar.'
    by_word = {"maria": 5.0, "not": 5.0, "blue": 5.0, "2019": 5.0, "sign": 0.5, "durbar": 5.0}
    assert stand_out(text, costs(text, **by_word), min_surprise=2.0) == {}


def test_substitutes_that_share_a_stem_or_are_near_in_the_embeddings_are_kept_unrelated_ones_dropped():
    text = "Her answer was very surprised for everyone."
    at = index(text, "surprised")
    options = [(" surprising", -1.0), (" good", -1.5), (" shocking", -2.0), ("ly", -2.5), (" 42", -3.0)]
    found = edits_of(text, {at: 3.0}, [options], similar={("surprised", "shocking")})
    assert ("surprised", "surprising", "model-substitute") in found  # same stem
    assert ("surprised", "shocking", "model-substitute") in found  # near neighbour
    assert not any(r in ("good", "ly", "42") for _, r, _ in found)  # unrelated, a word piece, a number


def test_a_function_word_is_swapped_for_a_function_word_never_for_a_content_word():
    text = "She is married with a doctor from Lyon."
    at = index(text, "with")
    found = edits_of(text, {at: 2.5}, [[(" to", -0.5), (" happily", -1.0)]])
    assert ("with", "to", "model-substitute") in found
    assert not any(r == "happily" for _, r, _ in found)


def test_an_expected_function_word_is_inserted_and_a_surprising_one_deleted():
    text = "The village lacks of clean water since the flood."
    at = index(text, "of")
    found = edits_of(text, {at: 3.0}, [[(" in", -1.0)]])
    assert ("of clean", "clean", "model-delete") in found
    assert ("of", "in", "model-substitute") in found
    text = "They are waiting the results of the vote."
    at = index(text, "the")
    found = edits_of(text, {at: 2.2}, [[(" for", -0.4)]])
    assert ("the", "for the", "model-insert") in found


def test_case_is_matched_and_similarity_below_the_cut_drops_the_substitute():
    text = "The report says: Grave problems remain in the provinces."
    at = index(text, "grave")
    found = edits_of(text, {at: 2.4}, [[(" serious", -0.3)]], similar={("grave", "serious")})
    assert ("Grave", "Serious", "model-substitute") in found
    assert edits_of(text, {at: 2.4}, [[(" serious", -0.3)]]) == []
    assert 0.0 < MIN_SIMILARITY < 1.0


def test_the_first_words_of_a_sentence_are_not_edited():
    text = "Bankers fear a slow recovery this year."  # too little context before "Bankers" and "fear"
    assert stand_out(text, costs(text, bankers=6.0, fear=5.0), min_surprise=2.0) == {}


def test_no_article_is_inserted_before_an_article_nor_a_relative_pronoun_swapped_for_a_preposition():
    text = "The ship what sank near the island carried tourists."
    at = index(text, "what")
    found = edits_of(text, {at: 3.0}, [[(" with", -0.5), (" that", -1.0), (" a", -1.5)]])
    assert ("what", "that", "model-substitute") in found
    assert not any(r in ("with", "a what", "with what") for _, r, _ in found)
    at = index(text, "island") - 1
    found = edits_of(text, {at: 3.0}, [[(" a", -0.5), (" on", -1.0)]])
    assert ("the", "on the", "model-insert") in found and not any(r == "a the" for _, r, _ in found)
