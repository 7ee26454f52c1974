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
