"""The public Python API: ``from mtaudit import Auditor, Config``."""
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import List, Sequence

import jsonschema
import pytest

import mtaudit.api
from mtaudit import Auditor, Config
from mtaudit.cli import main
from mtaudit.errors import InputFormatError
from mtaudit.scoring import SentenceScore
from mtaudit.types import Report

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "mtaudit" / "reporters" / "report.schema.json").read_text(encoding="utf-8"))


class CountingScorer:
    """Fluency from length; logprob from word count; records the size of every call that has
    texts to score (the real scorer answers texts it has scored from memory)."""

    signature = "model:counting|test"

    def __init__(self) -> None:
        self.score_calls: List[int] = []
        self.logprob_calls: List[int] = []
        self.scored: set = set()

    def score(self, texts: Sequence[str]) -> List[SentenceScore]:
        fresh = set(texts) - self.scored
        if fresh:
            self.score_calls.append(len(fresh))
            self.scored |= fresh
        return [SentenceScore(max(0.0, 100.0 - len(t)), 0.0, -float(len(t)), len(t.split()), ()) for t in texts]

    def logprob(self, texts: Sequence[str]) -> List[float]:
        self.logprob_calls.append(len(texts))
        # "artificial intelligence" is what the model would prefer; everything else costs its length
        return [-2.5 * len(t.split()) + (20.0 if "artificial intelligence" in t else 0.0) for t in texts]


TEXTS = [
    "The results were were published on Monday.",
    "He explained me the plan since two years.",
    "The committee approved the budget.",
    "Research on counterfeit consciousness is growing fast.",
    "Everything here reads well.",
]


def test_importing_mtaudit_loads_neither_the_pipeline_nor_torch():
    code = ("import sys, mtaudit; from mtaudit import Config; "
            "print(sorted(m for m in ('torch', 'transformers', 'mtaudit.pipeline') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_model_is_loaded_on_first_use_once_and_shared(monkeypatch):
    loads = []

    def fake_load(model=None, *, offline=False, **kwargs):
        loads.append((model, offline))
        return CountingScorer()

    monkeypatch.setattr("mtaudit.scoring.load_scorer", fake_load)
    mtaudit.api._load_shared.cache_clear()
    try:
        auditor = Auditor()
        assert loads == []  # building an Auditor loads nothing
        first = auditor.audit_text(TEXTS[2])
        auditor.audit_text(TEXTS[0])
        Auditor(Config(select=["MTA0"])).audit_text(TEXTS[1])  # same model settings: shared
        assert loads == [(None, False)]
        assert first.fluency is not None
        Auditor(Config(offline=True)).audit_text(TEXTS[1])
        assert loads == [(None, False), (None, True)]
    finally:
        mtaudit.api._load_shared.cache_clear()


def test_no_model_means_no_scorer_and_no_fluency():
    auditor = Auditor(Config(no_model=True))
    assert auditor.scorer is None
    result = auditor.audit_text(TEXTS[0])
    assert result.fluency is None and [f.rule for f in result.findings] == ["MTA001"]


def test_audit_texts_yields_one_result_per_text_in_input_order():
    auditor = Auditor(Config(), scorer=CountingScorer())
    batched = [r.to_dict() for r in auditor.audit_texts(TEXTS, batch_size=2)]
    one_by_one = [Auditor(Config(), scorer=CountingScorer()).audit_text(t).to_dict() for t in TEXTS]
    assert batched == one_by_one
    assert [s["text"] for r in batched for s in r["sentences"]] == TEXTS
    assert batched[3]["findings"][0]["suggestions"] == ["artificial intelligence"]


def test_the_model_sees_full_batches_across_texts():
    scorer = CountingScorer()
    texts = [f"Sentence number {i} is here." for i in range(10)]
    results = list(Auditor(Config(), scorer=scorer).audit_texts(texts, batch_size=4))
    assert scorer.score_calls == [4, 4, 2]  # one call per batch of texts, none per text
    assert [r.sentences[0].fluency for r in results] == [100.0 - len(t) for t in texts]


def test_rule_verification_is_batched_across_texts():
    scorer = CountingScorer()
    texts = [f"Work on counterfeit consciousness number {i} is growing." for i in range(6)]
    results = list(Auditor(Config(select=["MTA101"]), scorer=scorer).audit_texts(texts, batch_size=3))
    assert len(scorer.logprob_calls) == 2  # one per batch of 3 texts, not one per text
    assert all([f.suggestions[0] for f in r.findings] == ["artificial intelligence"] for r in results)


def test_audit_texts_streams_its_input():
    endless = (f"The report number {i} was was late." for i in itertools.count())
    first = list(itertools.islice(Auditor(Config(no_model=True)).audit_texts(endless, batch_size=2), 3))
    assert [r.findings[0].text for r in first] == ["was was"] * 3


def test_audit_texts_refuses_what_is_not_text():
    auditor = Auditor(Config(no_model=True))
    with pytest.raises(TypeError, match="expected a str, not int"):
        list(auditor.audit_texts(["fine", 7]))
    with pytest.raises(TypeError, match="expected a str, not bytes"):
        auditor.audit_text(b"bytes")
    with pytest.raises(ValueError):
        list(auditor.audit_texts(["fine"], batch_size=0))


def test_audit_file_matches_the_cli_json(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = Auditor(Config(no_model=True)).audit_file("examples/spun_news.md")
    assert main(["audit", "--no-model", "--format", "json", "examples/spun_news.md"]) == 0
    assert json.loads(result.to_json()) == json.loads(capsys.readouterr().out)["files"][0]


def test_results_serialise_to_the_json_contract():
    result = Auditor(Config(), scorer=CountingScorer()).audit_text(TEXTS[0] + "\n\n" + TEXTS[1], path="two.txt")
    report = Report(mtaudit.__version__, files=[result], model=CountingScorer.signature)
    jsonschema.validate(report.to_dict(), SCHEMA)
    assert report.to_dict()["files"] == [result.to_dict()]
    assert json.loads(result.to_json(indent=2)) == result.to_dict()
    assert result.to_dict()["path"] == "two.txt"


def test_audit_file_raises_a_coded_error_for_unreadable_input(tmp_path):
    with pytest.raises(InputFormatError):
        Auditor(Config(no_model=True)).audit_file(tmp_path / "missing.txt")


def _readme_python_example():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    printed = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    return code, printed


@pytest.mark.slow
def test_the_readme_example_runs_and_prints_what_it_shows(capsys):
    code, printed = _readme_python_example()
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == printed


@pytest.mark.slow
def test_audit_texts_with_the_model_matches_auditing_each_text_alone():
    from mtaudit.scoring import load_scorer

    texts = [
        "The lab trained a counterfeit consciousness on millions of photos.",
        "The committee met on Tuesday and agreed on next year's budget.",
        "We are living in this town since two years and like it a lot.",
        "The storm what hit the coast destroyed hundreds of homes near the harbour.",
    ]
    # fp32: scores do not depend on how texts are batched (README, Python API)
    batched = Auditor(Config(), scorer=load_scorer(dtype="fp32", disk_cache=False))
    alone = Auditor(Config(), scorer=load_scorer(dtype="fp32", disk_cache=False))
    together = [r.to_dict() for r in batched.audit_texts(texts, batch_size=3)]
    assert together == [alone.audit_text(t).to_dict() for t in texts]
    assert {"MTA101", "MTA301"} <= {f["rule"] for r in together for f in r["findings"]}
