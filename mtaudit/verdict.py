"""Document verdict: how likely a file is machine-translated, spun or back-translated.

Low fluency alone means "badly written", not "machine-translated", so the verdict weighs
several kinds of evidence: how dense and how confident the specific findings are (idioms,
tortured phrases, literal constructions, mechanical artefacts) and the fluency profile.
A logistic regression over those features, fitted by ``python models/fit_verdict.py``, is
stored in ``models/verdict.json``: one weight set for runs with the model and one for
``--no-model`` runs (where the fluency features are absent).
"""
from __future__ import annotations

import functools
import json
import math
from typing import Dict, List, Optional

from mtaudit.resources import model_file
from mtaudit.types import FileReport

# Rules whose findings are evidence of machine processing (MTA201 is the fluency profile
# itself and MTA005 a language mismatch, which are counted otherwise or not at all).
MECHANICAL = ("MTA001", "MTA002", "MTA003", "MTA004")
PHRASING = ("MTA101", "MTA102", "MTA301")
LOW_FLUENCY = 50.0
FEATURES = ("mechanical", "phrasing", "low_fluency_share", "fluency_deficit")


def features(report: FileReport) -> Dict[str, float]:
    """The verdict's inputs for one audited file (all in [0, 1])."""
    sentences = max(1, len(report.sentences))

    def density(rules) -> float:
        weight = sum(f.confidence for f in report.findings if f.rule in rules)
        return min(1.0, 5.0 * weight / sentences)  # one confident finding per 5 sentences saturates

    scored = [s.fluency for s in report.sentences if s.fluency is not None]
    low_share = sum(f < LOW_FLUENCY for f in scored) / len(scored) if scored else 0.0
    deficit = min(1.0, max(0.0, (80.0 - report.fluency) / 40.0)) if report.fluency is not None else 0.0
    return {"mechanical": density(MECHANICAL), "phrasing": density(PHRASING),
            "low_fluency_share": low_share, "fluency_deficit": deficit}


@functools.lru_cache(maxsize=1)
def _weights() -> Dict[str, Dict[str, float]]:
    return json.loads(model_file("verdict.json").read_text(encoding="utf-8"))["models"]


def mt_likelihood(report: FileReport) -> Optional[float]:
    """Probability in [0, 1] that the file is machine-translated or spun; None for an empty file."""
    if not report.sentences:
        return None
    model = _weights()["model" if report.fluency is not None else "no_model"]
    x = features(report)
    z = model["bias"] + sum(model[name] * x[name] for name in FEATURES if name in model)
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def fit_logistic(rows: List[List[float]], labels: List[int], weights: List[float], l2: float = 0.1,
                 iterations: int = 50) -> List[float]:
    """Weighted, L2-regularised logistic regression by Newton's method: [bias, w1, w2, ...]."""
    import numpy as np

    X = np.hstack([np.ones((len(rows), 1)), np.asarray(rows, dtype=float)])
    y, s = np.asarray(labels, dtype=float), np.asarray(weights, dtype=float)
    beta = np.zeros(X.shape[1])
    penalty = l2 * np.eye(X.shape[1])
    penalty[0, 0] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-X @ beta))
        gradient = X.T @ (s * (p - y)) + penalty @ beta
        hessian = (X * (s * p * (1 - p))[:, None]).T @ X + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return [float(b) for b in beta]
