"""Corpus throughput: segments per second and memory per worker, one process vs Ray.

    python benchmarks/corpus.py [--shared ../shared] [--limit 10000] [--workers 2] [--repeat 1]

Takes the first ``--limit`` English machine translations of MLQE-PE's training split
(et, ne, ro, ru, si -> en, detokenized), writes them as a JSONL corpus and audits it with
the model, all rules: with ``--engine local`` (torch using every CPU, as by default, and
with one torch thread) and with ``--engine ray`` and ``--workers`` local Ray workers (or the
cluster at RAY_ADDRESS).  Each run is a fresh process with an empty score cache, so no run
reuses another's scores; the time counts everything from the start of the audit (model
loading, Ray start-up) to the last row written.  Prints a Markdown table: segments/s and
peak resident memory of each worker.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.calibrate import detokenize  # noqa: E402

PAIRS = ("ro-en", "ru-en", "et-en", "ne-en", "si-en")


def mlqe_segments(shared: Path, limit: int) -> List[str]:
    out: List[str] = []
    for pair in PAIRS:
        with tarfile.open(shared / f"data/mlqe_pe/post-editing/train/{pair}-train.tar.gz") as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("train.mt"))
            lines = io.TextIOWrapper(tar.extractfile(member), "utf-8").read().splitlines()
        out.extend(detokenize(line) for line in lines if line.strip())
        if len(out) >= limit:
            break
    return out[:limit]


def child(engine: str, corpus: str, output: str, workers: int) -> None:
    """One measured run, in its own process; prints its figures as JSON."""
    from mtaudit import Config
    from mtaudit.corpus import audit_corpus

    started = time.perf_counter()
    scorer = None
    if engine == "local-1t":  # the local engine with one torch thread instead of one per CPU
        import torch

        from mtaudit.scoring import load_scorer

        scorer = load_scorer()
        torch.set_num_threads(1)
    summary = audit_corpus(Path(corpus), Path(output), config=Config(), scorer=scorer,
                           engine="ray" if engine == "ray" else "local", workers=workers if engine == "ray" else None)
    seconds = time.perf_counter() - started
    driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"audited": summary.audited, "errors": summary.errors, "seconds": seconds,
                      "driver_mib": driver, "workers": sorted(summary.worker_peak_mib.values())}))


def fresh_cache(root: Path) -> Path:
    """A cache folder that holds the model (a link to the real cache) and no scores."""
    from mtaudit.scoring import registry

    spec = registry.default_model()
    if not registry.is_cached(spec):
        registry.fetch(spec)
    (root / "models").mkdir(parents=True)
    (root / "models" / spec.name).symlink_to(registry.model_dir(spec), target_is_directory=True)
    return root


def run(engine: str, corpus: Path, tmp: Path, workers: int) -> Dict:
    env = {**os.environ, "MTAUDIT_CACHE": str(fresh_cache(tmp / f"cache-{engine}")),
           "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    result = subprocess.run(
        [sys.executable, __file__, "--child", engine, str(corpus), str(tmp / f"{engine}.jsonl"), str(workers)],
        capture_output=True, text=True, env=env,
    )
    if result.returncode != 0:
        sys.exit(f"{engine} run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        return child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=10_000, help="segments to audit")
    parser.add_argument("--workers", type=int, default=2, help="Ray workers")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each engine, alternating; the best is shown (for a busy machine)")
    args = parser.parse_args()
    texts = mlqe_segments(args.shared, args.limit)
    with tempfile.TemporaryDirectory(prefix="mtaudit-corpus-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        runs: Dict[str, List[Dict]] = {"local": [], "local-1t": [], "ray": []}
        same = True
        for i in range(args.repeat):
            for engine in runs:
                runs[engine].append(run(engine, corpus, tmp / f"run{i}", args.workers))
            outputs = {(tmp / f"run{i}/{engine}.jsonl").read_bytes() for engine in runs}
            same = same and len(outputs) == 1
    best = {e: max(runs[e], key=lambda r: r["audited"] / r["seconds"]) for e in runs}
    print(f"{len(texts):,} MLQE-PE segments ({sum(map(len, texts)) / len(texts):.0f} characters each), "
          f"{os.cpu_count()} CPUs, model + all rules; the three outputs identical: {same}\n")
    print("| engine | segments/s (best) | time | every run, segments/s | peak memory per worker |")
    print("|---|---|---|---|---|")
    names = {"local": f"local (1 process, {os.cpu_count()} torch threads)", "local-1t": "local (1 process, 1 torch thread)",
             "ray": f"ray, {args.workers} local workers (1 torch thread each)"}
    for engine, r in best.items():
        rates = ", ".join(f"{x['audited'] / x['seconds']:.1f}" for x in runs[engine])
        memory = f"{r['driver_mib']:.0f} MiB"
        if r["workers"]:
            memory = " / ".join(f"{m:.0f}" for m in r["workers"]) + f" MiB (driver {memory})"
        print(f"| {names[engine]} | {r['audited'] / r['seconds']:.1f} | {r['seconds']:.0f} s | {rates} | {memory} |")

if __name__ == "__main__":
    main()
