"""MTA410 glossary-term and MTA411 forbidden-term."""
from __future__ import annotations

from typing import Iterator, Sequence

from mtaudit.bilingual import same_language, translated
from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit


class _GlossaryRule(BilingualRule):
    def _units(self, units: Sequence[TranslationUnit]):
        """(unit, terms for its target language) where a glossary applies to the unit."""
        glossary = self.context.glossary
        if glossary is None:
            return
        for unit in translated(units):
            if unit.source_language and not same_language(unit.source_language, glossary.source_language):
                continue
            terms = [t for t in glossary.terms if t.applies_to(unit.target_language)]
            if terms:
                yield unit, terms


class GlossaryTerm(_GlossaryRule):
    """
    ## What it does
    With a glossary (`glossary = terms.tsv` in the config), checks that a translation whose
    source uses a glossary term also uses the required translation of it, inflected or not
    ("Datei" for "file" accepts "Dateien"). See the README for the file format and the
    limits of inflection matching.

    ## Why is this bad?
    Inconsistent terminology confuses users and breaks search and documentation links;
    machine translation picks a different synonym in every string.

    ## Example
    > Delete the file → Akte löschen

    ## Use instead
    > Delete the file → Datei löschen
    """

    id = "MTA410"
    name = "glossary-term"
    severity = Severity.WARNING
    summary = "Glossary term not translated as the glossary requires"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit, terms in self._units(units):
            target = unit.target.text
            for term in terms:
                if not term.required or term.source is None or next(term.source.find(unit.source), None) is None:
                    continue
                if not any(next(p.find(target), None) for p in term.required):
                    wanted = " or ".join(f"'{p.text}'" for p in term.required)
                    yield self.unit_finding(unit, f"Glossary: '{term.source.text}' should be translated as {wanted}",
                                            confidence=0.8)


class ForbiddenTerm(_GlossaryRule):
    """
    ## What it does
    With a glossary, reports translations that use a term the glossary forbids (`!Akte`),
    for a given source term or everywhere, inflected or not, and suggests the required one.

    ## Why is this bad?
    Forbidden terms are the wrong sense of a word ("Akte" is a dossier, not a computer
    file), a competitor's name or an outdated product term.

    ## Example
    > Delete the file → Die Akte löschen

    ## Use instead
    > Delete the file → Die Datei löschen
    """

    id = "MTA411"
    name = "forbidden-term"
    severity = Severity.WARNING
    summary = "Translation uses a term the glossary forbids"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit, terms in self._units(units):
            target = unit.target.text
            for term in terms:
                if not term.forbidden or (term.source is not None and next(term.source.find(unit.source), None) is None):
                    continue
                required = self.context.glossary.required_for(term)
                for phrase in term.forbidden:
                    for start, end in phrase.find(target):
                        reason = f" for '{term.source.text}'" if term.source else ""
                        use = f"; use '{required[0].text}'" if required else ""
                        yield self.unit_finding(unit, f"Glossary: '{target[start:end]}' is forbidden{reason}{use}",
                                                start, end, suggestions=[p.text for p in required])


RULES = [GlossaryTerm, ForbiddenTerm]
