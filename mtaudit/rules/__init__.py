"""Rule registry.  Each rule module is listed here explicitly; ids are unique."""
from __future__ import annotations

import importlib
from typing import Dict, Iterable, List, Type

from mtaudit.errors import UnknownRuleError
from mtaudit.rules.base import Rule, RuleContext

RULE_MODULES = (
    "mtaudit.rules.mta001_doubled_word",
    "mtaudit.rules.mta002_stray_punctuation",
    "mtaudit.rules.mta003_boilerplate",
    "mtaudit.rules.mta004_untranslated_fragment",
    "mtaudit.rules.mta101_tortured_phrase",
    "mtaudit.rules.mta102_garbled_idiom",
    "mtaudit.rules.mta201_disfluent_sentence",
    "mtaudit.rules.mta202_awkward_wording",
    "mtaudit.rules.mta301_literal_translation",
    "mtaudit.rules.mta401_placeholder_mismatch",
    "mtaudit.rules.mta402_number_mismatch",
    "mtaudit.rules.mta403_markup_mismatch",
    "mtaudit.rules.mta404_url_mismatch",
    "mtaudit.rules.mta405_untranslated_unit",
    "mtaudit.rules.mta406_wrong_target_language",
    "mtaudit.rules.mta407_whitespace_punctuation",
    "mtaudit.rules.mta409_length_ratio",
    "mtaudit.rules.mta410_glossary",
    "mtaudit.rules.mta412_needs_review",
    "mtaudit.rules.mta413_key_mismatch",
)


def all_rules() -> Dict[str, Type[Rule]]:
    """Every rule class by id, in id order."""
    rules: Dict[str, Type[Rule]] = {}
    for module_name in RULE_MODULES:
        module = importlib.import_module(module_name)
        for rule in module.RULES:
            if rule.id in rules:
                raise RuntimeError(f"duplicate rule id {rule.id}")
            rules[rule.id] = rule
    return dict(sorted(rules.items()))


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> List[Type[Rule]]:
    """Rules whose id starts with a prefix in ``select`` (all when empty) and none in ``ignore``.

    Prefixes work like ruff's: ``MTA0`` selects MTA001..MTA099.  Names are accepted too.
    """
    rules = all_rules()
    known = {r.id for r in rules.values()} | {r.name for r in rules.values()}

    def matches(rule: Type[Rule], patterns: List[str]) -> bool:
        return any(rule.id.startswith(p.upper()) or rule.name == p for p in patterns)

    select, ignore = [s.strip() for s in select if s.strip()], [s.strip() for s in ignore if s.strip()]
    for pattern in select + ignore:
        if pattern not in known and not any(rid.startswith(pattern.upper()) for rid in rules):
            raise UnknownRuleError(f"unknown rule '{pattern}' (see `mtaudit rules`)")
    return [r for r in rules.values() if (not select or matches(r, select)) and not matches(r, ignore)]


__all__ = ["Rule", "RuleContext", "all_rules", "select_rules"]
