"""Corpus rows: what an input row is, how it is checked, and the result row written for it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from mtaudit.types import FileReport, Finding

DEFAULT_MAX_CHARS = 100_000

# The columns of a result row, in order.
RESULT_FIELDS = ("id", "fluency", "mt_likelihood", "findings", "suggestions")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # a row without the text field (None is a JSON null, which is different)


@dataclass(frozen=True)
class InputRow:
    """One row as read: ``seq`` is its 1-based position (the line number in JSONL).

    ``id`` is the id field's value, or ``seq`` when no id field is used; ``None`` when
    the row has no usable id.  ``error`` is set for a row that could not be read at all.
    """

    seq: int
    id: Any
    text: Any = MISSING
    error: Optional[str] = None


def id_key(value: Any) -> str:
    """Ids are compared as text: ``7`` and ``"7"`` are the same id."""
    return str(value)


def check_id(value: Any) -> Optional[str]:
    """Why ``value`` cannot be an id, or None when it can."""
    if value is MISSING or value is None:
        return "missing id"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"id must be a string or an integer, not {_kind(value)}"
    if isinstance(value, str) and not value.strip():
        return "empty id"
    return None


def check_text(value: Any, field: str, max_chars: int) -> Optional[str]:
    """Why ``value`` cannot be audited, or None when it can."""
    if value is MISSING:
        return f"no field '{field}'"
    if not isinstance(value, str):
        return f"field '{field}' is {_kind(value)}, not a string"
    if not value.strip():
        return f"field '{field}' is empty"
    if len(value) > max_chars:
        return f"field '{field}' has {len(value):,} characters, more than the limit of {max_chars:,} (--max-chars)"
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), f"a {type(value).__name__}")


def error_row(row: InputRow, message: str) -> Dict[str, Any]:
    """A line of the errors file."""
    return {"id": row.id if check_id(row.id) is None else None, "row": row.seq, "error": message}


def result_row(row_id: Any, report: FileReport) -> Dict[str, Any]:
    """The output row of one audited segment.

    ``findings`` use the JSON contract's finding objects (lines and columns inside the
    segment); ``suggestions`` are the best suggestion of each finding that has one, as
    non-overlapping edits ``{start, end, text, replacement}`` in code-point offsets into
    the segment: applied from the last to the first, they give the corrected segment.
    """
    return {
        "id": row_id,
        "fluency": report.fluency,
        "mt_likelihood": report.mt_likelihood,
        "findings": [f.to_dict() for f in report.findings],
        "suggestions": suggestion_edits(report.findings),
    }


def suggestion_edits(findings: Sequence[Finding]) -> List[Dict[str, Any]]:
    edits: List[Dict[str, Any]] = []
    end = -1
    for f in sorted(findings, key=lambda f: (f.span.start, f.span.end, f.rule)):
        if f.suggestions and f.span.start >= end:
            edits.append({"start": f.span.start, "end": f.span.end, "text": f.text, "replacement": f.suggestions[0]})
            end = f.span.end
    return edits


def apply_edits(text: str, edits: Sequence[Dict[str, Any]]) -> str:
    """``text`` with ``edits`` (as in :func:`result_row`) applied."""
    for edit in sorted(edits, key=lambda e: e["start"], reverse=True):
        text = text[: edit["start"]] + edit["replacement"] + text[edit["end"] :]
    return text
