"""The CI features with the real model: baselines, --diff and the result cache (slow)."""
import json

import pytest

from mtaudit.cli import main
from tests.ci.gitrepo import commit, git, make_repo, write
from tests.scoring.helpers import shared_scorer

pytestmark = pytest.mark.slow

SPUN = "# News\n\nThe operator spent more on counterfeit consciousness software than on snow ploughs.\n"


@pytest.fixture(scope="module", autouse=True)
def model_is_cached():
    shared_scorer()


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_baseline_diff_and_cache_with_the_model(tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path / "repo", {"docs/a.md": SPUN})
    git(repo, "branch", "base")
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, "check", "--offline", "-v", "--format", "json", "docs")
    report = json.loads(out)
    assert code == 1 and report["model"] and "MTA101" in {f["rule"] for f in report["files"][0]["findings"]}
    assert "0 of 1 files from the result cache" in err
    # The same settings with the model are served from the cache; --no-model is a different key.
    assert "1 of 1 files from the result cache" in run(capsys, "check", "--offline", "-v", "docs")[2]
    assert "0 of 1 files from the result cache" in run(capsys, "check", "--no-model", "-v", "docs")[2]
    assert run(capsys, "baseline", "create", "--offline", "docs")[0] == 0
    assert run(capsys, "check", "--offline", "--baseline", ".mtaudit-baseline.json", "docs")[0] == 0
    assert run(capsys, "check", "--offline", "--diff", "base", "docs")[0] == 0
    write(repo, {"docs/a.md": SPUN + "\nIt was was a hard winter.\n"})
    commit(repo, "more")
    code, out, _ = run(capsys, "check", "--offline", "--diff", "base", "--format", "json", "docs")
    assert code == 1 and [f["text"] for f in json.loads(out)["files"][0]["findings"]] == ["was was"]


def test_the_model_is_loaded_only_for_files_not_in_the_result_cache(tmp_path, capsys, monkeypatch):
    from mtaudit.scoring import LazyScorer

    assert LazyScorer(offline=True).signature == shared_scorer().signature
    monkeypatch.chdir(make_repo(tmp_path / "repo", {"docs/a.md": SPUN}))
    first = run(capsys, "check", "--offline", "--format", "json", "docs")
    assert first[0] == 1 and "loaded SmolLM2" in first[2]
    second = run(capsys, "check", "--offline", "--format", "json", "docs")
    assert second[1] == first[1] and "loaded" not in second[2]


def test_diff_with_the_model_finds_on_changed_lines_what_a_full_audit_finds(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MTAUDIT_DTYPE", "fp32")  # scores that do not depend on the batch
    old = SPUN + "\nThe minister lifted the ghost of a new tax on the fuel.\n"
    repo = make_repo(tmp_path / "repo", {"docs/a.md": old})
    git(repo, "branch", "base")
    write(repo, {"docs/a.md": old + "\nHe have went to the office since two years.\n"
                 "The counterfeit consciousness team grew quickly.\n"})
    commit(repo, "edit")
    monkeypatch.chdir(repo)

    def findings(*args):
        code, out, _ = run(capsys, "check", "--offline", "--no-cache", "--format", "json", *args, "docs")
        (file,) = json.loads(out)["files"]
        return code, file, sorted((f["line"], f["rule"], f["text"]) for f in file["findings"])

    code, focused, found = findings("--diff", "base")
    _, full, everything = findings()
    assert code == 1 and found == [f for f in everything if f[0] >= 7] and any(f[1] == "MTA101" for f in found)
    assert {s["line"] for s in focused["sentences"]} == {7, 8} and len(full["sentences"]) > len(focused["sentences"])


def test_action_check_step_runs_the_model_by_default(tmp_path, monkeypatch):
    from tests.ci.gitrepo import mtaudit_on_path, pull_request_clone
    from tests.ci.test_ci_docs import run_action_step

    mtaudit_on_path(tmp_path, monkeypatch)
    monkeypatch.setenv("MTAUDIT_OFFLINE", "1")
    clone = pull_request_clone(tmp_path)
    result, output, summary = run_action_step(clone, tmp_path, paths="docs", sarif="true")
    assert result.returncode == 1 and output == "exit-code=1\n", result.stderr
    assert "model-based detectors were off" not in result.stderr and "loaded SmolLM2" in result.stderr
    sarif = json.loads((clone / "mtaudit.sarif").read_text(encoding="utf-8"))
    assert "SmolLM2" in json.dumps(sarif["runs"][0]) and "MTA001" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert "new new" in summary and "old old" not in summary
