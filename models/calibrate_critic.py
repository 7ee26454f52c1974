#!/usr/bin/env python3
"""Margins the LM critic (MTA202) needs, per kind of edit, from fluent human sentences.

    python models/calibrate_critic.py [--shared ../shared] [--sentences 800]

Runs MTA202's edit search (same budget and surprise gate as the rule) over human post-edits
of MLQE-PE train (ro-en and ru-en, CC0; fluent English written by people) and prints, for
each kind of edit, the margins that the best edit of that kind exceeds in only 3%, 2% and
1% of the sentences (the rule's ``DEFAULT_MIN_MARGIN`` are chosen from them), then the
share of these fluent sentences that the rule's current margins would report.
A measurement script: it writes nothing.
"""
from __future__ import annotations

import argparse
import math
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtaudit.lexicon.critic import candidate_edits  # noqa: E402
from mtaudit.lexicon.evidence import UNFITTED  # noqa: E402
from mtaudit.lexicon.verify import Proposal, judge, word_surprise  # noqa: E402
from mtaudit.rules.mta202_awkward_wording import DEFAULT_BUDGET, DEFAULT_MIN_MARGIN, DEFAULT_MIN_SURPRISE, MIN_WORDS  # noqa: E402
from mtaudit.scoring import load_scorer  # noqa: E402
from models.calibrate import detokenize  # noqa: E402


def post_edits(shared: Path, per_pair: int):
    for pair in ("ro-en", "ru-en"):
        with tarfile.open(shared / f"data/mlqe_pe/post-editing/train/{pair}-train.tar.gz") as archive:
            member = next(m for m in archive.getmembers() if m.name.endswith("train.pe"))
            lines = archive.extractfile(member).read().decode("utf-8").splitlines()
        yield from (detokenize(x) for x in lines[:per_pair])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sentences", type=int, default=800)
    args = parser.parse_args()
    scorer = load_scorer(offline=True)
    texts = list(post_edits(args.shared, args.sentences // 2))
    best = defaultdict(lambda: [-math.inf] * len(texts))  # kind -> best margin per sentence
    proposals = []
    for i, (text, words) in enumerate(zip(texts, word_surprise(scorer, texts))):
        if len(words) < MIN_WORDS:
            continue
        edits = [e for e in candidate_edits(text, words) if e.prior >= DEFAULT_MIN_SURPRISE][:DEFAULT_BUDGET]
        proposals.extend(Proposal(text, e.start, e.end, [e.replacement], (i, e.kind)) for e in edits)
    for verdict in judge(scorer, proposals, UNFITTED):  # every edit judged, for its margin
        i, kind = verdict.proposal.payload
        best[kind][i] = max(best[kind][i], verdict.best.margin)
    print(f"{len(texts)} post-edited sentences, {len(proposals)} edits tried")
    quantiles = (0.97, 0.98, 0.99)
    print(f"{'kind':<12}" + "".join(f"{'q' + str(q):>8}" for q in quantiles) + f"{'max':>8}  (sentences where the kind was tried)")
    for kind in sorted(best):
        margins = sorted(best[kind])
        cells = "".join(f"{margins[min(len(margins) - 1, int(q * len(margins)))]:>8.2f}" for q in quantiles)
        print(f"{kind:<12}{cells}{margins[-1]:>8.2f}  ({sum(m > -math.inf for m in margins)})")
    reported = sum(any(best[k][i] >= DEFAULT_MIN_MARGIN[k] for k in best) for i in range(len(texts)))
    print(f"with the rule's margins {DEFAULT_MIN_MARGIN}: {reported} of {len(texts)} fluent sentences "
          f"reported ({reported / len(texts):.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
