"""Corpora made up for the tests: fluent and broken English segments, and bad rows."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, List

SUBJECTS = ["The committee", "Our company", "The minister", "The new team", "The city council", "A local school"]
VERBS = ["approved", "rejected", "discussed", "delayed", "published"]
OBJECTS = ["the plan", "the budget", "the annual report", "the proposal", "the contract", "the results"]
TAILS = ["on Monday.", "after a long debate.", "since two years.", "last week.", "without any delay."]


def segments(n: int) -> List[str]:
    """``n`` distinct short segments; some carry a doubled word, a stray space or a literal translation."""
    out = []
    for i in range(n):
        s = SUBJECTS[i % len(SUBJECTS)]
        v = VERBS[(i // 6) % len(VERBS)]
        o = OBJECTS[(i // 30) % len(OBJECTS)]
        t = TAILS[(i // 7) % len(TAILS)]
        text = f"{s} {v} {o} {t}"
        if i % 11 == 3:
            text = text.replace(f" {v} ", f" {v} {v} ")
        if i % 13 == 5:
            text = text.replace(" the ", " the  , ", 1)
        out.append(f"{text} It was item {i}.")
    return out


def write_jsonl(path: Path, records: Iterable[Any]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for record in records:
            f.write((record if isinstance(record, str) else json.dumps(record)) + "\n")
    return path


def read_jsonl(path: Path) -> List[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]
