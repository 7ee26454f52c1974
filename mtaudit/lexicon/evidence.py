"""The calibrated judge: from the evidence about a rewrite to the probability that its span is
a real problem.

Every rewrite a rule proposes (a lexicon term, a canonical idiom, an English form of a literal
pattern, an edit of the LM critic) is described by the same features: how much more probable
the model finds the rewrite over the changed tokens and a couple after them (``window``) and
over the whole sentence (``delta``), the first changed token's gain (``first_step``), how
surprised the model was at the span (``surprise``), the change in unigram rarity
(``unigram``), the edit's size, and what the rule knows (``kind=...`` and how well a lexicon
entry matched).  Logistic regressions fitted on the tune split of the evaluation corpus
(``python models/fit_judge.py``), one pair per :func:`family` of rewrites (lexicon terms and
patterns, guesses at terms the lexicon does not list, idioms, the critic's listed edits, the edits the model proposes itself), turn them
into probabilities: a *cheap* one over the features known before any forward pass ranks and
screens the rewrites, the *full* one decides; an isotonic map fitted with it turns its ranking
into the calibrated probability that the span is a real problem.  The
weights are data, in ``models/judge.json``; a finding's confidence is the full model's
probability, and its expected calibration error on the test split is printed by
``python benchmarks/detection.py --split test``.
"""
from __future__ import annotations

import bisect
import collections
import functools
import json
import math
import os
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Sequence, Tuple

from mtaudit.resources import model_file

# Known before the model scores the rewrite (from the original's kept states and the rule).
CHEAP = ("first_step", "surprise", "unigram", "tokens", "chrf")
# Known after the window and tail passes.
COSTLY = ("window", "delta", "window_per_token")
GAINS = ("first_step", "window", "delta")  # log-probability gains of a rewrite, nats


@dataclass(frozen=True)
class Logistic:
    """``p = sigmoid(bias + sum(weight[f] * (x[f] - mean[f]) / scale[f]))``; absent features are 0.
    With ``knots`` (increasing ``(p, calibrated)`` pairs), ``p`` is then mapped through them,
    linearly between knots (flat past the ends): the regression ranks, the knots calibrate."""

    bias: float
    weights: Mapping[str, float]
    mean: Mapping[str, float] = field(default_factory=dict)
    scale: Mapping[str, float] = field(default_factory=dict)
    knots: Tuple[Tuple[float, float], ...] = ()

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias
        for name, w in self.weights.items():
            x = features.get(name, 0.0)
            z += w * (x - self.mean.get(name, 0.0)) / (self.scale.get(name, 1.0) or 1.0)
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return self._calibrated(p) if self.knots else p

    def _calibrated(self, p: float) -> float:
        i = bisect.bisect_right(self.knots, p, key=lambda knot: knot[0])
        if i == 0:
            return self.knots[0][1]
        if i == len(self.knots):
            return self.knots[-1][1]
        (x0, y0), (x1, y1) = self.knots[i - 1], self.knots[i]
        return y0 + (y1 - y0) * (p - x0) / (x1 - x0)

    def to_dict(self) -> dict:
        d = {"bias": self.bias, "weights": dict(self.weights), "mean": dict(self.mean), "scale": dict(self.scale)}
        if self.knots:
            d["knots"] = [list(k) for k in self.knots]
        return d

    @classmethod
    def from_dict(cls, d: Mapping) -> "Logistic":
        return cls(float(d["bias"]), dict(d["weights"]), dict(d.get("mean", {})), dict(d.get("scale", {})),
                   tuple((float(x), float(y)) for x, y in d.get("knots", ())))


def family(features: Mapping[str, float]) -> str:
    """Which regression judges a rewrite, from its rule's ``kind=...`` feature: the evidence
    means different things for a lexicon term, an idiom and a small edit."""
    for name in features:
        if name.startswith("kind="):
            kind_name = name[5:]
            if kind_name.startswith("idiom"):
                return "idiom"
            if kind_name.startswith("critic-model"):
                return "model"
            if kind_name.startswith("critic"):
                return "critic"
            if kind_name.startswith("literal"):
                return "pattern"
            if kind_name.startswith("spin"):  # a guess at a term no entry lists: learnt apart
                return "spin"
            return "lexicon"
    return "lexicon"


