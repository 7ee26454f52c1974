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
    the workers batch differently from one run to the next (README, Python API)."""
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
    assert rows == io.read_results(tmp_path / "local.jsonl")
