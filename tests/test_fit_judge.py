"""What the judge's fit learns from (models/fit_judge.py): which labelled rewrites are evidence,
and the isotonic map that turns the regression's ranking into a calibrated confidence."""
import importlib.util
import math
import sys
from pathlib import Path

from mtaudit.lexicon.evidence import Logistic, kind, reliability

ROOT = Path(__file__).resolve().parent.parent


def _load():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location("fit_judge", ROOT / "models" / "fit_judge.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


fit_judge = _load()
TEXT = "The minister kept a low silhouette after the vote."
GARBLED = {"kind": "garbled", "source": "idiom", "span_start": "13", "span_end": "34", "fix": "kept a low profile", "text": TEXT}


def rewrite(start, end, replacement, family="idiom"):
    return {"text": TEXT, "start": start, "end": end, "replacement": replacement, "features": kind(family), "rule": "MTA102"}


def test_a_rewrite_over_a_garble_is_a_positive_but_is_fitted_only_when_it_is_the_fix():
    by_text = {TEXT: [GARBLED]}
    right, other_idiom, elsewhere = rewrite(13, 34, "kept a low profile"), rewrite(13, 34, "kept a straight face"), rewrite(39, 48, "the vote")
    for record in (right, other_idiom, elsewhere):
        record["label"], record["source"], record["kind"], item = fit_judge.label(by_text, record)
        record["fitted"] = fit_judge.fitted(record, item)
    assert (right["label"], right["fitted"]) == (1, True)
    assert (other_idiom["label"], other_idiom["fitted"]) == (1, False)  # counts for recall, says nothing of the fix
    assert (elsewhere["label"], elsewhere["fitted"]) == (0, True)
    edit = rewrite(13, 17, "keeps", family="critic-article")  # a small edit: the overlap is its evidence
    edit["label"], _, _, item = fit_judge.label(by_text, edit)
    assert fit_judge.fitted(edit, item)


def test_an_idiom_over_a_post_edited_word_is_not_fitted_but_a_small_edit_is():
    mt = {"kind": "mt", "source": "mlqe", "bad_spans": "13-34", "text": TEXT}
    idiom, edit = rewrite(13, 34, "kept a low profile"), rewrite(13, 17, "keeps", family="critic-article")
    for record in (idiom, edit):
        record["label"], _, _, item = fit_judge.label({TEXT: [mt]}, record)
        record["fitted"] = fit_judge.fitted(record, item)
    assert idiom["label"] == edit["label"] == 1
    assert not idiom["fitted"] and edit["fitted"]


def test_the_isotonic_map_calibrates_a_badly_scaled_regression_without_reordering_it():
    # The regression's probability is sigmoid(x); the truth is sigmoid(3x): far surer than it.
    xs = [x / 10 for x in range(-30, 31)]
    records = [{"features": {"x": x}, "label": int(k < round(20 / (1 + math.exp(-3 * x))))} for x in xs for k in range(20)]
    raw = Logistic(0.0, {"x": 1.0})
    model = fit_judge.calibrated(raw, records)
    before = [(raw.probability(r["features"]), bool(r["label"])) for r in records]
    after = [(model.probability(r["features"]), bool(r["label"])) for r in records]
    assert reliability(after) < 0.03 < 0.1 < reliability(before)
    assert all(model.probability({"x": a}) <= model.probability({"x": b}) for a, b in zip(xs, xs[1:]))
