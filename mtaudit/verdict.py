"""Document verdict: how likely a file is machine-translated, spun or back-translated, and why.

Two sides of evidence.  Garbled, spun and word-for-word text is *less* probable than native
prose: specific findings (idioms, tortured phrases, literal constructions, mechanical
artefacts) and a fluency deficit.  Output of a strong MT system is *more* predictable than
human writing: its SLOR lies above what its vocabulary predicts, more of its tokens are the
model's first or top-10 guess (GLTR), its sentences are evenly surprising (human writing is
burstier), its vocabulary is plainer.  All of it comes from the scores the audit computed
anyway (token log-probabilities and ranks): the verdict costs no model pass.

A standardised logistic regression over those features, fitted by
``python models/fit_verdict.py`` on held-out pairs (HWU64 round trips, MLQE-PE MT against
post-edits, spun against clean text), is stored in ``models/verdict.json``: one weight set
for runs with the model and one for ``--no-model`` runs (text and findings features only).
"""
from __future__ import annotations

import functools
import json
import math
import statistics
from typing import Dict, List, Optional, Sequence, Tuple

from mtaudit.resources import model_file
from mtaudit.scoring.slor import WORD_RE, word_logprob
from mtaudit.types import FileReport

# Rules whose findings are evidence of machine processing (MTA201 is the fluency profile
# itself and MTA005 a language mismatch, which are counted otherwise or not at all).
MECHANICAL = ("MTA001", "MTA002", "MTA003", "MTA004")
PHRASING = ("MTA101", "MTA102", "MTA301")
# How a count of each rule's findings reads in the evidence: (one, many).
EVIDENCE_NAMES = {
    "MTA001": ("doubled word", "doubled words"),
    "MTA002": ("stray punctuation mark", "stray punctuation marks"),
    "MTA003": ("boilerplate line", "boilerplate lines"),
    "MTA004": ("untranslated fragment", "untranslated fragments"),
    "MTA101": ("tortured phrase", "tortured phrases"),
    "MTA102": ("garbled idiom", "garbled idioms"),
    "MTA301": ("literal translation", "literal translations"),
}
LOW_FLUENCY = 50.0
MIN_SENTENCES = 5  # under this the evidence is too thin for a likelihood
MAX_SENTENCES = 2000  # the profile is read from the first sentences of longer files
TTR_WINDOW = 50  # words: type-token ratio is averaged over windows of this size (length-free)
RARE_LOGPROB = math.log(1e-5)  # words rarer than 1 in 100,000 (wordfreq)
TEXT_FEATURES = ("mechanical", "phrasing", "ttr", "rare_words")
MODEL_FEATURES = ("low_fluency_share", "fluency_deficit", "over_predictable", "under_predictable",
                  "top1", "top10", "burstiness")
FEATURES = TEXT_FEATURES + MODEL_FEATURES
STRONG = 0.4  # a feature whose contribution to the log-odds reaches this is named as evidence
# How each feature reads as evidence, when it pushes the verdict up (MT) or down (human).
PHRASES = {
    "over_predictable": ("unusually predictable for its vocabulary", None),
    "under_predictable": ("less predictable than edited prose", "about as predictable as edited prose"),
    "fluency_deficit": ("less fluent than edited prose", None),
    "low_fluency_share": ("many sentences of low fluency", None),
    "top1": ("many words are the model's first guess", "few words are the model's first guess"),
    "top10": ("most words are among the model's top 10 guesses", "many words the model did not expect"),
    "burstiness": ("evenly predictable from sentence to sentence", "sentence surprisal varies as in human writing"),
    "ttr": ("repetitive vocabulary", "varied vocabulary"),
    "rare_words": ("few rare words", "many rare words"),
}


def features(report: FileReport, scores: Sequence = ()) -> Dict[str, float]:
    """The verdict's inputs for one audited file; ``scores`` are the SentenceScores of its
    sentences in reading order (empty without the model: the model features are then absent)."""
    return derive(measure(report, scores), _fit()["slor_baseline"])


def measure(report: FileReport, scores: Sequence = ()) -> Dict[str, float]:
    """What :func:`features` reads off a file before the SLOR baseline is applied: the
    document's SLOR, the mean unigram log-probability of its words ("vocabulary") and
    sentences per word ("inverse_length") stand in for the predictability features."""
    sentences = max(1, len(report.sentences))

    def density(rules) -> float:
        weight = sum(f.confidence for f in report.findings if f.rule in rules)
        return min(1.0, 5.0 * weight / sentences)  # one confident finding per 5 sentences saturates

    texts = [s.text for s in report.sentences[:MAX_SENTENCES]]
    words = [m.group().lower() for t in texts for m in WORD_RE.finditer(t)]
    x = {"mechanical": density(MECHANICAL), "phrasing": density(PHRASING), "ttr": _ttr(words),
         "rare_words": sum(word_logprob(w) < RARE_LOGPROB for w in words) / len(words) if words else 0.0}
    if report.fluency is not None and scores:
        x.update(_model_features(report, texts, scores[:MAX_SENTENCES]))
    return x


def _ttr(words: List[str]) -> float:
    """Mean type-token ratio over windows of TTR_WINDOW words (the whole text when shorter)."""
    if not words:
        return 1.0
    windows = [words[i : i + TTR_WINDOW] for i in range(0, max(1, len(words) - TTR_WINDOW + 1), TTR_WINDOW)]
    return statistics.fmean(len(set(w)) / len(w) for w in windows)


