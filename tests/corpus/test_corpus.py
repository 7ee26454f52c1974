"""Corpus audits on one process: rows in, result rows out, bad rows reported, resumable."""
import json
import tracemalloc

import pytest

from mtaudit import Auditor, Config
from mtaudit.corpus import apply_edits, audit_corpus, io, runner
from mtaudit.errors import ConfigError
from tests.corpus.helpers import read_jsonl, segments, write_jsonl
from tests.test_api import CountingScorer

pa = pytest.importorskip("pyarrow", reason="Parquet tests need pyarrow (pip install -e '.[test]')")
import pyarrow.parquet as pq  # noqa: E402

NO_MODEL = Config(no_model=True)

BAD_ROWS = [
    {"id": "a", "text": "The results were were published."},
    {"id": "b"},  # no text
    {"id": "c", "text": 42},  # not a string
    {"id": "d", "text": None},
    {"id": "e", "text": "   \n"},  # empty
    {"id": "f", "text": "x" * 60},  # over max_chars below
    {"text": "no id at all"},
    {"id": 3.5, "text": "a float id"},
    {"id": "a", "text": "a duplicate id"},
    "{not json",
    "[1, 2]",
    "",
    {"id": 7, "text": "He explained me the plan."},
    {"id": "7", "text": "the same id as text"},
]


def run(corpus, output, **kwargs):
    kwargs.setdefault("config", NO_MODEL)
    return audit_corpus(corpus, output, **kwargs)


def test_every_row_ends_in_the_output_or_the_errors_file(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", BAD_ROWS)
    summary = run(corpus, tmp_path / "out.jsonl", id_field="id", max_chars=50)
    results = read_jsonl(tmp_path / "out.jsonl")
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [r["id"] for r in results] == ["a", 7]
    assert sorted([r["row"] for r in errors] + [1, 13]) == list(range(1, len(BAD_ROWS) + 1))
    by_row = {e["row"]: (e["id"], e["error"]) for e in errors}
    assert by_row == {
        2: ("b", "no field 'text'"),
        3: ("c", "field 'text' is a number, not a string"),
        4: ("d", "field 'text' is null, not a string"),
        5: ("e", "field 'text' is empty"),
        6: ("f", "field 'text' has 60 characters, more than the limit of 50 (--max-chars)"),
        7: (None, "missing id"),
        8: (None, "id must be a string or an integer, not a number"),
        9: ("a", "duplicate id 'a'"),
        10: (None, by_row[10][1]),
        11: (None, "not a JSON object"),
        12: (None, "empty line"),
        14: ("7", "duplicate id '7'"),
    }
    assert by_row[10][1].startswith("invalid JSON")
    assert (summary.audited, summary.errors, summary.skipped) == (2, 12, 0)


def test_a_result_row_has_fluency_verdict_findings_and_applicable_suggestions(tmp_path):
    texts = ["The results were were published , on Monday.", "He explained me the plan since two years."]
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"text": t} for t in texts])
    run(corpus, tmp_path / "scored.jsonl", config=Config(), scorer=CountingScorer())
    scored = read_jsonl(tmp_path / "scored.jsonl")
    assert [r["fluency"] for r in scored] == [100.0 - len(t) for t in texts]  # one sentence each
    run(corpus, tmp_path / "out.jsonl")
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert [list(r) for r in rows] == [["id", "fluency", "mt_likelihood", "findings", "suggestions"]] * 2
    assert [r["id"] for r in rows] == [1, 2]  # the line number without --id-field
    # one sentence is too little for a verdict (see mtaudit.verdict.MIN_SENTENCES)
    assert all(r["fluency"] is None and r["mt_likelihood"] is None for r in rows)
    assert [f["rule"] for f in rows[0]["findings"]] == ["MTA001", "MTA002"]
    assert [apply_edits(t, r["suggestions"]) for t, r in zip(texts, rows)] == [
        "The results were published, on Monday.",
        "He explained to me the plan for two years.",
    ]


def test_results_equal_the_api_result_for_each_text(tmp_path):
    texts = segments(40)
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"text": t} for t in texts])
    run(corpus, tmp_path / "out.jsonl")
    auditor = Auditor(NO_MODEL)
    expected = [json.loads(auditor.audit_text(t).to_json())["findings"] for t in texts]
    assert [r["findings"] for r in read_jsonl(tmp_path / "out.jsonl")] == expected
    assert sum(1 for f in expected if f) >= 6  # the corpus does have findings


