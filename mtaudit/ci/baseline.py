"""Baselines: accept the findings a repository already has, report only new ones.

A baseline file (JSON, ``"version": 1``) records each file's findings by fingerprint::

    {"version": 1, "mtaudit": "0.1.0",
     "files": {"docs/guide.md": [{"fingerprint": "3f0c…", "rule": "MTA001",
                                  "text": "problems problems", "count": 1}]}}

The fingerprint is the sha256 of the rule id, the flagged text (lower-cased, runs of
white space made one space) and the sha256 of the sentence around it (normalised the
same way); it holds no line numbers, so it survives lines moving within the file.
``count`` is how many identical findings the file had: a repeat beyond it is new.
Paths are relative to the baseline file's folder, with ``/`` separators.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, Optional, Tuple

from mtaudit import __version__
from mtaudit.errors import ConfigError
from mtaudit.types import FileReport, Location, Report

VERSION = 1
DEFAULT_PATH = ".mtaudit-baseline.json"


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _contains(outer: Location, inner: Location) -> bool:
    return ((outer.line, outer.column) <= (inner.line, inner.column)
            and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column))


def fingerprints(file: FileReport) -> Dict[int, str]:
    """The fingerprint of each finding of ``file``, by the finding's index."""
    out = {}
    sentences = [s for s in file.sentences if s.location is not None]
    for i, f in enumerate(file.findings):
        sentence = next((s.text for s in sentences if _contains(s.location, f.location)), "")
        out[i] = _sha256("\0".join((f.rule, _normalise(f.text), _sha256(_normalise(sentence)))))
    return out


class Baseline:
    """Accepted findings per file: ``{path relative to root: Counter(fingerprint -> count)}``."""

    def __init__(self, root: Path, entries: Optional[Dict[str, Dict[str, dict]]] = None) -> None:
        self.root = root.resolve()
        self.entries: Dict[str, Dict[str, dict]] = entries or {}  # path -> fingerprint -> record

    # -- paths -----------------------------------------------------------------------

    def key(self, shown: str) -> str:
        """A report path (relative to the working directory) as a baseline path."""
        return Path(os.path.relpath(Path(shown).resolve(), self.root)).as_posix()

    # -- building and filtering ----------------------------------------------------

    @classmethod
    def from_report(cls, report: Report, path: Path) -> "Baseline":
        baseline = cls(path.parent)
        for file in report.files:
            records: Dict[str, dict] = {}
            prints = fingerprints(file)
            for i, f in enumerate(file.findings):
                record = records.setdefault(prints[i], {"fingerprint": prints[i], "rule": f.rule, "text": f.text, "count": 0})
                record["count"] += 1
            if records:
                baseline.entries[baseline.key(file.path)] = records
        return baseline

    def new_findings(self, report: Report) -> Tuple[Report, int]:
        """``report`` with the baselined findings removed, and how many were removed."""
        removed = 0
        for file in report.files:
            accepted = Counter({fp: r["count"] for fp, r in self.entries.get(self.key(file.path), {}).items()})
            prints = fingerprints(file)
            kept = []
            for i, f in enumerate(file.findings):
                if accepted[prints[i]] > 0:
                    accepted[prints[i]] -= 1
                    removed += 1
                else:
                    kept.append(f)
            file.findings = kept
        return report, removed

    def prune(self, report: Report) -> int:
        """Drop entries fixed since: for the files in ``report`` keep at most their current
        findings (never add new ones); drop files that no longer exist.  Returns how many
        findings were dropped."""
        before = self.total()
        current = {self.key(f.path): (f, fingerprints(f)) for f in report.files}
        for path in list(self.entries):
            if path in current:
                file, prints = current[path]
                counts = Counter(prints.values())
                records = {}
                for fp, record in self.entries[path].items():
                    if counts[fp]:
                        records[fp] = {**record, "count": min(record["count"], counts[fp])}
                self.entries[path] = records
            elif not (self.root / path).exists():
                self.entries[path] = {}
            if not self.entries[path]:
                del self.entries[path]
        return before - self.total()

    def total(self) -> int:
        return sum(r["count"] for records in self.entries.values() for r in records.values())

    # -- files -----------------------------------------------------------------------

    def to_json(self) -> str:
        files = {
            path: sorted(records.values(), key=lambda r: (r["rule"], r["text"], r["fingerprint"]))
            for path, records in sorted(self.entries.items())
        }
        return json.dumps({"version": VERSION, "mtaudit": __version__, "files": files}, ensure_ascii=False, indent=2) + "\n"

    def save(self, path: Path) -> None:
        from mtaudit.fix import write_atomically

        write_atomically(path, self.to_json().encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"baseline {path} does not exist (create it with `mtaudit baseline create`)") from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ConfigError(f"cannot read baseline {path}: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("files"), dict):
            raise ConfigError(f"{path} is not a version {VERSION} mtaudit baseline")
        entries: Dict[str, Dict[str, dict]] = {}
        try:
            for file, records in data["files"].items():
                entries[file] = {r["fingerprint"]: {"fingerprint": str(r["fingerprint"]), "rule": str(r["rule"]),
                                                    "text": str(r["text"]), "count": int(r["count"])}
                                 for r in _records(records)}
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"{path}: malformed entry in 'files' (see the baseline format in the README)") from None
        return cls(path.parent, entries)


def _records(records: Iterable) -> Iterable[dict]:
    if not isinstance(records, list):
        raise TypeError("a file's findings must be a list")
    return records
