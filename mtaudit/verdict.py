"""Document verdict: how likely a file is machine-translated, spun or back-translated, and why.

Two sides of evidence.  Garbled, spun and word-for-word text is *less* probable than native
prose: specific findings (idioms, tortured phrases, literal constructions, mechanical
artefacts) and a fluency deficit.  Output of a strong MT system is often *more* predictable
than human writing.  So each predictability measure (SLOR, the GLTR buckets of token ranks,
the spread of sentence surprisal) is set against what a human document with the same
vocabulary and sentence length shows, and its excess may count either way; which way
depends on the kind of text (round trips of short commands are more predictable than the
commands, machine translations of long sentences less than their post-edits), so the
excesses also enter multiplied by the document's sentences per word.  All of it comes from
the scores the audit computed anyway (token log-probabilities and ranks): the verdict costs
no model pass.

A standardised logistic regression over those features, fitted by
``python models/fit_verdict.py`` on held-out pairs (HWU64 round trips, MLQE-PE MT against
post-edits, spun against clean text), is stored in ``models/verdict.json``: one weight set
for runs with the model and one for ``--no-model`` runs (text and findings features only).
"""
from __future__ import annotations

import functools
import json
import math
import re
import statistics
from typing import Dict, List, Optional, Sequence, Tuple

from mtaudit.lexicon.idioms import ARTICLES, AUXILIARIES, POSSESSIVES, PREPOSITIONS
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
# The function-word profile, the classic marker of translated text ("translationese"):
# translation makes text more explicit (articles, prepositions a terse original left out)
# and shifts how pronouns, auxiliaries and contracted forms ("what's", "don't") are used.
# Closed word classes (those the idiom aligner knows), so short lists are complete; each is
# a share of the words.
FUNCTION_CLASSES = {
    "articles": ARTICLES,
    "prepositions": PREPOSITIONS,
    "auxiliaries": AUXILIARIES,
    "pronouns": frozenset("i you he she it we they me him us them".split()) | POSSESSIVES,
}
CLITIC = re.compile(r"\w['’](?:s|t|d|ll|re|ve|m)$")  # what's, don't, i'd, we'll (and possessive 's)
PROFILE = tuple(FUNCTION_CLASSES) + ("clitics",)
TEXT_FEATURES = ("mechanical", "phrasing", "ttr", "rare_words") + PROFILE
# Predictability measures, each set against what a human document of the same vocabulary and
# sentence length would show (see ``baselines`` in verdict.json): SLOR, the GLTR buckets
# (share of tokens that are the model's first, top-10 and top-100 guess, and beyond its top
# 1,000) and the spread of sentence surprisal.
PREDICTABILITY = ("slor", "top1", "top10", "top100", "tail", "burstiness")
# Excesses read differently in short utterances and long sentences (a round trip of a short
# command is more predictable than the command; a machine translation of a long sentence
# less than its post-edit): these also enter multiplied by sentences per word.
BY_SHORTNESS = ("slor", "top1", "top100", "tail")
MODEL_FEATURES = (("low_fluency_share", "fluency_deficit", "shortness")
                  + tuple(f"{name}_excess" for name in PREDICTABILITY)
                  + tuple(f"{name}_excess_short" for name in BY_SHORTNESS))
FEATURES = TEXT_FEATURES + MODEL_FEATURES
STRONG = 0.4  # a feature whose contribution to the log-odds reaches this is named as evidence
# How each feature reads as evidence: (when it lies above its expected value, below it).
PHRASES = {
    "slor": ("unusually predictable for its vocabulary", "less predictable than edited prose"),
    "top1": ("many words are the model's first guess", "few words are the model's first guess"),
    "top10": ("most words are among the model's top 10 guesses", "many words outside the model's top 10 guesses"),
    "top100": ("nearly all words are among the model's top 100 guesses", "many words outside the model's top 100 guesses"),
    "tail": ("many words the model did not expect", "few words the model did not expect"),
    "burstiness": ("sentence surprisal varies more than in edited prose", "evenly predictable from sentence to sentence"),
    "fluency_deficit": ("less fluent than edited prose", "fluent"),
    "low_fluency_share": ("many sentences of low fluency", "few sentences of low fluency"),
    "ttr": ("varied vocabulary", "repetitive vocabulary"),
    "rare_words": ("many rare words", "few rare words"),
    "articles": ("many articles", "few articles"),
    "prepositions": ("many prepositions", "few prepositions"),
    "auxiliaries": ("many auxiliary verbs", "few auxiliary verbs"),
    "pronouns": ("many pronouns", "few pronouns"),
    "clitics": ("many contracted forms", "few contracted forms"),
}


def features(report: FileReport, scores: Sequence = ()) -> Dict[str, float]:
    """The verdict's inputs for one audited file; ``scores`` are the SentenceScores of its
    sentences in reading order (empty without the model: the model features are then absent)."""
    return derive(measure(report, scores), _fit()["baselines"])


