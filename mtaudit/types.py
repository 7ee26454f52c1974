"""The data that flows through mtaudit: documents -> segments -> findings -> reports.

All offsets are half-open ``[start, end)`` counts of Unicode code points.  Segment
offsets index the segment's own ``text``; source offsets index the decoded original
file (after a byte-order mark, newlines kept exactly as in the file).

Results convert themselves to plain dicts (``to_dict``): the JSON contract of
``--format json`` (documented in :mod:`mtaudit.reporters.json_report`), which the API returns too.
"""
from __future__ import annotations

import bisect
import enum
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, Optional, Sequence, Tuple

SCHEMA_VERSION = 1  # of the JSON contract; a breaking change bumps it


class Severity(str, enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of segment text taken from the source.

    ``verbatim`` runs copy ``length`` characters one to one.  A non-verbatim piece is
    one segment character (or a few) standing for a different source text, such as
    ``&amp;`` -> ``&`` or an escaped ``\\"`` in a .po string: every character of it maps
    to the whole source range.
    """

    text_start: int
    source_start: int
    length: int
    source_length: int

    @property
    def verbatim(self) -> bool:
        return self.length == self.source_length


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of auditable text with a map back to the original file.

    ``pieces`` are ordered by ``text_start``, cover ``text`` completely and never
    overlap.  Use :meth:`from_source` / :class:`SegmentBuilder` to build one.
    """

    text: str
    pieces: Tuple[Piece, ...]
    kind: str = "paragraph"  # heading, list-item, table-cell, alt, msgstr, target...

    @classmethod
    def from_source(cls, text: str, source_start: int, kind: str = "paragraph") -> "Segment":
        """A segment copied verbatim from the source at ``source_start``."""
        pieces = (Piece(0, source_start, len(text), len(text)),) if text else ()
        return cls(text, pieces, kind)

    def _piece(self, pos: int) -> Piece:
        return self.pieces[bisect.bisect_right(self.pieces, pos, key=lambda p: p.text_start) - 1]

    def source_span(self, start: int, end: int) -> Span:
        """Map the segment text range ``[start, end)`` to source offsets."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"bad span {start}:{end} for segment of length {len(self.text)}")
        first = self._piece(start)
        last = self._piece(end - 1)
        if first.verbatim:
            src_start = first.source_start + (start - first.text_start)
        else:
            src_start = first.source_start
        if last.verbatim:
            src_end = last.source_start + (end - last.text_start)
        else:
            src_end = last.source_start + last.source_length
        return Span(src_start, src_end)

    def slice(self, start: int, end: int, kind: Optional[str] = None) -> "Segment":
        """The sub-segment ``text[start:end]`` with its own piece map (e.g. a sentence)."""
        pieces = []
        for p in self.pieces:
            lo, hi = max(start, p.text_start), min(end, p.text_start + p.length)
            if lo >= hi:
                continue
            if p.verbatim:
                pieces.append(Piece(lo - start, p.source_start + lo - p.text_start, hi - lo, hi - lo))
            else:
                pieces.append(Piece(lo - start, p.source_start, hi - lo, p.source_length))
        return Segment(self.text[start:end], tuple(pieces), kind or self.kind)


class SegmentBuilder:
    """Accumulates text with its source offsets; readers use it to build segments."""

    def __init__(self, kind: str = "paragraph") -> None:
        self.kind = kind
        self._parts: list[str] = []
        self._pieces: list[Piece] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def add(self, text: str, source_start: int) -> None:
        """Append ``text`` that appears verbatim at ``source_start``."""
        if not text:
            return
        last = self._pieces[-1] if self._pieces else None
        if (
            last is not None
            and last.verbatim
            and last.source_start + last.source_length == source_start
        ):
            self._pieces[-1] = Piece(last.text_start, last.source_start, last.length + len(text), last.length + len(text))
        else:
            self._pieces.append(Piece(self._length, source_start, len(text), len(text)))
        self._parts.append(text)
        self._length += len(text)

    def add_replacement(self, text: str, source_start: int, source_length: int) -> None:
        """Append ``text`` that stands for ``source_length`` source characters (an escape, an entity)."""
        if not text:
            return
        if len(text) == source_length:
            # Same length but different characters: keep it separate so it is not merged.
            for i, ch in enumerate(text):
                self._pieces.append(Piece(self._length + i, source_start + i, 1, 1))
                self._parts.append(ch)
            self._length += len(text)
            return
        self._pieces.append(Piece(self._length, source_start, len(text), source_length))
        self._parts.append(text)
        self._length += len(text)

    def build(self) -> Segment:
        return Segment("".join(self._parts), tuple(self._pieces), self.kind)


_NEWLINE = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Converts source offsets to 1-based (line, column); ``\\r\\n``, ``\\n`` and ``\\r`` end lines."""

    def __init__(self, line_starts: Optional[Sequence[int]] = None) -> None:
        self.line_starts: list[int] = list(line_starts) if line_starts is not None else [0]
        self._ended_with_cr = False

    @classmethod
    def from_text(cls, text: str) -> "LineIndex":
        index = cls()
        index.feed(text, 0)
        return index

    def feed(self, chunk: str, chunk_start: int) -> None:
        """Record the line starts inside ``chunk`` (which begins at source offset ``chunk_start``).

        Chunks must be fed in order; a ``\\r\\n`` pair split across chunks counts once.
        """
        for m in _NEWLINE.finditer(chunk):
            end = chunk_start + m.end()
            if m.group() == "\n" and m.start() == 0 and self._ended_with_cr:
                self.line_starts[-1] = end
            else:
                self.line_starts.append(end)
        self._ended_with_cr = chunk.endswith("\r")

    def position(self, offset: int) -> Tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


@dataclass(frozen=True, slots=True)
class Location:
    line: int
    column: int
    end_line: int
    end_column: int  # exclusive, as in SARIF

    def to_dict(self) -> Dict[str, int]:
        return {"line": self.line, "column": self.column, "end_line": self.end_line, "end_column": self.end_column}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    span: Span  # source offsets
    text: str  # exact original text of the span
    message: str
    confidence: float = 1.0
    suggestions: Tuple[str, ...] = ()
    location: Optional[Location] = None

    def to_dict(self) -> Dict[str, Any]:
        return {"rule": self.rule, "name": self.name, "severity": self.severity.value, **self.location.to_dict(),
                "text": self.text, "message": self.message, "confidence": self.confidence,
                "suggestions": list(self.suggestions)}


@dataclass(slots=True)
class Sentence:
    """A sentence of a document: its segment (with source map) and, once scored, its fluency."""

    segment: Segment
    fluency: Optional[float] = None
    location: Optional[Location] = None

    @property
    def text(self) -> str:
        return self.segment.text

    def to_dict(self) -> Dict[str, Any]:
        return {**self.location.to_dict(), "text": self.text, "fluency": self.fluency}


@dataclass(slots=True)
class TranslationUnit:
    """A source string and its translation, from a bilingual file (.po, XLIFF, locale files).

    ``target`` maps the translation, whitespace included, into the audited (target) file;
    it is None when the target file lacks the key, and ``source`` is None for a key that
    only the target file has.  Findings about a unit without target text (empty, missing)
    point at ``anchor`` (source offsets in the target file: the empty literal, the unit).
    """

    id: str  # msgctxt + msgid, trans-unit id, or dotted key
    source: Optional[str]
    target: Optional[Segment]
    anchor: Span
    source_language: Optional[str] = None
    target_language: Optional[str] = None
    flags: Tuple[str, ...] = ()  # "fuzzy", "needs-review"...
    source_codes: Tuple[str, ...] = ()  # XLIFF inline codes (<x/>, <g>, <ph>, <pc>...) by name and id
    target_codes: Tuple[str, ...] = ()

    @property
    def target_text(self) -> str:
        return self.target.text if self.target is not None else ""


@dataclass(slots=True)
class Document:
    path: str  # as shown in reports: relative to the working directory where possible
    format: str
    segments: Sequence[Segment]
    lines: LineIndex
    source_language: Optional[str] = None  # e.g. msgid language of a .po file, when known
    source: Optional[str] = None  # the decoded file, for readers that hold it (not streaming ones)
    pairs: list = field(default_factory=list)  # list[TranslationUnit] of bilingual files


@dataclass(slots=True)
class FileReport:
    path: str
    format: str
    language: Optional[str] = None
    fluency: Optional[float] = None
    mt_likelihood: Optional[float] = None  # document verdict, see mtaudit.verdict
    findings: list = field(default_factory=list)  # list[Finding], located and sorted
    sentences: list = field(default_factory=list)  # list[Sentence], located
    notes: list = field(default_factory=list)  # human-readable remarks, e.g. "skipped: language de"
    mt_evidence: list = field(default_factory=list)  # list[str]: what mt_likelihood rests on, strongest first

    def to_dict(self) -> dict:
        """This file as a ``files[]`` entry of the JSON contract (``--format json``)."""
        return {"path": self.path, "format": self.format, "language": self.language, "fluency": self.fluency,
                "mt_likelihood": self.mt_likelihood, "mt_evidence": list(self.mt_evidence), "notes": list(self.notes),
                "findings": [f.to_dict() for f in self.findings], "sentences": [s.to_dict() for s in self.sentences]}

    def to_json(self, **kwargs) -> str:
        """:meth:`to_dict` as JSON text; ``kwargs`` go to :func:`json.dumps` (e.g. ``indent=2``)."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


@dataclass(frozen=True, slots=True)
class InputError:
    path: str
    message: str


@dataclass(slots=True)
class Report:
    version: str
    files: list = field(default_factory=list)  # list[FileReport]
    errors: list = field(default_factory=list)  # list[InputError]
    model: Optional[str] = None  # scorer signature when fluency was scored

    def to_dict(self) -> dict:
        """The whole report as the JSON contract (``--format json``)."""
        return {"schema": SCHEMA_VERSION, "version": self.version, "model": self.model,
                "files": [f.to_dict() for f in self.files],
                "errors": [{"path": e.path, "message": e.message} for e in self.errors]}

    def iter_findings(self) -> Iterator[Tuple[FileReport, Finding]]:
        for f in self.files:
            for finding in f.findings:
                yield f, finding
