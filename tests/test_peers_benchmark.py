"""The peer comparison scores findings against the labelled spans and fixes (the run itself needs Harper and proselint)."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("peers", ROOT / "benchmarks/peers.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

GARBLED = {"source": "idiom", "kind": "garbled", "text": "She has a bee in her hat about it.",
           "span_start": "8", "span_end": "24", "fix": "a bee in her bonnet"}
FLUENT = {"source": "jfleg", "kind": "reference", "text": "The vote was held on Monday.",
          "span_start": "", "span_end": "", "fix": ""}


def test_split_scores_recall_fix_in_top_three_and_false_alarms():
    rows = [GARBLED, dict(GARBLED, text="She has a bee in her hat again."), FLUENT]
    text, spans = bench.layout(rows)
    first, second, fluent = spans
    found = [
        # a narrower finding whose third suggestion, at its own span, gives the labelled fix
        (first[0] + 21, first[0] + 24, ("cap", "head", "bonnet")),
        # a finding on the second garbled sentence outside its labelled span: a miss
        (second[0] + 25, second[0] + 30, ("once more",)),
        (fluent[0] + 4, fluent[0] + 8, ()),
    ]
    scores = bench.score_split(rows, spans, found)
    assert scores == {"idiom garbled": (0.5, 0.5, 2), "jfleg reference": (1.0, 1)}
    assert bench.score_split(rows, spans, found[:1])["jfleg reference"] == (0.0, 1)
    only_fourth = [(first[0] + 21, first[0] + 24, ("a", "b", "c", "bonnet"))]
    assert bench.score_split(rows, spans, only_fourth)["idiom garbled"] == (0.5, 0.0, 2)


def test_harper_suggestions_are_read_as_replacements():
    suggestions = ["Replace with: “bonnet”", "Remove error", "Insert “the”"]
    assert bench._harper_replacements(suggestions) == ("bonnet",)
