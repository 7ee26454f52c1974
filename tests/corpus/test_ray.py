"""The Ray engine gives the single-process results, in input order (a local Ray on 2 CPUs)."""
import pytest

from mtaudit import Config
from mtaudit.cli import main
from mtaudit.corpus import audit_corpus, io
from mtaudit.scoring import load_scorer
from tests.corpus.helpers import segments, write_jsonl
from tests.scoring.helpers import cache_with_model

pytest.importorskip("ray", reason="the Ray engine needs Ray (pip install -e '.[test]' installs it)")

pytestmark = pytest.mark.slow  # each test starts and stops a local Ray (seconds)


def corpus_records(n):
    records = [{"id": f"seg-{i}", "text": t} for i, t in enumerate(segments(n))]
    records[n // 3] = {"id": f"seg-{n // 3}", "text": 17}
    records.insert(n // 2, "{broken")
    return records


def test_ray_cli_matches_the_local_run_without_the_model(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    write_jsonl(tmp_path / "c.jsonl", corpus_records(400))
    common = ["audit", "--no-model", "--corpus", "c.jsonl", "--id-field", "id"]
    assert main(common + ["-o", "local.jsonl"]) == 0
    assert main(common + ["-o", "ray.parquet", "--engine", "ray", "--workers", "2"]) == 0
    assert "399 segments audited, 2 rows with errors" in capsys.readouterr().err
    local, ray = io.read_results(tmp_path / "local.jsonl"), io.read_results(tmp_path / "ray.parquet")
    assert len(ray) == 399 and sum(1 for r in ray if r["findings"]) > 50
    assert ray == [{**r, "id": str(r["id"])} for r in local]  # Parquet stores ids as text
    assert (tmp_path / "ray.errors.jsonl").read_text() == (tmp_path / "local.errors.jsonl").read_text()


def test_ray_with_the_model_gives_identical_results(tmp_path, monkeypatch):
    """Each run gets its own score cache, so neither can reuse the other's model scores.  In
    fp32: in bf16 a score can differ in its last digit with the batch it was computed in, and
    the workers batch differently from one run to the next (README, Python API).  On some CPUs
    fp32 does too, in the fourth decimal (AMD EPYC, AVX-512: a confidence 0.8363 in one run,
    0.8362 in the other), so confidences and fluencies are compared to 0.001; everything else,
    every finding and suggestion included, must be identical."""
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setenv("MTAUDIT_DTYPE", "fp32")
    corpus = write_jsonl(tmp_path / "c.jsonl", corpus_records(200))
    monkeypatch.setenv("MTAUDIT_CACHE", str(cache_with_model(tmp_path / "local-cache")))
    local = audit_corpus(corpus, tmp_path / "local.jsonl", id_field="id", config=Config(), scorer=load_scorer())
    monkeypatch.setenv("MTAUDIT_CACHE", str(cache_with_model(tmp_path / "ray-cache")))
    ray = audit_corpus(corpus, tmp_path / "ray.jsonl", id_field="id", config=Config(), engine="ray", workers=2)
    assert (local.audited, local.errors) == (ray.audited, ray.errors) == (199, 2)
    assert len(ray.worker_peak_mib) == 2  # two actors, each loaded the model once
    assert (tmp_path / "ray-cache" / "scores.sqlite3").exists()  # the workers scored for themselves
    rows = io.read_results(tmp_path / "ray.jsonl")
    assert all(r["fluency"] is not None for r in rows)
    local_rows = io.read_results(tmp_path / "local.jsonl")
    assert [_rounding_apart(r) for r in rows] == [_rounding_apart(r) for r in local_rows]
    assert all(abs(a - b) <= 0.001 for r, q in zip(rows, local_rows) for a, b in zip(_scores(r), _scores(q)))


def _scores(row):
    """The row's fluency and its findings' confidences, in order."""
    return [row["fluency"]] + [f["confidence"] for f in row["findings"]]


def _rounding_apart(row):
    """The row without the numbers that batch-dependent rounding may move (see ``_scores``)."""
    return {**row, "fluency": None, "findings": [{**f, "confidence": None} for f in row["findings"]]}
