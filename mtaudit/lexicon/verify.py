"""Language-model verification and ranking of rewrites.

A rule proposes *what* to write instead (the expected term, the canonical idiom, the English
form of a literal pattern, a small edit); the language model only judges whether the rewrite
reads better than the original in this sentence.  The judgement is one calibrated probability
per rewrite (:mod:`mtaudit.lexicon.evidence`; MTA301, whose kind of problem the evaluation
corpus does not hold yet, decides by the ``margin`` feature), from features of the evidence: the
log-probability gain over the changed tokens and a couple after them (``window``) and over the
whole sentence (``delta``), the first changed token's gain, the model's surprise at the span,
the unigram rarity change, the edit's size and what the rule knows of the proposal.

Judging is the model's main cost after scoring the sentences themselves, so it goes cheapest
first: the features known without a forward pass (the first-step gain is read off the
original's kept hidden states) give a cheap probability that ranks the rewrites; those below
the judge's screen, and those past its budget per sentence, are not judged.  The others are
scored from the edit on, after the original's kept keys and values
(``FluencyScorer.rewrite_logprobs``), and their gain over the changed tokens and a couple after
them (``FluencyScorer.window_gains``) is read off those scores.

Every forward pass costs a fixed ~40 ms besides its tokens, so the rules do not judge on their
own: a rule's ``judging`` generator yields an :class:`Ask` with its proposals and is sent their
verdicts, and :func:`drive` judges the asks of all the rules of a batch in one call.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Generator, List, Mapping, Optional, Sequence, Tuple, TypeVar, Union

from mtaudit.language import foreign_fragments
from mtaudit.lexicon.evidence import JudgeModel, best_per_sentence, interactions, load_judge
from mtaudit.lexicon.text import tokenize

UNIGRAM_WEIGHT = 0.5  # share of the unigram log-probability difference removed in ``margin``
WINDOW_TOKENS = 2  # tokens after the edit in the ``window`` feature


@dataclass
class Proposal:
    """Rewrites of ``text[start:end]`` to be judged; ``replacements`` best-guess first."""

    text: str
    start: int
    end: int
    replacements: Sequence[str]
    payload: Any = None  # whatever the rule needs back (lexicon entry, match...)
    # what the rule knows, as judge features: evidence.kind("idiom", match=...)
    features: Mapping[str, float] = field(default_factory=dict)
    # False where the rule asks for less confidence than the cut-off the judge's screen was
    # fitted for: its rewrites are then judged whatever their cheap probability
    screened: bool = True


@dataclass(frozen=True)
class Judged:
    replacement: str
    confidence: float  # the judge's probability that the span is a problem this rewrite fixes
    delta: float  # raw log-prob difference of the whole sentence, nats
    features: Mapping[str, float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def margin(self) -> float:
        """The length-normalised, rarity-corrected gain (a feature of the judge)."""
        return self.features.get("margin", 0.0)


@dataclass
class Verdict:
    proposal: Proposal
    judged: List[Judged] = field(default_factory=list)

    @property
    def best(self) -> Optional[Judged]:
        return max(self.judged, key=lambda j: j.confidence) if self.judged else None

    @property
    def best_margin(self) -> Optional[Judged]:
        return max(self.judged, key=lambda j: j.margin) if self.judged else None

    def suggestions(self, limit: int = 3) -> List[str]:
        return [j.replacement for j in sorted(self.judged, key=lambda j: -j.confidence)][:limit]


@dataclass(frozen=True)
class Ask:
    """What a rule's ``judging`` generator yields to have ``proposals`` judged; it is sent
    back their verdicts, in order."""

    proposals: Sequence[Proposal]


T = TypeVar("T")
Judging = Generator[Union[T, Ask], List[Verdict], None]  # yields results (findings) and asks
Judge = Callable[[Sequence[Proposal]], List[Verdict]]


def drive(judgings: Sequence[Judging], judge_proposals: Judge) -> List[List[T]]:
    """Run ``judgings`` side by side, collecting what each yields besides its asks: whenever
    each has stopped at an ask or ended, the proposals of all the asks go to
    ``judge_proposals`` in one call, and each generator is sent its own verdicts."""
    results: List[List[T]] = [[] for _ in judgings]
    waiting: Dict[int, Optional[List[Verdict]]] = {i: None for i in range(len(judgings))}
    while waiting:
        asks: Dict[int, Ask] = {}
        for i, answer in waiting.items():
            try:
                item = judgings[i].send(answer)
                while not isinstance(item, Ask):
                    results[i].append(item)
                    item = next(judgings[i])
                asks[i] = item
            except StopIteration:
                pass
        verdicts = judge_proposals([p for ask in asks.values() for p in ask.proposals]) if asks else []
        waiting, start = {}, 0
        for i, ask in asks.items():
            waiting[i], start = verdicts[start : start + len(ask.proposals)], start + len(ask.proposals)
    return results


def substitute(text: str, start: int, end: int, replacement: str) -> str:
    return text[:start] + replacement + text[end:]


def approx_tokens(phrase: str) -> int:
    """Sub-word tokens of ``phrase``, roughly (a BPE vocabulary: ~1 per short word)."""
    return sum(1 + len(t.text) // 8 for t in tokenize(phrase)) or 1


@functools.lru_cache(maxsize=65536)  # the same words and swaps come back sentence after sentence
def unigram_logprob(phrase: str) -> float:
    try:
        from mtaudit.scoring.slor import word_logprob
    except ImportError:  # pragma: no cover - scoring is part of the package
        return 0.0
    return sum(word_logprob(t.text) for t in tokenize(phrase) if t.is_word)


@functools.lru_cache(maxsize=1)
def _chrf() -> Any:
    """One chrF metric for every rewrite: building it costs as much as a sentence's score."""
    from sacrebleu.metrics import CHRF

    return CHRF()


