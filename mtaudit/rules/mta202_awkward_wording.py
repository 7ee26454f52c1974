"""MTA202 awkward-wording: the LM critic."""
from __future__ import annotations

from typing import Dict, Iterator, List, Sequence, Tuple

from mtaudit.lexicon.critic import Edit, candidate_edits
from mtaudit.lexicon.evidence import kind
from mtaudit.lexicon.model_edits import proposed_at, stand_out
from mtaudit.lexicon.verify import Ask, Judging, Proposal, Verdict, confidence_needed, word_surprise
from mtaudit.rules.base import JudgingRule
from mtaudit.types import Finding, Sentence, Severity

MIN_WORDS = 5
# Each edit tried is a forward pass over the sentence.  On 600 fluent JFLEG references a
# budget of 3 where a word is 2.0 more surprising than average tries 1.2 edits per sentence;
# with 6 and 1.0 (the lexicon rules' gate) it was 2.3.
DEFAULT_BUDGET = 3
DEFAULT_MIN_SURPRISE = 2.0
# Edits the model proposes itself, per sentence (mtaudit.lexicon.model_edits): many, as they
# cost no forward pass until the judge's cheap regression has ranked and screened them.  They
# hold the fix of 25.6% of the tune split's single garbled idioms (benchmarks/model_edit_filters.py
# --coverage), about 20 edits a sentence; 12 a sentence at two words 2.0 more surprising than
# average held it for 16%.
DEFAULT_MODEL_BUDGET = 32
DEFAULT_MODEL_MIN_SURPRISE = 1.5


class AwkwardWording(JudgingRule):
    """
    ## What it does
    Tries a few small, safe edits of a sentence where the language model found it
    surprising — a preposition or relative pronoun swapped for one it is often confused
    with, an article dropped, a light verb swapped ("did a mistake"), "the X of the Y"
    turned into "the Y X" — and the edits the model proposes itself at the words that stand
    out: one of its likeliest words there, when related to the word it replaces (same stem,
    a function word for a function word, or a near neighbour in the model's embeddings), a
    function word it expects inserted, or a function word deleted. It reports the span when
    the calibrated judge finds an edit makes the sentence clearly better. Names, numbers,
    negations and quoted words are never edited; an edit touches at most three words. The
    best edits are the suggestions.

    ## Why is this bad?
    Machine translation keeps the function words of the source language: "the boat what
    sank", "the cost of the electricity", "the journalists of the television". Each
    reads as foreign, and no list can hold them all: the model judges each sentence.

    ## Example
    > The storm what hit the coast last week destroyed hundreds of homes.

    ## Use instead
    > The storm that hit the coast last week destroyed hundreds of homes.

    ## Options
    `budget` (default 3): most listed edits tried per sentence. `model-budget` (default 32):
    most edits the model proposes itself per sentence (0 turns them off). `min-surprise` (default 2.0): how
    much more surprising than the sentence's average word a place must be for a listed edit;
    `model-min-surprise` (default 1.5) the same for the model's own edits.
    `min-confidence` (default: fitted, in `models/judge.json`): the calibrated judge's
    probability that the span is a real problem, needed to report it. On the tune split of
    the evaluation corpus its edits flag clean scientific and translated prose about as
    often as they find slips, so within the false-alarm limits the cut-offs are fitted to it
    reports only the edits the judge is surest of, and its screens let few of its edits cost
    a pass. Set it lower (0.5 to 0.7) for more suggestions; every edit it proposes is then
    judged.
    """

    id = "MTA202"
    name = "awkward-wording"
    severity = Severity.INFO  # statistical
    summary = "A small edit makes the sentence read clearly better"
    requires = ("lm",)
    fallback = True  # where another rule reported the span, its finding is enough

    def judging(self, sentences: Sequence[Sentence]) -> Judging:
        scorer = self.context.scorer
        if scorer is None:
            return
        options = self.context.options
        budget = int(options.get("budget", DEFAULT_BUDGET))
        model_budget = int(options.get("model-budget", DEFAULT_MODEL_BUDGET))
        min_surprise = float(options.get("min-surprise", DEFAULT_MIN_SURPRISE))
        model_min_surprise = float(options.get("model-min-surprise", DEFAULT_MODEL_MIN_SURPRISE))
        needed, screened = confidence_needed(self.id, options)
        texts = [s.text for s in sentences]
        listed: List[Tuple[Sentence, List[Edit], Dict[int, float]]] = []
        for sentence, words in zip(sentences, word_surprise(scorer, texts)):
            if len(words) >= MIN_WORDS:
                edits = [e for e in candidate_edits(sentence.text, words) if e.prior >= min_surprise][:budget]
                places = stand_out(sentence.text, words, model_min_surprise) if model_budget and hasattr(scorer, "continuations") else {}
                listed.append((sentence, edits, places))
        own = proposed_at(scorer, [(s.text, places) for s, _, places in listed])
        tried: List[Tuple[Sentence, List[Edit]]] = []
        for (sentence, edits, _), proposed in zip(listed, own):
            known = {(e.start, e.end, e.replacement) for e in edits}
            edits = edits + [e for e in proposed if (e.start, e.end, e.replacement) not in known][:model_budget]
            if edits:
                tried.append((sentence, edits))
        if not tried:
            return
        proposals = [Proposal(s.text, e.start, e.end, [e.replacement], e, _features(e), screened) for s, edits in tried for e in edits]
        verdicts = iter((yield Ask(proposals)))
        for sentence, edits in tried:
            judged = [next(verdicts) for _ in edits]
            passing = [v for v in judged if v.best is not None and v.best.confidence >= needed]
            yield from self._findings(sentence, passing)

    def _findings(self, sentence: Sentence, passing: List[Verdict]) -> Iterator[Finding]:
        """The best edit of each group of overlapping edits, the others at its span as alternatives."""
        taken: List[Tuple[int, int]] = []
        for verdict in sorted(passing, key=lambda v: -v.best.confidence):
            p = verdict.proposal
            if any(p.start < b and a < p.end for a, b in taken):
                continue
            taken.append((p.start, p.end))
            same_span = [v for v in passing if v.proposal.start == p.start and v.proposal.end == p.end]
            suggestions = [v.proposal.replacements[0] for v in sorted(same_span, key=lambda v: -v.best.confidence)]
            original = sentence.text[p.start : p.end]
            yield self.finding(
                sentence.segment,
                p.start,
                p.end,
                f"'{original}' reads better as '{suggestions[0]}' to the language model",
                confidence=verdict.best.confidence,
                suggestions=suggestions,
            )


def _features(edit: Edit) -> Dict[str, float]:
    """What the rule knows about an edit, for the judge: its kind, prior and, for a model
    substitute, its similarity to the word it replaces."""
    extra = {} if edit.similarity is None else {"critic_similarity": edit.similarity}
    return kind(f"critic-{edit.kind}", critic_prior=edit.prior, **extra)


RULES = [AwkwardWording]
