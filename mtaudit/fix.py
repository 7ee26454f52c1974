"""`mtaudit fix`: apply the first suggestion of each finding, touching nothing else.

A finding is fixed only when its source span is plain prose: every character of it
comes verbatim from one segment, so code blocks, inline code, markup, entities and
escapes inside or around it are never rewritten.  The replacement is escaped for the
file's format (HTML/XLIFF entities, .po string escapes) and refused in Markdown when it
holds markup characters.  Overlapping fixes are left for a second run.

New bytes are built from the original bytes: everything outside the fixed spans is
copied unchanged (byte-order mark, CRLF line ends, final newline, the file's charset).
Files are written atomically (a temporary file in the same folder, then a rename) with
their permissions kept, and a file whose content changed after it was read is refused.
"""
from __future__ import annotations

import difflib
import hashlib
import html
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple

from mtaudit.errors import InputFormatError
from mtaudit.readers import format_for_path, read_raw, read_text
from mtaudit.types import Document, Finding

_MARKDOWN_SPECIAL = set("`*_[]<>\\|&")


class FileChangedError(InputFormatError):
    code = "E202"


@dataclass
class Edit:
    start: int  # source offsets
    end: int
    replacement: str
    finding: Finding


@dataclass
class FixPlan:
    """The fixes for one file and everything needed to write them safely."""

    path: Path
    shown: str
    raw: bytes
    source: str
    codec: str
    bom_length: int
    edits: List[Edit] = field(default_factory=list)
    skipped: List[Tuple[Finding, str]] = field(default_factory=list)  # (finding, why it was not fixed)

    def new_source(self) -> str:
        parts, pos = [], 0
        for e in self.edits:
            parts += [self.source[pos : e.start], e.replacement]
            pos = e.end
        return "".join(parts) + self.source[pos:]

    def new_bytes(self) -> bytes:
        """The original bytes with only the edited spans replaced."""
        out, char_pos, byte_pos = [self.raw[: self.bom_length]], 0, self.bom_length
        for e in self.edits:
            before = self.source[char_pos : e.start].encode(self.codec)
            old = self.source[e.start : e.end].encode(self.codec)
            start = byte_pos + len(before)
            # Decoding was lossless only if re-encoding gives back the very same bytes.
            if self.raw[byte_pos:start] != before or self.raw[start : start + len(old)] != old:
                raise InputFormatError(f"its {self.codec} encoding does not round-trip; not fixed")
            out += [self.raw[byte_pos:start], e.replacement.encode(self.codec)]
            char_pos, byte_pos = e.end, start + len(old)
        out.append(self.raw[byte_pos:])
        return b"".join(out)

    def diff(self) -> str:
        lines = difflib.unified_diff(self.source.splitlines(keepends=True), self.new_source().splitlines(keepends=True),
                                     f"a/{self.shown}", f"b/{self.shown}")
        return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def read_for_fix(path: Path, shown: str, input_format: Optional[str], lang: str) -> Tuple[FixPlan, Document]:
    """Read the whole file (plain text too) keeping its bytes, charset and BOM."""
    fmt = input_format or format_for_path(str(path)) or "text"
    raw, source, codec, bom_length = read_raw(path, fmt)
    return FixPlan(path, shown, raw, source, codec, bom_length), read_text(source, shown, fmt, lang)


def _plain_prose(document: Document, start: int, end: int) -> bool:
    """Whether source ``[start, end)`` is copied verbatim, without gaps, into one segment."""
    for segment in document.segments:
        pos = start
        for p in segment.pieces:
            if p.source_start + p.source_length <= pos:
                continue
            if p.source_start > pos or not p.verbatim:
                break
            pos = p.source_start + p.source_length
            if pos >= end:
                return True
    return False


def _escape(replacement: str, fmt: str) -> Optional[str]:
    """``replacement`` as it must be written in a ``fmt`` file; None when it cannot be."""
    if "\n" in replacement or "\r" in replacement:
        return None
    if fmt in ("html", "xliff"):
        return html.escape(replacement, quote=False)
    if fmt == "po":
        return replacement.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if fmt == "markdown" and _MARKDOWN_SPECIAL & set(replacement):
        return None
    return replacement


def plan_fixes(plan: FixPlan, document: Document, findings: List[Finding], min_confidence: float) -> FixPlan:
    taken_end = -1
    for f in sorted(findings, key=lambda f: (f.span.start, f.span.end, f.rule)):
        replacement = _escape(f.suggestions[0], document.format) if f.suggestions else None
        if not f.suggestions:
            why = "no suggestion"
        elif f.confidence < min_confidence:
            why = f"confidence {f.confidence} below --min-confidence {min_confidence}"
        elif replacement is None:
            why = "the suggestion cannot be written safely in this format"
        elif not _plain_prose(document, f.span.start, f.span.end):
            why = "the span is not plain prose (markup, code or an escape inside it)"
        elif f.span.start < taken_end:
            why = "it overlaps another fix (run fix again)"
        else:
            try:
                replacement.encode(plan.codec)
            except UnicodeEncodeError:
                plan.skipped.append((f, f"the suggestion cannot be written in {plan.codec}"))
                continue
            plan.edits.append(Edit(f.span.start, f.span.end, replacement, f))
            taken_end = f.span.end
            continue
        plan.skipped.append((f, why))
    return plan


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomically(path: Path, data: bytes, expected: Optional[bytes] = None) -> None:
    """Replace ``path`` with ``data`` via a temporary file and a rename, keeping its mode.

    With ``expected`` (the bytes read earlier), refuse when the file no longer holds them."""
    target = Path(os.path.realpath(path))  # through a symlink: write the file, keep the link
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".mtaudit-tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            shutil.copymode(target, tmp)
        else:  # a new file gets the usual permissions, not mkstemp's 0600
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if expected is not None and _digest(target.read_bytes()) != _digest(expected):
            raise FileChangedError("changed since it was read; not fixed (run fix again)")
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def apply(plan: FixPlan) -> None:
    try:
        write_atomically(plan.path, plan.new_bytes(), expected=plan.raw)
    except OSError as e:
        raise InputFormatError(f"cannot write the fixed file ({e.strerror or e})") from None
