"""How much the result cache saves on a second `mtaudit check` over an unchanged repository.

    python benchmarks/ci_cache.py [--files 1000] [--jobs N]

Generates Markdown pages (headings, paragraphs, lists, a code block; a few with
injected doubled words and tortured phrases) in a temp folder, then runs
`mtaudit check --no-model` (text report) on it twice in subprocesses with an empty temporary result
cache, and prints both times and their ratio.  Also times a run with `--jobs 1` and
`--no-cache` for the single-process baseline.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import large_file  # its clean news sentences, when run as a script from benchmarks/

SENTENCES = large_file.SENTENCES + [
    "The library will extend its opening hours during the exam period.",
    "Volunteers cleared the riverbank of litter over the weekend.",
]
FLAWS = ["the the", "counterfeit consciousness", "since two years"]


def page(rng: random.Random, n: int) -> str:
    parts = [f"# Page {n}\n"]
    for section in range(3):
        parts.append(f"## Section {section + 1}\n")
        for _ in range(2):
            sentences = rng.sample(SENTENCES, 4)
            if rng.random() < 0.1:
                sentences[1] = sentences[1].rstrip(".") + f", {rng.choice(FLAWS)}."
            parts.append(" ".join(sentences) + "\n")
        parts.append("".join(f"- {s}\n" for s in rng.sample(SENTENCES, 3)))
    parts.append("```sh\nmake the the build\n```\n")
    return "\n".join(parts)


def run(root: Path, env: dict, *extra: str) -> tuple:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mtaudit", "check", "--no-model", "--quiet",
                             *extra, str(root)], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"mtaudit failed ({result.returncode}): {result.stderr}")
    return elapsed, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for the cached runs [default: mtaudit's]")
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp, "site")
        for n in range(args.files):
            folder = root / f"section{n % 20:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"page{n:04d}.md").write_text(page(rng, n), encoding="utf-8")
        env = {**os.environ, "MTAUDIT_RESULT_CACHE": str(Path(tmp, "cache"))}
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        single, _ = run(root, env, "--jobs", "1", "--no-cache")
        first, first_out = run(root, env, *jobs)
        second, second_out = run(root, env, *jobs)
        assert first_out == second_out, "the cached report differs from the audited one"
        print(f"{args.files} Markdown files, --no-model, {os.cpu_count()} CPUs")
        print(f"--jobs 1 --no-cache : {single:6.2f} s")
        print(f"first run           : {first:6.2f} s (empty cache{', --jobs ' + str(args.jobs) if args.jobs else ''})")
        print(f"second run          : {second:6.2f} s (unchanged files)")
        print(f"second / first      : {second / first:6.3f}")


if __name__ == "__main__":
    main()
