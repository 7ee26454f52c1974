"""Calibrate MTA409 length-ratio: how long a translation is, relative to its source, per pair.

    python models/length_ratios.py [--shared ../shared]

Reads the human post-edits of MLQE-PE (train and dev; et, ne, ro, ru, si -> en) with their
sources and measures, per sentence pair whose source has at least ``MIN_CHARS``
non-space characters, target length / source length in non-space characters (the files
are tokenized; non-space counts are not affected by it).  Each pair counts in both
directions (en -> X is the inverse).  Stored:

- per language pair, the median ratio;
- per source-length bin (short strings vary more), the 0.5th and 99.5th percentiles of
  the ratio divided by its pair's median ("spread"), for calibrated pairs;
- per bin, the same percentiles of the raw ratio over all pairs ("generic"), for pairs
  without data, whose median is unknown.

Writes models/length_ratios.json; only these numbers are shipped, no sentences.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tarfile
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
MIN_CHARS = 20  # below this, lengths vary too much to judge (the rule skips such sources too)
LOW, HIGH = 0.005, 0.995
BINS = (MIN_CHARS, 40, 60, 80, 120)  # source length in non-space characters
PAIRS = ("et", "ne", "ro", "ru", "si")


def size(text: str) -> int:
    return sum(not c.isspace() for c in text)


def ratios(shared: Path, lang: str) -> List[Tuple[int, float]]:
    """(source length, ratio) of each X -> en sentence pair."""
    out: List[Tuple[int, float]] = []
    for split in ("train", "dev"):
        archive = shared / f"data/mlqe_pe/post-editing/{split}/{lang}-en-{split}.tar.gz"
        with tarfile.open(archive) as tar:
            files = {Path(m.name).suffix: tar.extractfile(m).read().decode("utf-8").splitlines()
                     for m in tar.getmembers() if m.name.endswith((".src", ".pe"))}
        for src, pe in zip(files[".src"], files[".pe"]):
            if size(src) >= MIN_CHARS and size(pe) >= MIN_CHARS:
                out.append((size(src), size(pe) / size(src)))
    return out


def percentiles(values: List[float]) -> Dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"low": round(pick(LOW), 3), "high": round(pick(HIGH), 3), "n": len(ordered)}


def by_bin(samples: List[Tuple[int, float]]) -> List[Dict[str, float]]:
    rows = []
    for k, start in enumerate(BINS):
        end = BINS[k + 1] if k + 1 < len(BINS) else float("inf")
        rows.append({"min_chars": start, **percentiles([r for n, r in samples if start <= n < end])})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "models/length_ratios.json")
    args = parser.parse_args(argv)
    pairs: Dict[str, Dict[str, float]] = {}
    centered: List[Tuple[int, float]] = []
    raw: List[Tuple[int, float]] = []
    for lang in PAIRS:
        forward = ratios(args.shared, lang)
        backward = [(round(n * r), 1 / r) for n, r in forward]  # en -> X: the English side is the source
        for name, samples in ((f"{lang}-en", forward), (f"en-{lang}", backward)):
            median = statistics.median(r for _, r in samples)
            pairs[name] = {"median": round(median, 3), "n": len(samples)}
            centered += [(n, r / median) for n, r in samples]
            raw += samples
        print(f"{lang}-en: median {pairs[f'{lang}-en']['median']} over {len(forward)} pairs", file=sys.stderr)
    data = {"version": 2, "min_chars": MIN_CHARS, "source": "MLQE-PE post-edits (train+dev), non-space characters",
            "pairs": pairs, "spread": by_bin(centered), "generic": by_bin(raw)}
    args.out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
