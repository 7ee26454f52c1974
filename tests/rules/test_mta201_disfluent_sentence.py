import pytest

from mtaudit.rules.base import RuleContext
from mtaudit.rules.mta201_disfluent_sentence import DisfluentSentence, worst_span
from mtaudit.scoring.slor import SentenceScore
from mtaudit.types import Segment, Sentence
from tests.rules.helpers import run_rule


class FixedScorer:
    """Gives every sentence the same fluency, each token a surprisal from ``hot`` (else 1)."""

    def __init__(self, fluency: float, hot: dict[str, float] | None = None) -> None:
        self.fluency, self.hot, self.calls = fluency, hot or {}, 0

    def fluency_of(self, slor_value, n_words):
        return 50.0 + 10.0 * slor_value  # a stand-in calibration: SLOR 0 is the 5th percentile

    def score(self, texts):
        self.calls += 1
        return [SentenceScore(self.fluency, 0.0, 0.0, 0, self._tokens(t)) for t in texts]

    def _tokens(self, text):
        spans, pos = [], 0
        for word in text.split():
            start = text.index(word, pos)
            pos = start + len(word)
            spans.append((start, pos, self.hot.get(word.strip(".,"), 1.0)))
        return tuple(spans)


def context(scorer, **options):
    return RuleContext(scorer=scorer, options=options)


def test_flags_low_fluency_and_points_at_the_surprising_words():
    text = "The council will vote on the cat bag plan next week."
    scorer = FixedScorer(20.0, {"cat": 14.0, "bag": 12.0})
    [finding] = run_rule(DisfluentSentence, text, context(scorer))
    assert finding.text == "cat bag"
    assert finding.rule == "MTA201" and "fluency 20.0 < 50" in finding.message
    assert 0.5 < finding.confidence <= 1.0


def test_fluent_sentences_and_short_ones_are_not_flagged():
    assert run_rule(DisfluentSentence, "The council will vote on the plan next week.", context(FixedScorer(75.0))) == []
    assert run_rule(DisfluentSentence, "Vote cat bag.", context(FixedScorer(5.0))) == []


def test_min_fluency_option_and_missing_scorer():
    text = "The council will vote on the plan next week."
    assert run_rule(DisfluentSentence, text, context(FixedScorer(55.0), **{"min-fluency": 60})) != []
    assert run_rule(DisfluentSentence, text, context(FixedScorer(55.0))) == []
    assert run_rule(DisfluentSentence, text, context(FixedScorer(45.0))) != []
    assert run_rule(DisfluentSentence, text, RuleContext()) == []


def test_sentences_already_scored_fluent_are_not_rescored():
    scorer = FixedScorer(20.0)
    fluent = Sentence(Segment.from_source("The council will vote on the plan next week.", 0), fluency=80.0)
    assert list(DisfluentSentence(context(scorer)).detect([fluent])) == []
    assert scorer.calls == 0


def test_sentences_are_judged_without_their_names():
    # Only the invented names surprise the model: without them the sentence is fluent.
    text = "The council thanked Mrs Vaikjärvsoo and Mr Tõrvaküla for their work on the plan."
    scorer = FixedScorer(20.0, {"Vaikjärvsoo": 30.0, "Tõrvaküla": 30.0})
    assert run_rule(DisfluentSentence, text, context(scorer)) == []
    # A real slip beside a name is still reported, and the span leaves the name out.
    text = "The council thanked Mrs Vaikjärvsoo for their cat bag on the plan."
    scorer = FixedScorer(20.0, {"Vaikjärvsoo": 30.0, "cat": 40.0, "bag": 40.0})
    [finding] = run_rule(DisfluentSentence, text, context(scorer))
    assert finding.text == "cat bag"


def test_a_sentence_of_names_is_not_judged():
    text = "Mrs Vaikjärvsoo, Tõrvaküla, Kaarepere."
    assert run_rule(DisfluentSentence, text, context(FixedScorer(5.0, {"Vaikjärvsoo": 30.0}))) == []


def test_rare_words_are_forgiven_by_their_rarity():
    # Same surprisal on a rare name and on a common word: the common one is the odd choice.
    text = "Mr Vandersloot said the report was green and final."
    spans = tuple((i, i + len(w), 9.0 if w in ("Vandersloot", "green") else 1.0)
                  for i, w in ((text.index(w), w) for w in text.rstrip(".").split()))  # fmt: skip
    start, end = worst_span(text, SentenceScore(20.0, 0.0, 0.0, len(spans), spans))
    assert text[start:end] == "green"


@pytest.mark.slow
def test_real_model_flags_the_documented_example():
    from tests.scoring.helpers import shared_scorer

    bad, good = DisfluentSentence.example_pair()
    scorer = shared_scorer()
    [finding] = run_rule(DisfluentSentence, bad, context(scorer))
    assert finding.text in bad and 1 <= len(finding.text.split()) <= 4
    assert run_rule(DisfluentSentence, good, context(scorer)) == []


@pytest.mark.slow
def test_real_model_forgives_invented_names_but_not_a_scrambled_sentence():
    from tests.scoring.helpers import shared_scorer

    scorer = shared_scorer()
    named = "Last week Mrs Ahtiajärvinen met Mr Kuusikpõldmaa to discuss the new school."
    [score] = scorer.score([named])
    assert score.fluency < DisfluentSentence.DEFAULT_MIN_FLUENCY  # the names alone pull it down
    assert run_rule(DisfluentSentence, named, context(scorer)) == []
    scrambled = "Last week Mrs Ahtiajärvinen met Mr Kuusikpõldmaa school new the to discuss of."
    [finding] = run_rule(DisfluentSentence, scrambled, context(scorer))
    assert "Ahtiajärvinen" not in finding.text and "Kuusikpõldmaa" not in finding.text
