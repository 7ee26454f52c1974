"""What the judge's fit learns from (models/fit_judge.py): which labelled rewrites are evidence,
and the isotonic map that turns the regression's ranking into a calibrated confidence."""
import importlib.util
import math
import os
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
TEXT = "The coach kept a cold head during the final."
SPAN = (TEXT.index("kept"), TEXT.index(" during"))
GARBLED = {"kind": "garbled", "source": "idiom", "span_start": str(SPAN[0]), "span_end": str(SPAN[1]),
           "fix": "kept a cool head", "text": TEXT}


def rewrite(old, replacement, family="idiom"):
    start = TEXT.index(old)
    return {"text": TEXT, "start": start, "end": start + len(old), "replacement": replacement, "features": kind(family), "rule": "MTA102"}


def labelled(by_text, *records):
    for record in records:
        record["label"], record["source"], record["kind"], item = fit_judge.label(by_text, record)
        record["fitted"] = fit_judge.fitted(record, item)
    return [(r["label"], r["fitted"]) for r in records]


def test_a_rewrite_over_a_garble_is_a_positive_but_is_fitted_only_when_it_is_the_fix():
    right, other_idiom = rewrite("kept a cold head", "kept a cool head"), rewrite("kept a cold head", "kept a straight face")
    elsewhere = rewrite("the final", "the match")
    assert labelled({TEXT: [GARBLED]}, right, other_idiom, elsewhere) == [(1, True), (1, False), (0, True)]


def test_a_model_edit_over_a_garble_is_fitted_when_it_is_a_step_towards_the_fix():
    towards, aside = rewrite("cold", "cool", family="critic-model-substitute"), rewrite("kept", "keeps", family="critic-model-substitute")
    assert labelled({TEXT: [GARBLED]}, towards, aside) == [(1, True), (1, False)]  # both count for recall


def test_over_a_post_edited_word_a_model_edit_towards_the_post_edit_is_fitted_an_idiom_is_not():
    mt = {"kind": "mt", "source": "mlqe", "bad_spans": f"{TEXT.index('cold')}-{TEXT.index(' head')}", "text": TEXT,
          "ref": "The coach kept a cool head during the final."}
    idiom = rewrite("kept a cold head", "kept a cool head")
    towards, aside = (rewrite("cold", w, family="critic-model-substitute") for w in ("cool", "warm"))
    listed = rewrite("cold", "warm", family="critic-article")  # a listed correction: the overlap is its evidence
    assert labelled({TEXT: [mt]}, idiom, towards, aside, listed) == [(1, False), (1, True), (1, False), (1, True)]


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


def test_the_screens_let_through_the_positives_that_cost_fewest_fluent_rewrites_within_the_budget():
    def record(fam, rule, label, item_kind):
        return {"features": kind(fam), "rule": rule, "label": label, "kind": item_kind}

    idiom, model = ("idiom-near", "MTA102"), ("critic-model-substitute", "MTA202")
    rows = [  # (record, cheap probability, confidence)
        (record(*idiom, 1, "garbled"), 0.9, 0.95), (record(*idiom, 1, "garbled"), 0.8, 0.95),
        (record(*idiom, 0, "pe"), 0.85, 0.1),
        (record(*model, 1, "garbled"), 0.7, 0.95), (record(*model, 1, "garbled"), 0.6, 0.95),
        *[(record(*model, 0, "pe"), 0.65, 0.1) for _ in range(5)],
        (record(*model, 1, "garbled"), 0.2, 0.5),  # under its rule's cut-off: never reported, never let through
    ]
    records, cheap, full = (list(x) for x in zip(*rows))
    cuts = {"MTA101": 0.5, "MTA102": 0.9, "MTA202": 0.9}
    tight = fit_judge.screens(records, cheap, full, cuts, per_sentence=0.5, fluent_sentences=4)  # 2 fluent rewrites
    assert (tight["idiom"], tight["model"]) == (0.8, 0.7)  # the model's second positive costs 5
    loose = fit_judge.screens(records, cheap, full, cuts, per_sentence=2.0, fluent_sentences=4)
    assert (loose["idiom"], loose["model"]) == (0.8, 0.6)
    none = fit_judge.screens(records, cheap, full, cuts, per_sentence=0.0, fluent_sentences=4)
    assert (none["idiom"], none["model"]) == (0.9, 0.7)  # positives that cost nothing still pass


def test_the_cut_offs_are_the_combination_that_catches_most_within_the_false_alarm_limits():
    items = [{"kind": "garbled", "text": f"garbled {i}"} for i in range(5)] + [{"kind": "twin", "text": f"twin {i}"} for i in range(40)]

    def found(rule, text, confidence, label=1, item_kind="garbled"):
        return {"rule": rule, "text": text, "label": label, "kind": item_kind}, confidence

    rows = [found("MTA101", "garbled 0", 0.8), found("MTA101", "garbled 1", 0.6), found("MTA101", "twin 0", 0.6, 0, "twin"),
            *[found("MTA202", f"garbled {i}", 0.6) for i in (2, 3, 4)], found("MTA202", "twin 1", 0.6, 0, "twin")]
    records, probs = (list(x) for x in zip(*rows))
    cuts = fit_judge.thresholds(items, records, probs, {"twin": 0.025})  # one twin of 40 may be flagged
    # MTA101 lowered to 0.6 would catch one more, for the one twin MTA202's three need
    assert cuts == {"MTA101": 0.8, "MTA102": 0.99, "MTA202": 0.6}


