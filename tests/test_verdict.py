"""The document verdict: features, the fitted weights, and the logistic fit itself."""
import math
from pathlib import Path

import pytest

from mtaudit.config import Config
from mtaudit import Auditor
from mtaudit.verdict import FEATURES, features, fit_logistic

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def audit(path: Path, scorer=None):
    return Auditor(Config(no_model=scorer is None), scorer).audit_text(path.read_text(encoding="utf-8"), path.name, "markdown")


def test_features_reflect_findings_and_stay_in_range():
    spun, clean = audit(EXAMPLES / "spun_news.md"), audit(EXAMPLES / "clean_news.md")
    spun_x, clean_x = features(spun), features(clean)
    assert set(spun_x) == set(FEATURES)
    assert all(0.0 <= v <= 1.0 for v in (*spun_x.values(), *clean_x.values()))
    assert spun_x["mechanical"] > clean_x["mechanical"] == 0.0
    assert clean_x["fluency_deficit"] == 0.0  # no model, no fluency evidence


def test_rule_based_verdict_separates_the_examples():
    spun, clean = audit(EXAMPLES / "spun_news.md"), audit(EXAMPLES / "clean_news.md")
    assert spun.mt_likelihood > 0.5 > clean.mt_likelihood


def test_empty_document_has_no_verdict():
    assert Auditor(Config(no_model=True)).audit_text("").mt_likelihood is None


def test_fit_logistic_recovers_a_separating_direction():
    rows = [[x / 10] for x in range(11)]
    labels = [int(x > 5) for x in range(11)]
    bias, weight = fit_logistic(rows, labels, [1.0] * len(rows), l2=0.01)
    assert weight > 0
    assert 1 / (1 + math.exp(-(bias + weight * 0.9))) > 0.5 > 1 / (1 + math.exp(-(bias + weight * 0.1)))


@pytest.mark.slow
def test_model_verdict_separates_the_examples():
    from tests.scoring.helpers import shared_scorer

    scorer = shared_scorer()
    spun, clean = audit(EXAMPLES / "spun_news.md", scorer), audit(EXAMPLES / "clean_news.md", scorer)
    assert spun.mt_likelihood > 0.5 > clean.mt_likelihood
