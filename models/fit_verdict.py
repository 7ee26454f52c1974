#!/usr/bin/env python3
"""Fit the document verdict (mtaudit/verdict.py) and write models/verdict.json.

    python models/fit_verdict.py [--shared ../shared] [--per-pair 600] [--doc-size 10]

Positive documents: machine translations from MLQE-PE dev (ro-en, ru-en), cut into
documents of --doc-size consecutive sentences, and the spun dev article; negative ones:
the human post-edits of the same sentences and the clean dev article (the two articles
weigh as much as 20 documents each).  Each document is audited with every rule, once with
the model and once without, and a logistic regression is fitted for each setting.
Prints the fitted weights, 5-fold cross-validated accuracy and the two articles' scores.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtaudit.config import Config  # noqa: E402
from mtaudit import Auditor  # noqa: E402
from mtaudit.verdict import FEATURES, features, fit_logistic  # noqa: E402
from models.calibrate import detokenize  # noqa: E402

ARTICLE_WEIGHT = 20.0


def mlqe_documents(shared: Path, per_pair: int, doc_size: int):
    for pair in ("ro-en", "ru-en"):
        with tarfile.open(shared / f"data/mlqe_pe/post-editing/dev/{pair}-dev.tar.gz") as archive:
            def lines(name):
                member = next(m for m in archive.getmembers() if m.name.endswith(name))
                return archive.extractfile(member).read().decode("utf-8").splitlines()[:per_pair]

            for label, name in ((1, "dev.mt"), (0, "dev.pe")):
                sentences = [detokenize(x) for x in lines(name)]
                for i in range(0, len(sentences) - doc_size + 1, doc_size):
                    yield f"{pair} {name}[{i}]", "\n\n".join(sentences[i : i + doc_size]), "text", label, 1.0


def articles(shared: Path):
    for label, name in ((1, "spun_article.md"), (0, "clean_article.md")):
        yield name, (shared / "eval/docs" / name).read_text(encoding="utf-8"), "markdown", label, ARTICLE_WEIGHT


def accuracy(beta, rows, labels) -> float:
    import math

    hits = 0
    for x, y in zip(rows, labels):
        z = beta[0] + sum(b * v for b, v in zip(beta[1:], x))
        hits += (1 / (1 + math.exp(-z)) >= 0.5) == bool(y)
    return hits / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--per-pair", type=int, default=600)
    parser.add_argument("--doc-size", type=int, default=10)
    args = parser.parse_args()
    from mtaudit.scoring import load_scorer

    docs = list(mlqe_documents(args.shared, args.per_pair, args.doc_size)) + list(articles(args.shared))
    auditors = {"model": Auditor(Config(), load_scorer()), "no_model": Auditor(Config(no_model=True))}
    fitted, report = {}, {}
    for setting, auditor in auditors.items():
        names = list(FEATURES) if setting == "model" else ["mechanical", "phrasing"]
        rows, labels, weights, article_rows = [], [], [], {}
        for name, text, fmt, label, weight in docs:
            result = auditor.audit_text(text, name, fmt)
            x = [features(result)[n] for n in names]
            rows.append(x), labels.append(label), weights.append(weight)
            if name.endswith(".md"):
                article_rows[name] = x
        # Every feature is evidence *for* machine translation: a feature that gets a
        # negative weight is noise in this data, so it is dropped and the rest refitted.
        while True:
            beta = fit_logistic(rows, labels, weights)
            negative = [k for k, w in enumerate(beta[1:]) if w < 0]
            if not negative:
                break
            names = [n for k, n in enumerate(names) if k not in negative]
            rows = [[v for k, v in enumerate(x) if k not in negative] for x in rows]
            article_rows = {a: [v for k, v in enumerate(x) if k not in negative] for a, x in article_rows.items()}
        order = list(range(len(rows)))
        random.Random(0).shuffle(order)
        folds = [order[k::5] for k in range(5)]
        cv = []
        for fold in folds:
            train = [i for i in order if i not in set(fold)]
            b = fit_logistic([rows[i] for i in train], [labels[i] for i in train], [weights[i] for i in train])
            cv.append(accuracy(b, [rows[i] for i in fold], [labels[i] for i in fold]))
        fitted[setting] = {"bias": round(beta[0], 4), **{n: round(w, 4) for n, w in zip(names, beta[1:])}}
        report[setting] = {"documents": len(rows), "cv_accuracy": round(sum(cv) / len(cv), 3),
                           "articles": {k: round(1 / (1 + __import__("math").exp(-(beta[0] + sum(b * v for b, v in zip(beta[1:], x))))), 3)
                                        for k, x in article_rows.items()}}
        print(setting, fitted[setting], report[setting])
    out = {
        "version": 1,
        "command": "python models/fit_verdict.py",
        "data": f"MLQE-PE dev ro-en + ru-en first {args.per_pair} sentences, MT vs post-edit, "
                f"{args.doc_size}-sentence documents; shared/eval/docs spun vs clean article",
        "features": list(FEATURES),
        "models": fitted,
        "fit": report,
    }
    (ROOT / "models" / "verdict.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
