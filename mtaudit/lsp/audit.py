"""Auditing editor buffers: the same readers, rules, settings, suppressions and baseline as
``mtaudit check``, arranged for re-auditing a document after every edit.

:class:`BufferAuditor` remembers each sentence's findings, so after an edit the rules (and
the model's judging of their rewrites) run on the changed sentences only; fluency scores
of unchanged sentences come from the scorer's own cache, keyed by sentence text.  An audit
can be cancelled between steps (a newer version of the document makes it stale).
"""
from __future__ import annotations

import bisect
import collections
import contextlib
import dataclasses
import threading
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from mtaudit import __version__
from mtaudit.api import Auditor
from mtaudit.ci.baseline import Baseline, fingerprints
from mtaudit.config import Config, resolve
from mtaudit.errors import InputFormatError
from mtaudit.pipeline import find_inputs
from mtaudit.readers import format_for_path
from mtaudit.types import FileReport, Finding, Report, Sentence, Span

# Formats the server audits; locale JSON/YAML need their source file to pair with.
FORMATS = ("text", "markdown", "html", "po", "xliff")
LANGUAGE_IDS = {"plaintext": "text", "text": "text", "markdown": "markdown", "html": "html",
                "po": "po", "gettext": "po", "xliff": "xliff"}
BASELINE_NAME = ".mtaudit-baseline.json"
MEMO_SENTENCES = 50_000  # per auditor: a few documents of thousands of sentences
CHUNK = 64  # sentences the rules see at a time, so that a stale audit stops soon


class Cancelled(Exception):
    """The document changed while it was audited: this audit's result would be stale."""


class _Job(threading.local):
    stale: Callable[[], bool] = staticmethod(lambda: False)


_JOB = _Job()  # the running audit's staleness check, per worker thread


@contextlib.contextmanager
def cancellable(stale: Callable[[], bool]) -> Iterator[None]:
    """Audits in this block raise :class:`Cancelled` at their next step once ``stale()``."""
    _JOB.stale = stale
    try:
        yield
    finally:
        del _JOB.stale


def check_cancelled() -> None:
    if _JOB.stale():
        raise Cancelled()


class CancellableScorer:
    """A fluency scorer that scores in chunks and stops between them when the audit is stale."""

    def __init__(self, scorer: Any) -> None:
        self.real = scorer

    def score(self, texts: Sequence[str]) -> list:
        scores: list = []
        for start in range(0, len(texts), CHUNK):
            check_cancelled()
            scores.extend(self.real.score(texts[start : start + CHUNK]))
        return scores

    def __getattr__(self, name: str) -> Any:  # logprob, signature, the screens...
        return getattr(self.real, name)


class BufferAuditor(Auditor):
    """An :class:`~mtaudit.api.Auditor` that runs the rules on sentences it has not seen.

    A sentence's findings depend only on the sentence (rules see batches that may mix
    documents), so they are kept by its text, kind and map to the source relative to its
    start, and moved to wherever the sentence is now.
    """

    def __init__(self, config: Config, scorer: Any = None) -> None:
        super().__init__(config, CancellableScorer(scorer) if scorer is not None else None)
        self._memo: "collections.OrderedDict[tuple, Tuple[Finding, ...]]" = collections.OrderedDict()
        self.fresh_sentences = 0  # sentences the rules ran on (tests and the benchmark read it)

    def _detect(self, batch: List[Sentence]) -> List[Finding]:
        found: List[Finding] = []
        fresh: List[Tuple[Sentence, tuple, int]] = []
        for sentence in batch:
            key, base = _memo_key(sentence)
            known = self._memo.get(key)
            if known is None:
                fresh.append((sentence, key, base))
            else:
                self._memo.move_to_end(key)
                found.extend(_moved(f, base) for f in known)
        for start in range(0, len(fresh), CHUNK):
            check_cancelled()
            chunk = fresh[start : start + CHUNK]
            findings = super()._detect([s for s, _, _ in chunk])
            self.fresh_sentences += len(chunk)
            found.extend(findings)
            self._remember(chunk, findings)
        return found

    def _remember(self, chunk: List[Tuple[Sentence, tuple, int]], findings: List[Finding]) -> None:
        spans = sorted(((s.segment.source_span(0, len(s.text)), key, base) for s, key, base in chunk if s.text),
                       key=lambda item: item[0].start)
        starts = [span.start for span, _, _ in spans]
        own: Dict[tuple, List[Finding]] = {key: [] for _, key, _ in chunk}
        for f in findings:
            i = bisect.bisect_right(starts, f.span.start) - 1
            span, key, base = spans[i] if i >= 0 else (None, None, 0)
            if span is None or not span.start <= f.span.start <= f.span.end <= span.end:
                own.pop(key, None)  # a finding outside its sentence: do not remember that sentence
                continue
            if key in own:
                own[key].append(_moved(f, -base))
        for key, kept in own.items():
            self._memo[key] = tuple(kept)
        while len(self._memo) > MEMO_SENTENCES:
            self._memo.popitem(last=False)


