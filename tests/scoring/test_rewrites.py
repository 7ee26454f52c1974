"""Rewrites scored from the original's kept model states: the same log-probabilities as
scoring them whole, and the first-step gain that screens them (the real default model)."""
import pytest

from mtaudit.scoring import fluency, load_scorer
from mtaudit.scoring.fluency import FluencyScorer

pytestmark = pytest.mark.slow

TEXT = "The storm what hit the coast last week destroyed hundreds of homes near the harbour."
def at(phrase: str, replacement: str):
    start = TEXT.index(phrase)
    return (TEXT, start, start + len(phrase), replacement)


EDITS = [
    at("what", "that"),  # a swap in the middle
    at("last week", "that week"),  # a longer rewrite
    at("the coast", "coast"),  # a deletion
    at("The", "A"),  # the first token changes: scored after the start token, nothing kept
    at("harbour", "harbor"),  # the last word
]


def rewritten(edit):
    text, start, end, replacement = edit
    return text[:start] + replacement + text[end:]


@pytest.fixture()
def fresh():
    """A float32 scorer without disk cache, so that every score is computed here."""
    return load_scorer(dtype="fp32", disk_cache=False)


def test_rewrites_score_as_if_scored_whole(fresh):
    fresh.score([TEXT])
    calls = fresh.forward_calls
    tails = fresh.rewrite_logprobs(EDITS)
    assert fresh.forward_calls - calls == 1  # every tail in one pass
    other = load_scorer(dtype="fp32", disk_cache=False)
    whole = other.logprob([rewritten(e) for e in EDITS])
    assert tails == pytest.approx(whole, abs=1e-3)
    # the token spans of a rewrite scored from its tail point into the rewritten text, and
    # its tokens' ranks are those of the rewrite scored whole (within a near tie)
    for edit in EDITS:
        spans = fresh.score([rewritten(edit)])[0].token_spans
        ranks, want = fresh.score([rewritten(edit)])[0].ranks, other.score([rewritten(edit)])[0].ranks
        assert len(ranks) == len(want) and all(abs(a - b) <= max(1, b // 100) for a, b in zip(ranks, want))
        assert spans[-1][1] == len(rewritten(edit)) and [a for a, _, _ in spans] == sorted(a for a, _, _ in spans)


def test_rewrites_of_texts_scored_elsewhere_are_scored_too(fresh):
    # nothing kept for TEXT: the scorer runs it through the model first
    assert fresh.rewrite_logprobs(EDITS[:1]) == pytest.approx(fresh.logprob([rewritten(EDITS[0])]), abs=1e-6)
    fresh.forget()
    assert fresh.rewrite_logprobs(EDITS[:1]) == pytest.approx(
        load_scorer(dtype="fp32", disk_cache=False).logprob([rewritten(EDITS[0])]), abs=1e-3)


def test_scorer_scores_rewrites_whole_when_the_cache_api_fails(monkeypatch):
    def broken(self, rows):
        raise AttributeError("no such cache layout")

    monkeypatch.setattr(FluencyScorer, "_tail_surprisals", broken)
    scorer = load_scorer(dtype="fp32", disk_cache=False)
    scorer.score([TEXT])
    assert scorer.rewrite_logprobs(EDITS[:2]) == pytest.approx(
        load_scorer(dtype="fp32", disk_cache=False).logprob([rewritten(e) for e in EDITS[:2]]), abs=1e-3)


def test_first_step_gain_is_the_first_changed_tokens_log_probability_difference(fresh):
    original = fresh.score([TEXT])[0].token_spans
    gains = fresh.first_step_gains(EDITS)
    swap = fresh.score([rewritten(EDITS[0])])[0].token_spans
    # " what" -> " that" is token 2 of both: the gain is the difference of their surprisals
    assert gains[0] == pytest.approx(original[2][2] - swap[2][2], abs=1e-3)
    assert gains[0] > 2  # "The storm that" is much more probable than "The storm what"
    # a deletion compares the next word after "hit" with "the" + the word after it
    deletion = fresh.score([rewritten(EDITS[2])])[0].token_spans
    assert gains[2] == pytest.approx(original[4][2] + original[5][2] - deletion[4][2], abs=1e-3)
    assert gains[3] is not None  # the first token: from the start distribution
    assert fresh.first_step_gains([(TEXT, 3, 3, "")]) == [None]  # no change at all


def test_window_gain_spans_from_the_first_changed_token_to_the_window_end(fresh):
    original = fresh.logprob([TEXT])[0]
    calls = fresh.forward_calls
    by_pass = fresh.window_gains(EDITS[:4], after=100)
    assert fresh.forward_calls > calls  # the windows are scored
    whole = fresh.rewrite_logprobs(EDITS[:4])
    calls = fresh.forward_calls
    # a window past the end of the sentence is the whole difference; once the rewrites are
    # scored whole, their windows are read off those scores, with no pass
    assert by_pass == pytest.approx([w - original for w in whole], abs=1e-3)
    assert fresh.window_gains(EDITS[:4], after=100) == pytest.approx(by_pass, abs=1e-3)
    assert fresh.forward_calls == calls
    # no token after a one-token swap: the first step alone
    assert fresh.window_gains(EDITS[:1], after=0) == pytest.approx(fresh.first_step_gains(EDITS[:1]), abs=1e-3)


def test_a_wrapped_sentence_is_rewritten_from_its_tail_too(fresh):
    wrapped = TEXT.replace(" last week", "\nlast week")
    fresh.score([wrapped])
    calls = fresh.forward_calls
    start = wrapped.index("what")
    tail = fresh.rewrite_logprobs([(wrapped, start, start + 4, "that")])
    assert fresh.forward_calls - calls == 1  # one pass over the tail, none over the whole rewrite
    assert tail == pytest.approx(load_scorer(dtype="fp32", disk_cache=False).logprob([TEXT.replace("what", "that")]), abs=1e-3)


def test_continuations_are_the_models_likeliest_next_tokens_read_off_the_kept_states(fresh):
    spans = fresh.score([TEXT])[0].token_spans
    calls = fresh.forward_calls
    at_homes, at_start = fresh.continuations([(TEXT, TEXT.index("homes")), (TEXT, 0)], k=10)
    assert fresh.forward_calls == calls  # no forward pass
    logprobs = [lp for _, lp in at_homes]
    assert logprobs == sorted(logprobs, reverse=True) and all(lp < 0 for lp in logprobs)
    # "... destroyed hundreds of" -> " homes" is among the likeliest, at minus its surprisal
    surprisal = next(cost for start, end, cost in spans if start <= TEXT.index("homes") < end)
    assert dict(at_homes)[" homes"] == pytest.approx(-surprisal, abs=1e-3)
    # the first token's: from the start distribution, as the sentence's own first token is scored
    assert len(at_start) == 10 and dict(at_start).get("The", -spans[0][2]) == pytest.approx(-spans[0][2], abs=1e-3)


def test_preferred_words_are_the_vocabulary_words_likelier_than_the_written_one(fresh):
    spans = fresh.score([TEXT])[0].token_spans
    calls = fresh.forward_calls
    at_what = (TEXT, TEXT.index("what"))
    vocabulary = ("that", "which", "banana", "what", "thatcherism")
    (preferred,) = fresh.preferred_words([at_what], vocabulary, k=5)
    assert fresh.forward_calls == calls  # read off the kept states
    # "The storm what": " that" and " which" are likelier than " what", by their log-probabilities' difference
    (continuations,) = fresh.continuations([at_what], k=5000)
    written = next(cost for start, end, cost in spans if start <= TEXT.index("what") < end)
    assert [w for w, _ in preferred] == sorted({"that", "which"}, key=lambda w: -dict(continuations)[" " + w])
    for word, gain in preferred:
        assert gain == pytest.approx(dict(continuations)[" " + word] + written, abs=1e-3)
    # the written word itself and unlikely words are not preferred; nor a word its first token
    # spells less than half of; nor anything at the first token, or one that starts inside a word
    assert fresh.preferred_words([at_what], ("what", "banana", "thatcherism"), k=5) == [[]]
    assert fresh.preferred_words([(TEXT, 0), (TEXT, TEXT.index("what") + 1)], vocabulary, k=5) == [[], []]
    assert len(fresh.preferred_words([at_what], vocabulary, k=1)[0]) == 1


def test_word_similarity_is_high_for_variants_and_synonyms_low_for_unrelated_words(fresh):
    inflection, synonym, unrelated = fresh.word_similarity([("decision", "decisions"), ("big", "large"), ("big", "banana")])
    assert inflection > unrelated and synonym > unrelated
    assert fresh.word_similarity([("big", "big")]) == pytest.approx([1.0])


def test_word_similarity_is_the_same_when_its_kept_vectors_are_dropped_for_room(fresh, monkeypatch):
    pairs = [("decision", "decisions"), ("big", "large")]
    first = fresh.word_similarity(pairs)
    monkeypatch.setattr(fluency, "MAX_WORD_VECTORS", 1)  # full: the kept vectors go, then come back
    assert fresh.word_similarity(pairs + [("big", "banana")])[:2] == pytest.approx(first)


def test_nearest_words_are_the_most_alike_of_the_vocabulary_best_first(fresh):
    vocabulary = ("banana", "large", "table", "huge")
    (near,) = fresh.nearest_words(["big"], vocabulary, 2, 0.0)
    similarity = dict(zip(vocabulary, fresh.word_similarity([(v, "big") for v in vocabulary])))
    best = sorted(vocabulary, key=lambda v: -similarity[v])[:2]
    assert [w for w, _ in near] == best and "banana" not in best
    assert [s for _, s in near] == pytest.approx([similarity[w] for w in best], abs=1e-5)
    assert fresh.nearest_words(["big"], vocabulary, 2, 1.01) == [[]]
    assert fresh.nearest_words(["big"], ("banana",), 2, -1.0)[0][0][0] == "banana"  # a new vocabulary


def test_one_tokens_logit_is_the_output_layers_logit_for_it_with_or_without_a_bias():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    states, tokens = torch.randn(3, 8), torch.tensor([4, 0, 9])
    for bias in (False, True):
        head = torch.nn.Linear(8, 10, bias=bias)
        with torch.inference_mode():
            expected = head(states)[torch.arange(3), tokens]
            assert fluency._logits_of(torch, head, states, tokens).tolist() == pytest.approx(expected.tolist(), abs=1e-5)
