from hypothesis import given, strategies as st

from mtaudit.sentences import sentence_bounds, split_sentences
from mtaudit.types import Segment


def sentences(text):
    return [text[a:b] for a, b in sentence_bounds(text)]


def test_splits_on_stops_before_capitals():
    assert sentences('Mr. Smith went to Washington. He said hi! "Really?" she asked.') == [
        "Mr. Smith went to Washington.", "He said hi!", '"Really?" she asked.']


def test_abbreviations_initials_and_numbers_do_not_split():
    assert sentences("J. R. R. Tolkien wrote it in the U.S. in 1937. It grew 3.5 per cent.") == [
        "J. R. R. Tolkien wrote it in the U.S. in 1937.", "It grew 3.5 per cent."]


def test_stop_before_lower_case_stays_inside_the_sentence():
    assert sentences("The ministry audited the largest. farming cooperative.") == [
        "The ministry audited the largest. farming cooperative."]


def test_blank_lines_end_sentences():
    assert sentences("Title without stop\r\n\r\nBody text here\nstill body") == [
        "Title without stop", "Body text here\nstill body"]


@given(st.text(alphabet="ab .!?\n\r\tÉé🙂\u0301", max_size=80))
def test_bounds_are_ordered_trimmed_and_map_to_source(text):
    bounds = sentence_bounds(text)
    assert all(a < b for a, b in bounds)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(bounds, bounds[1:]))
    segment = Segment.from_source(text, 7)
    for sentence, (a, b) in zip(split_sentences(segment), bounds):
        assert sentence.text == text[a:b] == sentence.text.strip()
        span = sentence.source_span(0, len(sentence.text))
        assert (span.start, span.end) == (a + 7, b + 7)
