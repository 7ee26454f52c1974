"""`mtaudit audit --corpus`: the command line over mtaudit.corpus."""
import pytest

from mtaudit.cli import main
from tests.corpus.helpers import read_jsonl, segments, write_jsonl


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    records = [{"id": f"doc-{i}", "text": t} for i, t in enumerate(segments(20))]
    records.insert(4, {"id": "empty", "text": ""})
    return write_jsonl(tmp_path / "corpus.jsonl", records)


def test_audit_corpus_writes_results_and_errors(corpus, capsys):
    assert main(["audit", "--no-model", "--corpus", "corpus.jsonl", "--id-field", "id", "-o", "out/results.jsonl"]) == 0
    rows = read_jsonl(corpus.parent / "out" / "results.jsonl")
    assert [r["id"] for r in rows] == [f"doc-{i}" for i in range(20)]
    assert read_jsonl(corpus.parent / "out" / "results.errors.jsonl") == [
        {"id": "empty", "row": 5, "error": "field 'text' is empty"}]
    err = capsys.readouterr().err
    assert "20 segments audited, 1 row with errors (in out/results.errors.jsonl)" in err
    assert main(["audit", "--no-model", "-q", "--corpus", "corpus.jsonl", "--id-field", "id", "-o", "out/results.jsonl"]) == 0
    assert capsys.readouterr().err == ""  # --quiet; and the second run only skipped rows
    assert len(read_jsonl(corpus.parent / "out" / "results.jsonl")) == 20


def test_a_corpus_of_only_bad_rows_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "c.jsonl", [{"body": "wrong field"}, "not json"])
    assert main(["audit", "--no-model", "--corpus", "c.jsonl", "-o", "r.jsonl"]) == 2
    assert "0 segments audited, 2 rows with errors" in capsys.readouterr().err
    assert len(read_jsonl(tmp_path / "r.errors.jsonl")) == 2


@pytest.mark.parametrize("args, message", [
    (["audit", "--corpus", "corpus.jsonl", "-o", "r.jsonl", "docs/"], "either PATHS or --corpus"),
    (["audit", "--corpus", "corpus.jsonl", "-o", "r.jsonl", "--format", "json"], "--format does not apply"),
    (["audit", "--corpus", "corpus.jsonl"], "--corpus needs --output"),
    (["audit", "--corpus", "corpus.jsonl", "-o", "r.jsonl", "--workers", "2"], "--workers needs --engine ray"),
    (["audit", "--engine", "ray", "docs/"], "--engine needs --corpus"),
    (["audit", "--id-field", "id", "docs/"], "--id-field needs --corpus"),
    (["audit"], "Missing argument 'PATHS...' (or --corpus FILE)"),
    (["check"], "Missing argument 'PATHS...'"),
    (["audit", "--corpus", "corpus.jsonl", "-o", "r.csv"], "unknown corpus format '.csv'"),
    (["audit", "--corpus", "nope.jsonl", "-o", "r.jsonl", "--no-model"], "--corpus nope.jsonl: no such file"),
])
def test_usage_errors_are_one_line_and_exit_2(corpus, capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (corpus.parent / "r.jsonl").exists()
