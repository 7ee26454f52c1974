#!/usr/bin/env python3
"""How many garbled idioms of a split get their fix among MTA102's candidates, before the judge.

    python benchmarks/idiom_candidates.py --eval-dir DIR [--split tune] [--judged]

For every garbled idiom of the split (``benchmarks/build_eval.py``), whether one of MTA102's
near misses, after its similarity filter, has a rewrite that gives the corrected sentence;
per kind of garble. And how many near misses a fluent idiom sentence (correct, literal) and a
tortured term's clean twin get: what the judge must turn down. The judge cannot report a fix
that is not among the candidates, so this is the ceiling of MTA102's fix@3. The model is
loaded for its word embeddings only (the similarity filter); nothing is scored.

With ``--judged``, MTA102 also runs with the shipped judge over the garbled idioms, and each
whose fix is among the candidates is counted where it ends: reported with the fix among the
first three suggestions, its rewrite screened out before judging, judged under the cut-off,
or judged over it but not among the suggestions of the finding that took its words.
"""
from __future__ import annotations

import argparse
import collections
import csv
import sys
from pathlib import Path
from typing import Dict, List, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from detection import norm_fix  # noqa: E402
from mtaudit.lexicon.evidence import load_judge  # noqa: E402
from mtaudit.rules import mta102_garbled_idiom as mta102  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, required=True, help="built corpus (benchmarks/build_eval.py --out DIR)")
    parser.add_argument("--split", choices=("tune", "test"), default="tune")
    parser.add_argument("--max-edits", type=int, default=mta102.DEFAULT_MAX_EDITS)
    parser.add_argument("--judged", action="store_true", help="also count where the judge loses the fixes among the candidates")
    args = parser.parse_args(argv)
    from mtaudit.scoring import load_scorer

    with open(args.eval_dir / f"{args.split}.tsv", encoding="utf-8", newline="") as f:
        items = [it for it in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                 if it["source"] == "idiom" or it["kind"] == "twin"]
    scorer = load_scorer(offline=True, disk_cache=False)
    found, _ = mta102.candidates(mta102.idiom_index(), [it["text"] for it in items], scorer, args.max_edits)
    fixed, garbled = collections.Counter(), collections.Counter()
    candidates, fluent = collections.Counter(), collections.Counter()
    covered: List[dict] = []
    for it, kept in zip(items, found):
        if it["kind"] != "garbled":
            fluent[it["kind"]] += 1
            candidates[it["kind"]] += len(kept)
            continue
        right = any(fixes(it, n.start, n.end, r) for n in kept for r in n.replacements)
        for group in ("all", it["garble"]):
            garbled[group] += 1
            fixed[group] += right
        if right:
            covered.append(it)
    print(f"{args.split} split: garbled idioms with the fix among MTA102's candidates")
    for group in sorted(garbled, key=lambda g: (g != "all", g)):
        print(f"  {group:12} {fixed[group]:4} of {garbled[group]:4}  {fixed[group] / garbled[group]:.3f}")
    print("candidates per fluent sentence")
    for item_kind in sorted(fluent):
        print(f"  {item_kind:12} {candidates[item_kind] / fluent[item_kind]:.2f} ({fluent[item_kind]} sentences)")
    if args.judged:
        ends = judged_ends(covered, scorer)
        print(f"where the {len(covered)} fixes among the candidates end")
        for end in ("reported", "screened out", "under the cut-off", "not suggested"):
            print(f"  {end:18} {ends[end]:4}")
    return 0


def fixes(item: dict, start: int, end: int, replacement: str) -> bool:
    """Whether rewriting ``item``'s text from ``start`` to ``end`` gives its corrected sentence."""
    text = item["text"]
    corrected = text[: int(item["span_start"])] + item["fix"] + text[int(item["span_end"]) :]
    return norm_fix(text[:start] + replacement + text[end:]) == norm_fix(corrected)


def judged_ends(items: List[dict], scorer) -> Dict[str, int]:
    """For garbled idioms whose fix is among MTA102's candidates, where the fix ends once the
    shipped judge has judged them (see the module's docstring)."""
    from detection import run
    from mtaudit.lexicon import verify

    verdicts: Dict[str, List[verify.Verdict]] = collections.defaultdict(list)

    def recording(proposals: Sequence[verify.Proposal]) -> List[verify.Verdict]:
        judged = verify.judge(scorer, proposals)
        for v in judged:
            verdicts[v.proposal.text].append(v)
        return judged

    found = run([mta102.GarbledIdiom], [it["text"] for it in items], scorer, judge=recording)
    needed = load_judge().needed(mta102.GarbledIdiom.id)
    ends: Dict[str, int] = collections.Counter()
    for it, findings in zip(items, found):
        if any(fixes(it, f.span.start, f.span.end, r) for f in findings for r in f.suggestions[:3]):
            ends["reported"] += 1
            continue
        confidences = [j.confidence for v in verdicts[it["text"]] for j in v.judged
                       if fixes(it, v.proposal.start, v.proposal.end, j.replacement)]
        if not confidences:
            ends["screened out"] += 1
        elif max(confidences) < needed:
            ends["under the cut-off"] += 1
        else:
            ends["not suggested"] += 1
    return ends


if __name__ == "__main__":
    raise SystemExit(main())
