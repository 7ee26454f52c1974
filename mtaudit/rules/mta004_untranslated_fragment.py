"""MTA004 untranslated-fragment and MTA005 foreign-document."""
from __future__ import annotations

from typing import Iterator, Sequence

from mtaudit.language import foreign_fragments, language_name
from mtaudit.rules.base import Rule
from mtaudit.types import Finding, Sentence, Severity


class UntranslatedFragment(Rule):
    """
    ## What it does
    Finds a sentence, clause or phrase in another language inside English text. Runs of
    words that are rare in English are identified with langdetect and kept when most of
    their words are common in the detected language, so names and loan words pass.

    ## Why is this bad?
    Machine translation leaves fragments it could not translate, and pipelines that
    translate paragraph by paragraph sometimes skip one. Readers of the English page
    cannot understand them.

    ## Example
    > The mayor called the new bridge un paso muy importante for the town.

    ## Use instead
    > The mayor called the new bridge an important step for the town.

    ## Options
    `min-probability` (default 0.9): langdetect's probability needed to report a fragment.
    """

    id = "MTA004"
    name = "untranslated-fragment"
    severity = Severity.WARNING
    summary = "Fragment in another language left untranslated"

    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        expected = self.context.language
        min_probability = float(self.context.options.get("min-probability", 0.9))
        for sentence in sentences:
            for fragment in foreign_fragments(sentence.text, expected, min_probability):
                what = "Sentence" if fragment.whole else "Fragment"
                yield self.finding(
                    sentence.segment,
                    fragment.start,
                    fragment.end,
                    f"{what} in {language_name(fragment.language)} ({fragment.language}) left untranslated",
                    confidence=fragment.probability,
                )


class ForeignDocument(Rule):
    """
    ## What it does
    Reports, once, a whole document written in another language than the one expected
    (`--lang`, English by default). The document is then skipped: no other rule runs on it.

    ## Why is this bad?
    A page in the wrong language in an English content repository is usually a
    translation that was never done or a file in the wrong place. Flagging each of its
    sentences would bury every other finding.

    ## Example
    > Der Hafenstreik geht in die dritte Woche.

    ## Use instead
    > The harbour strike enters its third week.
    """

    id = "MTA005"
    name = "foreign-document"
    severity = Severity.INFO
    summary = "Document is not in the expected language; skipped"

    def detect(self, sentences: Sequence[Sentence]) -> Iterator[Finding]:
        # A document-level rule: the pipeline identifies each document's language and
        # calls report() once; there is nothing to find sentence by sentence.
        return iter(())

    def report(self, first: Sentence, language: str, probability: float) -> Finding:
        """The one finding for a document in ``language``, placed on its first sentence."""
        return self.finding(
            first.segment,
            0,
            len(first.text),
            f"Document is in {language_name(language)} ({language}), not "
            f"{language_name(self.context.language)}; skipped",
            confidence=probability,
        )


RULES = [UntranslatedFragment, ForeignDocument]