def _memo_key(sentence: Sentence) -> Tuple[tuple, int]:
    segment = sentence.segment
    base = segment.pieces[0].source_start if segment.pieces else 0
    pieces = tuple((p.text_start, p.source_start - base, p.length, p.source_length) for p in segment.pieces)
    return (segment.text, segment.kind, pieces), base


def _moved(finding: Finding, by: int) -> Finding:
    return dataclasses.replace(finding, span=Span(finding.span.start + by, finding.span.end + by))


# -- one document ------------------------------------------------------------------------


@dataclasses.dataclass
class Target:
    """What to audit a buffer as: its settings, format and the path reports give it."""

    config: Config
    format: Optional[str]  # None: a format the server does not audit
    path: str  # the file's absolute path (or the URI of an unsaved buffer)
    file: Optional[Path]  # the file on disk, when the buffer has one
    excluded: bool = False


def target(uri_path: Optional[str], uri: str, language_id: Optional[str], start: Path,
           config_file: Optional[Path], **overrides: Any) -> Target:
    """Settings and format for the buffer ``uri`` (file path ``uri_path``, when it has one):
    the nearest settings file upward from the file (else from ``start``), as ``check`` finds
    them, with the server's own options on top.  Raises ConfigError for broken settings."""
    file = Path(uri_path) if uri_path else None
    config = resolve(file.parent if file else start, config_file, **overrides)
    fmt = config.input_format or (format_for_path(file.name) if file else None) or LANGUAGE_IDS.get(language_id or "")
    excluded = False
    if file is not None and file.exists() and config.exclude:
        found, _ = find_inputs([str(file)], config)
        excluded = not found
    return Target(config, fmt if fmt in FORMATS else None, str(file) if file else uri, file, excluded)


def audit_buffer(auditor: Auditor, text: str, where: Target) -> FileReport:
    """The report on ``text`` (the buffer), before the baseline; InputFormatError for text
    that cannot be read as its format."""
    if "\0" in text:
        raise InputFormatError("binary content (NUL characters), not text")
    return auditor.audit_text(text, where.path, where.format)


def find_baseline(where: Target, root: Optional[Path]) -> Path:
    """The baseline file for a document: the nearest ``.mtaudit-baseline.json`` upward from
    it; when there is none, where ``add to baseline`` creates one: beside the settings file,
    else at the workspace root, else beside the document."""
    if where.file is not None:
        for folder in where.file.parents:
            if (folder / BASELINE_NAME).is_file():
                return folder / BASELINE_NAME
    if where.config.source is not None:
        return where.config.source.parent / BASELINE_NAME
    if root is not None:
        return root / BASELINE_NAME
    return (where.file.parent if where.file else Path.cwd()) / BASELINE_NAME


def without_baselined(report: FileReport, baseline: Optional[Path]) -> Tuple[FileReport, Dict[int, str]]:
    """``report`` without the findings its baseline accepts, and the fingerprint of each kept
    finding by its index.  A broken baseline raises ConfigError."""
    prints = fingerprints(report)
    by_finding = {id(f): prints[i] for i, f in enumerate(report.findings)}
    if baseline is not None and baseline.is_file():
        kept = dataclasses.replace(report, findings=list(report.findings))
        Baseline.load(baseline).new_findings(Report(__version__, files=[kept]))
        report = kept
    return report, {i: by_finding[id(f)] for i, f in enumerate(report.findings)}


def add_to_baseline(baseline: Path, report: FileReport, fingerprint: str) -> bool:
    """Accept one more copy of the finding ``fingerprint`` of ``report`` in ``baseline``
    (created when missing); False when the report has no such finding."""
    prints = fingerprints(report)
    same = [i for i, fp in prints.items() if fp == fingerprint]
    if not same:
        return False
    accepted = Baseline.load(baseline) if baseline.exists() else Baseline(baseline.parent)
    records = accepted.entries.setdefault(accepted.key(report.path), {})
    finding = report.findings[same[0]]
    record = records.setdefault(fingerprint, {"fingerprint": fingerprint, "rule": finding.rule,
                                              "text": finding.text, "count": 0})
    record["count"] = min(record["count"] + 1, len(same))
    accepted.save(baseline)
    return True
