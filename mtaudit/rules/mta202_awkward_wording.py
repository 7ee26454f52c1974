"""MTA202 awkward-wording: the LM critic."""
from __future__ import annotations

from typing import Dict, Iterator, List, Sequence, Tuple

from mtaudit.lexicon.critic import Edit, candidate_edits
from mtaudit.lexicon.evidence import kind
from mtaudit.lexicon.verify import Ask, Judging, Proposal, Verdict, margin_confidence, word_surprise
from mtaudit.rules.base import JudgingRule
from mtaudit.types import Finding, Sentence, Severity

MIN_WORDS = 5
# Each edit tried is a forward pass over the sentence.  On 600 fluent JFLEG references a
# budget of 3 where a word is 2.0 more surprising than average tries 1.2 edits per sentence;
# with 6 and 1.0 (the lexicon rules' gate) it was 2.3.
DEFAULT_BUDGET = 3
DEFAULT_MIN_SURPRISE = 2.0
# Decided by the margin (see mtaudit.lexicon.verify), not the calibrated judge: the evaluation
# corpus has no function-word items to fit it on yet.  Margins by kind, from the best edit of
# each kind over 800 fluent human sentences (MLQE-PE post-edits), percentiles 98 / 99: article
# 0.96 / 2.26, function 1.60 / 2.16; light verbs and reorders were tried in only 20 and 11
# sentences (never above 0.48), so they get the article's margin and 0.5.
DEFAULT_MIN_MARGIN: Dict[str, float] = {"function": 2.5, "article": 1.5, "light-verb": 1.5, "reorder": 0.5}


class AwkwardWording(JudgingRule):
    """
    ## What it does
    Tries a few small, safe edits of a sentence where the language model found it
    surprising — a preposition or relative pronoun swapped for one it is often confused
    with, an article dropped, a light verb swapped ("did a mistake"), "the X of the Y"
    turned into "the Y X" — and reports the span when an edit makes the sentence clearly
    more probable. Names, numbers and negations are never edited; an edit touches at most
    three words. The best edits are the suggestions.

    ## Why is this bad?
    Machine translation keeps the function words of the source language: "the boat what
    sank", "the cost of the electricity", "the journalists of the television". Each
    reads as foreign, and no list can hold them all: the model judges each sentence.

    ## Example
    > The storm what hit the coast last week destroyed hundreds of homes.

    ## Use instead
    > The storm that hit the coast last week destroyed hundreds of homes.

    ## Options
    `budget` (default 3): most edits tried per sentence. `min-surprise` (default 2.0): how
    much more surprising than the sentence's average word a place must be to be edited.
    `min-margin` (default: per kind of edit, 0.5 to 2.5): language-model evidence needed.
    The rule is informational: on fluent human prose about 2% of sentences get a suggestion.
    """

    id = "MTA202"
    name = "awkward-wording"
    severity = Severity.INFO  # statistical: ~2% of fluent sentences get a suggestion
    summary = "A small edit makes the sentence read clearly better"
    requires = ("lm",)
    fallback = True  # where another rule reported the span, its finding is enough

    def judging(self, sentences: Sequence[Sentence]) -> Judging:
        scorer = self.context.scorer
        if scorer is None:
            return
        options = self.context.options
        budget = int(options.get("budget", DEFAULT_BUDGET))
        min_surprise = float(options.get("min-surprise", DEFAULT_MIN_SURPRISE))
        margins = dict(DEFAULT_MIN_MARGIN)
        if "min-margin" in options:
            margins = {kind: float(options["min-margin"]) for kind in margins}
        texts = [s.text for s in sentences]
        tried: List[Tuple[Sentence, List[Edit]]] = []
        for sentence, words in zip(sentences, word_surprise(scorer, texts)):
            if len(words) < MIN_WORDS:
                continue
            edits = [e for e in candidate_edits(sentence.text, words) if e.prior >= min_surprise][:budget]
            if edits:
                tried.append((sentence, edits))
        if not tried:
            return
        proposals = [Proposal(s.text, e.start, e.end, [e.replacement], e, kind(f"critic-{e.kind}", critic_prior=e.prior))
                     for s, edits in tried for e in edits]
        verdicts = iter((yield Ask(proposals)))
        for sentence, edits in tried:
            judged = [next(verdicts) for _ in edits]
            passing = [v for v in judged if v.judged and v.judged[0].margin >= margins[v.proposal.payload.kind]]
            yield from self._findings(sentence, passing, margins)

    def _findings(self, sentence: Sentence, passing: List[Verdict], margins) -> Iterator[Finding]:
        """The best edit of each group of overlapping edits, the others at its span as alternatives."""
        taken: List[Tuple[int, int]] = []
        for verdict in sorted(passing, key=lambda v: -v.judged[0].margin):
            p = verdict.proposal
            if any(p.start < b and a < p.end for a, b in taken):
                continue
            taken.append((p.start, p.end))
            same_span = [v for v in passing if v.proposal.start == p.start and v.proposal.end == p.end]
            suggestions = [v.proposal.replacements[0] for v in sorted(same_span, key=lambda v: -v.judged[0].margin)]
            original = sentence.text[p.start : p.end]
            yield self.finding(
                sentence.segment,
                p.start,
                p.end,
                f"'{original}' reads better as '{suggestions[0]}' to the language model",
                confidence=margin_confidence(verdict.judged[0].margin, margins[p.payload.kind]),
                suggestions=suggestions,
            )


RULES = [AwkwardWording]