def _model_features(report: FileReport, texts: Sequence[str], scores: Sequence) -> Dict[str, float]:
    fluencies = [s.fluency for s in scores]
    # SLOR of the whole document (word-weighted) and what its vocabulary predicts: rare words
    # and short sentences lower SLOR in human prose too (see slor_baseline in verdict.json).
    lm = unigram = 0.0
    n_words = 0
    per_sentence = []  # mean surprisal per token of each sentence
    ranks: List[int] = []
    for text, score in zip(texts, scores):
        logprobs = [word_logprob(m.group()) for m in WORD_RE.finditer(text)]
        lm += score.logprob
        unigram += sum(logprobs)
        n_words += len(logprobs)
        if score.n_tokens:
            per_sentence.append(-score.logprob / score.n_tokens)
        ranks.extend(score.ranks)
    n = max(1, n_words)
    x = {
        "low_fluency_share": sum(f < LOW_FLUENCY for f in fluencies) / len(fluencies),
        "fluency_deficit": min(1.0, max(0.0, (80.0 - report.fluency) / 40.0)),
        "slor": (lm - unigram) / n, "vocabulary": unigram / n, "inverse_length": len(texts) / n,
        "burstiness": statistics.pstdev(per_sentence) if len(per_sentence) > 1 else 0.0,
    }
    if ranks:  # a scorer that does not report ranks leaves these at their training means
        x["top1"] = sum(r == 0 for r in ranks) / len(ranks)
        x["top10"] = sum(r < 10 for r in ranks) / len(ranks)
    return x


BASELINE_INPUTS = ("vocabulary", "inverse_length")


def derive(x: Dict[str, float], baseline: Dict[str, float]) -> Dict[str, float]:
    """``x`` with the document's SLOR set against what its vocabulary predicts: rare words and
    short sentences lower SLOR in human prose too.  ``baseline`` (fitted on human documents)
    gives that prediction; a SLOR above it is over-predictability, one below it a deficit."""
    if "slor" not in x:
        return dict(x)
    excess = x["slor"] - baseline["bias"] - sum(baseline[k] * x[k] for k in BASELINE_INPUTS)
    out = {k: v for k, v in x.items() if k not in ("slor",) + BASELINE_INPUTS}
    out.update(over_predictable=max(0.0, excess), under_predictable=max(0.0, -excess))
    return out


@functools.lru_cache(maxsize=1)
def _fit() -> dict:
    return json.loads(model_file("verdict.json").read_text(encoding="utf-8"))


def likelihood(x: Dict[str, float], setting: str) -> Tuple[float, Dict[str, float]]:
    """Probability that a document with features ``x`` is machine-made, and each feature's
    contribution to its log-odds, under the weight set ``setting`` ("model" or "no_model")."""
    model = _fit()["models"][setting]
    contributions = {name: w * (x[name] - model["mean"][name]) / model["scale"][name]
                     for name, w in model["weights"].items() if name in x}
    z = model["bias"] + sum(contributions.values())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z)))), contributions


def judge(report: FileReport, scores: Sequence = ()) -> Tuple[Optional[float], List[str]]:
    """``(likelihood, evidence)`` for one audited file: the probability in [0, 1] that it is
    machine-translated or spun (None for an empty file, and for one under MIN_SENTENCES
    sentences: too little to go on, reports call it uncertain), and the evidence that pushes
    it the way it goes, in words, strongest first ("2 tortured phrases", "unusually
    predictable for its vocabulary"; for a low likelihood "varied vocabulary"...)."""
    if not report.sentences:
        return None, []
    x = features(report, scores)
    p, contributions = likelihood(x, "model" if "fluency_deficit" in x else "no_model")
    evidence = _evidence(report, contributions, up=p >= 0.5)
    return (None if len(report.sentences) < MIN_SENTENCES else round(p, 3)), evidence


def describe(report: FileReport) -> Optional[str]:
    """The verdict as reports print it: "MT likelihood 0.82: 2 tortured phrases, ...", or
    "MT likelihood uncertain (3 sentences)" for a file too short to judge; None when there
    is no verdict (an empty or skipped file)."""
    if report.mt_likelihood is not None:
        head = f"MT likelihood {report.mt_likelihood:.2f}"
    elif 0 < len(report.sentences) < MIN_SENTENCES:
        n = len(report.sentences)
        head = f"MT likelihood uncertain ({n} sentence{'s' * (n != 1)})"
    else:
        return None
    return f"{head}: {', '.join(report.mt_evidence)}" if report.mt_evidence else head


def _evidence(report: FileReport, contributions: Dict[str, float], up: bool) -> List[str]:
    """The features that push the verdict the way it goes, in words, strongest first; the
    findings features are named by their counts."""
    sign = 1.0 if up else -1.0
    strong = sorted((c * sign, name) for name, c in contributions.items() if c * sign >= STRONG)
    out = []
    for _, name in reversed(strong):
        if name in ("mechanical", "phrasing"):
            counted = _counts(report, MECHANICAL if name == "mechanical" else PHRASING)
            out.extend(counted if up else [f"no {'mechanical artefacts' if name == 'mechanical' else 'garbled phrasing'}"])
        else:
            phrase = PHRASES[name][0 if up else 1]
            if phrase:
                out.append(phrase)
    if up and not any(n in ("mechanical", "phrasing") for _, n in strong):
        out = _counts(report, MECHANICAL + PHRASING) + out  # findings are always worth naming
    return list(dict.fromkeys(out))


def _counts(report: FileReport, rules: Sequence[str]) -> List[str]:
    counts: Dict[str, int] = {}
    for f in report.findings:
        if f.rule in rules:
            counts[f.rule] = counts.get(f.rule, 0) + 1
    return [f"{n} {EVIDENCE_NAMES[rule][n != 1]}" for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


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
