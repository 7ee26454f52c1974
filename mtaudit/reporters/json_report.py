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
The results build it themselves (``Report.to_dict`` in :mod:`mtaudit.types`).
"""
from __future__ import annotations

import json
from typing import TextIO

from mtaudit.reporters.base import Reporter
from mtaudit.types import Report


class JsonReporter(Reporter):
    name = "json"

    def render(self, report: Report, stream: TextIO) -> None:
        json.dump(report.to_dict(), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
