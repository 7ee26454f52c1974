"""``--format junit``: JUnit XML for CI test-report viewers.

``<testsuites>`` holds one ``<testsuite name="mtaudit">``; each audited file is a
``<testcase classname="mtaudit" name="{path}">`` with one ``<failure type="{rule}">`` per
finding, and each input error is a testcase holding an ``<error>``.  As in JUnit, the
``failures``/``errors`` counts are of testcases, so a file with three findings counts once.
File notes go to the testcase's ``<system-out>``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from mtaudit.reporters.base import Reporter, suggestion_label
from mtaudit.types import Report

# Characters XML 1.0 cannot carry at all, even escaped; ElementTree would write them as-is.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


class JunitReporter(Reporter):
    name = "junit"

    def render(self, report: Report, stream: TextIO) -> None:
        failed = sum(1 for f in report.files if f.findings)
        counts = {
            "tests": str(len(report.files) + len(report.errors)),
            "failures": str(failed),
            "errors": str(len(report.errors)),
            "skipped": "0",
        }
        root = ET.Element("testsuites", {"name": "mtaudit", **counts})
        suite = ET.SubElement(root, "testsuite", {"name": "mtaudit", **counts})
        for file in report.files:
            case = ET.SubElement(suite, "testcase", {"classname": "mtaudit", "name": _clean(file.path)})
            for f in file.findings:
                loc = f.location
                body = f"{file.path}:{loc.line}:{loc.column}: {f.rule} {f.name} ({f.severity.value}): {f.message}\n{f.text}"
                if f.suggestions:
                    body += "\nSuggestions:\n" + "\n".join(f"  {suggestion_label(s)}" for s in f.suggestions)
                failure = ET.SubElement(case, "failure", {"type": f.rule, "message": _clean(f.message)})
                failure.text = _clean(body)
            if file.notes:
                ET.SubElement(case, "system-out").text = _clean("\n".join(file.notes))
        for e in report.errors:
            case = ET.SubElement(suite, "testcase", {"classname": "mtaudit", "name": _clean(e.path)})
            ET.SubElement(case, "error", {"message": _clean(e.message)}).text = _clean(f"{e.path}: {e.message}")
        ET.indent(root)
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        ET.ElementTree(root).write(stream, encoding="unicode")
        stream.write("\n")