def test_the_cut_offs_that_ship_keep_the_limits_through_the_screens_that_ship():
    items = [{"kind": "garbled", "text": f"garbled {i}"} for i in range(3)] + [{"kind": "twin", "text": f"twin {i}"} for i in range(40)]

    def found(text, cheap, confidence, label=1, item_kind="garbled"):
        return {"features": kind("critic-model-substitute"), "rule": "MTA202", "text": text, "label": label, "kind": item_kind}, cheap, confidence

    rows = [found("garbled 0", 0.8, 0.95), found("garbled 1", 0.85, 0.75), found("garbled 2", 0.5, 0.75),
            found("twin 0", 0.6, 0.75, 0, "twin"), found("twin 1", 0.6, 0.75, 0, "twin")]
    records, cheap, full = (list(x) for x in zip(*rows))
    limits = {"twin": 0.025}  # one twin of 40 may be flagged
    cuts, screen = fit_judge.cut_offs_and_screens(items, records, cheap, full, limits, per_sentence=0.3, fluent_sentences=40,
                                                budget=float("inf"))
    # the first screen (0.8) hides both twins, which lets MTA202 fall to 0.75; the screen for that
    # cut-off lets the third garble (0.5) through, and both twins with it: the cut-off rises again
    twins = {r["text"] for r, c, p in rows if r["kind"] == "twin" and c >= screen["model"] and p >= cuts["MTA202"]}
    assert len(twins) <= 1
    assert screen["model"] == 0.5 and cuts["MTA202"] > 0.75


def test_the_fit_judges_what_the_judge_would_past_the_screen_the_best_of_each_sentence_up_to_the_budget():
    records = [{"features": kind("critic-model-substitute"), "text": text} for text in ("a", "a", "a", "b")]
    cheap = [0.9, 0.4, 0.7, 0.3]
    assert fit_judge.kept_for_judging(records, cheap, {"model": 0.5}, float("inf")) == [True, False, True, False]
    assert fit_judge.kept_for_judging(records, cheap, {"model": 0.2}, 1) == [True, False, False, True]
    assert fit_judge.kept_for_judging(records, cheap, {"model": 0.2}, 2) == [True, False, True, True]


def test_a_tortured_item_read_with_its_term_unlisted_is_an_item_of_its_own():
    text = "The clinic screens women for bosom peril every year."
    start = text.index("bosom")
    item = {"kind": "garbled", "source": "tortured", "group": "breast cancer", "text": text, "span_start": str(start),
            "span_end": str(start + len("bosom peril")), "fix": "breast cancer"}
    copies = fit_judge.unlisted_items([item, GARBLED])  # the idiom item is read once only
    assert [c["source"] for c in copies] == ["tortured unlisted"]
    record = {"text": copies[0]["text"], "start": start, "end": start + len("bosom peril"), "replacement": "breast cancer",
              "features": kind("spin-guess"), "rule": "MTA101"}
    assert fit_judge.label({text: [item], copies[0]["text"]: copies}, record)[:3] == (1, "tortured unlisted", "garbled")


def test_the_unlisted_reading_leaves_out_the_items_terms_and_puts_them_back_after(monkeypatch, tmp_path):
    from mtaudit.rules.mta101_tortured_phrase import spin_model, tortured_lexicon

    item = {"kind": "garbled", "source": "tortured", "group": "breast cancer", "text": "The clinic screens women for bosom peril."}
    seen = []

    def collect(items, out, rule_ids, lexicon=""):
        seen.append((len(items), tuple(rule_ids), lexicon, bool(tortured_lexicon().get("bosom peril")),
                     bool(tortured_lexicon().get("irregular woodland")), spin_model() is not outside))

    monkeypatch.delenv("MTAUDIT_MODELS_DIR", raising=False)
    outside = spin_model()
    monkeypatch.setattr(fit_judge, "collect", collect)
    fit_judge.collect_unlisted([item, GARBLED], tmp_path / "features.jsonl")
    assert seen == [(1, ("MTA101",), "unlisted", False, True, True)]  # the spins learnt again from that lexicon
    assert tortured_lexicon().get("bosom peril") and "MTAUDIT_MODELS_DIR" not in os.environ


def test_an_unlisted_reading_is_no_target_of_the_cut_offs():
    items = [{"kind": "garbled", "source": "tortured", "text": "garbled 0"},
             *[{"kind": "garbled", "source": "tortured unlisted", "text": f"unlisted {i}"} for i in range(3)],
             *[{"kind": "twin", "source": "tortured unlisted", "text": f"twin {i}"} for i in range(40)]]
    rows = [({"rule": "MTA101", "text": "garbled 0", "label": 1, "kind": "garbled"}, 0.9),
            *[({"rule": "MTA101", "text": f"unlisted {i}", "label": 1, "kind": "garbled"}, 0.5) for i in range(3)],
            ({"rule": "MTA101", "text": "twin 0", "label": 0, "kind": "twin"}, 0.3)]
    records, probs = (list(x) for x in zip(*rows))
    cuts = fit_judge.thresholds(items, records, probs, {"twin": 0.0})
    assert cuts["MTA101"] == 0.9  # as high as catches the listed reading: the guesses are what falls out
