#!/usr/bin/env python3
"""Build the labelled held-out evaluation corpus (tune and test splits) of issue 13.

    python benchmarks/build_eval.py [--shared ../shared] --out DIR [--holdout-lexicon DIR2] [--seed 13]

Writes ``DIR/tune.tsv`` and ``DIR/test.tsv``.  Deterministic for a given ``--seed`` and
``../shared``.  Nothing of the test split is in the tune split: idioms are split by idiom
(variants that contain one another go together), tortured terms by expected term, MLQE-PE,
HWU64 and JFLEG items by source sentence.  Sources:

* ``idiom``: ``benchmarks/data/idiom_carriers.tsv`` (written for mtaudit): each idiom in a
  ``correct`` carrier, its ``garbled`` twin (span and fix labelled) and, where the words have
  a literal use, a ``literal`` sentence.  "keep a low profile", "on ice" and "on the same
  wavelength" are always in the test split.
* ``tortured``: pairs of ``data/tortured_phrases/pairs.tsv`` (PPS, CC BY 4.0) in scientific
  carrier sentences, the tortured phrase (``garbled``) and the expected term (``twin``);
  ``listed`` says whether the pair is in ``models/tortured_phrases.tsv``.
* ``mlqe``: MLQE-PE dev (et, ne, ro, ru, si -> en), the machine translation (``mt``, the
  character spans of the words tagged BAD in ``bad_spans``, the post-edit in ``ref``) and
  the post-edit (``pe``, fluent).  Only lines 600-999 of each pair are used (the verdict
  model is fit on the first 600 of ro-en and ru-en).
* ``hwu64``: HWU64 utterances (``original``, fluent) and one of their back-translations that
  differs from the original (``roundtrip``, unlabelled).
* ``jfleg``: JFLEG dev ``ref0`` lines 300 on (``reference``, fluent; the dev benchmark uses the
  first 300).  JFLEG is CC BY-NC-SA 4.0: it is read at build time and never committed.

``--holdout-lexicon DIR2`` also writes a copy of ``models/`` whose ``idioms.tsv`` lacks the
test split's idioms (and their variants, see :func:`variants`) and
whose ``tortured_phrases.tsv`` lacks every entry whose expected phrase is a test term; point
``MTAUDIT_MODELS_DIR`` at it to measure detection of phrasing no list holds.
"""
from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import random
import re
import shutil
import sys
import tarfile
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.build_lexicons import read_pairs  # noqa: E402
from models.calibrate import detokenize  # noqa: E402

CARRIERS = ROOT / "benchmarks" / "data" / "idiom_carriers.tsv"
FORCED_TEST = ("keep a low profile", "on ice", "on the same wavelength")
PAIRS = ("et-en", "ne-en", "ro-en", "ru-en", "si-en")
COLUMNS = ("id", "split", "source", "kind", "group", "listed", "garble", "text", "span_start", "span_end",
           "bad_spans", "fix", "ref")
GARBLES = ("synonym", "literal", "preposition", "article", "added", "dropped", "number", "order", "mixed")


def _rng(seed: int, name: str) -> random.Random:
    # one stream per source, so that a change in one source leaves the others as they were
    return random.Random(int(hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()[:16], 16))


def item(source: str, kind: str, group: str, text: str, **kw) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update(source=source, kind=kind, group=group, text=text, **{k: "" if v is None else v for k, v in kw.items()})
    return row


# -- idioms ---------------------------------------------------------------------------------

_MARK = re.compile(r"\[([^\[\]]+)\]")


