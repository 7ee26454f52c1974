"""benchmarks/idiom_candidates.py counts a garbled idiom as covered only when one of MTA102's
candidates gives the corrected sentence."""
import csv
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("idiom_candidates", ROOT / "benchmarks/idiom_candidates.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

COLUMNS = ["id", "split", "source", "kind", "group", "listed", "garble", "text", "span_start", "span_end", "bad_spans", "fix", "ref"]


def item(n, kind, text, span="", fix="", garble=""):
    start = text.index(span) if span else ""
    end = start + len(span) if span else ""
    return {"id": f"t{n}", "split": "tune", "source": "idiom", "kind": kind, "group": "g", "listed": "1", "garble": garble,
            "text": text, "span_start": start, "span_end": end, "bad_spans": "", "fix": fix, "ref": ""}


@pytest.mark.slow
def test_a_garble_counts_when_a_candidate_gives_the_corrected_sentence(tmp_path, capsys):
    rows = [
        item(1, "garbled", "The host cracked the ice with a joke.", "cracked the ice", "broke the ice", "synonym"),
        # no idiom of the lexicon is near this one: not covered
        item(2, "garbled", "The host opened the talk with a joke.", "opened the talk", "broke the ice", "synonym"),
        item(3, "correct", "The host broke the ice with a joke."),
    ]
    with open(tmp_path / "tune.tsv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE)
        writer.writeheader()
        writer.writerows(rows)
    assert bench.main(["--eval-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.split()
    assert out[out.index("all") + 1 : out.index("all") + 4] == ["1", "of", "2"]
    assert out[out.index("correct") + 1] == "0.00"  # an idiom written right has no candidate


@pytest.mark.slow
def test_judged_counts_each_covered_fix_once_where_it_ends(tmp_path, capsys):
    rows = [item(1, "garbled", "The host cracked the ice with a joke.", "cracked the ice", "broke the ice", "synonym"),
            item(2, "garbled", "The host opened the talk with a joke.", "opened the talk", "broke the ice", "synonym")]
    with open(tmp_path / "tune.tsv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE)
        writer.writeheader()
        writer.writerows(rows)
    assert bench.main(["--eval-dir", str(tmp_path), "--judged"]) == 0
    out = capsys.readouterr().out
    assert "where the 1 fixes among the candidates end" in out
    ends = out.split("end\n")[-1].split()
    counts = [int(ends[ends.index(word) + k]) for word, k in (("reported", 1), ("screened", 2), ("cut-off", 1), ("suggested", 1))]
    assert sum(counts) == 1
