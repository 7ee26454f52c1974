"""MTA301 literal-translation."""
from __future__ import annotations

from typing import List, Sequence, Tuple

from mtaudit.lexicon.patterns import PatternMatch, PatternSet, load_patterns
from mtaudit.lexicon.text import fit_article, tokenize
from mtaudit.lexicon.evidence import kind
from mtaudit.lexicon.verify import Ask, Judging, Proposal, margin_confidence
from mtaudit.resources import model_file
from mtaudit.rules.base import JudgingRule
from mtaudit.types import Finding, Sentence, Severity

# Decided by the margin (see mtaudit.lexicon.verify), not the calibrated judge: the evaluation
# corpus has no literal-pattern items to fit it on yet.
DEFAULT_MIN_MARGIN = 0.5
HIGH_PRECISION_BONUS = 1.0  # "high" patterns are wrong in almost any context
NO_MODEL_CONFIDENCE = 0.6


def literal_patterns() -> PatternSet:
    return load_patterns(str(model_file("literal_patterns.tsv")))


class LiteralTranslation(JudgingRule):
    """
    ## What it does
    Finds constructions that translate a foreign one word for word: false friends ("assist
    to" a meeting for "attend"), foreign prepositions ("since two years", "discuss about",
    "in the frame of"), calqued verb-noun pairs ("make a photo"), foreign plurals of
    uncountable nouns ("informations"). The patterns and their English forms are data, in
    `models/literal_patterns.tsv`. Patterns marked `high` are reported without the model;
    the others only when the language model prefers the English form in the sentence.

    ## Why is this bad?
    These are the classic traces of machine or non-native translation. Each is small, but
    together they make a text read as translated, and some change the meaning ("eventual
    problems" are not "possible problems" in English).

    ## Example
    > The company has assisted to every trade fair in the region since five years.

    ## Use instead
    > The company has attended every trade fair in the region for five years.

    ## Options
    `min-margin` (default 0.5): language-model evidence needed to report a pattern (1.0
    less for `high` patterns; a pattern may ask for more in the lexicon's fifth column).
    """

    id = "MTA301"
    name = "literal-translation"
    severity = Severity.WARNING
    summary = "Word-for-word translation of a foreign construction"

    def judging(self, sentences: Sequence[Sentence]) -> Judging:
        patterns = literal_patterns()
        scorer = self.context.scorer
        hits: List[Tuple[Sentence, int, int, PatternMatch, List[str]]] = []
        for sentence in sentences:
            text = sentence.text
            tokens = tokenize(text)
            for m in patterns.find(tokens):
                if scorer is None and m.pattern.precision != "high":
                    continue
                start, end = tokens[m.first].start, tokens[m.last].end
                replacements = [r for r in m.replacements(text, tokens) if r.lower() != text[start:end].lower()]
                if replacements:
                    start, replacements = fit_article(text, start, replacements)
                    hits.append((sentence, start, end, m, replacements))
        if not hits:
            return
        if scorer is None:
            for sentence, start, end, m, replacements in hits:
                yield self._finding(sentence, start, end, m, replacements, NO_MODEL_CONFIDENCE)
            return
        threshold = float(self.context.options.get("min-margin", DEFAULT_MIN_MARGIN))
        proposals = [Proposal(s.text, a, b, r, m, kind("literal-high" if m.pattern.precision == "high" else "literal"))
                     for s, a, b, m, r in hits]
        verdicts = yield Ask(proposals)
        for (sentence, start, end, m, _), verdict in zip(hits, verdicts):
            if m.pattern.min_margin is not None:
                need = max(threshold, m.pattern.min_margin)
            else:
                need = threshold - (HIGH_PRECISION_BONUS if m.pattern.precision == "high" else 0.0)
            best = verdict.best_margin
            if best is None or best.margin < need:
                continue
            suggestions = [j.replacement for j in sorted(verdict.judged, key=lambda j: -j.margin)]
            yield self._finding(sentence, start, end, m, suggestions, margin_confidence(best.margin, need))

    def _finding(self, sentence: Sentence, start: int, end: int, m: PatternMatch, suggestions, conf: float) -> Finding:
        original = sentence.text[start:end]
        note = f" ({m.pattern.note})" if m.pattern.note else ""
        return self.finding(
            sentence.segment,
            start,
            end,
            f"'{original}' reads as a literal translation{note}; English says '{suggestions[0]}'",
            confidence=conf,
            suggestions=suggestions,
        )


RULES = [LiteralTranslation]
