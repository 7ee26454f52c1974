#!/usr/bin/env python3
"""Detection benchmark of the lexicon rules (MTA101, MTA102, MTA301) and the registered rules.

    python benchmarks/detection.py [--shared ../shared] [--no-model] [--rules lexicon|all] [-v]
    python benchmarks/detection.py --split tune|test [--eval-dir DIR] [--holdout-lexicon] [--limit N] ...

On ``eval/dev_sentences.tsv`` every rule runs over every sentence (with the real scorer
when it loads, else without).  A finding counts when it overlaps the labelled span; any
finding on a ``clean`` row is a false alarm.  Printed: recall per category, the false-alarm
rate on clean rows, suggestion accuracy (the labelled fix among the top-3 suggestions,
case-insensitive, surrounding punctuation ignored; a suggestion for a different span counts
when applying it gives the same sentence as applying the fix), the false-alarm rate on
fluent JFLEG references (``data/jfleg/dev/dev.ref0``, first 300 lines, detokenized),
rule-only throughput, and with the model: JFLEG dev GLEU of the sources with the first
suggestions applied next to the sources' own, and the whole pipeline's speed on 2,000
clean and 2,000 machine-translated sentences next to fluency scoring alone, measured in
turn in the same run, fastest of ``--repeats`` (3) each (the scorer's disk cache is off, so
scores are computed afresh).

With ``--split``, the rules run over that split of the held-out corpus of
``benchmarks/build_eval.py`` (built into a temporary folder unless ``--eval-dir`` holds
it) after the dev set, and the figures are printed per source and category (see
:func:`evaluate_corpus`); ``--holdout-lexicon`` runs them with a copy of ``models/``
that lacks the test split's idioms and terms.
A measurement, not a test: nothing here asserts.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import dataclasses
import functools
import itertools
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtaudit.lexicon import verify  # noqa: E402
from mtaudit.lexicon.verify import Judge  # noqa: E402
from mtaudit.rules import all_rules  # noqa: E402
from mtaudit.rules.base import RuleContext, detect_all  # noqa: E402
from mtaudit.rules.mta101_tortured_phrase import TorturedPhrase  # noqa: E402
from mtaudit.rules.mta102_garbled_idiom import GarbledIdiom  # noqa: E402
from mtaudit.rules.mta301_literal_translation import LiteralTranslation  # noqa: E402
from mtaudit.types import Finding, Segment, Sentence, Span  # noqa: E402
from models.calibrate import detokenize  # noqa: E402

LEXICON_RULES = [TorturedPhrase, GarbledIdiom, LiteralTranslation]
PUNCT = " \t.,;:!?\"'“”‘’()"


def rule_classes(which: str) -> list:
    rules = {r.id: r for r in LEXICON_RULES}
    if which == "all":
        for rid, r in all_rules().items():
            rules.setdefault(rid, r)
    return [rules[k] for k in sorted(rules)]


def run(rules, texts: Sequence[str], scorer, batch: int = 256, judge: Optional[Judge] = None) -> List[List[Finding]]:
    """Findings per text; finding spans are made relative to their own text.  The rewrites
    the rules of a batch propose are judged together, as in the pipeline, by ``judge``
    (default: :func:`mtaudit.lexicon.verify.judge` with ``scorer``)."""
    offsets, pos = [], 0
    for t in texts:  # each sentence gets its own source range, as if the texts were one file
        offsets.append(pos)
        pos += len(t) + 1
    sentences = [Sentence(Segment.from_source(t, o)) for t, o in zip(texts, offsets)]
    out: List[List[Finding]] = [[] for _ in texts]
    instances = [cls(RuleContext(scorer=scorer)) for cls in rules if scorer is not None or "lm" not in cls.requires]
    judge = judge or functools.partial(verify.judge, scorer)
    for lo in range(0, len(sentences), batch):
        for f in itertools.chain.from_iterable(detect_all(instances, sentences[lo : lo + batch], judge)):
            i = bisect.bisect_right(offsets, f.span.start) - 1
            o = offsets[i]
            out[i].append(dataclasses.replace(f, span=Span(f.span.start - o, f.span.end - o)))
    return out


def norm_fix(s: str) -> str:
    return " ".join(s.strip(PUNCT).lower().split())


def towards(text: str, proposed: str, corrected: str) -> bool:
    """Whether ``proposed`` is fewer word edits (TER) from ``corrected`` than ``text`` is: a
    step towards the correction, where the whole of it is not spelt out."""
    import sacrebleu

    return sacrebleu.sentence_ter(proposed, [corrected]).score < sacrebleu.sentence_ter(text, [corrected]).score


def same_fix(text: str, start: int, end: int, fix: str, finding: Finding, suggestion: str) -> bool:
    """The suggestion is the labelled fix: as a string, or because applying either to the
    sentence gives the same sentence (a finding's span need not be the labelled span:
    "what followed" -> "that followed" and "what" -> "that" are the same correction)."""
    if norm_fix(suggestion) == norm_fix(fix):
        return True
    fixed = text[:start] + fix + text[end:]
    suggested = text[: finding.span.start] + suggestion + text[finding.span.end :]
    return norm_fix(fixed) == norm_fix(suggested)


def load_scorer_or_none(no_model: bool):
    if no_model:
        return None
    try:
        from mtaudit.scoring import load_scorer

        # no disk cache: throughput must not be measured on scores of an earlier run
        return load_scorer(offline=True, disk_cache=False)
    except Exception as e:  # the benchmark still runs lexicon-only
        print(f"(no model: {e})", file=sys.stderr)
        return None


def evaluate_dev(rules, scorer, dev: Path, verbose: bool) -> None:
    with open(dev, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    findings = run(rules, [r["text"] for r in rows], scorer)
    stats: Dict[str, List[int]] = defaultdict(lambda: [0, 0, 0])  # n, detected, fix@3
    clean_n = clean_fa = 0
    for row, fs in zip(rows, findings):
        if row["category"] == "clean":
            clean_n += 1
            clean_fa += bool(fs)
            if verbose and fs:
                print(f"  FA {row['id']}: {row['text']!r} -> {[(f.rule, f.text, f.suggestions) for f in fs]}")
            continue
        start = row["text"].find(row["span"])
        end = start + len(row["span"])
        hit = [f for f in fs if f.span.start < end and start < f.span.end]
        fixed = any(same_fix(row["text"], start, end, row["fix"], f, s) for f in hit for s in f.suggestions[:3])
        st = stats[row["category"]]
        st[0] += 1
        st[1] += bool(hit)
        st[2] += fixed
        if verbose:
            mark = "fix" if fixed else ("hit" if hit else "MISS")
            print(f"  {mark:4} {row['id']} {row['span']!r} -> {[(f.rule, f.text, f.suggestions, f.confidence) for f in fs]}")
    print(f"{'category':<13}{'n':>4}{'recall':>9}{'fix@3':>8}")
    tot = [0, 0, 0]
    for cat in sorted(stats):
        n, d, x = stats[cat]
        tot = [tot[0] + n, tot[1] + d, tot[2] + x]
        print(f"{cat:<13}{n:>4}{d / n:>9.2f}{x / n:>8.2f}")
    print(f"{'all':<13}{tot[0]:>4}{tot[1] / tot[0]:>9.2f}{tot[2] / tot[0]:>8.2f}")
    print(f"{'clean FA':<13}{clean_n:>4}{clean_fa / max(1, clean_n):>9.2f}")


def fluent_false_alarms(rules, scorer, path: Path, n: int, verbose: bool) -> None:
    lines = [detokenize(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()][:n]
    findings = run(rules, lines, scorer)
    flagged = sum(1 for fs in findings if fs)
    by_rule: Dict[str, int] = defaultdict(int)
    for fs in findings:
        for f in fs:
            by_rule[f.rule] += 1
    print(f"JFLEG ref0 (first {len(lines)}): false-alarm rate {flagged / len(lines):.3f} "
          f"({flagged} sentences; findings by rule: {dict(sorted(by_rule.items()))})")
    if verbose:
        for line, fs in zip(lines, findings):
            for f in fs:
                print(f"  FA {f.rule} {f.text!r} -> {f.suggestions} ({f.confidence}) in {line!r}")


def throughput(rules, scorer, path: Path, n: int, label: str) -> None:
    lines = [detokenize(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    lines = (lines * (n // max(1, len(lines)) + 1))[:n]
    # distinct texts so that no cache helps
    lines = [x if i < len(set(lines)) else f"{x} ({i})" for i, x in enumerate(lines)]
    started = time.perf_counter()
    run(rules, lines, scorer)
    elapsed = time.perf_counter() - started
    print(f"throughput {label}: {len(lines) / elapsed:,.0f} sentences/s ({len(lines)} sentences, {elapsed:.2f} s)")


def mlqe_sentences(shared: Path, side: str, n: int) -> List[str]:
    """``n`` distinct detokenized sentences of MLQE-PE dev: ``mt`` (machine output) or ``pe``
    (its human post-edit), taken in turn from the five language pairs."""
    import tarfile

    per_pair = []
    for pair in ("ro-en", "ru-en", "et-en", "ne-en", "si-en"):
        with tarfile.open(shared / f"data/mlqe_pe/post-editing/dev/{pair}-dev.tar.gz") as archive:
            member = next(m for m in archive.getmembers() if m.name.endswith(f"dev.{side}"))
            per_pair.append([detokenize(x) for x in archive.extractfile(member).read().decode("utf-8").splitlines()])
    mixed = [line for group in zip(*per_pair) for line in group if line.strip()]
    return list(dict.fromkeys(mixed))[:n]


def warmed_up(auditor, shared: Path, side: str, n: int) -> List[str]:
    """``n`` sentences of MLQE-PE dev (``side``: ``pe`` or ``mt``), after ``auditor`` and a
    rule-only audit ran over other sentences of it: word lists (one per language langdetect
    suggests for a fragment), lexicons and language profiles load once per process, like
    the model, so that a timed audit does not pay for them."""
    from mtaudit.config import Config
    from mtaudit import Auditor

    sentences = mlqe_sentences(shared, side, n + 2000)
    Auditor(Config(no_model=True)).audit_text("\n\n".join(sentences[n:]))
    auditor.audit_text("\n\n".join(sentences[n : n + 100]))
    return sentences[:n]


def forget_all(scorer) -> None:
    """Empty the scorer's caches and the judge's memos of rewrite features, so that a timed
    audit computes everything afresh."""
    scorer.forget()
    verify.chrf_distance.cache_clear()
    verify.unigram_logprob.cache_clear()


def pipeline_speed(scorer, shared: Path, n: int, repeats: int) -> None:
    """Sentences per second of the whole audit (every rule, the model) against fluency scoring
    alone, on the same sentences, each from an empty cache: human post-edits (clean prose)
    and the machine translations they corrected (translated prose, many errors).

    Timings on a shared machine vary by 10-20% from one minute to the next, so the two are
    measured in turn ``repeats`` times and the fastest of each is kept (as timeit does)."""
    from mtaudit.config import Config
    from mtaudit import Auditor

    auditor = Auditor(Config(), scorer)
    print(f"pipeline speed ({n} sentences each, MLQE-PE dev, every rule, cache emptied before each run,"
          f" fastest of {repeats} runs of each, taken in turn; after a warm-up on other sentences):")
    for label, side in (("clean prose (post-edits)", "pe"), ("translated prose (MT output)", "mt")):
        sentences = warmed_up(auditor, shared, side, n)
        fluency_times, audit_times = [], []
        for _ in range(repeats):
            scorer.forget()
            started = time.perf_counter()
            scorer.score(sentences)
            fluency_times.append(time.perf_counter() - started)
            forget_all(scorer)
            calls = scorer.forward_calls
            started = time.perf_counter()
            report = auditor.audit_text("\n\n".join(sentences))
            audit_times.append(time.perf_counter() - started)
        fluency, full = n / min(fluency_times), n / min(audit_times)
        each = ", ".join(f"{f / a:.2f}" for f, a in zip(fluency_times, audit_times))
        print(f"  {label:<30} fluency only {fluency:6.1f}/s  full audit {full:6.1f}/s  ratio {full / fluency:.2f}"
              f"  (each run: {each}; {len(report.findings)} findings, {scorer.forward_calls - calls} forward passes)")
        started = time.perf_counter()
        report = Auditor(Config(no_model=True)).audit_text("\n\n".join(sentences))
        print(f"  {'':<30} full audit --no-model {len(sentences) / (time.perf_counter() - started):,.0f}/s"
              f"  ({len(report.findings)} findings)")


def jfleg_gleu(rules, scorer, shared: Path) -> None:
    """GLEU (the official JFLEG script) of the dev sources with every first suggestion applied,
    next to the sources' own GLEU, against the four references; all detokenized, then
    tokenized alike (sacrebleu 13a)."""
    import subprocess
    import tempfile

    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    tok = Tokenizer13a()
    dev = shared / "data" / "jfleg" / "dev"
    sources = [detokenize(x) for x in (dev / "dev.src").read_text(encoding="utf-8").splitlines()]
    corrected = []
    for text, findings in zip(sources, run(rules, sources, scorer)):
        for f in sorted((f for f in findings if f.suggestions), key=lambda f: -f.span.start):
            if all(f.span.end <= g.span.start or g.span.end <= f.span.start for g in findings if g is not f and g.suggestions):
                text = text[: f.span.start] + f.suggestions[0] + text[f.span.end :]
        corrected.append(text)
    changed = sum(a != b for a, b in zip(sources, corrected))
    with tempfile.TemporaryDirectory() as tmp:
        def write(name, lines):
            path = Path(tmp, name)
            path.write_text("\n".join(tok(x) for x in lines) + "\n", encoding="utf-8")
            return str(path)

        src = write("src", sources)
        hyp = write("hyp", corrected)
        refs = [write(f"ref{k}", [detokenize(x) for x in (dev / f"dev.ref{k}").read_text(encoding="utf-8").splitlines()])
                for k in range(4)]
        scores = []
        for hypothesis in (src, hyp):
            out = subprocess.run([sys.executable, str(shared / "data/jfleg/eval/gleu.py"), "-r", *refs, "-s", src,
                                  "--hyp", hypothesis], capture_output=True, text=True, check=True).stdout
            scores.append(float(out.splitlines()[1].strip("[]()").split(",")[0].strip(" '")))
    print(f"JFLEG dev GLEU: sources {scores[0]:.4f}, with first suggestions applied {scores[1]:.4f} "
          f"({changed} of {len(sources)} sentences changed)")


# -- the held-out corpus (benchmarks/build_eval.py) --------------------------------------

MUST_NOT_FLAG = ("correct", "literal", "twin", "pe", "original", "reference")


def corpus_items(eval_dir: Path, split: str, limit: Optional[int]) -> List[dict]:
    """The split's items; with ``limit``, the first ``limit`` of each source and kind."""
    import build_eval

    rows = build_eval.read_split(eval_dir / f"{split}.tsv")
    if limit is None:
        return rows
    taken: Dict[tuple, int] = defaultdict(int)
    out = []
    for r in rows:
        key = (r["source"], r["kind"])
        if taken[key] < limit:
            taken[key] += 1
            out.append(r)
    return out


