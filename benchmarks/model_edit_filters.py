#!/usr/bin/env python3
"""How often each filter of the model's own edits (mtaudit.lexicon.model_edits) would drop a
correct fix, on the tune split of the evaluation corpus.

    python benchmarks/model_edit_filters.py --eval-dir DIR

For every garbled idiom and tortured term of the split whose fix differs from the garbled
span by single-word swaps ("raises the ghost of" -> "raises the spectre of"), each swap is
put through the filters a model substitute must pass: a whole word, no name, a content word
for a content word or a preposition for a preposition, and a shared stem or an input-embedding
cosine of at least ``MIN_SIMILARITY``.  Prints the share of swaps each filter drops.  Whether
the model proposes the fix at all is measured by ``benchmarks/detection.py``.
"""
from __future__ import annotations

import argparse
import collections
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtaudit.lexicon.model_edits import MIN_SIMILARITY, near, same_class  # noqa: E402


def swaps(eval_dir: Path, split: str):
    with open(eval_dir / f"{split}.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["kind"] != "garbled" or row["source"] not in ("idiom", "tortured"):
                continue
            old = row["text"][int(row["span_start"]) : int(row["span_end"])].split()
            new = row["fix"].split()
            if len(old) == len(new):
                yield from ((a.strip(".,;:"), b.strip(".,;:")) for a, b in zip(old, new) if a.lower() != b.lower())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, required=True, help="built corpus (benchmarks/build_eval.py --out DIR)")
    parser.add_argument("--split", choices=("tune", "test"), default="tune")
    args = parser.parse_args(argv)
    from mtaudit.scoring import load_scorer

    pairs = list(swaps(args.eval_dir, args.split))
    similarity = load_scorer().word_similarity([(a.lower(), b.lower()) for a, b in pairs])
    dropped = collections.Counter()
    for (old, new), score in zip(pairs, similarity):
        a, b = old.lower(), new.lower()
        if not (new.isalpha() and new.isascii()):
            dropped["not a plain word"] += 1
        elif new[:1].isupper() and not old[:1].isupper():
            dropped["a name"] += 1
        elif not same_class(a, b):
            dropped["word class"] += 1
        elif not near(a, b, score):
            dropped[f"similarity < {MIN_SIMILARITY}"] += 1
    print(f"{len(pairs)} single-word swaps in the {args.split} split's garbled idioms and tortured terms")
    for name, n in dropped.most_common():
        print(f"  dropped by {name}: {n} ({n / len(pairs):.1%})")
    print(f"  kept: {len(pairs) - sum(dropped.values())} ({1 - sum(dropped.values()) / len(pairs):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
