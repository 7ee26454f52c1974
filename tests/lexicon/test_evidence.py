"""The calibrated judge's model: probabilities, the fitted file, calibration error."""
import json
import math

from mtaudit.lexicon.evidence import UNFITTED, Logistic, family, interactions, kind, load_judge, reliability
from mtaudit.resources import model_file


def test_a_logistic_model_standardises_its_features_and_reads_absent_ones_as_zero():
    model = Logistic(bias=-1.0, weights={"window": 2.0, "kind=idiom": 1.0}, mean={"window": 1.0}, scale={"window": 2.0})
    z = -1.0 + 2.0 * (5.0 - 1.0) / 2.0 + 1.0 * 1.0
    assert math.isclose(model.probability({"window": 5.0, "kind=idiom": 1.0}), 1 / (1 + math.exp(-z)))
    assert math.isclose(model.probability({}), 1 / (1 + math.exp(-(-1.0 + 2.0 * (0 - 1.0) / 2.0))))
    assert Logistic.from_dict(model.to_dict()) == model


def test_knots_map_the_regressions_probability_monotonically_and_flat_past_the_ends():
    raw = Logistic(bias=0.0, weights={"window": 1.0})
    model = Logistic(bias=0.0, weights={"window": 1.0}, knots=((0.2, 0.05), (0.5, 0.3), (0.9, 0.95)))
    p = lambda m, w: m.probability({"window": w})  # noqa: E731
    assert math.isclose(p(model, 0.0), 0.3)  # sigmoid(0) = 0.5 lies on a knot
    between = p(raw, 1.0)  # 0.73: between the last two knots, read linearly
    assert math.isclose(p(model, 1.0), 0.3 + (0.95 - 0.3) * (between - 0.5) / (0.9 - 0.5))
    assert p(model, -9.0) == 0.05 and p(model, 9.0) == 0.95
    assert all(p(model, a) < p(model, b) for a, b in [(-1.0, -0.5), (-0.5, 0.5), (0.5, 2.0)])
    assert Logistic.from_dict(model.to_dict()) == model


def test_kind_features_get_their_own_window_slope_and_gains_their_positive_part():
    features = interactions({**kind("critic-article", critic_prior=2.0), "window": 3.0, "delta": -4.0})
    assert features == {"kind=critic-article": 1.0, "critic_prior": 2.0, "window": 3.0, "delta": -4.0,
                        "kind=critic-article*window": 3.0, "window+": 3.0, "delta+": 0.0, "first_step+": 0.0}
    assert interactions(dict(features)) == features  # derived again from features read back: the same


def test_each_family_of_rewrites_has_its_own_regression():
    assert family(kind("idiom", idiom_cost=1.0)) == "idiom"
    assert family(kind("critic-article")) == "critic" and family(kind("critic-model-insert")) == "model"
    assert family(kind("tortured-high")) == family(kind("tortured")) == "lexicon"
    assert family(kind("spin-guess")) == family(kind("spin-term")) == "spin"  # guesses at unlisted terms
    assert family(kind("literal-high")) == "pattern"  # no regression: MTA301 decides by its margins


def test_expected_calibration_error():
    assert reliability([]) == 0.0
    assert reliability([(0.95, True)] * 19 + [(0.95, False)]) < 1e-9  # 95% right at 0.95: calibrated
    assert math.isclose(reliability([(0.9, False)] * 10), 0.9)  # sure and always wrong
    assert math.isclose(reliability([(0.25, True), (0.25, False), (0.75, True), (0.75, True)]), (2 * 0.25 + 2 * 0.25) / 4)


def test_the_shipped_judge_is_fitted_and_a_missing_file_means_unfitted(tmp_path, monkeypatch):
    data = json.loads(model_file("judge.json").read_text(encoding="utf-8"))
    monkeypatch.delenv("MTAUDIT_JUDGE")  # the tests' stand-in judge
    judge = load_judge()
    assert set(data["min_confidence"]) == {"MTA101", "MTA102", "MTA202"}
    assert 0.0 < judge.needed("MTA102") < 1.0 and set(judge.cheap) == set(judge.full) == {"critic", "idiom", "lexicon", "model", "spin"}
    # every family the judge decides is screened; MTA301's literal patterns (its margins) are not
    assert all(0.0 < judge.screen[f] <= 1.0 for f in ("critic", "idiom", "lexicon", "model", "spin")) and judge.screen["pattern"] == 0.0
    # more evidence, more confidence: the whole-sentence gain raises every family's confidence
    assert all(model.weights["delta"] > 0 for model in judge.full.values())
    assert load_judge(str(tmp_path / "absent.json")) is UNFITTED