@functools.lru_cache(maxsize=65536)
def chrf_distance(a: str, b: str) -> float:
    """1 - chrF(a, b) / 100: 0 for identical strings, 1 for nothing in common."""
    if a.lower() == b.lower():
        return 0.0
    try:
        return 1.0 - _chrf().sentence_score(b.lower(), [a.lower()]).score / 100.0
    except Exception:  # pragma: no cover
        import difflib

        return 1.0 - difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def judge(scorer: Any, proposals: Sequence[Proposal], model: Optional[JudgeModel] = None,
          language: str = "en") -> List[Verdict]:
    """Judge every replacement of every proposal, in one batch: cheap features first, the
    window and the tail passes for those the cheap probability ranks high enough
    (:mod:`mtaudit.lexicon.evidence`).  A proposal none of whose replacements were judged has
    no ``best``.  Nor has one with a fragment in another language than ``language`` at or
    after its edit (MTA004 reports the fragment): the gains would count the foreign words,
    which the model may find likelier after any rewrite."""
    model = model or load_judge()
    fragments = {text: foreign_fragments(text, language) for text in dict.fromkeys(p.text for p in proposals)}
    items = [(i, r) for i, p in enumerate(proposals) if not any(f.end > p.start for f in fragments[p.text])
             for r in dict.fromkeys(p.replacements)]

    def edit(item: Tuple[int, str]) -> Tuple[str, int, int, str]:
        p = proposals[item[0]]
        return p.text, p.start, p.end, item[1]

    surprise = _span_surprise(scorer, proposals)
    firsts = _per_edit(scorer, "first_step_gains", [edit(it) for it in items])
    features: Dict[Tuple[int, str], Dict[str, float]] = {}
    for (i, r), first in zip(items, firsts):
        p = proposals[i]
        old = p.text[p.start : p.end]
        features[i, r] = dict(
            p.features, unigram=unigram_logprob(r) - unigram_logprob(old), chrf=chrf_distance(old, r),
            tokens=math.log1p(max(approx_tokens(old), approx_tokens(r))), surprise=surprise[i],
            first_step=first if first is not None else 0.0,
        )
    cheap = {it: model.cheap_probability(features[it]) for it in items}
    passed = [it for it in items if not (proposals[it[0]].screened and model.screened_out(features[it], cheap[it]))]
    within = best_per_sentence([proposals[i].text for i, _ in passed], [cheap[it] for it in passed], model.budget_per_sentence)
    judged = [it for it, keep in zip(passed, within) if keep]
    edits = [edit(it) for it in judged]
    deltas = _deltas(scorer, edits)  # first: the windows are then read off the rewrites' scores
    windows = _per_edit(scorer, "window_gains", edits, WINDOW_TOKENS)
    for it, e, window, delta in zip(judged, edits, windows, deltas):
        f = features[it]
        window = delta if window is None else window
        f.update(window=window, delta=delta, window_per_token=window / math.exp(f["tokens"]), margin=_margin(e, delta))
        interactions(f)
    verdicts = [Verdict(p) for p in proposals]
    for i, r in judged:  # in the proposals' order
        f = features[i, r]
        verdicts[i].judged.append(Judged(r, round(model.confidence(f), 4), f["delta"], f))
    return verdicts


