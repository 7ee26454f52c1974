from mtaudit.rules.mta412_needs_review import NeedsReview

from .helpers import run_pairs


def test_fuzzy_and_review_states_are_info():
    (fuzzy,) = run_pairs(NeedsReview, "Open file", "Datei öffnen", flags=("fuzzy",))
    assert "fuzzy" in fuzzy.message and fuzzy.severity.value == "info"
    (state,) = run_pairs(NeedsReview, "Open file", "", flags=("needs-review-translation",))
    assert "needs-review-translation" in state.message and state.span.start == 100


def test_unflagged_units_pass():
    assert run_pairs(NeedsReview, "Open file", "Datei öffnen") == []
