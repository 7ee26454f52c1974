"""How rewrites' tails are cut into forward passes (no model needed)."""
from mtaudit.scoring.fluency import MAX_BATCH_TOKENS, MAX_PREFIX_TOKENS, batch_bounds


def covers(bounds, n):
    return [i for start, end in bounds for i in range(start, end)] == list(range(n))


def test_short_rows_share_one_pass():
    assert batch_bounds([3] * 10, [5] * 10) == [(0, 10)]


def test_a_long_row_gets_a_pass_of_its_own_rather_than_padding_the_short_ones():
    bounds = batch_bounds([2] * 20 + [200], [5] * 21)
    assert bounds == [(0, 20), (20, 21)]


def test_rows_of_different_lengths_share_a_pass_unless_padding_costs_more_than_a_pass():
    # one pass: 50 + 25 x 12 = 350 token-costs; two: (50 + 20 x 4) + (50 + 5 x 12) = 240
    assert batch_bounds([4] * 20 + [12] * 5, [0] * 25) == [(0, 20), (20, 25)]
    # one pass: 50 + 25 x 6 = 200; two: (50 + 80) + (50 + 30) = 210
    assert batch_bounds([4] * 20 + [6] * 5, [0] * 25) == [(0, 25)]


def test_a_pass_holds_at_most_max_batch_tokens_and_max_prefix_tokens():
    bounds = batch_bounds([100] * 12, [0] * 12)
    assert covers(bounds, 12) and all((end - start) * 100 <= MAX_BATCH_TOKENS for start, end in bounds)
    wide = MAX_PREFIX_TOKENS // 4
    bounds = batch_bounds([1] * 12, [wide] * 12)
    assert covers(bounds, 12) and all((end - start) * wide <= MAX_PREFIX_TOKENS for start, end in bounds)
    assert batch_bounds([MAX_BATCH_TOKENS + 1], [0]) == [(0, 1)]  # a single row always fits


def test_nothing_to_cut():
    assert batch_bounds([], []) == []
