"""A tiny stand-in for mtaudit.scoring.FluencyScorer: fast, deterministic, no model."""
from __future__ import annotations

import re
from typing import Iterable, List, Sequence

from mtaudit.scoring.slor import SentenceScore, word_spans


class FakeScorer:
    """Log-probability = -2.5 per word, plus ``bonus`` for each preferred phrase in the text.

    Tests name the phrases a real model would prefer ("artificial intelligence"); every
    other rewrite just costs its length, so it is not confirmed.  :meth:`score` gives
    twice the surprisal of a unigram model to each word, so rare words surprise it, as they surprise a real
    model where a spun or garbled phrase stands: enough for the rules' surprise gate.
    """

    def __init__(self, preferred: Iterable[str] = (), bonus: float = 10.0) -> None:
        self.preferred = [p.lower() for p in preferred]
        self.bonus = bonus
        self.calls = 0
        self.texts: List[str] = []

    def score(self, texts: Sequence[str]) -> List[SentenceScore]:
        out = []
        for text in texts:
            spans = tuple((start, end, -2.0 * lp) for start, end, lp in word_spans(text))
            total = -sum(s for _, _, s in spans)
            out.append(SentenceScore(50.0, 0.0, total, len(spans), spans))
        return out

    def logprob(self, texts: Sequence[str]) -> List[float]:
        self.calls += 1
        self.texts.extend(texts)
        out = []
        for text in texts:
            low = text.lower()
            lp = -2.5 * len(re.findall(r"\w+", text))
            lp += sum(self.bonus for p in self.preferred if re.search(rf"\b{re.escape(p)}\b", low))
            out.append(lp)
        return out
