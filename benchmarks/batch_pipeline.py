"""Speed of auditing many small documents: this checkout against an earlier commit, side by side.

    python benchmarks/batch_pipeline.py [--base 6d9646b] [--repeats 2] [--texts 600] [--files 300]

Two workloads, each run in fresh processes from both trees, alternately, ``--repeats`` times:

- ``texts``: ``Auditor.audit_texts`` over ``--texts`` one-sentence segments (JFLEG learner
  sentences, detokenized), timed after the model and the word lists are loaded;
- ``folder``: the whole ``mtaudit audit --no-cache --format json`` command over a folder of
  ``--files`` small Markdown files (a heading and a paragraph of three JFLEG reference sentences each).

The base commit is exported with ``git archive`` into a temporary folder and run through
PYTHONPATH.  Neither side reads scores the other cached: ``texts`` loads the scorer without
its disk cache, and ``folder`` runs with a private ``MTAUDIT_CACHE`` that holds only the
model.  Prints the fastest time of each side, the speed-up, and whether both sides gave the
same results (compare in fp32, ``MTAUDIT_DTYPE=fp32``, where scores do not depend on batching).
Needs the data in ``../shared`` and the cached model.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JFLEG = ROOT.parent / "shared" / "data" / "jfleg" / "dev"

TEXTS_CHILD = r"""
import json, sys, time
from mtaudit import Auditor, Config
from mtaudit.scoring import load_scorer

texts = json.load(sys.stdin)
auditor = Auditor(Config(), scorer=load_scorer(disk_cache=False))
list(auditor.audit_texts(["The committee approved the budget on Tuesday."]))  # loads the word lists
started = time.perf_counter()
results = [r.to_dict() for r in auditor.audit_texts(texts)]
print(json.dumps({"seconds": time.perf_counter() - started, "results": results}))
"""


def detokenize(line: str) -> str:
    line = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", line.strip())
    return re.sub(r" ([.,!?;:%)])", r"\1", line).replace("( ", "(")


def sentences(name: str) -> list:
    return [detokenize(line) for line in (JFLEG / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def write_folder(folder: Path, files: int) -> None:
    pool = sentences("dev.ref0") + sentences("dev.ref1") + sentences("dev.ref2")
    folder.mkdir()
    for i in range(files):
        paragraph = " ".join(pool[3 * i : 3 * i + 3])
        (folder / f"page{i:03}.md").write_text(f"# Page {i}\n\n{paragraph}\n", encoding="utf-8")


def private_cache(tmp: Path) -> Path:
    """A cache folder that holds the model (linked) but no score or result cache."""
    from mtaudit.scoring.registry import cache_root

    cache = tmp / "cache"
    cache.mkdir()
    (cache / "models").symlink_to(cache_root() / "models")
    return cache


def run_texts(tree: Path, texts: list) -> tuple:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", TEXTS_CHILD], input=json.dumps(texts), env=env, cwd=tree,
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    return data["seconds"], data["results"]


def run_folder(tree: Path, folder: Path, cache: Path) -> tuple:
    env = {**os.environ, "PYTHONPATH": str(tree), "MTAUDIT_CACHE": str(cache)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mtaudit", "audit", "--no-cache", "--quiet", "--format", "json",
                           folder.name], env=env, cwd=folder.parent, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"mtaudit audit failed ({tree}):\n{done.stderr}")
    return seconds, json.loads(done.stdout)["files"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="6d9646b", help="the commit to compare with (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=2, help="runs of each side per workload (default: %(default)s)")
    parser.add_argument("--texts", type=int, default=600, help="segments for audit_texts, at most 754 (default: %(default)s)")
    parser.add_argument("--files", type=int, default=300, help="Markdown files, at most 750 (default: %(default)s)")
    args = parser.parse_args()
    texts = sentences("dev.src")[: args.texts]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = tmp / "base"
        base.mkdir()
        archive = subprocess.run(["git", "archive", args.base], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        folder = tmp / "pages"
        write_folder(folder, args.files)
        cache = private_cache(tmp)
        trees = {args.base: base, "this checkout": ROOT}
        workloads = {  # a size of 0 skips its workload
            f"audit_texts, {len(texts)} one-sentence segments": texts and (lambda tree: run_texts(tree, texts)),
            f"mtaudit audit, {args.files} Markdown files": args.files and (lambda tree: run_folder(tree, folder, cache)),
        }
        print(f"MTAUDIT_DTYPE={os.environ.get('MTAUDIT_DTYPE', 'auto')}, best of {args.repeats} alternate runs")
        for name, run in filter(lambda item: item[1], workloads.items()):
            best, results = {}, {}
            for _ in range(args.repeats):
                for label, tree in trees.items():
                    seconds, results[label] = run(tree)
                    best[label] = min(best.get(label, seconds), seconds)
            old, new = best.values()
            same = "same results" if results[args.base] == results["this checkout"] else "RESULTS DIFFER"
            print(f"{name}: {args.base} {old:.1f} s, this checkout {new:.1f} s: {old / new:.2f}x faster ({same})")


if __name__ == "__main__":
    main()
