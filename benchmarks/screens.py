#!/usr/bin/env python3
"""What the first-step screens of the model rules cost and save.

    python benchmarks/screens.py [--shared ../shared] [--sentences 1000]

MTA101, MTA102 and MTA202 judge a rewrite with the model only where its first changed token
gains at least a set log-probability (``SCREEN`` in each rule; see
``FluencyScorer.first_step_gains``), and where its margin over the changed tokens and about
one after them (``FluencyScorer.window_gains``) comes close enough to the margin needed (``verify.WINDOW_SLACK``).  This
runs the rules with the screens off over the dev sentences, MLQE-PE dev post-edits and
machine output and the first 300 fluent JFLEG references, and prints per rule (and per
kind of MTA202 edit) how many rewrites were judged, how many the screens keep, how many
reached the margin their rule needs, and how many of those the screens would have dropped.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from detection import mlqe_sentences, run  # noqa: E402
from models.calibrate import detokenize  # noqa: E402
from mtaudit.lexicon import verify  # noqa: E402
from mtaudit.rules.mta101_tortured_phrase import TorturedPhrase  # noqa: E402
from mtaudit.rules.mta102_garbled_idiom import GarbledIdiom  # noqa: E402
from mtaudit.rules.mta202_awkward_wording import AwkwardWording  # noqa: E402
from mtaudit.scoring import load_scorer  # noqa: E402

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sentences", type=int, default=1000, help="MLQE-PE sentences of each side")
    parser.add_argument("--verbose", "-v", action="store_true", help="print each rewrite the screens drop that passed")
    args = parser.parse_args()
    scorer = load_scorer(disk_cache=False)
    tried, kept, passing, lost = Counter(), Counter(), Counter(), Counter()

    def recording(rule_id):
        def judge(proposals):
            passed = verify.screened(scorer, proposals)
            unscreened = [dataclasses.replace(p, screen=None, min_margin=None) for p in proposals]
            verdicts = verify.judge(scorer, unscreened)
            for p, v, kept_ in zip(proposals, verdicts, passed):
                judged = {j.replacement: j.margin for j in v.judged}
                for r in dict.fromkeys(p.replacements):
                    kind = getattr(p.payload, "kind", None) if rule_id == "MTA202" else None
                    key = f"{rule_id} {kind}" if kind else rule_id
                    need = p.min_margin
                    keeps = r in kept_
                    tried[key] += 1
                    kept[key] += keeps
                    if judged.get(r, float("-inf")) >= need:
                        passing[key] += 1
                        lost[key] += not keeps
                        if args.verbose and not keeps:
                            print(f"  dropped {key} {judged[r]:.2f} >= {need}: {p.text[p.start:p.end]!r} -> {r!r}")
            return verdicts

        return judge

    with open(args.shared / "eval" / "dev_sentences.tsv", encoding="utf-8") as f:
        dev = [row["text"] for row in csv.DictReader(f, delimiter="\t")]
    jfleg = (args.shared / "data" / "jfleg" / "dev" / "dev.ref0").read_text(encoding="utf-8").splitlines()[:300]
    texts = {
        "dev sentences": dev,
        "MLQE-PE post-edits": mlqe_sentences(args.shared, "pe", args.sentences),
        "MLQE-PE machine output": mlqe_sentences(args.shared, "mt", args.sentences),
        "JFLEG references": [detokenize(x) for x in jfleg],
    }
    for name, sentences in texts.items():
        for rule in (TorturedPhrase, GarbledIdiom, AwkwardWording):
            run([rule], sentences, scorer, judge=recording(rule.id))
        print(f"audited {len(sentences)} {name}")
    print(f"\n{'rule':<22}{'judged':>8}{'screen keeps':>14}{'passing':>9}{'dropped':>9}")
    for key in sorted(tried):
        share = kept[key] / tried[key]
        print(f"{key:<22}{tried[key]:>8}{kept[key]:>8} ({share:4.0%}){passing[key]:>9}{lost[key]:>9}")
    total = sum(tried.values())
    print(f"{'all':<22}{total:>8}{sum(kept.values()):>8} ({sum(kept.values()) / total:4.0%})"
          f"{sum(passing.values()):>9}{sum(lost.values()):>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
