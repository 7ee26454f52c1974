"""The document verdict: features, evidence, the fitted weights, and the logistic fit itself."""
import math
import re
from pathlib import Path

import pytest

from mtaudit import verdict
from mtaudit.config import Config
from mtaudit import Auditor
from mtaudit.types import FileReport, Finding, Segment, Sentence, Severity, Span
from mtaudit.scoring.slor import SentenceScore
from mtaudit.verdict import FEATURES, PREDICTABILITY, TEXT_FEATURES, derive, describe, features, fit_logistic, judge

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COUNT = re.compile(r"^\d+ (doubled words?|stray punctuation marks?|boilerplate lines?|untranslated fragments?|"
                   r"tortured phrases?|garbled idioms?|literal translations?)$")


def audit(path: Path, scorer=None):
    return Auditor(Config(no_model=scorer is None), scorer).audit_text(path.read_text(encoding="utf-8"), path.name, "markdown")


def report_of(sentences, findings=()):
    return FileReport("x.txt", "text", "en", sentences=[Sentence(Segment.from_source(s, 0)) for s in sentences],
                      findings=[Finding(rule, "x", Severity.WARNING, Span(0, 1), "x", "x", 1.0) for rule in findings])


FLAT = {"bias": 0.0, "vocabulary": 0.0, "inverse_length": 0.0}


@pytest.fixture()
def weights(monkeypatch):
    """A hand-made weight set: phrasing findings push up, a varied vocabulary pushes down."""
    fitted = {"baselines": {name: FLAT for name in PREDICTABILITY},
              "models": {"no_model": {"bias": -1.0, "weights": {"phrasing": 5.0, "ttr": -2.0},
                                      "mean": {"phrasing": 0.0, "ttr": 0.5}, "scale": {"phrasing": 1.0, "ttr": 0.1}}}}
    monkeypatch.setattr(verdict, "_fit", lambda: fitted)


def test_features_reflect_findings_and_text():
    spun, clean = audit(EXAMPLES / "spun_news.md"), audit(EXAMPLES / "clean_news.md")
    spun_x, clean_x = features(spun), features(clean)
    assert set(spun_x) == set(clean_x) == set(TEXT_FEATURES)  # no model, no model features
    assert spun_x["mechanical"] > clean_x["mechanical"] == 0.0
    assert spun_x["phrasing"] > clean_x["phrasing"] == 0.0
    assert all(0.0 < x["ttr"] <= 1.0 and 0.0 <= x["rare_words"] < 0.5 for x in (spun_x, clean_x))


def test_type_token_ratio_is_read_in_windows():
    repetitive = report_of(["The cat saw the cat and the cat saw the dog."] * 10)
    varied = report_of(["Apples grow slowly.", "Rivers carve stone.", "Clouds drift east.", "Lamps hum softly."])
    assert features(repetitive)["ttr"] == pytest.approx(0.1) and features(varied)["ttr"] == 1.0


def test_function_word_profile_counts_each_class_and_contracted_forms():
    x = features(report_of(["What's the time in the city.", "We don't know it."]))  # 10 words
    assert x["articles"] == pytest.approx(0.2) and x["prepositions"] == pytest.approx(0.1)
    assert x["pronouns"] == pytest.approx(0.2) and x["clitics"] == pytest.approx(0.2)
    assert x["auxiliaries"] == 0.0  # "what's" and "don't" are contracted forms, not auxiliaries
    assert features(report_of(["What is the time in the city.", "We do not know it."]))["clitics"] == 0.0


def test_predictability_is_set_against_what_the_vocabulary_predicts():
    baselines = {**{name: FLAT for name in PREDICTABILITY}, "slor": {"bias": 1.0, "vocabulary": 0.5, "inverse_length": -2.0}}
    x = {"slor": 1.0, "vocabulary": -8.0, "inverse_length": 0.1, "top1": 0.4, "ttr": 0.7}
    expected = 1.0 + 0.5 * -8.0 - 2.0 * 0.1  # -3.2: this SLOR is 4.2 above it
    out = derive(x, baselines)
    assert out["slor_excess"] == pytest.approx(1.0 - expected) and out["slor_excess_short"] == pytest.approx(0.42)
    assert out["top1_excess"] == pytest.approx(0.4) and out["top1_excess_short"] == pytest.approx(0.04)
    assert out["tail_excess"] == 0.0  # a measure the scorer did not give counts as expected
    assert (out["shortness"], out["ttr"]) == (0.1, 0.7)
    assert set(out) | {"low_fluency_share", "fluency_deficit"} == set(FEATURES) - set(TEXT_FEATURES) | {"ttr"}
    assert derive(x | {"slor": -4.0}, baselines)["slor_excess"] == pytest.approx(-0.8)
    assert derive({"ttr": 0.5}, baselines) == {"ttr": 0.5}  # no model: nothing to set


