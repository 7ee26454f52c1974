"""Fetching, offline mode, verification and the `mtaudit models` commands."""
import dataclasses
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mtaudit.errors import ModelError
from mtaudit.scoring import load_scorer, models_group, registry
from tests.scoring.helpers import cache_with_model

SPEC = registry.default_model()


def test_manifest_describes_the_default_model():
    assert SPEC.name == "SmolLM2-135M-Instruct" and SPEC.license == "Apache-2.0"
    assert len(SPEC.wheel_sha256) == 64 and SPEC.gguf.endswith(".gguf") and SPEC.size > 0


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_offline_without_cached_model_says_what_to_run(tmp_path, monkeypatch, how):
    pytest.importorskip("transformers")
    monkeypatch.setenv("MTAUDIT_CACHE", str(tmp_path))
    if how == "environment":
        monkeypatch.setenv("MTAUDIT_OFFLINE", "1")
    with pytest.raises(ModelError, match="run `mtaudit models fetch`"):
        load_scorer(offline=how == "argument")
    assert not (tmp_path / "models").exists()


@pytest.mark.slow
def test_fetch_is_idempotent_and_list_shows_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE", str(cache_with_model(tmp_path)))
    runner = CliRunner()
    result = runner.invoke(models_group, ["fetch"])
    assert result.exit_code == 0 and "already cached" in result.output
    result = runner.invoke(models_group, ["list"])
    assert result.exit_code == 0 and SPEC.name in result.output and "cached (" in result.output
    assert "Apache-2.0" in result.output


@pytest.mark.slow
def test_verify_detects_a_corrupted_safetensors_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE", str(cache_with_model(tmp_path, copy=True)))
    runner = CliRunner()
    assert runner.invoke(models_group, ["verify"]).exit_code == 0
    weights = registry.model_dir(SPEC) / "model.safetensors"
    with open(weights, "r+b") as f:
        f.seek(weights.stat().st_size // 2)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0xFF]))
    result = runner.invoke(models_group, ["verify"])
    assert result.exit_code == 2 and "corrupt" in result.output and "Traceback" not in result.output
    with pytest.raises(ModelError, match="corrupt"):
        load_scorer()


@pytest.mark.slow
def test_cached_model_from_another_release_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE", str(cache_with_model(tmp_path)))
    other = dataclasses.replace(SPEC, wheel_sha256="0" * 64)
    monkeypatch.setattr(registry, "default_model", lambda: other)
    with pytest.raises(ModelError, match="different release"):
        load_scorer()


@pytest.mark.slow
def test_download_with_wrong_hash_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE", str(tmp_path))
    other = dataclasses.replace(SPEC, wheel_sha256="0" * 64)
    with pytest.raises(ModelError, match="refusing to use it"):
        registry.fetch(other)
    assert not registry.is_cached(other)


def test_verify_without_cached_model_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE", str(tmp_path))
    result = CliRunner().invoke(models_group, ["verify"])
    assert result.exit_code == 2 and "mtaudit models fetch" in result.output
    result = CliRunner().invoke(models_group, ["fetch", "no-such-model"])
    assert result.exit_code == 2 and "unknown model" in result.output


def test_missing_model_libraries_say_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "transformers", None)  # makes `import transformers` fail
    with pytest.raises(ModelError, match=r"pip install 'mtaudit\[model\]', or run with --no-model"):
        load_scorer()


def test_lazy_scorer_without_cached_model_offline_says_what_to_run(tmp_path, monkeypatch):
    pytest.importorskip("transformers")
    from mtaudit.scoring import LazyScorer

    monkeypatch.setenv("MTAUDIT_CACHE", str(tmp_path))
    with pytest.raises(ModelError, match="run `mtaudit models fetch`"):
        LazyScorer(offline=True)


@pytest.mark.slow
def test_lazy_scorer_knows_its_signature_without_loading_the_model(tmp_path):
    cache_with_model(tmp_path)
    code = ("import sys; from mtaudit.scoring import LazyScorer; s = LazyScorer(offline=True); "
            "print(s.signature, 'transformers' in sys.modules); s.score(['A short sentence.']); "
            "print(s.signature, 'transformers' in sys.modules)")
    env = {**os.environ, "MTAUDIT_CACHE": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    before, after = out.splitlines()
    assert before.endswith(" False") and after.endswith(" True") and before.split()[0] == after.split()[0]


def test_model_threads_follow_omp_num_threads(monkeypatch):
    from mtaudit.scoring.fluency import _threads

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    every = _threads()
    assert every >= 1
    for value, expected in (("3", 3), ("0", every), ("many", every), ("", every)):
        monkeypatch.setenv("OMP_NUM_THREADS", value)
        assert _threads() == expected
