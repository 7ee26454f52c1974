"""Corpus throughput: segments per second and memory per worker, one process vs Ray.

    python benchmarks/corpus.py [--shared ../shared] [--limit 10000] [--workers 2] [--repeat 1]

Takes the first ``--limit`` English machine translations of MLQE-PE's training split
(et, ne, ro, ru, si -> en, detokenized), writes them as a JSONL corpus and audits it with
the model, all rules, once with ``--engine local`` and once with ``--engine ray`` and
``--workers`` local Ray workers (or the cluster at RAY_ADDRESS).  Each run is a fresh
process with an empty score cache, so neither reuses the other's scores; the time counts
everything from the start of the audit (model loading, Ray start-up) to the last row
written.  Prints a Markdown table: segments/s and peak resident memory of each worker.
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

    summary = audit_corpus(Path(corpus), Path(output), config=Config(), engine=engine,
                           workers=workers if engine == "ray" else None)
    driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"audited": summary.audited, "errors": summary.errors, "seconds": summary.seconds,
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
        runs: Dict[str, List[Dict]] = {"local": [], "ray": []}
        same = True
        for i in range(args.repeat):
            for engine in runs:
                runs[engine].append(run(engine, corpus, tmp / f"run{i}", args.workers))
            same = same and (tmp / f"run{i}/local.jsonl").read_bytes() == (tmp / f"run{i}/ray.jsonl").read_bytes()
    local, ray = (max(runs[e], key=lambda r: r["audited"] / r["seconds"]) for e in ("local", "ray"))
    cpus = os.cpu_count()
    print(f"{len(texts):,} MLQE-PE segments ({sum(map(len, texts)) / len(texts):.0f} characters each), "
          f"{cpus} CPUs, model + all rules; Ray output identical to local: {same}\n")
    def rates(engine: str) -> str:
        return ", ".join(f"{r['audited'] / r['seconds']:.1f}" for r in runs[engine])

    print("| engine | segments/s (best) | time | every run, segments/s | peak memory per worker |")
    print("|---|---|---|---|---|")
    print(f"| local (1 process) | {local['audited'] / local['seconds']:.1f} | {local['seconds']:.0f} s "
          f"| {rates('local')} | {local['driver_mib']:.0f} MiB |")
    per_worker = " / ".join(f"{m:.0f}" for m in ray["workers"])
    print(f"| ray, {args.workers} local workers | {ray['audited'] / ray['seconds']:.1f} | {ray['seconds']:.0f} s "
          f"| {rates('ray')} | {per_worker} MiB (driver {ray['driver_mib']:.0f} MiB) |")


if __name__ == "__main__":
    main()
