"""Meta-tests: every rule is registered once, documented, and has its own test module."""
import re
from pathlib import Path

import pytest

from mtaudit.errors import UnknownRuleError
from mtaudit.rules import RULE_MODULES, all_rules, select_rules

RULES = list(all_rules().values())
TESTS = Path(__file__).parent


def test_ids_are_unique_and_well_formed():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"MTA\d{3}", i) for i in ids)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name) for r in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_docs_are_complete(rule):
    for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert rule.doc_section(section), f"{rule.id} lacks '## {section}'"
    bad, good = rule.example_pair()
    assert bad and good and bad != good
    assert rule.summary and "\n" not in rule.summary


@pytest.mark.parametrize("module", RULE_MODULES)
def test_each_rule_module_has_a_test(module):
    stem = module.rsplit(".", 1)[1]
    assert (TESTS / f"test_{stem}.py").is_file()
    assert stem.startswith("mta") and any(stem.startswith(r.id.lower()) for r in RULES)


def test_select_and_ignore_by_prefix_and_name():
    assert {r.id for r in select_rules(["MTA00"])} >= {"MTA001", "MTA002"}
    assert "MTA001" not in {r.id for r in select_rules((), ["doubled-word"])}
    with pytest.raises(UnknownRuleError):
        select_rules(["MTA999"])
