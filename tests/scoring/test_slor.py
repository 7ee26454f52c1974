import math

import pytest

from mtaudit.scoring.slor import (
    OOV_FREQUENCY,
    Calibration,
    SentenceScore,
    document_fluency,
    proper_names,
    slor,
    slor_without,
    uncalibrated_fluency,
    word_logprob,
    word_spans,
)

# median(n) = 3 - 10/n and p05(n) = 2 - 20/n: at 10 words median 2, p05 0.
CAL = Calibration(median_a=3.0, median_b=10.0, p05_a=2.0, p05_b=20.0)


def score(fluency: float) -> SentenceScore:
    return SentenceScore(fluency, 0.0, 0.0, 1, ())


def test_calibration_anchors_depend_on_length():
    assert CAL.fluency(0.0, 10) == pytest.approx(50.0)
    assert CAL.fluency(2.0, 10) == pytest.approx(80.0)
    # The same SLOR is worth more in a short sentence, where fluent text scores lower.
    assert CAL.fluency(0.0, 5) > CAL.fluency(0.0, 10) > CAL.fluency(0.0, 40)
    assert CAL.fluency(2.75, 40) == pytest.approx(80.0)  # median(40) = 3 - 10/40
    assert CAL.fluency(0.0, 0) == CAL.fluency(0.0, 1)


def test_calibration_is_monotone_and_bounded():
    values = [CAL.fluency(x / 4, 12) for x in range(-400, 400)]
    assert values == sorted(values)
    assert 0.0 <= values[0] < 1.0 and 99.0 < values[-1] <= 100.0
    assert CAL.fluency(1e9, 12) == pytest.approx(100.0) and CAL.fluency(-1e9, 12) == pytest.approx(0.0)


def test_uncalibrated_map_is_linear_and_clipped():
    assert uncalibrated_fluency(0.0) == 50.0
    assert uncalibrated_fluency(1.0) == 70.0
    assert uncalibrated_fluency(-10.0) == 0.0 and uncalibrated_fluency(10.0) == 100.0


def test_slor_arithmetic():
    assert slor(-30.0, -40.0, 5) == pytest.approx(2.0)
    assert slor(-50.0, -40.0, 5) == pytest.approx(-2.0)
    assert slor(0.0, 0.0, 0) == 0.0


def test_word_spans_cover_words_not_punctuation():
    text = "Don't stop, U.S. COVID-19 data!"
    assert [text[a:b] for a, b, _ in word_spans(text)] == ["Don't", "stop", "U.S", "COVID-19", "data"]


def test_unigram_logprob_is_frequency_based_with_oov_floor():
    assert word_logprob("the") > word_logprob("house") > word_logprob("ossuary")
    assert word_logprob("xqzvvbkwt") == pytest.approx(math.log(OOV_FREQUENCY))
    assert word_logprob("don’t") == word_logprob("don't")


def test_proper_names_are_rare_capitalised_words_past_the_first():
    text = "Vaikjärvsoo said the ossuary near Tõrvaküla is open, Paris agreed and xqzvvbkwt."
    words = [text[a:b] for a, b, _ in word_spans(text)]
    assert [words[i] for i in sorted(proper_names(text))] == ["Tõrvaküla"]  # not the first word, nor common or lower-case ones
    assert proper_names("The minister gave his demission.") == frozenset()


def test_slor_without_leaves_words_out_of_both_log_probabilities():
    text = "We met Vaikjärvsoo today"
    spans = tuple((text.index(w), text.index(w) + len(w), s) for w, s in (("We", 2.0), ("met", 3.0), ("Vaikjärvsoo", 20.0), ("today", 1.0)))
    unigram = [lp for _, _, lp in word_spans(text)]
    whole = SentenceScore(0.0, slor(-26.0, sum(unigram), 4), -26.0, 4, spans)
    assert slor_without(text, whole, frozenset()) == pytest.approx((whole.slor, 4))
    value, length = slor_without(text, whole, frozenset({2}))
    assert length == 3 and value == pytest.approx(slor(-6.0, sum(unigram) - unigram[2], 3))
    # Words past a truncated text's last token count in neither.
    assert slor_without(text, SentenceScore(0.0, 0.0, -5.0, 2, spans[:2]), frozenset())[1] == 2


def test_document_fluency_weights_length_and_low_tail():
    assert document_fluency([score(90), score(90)], [10, 10]) == pytest.approx(90)
    # Above 80 only length counts.
    assert document_fluency([score(90), score(80)], [30, 10]) == pytest.approx(87.5)
    # One weak sentence pulls the page further down than its share of characters.
    mixed = document_fluency([score(90), score(35)], [90, 10])
    assert mixed < 0.9 * 90 + 0.1 * 35
    assert 35 <= mixed <= 90


def test_document_fluency_empty_and_mismatched():
    assert document_fluency([], []) is None
    assert document_fluency([score(50)], [0]) is None
    with pytest.raises(ValueError):
        document_fluency([score(50)], [])