@dataclass(frozen=True)
class JudgeModel:
    """The regressions of each family and the cut-offs fitted with them."""

    cheap: Mapping[str, Logistic]  # empty: every rewrite is judged (used to collect training data)
    full: Mapping[str, Logistic]  # empty: the confidence is 0.5 (nothing fitted yet)
    # per family ("*" for the others): rewrites whose cheap probability is below it are not judged
    screen: Mapping[str, float] = field(default_factory=dict)
    # the confidence a finding needs, per rule id ("*" for the others)
    min_confidence: Mapping[str, float] = field(default_factory=dict)
    # at most this many rewrites judged per sentence, best cheap probability first
    budget_per_sentence: float = float("inf")

    def needed(self, rule_id: str) -> float:
        return float(self.min_confidence.get(rule_id, self.min_confidence.get("*", 0.5)))

    def cheap_probability(self, features: Mapping[str, float]) -> float:
        model = self.cheap.get(family(features))
        return model.probability(features) if model else 1.0

    def screened_out(self, features: Mapping[str, float], cheap: float) -> bool:
        return cheap < self.screen.get(family(features), self.screen.get("*", 0.0))

    def confidence(self, features: Mapping[str, float]) -> float:
        model = self.full.get(family(features))
        return model.probability(features) if model else 0.5


UNFITTED = JudgeModel({}, {})


def best_per_sentence(sentences: Sequence[str], cheap: Sequence[float], budget: float) -> List[bool]:
    """Which rewrites fit the budget: the ``budget`` of each sentence with the best cheap
    probability (ties in their given order).  Counted per sentence, not per batch, so that a
    sentence gets the same verdicts whatever else is in its batch (``check --diff`` audits only
    the changed lines and must find there what a full audit finds)."""
    taken: Dict[str, int] = collections.Counter()
    keep = [False] * len(cheap)
    for k in sorted(range(len(cheap)), key=lambda k: -cheap[k]):
        if taken[sentences[k]] < budget:
            taken[sentences[k]] += 1
            keep[k] = True
    return keep


def load_judge(path: str = "") -> JudgeModel:
    """The judge in ``path``, ``$MTAUDIT_JUDGE`` or ``models/judge.json``; the unfitted judge
    when there is none.  A judge is fitted for one language model: with another one
    (``--model DIR``), fit one for it (``models/fit_judge.py``) and point ``MTAUDIT_JUDGE`` at it."""
    return _load_judge(path or os.environ.get("MTAUDIT_JUDGE") or str(model_file("judge.json")))


@functools.lru_cache(maxsize=4)
def _load_judge(path: str) -> JudgeModel:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        return UNFITTED
    return JudgeModel(
        {name: Logistic.from_dict(d) for name, d in data["cheap"].items()},
        {name: Logistic.from_dict(d) for name, d in data["full"].items()},
        dict(data.get("screen", {})),
        dict(data.get("min_confidence", {})),
        float(data.get("budget_per_sentence", float("inf"))),
    )


def kind(name: str, **extra: float) -> Dict[str, float]:
    """A rule's features for a proposal: its kind as a one-hot feature, plus ``extra``."""
    return {f"kind={name}": 1.0, **extra}


def interactions(features: Dict[str, float]) -> Dict[str, float]:
    """Adds each ``kind=...`` feature times the window gain (kinds may need more or less
    evidence), and the positive part of each gain: a loss says the rewrite reads worse
    however large it is, while a gain grows as evidence, so one linear weight cannot serve
    both sides.  Idempotent: features read back from a file can be derived again."""
    window = features.get("window", 0.0)
    for name in [n for n in features if n.startswith("kind=") and "*" not in n]:
        features[f"{name}*window"] = features[name] * window
    for name in GAINS:
        features[f"{name}+"] = max(0.0, features.get(name, 0.0))
    return features


def reliability(pairs: Sequence[Tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error of ``(confidence, correct)`` pairs over equal-width bins."""
    if not pairs:
        return 0.0
    total = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        inside = [(p, y) for p, y in pairs if lo <= p < hi or (k == bins - 1 and p == 1.0)]
        if inside:
            conf = sum(p for p, _ in inside) / len(inside)
            acc = sum(1 for _, y in inside if y) / len(inside)
            total += len(inside) * abs(conf - acc)
    return total / len(pairs)