def _per_edit(scorer: Any, method: str, edits: Sequence[Tuple[str, int, int, str]], *args: Any) -> List[Optional[float]]:
    """``scorer.method`` over the distinct ``edits``, one value per edit (None where it has no such method)."""
    unique = list(dict.fromkeys(edits))
    if not unique or not hasattr(scorer, method):
        return [None] * len(edits)
    values = dict(zip(unique, getattr(scorer, method)(unique, *args)))
    return [values[e] for e in edits]


def _deltas(scorer: Any, edits: Sequence[Tuple[str, int, int, str]]) -> List[float]:
    """The whole-sentence log-probability gain of each rewrite."""
    if not edits:
        return []
    originals = list(dict.fromkeys(e[0] for e in edits))
    unique_edits = list(dict.fromkeys(edits))
    rewritten = [substitute(*e) for e in unique_edits]
    if hasattr(scorer, "rewrite_logprobs"):  # FluencyScorer: scores only each rewrite's tail
        scores = dict(zip(originals, scorer.logprob(originals)))
        scores.update(zip(rewritten, scorer.rewrite_logprobs(unique_edits)))
    else:
        unique = list(dict.fromkeys(originals + rewritten))
        scores = dict(zip(unique, scorer.logprob(unique)))
    return [scores[substitute(*e)] - scores[e[0]] for e in edits]


def _margin(edit: Tuple[str, int, int, str], delta: float) -> float:
    """``delta`` less half the unigram gain, per sub-word token of the longer span."""
    text, a, b, r = edit
    old = text[a:b]
    corrected = delta - UNIGRAM_WEIGHT * (unigram_logprob(r) - unigram_logprob(old))
    return corrected / math.sqrt(max(approx_tokens(old), approx_tokens(r)))


def _span_surprise(scorer: Any, proposals: Sequence[Proposal]) -> List[float]:
    """How surprised the model was in or just after each proposal's span: the largest cost of a
    word there (:func:`word_surprise`); a causal model often stumbles a word after the slip."""
    if not proposals or not hasattr(scorer, "score"):
        return [0.0] * len(proposals)
    texts = list(dict.fromkeys(p.text for p in proposals))
    costs = dict(zip(texts, word_surprise(scorer, texts)))
    out = []
    for p in proposals:
        words, a, b = costs[p.text], p.start, p.end
        inside = [c for s, e, c in words if s < b and a < e]
        after = [c for s, _, c in words if s >= b][:1]
        out.append(max(inside + after, default=0.0))
    return out


def word_surprise(scorer: Any, texts: Sequence[str]) -> List[List[Tuple[int, int, float]]]:
    """Per text, ``(start, end, cost)`` of each word (:func:`mtaudit.scoring.slor.word_costs`).

    The pipeline has scored these sentences already, so this is answered from the scorer's
    in-process cache."""
    from mtaudit.scoring.slor import word_costs

    return [word_costs(t, s.token_spans) for t, s in zip(texts, scorer.score(texts))]


def confidence_needed(rule_id: str, options: Mapping[str, Any]) -> Tuple[float, bool]:
    """The confidence a rule's finding needs (its ``min-confidence`` option, else the judge's
    fitted cut-off), and whether its rewrites go through the judge's screen: not where the
    option asks for less than the cut-off the screen was fitted for."""
    fitted = load_judge().needed(rule_id)
    needed = float(options.get("min-confidence", fitted))
    return needed, needed >= fitted


def margin_confidence(margin: float, threshold: float, scale: float = 0.5) -> float:
    """A 0-1 confidence from the margin, for a rule the judge is not fitted for (MTA301: the
    evaluation corpus has no literal-pattern items yet): 0.5 at ``threshold``, rising with the
    evidence."""
    return round(0.5 + 0.45 * math.tanh((margin - threshold) / scale / 2), 4)


__all__ = [
    "Ask", "Judge", "Judged", "Judging", "Proposal", "Verdict", "approx_tokens", "chrf_distance", "confidence_needed", "drive", "judge",
    "margin_confidence", "substitute", "word_surprise",
]
