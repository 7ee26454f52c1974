import json
import os
from pathlib import Path

import jsonschema
import pytest
from reporter_fixtures import DATA, build_report, render

import mtaudit.reporters
from mtaudit.reporters.json_report import JsonReporter
from mtaudit.types import Report

SCHEMA = json.loads((Path(mtaudit.reporters.__file__).parent / "report.schema.json").read_text("utf-8"))


def validate(doc):
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    cls(SCHEMA).validate(doc)


def test_validates_against_schema():
    validate(json.loads(render(JsonReporter, build_report())))


@pytest.mark.parametrize("damage", [
    lambda d: d["files"][0]["findings"][0].pop("text"),
    lambda d: d["files"][0]["findings"][0].update(severity="fatal"),
    lambda d: d["files"][0]["sentences"][0].update(line=0),
    lambda d: d.update(schema=2),
    lambda d: d["files"][0].update(mt_evidence="1 doubled word"),
    lambda d: d["files"][0].update(mt_likelihood=1.5),
])
def test_schema_rejects_broken_reports(damage):
    doc = json.loads(render(JsonReporter, build_report()))
    damage(doc)
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


def test_round_trips_values():
    report = build_report()
    doc = json.loads(render(JsonReporter, report))
    assert (doc["schema"], doc["version"], doc["model"]) == (1, "0.1.0", "tinylm-q4@abc123")
    assert doc["errors"] == [{"path": e.path, "message": e.message} for e in report.errors]
    for fdoc, file in zip(doc["files"], report.files, strict=True):
        assert (fdoc["path"], fdoc["format"], fdoc["language"], fdoc["fluency"], fdoc["notes"]) == (
            file.path, file.format, file.language, file.fluency, file.notes)
        assert (fdoc["mt_likelihood"], fdoc["mt_evidence"]) == (file.mt_likelihood, file.mt_evidence)
        for got, f in zip(fdoc["findings"], file.findings, strict=True):
            loc = f.location
            assert got == {
                "rule": f.rule, "name": f.name, "severity": f.severity.value,
                "line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column,
                "text": f.text, "message": f.message, "confidence": f.confidence, "suggestions": list(f.suggestions),
            }
        assert [(s["text"], s["fluency"], s["line"], s["column"]) for s in fdoc["sentences"]] == [
            (s.text, s.fluency, s.location.line, s.location.column) for s in file.sentences]
    # The crossing finding keeps its exact source text, CRLF included.
    assert doc["files"][0]["findings"][3]["text"] == "8 o'clock.\r\nWe"


def test_golden():
    full = build_report()
    small = Report(full.version, files=[full.files[1]], errors=full.errors)
    out = render(JsonReporter, small)
    golden = DATA / "report.golden.json"
    if os.environ.get("MTAUDIT_UPDATE_GOLDEN"):
        golden.write_text(out, "utf-8")
    assert out == golden.read_text("utf-8")
