"""What `mtaudit check --diff` costs on a pull request, with and without the model.

    python benchmarks/ci_pr.py [--pages 300] [--changed 5] [--repeat 2]

Builds a content repository of Markdown pages (those of ci_cache.py) in a temporary git
repository, commits it on `main`, and on a branch edits --changed pages (a sentence
reworded, a paragraph added, one of them with a flaw).  Then times, in subprocesses, on
the branch:

- `check --diff main --no-model`;
- `check --diff main` cold: the model in the cache, but no result cache and no cached
  sentence scores (a fresh cache folder whose `models` links to the user's);
- the same again warm: the reports of the changed files come from the result cache;
- the model load: a process that loads the model, minus one that only imports the CLI.

Each figure is the fastest of --repeat rounds, each round with fresh caches, as wall-clock
and CPU seconds (on a machine shared with other jobs, CPU time is the steadier measure,
but threads that wait on each other spend it too: --threads 1 shows how much).  Prints the
figures and whether the model run stays under 3x the --no-model time plus the model load.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ci_cache  # noqa: E402  (the page generator, when run as a script from benchmarks/)

GIT = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "bench",
       "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
ADDED = [
    "The museum will open a new wing for modern photography next spring.",
    "Local farmers reported a better harvest than they had expected.",
    "The committee will publish its findings before the summer recess.",
]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT}, check=True, capture_output=True)


def build_repo(root: Path, pages: int, changed: int, rng: random.Random) -> None:
    docs = root / "docs"
    for n in range(pages):
        folder = docs / f"section{n % 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page{n:04d}.md").write_text(ci_cache.page(rng, n), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pages")
    git(root, "checkout", "-q", "-b", "feature")
    for i, n in enumerate(rng.sample(range(pages), changed)):
        path = docs / f"section{n % 20:02d}" / f"page{n:04d}.md"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        # A reworded sentence in the first paragraph, and a new paragraph at the end.
        paragraph = next(k for k, line in enumerate(lines) if line[:1].isalpha())
        lines[paragraph] = lines[paragraph].replace(". ", ". In short, ", 1)
        added = list(ADDED)
        if i == 0:
            added[1] = "Local farmers reported a a better harvest than they had expected."
        lines.append("\n" + " ".join(added) + "\n")
        path.write_text("".join(lines), encoding="utf-8")
    git(root, "commit", "-q", "-am", "edit pages")


def timed(args: list, cwd: Path, env: dict) -> tuple:
    """Wall-clock and CPU (user + system) seconds of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return elapsed, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def fresh_cache(tmp: Path, n: int) -> dict:
    """Environment with an empty cache folder that shares the user's cached model."""
    from mtaudit.scoring.registry import cache_root

    folder = tmp / f"cache{n}"
    folder.mkdir()
    (folder / "models").symlink_to(cache_root() / "models", target_is_directory=True)
    return {**os.environ, "MTAUDIT_CACHE": str(folder), "MTAUDIT_OFFLINE": "1"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--changed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=2, help="rounds, each with fresh caches; the fastest counts")
    parser.add_argument("--threads", type=int, default=None,
                        help="OMP_NUM_THREADS for the model [default: mtaudit's, every CPU]")
    args = parser.parse_args()
    check = [sys.executable, "-m", "mtaudit", "check", "--quiet", "--diff", "main", "docs"]
    runs = {
        "no_model": check[:4] + ["--no-model"] + check[4:],
        "cold": check,
        "warm": check,
        "import": [sys.executable, "-c", "import mtaudit.cli"],
        "load": [sys.executable, "-c", "import mtaudit.cli; from mtaudit.scoring import load_scorer; "
                 "load_scorer(None, offline=True)"],
    }
    wall: dict = {}
    cpu: dict = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        repo = tmp / "repo"
        build_repo(repo, args.pages, args.changed, random.Random(0))
        for n in range(args.repeat):
            env = fresh_cache(tmp, n)
            if args.threads:
                env["OMP_NUM_THREADS"] = str(args.threads)
            for name, command in runs.items():  # in this order: cold fills the cache warm reads
                w, c = timed(command, repo, env)
                wall[name], cpu[name] = min(wall.get(name, w), w), min(cpu.get(name, c), c)
    threads = f"OMP_NUM_THREADS={args.threads}" if args.threads else "default threads"
    print(f"{args.pages} Markdown pages, {args.changed} changed on a branch; `mtaudit check --diff main`; "
          f"fastest of {args.repeat}; {os.cpu_count()} CPUs, {threads}")
    print(f"{'':34}{'wall s':>8}{'CPU s':>8}")
    for name, label in (("no_model", "--no-model"), ("cold", "model, cold (no cached results)"),
                        ("warm", "model, warm (results cached)")):
        print(f"{label:34}{wall[name]:8.2f}{cpu[name]:8.2f}")
    load = {"wall": wall["load"] - wall["import"], "CPU": cpu["load"] - cpu["import"]}
    print(f"{'model load (torch import + load)':34}{load['wall']:8.2f}{load['CPU']:8.2f}")
    for measure, figures in (("wall", wall), ("CPU", cpu)):
        budget = 3 * figures["no_model"] + load[measure]
        print(f"{measure}: cold / no-model {figures['cold'] / figures['no_model']:.2f}, "
              f"warm / no-model {figures['warm'] / figures['no_model']:.2f}, "
              f"cold / (3 x no-model + load) {figures['cold'] / budget:.2f} "
              f"({'under' if figures['cold'] < budget else 'OVER'} the target)")


if __name__ == "__main__":
    main()