def lexicon_listing() -> tuple:
    """Idioms and (tortured, expected) pairs of the lexicons in use (``MTAUDIT_MODELS_DIR``)."""
    from mtaudit.resources import model_file

    idioms = set()
    for line in model_file("idioms.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line and not line.startswith("#"):
            idioms.add(line.split("\t")[0])
    with open(model_file("tortured_phrases.tsv"), encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        pairs = {(r["tortured"], e) for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
                 for e in r["expected"].split("|")}
    return idioms, pairs


def is_listed(row: dict, idioms: set, pairs: set) -> bool:
    if row["source"] == "idiom":
        return row["group"] in idioms
    span = row["text"][int(row["span_start"]) : int(row["span_end"])].lower()
    if row["fix"].split(" ", 1)[0] in ("a", "an"):  # the article a template put before the term
        span = span.split(" ", 1)[1]
    return (span, row["group"]) in pairs


def spans_of(value: str) -> List[tuple]:
    return [tuple(map(int, x.split("-"))) for x in value.split(";") if x]


def overlaps(f: Finding, spans: Sequence[tuple]) -> bool:
    return any(f.span.start < e and s < f.span.end for s, e in spans)


def word_spans(text: str) -> List[tuple]:
    import re

    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def post_edit_wording(mt: str, pe: str, start: int, end: int) -> Optional[str]:
    """The post-edit's words aligned (difflib, on words) to the MT words that [start, end)
    touches; None when the span touches no word."""
    import difflib

    mt_spans, pe_spans = word_spans(mt), word_spans(pe)
    mt_words = [mt[s:e] for s, e in mt_spans]
    pe_words = [pe[s:e] for s, e in pe_spans]
    touched = [k for k, (s, e) in enumerate(mt_spans) if s < end and start < e]
    if not touched:
        return None
    a, b = touched[0], touched[-1] + 1
    js = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mt_words, pe_words, autojunk=False).get_opcodes():
        if tag == "equal":
            lo, hi = max(a, i1), min(b, i2)
            if lo < hi:
                js += [j1 + lo - i1, j1 + hi - i1]
        elif (i1 < b and a < i2) or (i1 == i2 and a < i1 < b):  # replaced, deleted, or inserted within
            js += [j1, j2]
    if not js or max(js) == min(js):
        return ""
    return " ".join(pe_words[min(js) : max(js)])


def ece(points: Sequence[tuple], bins: int = 10) -> tuple:
    """Expected calibration error of (confidence, correct) pairs over ``bins`` equal-width bins,
    and the number of points."""
    if not points:
        return float("nan"), 0
    total = 0.0
    for k in range(bins):
        chosen = [(c, y) for c, y in points if min(int(c * bins), bins - 1) == k]
        if chosen:
            total += abs(sum(c for c, _ in chosen) / len(chosen) - sum(y for _, y in chosen) / len(chosen)) * len(chosen)
    return total / len(points), len(points)


def evaluate_corpus(rules, scorer, rows: List[dict], verbose: bool) -> None:
    """Per source and category: recall on garbled items (all, and those whose idiom or pair
    the lexicons in use list), the fix among the top-3 suggestions, the false-alarm rate of
    each kind of must-not-flag item, the flag rate of unlabelled round trips; for MLQE-PE
    MT output the share of findings overlapping a BAD-tagged word, the share of sentences
    with a finding on one, the share with any finding, and how often the first suggestion
    is the post-editor's wording; and the expected calibration error of the findings'
    confidence (a finding is correct when it overlaps a labelled span or a BAD word;
    findings on must-not-flag items are wrong; round trips are left out)."""
    findings = run(rules, [r["text"] for r in rows], scorer)
    idioms, pairs = lexicon_listing()
    garbled: Dict[tuple, List[int]] = defaultdict(lambda: [0, 0, 0])  # n, caught, fix@3
    clean: Dict[tuple, List[int]] = defaultdict(lambda: [0, 0])  # n, flagged
    mt = [0, 0, 0, 0, 0, 0, 0]  # sentences, with a finding, with a correct one, findings, correct, with a suggestion, = pe
    calibration: Dict[str, List[tuple]] = defaultdict(list)
    for row, fs in zip(rows, findings):
        source, kind, text = row["source"], row["kind"], row["text"]
        if kind == "garbled":
            start, end = int(row["span_start"]), int(row["span_end"])
            hit = [f for f in fs if f.span.start < end and start < f.span.end]
            fixed = any(same_fix(text, start, end, row["fix"], f, x) for f in hit for x in f.suggestions[:3])
            listed = is_listed(row, idioms, pairs)
            keys = [(source, "all"), (source, "listed" if listed else "not listed")]
            if source == "idiom":
                keys.append((source, f"garble: {row['garble']}"))
            for key in keys:
                st = garbled[key]
                st[0] += 1
                st[1] += bool(hit)
                st[2] += fixed
            calibration[source] += [(f.confidence, f in hit) for f in fs]
            if verbose:
                mark = "fix" if fixed else ("hit" if hit else "MISS")
                print(f"  {mark:4} {row['id']} {text[start:end]!r} (fix {row['fix']!r}) -> "
                      f"{[(f.rule, f.text, f.suggestions[:3], round(f.confidence, 2)) for f in fs]}")
        elif kind == "mt":
            bad = spans_of(row["bad_spans"])
            good = [f for f in fs if overlaps(f, bad)]
            mt[0] += 1
            mt[1] += bool(fs)
            mt[2] += bool(good)
            mt[3] += len(fs)
            mt[4] += len(good)
            for f in fs:
                if f.suggestions:
                    wording = post_edit_wording(text, row["ref"], f.span.start, f.span.end)
                    mt[5] += 1
                    mt[6] += wording is not None and norm_fix(f.suggestions[0]) == norm_fix(wording)
            calibration[source] += [(f.confidence, f in good) for f in fs]
            if verbose:
                for f in fs:
                    print(f"  {'BAD' if f in good else 'ok?'}  {row['id']} {f.rule} {f.text!r} -> {f.suggestions[:3]} "
                          f"(pe: {post_edit_wording(text, row['ref'], f.span.start, f.span.end)!r})")
        else:
            st = clean[(source, kind)]
            st[0] += 1
            st[1] += bool(fs)
            if kind != "roundtrip":
                calibration[source] += [(f.confidence, False) for f in fs]
            if verbose and fs:
                print(f"  {'RT' if kind == 'roundtrip' else 'FA'}   {row['id']} {text!r} -> "
                      f"{[(f.rule, f.text, f.suggestions[:3], round(f.confidence, 2)) for f in fs]}")
    print(f"{'garbled':<10}{'category':<22}{'n':>5}{'recall':>8}{'fix@3':>8}")
    for (source, cat), (n, d, x) in sorted(garbled.items(), key=lambda kv: (kv[0][0], kv[0][1] != "all", kv[0][1])):
        print(f"{source:<10}{cat:<22}{n:>5}{d / n:>8.2f}{x / n:>8.2f}")
    print(f"{'clean':<10}{'kind':<26}{'n':>5}{'flagged':>8}")
    for (source, kind), (n, flagged) in sorted(clean.items()):
        label = f"{kind} (flag rate)" if kind == "roundtrip" else f"{kind} (false alarms)"
        print(f"{source:<10}{label:<26}{n:>5}{flagged / n:>8.3f}")
    if mt[0]:
        print(f"mlqe mt: {mt[0]} sentences, {mt[1] / mt[0]:.2f} with a finding, {mt[2] / mt[0]:.2f} with a finding on a "
              f"BAD word; {mt[3]} findings, {mt[4] / max(1, mt[3]):.2f} overlap a BAD word; first suggestion = "
              f"post-edit wording {mt[6]}/{mt[5]} ({mt[6] / max(1, mt[5]):.2f})")
    every = [p for points in calibration.values() for p in points]
    error, n = ece(every)
    per_source = ", ".join(f"{s} {ece(p)[0]:.3f} (n={len(p)})" for s, p in sorted(calibration.items()) if p)
    print(f"confidence ECE (10 bins): {error:.3f} over {n} findings, "
          f"{sum(y for _, y in every) / max(1, n):.2f} of them correct; by source: {per_source or '-'}")


def corpus_dir(args) -> Path:
    """The folder holding the corpus (built into a temporary folder unless --eval-dir holds
    tune.tsv and test.tsv), with the holdout lexicon in ``holdout_models`` when asked for.
    The holdout copy is written afresh each time (a couple of seconds): a copy kept from an
    earlier run would hold that run's lexicons and fitted judge, not the ones measured."""
    import tempfile

    import build_eval

    target = args.eval_dir or Path(tempfile.mkdtemp(prefix="mtaudit-eval-"))
    holdout = target / "holdout_models"
    if not (target / f"{args.split}.tsv").is_file() or args.holdout_lexicon:
        argv = ["--shared", str(args.shared), "--out", str(target)]
        build_eval.main(argv + (["--holdout-lexicon", str(holdout)] if args.holdout_lexicon else []))
    return target


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-model", action="store_true", help="run without the language model")
    parser.add_argument("--rules", choices=("lexicon", "all"), default="lexicon",
                        help="the lexicon rules only (default) or every registered rule as well")
    parser.add_argument("--jfleg-lines", type=int, default=300, help="JFLEG references checked for false alarms (0: none)")
    parser.add_argument("--speed-sentences", type=int, default=2000)
    parser.add_argument("--pipeline-sentences", type=int, default=2000, help="0 skips the pipeline speed runs")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each pipeline timing; the fastest counts")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every finding")
    parser.add_argument("--split", choices=("tune", "test"),
                        help="also run over this split of the held-out corpus (benchmarks/build_eval.py); "
                             "skips the JFLEG, speed and GLEU runs")
    parser.add_argument("--eval-dir", type=Path,
                        help="folder of the corpus (tune.tsv, test.tsv); built there when missing "
                             "(default: a temporary folder)")
    parser.add_argument("--holdout-lexicon", action="store_true",
                        help="with --split: use a copy of models/ without the test split's idioms and terms")
    parser.add_argument("--limit", type=int, metavar="N", help="with --split: the first N items of each source and kind")
    args = parser.parse_args(argv)
    if args.split:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        eval_dir = corpus_dir(args)
        if args.holdout_lexicon:
            # before any lexicon loads: rules read models/ through MTAUDIT_MODELS_DIR
            os.environ["MTAUDIT_MODELS_DIR"] = str(eval_dir / "holdout_models")
    rules = rule_classes(args.rules)
    scorer = load_scorer_or_none(args.no_model)
    print(f"rules: {', '.join(r.id for r in rules)}; model: {getattr(scorer, 'signature', None) or 'none'}")
    evaluate_dev(rules, scorer, args.shared / "eval" / "dev_sentences.tsv", args.verbose)
    if args.split:
        rows = corpus_items(eval_dir, args.split, args.limit)
        lexicon = os.environ.get("MTAUDIT_MODELS_DIR") or "models/"
        print(f"held-out corpus, {args.split} split ({len(rows)} items from {eval_dir}; lexicons: {lexicon}):")
        evaluate_corpus(rules, scorer, rows, args.verbose)
        return 0
    ref = args.shared / "data" / "jfleg" / "dev" / "dev.ref0"
    if args.jfleg_lines:
        fluent_false_alarms(rules, scorer, ref, args.jfleg_lines, args.verbose)
    lexicon = [r for r in rules if r in LEXICON_RULES]
    for rule in lexicon:
        throughput([rule], None, ref, args.speed_sentences, f"{rule.id} {rule.name}, --no-model")
    throughput(lexicon, None, ref, args.speed_sentences, "lexicon rules, --no-model")
    if scorer is not None:
        jfleg_gleu(rules, scorer, args.shared)
        if args.pipeline_sentences:
            pipeline_speed(scorer, args.shared, args.pipeline_sentences, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
