"""MTA413 key-mismatch."""
from __future__ import annotations

import dataclasses
from typing import Iterator, Sequence

from mtaudit.rules.base import BilingualRule
from mtaudit.types import Finding, Severity, TranslationUnit


class KeyMismatch(BilingualRule):
    """
    ## What it does
    In paired locale files (JSON, YAML), reports keys of the source file that the target
    file lacks, and keys of the target file that the source does not have. Plural forms
    are matched by base key (`items_few` in Russian pairs with `items_other` in English).
    A missing key is reported at the nearest enclosing key of the target file.

    ## Why is this bad?
    A missing key falls back to the source language (or to the raw key) in the product;
    an extra key is usually a renamed or deleted string whose translation is stale.

    ## Example
    > en.json {"save": "Save", "cancel": "Cancel"} → de.json {"save": "Speichern"}

    ## Use instead
    > en.json {"save": "Save", "cancel": "Cancel"} → de.json {"save": "Speichern", "cancel": "Abbrechen"}
    """

    id = "MTA413"
    name = "key-mismatch"
    severity = Severity.WARNING
    summary = "Key missing from the target locale file, or not in the source"

    def detect_pairs(self, units: Sequence[TranslationUnit]) -> Iterator[Finding]:
        for unit in units:
            if unit.target is None:
                yield self.unit_finding(unit, f"Key '{unit.id}' of the source locale ({unit.source_language}) "
                                        "is missing from this file")
            elif unit.source is None:  # reported at the key, not its value
                yield self.unit_finding(dataclasses.replace(unit, target=None), f"Key '{unit.id}' is not in the source locale ({unit.source_language}) "
                                        "file: a stale or misspelled key?")


RULES = [KeyMismatch]
