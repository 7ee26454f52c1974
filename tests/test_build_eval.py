"""The held-out evaluation corpus (benchmarks/build_eval.py) is exact, split cleanly and
reproducible, and the benchmark's alignment and calibration helpers measure what they say."""
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _load(name):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


build_eval = _load("build_eval")
detection = _load("detection")


def test_carriers_cover_600_listed_idioms_with_varied_garbles():
    rows = build_eval.read_carriers()
    listed = {line.split("\t")[0] for line in (ROOT / "models/idioms.tsv").read_text(encoding="utf-8").splitlines()}
    idioms = [r["idiom"] for r in rows if r["garble"] != "mixed"]
    assert len(set(idioms)) == len(idioms) >= 600
    mixed = [r["idiom"] for r in rows if r["garble"] == "mixed"]  # a second row, in a carrier of its own
    assert len(set(mixed)) == len(mixed) >= 600 and set(mixed) <= set(idioms)
    assert len({r["correct"] for r in rows}) == len(rows)
    assert set(idioms) <= listed
    assert set(build_eval.FORCED_TEST) <= set(idioms)
    kinds = {r["garble"] for r in rows}
    assert kinds == set(build_eval.GARBLES)
    assert sum(bool(r["literal"]) for r in rows) >= 80


def test_idiom_items_are_exact_and_split_by_idiom_and_variant():
    items, test_idioms = build_eval.idiom_items(13)
    again, _ = build_eval.idiom_items(13)
    assert items == again
    build_eval.check(items)
    split_of = {}
    for r in items:
        assert split_of.setdefault(r["group"], r["split"]) == r["split"]
        if r["kind"] == "garbled":
            correct = {c["text"] for c in items if c["group"] == r["group"] and c["kind"] == "correct"}
            s, e = int(r["span_start"]), int(r["span_end"])
            # the fix put back in place gives a correct carrier of the idiom
            assert r["text"][:s] + r["fix"] + r["text"][e:] in correct
            assert r["text"] not in correct
    assert set(build_eval.FORCED_TEST) <= test_idioms
    assert 0.28 < len(test_idioms) / len(split_of) < 0.38
    for a in split_of:
        for b in split_of:
            if build_eval.variants(a, b):
                assert split_of[a] == split_of[b], (a, b)


def test_variants():
    assert build_eval.variants("on thin ice", "skate on thin ice")
    assert build_eval.variants("bark up the wrong tree", "barking up the wrong tree")
    assert not build_eval.variants("on ice", "break the ice")
    assert not build_eval.variants("the last straw", "the final straw")


def test_mlqe_tokens_map_to_exact_offsets_of_the_detokenized_text():
    tokens = 'He hadn \'t said it ( twice ) , " she said " : 5 % more .'.split()
    text, spans = build_eval.detok_offsets(tokens)
    assert text == "He hadn't said it (twice), \"she said\": 5% more."
    assert [text[s:e] for s, e in spans] == tokens


def test_article_fits_the_sound():
    assert [build_eval.article(x) for x in ("artificial intelligence", "neural network", "unsupervised model",
                                            "universal approximator", "hour glass", "svm classifier")] == \
        ["an", "a", "an", "a", "an", "an"]


def test_holdout_lexicon_drops_the_test_idioms_and_their_variants(tmp_path):
    n_idioms, n_terms = build_eval.write_holdout_lexicon(tmp_path / "m", {"on thin ice", "keep a low profile"},
                                                         {"artificial intelligence"})
    idioms = (tmp_path / "m/idioms.tsv").read_text(encoding="utf-8")
    assert "\non thin ice\t" not in idioms and "\nskate on thin ice\t" not in idioms
    assert "\nkeep a low profile\t" not in idioms and "\nbreak the ice\t" in idioms
    assert n_idioms == 3
    tortured = (tmp_path / "m/tortured_phrases.tsv").read_text(encoding="utf-8")
    assert "\tartificial intelligence\t" not in tortured and "\tfeature extraction\t" in tortured
    assert n_terms > 0 and (tmp_path / "m/calibration.json").is_file()


def test_post_edit_wording_is_the_aligned_post_edit():
    mt, pe = "The company is searching new partners in Asia.", "The company is looking for new partners in Asia."
    assert detection.post_edit_wording(mt, pe, 15, 24) == "looking for"
    mt, pe = "The hospital lacks of nurses.", "The hospital lacks nurses."
    assert detection.post_edit_wording(mt, pe, 13, 21) == "lacks"
    assert detection.post_edit_wording(mt, pe, 0, 3) == "The"


def test_ece():
    assert detection.ece([(0.9, True), (0.9, True), (0.1, False)]) == (pytest.approx(0.1), 3)
    assert detection.ece([(1.0, False)])[0] == 1.0


@pytest.mark.skipif(not (SHARED / "data/mlqe_pe").is_dir(), reason="needs ../shared")
def test_the_whole_corpus_builds_with_3000_items_and_no_sentence_in_both_splits(tmp_path):
    assert build_eval.main(["--shared", str(SHARED), "--out", str(tmp_path)]) == 0
    tune = build_eval.read_split(tmp_path / "tune.tsv")
    test = build_eval.read_split(tmp_path / "test.tsv")
    assert len(tune) + len(test) >= 3000
    assert not {r["text"] for r in tune} & {r["text"] for r in test}
    assert not {(r["source"], r["group"]) for r in tune} & {(r["source"], r["group"]) for r in test}
    for r in tune + test:
        for s, e in detection.spans_of(r["bad_spans"]):
            assert r["text"][s:e].strip() == r["text"][s:e] != ""
    assert {r["source"] for r in test} == {"idiom", "tortured", "mlqe", "hwu64", "jfleg"}


@pytest.mark.skipif(not (SHARED / "data/mlqe_pe").is_dir(), reason="needs ../shared")
def test_holdout_copy_is_written_afresh_from_the_current_models(tmp_path, monkeypatch):
    """A copy left by an earlier run (here: one without the fitted judge) is replaced, so the
    benchmark never measures an old lexicon or judge."""
    import argparse

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))  # as when the benchmark runs

    (tmp_path / "holdout_models").mkdir()
    (tmp_path / "holdout_models/idioms.tsv").write_text("stale\n", encoding="utf-8")
    args = argparse.Namespace(eval_dir=tmp_path, shared=SHARED, split="test", holdout_lexicon=True)
    assert detection.corpus_dir(args) == tmp_path
    copy = tmp_path / "holdout_models"
    assert (copy / "judge.json").read_bytes() == (ROOT / "models/judge.json").read_bytes()
    assert "\nbreak the ice\t" in (copy / "idioms.tsv").read_text(encoding="utf-8")