def test_predictability_evidence_says_on_which_side_the_measure_lies(monkeypatch):
    """First guesses above what is expected push up, unexpected words above it push down."""
    fitted = {"baselines": {name: FLAT for name in PREDICTABILITY},
              "models": {"model": {"bias": 0.0, "weights": {"top1_excess": 3.0, "tail_excess": -3.0},
                                   "mean": {"top1_excess": 0.5, "tail_excess": 0.5},
                                   "scale": {"top1_excess": 0.1, "tail_excess": 0.1}}}}
    monkeypatch.setattr(verdict, "_fit", lambda: fitted)
    sentences = [f"Line {w} of the page." for w in "one two three four five".split()]

    def judged(rank):
        report = report_of(sentences)
        report.fluency = 90.0
        scores = [SentenceScore(90.0, 1.0, -10.0, 5, (), (rank,) * 5) for _ in sentences]
        return judge(report, scores)

    p, evidence = judged(0)  # every token the first guess: top1 1.0, tail 0.0
    assert p > 0.9 and evidence == ["many words are the model's first guess", "few words the model did not expect"]
    p, evidence = judged(5000)  # every token beyond the top 1,000: top1 0.0, tail 1.0
    assert p < 0.1 and evidence == ["few words are the model's first guess", "many words the model did not expect"]


def test_evidence_names_the_findings_behind_a_high_likelihood(weights):
    report = report_of([f"Line {w} of the page." for w in "one two three four five".split()],
                       ["MTA101", "MTA102", "MTA101", "MTA001"])
    p, evidence = judge(report)
    assert p > 0.9
    # the strongest first: the phrasing findings (most first; MTA001 has no weight here), then the vocabulary
    assert evidence == ["2 tortured phrases", "1 garbled idiom", "repetitive vocabulary"]
    report.mt_likelihood, report.mt_evidence = p, evidence
    assert describe(report) == f"MT likelihood {p:.2f}: 2 tortured phrases, 1 garbled idiom, repetitive vocabulary"


def test_evidence_against_machine_translation_reads_as_such(weights):
    report = report_of(["Apples grow slowly.", "Rivers carve stone.", "Clouds drift east.", "Lamps hum softly.",
                        "Bakers rise early."])
    p, evidence = judge(report)
    assert p < 0.1 and evidence == ["varied vocabulary"]


def test_short_documents_get_no_likelihood_but_their_evidence(weights):
    report = report_of(["The page is the page.", "The page is the page."], ["MTA101"])
    p, evidence = judge(report)
    assert p is None and evidence == ["1 tortured phrase", "repetitive vocabulary"]
    report.mt_likelihood, report.mt_evidence = p, evidence
    assert describe(report) == "MT likelihood uncertain (2 sentences): 1 tortured phrase, repetitive vocabulary"
    assert describe(FileReport("x", "text")) is None  # empty or skipped: nothing to say


def test_rule_based_verdict_separates_the_examples_and_says_why():
    spun, clean = audit(EXAMPLES / "spun_news.md"), audit(EXAMPLES / "clean_news.md")
    assert spun.mt_likelihood > 0.5 > clean.mt_likelihood
    assert spun.mt_evidence and COUNT.match(spun.mt_evidence[0])


def test_empty_document_has_no_verdict():
    result = Auditor(Config(no_model=True)).audit_text("")
    assert result.mt_likelihood is None and result.mt_evidence == []


def test_fitted_weights_cover_the_features():
    fitted = verdict._fit()
    assert set(fitted["models"]["model"]["weights"]) == set(FEATURES)
    assert set(fitted["models"]["no_model"]["weights"]) == set(TEXT_FEATURES)


def test_fit_logistic_recovers_a_separating_direction():
    rows = [[x / 10] for x in range(11)]
    labels = [int(x > 5) for x in range(11)]
    bias, weight = fit_logistic(rows, labels, [1.0] * len(rows), l2=0.01)
    assert weight > 0
    assert 1 / (1 + math.exp(-(bias + weight * 0.9))) > 0.5 > 1 / (1 + math.exp(-(bias + weight * 0.1)))


@pytest.mark.slow
def test_model_verdict_separates_the_examples_from_the_scores_already_computed():
    from tests.scoring.helpers import shared_scorer

    scorer = shared_scorer()
    spun = audit(EXAMPLES / "spun_news.md", scorer)
    calls = scorer.forward_calls
    scores = scorer.score([s.text for s in spun.sentences])
    assert scorer.forward_calls == calls  # the verdict's inputs are the audit's own scores
    x = features(spun, scores)
    assert set(x) == set(FEATURES)
    raw = verdict.measure(spun, scores)
    assert 0.0 < raw["top1"] < raw["top10"] < raw["top100"] < 1.0 and 0.0 < raw["tail"] < 1.0 - raw["top100"]
    assert raw["burstiness"] > 0.0
    clean = audit(EXAMPLES / "clean_news.md", scorer)
    assert spun.mt_likelihood > 0.5 > clean.mt_likelihood
    assert spun.mt_evidence and clean.mt_evidence
