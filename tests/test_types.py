from hypothesis import given, strategies as st

from mtaudit.types import LineIndex, SegmentBuilder


def test_line_index_handles_crlf_cr_and_split_chunks():
    text = "ab\r\ncd\ref\ngh"
    whole = LineIndex.from_text(text)
    chunked = LineIndex()
    for i in range(0, len(text), 3):
        chunked.feed(text[i : i + 3], i)
    assert whole.line_starts == chunked.line_starts == [0, 4, 7, 10]
    assert whole.position(text.index("e")) == (3, 1)
    assert whole.position(text.index("h")) == (4, 2)


def test_replacement_pieces_map_to_the_whole_escape():
    builder = SegmentBuilder()
    builder.add("Tom ", 0)
    builder.add_replacement("&", 4, 5)  # "&amp;"
    builder.add(" Jerry", 9)
    segment = builder.build()
    assert segment.text == "Tom & Jerry"
    assert segment.source_span(4, 5) == segment.source_span(4, 5).__class__(4, 9)
    assert segment.source_span(0, 11).end == 15
    assert segment.slice(4, 11).source_span(0, 1).start == 4


@given(st.lists(st.tuples(st.text(min_size=1, max_size=5), st.integers(0, 3), st.booleans()), max_size=12))
def test_builder_pieces_round_trip(parts):
    """Every character of a built segment maps back to where it was added."""
    source_pos = 0
    builder = SegmentBuilder()
    expected = []
    for text, gap, replacement in parts:
        source_pos += gap
        if replacement:
            builder.add_replacement(text[:1], source_pos, 4)
            expected.append((source_pos, source_pos + 4))
            source_pos += 4
        else:
            builder.add(text, source_pos)
            expected.extend((source_pos + i, source_pos + i + 1) for i in range(len(text)))
            source_pos += len(text)
    segment = builder.build()
    got = [(s.start, s.end) for s in (segment.source_span(i, i + 1) for i in range(len(segment.text)))]
    assert got == expected