def interrupt_after(rows):
    seen = []

    def progress(n):
        seen.append(n)
        if sum(seen) >= rows:
            raise KeyboardInterrupt

    return progress


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_an_interrupted_run_resumes_where_it_stopped(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(runner, "CHUNK_ROWS", 10)
    records = [{"id": f"s{i}", "text": t} for i, t in enumerate(segments(45))]
    records[17] = {"id": "s17", "text": ""}
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    whole = tmp_path / f"whole{suffix}"
    run(corpus, whole, id_field="id")

    out = tmp_path / f"out{suffix}"
    with pytest.raises(KeyboardInterrupt):
        run(corpus, out, id_field="id", progress=interrupt_after(25))
    partial = io.read_results(out)
    assert 0 < len(partial) < 44
    summary = run(corpus, out, id_field="id")
    assert summary.skipped == len(partial) + 1  # and the bad row, already in the errors file
    assert summary.audited == 44 - len(partial) and summary.errors == 0
    assert io.read_results(out) == io.read_results(whole)
    assert read_jsonl(io.errors_path(out)) == [{"id": "s17", "row": 18, "error": "field 'text' is empty"}]
    assert run(corpus, out, id_field="id").skipped == 45  # nothing left to do


def test_a_line_cut_off_by_a_killed_run_is_redone(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"text": t} for t in segments(5)])
    out = tmp_path / "out.jsonl"
    run(corpus, out)
    whole = out.read_text(encoding="utf-8")
    out.write_text(whole[: whole.index("\n", len(whole) // 2) + 30], encoding="utf-8")  # half of a line
    summary = run(corpus, out)
    assert out.read_text(encoding="utf-8") == whole and summary.audited == 5 - summary.skipped


def test_an_output_that_is_not_a_result_file_is_left_alone(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"text": "Fine."}])
    (tmp_path / "notes.jsonl").write_text("some notes\nmore\n", encoding="utf-8")
    with pytest.raises(Exception, match="not an mtaudit result"):
        run(corpus, tmp_path / "notes.jsonl")
    assert (tmp_path / "notes.jsonl").read_text(encoding="utf-8") == "some notes\nmore\n"


def test_parquet_in_and_out(tmp_path):
    texts = segments(12)
    table = pa.table({"key": list(range(100, 112)), "body": texts[:10] + [None, "   "]})
    pq.write_table(table, tmp_path / "c.parquet", row_group_size=5)
    summary = run(tmp_path / "c.parquet", tmp_path / "out.parquet", text_field="body", id_field="key")
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.field("id").type == pa.string()  # ids are stored as text in Parquet
    assert out.column("id").to_pylist() == [str(i) for i in range(100, 110)]
    assert [r["row"] for r in read_jsonl(tmp_path / "out.errors.jsonl")] == [11, 12]
    assert (summary.audited, summary.errors) == (10, 2)
    expected = run(write_jsonl(tmp_path / "c.jsonl", [{"text": t} for t in texts[:10]]), tmp_path / "out.jsonl")
    assert expected.audited == 10
    as_jsonl = read_jsonl(tmp_path / "out.jsonl")
    assert [r["findings"] for r in out.to_pylist()] == [r["findings"] for r in as_jsonl]


def test_a_parquet_corpus_without_the_column_is_a_usage_error(tmp_path):
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "c.parquet")
    with pytest.raises(ConfigError, match="has no column 'text' \\(columns: body\\)"):
        run(tmp_path / "c.parquet", tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


def test_without_pyarrow_parquet_gives_an_install_hint(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    write_jsonl(tmp_path / "c.jsonl", [{"text": "Fine."}])
    with pytest.raises(ConfigError, match=r"pip install 'mtaudit\[parquet\]'"):
        run(tmp_path / "c.jsonl", tmp_path / "out.parquet")


@pytest.mark.parametrize("corpus, output, message", [
    ("c.csv", "out.jsonl", "unknown corpus format '.csv'"),
    ("c.jsonl", "out.txt", "unknown corpus format '.txt'"),
    ("c.jsonl", "c.jsonl", "would overwrite the corpus"),
    ("missing.jsonl", "out.jsonl", "no such file"),
])
def test_unusable_paths_are_config_errors(tmp_path, corpus, output, message):
    write_jsonl(tmp_path / "c.jsonl", [{"text": "Fine."}])
    (tmp_path / "c.csv").write_text("text\nFine.\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        run(tmp_path / corpus, tmp_path / output)
    assert not (tmp_path / "out.jsonl").exists()


def test_reading_a_corpus_streams_it(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", ({"id": i, "text": "A sentence of some length. " * 8} for i in range(40_000)))
    assert corpus.stat().st_size > 8_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in io.read_rows(corpus, "text", "id"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 40_000 == io.count_rows(corpus)
    assert peak < 1_000_000


@pytest.mark.parametrize("kwargs, message", [
    ({"engine": "spark"}, "unknown engine 'spark'"),
    ({"engine": "ray", "scorer": CountingScorer()}, "only be used by the local engine"),
    ({"max_chars": 0}, "at least 1"),
])
def test_bad_arguments_are_config_errors(tmp_path, kwargs, message):
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"text": "Fine."}])
    with pytest.raises(ConfigError, match=message):
        run(corpus, tmp_path / "out.jsonl", **kwargs)
    assert not (tmp_path / "out.jsonl").exists()
