"""MTA201 disfluent-sentence."""
from __future__ import annotations

from typing import FrozenSet, Iterator, Sequence, Tuple

from mtaudit.rules.base import Rule
from mtaudit.scoring.slor import SentenceScore, proper_names, slor_without, word_costs, word_spans
from mtaudit.types import Finding, Sentence, Severity

MIN_WORDS = 4  # shorter sentences (headings, labels) give the model too little context
MAX_SPAN_WORDS = 4


class DisfluentSentence(Rule):
    """
    ## What it does
    Scores each sentence with a small language model and reports those that read as far less
    fluent than edited English prose, pointing at the one to four words the model found most
    surprising for how common they are.  Proper names (capitalised words, past the first, that
    are too rare for the word-frequency list) are left out of both the score and the span: a
    transliterated name surprises the model without being a sign of bad wording.

    ## Why is this bad?
    Machine translation, back-translation and article spinners produce sentences whose words
    are all real but whose combination is not: garbled idioms, calques, wrong function words,
    odd collocations.  A fluency score catches many of them without a list of known phrases.
    The score is statistical, so the rule is informational: read the sentence, not only the span.

    ## Example
    > Minister yesterday of the finances to journalists promised law new about the taxes.

    ## Use instead
    > Yesterday the finance minister promised journalists a new tax law.

    ## Options
    `min-fluency` (default 50): report sentences whose calibrated fluency (0-100) is below
    this.  The scale puts the median edited sentence of the same length at 80 and the 5th
    percentile at 50, so the default reads "less fluent than 95% of edited prose".  Measured
    on sentences of four words or more: 0 of the 40 clean dev sentences and 0.1% of the
    JFLEG dev fluent rewrites are reported, against 10.4% of the JFLEG dev learner sentences
    and 8.3% of MLQE-PE dev machine translations (the first 400 of each language pair; 13.1%
    when names counted).
    """

    id = "MTA201"
    name = "disfluent-sentence"
    severity = Severity.INFO
    summary = "Sentence reads as disfluent to the language model"
    requires = ("lm",)
    DEFAULT_MIN_FLUENCY = 50.0

    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        scorer = self.context.scorer
        if scorer is None:
            return
        threshold = float(self.context.options.get("min-fluency", self.DEFAULT_MIN_FLUENCY))
        # The pipeline has usually set ``fluency`` already: only low sentences need their
        # token spans, which the scorer then answers from its in-process cache.
        candidates = [
            s
            for s in sentences
            if (s.fluency is None or s.fluency < threshold) and len(word_spans(s.text)) >= MIN_WORDS
        ]
        if not candidates:
            return
        for sentence, score in zip(candidates, scorer.score([s.text for s in candidates])):
            if score.fluency >= threshold:
                continue
            fluency, names = score.fluency, proper_names(sentence.text)
            if names:  # judged without them: a rare name is no sign of a bad sentence
                value, length = slor_without(sentence.text, score, names)
                if length < MIN_WORDS:
                    continue
                fluency = max(fluency, scorer.fluency_of(value, length))
                if fluency >= threshold:
                    continue
            start, end = worst_span(sentence.text, score, names)
            yield self.finding(
                sentence.segment,
                start,
                end,
                f"Disfluent sentence (fluency {fluency:.1f} < {threshold:g}); "
                f"least expected wording: '{sentence.text[start:end]}'",
                confidence=0.5 + 0.5 * (threshold - fluency) / threshold,
            )


def worst_span(text: str, score: SentenceScore, names: FrozenSet[int] = frozenset()) -> Tuple[int, int]:
    """Character span of the 1-4 consecutive words whose summed :func:`word_costs` is largest,
    among spans without the words at ``names``."""
    words = word_costs(text, score.token_spans)
    if len(names) >= len(words):
        return 0, len(text)
    best = (float("-inf"), 0, 0)
    for i in range(len(words)):
        total = 0.0
        for j in range(i, min(len(words), i + MAX_SPAN_WORDS)):
            if j in names:
                break
            total += words[j][2]
            if total > best[0]:
                best = (total, i, j)
    _, i, j = best
    return words[i][0], words[j][1]


RULES = [DisfluentSentence]
