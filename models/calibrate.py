"""Fit the SLOR -> 0-100 fluency calibration of the default model on fluent reference text.

    python models/calibrate.py [--shared ../shared] [--dtype bf16] [--per-pair 1000]

Fluent text: the four JFLEG dev reference sets (fluent human rewrites) and the first
``--per-pair`` human post-edits of each MLQE-PE training set (et, ne, ro, ru, si -> en),
detokenized.  The script scores every sentence, cuts them into 12 bins of equal size by
length in words, and fits the median and the 5th percentile of SLOR per bin with
``a - b / n`` (least squares on the bin means of ``1/n``, weighted by bin size).  The four parameters go to models/calibration.json, where
:class:`mtaudit.scoring.slor.Calibration` maps those anchors to 80 and 50.  The data is read
from the shared evaluation folder and never shipped.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tarfile
import time
from pathlib import Path
from typing import Iterator, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION_VERSION = 1

_QUOTES = re.compile(r'" ([^"]*?) "')
_DETOK = [
    (re.compile(r" (n't|'s|'re|'m|'ve|'ll|'d)\b", re.I), r"\1"),  # do n't -> don't, today 's -> today's
    (re.compile(r"(?<=\w)n 't\b"), "n't"),  # MLQE-PE "don 't"
    (re.compile(r" ([.,;:!?%)\]}]|\.\.\.)"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
]


def detokenize(line: str) -> str:
    """Undo PTB/Moses-style tokenization ("do n't , he said ." -> "don't, he said.")."""
    text = " ".join(line.split())
    try:
        from sacremoses import MosesDetokenizer

        return MosesDetokenizer(lang="en").detokenize(text.split())
    except ImportError:
        pass
    text = _QUOTES.sub(r'"\1"', text)
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return text


def jfleg(shared: Path, name: str) -> List[str]:
    return [detokenize(line) for line in (shared / "data/jfleg/dev" / name).read_text(encoding="utf-8").splitlines()]


def tar_lines(archive: Path, member_suffix: str) -> Iterator[str]:
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.name.endswith(member_suffix):
                yield from tar.extractfile(member).read().decode("utf-8").splitlines()


def fluent_sentences(shared: Path, per_pair: int) -> dict[str, List[str]]:
    data = {f"jfleg dev.ref{i}": jfleg(shared, f"dev.ref{i}") for i in range(4)}
    for archive in sorted((shared / "data/mlqe_pe/post-editing/train").glob("*.tar.gz")):
        lines = list(tar_lines(archive, "train.pe"))[:per_pair]
        data[f"mlqe-pe {archive.name.split('-train')[0]} train.pe[:{per_pair}]"] = [detokenize(x) for x in lines]
    return {k: [s for s in v if s.strip()] for k, v in data.items()}


def percentile(values: List[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 1000) - 1]


def fit_inverse_length(points: List[Tuple[float, float, int]]) -> Tuple[float, float]:
    """``(a, b)`` of the weighted least-squares fit ``y = a - b * x`` to ``(x, y, weight)`` points."""
    total = sum(w for _, _, w in points)
    mx = sum(w * x for x, _, w in points) / total
    my = sum(w * y for _, y, w in points) / total
    slope = sum(w * (x - mx) * (y - my) for x, y, w in points) / sum(w * (x - mx) ** 2 for x, _, w in points)
    return my - slope * mx, -slope


def fit(samples: List[Tuple[int, float]], bins: int = 12) -> dict:
    """Calibration parameters from ``(words, slor)`` samples of fluent sentences."""
    samples = sorted(samples)
    edges = [round(i * len(samples) / bins) for i in range(bins + 1)]
    rows = []
    for lo, hi in zip(edges, edges[1:]):
        chunk = samples[lo:hi]
        inverse = statistics.fmean(1 / n for n, _ in chunk)
        values = [v for _, v in chunk]
        rows.append((chunk[0][0], chunk[-1][0], len(chunk), inverse, statistics.median(values), percentile(values, 0.05)))
    median_a, median_b = fit_inverse_length([(x, med, k) for *_, k, x, med, _ in rows])
    p05_a, p05_b = fit_inverse_length([(x, p05, k) for *_, k, x, _, p05 in rows])
    return {
        "median_a": round(median_a, 4),
        "median_b": round(median_b, 4),
        "p05_a": round(p05_a, 4),
        "p05_b": round(p05_b, 4),
        "bins": [
            {"words": f"{lo}-{hi}", "sentences": k, "median": round(med, 3), "p05": round(p05, 3)}
            for lo, hi, k, _, med, p05 in rows
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--dtype", default="bf16", choices=("bf16", "fp32"))
    parser.add_argument("--per-pair", type=int, default=1000, help="post-edits per MLQE-PE language pair")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from mtaudit.scoring import load_scorer, registry
    from mtaudit.scoring.slor import word_spans

    spec = registry.default_model()
    scorer = load_scorer(dtype=args.dtype, notify=lambda m: print(m, file=sys.stderr))
    samples: List[Tuple[int, float]] = []
    sources = []
    for name, sentences in fluent_sentences(args.shared, args.per_pair).items():
        started = time.perf_counter()
        for text, score in zip(sentences, scorer.score(sentences)):
            words = len(word_spans(text))
            if words:
                samples.append((words, score.slor))
        sources.append({"name": name, "sentences": len(sentences)})
        print(f"{name}: {len(sentences)} sentences in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    path = ROOT / "models" / "calibration.json"
    models = json.loads(path.read_text(encoding="utf-8"))["models"] if path.exists() else {}
    data = {
        "version": CALIBRATION_VERSION,
        "command": " ".join(["python", "models/calibrate.py", *sys.argv[1:]]),
        "scale": "fluency = 100 / (1 + exp(-(slor - p05(n)) * ln(4) / (median(n) - p05(n)))), "
        "median(n) = median_a - median_b / n, p05(n) = p05_a - p05_b / n, n = words",
        "models": models,
    }
    models[spec.name] = {
        "wheel_sha256": spec.wheel_sha256,
        "dtype": args.dtype,
        "sentences": len(samples),
        "data": sources,
        **fit(samples),
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(models[spec.name], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
