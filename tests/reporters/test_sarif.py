import dataclasses
import json

import jsonschema
import pytest
from reporter_fixtures import DATA, RULES, build_report, render

from mtaudit.reporters.sarif import SarifReporter
from mtaudit.types import Location

# The OASIS schema (errata 01), as published in oasis-tcs/sarif-spec.
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))


def sarif(report=None):
    return json.loads(render(SarifReporter, report or build_report()))


def validate(doc):
    cls = jsonschema.validators.validator_for(SARIF_SCHEMA)  # the draft named by its $schema
    cls(SARIF_SCHEMA).validate(doc)


def test_validates_against_official_schema():
    doc = sarif()
    validate(doc)
    assert doc["version"] == "2.1.0" and doc["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_schema_check_can_fail():
    doc = sarif()
    doc["runs"][0]["results"][0]["level"] = "warn"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


def test_rule_metadata():
    driver = sarif()["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("mtaudit", "0.1.0")
    rules = {r["id"]: r for r in driver["rules"]}
    assert list(rules) == ["MTA001", "MTA002", "MTA003", "MTA004", "MTA101"]
    doubled = rules["MTA001"]
    assert doubled["name"] == "doubled-word"
    assert doubled["shortDescription"] == {"text": "Word repeated"}
    assert doubled["fullDescription"] == {"text": "Flags a word written twice in a row."}
    assert "Example: We met the the committee.\nUse instead: We met the committee." in doubled["help"]["text"]
    assert doubled["help"]["markdown"].startswith("## What it does")
    levels = {rid: r["defaultConfiguration"]["level"] for rid, r in rules.items()}
    assert levels == {"MTA001": "warning", "MTA002": "note", "MTA003": "error", "MTA004": "warning", "MTA101": "note"}
    # A rule not passed in still gets a descriptor, from its findings.
    assert rules["MTA002"]["name"] == "stray-punctuation"


def test_results():
    run = sarif()["runs"][0]
    results = run["results"]
    assert len(results) == 6
    for r in results:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    idiom = results[4]
    assert (idiom["ruleId"], idiom["level"]) == ("MTA101", "note")
    assert idiom["message"]["text"] == 'Idiom "make the needful" is garbled Suggestions: “50% "done", then:\nrest”, “do what is needed”'
    assert idiom["properties"] == {"confidence": 0.9, "suggestions": ['50% "done", then:\nrest', "do what is needed"]}
    loc = idiom["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "docs/guide.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 4, "startColumn": 4, "endLine": 4, "endColumn": 20, "snippet": {"text": "make the needful"}}
    (change,) = idiom["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 4, "startColumn": 4, "endLine": 4, "endColumn": 20},
        "insertedContent": {"text": '50% "done", then:\nrest'},
    }]
    assert "fixes" not in results[3]  # no suggestion, no fix
    assert results[5]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "notes/%C3%BC%20space.txt"


def test_errors_become_notifications():
    (invocation,) = sarif()["runs"][0]["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"].startswith("[E201]")
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "po/broken%2Cold.po"


def fingerprints(doc):
    return [r["partialFingerprints"]["mtaudit/v1"] for r in doc["runs"][0]["results"]]


def test_fingerprints_are_unique_and_survive_moved_lines():
    report = build_report()
    before = fingerprints(sarif(report))
    assert len(set(before)) == len(before)
    for file in report.files:
        file.findings = [
            dataclasses.replace(f, location=Location(f.location.line + 5, f.location.column, f.location.end_line + 5, f.location.end_column))
            for f in file.findings
        ]
    assert fingerprints(sarif(report)) == before


def test_repeated_text_gets_distinct_fingerprints():
    report = build_report()
    notes = report.files[1]
    notes.findings = notes.findings * 2
    prints = fingerprints(sarif(report))[-2:]
    assert prints[0].split(":")[0] == prints[1].split(":")[0] and prints[0] != prints[1]


def test_rules_default_to_the_registry(monkeypatch):
    import mtaudit.rules

    monkeypatch.setattr(mtaudit.rules, "all_rules", lambda: {"MTA001": RULES["MTA001"]})
    driver = json.loads(render(SarifReporter, build_report(), rules=None))["runs"][0]["tool"]["driver"]
    assert driver["rules"][0]["shortDescription"]["text"] == "Word repeated"
