"""MTA406 wrong-target-language."""
from __future__ import annotations

from typing import Iterator, Sequence

from mtaudit.bilingual import frequency, has_word_list, primary, same_language, translated, words
from mtaudit.bilingual.tokens import mask, protected
from mtaudit.language import language_candidates, language_name
from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit


class WrongTargetLanguage(BilingualRule):
    """
    ## What it does
    Identifies the language of each translation (langdetect, seeded) and reports one that
    is confidently in another language than the file's target language. Short strings
    are skipped (langdetect needs text: at least `min-words` words and `min-letters`
    letters outside placeholders and markup), and where word lists exist most words must
    also be more frequent in the detected language than in the target one. A copy of the
    source is left to MTA405.

    ## Why is this bad?
    Translation memories and MT engines sometimes return a string in a third language, or
    a translator pastes the wrong column; the product then shows it to users.

    ## Example
    > The update will restart your computer. → La mise à jour va redémarrer votre ordinateur.

    ## Use instead
    > The update will restart your computer. → Das Update startet Ihren Computer neu.

    ## Options
    `min-words` (default 3), `min-letters` (default 15), `min-probability` (default 0.95).
    """

    id = "MTA406"
    name = "wrong-target-language"
    severity = Severity.WARNING
    summary = "Translation is not in the target language"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        options = self.context.options
        min_words, min_letters = int(options.get("min-words", 3)), int(options.get("min-letters", 15))
        min_probability = float(options.get("min-probability", 0.95))
        for unit in translated(units):
            target = unit.target.text
            if not unit.target_language or target.strip() == unit.source.strip():
                continue
            text = mask(target, protected(target, (unit.source_language, unit.target_language)))
            found = words(text)
            if len(found) < min_words or sum(len(w) for w in found) < min_letters:
                continue
            expected = unit.target_language
            # Close languages share the probability (fr 0.86, ca 0.14): what counts is how
            # sure langdetect is that the text is not in the expected language.
            candidates = [c for c in language_candidates(text) if not same_language(c.lang, expected)]
            foreign = sum(c.prob for c in candidates)
            if not candidates or foreign < min_probability:
                continue
            lang = primary(candidates[0].lang)
            if has_word_list(lang) and has_word_list(expected):
                theirs = sum(frequency(w.lower(), lang) > frequency(w.lower(), expected) for w in found)
                if theirs * 2 <= len(found):
                    continue
            yield self.unit_finding(
                unit,
                f"Translation is in {language_name(candidates[0].lang)} ({lang}), not "
                f"{language_name(primary(expected))} ({primary(expected)})",
                confidence=min(1.0, foreign),
            )


RULES = [WrongTargetLanguage]
