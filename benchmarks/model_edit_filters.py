#!/usr/bin/env python3
"""How often each filter of the model's own edits (mtaudit.lexicon.model_edits) would drop a
correct fix, on the tune split of the evaluation corpus.

    python benchmarks/model_edit_filters.py --eval-dir DIR

For every garbled idiom and tortured term of the split whose fix differs from the garbled
span by single-word swaps ("lifted the ghost of" -> "raised the spectre of"), each swap is
put through the filters a model substitute must pass: a whole word, no name, a content word
for a content word or a preposition for a preposition, and a shared stem or an input-embedding
cosine of at least ``MIN_SIMILARITY``.  Prints the share of swaps each filter drops.

With ``--coverage``, the model runs: for every garbled idiom and tortured term of the split,
whether MTA202's own edits (the stand-out places, the model's ``TOP_K`` continuations, the
filters, the first ``model-budget`` edits) hold the labelled fix, or at least a step towards
it (fewer word edits, TER, from the corrected sentence), and how many edits a sentence they
propose, garbled or fluent: how far the proposals reach before the judge decides.
"""
from __future__ import annotations

import argparse
import collections
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from detection import norm_fix, towards  # noqa: E402
from mtaudit.lexicon.model_edits import MIN_SIMILARITY, near, proposed_at, same_class, stand_out  # noqa: E402
from mtaudit.rules.mta202_awkward_wording import DEFAULT_MODEL_BUDGET, DEFAULT_MODEL_MIN_SURPRISE, MIN_WORDS  # noqa: E402


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
    parser.add_argument("--coverage", action="store_true", help="run the model's edits and count those that hold the fix")
    parser.add_argument("--model-budget", type=int, default=DEFAULT_MODEL_BUDGET)
    parser.add_argument("--model-min-surprise", type=float, default=DEFAULT_MODEL_MIN_SURPRISE)
    args = parser.parse_args(argv)
    from mtaudit.scoring import load_scorer

    if args.coverage:
        return coverage(args.eval_dir, args.split, load_scorer(), args.model_budget, args.model_min_surprise)

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


def coverage(eval_dir: Path, split: str, scorer, budget: int, min_surprise: float, batch: int = 32) -> int:
    """Prints how often the model's own edits hold the fix of a garbled item, per source and
    garble type (single: one garble; mixed: two or three), and how many edits a sentence they
    propose in each kind of item."""
    from mtaudit.lexicon.verify import word_surprise

    with open(eval_dir / f"{split}.tsv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r["kind"] != "roundtrip"]
    group = lambda r: (r["source"], r["kind"] if r["kind"] != "garbled" else ("mixed" if r["garble"] == "mixed" else "single"))
    edits_in: collections.Counter = collections.Counter()
    fixed: collections.Counter = collections.Counter()
    stepped: collections.Counter = collections.Counter()
    for at in range(0, len(rows), batch):  # the model's states are kept for a batch at a time
        part = rows[at : at + batch]
        texts = [r["text"] for r in part]
        places = [(t, stand_out(t, words, min_surprise) if len(words) >= MIN_WORDS else {})
                  for t, words in zip(texts, word_surprise(scorer, texts))]
        for row, own in zip(part, proposed_at(scorer, places)):
            edits = own[:budget]
            edits_in[group(row)] += len(edits)
            if row["kind"] != "garbled":
                continue
            text, start, end = row["text"], int(row["span_start"]), int(row["span_end"])
            corrected = text[:start] + row["fix"] + text[end:]
            proposed = [text[: e.start] + e.replacement + text[e.end :] for e in edits]
            fixed[group(row)] += any(norm_fix(p) == norm_fix(corrected) for p in proposed)
            stepped[group(row)] += any(towards(text, p, corrected) for p in proposed)
    count = collections.Counter(group(r) for r in rows)
    print(f"model edits of the {split} split: at most {budget} a sentence, at words {min_surprise:g} more surprising than average")
    for key in sorted(count):
        line = f"  {'/'.join(key):22s} {count[key]:5d} items, {edits_in[key] / count[key]:5.1f} edits a sentence"
        if key[1] in ("single", "mixed"):
            line += f", the fix among them {fixed[key] / count[key]:.1%}, a step towards it {stepped[key] / count[key]:.1%}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
