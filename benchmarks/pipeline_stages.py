#!/usr/bin/env python3
"""Where a full audit's time goes beyond fluency scoring, stage by stage.

    python benchmarks/pipeline_stages.py [--shared ../shared] [--sentences 400] [--side pe|mt]

The same sentences as the pipeline speed of ``benchmarks/detection.py`` (MLQE-PE dev
post-edits, ``pe``, or the MT output they corrected, ``mt``) are scored alone, then audited
with every rule from empty caches, after a warm-up on other sentences.  Printed: both times
and their ratio, and the seconds spent inside each timed stage of the audit (the scorer's
passes and its reads of kept states, MTA102's candidates, the judge).  Stages nest (the
judge's time includes its tail passes), so they do not add up to the audit's.  One run:
compare stages of two versions in the same session, not across machines.
A measurement, not a test: nothing here asserts.
"""
from __future__ import annotations

import argparse
import collections
import functools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from detection import forget_all, load_scorer_or_none, warmed_up  # noqa: E402
from mtaudit import Auditor  # noqa: E402
from mtaudit.config import Config  # noqa: E402
from mtaudit.lexicon import verify  # noqa: E402
from mtaudit.rules import mta102_garbled_idiom  # noqa: E402

SCORER_STAGES = ("_surprisals", "_tail_surprisals", "first_step_gains", "continuations", "window_gains",
                 "nearest_words", "_encode")


def timed(owner, name: str, label: str, spent: collections.Counter) -> None:
    """Replace ``owner.name`` by a wrapper that adds its time to ``spent[label]``."""
    function = getattr(owner, name)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--side", choices=("pe", "mt"), default="pe", help="post-edits (clean prose) or MT output")
    args = parser.parse_args(argv)
    scorer = load_scorer_or_none(False)
    if scorer is None:
        parser.error("the model is needed: run `mtaudit models fetch` first")
    auditor = Auditor(Config(), scorer)
    sentences = warmed_up(auditor, args.shared, args.side, args.sentences)

    spent: collections.Counter = collections.Counter()
    for name in SCORER_STAGES:
        if hasattr(type(scorer), name):
            timed(type(scorer), name, f"scorer.{name}", spent)
    timed(mta102_garbled_idiom, "candidates", "MTA102 candidates", spent)
    timed(mta102_garbled_idiom, "_read_as_alike", "MTA102 alike-word reading", spent)
    timed(verify, "judge", "judge (with its passes)", spent)

    scorer.forget()
    started = time.perf_counter()
    scorer.score(sentences)
    fluency = time.perf_counter() - started
    spent.clear()
    forget_all(scorer)
    started = time.perf_counter()
    report = auditor.audit_text("\n\n".join(sentences))
    audit = time.perf_counter() - started
    print(f"{len(sentences)} sentences ({args.side}): fluency scoring alone {fluency:.2f} s, full audit {audit:.2f} s "
          f"(ratio {fluency / audit:.2f}; {len(report.findings)} findings)")
    for label, seconds in spent.most_common():
        print(f"  {label:<32} {seconds:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