def read_carriers(path: Path = CARRIERS) -> List[dict]:
    """Rows of the carriers file: idiom, garble, correct (the idiom's words in [brackets]),
    garbled (what replaces the bracketed words), literal (may be empty)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#") and line.strip())
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            marks = _MARK.findall(row["correct"])
            assert len(marks) == 1, f"one [span] per carrier: {row['correct']!r}"
            assert row["garble"] in GARBLES, f"garble type {row['garble']!r} ({row['idiom']})"
            assert row["garbled"].strip() and row["garbled"] != marks[0], row
            rows.append(row)
    return rows


_SLOTS = {"a", "an", "the", "of", "in", "on", "to", "at", "for", "with", "by", "up", "out", "off", "over", "and",
          "one's", "someone", "someone's", "something", "oneself", "one", "is", "be"}


@functools.lru_cache(maxsize=None)
def _stems(idiom: str) -> frozenset:
    return frozenset(re.sub(r"(?<=...)(ing|ed|es|s)$", "", w)[:5] for w in idiom.split() if w not in _SLOTS)


def variants(a: str, b: str) -> bool:
    """``a`` is a variant of ``b``: its words are in ``b`` ("on thin ice", "skate on thin ice"),
    or its two or more content words are ("bark up the wrong tree", "barking up the wrong tree")."""
    sa = _stems(a)
    return f" {a} " in f" {b} " or (len(sa) >= 2 and sa <= _stems(b))


def idiom_groups(idioms: Sequence[str]) -> Dict[str, str]:
    """Idiom -> its split key: variants of one another share one key, so that no variant
    crosses the split."""
    parent = {i: i for i in idioms}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a in idioms:
        for b in idioms:
            if a != b and variants(a, b):
                parent[find(a)] = find(b)
    return {i: find(i) for i in idioms}


def idiom_items(seed: int) -> Tuple[List[dict], set]:
    rows = read_carriers()
    groups = idiom_groups(sorted({r["idiom"] for r in rows}))
    forced = {groups[i] for i in FORCED_TEST if i in groups}
    keys = sorted(set(groups.values()) - forced)
    _rng(seed, "idiom").shuffle(keys)
    n_test = max(0, round(len(set(groups.values())) / 3) - len(forced))
    test = forced | set(keys[:n_test])
    out = []
    for r in rows:
        split = "test" if groups[r["idiom"]] in test else "tune"
        group = r["idiom"]  # variants share a split (above), each keeps its own name
        m = _MARK.search(r["correct"])
        correct = r["correct"][: m.start()] + m.group(1) + r["correct"][m.end():]
        garbled = r["correct"][: m.start()] + r["garbled"] + r["correct"][m.end():]
        common = dict(split=split)
        out.append(item("idiom", "correct", group, correct, span_start=m.start(), span_end=m.start() + len(m.group(1)),
                        fix=m.group(1), **common))
        out.append(item("idiom", "garbled", group, garbled, garble=r["garble"], span_start=m.start(),
                        span_end=m.start() + len(r["garbled"]), fix=m.group(1), **common))
        if r["literal"].strip():
            out.append(item("idiom", "literal", group, r["literal"].strip(), **common))
    test_idioms = {r["idiom"] for r in rows if groups[r["idiom"]] in test}
    return out, test_idioms


# -- tortured phrases -----------------------------------------------------------------------

# Scientific carriers: {X} is the term after "the" or in a position any noun phrase fits;
# {A} is "a"/"an" fitted to the term and counted in the span.
TEMPLATES = [
    "In this paper, we study the {X} in detail.",
    "The results show a marked difference in the {X} between the two groups.",
    "Section 4 describes how we measured the {X} in our experiments.",
    "We compare the {X} reported in three earlier studies.",
    "Previous work has largely ignored the {X} in this setting.",
    "Table 2 summarises what is known about the {X}.",
    "A detailed discussion of the {X} is given in the appendix.",
    "Our analysis relies on the {X} described in the previous section.",
    "The authors report a strong link between the {X} and the outcome.",
    "Figure 3 illustrates the {X} in the simplest case.",
    "To our knowledge, no earlier study has examined the {X} at this scale.",
    "These findings highlight the importance of the {X} for future research.",
    "We further investigate the {X} under different conditions.",
    "In the second experiment, we examined the {X} more closely.",
    "The main contribution of this work is a new account of the {X}.",
    "Several studies have examined the {X} in recent years.",
    "We then discuss the limitations of the {X} considered in this study.",
    "Recent advances in the {X} have attracted considerable attention.",
    "This section reviews the literature on the {X}.",
    "The data confirm the importance of the {X} over time.",
    "Finally, we examine the role of the {X} in more detail.",
    "The setup used to study the {X} is shown in Figure 1.",
    "All participants were informed about the {X} before the study began.",
    "The survey covers research on the {X} published since 2010.",
    "Understanding the {X} remains an open problem in this field.",
    "Two independent reviewers checked every statement about the {X}.",
    "In practice, few authors describe the {X} in sufficient detail.",
    "Our results suggest a central role for the {X} in the process.",
    "The next section explains the relevance of the {X} for applications.",
    "We observed no significant change in the {X} during the study.",
    "Future work will look at the {X} in other settings.",
    "Further details on the {X} are available from the authors.",
    "This review focuses on the {X} and its applications.",
    "Little is known about the {X} in developing countries.",
    "The experiments shed new light on the {X}.",
    "We propose {A} {X} that is simple to implement.",
    "The study describes {A} {X} in a large sample.",
    "We introduce {A} {X} based on recent theoretical results.",
    "The second chapter presents {A} {X} in detail.",
    "Each group worked with {A} {X} of its own.",
]
# "a"/"an" only before a term that ends in one of these singular count nouns (not "a chlorous acid")
COUNT_NOUNS = set("""model network method algorithm system layer filter function classifier machine approach
technique framework test scheme detector controller sensor protocol architecture process tree graph matrix map
circuit device loop index ratio score vector variable distribution estimator generator encoder decoder module
unit mechanism strategy structure equation operator transform kernel procedure tool platform database
technology interface channel signal field agent engine solver pipeline""".split())
_VOWEL_SOUND = re.compile(r"^(?:[ai]|e(?!u)|o(?!ne\b)|u(?!ni|se|su|ti|sa|ro)|hour|honest|8|11\b|18\b)", re.I)


def article(phrase: str) -> str:
    """"a" or "an" before ``phrase``, by its sound: a word without vowels ("svm", "rnn") is
    read letter by letter."""
    word = phrase.split()[0].lower()
    if len(word) == 1 or re.fullmatch(r"[b-df-hj-np-tv-z][b-df-hj-np-tv-z0-9]*", word.split("-")[0]):
        return "an" if word[0] in "aefhilmnorsx" else "a"
    return "an" if _VOWEL_SOUND.match(word) else "a"


def _plural(phrase: str) -> bool:
    last = phrase.split()[-1]
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "ysis", "sis"))


def listed_pairs() -> Dict[str, set]:
    listed: Dict[str, set] = defaultdict(set)
    with open(ROOT / "models" / "tortured_phrases.tsv", encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            listed[row["tortured"]].update(row["expected"].split("|"))
    return listed


_TERM = re.compile(r"^[a-z][a-z0-9' \-]*[a-z0-9]$")


def tortured_items(shared: Path, seed: int, n_tune: int = 400, n_test: int = 200) -> Tuple[List[dict], set]:
    listed = listed_pairs()
    pairs: Dict[str, List[Tuple[str, bool]]] = defaultdict(list)  # expected -> [(tortured, listed)]
    for tortured, expecteds in read_pairs(shared / "data" / "tortured_phrases" / "pairs.tsv"):
        if len(expecteds) != 1 or not _TERM.match(tortured) or not _TERM.match(expecteds[0]):
            continue
        expected = expecteds[0]
        if tortured == expected or not (1 <= len(expected.split()) <= 4 and 1 <= len(tortured.split()) <= 5):
            continue
        if any(tortured == t for t, _ in pairs[expected]):
            continue
        pairs[expected].append((tortured, expected in listed.get(tortured, ())))
    terms = sorted(pairs)
    rng = _rng(seed, "tortured")
    rng.shuffle(terms)
    cut = len(terms) // 5
    out: List[dict] = []
    test_terms = set(terms[:cut])
    for split, split_terms, n in (("test", terms[:cut], n_test), ("tune", terms[cut:], n_tune)):
        # one pair per term, a listed one where the term has one.  Nearly every PPS pair is in
        # models/tortured_phrases.tsv, so phrasing no list holds is measured with --holdout-lexicon.
        chosen_listed, chosen_other = [], []
        for term in split_terms:
            options = sorted(pairs[term])
            on_list = [p for p in options if p[1]]
            pick = rng.choice(on_list or options)
            (chosen_listed if pick[1] else chosen_other).append((term, pick))
        k = min(len(chosen_listed), max(n // 2, n - len(chosen_other)))
        chosen = chosen_listed[:k] + chosen_other[: n - k]
        chosen.sort()
        for term, (tortured, is_listed) in chosen:
            template = rng.choice(TEMPLATES)
            if "{A}" in template and (term.split()[-1] not in COUNT_NOUNS or _plural(tortured)):
                template = rng.choice([t for t in TEMPLATES if "{A}" not in t])
            for kind, phrase in (("garbled", tortured), ("twin", term)):
                text, start, end, fix = _fill(template, phrase, term)
                out.append(item("tortured", kind, term, text, split=split, listed=int(is_listed),
                                garble="tortured" if kind == "garbled" else "",
                                span_start=start, span_end=end, fix=fix))
    return out, test_terms


def _fill(template: str, phrase: str, term: str) -> Tuple[str, int, int, str]:
    if "{A}" in template:
        head, tail = template.split("{A} {X}")
        span = f"{article(phrase)} {phrase}"
        fix = f"{article(term)} {term}"
    else:
        head, tail = template.split("{X}")
        span, fix = phrase, term
    text = head + span + tail
    if not head:
        text = text[0].upper() + text[1:]
    return text, len(head), len(head) + len(span), fix


# -- MLQE-PE --------------------------------------------------------------------------------

_ATTACH_LEFT = re.compile(r"^(?:[.,;:!?%)\]}]+|\.\.\.|n't|'s|'re|'m|'ve|'ll|'d|'t)$", re.I)
_ATTACH_RIGHT = re.compile(r"^[(\[{$]$")


def detok_offsets(tokens: Sequence[str]) -> Tuple[str, List[Tuple[int, int]]]:
    """Join MLQE-PE tokens into text with the character span of every token (Moses-style:
    no space before closing punctuation and clitics, none after opening brackets, quotes
    paired)."""
    parts: List[str] = []
    spans = []
    pos = 0
    glue_next = False
    open_quote = False
    for i, tok in enumerate(tokens):
        if tok == "&quot;":
            tok = '"'
        elif tok == "&apos;":
            tok = "'"
        elif tok == "&amp;":
            tok = "&"
        attach = glue_next or (i > 0 and (_ATTACH_LEFT.match(tok) is not None))
        glue_next = False
        if tok == '"':
            attach = open_quote and i > 0
            glue_next = not open_quote
            open_quote = not open_quote
        elif _ATTACH_RIGHT.match(tok):
            glue_next = True
        if i > 0 and not attach:
            parts.append(" ")
            pos += 1
        spans.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
    return "".join(parts), spans


def mlqe_items(shared: Path, seed: int, per_split: int = 100, first: int = 600) -> List[dict]:
    out = []
    seen_texts: set = set()
    for pair in PAIRS:
        with tarfile.open(shared / f"data/mlqe_pe/post-editing/dev/{pair}-dev.tar.gz") as archive:
            files = {m.name.rsplit(".", 1)[-1]: archive.extractfile(m).read().decode("utf-8").splitlines()
                     for m in archive.getmembers() if m.isfile()}
        by_source: Dict[str, int] = {}
        for i in range(first, len(files["mt"])):
            src = " ".join(files["src"][i].split())
            mt, pe = (" ".join(files[k][i].split()) for k in ("mt", "pe"))
            # a repeated source sentence or translation is used once; "Rejected - the string is
            # in another language" is the post-editors' note, not a post-edit
            if src and mt and pe and not pe.startswith("Rejected -") and not {mt, pe} & seen_texts:
                if src not in by_source:
                    by_source[src] = i
                    seen_texts.update((mt, pe))
        indices = sorted(by_source.values())
        _rng(seed, f"mlqe:{pair}").shuffle(indices)
        for split, chosen in (("tune", indices[:per_split]), ("test", indices[per_split: 2 * per_split])):
            for i in sorted(chosen):
                tokens = files["mt"][i].split()
                tags = files["tags"][i].split()
                assert len(tags) == 2 * len(tokens) + 1, (pair, i)
                word_tags = tags[1::2]  # gap tags sit between the words
                mt, spans = detok_offsets(tokens)
                pe, _ = detok_offsets(files["pe"][i].split())
                bad = [spans[k] for k, t in enumerate(word_tags) if t == "BAD"]
                group = f"{pair}:dev:{i}"
                out.append(item("mlqe", "mt", group, mt, split=split, garble=pair,
                                bad_spans=";".join(f"{s}-{e}" for s, e in bad), ref=pe))
                out.append(item("mlqe", "pe", group, pe, split=split, garble=pair))
    return out


# -- HWU64, JFLEG ---------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]", " ", text.lower()).split())


def hwu64_items(shared: Path, seed: int, per_split: int = 300) -> List[dict]:
    rows = []
    seen = set()
    with open(shared / "data/roundtrip_hwu64/back-translations.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            src = " ".join(row["src_text"].split())
            if src and _norm(src) not in seen:
                seen.add(_norm(src))
                rows.append((src, [" ".join(t.split()) for t in row["tgt_texts"]]))
    rng = _rng(seed, "hwu64")
    order = list(range(len(rows)))
    rng.shuffle(order)
    out = []
    for split, chosen in (("tune", order[:per_split]), ("test", order[per_split: 2 * per_split])):
        for i in sorted(chosen):
            src, targets = rows[i]
            group = f"hwu64:{i}"
            out.append(item("hwu64", "original", group, src, split=split))
            differing = sorted({t for t in targets if t and _norm(t) != _norm(src)})
            if differing:
                out.append(item("hwu64", "roundtrip", group, rng.choice(differing), split=split))
    return out


def jfleg_items(shared: Path, seed: int, per_split: int = 150, first: int = 300) -> List[dict]:
    lines = (shared / "data/jfleg/dev/dev.ref0").read_text(encoding="utf-8").splitlines()
    candidates = {}
    for i in range(first, len(lines)):
        text = detokenize(lines[i])
        if text.strip() and len(text.split()) >= 3:
            candidates.setdefault(text, i)
    order = sorted(candidates.items(), key=lambda kv: kv[1])
    _rng(seed, "jfleg").shuffle(order)
    out = []
    for split, chosen in (("tune", order[:per_split]), ("test", order[per_split: 2 * per_split])):
        for text, i in sorted(chosen, key=lambda kv: kv[1]):
            out.append(item("jfleg", "reference", f"jfleg:dev:{i}", text, split=split))
    return out


# -- building -------------------------------------------------------------------------------

def check(rows: Iterable[dict]) -> None:
    """Every labelled span is exact and no split key is in both splits."""
    splits = defaultdict(set)
    for r in rows:
        text = r["text"]
        assert "\t" not in text and "\n" not in text, r
        if r["kind"] in ("garbled", "twin", "correct"):
            s, e = int(r["span_start"]), int(r["span_end"])
            assert 0 <= s < e <= len(text), r
            assert text[s:e] == text[s:e].strip() and text[s:e], r
            if r["kind"] != "garbled":
                assert text[s:e] == r["fix"], r
        for span in filter(None, r["bad_spans"].split(";")):
            s, e = map(int, span.split("-"))
            assert 0 <= s < e <= len(text) and " " not in text[s:e], r
        splits[(r["source"], r["group"])].add(r["split"])
    crossing = [k for k, v in splits.items() if len(v) > 1]
    assert not crossing, crossing[:5]
    for split in ("tune", "test"):
        assert all(r["split"] in ("tune", "test") for r in rows)


def build(shared: Path, seed: int = 13) -> Tuple[List[dict], set, set]:
    idioms, test_idioms = idiom_items(seed)
    tortured, test_terms = tortured_items(shared, seed)
    rows = idioms + tortured + mlqe_items(shared, seed) + hwu64_items(shared, seed) + jfleg_items(shared, seed)
    # a sentence must not be in both splits (the same short sentence in two sources): the
    # later one is left out (real data only; the written carriers are unique)
    first_split: Dict[str, str] = {}
    kept = []
    for r in rows:
        split = first_split.setdefault(r["text"], r["split"])
        if split != r["split"]:
            assert r["source"] in ("mlqe", "hwu64", "jfleg"), f"text in both splits: {r['text']!r}"
            continue
        kept.append(r)
    rows = kept
    check(rows)
    counters: Dict[str, int] = defaultdict(int)
    for r in rows:
        counters[r["source"]] += 1
        r["id"] = f"{r['source']}-{counters[r['source']]:05d}"
    return rows, test_idioms, test_terms


def write(rows: List[dict], out: Path) -> Dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for split in ("tune", "test"):
        chosen = [r for r in rows if r["split"] == split]
        with open(out / f"{split}.tsv", "w", encoding="utf-8", newline="") as f:
            # plain TSV, no quoting (texts hold no tab or newline: see check())
            f.write("\t".join(COLUMNS) + "\n")
            f.writelines("\t".join(str(r[c]) for c in COLUMNS) + "\n" for r in chosen)
        sizes[split] = len(chosen)
    return sizes


def write_holdout_lexicon(target: Path, test_idioms: set, test_terms: set) -> Tuple[int, int]:
    """A copy of models/ without the test split's idioms (and their variants) and without the tortured phrases whose expected term is a test term."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "models", target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    dropped = [0, 0]

    def rewrite(name: str, keep) -> None:
        lines = (target / name).read_text(encoding="utf-8").splitlines(keepends=True)
        header_seen = False
        kept = []
        for line in lines:
            if line.startswith("#") or not header_seen:
                header_seen = header_seen or not line.startswith("#")
                kept.append(line)
            elif keep(line.rstrip("\n").split("\t")):
                kept.append(line)
        (target / name).write_text("".join(kept), encoding="utf-8")
        return len(lines) - len(kept)

    def keep_idiom(cols):
        return not any(variants(cols[0], i) or variants(i, cols[0]) for i in test_idioms)

    def keep_term(cols):
        return not any(e in test_terms for e in cols[1].split("|"))

    dropped[0] = rewrite("idioms.tsv", keep_idiom)
    dropped[1] = rewrite("tortured_phrases.tsv", keep_term)
    return dropped[0], dropped[1]


