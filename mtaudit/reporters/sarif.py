"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` documents the selected rules (plus any rule that has a
finding but was not passed in).  Every result carries its first suggestion as a fix,
all suggestions in the message and in ``properties.suggestions``, the rule's
``confidence`` and a ``partialFingerprints`` entry so that code scanning can follow a
finding when lines move.  Input errors are ``invocations[0].toolExecutionNotifications``.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, Dict, List, TextIO, Type
from urllib.parse import quote

from mtaudit.reporters.base import Reporter
from mtaudit.rules.base import Rule
from mtaudit.types import Finding, Location, Report, Severity

SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "mtaudit/v1"

LEVELS = {Severity.INFO: "note", Severity.WARNING: "warning", Severity.ERROR: "error"}


def _artifact(path: str) -> Dict[str, str]:
    # A URI reference relative to the checkout: forward slashes, spaces etc. percent-encoded.
    return {"uri": quote(path.replace("\\", "/"), safe="/"), "uriBaseId": SRCROOT}


def _region(loc: Location) -> Dict[str, Any]:
    return {"startLine": loc.line, "startColumn": loc.column, "endLine": loc.end_line, "endColumn": loc.end_column}


def _rule_descriptor(rule: Type[Rule]) -> Dict[str, Any]:
    what = rule.doc_section("What it does") or rule.summary
    bad, good = rule.example_pair()
    help_parts = [what, rule.doc_section("Why is this bad?")]
    if bad and good:
        help_parts.append(f"Example: {bad}\nUse instead: {good}")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what},
        "help": {"text": "\n\n".join(p for p in help_parts if p), "markdown": rule.doc() or rule.summary},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _message(f: Finding) -> str:
    if not f.suggestions:
        return f.message
    label = "Suggestion" if len(f.suggestions) == 1 else "Suggestions"
    return f"{f.message} {label}: " + ", ".join(f"“{s}”" for s in f.suggestions)


def _fingerprint(f: Finding, uri: str, occurrence: int) -> str:
    # Rule, file and flagged text only, so the fingerprint survives edits elsewhere in the
    # file; the occurrence number (as in GitHub's own line hashes) tells repeats apart.
    digest = hashlib.sha256("\0".join((f.rule, uri, f.text)).encode("utf-8")).hexdigest()[:32]
    return f"{digest}:{occurrence}"


class SarifReporter(Reporter):
    name = "sarif"

    def _descriptors(self, report: Report) -> List[Dict[str, Any]]:
        descriptors = {rid: _rule_descriptor(rule) for rid, rule in self.rules.items()}
        for _, f in report.iter_findings():
            # A finding of a rule we were not told about still needs a descriptor for ruleIndex.
            descriptors.setdefault(f.rule, {"id": f.rule, "name": f.name, "defaultConfiguration": {"level": LEVELS[f.severity]}})
        return [descriptors[rid] for rid in sorted(descriptors)]

    def render(self, report: Report, stream: TextIO) -> None:
        descriptors = self._descriptors(report)
        rule_index = {d["id"]: i for i, d in enumerate(descriptors)}
        results = []
        for file in report.files:
            artifact = _artifact(file.path)
            seen: Counter = Counter()
            for f in file.findings:
                seen[(f.rule, f.text)] += 1
                region = _region(f.location)
                result: Dict[str, Any] = {
                    "ruleId": f.rule,
                    "ruleIndex": rule_index[f.rule],
                    "level": LEVELS[f.severity],
                    "message": {"text": _message(f)},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {**region, "snippet": {"text": f.text}},
                    }}],
                    "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(f, artifact["uri"], seen[(f.rule, f.text)])},
                    "properties": {"confidence": f.confidence, "suggestions": list(f.suggestions)},
                }
                if f.suggestions:
                    fix = f.suggestions[0]
                    result["fixes"] = [{
                        "description": {"text": f"Replace “{f.text}” with “{fix}”" if fix else f"Delete “{f.text}”"},
                        "artifactChanges": [{
                            "artifactLocation": artifact,
                            "replacements": [{"deletedRegion": region, "insertedContent": {"text": fix}}],
                        }],
                    }]
                results.append(result)
        notifications = [
            {
                "level": "error",
                "message": {"text": e.message},
                "locations": [{"physicalLocation": {"artifactLocation": _artifact(e.path)}}],
            }
            for e in report.errors
        ]
        run = {
            "tool": {"driver": {
                "name": "mtaudit",
                "version": report.version,
                "semanticVersion": report.version,
                "rules": descriptors,
            }},
            # Unreadable files are reported, not fatal: the run itself completed.
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }
        if report.model:
            run["properties"] = {"model": report.model}
        json.dump({"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
