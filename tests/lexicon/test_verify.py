"""Judging rewrites: the cheap screen, the budget, the features, and the bounded store of model states."""
import dataclasses
import json
from typing import List, Optional, Sequence, Tuple

from mtaudit.lexicon.evidence import UNFITTED, JudgeModel, Logistic
from mtaudit.lexicon.verify import Ask, Proposal, confidence_needed, drive, judge
from mtaudit.scoring.states import State, States
from tests.lexicon.fake_scorer import FakeScorer

TEXT = "The team made a great job of the counterfeit consciousness demo."


class ScreeningScorer(FakeScorer):
    """FakeScorer with a first-step gain: the length difference of the first differing words."""

    def __init__(self, gains: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.gains = gains
        self.asked: List[Tuple[str, int, int, str]] = []

    def first_step_gains(self, edits: Sequence[Tuple[str, int, int, str]]) -> List[Optional[float]]:
        self.asked.extend(edits)
        return [self.gains.get(r) for _, _, _, r in edits]


def proposal(replacements, **features) -> Proposal:
    start = TEXT.index("counterfeit consciousness")
    return Proposal(TEXT, start, start + len("counterfeit consciousness"), replacements, features=features)


# A judge whose cheap probability follows the first-step gain and whose confidence follows the
# whole-sentence gain: enough to see what is screened, budgeted and ranked.
SCREENING = JudgeModel({"lexicon": Logistic(0.0, {"first_step": 1.0})}, {"lexicon": Logistic(0.0, {"delta": 1.0})}, screen={"*": 0.5})


def test_rewrites_the_cheap_probability_puts_below_the_screen_are_not_scored():
    scorer = ScreeningScorer({"artificial intelligence": 1.0, "fake awareness": -5.0},
                             preferred=["artificial intelligence"])
    (verdict,) = judge(scorer, [proposal(["fake awareness", "artificial intelligence", "bogus mind"])], SCREENING)
    # "bogus mind" has no gain (None, read as 0): probability 0.5, at the screen, so judged
    assert [j.replacement for j in verdict.judged] == ["artificial intelligence", "bogus mind"]
    assert not any("fake awareness" in t for t in scorer.texts)
    assert verdict.best.replacement == "artificial intelligence" and verdict.best.confidence > 0.99
    assert verdict.suggestions() == ["artificial intelligence", "bogus mind"]


def test_a_proposal_whose_replacements_all_fail_the_screen_has_no_best_and_costs_nothing():
    scorer = ScreeningScorer({"fake awareness": -5.0})
    (verdict,) = judge(scorer, [proposal(["fake awareness"])], SCREENING)
    assert verdict.best is None and verdict.suggestions() == [] and scorer.calls == 0


def test_a_proposal_not_screened_is_judged_whatever_its_cheap_probability():
    scorer = ScreeningScorer({"fake awareness": -5.0})
    unscreened = dataclasses.replace(proposal(["fake awareness"]), screened=False)
    (verdict,) = judge(scorer, [unscreened], SCREENING)
    assert [j.replacement for j in verdict.judged] == ["fake awareness"] and scorer.calls > 0


def test_a_cut_off_below_the_fitted_one_turns_the_screen_off(tmp_path, monkeypatch):
    path = tmp_path / "judge.json"
    path.write_text(json.dumps({"cheap": {}, "full": {}, "min_confidence": {"MTA202": 0.9}}), encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_JUDGE", str(path))
    assert confidence_needed("MTA202", {}) == (0.9, True)
    assert confidence_needed("MTA202", {"min-confidence": "0.95"}) == (0.95, True)
    assert confidence_needed("MTA202", {"min-confidence": "0.5"}) == (0.5, False)


def test_the_budget_judges_the_best_ranked_rewrites_of_a_sentence_only():
    scorer = ScreeningScorer({"artificial intelligence": 3.0, "fake awareness": 2.0, "bogus mind": 1.0})
    budgeted = dataclasses.replace(SCREENING, budget_per_sentence=2)
    (verdict,) = judge(scorer, [proposal(["bogus mind", "fake awareness", "artificial intelligence"])], budgeted)
    assert sorted(j.replacement for j in verdict.judged) == ["artificial intelligence", "fake awareness"]


def test_the_budget_is_counted_per_sentence_so_a_batch_companion_takes_none_of_it():
    scorer = ScreeningScorer({"artificial intelligence": 1.0, "machine learning": 3.0, "deep learning": 2.0})
    budgeted = dataclasses.replace(SCREENING, budget_per_sentence=1)
    other = "Counterfeit consciousness and profound learning were the themes of the talk."
    companion = Proposal(other, 0, len("Counterfeit consciousness and profound learning"),
                         ["machine learning", "deep learning"])
    (alone,) = judge(scorer, [proposal(["artificial intelligence"])], budgeted)
    beside, in_batch = judge(scorer, [companion, proposal(["artificial intelligence"])], budgeted)
    assert [j.replacement for j in in_batch.judged] == [j.replacement for j in alone.judged] == ["artificial intelligence"]
    assert [j.replacement for j in beside.judged] == ["machine learning"]  # its own best one only


def test_the_unfitted_judge_judges_everything_with_every_feature():
    scorer = ScreeningScorer({"fake awareness": -5.0})
    (verdict,) = judge(scorer, [proposal(["fake awareness"], **{"kind=tortured": 1.0})], UNFITTED)
    (judged,) = verdict.judged
    assert judged.confidence == 0.5 and judged.features["first_step"] == -5.0
    assert judged.features["kind=tortured"] == 1.0 and judged.features["kind=tortured*window"] == judged.features["window"]
    assert judged.features["delta"] == judged.delta == judged.features["window"]  # no window pass: the whole gain
    assert judged.features["chrf"] > 0.5 and judged.features["tokens"] > 0


class Rows:
    """A stand-in for a tensor of hidden states: only its length matters to States."""

    def __init__(self, n: int) -> None:
        self.shape = (n, 576)


def state(n: int) -> State:
    return State(Rows(n), None, None, 0)


def test_states_keep_at_most_max_tokens_dropping_the_oldest_first():
    states = States(max_tokens=10)
    states.put("a", state(4))
    states.put("b", state(4))
    assert "a" in states and "b" in states
    states.put("c", state(4))  # 12 tokens: "a" goes
    assert "a" not in states and states.get("b") is not None and "c" in states
    states.put("b", state(2))  # replacing an entry counts its new length only
    states.put("d", state(4))
    assert "b" in states and "c" in states and "d" in states
    states.put("huge", state(11))  # longer than the bound: not kept, nothing dropped
    assert "huge" not in states and "d" in states
    states.clear()
    assert "d" not in states


class WindowScorer(FakeScorer):
    """FakeScorer with a window gain of its choosing per replacement."""

    def __init__(self, gains: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.gains = gains

    def window_gains(self, edits, after):
        return [self.gains.get(r) for _, _, _, r in edits]


def test_the_window_gain_is_a_feature_of_its_own():
    scorer = WindowScorer({"fake awareness": -10.0, "artificial intelligence": 3.0}, preferred=["artificial intelligence"])
    window_judge = JudgeModel({}, {"lexicon": Logistic(0.0, {"window": 1.0})})
    (verdict,) = judge(scorer, [proposal(["fake awareness", "artificial intelligence"])], window_judge)
    by_name = {j.replacement: j for j in verdict.judged}
    assert by_name["fake awareness"].features["window"] == -10.0 and by_name["fake awareness"].confidence < 0.001
    assert by_name["artificial intelligence"].features["window"] == 3.0 and verdict.best.replacement == "artificial intelligence"


def asking(name: str, replacements):
    """A rule's judging generator: a finding first, then one ask, then what it was told."""
    yield f"{name}: before"
    verdicts = yield Ask([proposal(r) for r in replacements])
    for verdict in verdicts:
        yield f"{name}: {verdict.best.replacement if verdict.best else None}"


def test_drive_judges_the_asks_of_every_generator_in_one_call_and_answers_each_its_own():
    calls = []

    def judge_proposals(proposals):
        calls.append([p.replacements[0] for p in proposals])
        return judge(FakeScorer(preferred=["artificial intelligence"]), proposals)

    def quiet():
        yield "quiet: never asks"

    results = drive([asking("a", [["artificial intelligence"]]), quiet(),
                     asking("b", [["fake awareness"], ["bogus mind"]])], judge_proposals)
    assert calls == [["artificial intelligence", "fake awareness", "bogus mind"]]
    assert results == [
        ["a: before", "a: artificial intelligence"],
        ["quiet: never asks"],
        ["b: before", "b: fake awareness", "b: bogus mind"],
    ]


def test_a_rewrite_with_a_fragment_in_another_language_at_or_after_it_is_not_judged():
    # the gains of a rewrite count the words after it: foreign words there are no evidence
    after_it = "The team made a great job of the demo, ein einziges Chaos für die ganze Region."
    before_it = "Ein einziges Chaos für die ganze Region, said the team that made a great job of the demo."

    def at(text: str) -> Proposal:
        start = text.index("made a great job")
        return Proposal(text, start, start + len("made a great job"), ["did a great job"])

    scorer = ScreeningScorer({"did a great job": 3.0})
    followed, preceded = judge(scorer, [at(after_it), at(before_it)], SCREENING)
    assert followed.judged == [] and followed.best is None
    assert [j.replacement for j in preceded.judged] == ["did a great job"]