def read_split(path: Path) -> List[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def summary(rows: List[dict]) -> str:
    counts: Dict[Tuple[str, str, str], int] = defaultdict(int)
    for r in rows:
        counts[(r["source"], r["kind"], r["split"])] += 1
    lines = [f"{'source':<10}{'kind':<11}{'tune':>6}{'test':>6}"]
    for source, kind in sorted({(s, k) for s, k, _ in counts}):
        lines.append(f"{source:<10}{kind:<11}{counts[(source, kind, 'tune')]:>6}{counts[(source, kind, 'test')]:>6}")
    tune = sum(v for (_, _, s), v in counts.items() if s == "tune")
    lines.append(f"{'all':<21}{tune:>6}{len(rows) - tune:>6}")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, required=True, help="folder for tune.tsv and test.tsv")
    parser.add_argument("--holdout-lexicon", type=Path, metavar="DIR2",
                        help="also write a copy of models/ without the test split's idioms and terms")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    rows, test_idioms, test_terms = build(args.shared, args.seed)
    sizes = write(rows, args.out)
    print(summary(rows))
    print(f"wrote {args.out / 'tune.tsv'} ({sizes['tune']} items) and {args.out / 'test.tsv'} ({sizes['test']} items)",
          file=sys.stderr)
    if args.holdout_lexicon:
        n_idioms, n_terms = write_holdout_lexicon(args.holdout_lexicon, test_idioms, test_terms)
        print(f"wrote {args.holdout_lexicon} (models/ without {n_idioms} idioms and {n_terms} tortured phrases)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
