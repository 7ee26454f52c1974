"""Peak memory and speed of a rule-based audit of one large plain-text file.

    python benchmarks/large_file.py [--mb 200]

Writes a file of English paragraphs (with a few injected doubled words) to a temp folder,
runs `mtaudit audit --no-model --format json` on it in a subprocess and prints the child's
peak resident memory, the time taken and the number of findings.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = [
    "The council approved the budget after a long debate on Tuesday evening.",
    "Residents said the new bus routes had made their journeys shorter.",
    "Engineers expect the bridge to reopen before the end of the month.",
    "The company reported higher profits, although sales fell slightly in Europe.",
    "Critics argued that the plan did not go far enough to reduce emissions.",
    "Teachers welcomed the decision but warned that funding remained tight.",
]


def write_corpus(path: Path, megabytes: int) -> tuple:
    rng = random.Random(0)
    target = megabytes * 1024 * 1024
    written = paragraphs = injected = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target:
            sentences = rng.sample(SENTENCES, 4)
            if paragraphs % 500 == 0:
                sentences[0] = sentences[0].replace(" the ", " the the ", 1)
                injected += " the the " in sentences[0]
            paragraph = " ".join(sentences) + "\n\n"
            out.write(paragraph)
            written += len(paragraph.encode("utf-8"))
            paragraphs += 1
    return paragraphs, injected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the generated file in MiB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp, "large.txt")
        paragraphs, injected = write_corpus(corpus, args.mb)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mtaudit", "audit", "--no-model", "--quiet", "--format", "json", str(corpus)],
            capture_output=True, text=True,
        )
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if result.returncode != 0:
            sys.exit(f"audit failed ({result.returncode}): {result.stderr.strip()}")
        report = json.loads(result.stdout)
        findings = len(report["files"][0]["findings"])
    print(f"command: {' '.join(sys.argv)}")
    print(f"file: {args.mb} MiB, {paragraphs} paragraphs, {paragraphs * 4} sentences")
    print(f"time: {elapsed:.1f} s ({paragraphs * 4 / elapsed:.0f} sentences/s)")
    print(f"peak memory of the audit process: {peak_mb:.0f} MiB")
    print(f"findings: {findings} (injected doubled words: {injected})")


if __name__ == "__main__":
    main()
