"""``--format json``: the versioned machine-readable report (``"schema": 1``).

Contract (validated by ``report.schema.json`` next to this module)::

    {"schema": 1, "version": "X.Y.Z", "model": null | "<scorer signature>",
     "files": [{"path", "format", "language", "fluency", "mt_likelihood", "mt_evidence": [str], "notes": [str],
                "findings": [{"rule", "name", "severity", "line", "column", "end_line",
                              "end_column", "text", "message", "confidence", "suggestions"}],
                "sentences": [{"line", "column", "end_line", "end_column", "text", "fluency"}]}],
     "errors": [{"path", "message"}]}

Lines and columns are 1-based Unicode code points; ``end_column`` is exclusive.
Beyond the base contract this format adds four keys: per-file ``mt_likelihood`` (the
document verdict in [0, 1], see ``mtaudit.verdict``; ``null`` for an empty or skipped
file, and for one under five sentences, too short to judge) and ``mt_evidence`` (what the
verdict rests on, strongest first: ``"2 tortured phrases"``, ``"unusually predictable for
its vocabulary"``...), top-level ``model`` (the signature
of the fluency scorer, ``null`` when no model was used, so scores can be compared only
between runs of the same model) and per-file ``notes`` (remarks such as
``"skipped: document language is de"`` that explain an empty file entry).
Consumers must ignore keys they do not know; a breaking change bumps ``schema``.
"""
from __future__ import annotations

import json
from typing import Any, Dict, TextIO

from mtaudit.reporters.base import Reporter
from mtaudit.types import FileReport, Finding, Location, Report, Sentence

SCHEMA_VERSION = 1


def _location(loc: Location) -> Dict[str, int]:
    return {"line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column}


def finding_to_dict(f: Finding) -> Dict[str, Any]:
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity.value,
        **_location(f.location),
        "text": f.text,
        "message": f.message,
        "confidence": f.confidence,
        "suggestions": list(f.suggestions),
    }


def _sentence(s: Sentence) -> Dict[str, Any]:
    return {**_location(s.location), "text": s.text, "fluency": s.fluency}


def file_to_dict(f: FileReport) -> Dict[str, Any]:
    """One ``files[]`` entry of the contract."""
    return {
        "path": f.path,
        "format": f.format,
        "language": f.language,
        "fluency": f.fluency,
        "mt_likelihood": f.mt_likelihood,
        "mt_evidence": list(f.mt_evidence),
        "notes": list(f.notes),
        "findings": [finding_to_dict(x) for x in f.findings],
        "sentences": [_sentence(s) for s in f.sentences],
    }


def report_to_dict(report: Report) -> Dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "version": report.version,
        "model": report.model,
        "files": [file_to_dict(f) for f in report.files],
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
    }


class JsonReporter(Reporter):
    name = "json"

    def render(self, report: Report, stream: TextIO) -> None:
        json.dump(report_to_dict(report), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
