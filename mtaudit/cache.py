"""Result cache: a file's report is kept per (content, settings, model, mtaudit code).

A second `check` over unchanged files reads their reports back instead of auditing them.
One JSON file per entry under ``$MTAUDIT_RESULT_CACHE`` or ``<cache folder>/results``
(the cache folder is ``$MTAUDIT_CACHE`` or the user cache folder), named by the sha256 of everything that can change the report: the file's
bytes and display path, the settings that affect findings, the scorer's signature (or
``no-model``), and mtaudit's version plus a stamp of its code and data files (so an edited
checkout never serves stale reports).  Entries are written atomically; any OS or JSON
error is treated as a miss, so a read-only or corrupt cache slows a run down but never
breaks it.  Delete the folder to clear it.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Dict, Optional, Set

from mtaudit import __version__
from mtaudit.config import Config
from mtaudit.resources import models_dir
from mtaudit.types import FileReport, Finding, Location, Piece, Segment, Sentence, Severity, Span

FORMAT = 1  # bump when the entry layout changes
# Settings that only decide which files are read or how the result is judged, not the report.
_NOT_IN_KEY = {"source", "exclude", "fail_on", "min_fluency", "offline", "no_model", "model"}


def results_dir() -> Path:
    """``$MTAUDIT_RESULT_CACHE``, else ``results`` in mtaudit's cache folder (next to the model)."""
    override = os.environ.get("MTAUDIT_RESULT_CACHE")
    if override:
        return Path(override).expanduser()
    from mtaudit.scoring.registry import cache_root

    return cache_root() / "results"


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """Names, sizes and modification times of mtaudit's modules and data files."""
    digest = hashlib.sha256(__version__.encode())
    for root in (Path(__file__).resolve().parent, models_dir()):
        for directory, dirs, names in sorted(os.walk(root)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".json", ".tsv", ".txt")):
                    st = os.stat(os.path.join(directory, name))
                    digest.update(f"{os.path.relpath(os.path.join(directory, name), root)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def config_digest(config: Config) -> str:
    settings = {k: v for k, v in dataclasses.asdict(config).items() if k not in _NOT_IN_KEY}
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


def file_digest(path: Path) -> Optional[str]:
    """sha256 of the file's bytes, or None when it cannot be read (the reader reports why)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


class ResultCache:
    """Reports of audited files, keyed as described in the module docstring."""

    def __init__(self, config: Config, model_signature: Optional[str], directory: Optional[Path] = None) -> None:
        self.directory = directory or results_dir()
        self._prefix = json.dumps([FORMAT, code_stamp(), config_digest(config), model_signature or "no-model"])
        self.hits = 0
        self.misses = 0

    def key(self, path: Path, shown: str, lines: Optional[Set[int]] = None) -> Optional[str]:
        """The entry of ``path``; ``lines``: the only lines audited (see ``Auditor.focus``)."""
        content = file_digest(path)
        if content is None:
            return None
        parts = [self._prefix, shown, content] + ([] if lines is None else [sorted(lines)])
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Optional[FileReport]:
        try:
            report = _load(json.loads(self._entry(key).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            self.misses += 1
            return None
        self.hits += 1
        return report

    def put(self, key: str, report: FileReport) -> None:
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(_dump(report), f, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, entry)  # readers see the old entry or the new one, never half of one
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass  # a cache that cannot be written only costs speed


def _loc(loc: Location) -> list:
    return [loc.line, loc.column, loc.end_line, loc.end_column]


def _dump(report: FileReport) -> Dict[str, Any]:
    return {
        "path": report.path, "format": report.format, "language": report.language, "fluency": report.fluency,
        "mt_likelihood": report.mt_likelihood, "mt_evidence": report.mt_evidence, "notes": report.notes,
        "findings": [[f.rule, f.name, f.severity.value, f.span.start, f.span.end, f.text, f.message, f.confidence,
                      list(f.suggestions), _loc(f.location)] for f in report.findings],
        "sentences": [[s.segment.text, s.segment.kind, [[p.text_start, p.source_start, p.length, p.source_length]
                       for p in s.segment.pieces], s.fluency, _loc(s.location)] for s in report.sentences],
    }


def _load(data: Dict[str, Any]) -> FileReport:
    findings = [
        Finding(rule, name, Severity(severity), Span(start, end), text, message, confidence, tuple(suggestions),
                Location(*loc))
        for rule, name, severity, start, end, text, message, confidence, suggestions, loc in data["findings"]
    ]
    sentences = [
        Sentence(Segment(text, tuple(Piece(*p) for p in pieces), kind), fluency, Location(*loc))
        for text, kind, pieces, fluency, loc in data["sentences"]
    ]
    return FileReport(data["path"], data["format"], data["language"], data["fluency"], data["mt_likelihood"],
                      findings, sentences, list(data["notes"]), list(data.get("mt_evidence", [])))
