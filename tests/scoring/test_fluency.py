"""The real default model: ranking, batching, caching, offsets, offline and user models."""
import pytest

from mtaudit.errors import ModelError
from mtaudit.scoring import load_scorer, registry
from tests.scoring.helpers import cache_with_model, cached_model_dir

pytestmark = pytest.mark.slow

# Hand-written (bad, good) pairs: each fault should lower the score.
PAIRS = [
    ("Ministers did not want to let this blow blow up before the elections.",
     "Ministers did not want to let this blow up before the elections."),
    ("She is very interested on medieval history.", "She is very interested in medieval history."),
    ("We discussed about the problem for a long time.", "We discussed the problem for a long time."),
    ("Friday the on budget approved committee the.", "The committee approved the budget on Friday."),
    ("The company have announced that it will closing three factories.",
     "The company has announced that it will close three factories."),
    ("He decided to take the bull by the corners and ask for a raise.",
     "He decided to take the bull by the horns and ask for a raise."),
]  # fmt: skip
TEXTS = [t for pair in PAIRS for t in pair] + ["Yes.", "A much longer sentence, with commas, numbers like 42 and a name, Ljubljana, in it."]


@pytest.mark.parametrize("bad,good", PAIRS, ids=[p[1][:30] for p in PAIRS])
def test_faulty_sentence_scores_below_its_correction(scorer, bad, good):
    b, g = scorer.score([bad, good])
    assert b.fluency < g.fluency and b.slor < g.slor


def test_scores_are_consistent(scorer):
    for text, s in zip(TEXTS, scorer.score(TEXTS)):
        assert 0.0 <= s.fluency <= 100.0
        assert s.n_tokens == len(s.token_spans) > 0
        assert s.logprob == pytest.approx(-sum(x for _, _, x in s.token_spans), abs=1e-4)
        assert all(x >= 0 for _, _, x in s.token_spans)
        starts = [a for a, _, _ in s.token_spans]
        assert starts == sorted(starts) and s.token_spans[-1][1] == len(text)
    assert scorer.logprob(TEXTS[:2]) == [s.logprob for s in scorer.score(TEXTS[:2])]


def test_token_spans_point_into_the_text(scorer):
    text = "Ministers did not want to let this blow blow up."
    pieces = [text[a:b] for a, b, _ in scorer.score([text])[0].token_spans]
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert all(p == p.strip() for p in pieces)


def close(a, b, scorer) -> bool:
    """Log-probs equal up to the noise of the dtype: bf16 results shift a little with batch shape."""
    n_tokens = [s.n_tokens for s in scorer.score(TEXTS)]
    per_token = 0.1 if scorer.dtype == "bf16" else 1e-4
    return all(abs(x - y) <= per_token * n for x, y, n in zip(a, b, n_tokens))


@pytest.fixture(scope="module")
def fp32():
    """A float32 scorer without disk cache: clearing its memory makes it run the model again."""
    return load_scorer(dtype="fp32", disk_cache=False)


def test_batched_scores_equal_one_by_one(fp32):
    fp32._memory.clear()
    batched = fp32.logprob(TEXTS)
    runs = fp32.forward_calls
    fp32._memory.clear()
    alone = [fp32.logprob([t])[0] for t in TEXTS]
    assert fp32.forward_calls - runs == len(TEXTS)
    assert close(batched, alone, fp32)


def test_second_call_is_answered_from_memory(scorer):
    scorer.score(TEXTS)
    runs = scorer.forward_calls
    again = scorer.score(list(reversed(TEXTS)) + TEXTS)
    assert scorer.forward_calls == runs
    assert again[-1] == scorer.score([TEXTS[-1]])[0]


def test_disk_cache_is_reused_by_a_new_scorer(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE", str(cache_with_model(tmp_path)))
    first = load_scorer()
    scores = first.score(TEXTS)
    assert first.forward_calls > 0
    second = load_scorer()
    assert second.score(TEXTS) == scores and all(s.ranks for s in scores)  # ranks come back too
    assert second.forward_calls == 0


def test_read_only_cache_location_still_scores(tmp_path, monkeypatch, scorer):
    root = cache_with_model(tmp_path)
    (root / "scores.sqlite3").mkdir()  # sqlite cannot open it: disk caching is skipped
    monkeypatch.setenv("MTAUDIT_CACHE", str(root))
    fresh = load_scorer()
    assert close(fresh.logprob(TEXTS), scorer.logprob(TEXTS), scorer)


def test_user_model_directory(scorer):
    user = load_scorer(str(cached_model_dir()))
    assert "calib:none" in user.signature and "calib:none" not in scorer.signature
    assert user.signature.split("|")[0] == f"model:{registry.default_model().name}"
    assert close(user.logprob(TEXTS), scorer.logprob(TEXTS), scorer)


def test_not_a_model_directory(tmp_path):
    with pytest.raises(ModelError, match="not a Hugging Face model directory"):
        load_scorer(str(tmp_path))
    with pytest.raises(ModelError, match="unknown model"):
        load_scorer(str(tmp_path / "missing"))


def test_signature_names_model_dtype_and_calibration(scorer):
    fields = dict(part.split(":", 1) for part in scorer.signature.split("|"))
    assert fields["model"] == registry.default_model().name
    assert len(fields["sha"]) == 8 and fields["dtype"] in ("bf16", "fp32") and fields["calib"] == "1"


def test_fp32_and_bf16_agree(scorer, fp32):
    a, b = scorer.score(TEXTS), fp32.score(TEXTS)
    assert [x.slor for x in a] == pytest.approx([x.slor for x in b], abs=0.1)


def test_ranks_count_the_tokens_the_model_preferred(fp32):
    """Each token's rank, read off the scoring pass, is the number of vocabulary entries whose
    logit beats it in a plain float32 run of the model (0 = the model's first choice)."""
    import torch

    fp32._memory.clear()
    texts = TEXTS[:3]
    scores = fp32.score(texts)
    for text, score in zip(texts, scores):
        ids = fp32._tokenizer(text, add_special_tokens=False)["input_ids"]
        with torch.inference_mode():
            logits = fp32._model(input_ids=torch.tensor([[fp32._bos] + ids[:-1]])).logits[0].float()
        expected = [int((row > row[t]).sum()) for row, t in zip(logits, ids)]
        assert len(score.ranks) == len(ids) == score.n_tokens
        # batching may move a logit by a rounding error: a near tie may swap places
        assert all(abs(got - want) <= max(1, want // 100) for got, want in zip(score.ranks, expected))
        assert min(score.ranks) == 0 and max(score.ranks) > 10  # real text mixes both