def measure(report: FileReport, scores: Sequence = ()) -> Dict[str, float]:
    """What :func:`features` reads off a file before the baselines are applied: the
    predictability measures as they are, the mean unigram log-probability of its words
    ("vocabulary") and sentences per word ("inverse_length")."""
    sentences = max(1, len(report.sentences))

    def density(rules) -> float:
        weight = sum(f.confidence for f in report.findings if f.rule in rules)
        return min(1.0, 5.0 * weight / sentences)  # one confident finding per 5 sentences saturates

    texts = [s.text for s in report.sentences[:MAX_SENTENCES]]
    words = [m.group().lower() for t in texts for m in WORD_RE.finditer(t)]
    x = {"mechanical": density(MECHANICAL), "phrasing": density(PHRASING), "ttr": _ttr(words),
         "rare_words": sum(word_logprob(w) < RARE_LOGPROB for w in words) / len(words) if words else 0.0,
         **_profile(words)}
    if report.fluency is not None and scores:
        x.update(_model_features(report, texts, scores[:MAX_SENTENCES]))
    return x


def _ttr(words: List[str]) -> float:
    """Mean type-token ratio over windows of TTR_WINDOW words (the whole text when shorter)."""
    if not words:
        return 1.0
    windows = [words[i : i + TTR_WINDOW] for i in range(0, max(1, len(words) - TTR_WINDOW + 1), TTR_WINDOW)]
    return statistics.fmean(len(set(w)) / len(w) for w in windows)


def _profile(words: List[str]) -> Dict[str, float]:
    """Share of the words in each function-word class, and of contracted forms."""
    n = max(1, len(words))
    out = {name: sum(w in members for w in words) / n for name, members in FUNCTION_CLASSES.items()}
    out["clitics"] = sum(bool(CLITIC.search(w)) for w in words) / n
    return out


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
    if ranks:  # a scorer that does not report ranks leaves these at their expected values
        x["top1"] = sum(r == 0 for r in ranks) / len(ranks)
        x["top10"] = sum(r < 10 for r in ranks) / len(ranks)
        x["top100"] = sum(r < 100 for r in ranks) / len(ranks)
        x["tail"] = sum(r >= 1000 for r in ranks) / len(ranks)
    return x


BASELINE_INPUTS = ("vocabulary", "inverse_length")


def expected(baseline: Dict[str, float], x: Dict[str, float]) -> float:
    """What a human document with ``x``'s vocabulary and sentence length shows."""
    return baseline["bias"] + sum(baseline[k] * x[k] for k in BASELINE_INPUTS)


def derive(x: Dict[str, float], baselines: Dict[str, Dict[str, float]]) -> Dict[str, float]:
    """``x`` with each predictability measure set against what its vocabulary and sentence
    length predict in human prose (``baselines``, fitted on human documents): rare words and
    short sentences lower SLOR in human prose too.  A measure the scorer did not give is
    taken as expected (excess 0)."""
    if "slor" not in x:
        return dict(x)
    out = {k: v for k, v in x.items() if k not in PREDICTABILITY + BASELINE_INPUTS}
    out["shortness"] = x["inverse_length"]
    for name in PREDICTABILITY:
        out[f"{name}_excess"] = x[name] - expected(baselines[name], x) if name in x else 0.0
    for name in BY_SHORTNESS:
        out[f"{name}_excess_short"] = out[f"{name}_excess"] * x["inverse_length"]
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
    setting = "model" if "fluency_deficit" in x else "no_model"
    p, contributions = likelihood(x, setting)
    # A predictability measure lies above or below what its vocabulary predicts (its excess);
    # any other feature above or below its mean in the fit.
    means = _fit()["models"][setting]["mean"]
    above = {name: x[f"{name}_excess"] > 0.0 for name in PREDICTABILITY if f"{name}_excess" in x}
    above.update((name, x[name] > means[name]) for name in means if name in x and name in PHRASES)
    evidence = _evidence(report, contributions, above, up=p >= 0.5)
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


def _evidence(report: FileReport, contributions: Dict[str, float], above: Dict[str, bool], up: bool) -> List[str]:
    """The features that push the verdict the way it goes, in words, strongest first; the
    findings features are named by their counts, the others by whether they lie ``above``
    their expected value.  A measure and its shortness term count as one."""
    grouped: Dict[str, float] = {}
    for name, c in contributions.items():
        base = name.replace("_excess_short", "").replace("_excess", "")
        grouped[base] = grouped.get(base, 0.0) + c
    sign = 1.0 if up else -1.0
    strong = sorted((c * sign, name) for name, c in grouped.items() if c * sign >= STRONG)
    out = []
    for _, name in reversed(strong):
        if name in ("mechanical", "phrasing"):
            counted = _counts(report, MECHANICAL if name == "mechanical" else PHRASING)
            out.extend(counted if up else [f"no {'mechanical artefacts' if name == 'mechanical' else 'garbled phrasing'}"])
        elif name in PHRASES:
            out.append(PHRASES[name][0 if above[name] else 1])
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
