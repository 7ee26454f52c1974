#!/usr/bin/env python3
"""Fit the calibrated judge (``models/judge.json``) on the tune split of the evaluation corpus.

    python models/fit_judge.py [--eval-dir DIR] [--shared ../shared] [--features FILE] [--recollect RULE ...]

1. Every model rule (MTA101, MTA102, MTA202, MTA301) runs over the tune split's sentences
   (``benchmarks/build_eval.py``: garbled, correct and literal idiom carriers, tortured terms
   and their clean twins, MLQE-PE machine translations and post-edits, HWU64 originals, JFLEG
   references), and *every* rewrite it proposes is judged, with no screen, so that each has all
   its features (:mod:`mtaudit.lexicon.evidence`).  The features are kept in ``--features``
   (a JSONL file) so that a refit needs no model.
2. A rewrite is a positive when its span overlaps the labelled problem of a garbled sentence
   or a word of a machine translation that the post-editor changed; every rewrite in a fluent
   sentence is a negative.  Recall and the cut-offs count every such positive, but two kinds
   are left out of the fit of the idiom and lexicon regressions (:func:`fitted`), because they
   say nothing about whether the rewrite itself is right: a rewrite over a garbled span that
   is not its labelled fix (the near miss of another idiom), and an idiom's rewrite over a
   post-edited word (the post-editor changed the word, not towards an idiom).  MTA202's small
   edits seldom spell out a whole labelled fix.  For its listed edits (a known confusion
   corrected) the overlap is the evidence; the edits the model proposes itself are fitted when
   they are a step towards the fix (fewer word edits, TER, from the corrected sentence or the
   post-edit), as most that merely overlap a problem are the model's likely words, not a
   correction.  Each source weighs the same in the fit.
3. Per family of rewrites (lexicon, spin, idiom, critic, model), two L2-regularised logistic regressions: a
   *cheap* one over what is known before the model judges, which ranks and screens, and the
   *full* one, which ranks the rewrites for the decision; an isotonic map of its probability,
   fitted on all the family's labelled rewrites (:func:`calibrated`), is a finding's
   confidence.  The confidence a finding needs is set for MTA101, MTA102 and MTA202 (MTA301
   keeps its margins until the corpus has literal-pattern items), lowered where it catches
   most garbled sentences while the share of
   fluent sentences of each kind that get a finding stays within ``--max-false-alarms``
   (correct and literal idiom sentences, clean twins) or ``--max-fluent-false-alarms`` (fluent
   prose).  The screen of each family is the cheap probability below which at most 2% of the
   positives its rules report at those cut-offs fall.  Past the screens, at most ``--budget``
   rewrites a sentence are judged, the best cheap probability first, as ``verify.judge`` does;
   the cut-offs are fitted with it.
4. The tune split's tortured items are read a second time with a copy of ``models/`` that does
   not list their terms (:func:`collect_unlisted`), as items of their own: MTA101 then finds
   them only through the lexicon's other entries and the word spins they teach, and the judge
   learns what a right guess at an unlisted term looks like, not only that guesses are wrong
   where the lexicon lists the term.  Their recall is printed as ``tortured unlisted garbled``.
Printed: what the screen and the budget drop, the cut-offs, and the expected calibration
error on the tune split (the test split's is printed by ``benchmarks/detection.py``).
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import itertools
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402

from detection import norm_fix, towards  # noqa: E402
from mtaudit.lexicon import verify  # noqa: E402
from mtaudit.lexicon.evidence import (CHEAP, UNFITTED, JudgeModel, Logistic, best_per_sentence, family, interactions,
                                     reliability)  # noqa: E402

JUDGED_RULES = ("MTA101", "MTA102", "MTA202", "MTA301")  # their rewrites are collected
DECIDING_RULES = ("MTA101", "MTA102", "MTA202")  # the rules the judge decides (MTA301: its margins)
FLUENT_KINDS = ("correct", "literal", "twin", "pe", "original", "reference")
# The tune split's tortured items read a second time with their terms left out of the lexicon:
# another item each, so that the judge learns what a right guess at an unlisted term looks like.
UNLISTED = "unlisted"
SCREEN_RECALL_LOSS = 0.02
L2 = 1.0


def collect(items: List[dict], out: Path, rule_ids: Sequence[str] = JUDGED_RULES, lexicon: str = "") -> None:
    """Judge every proposal of the model rules ``rule_ids`` over the items' sentences; one JSON
    line per rewrite, added to ``out`` (marked with ``lexicon`` when given)."""
    from detection import load_scorer_or_none, rule_classes, run

    scorer = load_scorer_or_none(False)
    if scorer is None:
        sys.exit("fit_judge: the language model is needed")
    texts = list(dict.fromkeys(it["text"] for it in items))
    rules = [r for r in rule_classes("all") if r.id in rule_ids]
    records: List[dict] = []
    current = {"rule": ""}

    def recording(proposals: Sequence[verify.Proposal]) -> List[verify.Verdict]:
        verdicts = verify.judge(scorer, proposals, model=UNFITTED)
        for v in verdicts:
            p = v.proposal
            for j in v.judged:
                records.append({"text": p.text, "start": p.start, "end": p.end, "replacement": j.replacement,
                                "features": j.features, "rule": current["rule"], **({"lexicon": lexicon} if lexicon else {})})
        return verdicts

    for rule in rules:  # one rule at a time, so that each rewrite is known to be its rule's
        current["rule"] = rule.id
        run([rule], texts, scorer, judge=recording)
    with open(out, "a", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def collect_unlisted(items: List[dict], out: Path) -> None:
    """MTA101's rewrites over the tortured items, read with a copy of ``models/`` without their
    terms (as ``build_eval.py --holdout-lexicon`` leaves out the test split's): the lexicon's
    other entries and the word spins learnt from them are all that can find the spun terms."""
    import build_eval
    from mtaudit.rules import mta101_tortured_phrase as mta101

    def forget_lexicons() -> None:  # loaded once per process: reload from the models/ in use
        mta101.tortured_lexicon.cache_clear()
        mta101.spin_model.cache_clear()

    tortured = [it for it in items if it["source"] == "tortured"]
    with tempfile.TemporaryDirectory(prefix="mtaudit-unlisted-") as tmp:
        build_eval.write_holdout_lexicon(Path(tmp) / "models", set(), {it["group"] for it in tortured})
        with mock.patch.dict(os.environ, {"MTAUDIT_MODELS_DIR": str(Path(tmp) / "models")}):
            forget_lexicons()
            try:
                collect(tortured, out, ("MTA101",), lexicon=UNLISTED)
            finally:
                forget_lexicons()


def unlisted_items(items: List[dict]) -> List[dict]:
    """The tortured items as read with their terms unlisted: items of their own (another text
    key and source), so that their rewrites are labelled, counted and budgeted apart."""
    return [dict(it, text=unlisted_text(it["text"]), source=f"{it['source']} {UNLISTED}") for it in items if it["source"] == "tortured"]


def unlisted_text(text: str) -> str:
    return f"{text}\t{UNLISTED}"  # a tab never occurs in a corpus sentence


def load_split(shared: Path, eval_dir, split: str) -> List[dict]:
    """The items of ``split``, from ``eval_dir`` or built afresh into a temporary folder."""
    import csv
    import tempfile

    if eval_dir is None:
        import build_eval

        eval_dir = Path(tempfile.mkdtemp(prefix="mtaudit-eval-"))
        build_eval.main(["--shared", str(shared), "--out", str(eval_dir)])
    with open(Path(eval_dir) / f"{split}.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def label(items_by_text: Dict[str, List[dict]], record: dict) -> Tuple[int, str, str, Optional[dict]]:
    """(label, source, item kind, item) of a judged rewrite; label -1 for unlabelled text."""
    a, b = record["start"], record["end"]
    best: Tuple[int, str, str, Optional[dict]] = (-1, "", "", None)
    for it in items_by_text.get(record["text"], []):
        kind = it["kind"]
        if kind == "garbled":
            s, e = int(it["span_start"]), int(it["span_end"])
            return (1 if a < e and s < b else 0), it["source"], kind, it
        if kind == "mt":
            spans = [tuple(map(int, x.split("-"))) for x in it["bad_spans"].split(";") if x]
            return (1 if any(a < e and s < b for s, e in spans) else 0), it["source"], kind, it
        if kind in FLUENT_KINDS:
            best = (0, it["source"], kind, it)
    return best


def fitted(record: dict, item: Optional[dict]) -> bool:
    """Whether a labelled rewrite is evidence for its regression (see the module's docstring);
    ``item`` is the labelled sentence it was proposed in."""
    fam = family(record["features"])
    if item is None or record["label"] != 1 or fam == "critic":  # a listed correction: the overlap is its evidence
        return True
    if item["kind"] == "mt" and fam != "model":
        return fam != "idiom"
    text = record["text"]
    proposed = text[: record["start"]] + record["replacement"] + text[record["end"] :]
    if item["kind"] == "mt":
        corrected = item["ref"]
    else:
        start, end = int(item["span_start"]), int(item["span_end"])
        corrected = text[:start] + item["fix"] + text[end:]
    if fam == "model":  # the model's likely word there: a correction only if a step towards it
        return towards(text, proposed, corrected)
    return norm_fix(proposed) == norm_fix(corrected)


def fit_logistic(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2, iters: int = 50) -> np.ndarray:
    """Weighted, L2-regularised logistic regression by Newton's method; the last column is the bias."""
    beta = np.zeros(X.shape[1])
    reg = np.full(X.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(iters):
        z = np.clip(X @ beta, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        grad = X.T @ (w * (p - y)) + reg * beta
        hess = (X * (w * p * (1 - p))[:, None]).T @ X + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def logistic(rows: List[Dict[str, float]], names: List[str], y: np.ndarray, w: np.ndarray) -> Logistic:
    X = np.array([[r.get(n, 0.0) for n in names] for r in rows], dtype=float)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = np.hstack([(X - mean) / scale, np.ones((len(rows), 1))])
    beta = fit_logistic(Z, y, w)
    return Logistic(float(beta[-1]), {n: round(float(b), 5) for n, b in zip(names, beta[:-1])},
                    {n: round(float(m), 5) for n, m in zip(names, mean)}, {n: round(float(s), 5) for n, s in zip(names, scale)})


def calibrated(model: Logistic, records: List[dict]) -> Logistic:
    """``model`` with isotonic knots, so that its probability is the share of the family's
    rewrites, as found in the corpus and each counted once, whose span is a real problem: the
    fit's weights and left-out rewrites shape the ranking, not the confidence a user reads.
    The knots are the centres of the pooled blocks, read linearly in between, so that the map
    keeps the regression's order."""
    by_p: Dict[float, List[float]] = collections.defaultdict(list)
    for r in records:
        by_p[model.probability(r["features"])].append(float(r["label"]))
    blocks: List[List[float]] = []  # pool adjacent violators: [sum of p, sum of labels, count]
    for p, labels in sorted(by_p.items()):  # rewrites of equal probability are one block from the start
        blocks.append([p * len(labels), sum(labels), float(len(labels))])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1] = [a + b for a, b in zip(blocks[-1], last)]
    # the ends pinned to 0 and 1, so that no probability is flat and the ranking stays whole
    inner = [(round(sp / n, 6), round(sy / n, 5)) for sp, sy, n in blocks]
    knots = [(0.0, 0.0)] + [k for k in inner if 0.0 < k[0] < 1.0] + [(1.0, 1.0)]
    return dataclasses.replace(model, knots=tuple(knots))


def thresholds(items: List[dict], records: List[dict], probs: List[float], limits: Dict[str, float]) -> Dict[str, float]:
    """Per rule, the confidence a finding needs: of every combination of cut-offs on a grid of
    0.02, the one that catches most garbled sentences (idiom and tortured items, and MT sentences
    with a finding on a changed word) while the share of fluent sentences of each kind that get a
    finding from any rule stays within its limit (``limits``, by item kind) -- a joint search, as
    lowering one rule at a time, each where it catches most, spends a limit on the rule that
    catches many at a high price; then lowered one rule at a time on a grid of 0.01 for as long as
    that catches more within the limits, and raised again as far as it goes without catching fewer."""
    best: Dict[Tuple[str, str], float] = {}  # (rule, text) -> highest confidence of a counted finding
    for r, p in zip(records, probs):
        if r["label"] == 1 or r["kind"] in FLUENT_KINDS:
            key = (r["rule"], r["text"])
            best[key] = max(best.get(key, 0.0), p)
    # the unlisted readings teach the regressions but are no target of the cut-offs: their
    # rewrites still count against the limits, so a guess is reported only where the listed
    # reading can afford it
    groups = {"targets": [it["text"] for it in items if it["kind"] in ("garbled", "mt") and not it.get("source", "").endswith(UNLISTED)]}
    for it in items:
        if it["kind"] in FLUENT_KINDS:
            groups.setdefault(it["kind"], []).append(it["text"])
    # per group, a (rule, sentence) matrix of each rule's most confident counted finding
    conf = {g: np.array([[best.get((rule, t), 0.0) for t in texts] for rule in DECIDING_RULES]) for g, texts in groups.items()}

    def counts(cuts: Dict[str, float]) -> Dict[str, int]:
        cut = np.array([[cuts[rule]] for rule in DECIDING_RULES])
        return {g: int((c >= cut).any(axis=0).sum()) for g, c in conf.items()}

    def within(n: Dict[str, int]) -> bool:
        return all(n[kind] <= limits[kind] * len(groups[kind]) for kind in groups if kind != "targets")

    coarse = [round(0.3 + 0.02 * k, 2) for k in range(35)] + [1.0]
    # flagged[g][rule][cut] per sentence, so that each combination is a few boolean ORs
    flagged = {g: [{cut: c[i] >= cut for cut in coarse} for i in range(len(DECIDING_RULES))] for g, c in conf.items()}
    chosen, most = {rule: 1.0 for rule in DECIDING_RULES}, -1
    for combo in itertools.product(coarse, repeat=len(DECIDING_RULES)):
        n = {g: int(np.logical_or.reduce([f[i][cut] for i, cut in enumerate(combo)]).sum()) for g, f in flagged.items()}
        if within(n) and (n["targets"], sum(combo)) > (most, sum(chosen.values())):
            chosen, most = dict(zip(DECIDING_RULES, combo)), n["targets"]
    fine = [round(0.3 + 0.01 * k, 2) for k in range(70)]
    cuts = chosen
    while True:
        options = []
        for rule in DECIDING_RULES:
            lower = [g for g in fine if g < cuts[rule]]
            if lower:
                trial = dict(cuts, **{rule: lower[-1]})
                n = counts(trial)
                if within(n) and n["targets"] > most:
                    options.append((n["targets"], -lower[-1], rule, trial))
        if not options:
            break
        most, *_, cuts = max(options)
    # then each as high as it goes without losing a garbled sentence: no more false alarms than needed
    for rule in DECIDING_RULES:
        for g in sorted(g for g in fine if g > cuts[rule]):
            if counts(dict(cuts, **{rule: g}))["targets"] < most:
                break
            cuts[rule] = g
    return {rule: min(cut, 0.99) for rule, cut in cuts.items()}


def screens(records: List[dict], cheap_p: List[float], full_p: List[float], cuts: Dict[str, float],
            per_sentence: float, fluent_sentences: int) -> Dict[str, float]:
    """Per family, the cheap probability below which a rewrite is not judged: rewrites that
    would not be reported anyway need not cost a pass.  The screens are lowered past the
    positives their rules report at ``cuts``, the family that lets through the fewest rewrites of
    fluent sentences per positive first, for as long as the rewrites judged in fluent sentences
    stay within ``per_sentence`` a fluent sentence (what the model's time goes to on clean
    prose), and no lower than where ``SCREEN_RECALL_LOSS`` of a family's positives fall."""
    out: Dict[str, float] = {}
    reported: Dict[str, List[float]] = {}  # per family, its reported positives' cheap probability, highest first
    fluent: Dict[str, np.ndarray] = {}  # per family, its fluent sentences' cheap probabilities, sorted
    for fam in sorted({family(r["features"]) for r in records}):
        rows = [(r, c, p) for r, c, p in zip(records, cheap_p, full_p) if family(r["features"]) == fam]
        if any(r["rule"] not in cuts for r, _, _ in rows):  # decided by margins (MTA301): not screened
            out[fam] = 0.0
            continue
        reported[fam] = sorted((c for r, c, p in rows if r["label"] == 1 and p >= cuts[r["rule"]]), reverse=True)
        fluent[fam] = np.sort([c for r, c, _ in rows if r["kind"] in FLUENT_KINDS])
    level = {fam: 0 for fam in reported}  # positives let through
    most = {fam: len(c) - int(SCREEN_RECALL_LOSS * len(c)) for fam, c in reported.items()}

    def cost(fam: str, n: int) -> int:  # fluent rewrites let through with the first n positives
        return 0 if n == 0 else int(len(fluent[fam]) - np.searchsorted(fluent[fam], reported[fam][n - 1]))

    spent, budget = 0, per_sentence * fluent_sentences
    open_ = set(reported)
    while open_:
        steps = []  # (fluent rewrites per positive, family, positives let through)
        for fam in sorted(open_):
            here = cost(fam, level[fam])
            steps.append(min(((cost(fam, n) - here) / (n - level[fam]), fam, n) for n in range(level[fam] + 1, most[fam] + 1)))
        _, fam, n = min(steps)
        while n > level[fam] and spent + cost(fam, n) - cost(fam, level[fam]) > budget:
            n -= 1
        if n == level[fam]:
            open_.discard(fam)
            continue
        spent += cost(fam, n) - cost(fam, level[fam])
        level[fam] = n
        if n == most[fam]:
            open_.discard(fam)
    for fam, n in level.items():
        out[fam] = round(reported[fam][n - 1], 5) if n else 1.0
    return out


def cut_offs_and_screens(items: List[dict], records: List[dict], cheap_p: List[float], full_p: List[float],
                         limits: Dict[str, float], per_sentence: float, fluent_sentences: int,
                         budget: float) -> Tuple[Dict[str, float], Dict[str, float]]:
    """The cut-offs (:func:`thresholds`) and the screens (:func:`screens`) that go together.  The
    screens depend on what the cut-offs report and the cut-offs on what the screens let
    through, so each is fitted on the other twice; the cut-offs come last, fitted on the
    screens that ship, as a cut-off lowered under earlier screens could flag more fluent
    sentences than the limits allow through screens lowered for it."""
    cuts = thresholds(items, records, [p if k else 0.0 for p, k in zip(full_p, kept_for_judging(records, cheap_p, {}, budget))], limits)
    for _ in range(2):
        screen = screens(records, cheap_p, full_p, cuts, per_sentence, fluent_sentences)
        kept = kept_for_judging(records, cheap_p, screen, budget)
        cuts = thresholds(items, records, [p if k else 0.0 for p, k in zip(full_p, kept)], limits)
    return cuts, screen


def kept_for_judging(records: List[dict], cheap_p: List[float], screen: Dict[str, float], budget: float) -> List[bool]:
    """Which rewrites the judge would judge: those past their family's screen, and of those the
    ``budget`` of each sentence with the best cheap probability (as ``verify.judge`` does)."""
    passed = [k for k, (r, p) in enumerate(zip(records, cheap_p)) if p >= screen.get(family(r["features"]), 0.0)]
    within = best_per_sentence([records[k]["text"] for k in passed], [cheap_p[k] for k in passed], budget)
    kept = [False] * len(records)
    for k, keep in zip(passed, within):
        kept[k] = keep
    return kept


def caught(items: List[dict], records: List[dict], probs: List[float], cuts: Dict[str, float]) -> str:
    """Recall per source of garbled items and false-alarm share per fluent kind, at ``cuts``."""
    hit, flagged = set(), set()
    for r, p in zip(records, probs):
        if p >= cuts.get(r["rule"], 1.0):
            (hit if r["label"] == 1 else flagged).add(r["text"])
    out = collections.defaultdict(lambda: [0, 0])
    for it in items:
        key = f"{it['source']} {it['kind']}"
        if it["kind"] in ("garbled", "mt"):
            out[key][0] += 1
            out[key][1] += it["text"] in hit
        elif it["kind"] in FLUENT_KINDS:
            out[key][0] += 1
            out[key][1] += it["text"] in flagged
    return ", ".join(f"{k} {c / n:.3f}" for k, (n, c) in sorted(out.items()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=None, help="built corpus (default: build it into a temporary folder)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--features", type=Path, default=Path("judge_features.jsonl"),
                        help="the judged rewrites' features (reused when present)")
    parser.add_argument("--recollect", nargs="+", choices=JUDGED_RULES, default=[], metavar="RULE",
                        help="judge these rules' rewrites again (after a change to what they propose), keeping the others'")
    parser.add_argument("--max-false-alarms", type=float, default=0.025,
                        help="share of correct and literal idiom sentences and of clean twins the judged rules may flag")
    parser.add_argument("--max-fluent-false-alarms", type=float, default=0.04,
                        help="the same for fluent prose (post-edits, references, HWU64 originals)")
    parser.add_argument("--budget", type=float, default=8.0,
                        help="rewrites judged per sentence, at most: a bound on the cost of a sentence with many candidates")
    parser.add_argument("--screen-budget", type=float, default=0.33,
                        help="rewrites the screens let through per fluent sentence of the tune split, at most (the model's cost on clean prose)")
    parser.add_argument("--per-kind", type=int, default=0,
                        help="at most this many items of each source and kind (0: all); a smaller fit, sooner")
    parser.add_argument("--keep", nargs="+", choices=("lexicon", "spin", "idiom", "critic", "model"), default=[], metavar="FAMILY",
                        help="keep these families' regressions from the judge in --out (fitted on another CPU, say) and "
                             "refit the others; the cut-offs and screens are fitted anew over all")
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "judge.json")
    args = parser.parse_args(argv)
    if args.keep and not args.out.is_file():
        parser.error(f"--keep takes the kept families from --out, and {args.out} is not a file (copy models/judge.json there)")

    items = [it for it in load_split(args.shared, args.eval_dir, "tune") if it["kind"] != "roundtrip"]  # unlabelled
    if args.per_kind:
        seen: Dict[Tuple[str, str], int] = collections.Counter()
        items = [it for it in items if seen.update([(it["source"], it["kind"])]) or seen[it["source"], it["kind"]] <= args.per_kind]
    if args.recollect and args.features.exists():  # drop those rules' rewrites, to collect them again
        kept = [line for line in open(args.features, encoding="utf-8") if json.loads(line)["rule"] not in args.recollect]
        args.features.write_text("".join(kept), encoding="utf-8")
    if not args.features.exists():
        collect(items, args.features)
        collect_unlisted(items, args.features)
    elif args.recollect:
        collect(items, args.features, args.recollect)
        if "MTA101" in args.recollect:
            collect_unlisted(items, args.features)
    items += unlisted_items(items)
    by_text: Dict[str, List[dict]] = collections.defaultdict(list)
    for it in items:
        by_text[it["text"]].append(it)
    records = []
    for line in open(args.features, encoding="utf-8"):
        r = json.loads(line)
        if r.get("lexicon") == UNLISTED:
            r["text"] = unlisted_text(r["text"])
        r["label"], r["source"], r["kind"], item = label(by_text, r)
        interactions(r["features"])  # derived features as the judge derives them now
        r["fitted"] = fitted(r, item)
        if r["label"] >= 0:
            records.append(r)
    y = np.array([r["label"] for r in records], dtype=float)
    per_source = collections.Counter(r["source"] for r in records)
    w = np.array([len(records) / (len(per_source) * per_source[r["source"]]) if r["fitted"] else 0.0 for r in records])
    cheap: Dict[str, Logistic] = {}
    full: Dict[str, Logistic] = {}
    for fam in sorted({family(r["features"]) for r in records} - {"pattern"}):  # no literal-pattern items yet
        rows = [i for i, r in enumerate(records) if family(r["features"]) == fam and r["fitted"]]
        feats = [records[i]["features"] for i in rows]
        names = sorted({n for f in feats for n in f})
        rule_names = [n for n in names if n.startswith(("kind=", "idiom_", "critic_", "pattern_")) and "*" not in n]
        every = [r for r in records if family(r["features"]) == fam]
        # calibrated too: the budget ranks a sentence's rewrites of every family by it
        cheap[fam] = calibrated(logistic(feats, list(CHEAP) + rule_names, y[rows], w[rows]), every)
        full[fam] = calibrated(logistic(feats, names, y[rows], w[rows]), every)
    if args.keep:
        shipped = json.loads(args.out.read_text(encoding="utf-8"))
        for fam in args.keep:
            cheap[fam], full[fam] = Logistic.from_dict(shipped["cheap"][fam]), Logistic.from_dict(shipped["full"][fam])
    model = JudgeModel(cheap, full)
    cheap_p = [model.cheap_probability(r["features"]) for r in records]
    full_p = [model.confidence(r["features"]) for r in records]
    print(f"rewrites judged: {len(records)} ({int(y.sum())} positive) from {len(items)} tune items; sources {dict(per_source)}")
    limits = {kind: (args.max_false_alarms if kind in ("correct", "literal", "twin") else args.max_fluent_false_alarms)
              for kind in FLUENT_KINDS}
    fluent_sentences = sum(it["kind"] in FLUENT_KINDS for it in items)
    cuts, screen = cut_offs_and_screens(items, records, cheap_p, full_p, limits, args.screen_budget, fluent_sentences, args.budget)
    print("min confidence per rule:", cuts)
    screened = kept_for_judging(records, cheap_p, screen, float("inf"))
    kept = kept_for_judging(records, cheap_p, screen, args.budget)
    print(f"cheap screen per family {screen}: keeps {sum(screened)} of {len(records)} rewrites ({sum(screened) / len(records):.0%}), "
          f"{sum(k for k, r in zip(screened, records) if r['kind'] in FLUENT_KINDS)} of "
          f"{sum(r['kind'] in FLUENT_KINDS for r in records)} in fluent sentences; "
          f"the budget of {args.budget:g} per sentence drops {sum(screened) - sum(kept)} more")
    full_p = [p if k else 0.0 for p, k in zip(full_p, kept)]  # what is screened out is never reported
    print("tune split at these cut-offs:", caught(items, records, full_p, cuts))
    judged = [(p, r["label"] > 0) for p, k, r in zip(full_p, kept, records) if k]
    print(f"expected calibration error (tune, every rewrite past the screen): {reliability(judged):.3f}")
    for rule in DECIDING_RULES:
        pos = [p for p, r in zip(full_p, records) if r["rule"] == rule and r["label"] == 1]
        neg = [p for p, r in zip(full_p, records) if r["rule"] == rule and r["label"] == 0]
        print(f"  {rule}: {len(pos)} positive rewrites, {sum(p >= cuts[rule] for p in pos)} over the cut; "
              f"{len(neg)} negative, {sum(p >= cuts[rule] for p in neg)} over it")
    data = {
        "about": "Calibrated judge of mtaudit's model rules, fitted by models/fit_judge.py on the tune split "
                 "of benchmarks/build_eval.py; see mtaudit/lexicon/evidence.py.",
        "cheap": {k: m.to_dict() for k, m in cheap.items()}, "full": {k: m.to_dict() for k, m in full.items()},
        "screen": screen,
        "min_confidence": cuts, "budget_per_sentence": args.budget,
    }
    args.out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
