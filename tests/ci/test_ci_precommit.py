"""The pre-commit hook: a valid manifest, and real `pre-commit` runs in a temp git repo.

The published hook is `language: python` (pre-commit installs mtaudit from the repo),
which would need the network here; the test runs the same `entry`, `args` and `files`,
read from the manifest, as a `repo: local` / `language: system` hook against this
checkout, so the two cannot drift apart.
"""
import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mtaudit.readers import _EXTENSIONS
from mtaudit.readers.locale import EXTENSIONS as LOCALE_EXTENSIONS
from tests.ci.gitrepo import commit, git, make_repo, mtaudit_on_path, write

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")


def hooks():
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


def test_manifest_is_valid():
    result = subprocess.run([*PRE_COMMIT, "validate-manifest", str(MANIFEST)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(hooks()) == {"mtaudit", "mtaudit-model"}


def test_hooks_see_exactly_the_auditable_extensions():
    for hook in hooks().values():
        pattern = re.compile(hook["files"])
        for ext in _EXTENSIONS:
            if ext in LOCALE_EXTENSIONS:  # only files named like a locale: they pair with the source
                assert pattern.search(f"locales/de{ext}") and pattern.search(f"config/locales/pt-BR{ext}"), ext
                assert not pattern.search(f"package{ext}") and not pattern.search(f"docs/page{ext}"), ext
            else:
                assert pattern.search(f"docs/page{ext}"), ext
        assert not pattern.search("src/main.py") and not pattern.search("logo.png")


def test_default_hook_needs_no_model_and_the_model_hook_installs_the_model_extra():
    hook, model = hooks()["mtaudit"], hooks()["mtaudit-model"]
    assert hook["args"] == ["--no-model"] and "--no-model" not in model["entry"] + " ".join(model["args"])
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    extra = [line.strip() for line in parser.get("options.extras_require", "model").splitlines() if line.strip()]
    assert model["additional_dependencies"] == extra


@pytest.fixture
def hook_repo(tmp_path, monkeypatch):
    """A git repo whose .pre-commit-config.yaml runs the manifest's hook on this checkout."""
    hook = hooks()["mtaudit"]
    config = {"repos": [{"repo": "local", "hooks": [{
        "id": hook["id"], "name": hook["name"], "entry": hook["entry"], "args": hook["args"],
        "language": "system", "files": hook["files"], "require_serial": hook["require_serial"],
    }]}]}
    repo = make_repo(tmp_path / "site", {
        ".pre-commit-config.yaml": yaml.safe_dump(config, sort_keys=False),
        "docs/index.md": "# Welcome\n\nThis page is fine.\n",
        "setup.cfg": "[mtaudit]\nexclude =\n    drafts/**\n",
    })
    mtaudit_on_path(tmp_path, monkeypatch)
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    return repo


def pre_commit(repo, *args):
    return subprocess.run([*PRE_COMMIT, *args], cwd=repo, capture_output=True, text=True)


def test_real_pre_commit_runs(hook_repo):
    result = pre_commit(hook_repo, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"mtaudit\.+Passed", result.stdout)
    # A staged page with a flaw fails the hook and says where.
    write(hook_repo, {"docs/new.md": "# New\n\nThe the launch is today.\n", "notes.py": "x = 1  # the the\n"})
    git(hook_repo, "add", "-A")
    result = pre_commit(hook_repo, "run")
    assert result.returncode == 1
    assert "docs/new.md:3:1 MTA001" in result.stdout and "notes.py" not in result.stdout


def test_installed_hook_blocks_the_commit_until_the_text_is_fixed_or_suppressed(hook_repo):
    assert pre_commit(hook_repo, "install").returncode == 0
    write(hook_repo, {"docs/index.md": "# Welcome\n\nThis page page is fine.\n"})
    git(hook_repo, "add", "-A")
    blocked = subprocess.run(["git", "commit", "-m", "typo"], cwd=hook_repo, capture_output=True, text=True)
    assert blocked.returncode != 0 and "MTA001" in blocked.stdout + blocked.stderr
    write(hook_repo, {"docs/index.md": "# Welcome\n\n<!-- mtaudit-disable-next-line MTA001 -->\nThis page page is fine.\n"})
    commit(hook_repo, "accepted on purpose")
    # A file excluded by the repository's config is passed by pre-commit but not audited.
    write(hook_repo, {"drafts/wip.md": "Draft draft text.\n"})
    commit(hook_repo, "a draft")
    assert git(hook_repo, "log", "--format=%s").splitlines()[:2] == ["a draft", "accepted on purpose"]


def test_hook_skips_files_it_cannot_audit(hook_repo):
    write(hook_repo, {"logo.png": "\x89PNG", "src/app.py": "print('the the')\n"})
    git(hook_repo, "add", "-A")
    result = pre_commit(hook_repo, "run")
    assert result.returncode == 0 and re.search(r"mtaudit\.+\(no files to check\)Skipped", result.stdout)


@pytest.mark.slow  # the model hook runs the model
def test_readme_recipe_runs_the_fast_hook_on_commit_and_the_model_in_ci(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### pre-commit"):readme.index("### Baselines")]
    documented = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))["repos"][0]["hooks"]
    local = []
    for entry in documented:  # the manifest's hook, with the README's settings, run on this checkout
        hook = hooks()[entry["id"]]
        local.append({"id": hook["id"], "name": hook["name"], "entry": hook["entry"], "args": hook["args"],
                      "language": "system", "files": hook["files"], "require_serial": hook["require_serial"],
                      **{k: v for k, v in entry.items() if k != "id"}})
    config = yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}, sort_keys=False)
    repo = make_repo(tmp_path / "site", {".pre-commit-config.yaml": config, "docs/index.md": "# Welcome\n\nFine.\n"})
    git(repo, "update-ref", "refs/remotes/origin/main", "main")
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, {"docs/new.md": "# New\n\nThe operator bought counterfeit consciousness software.\n"})
    commit(repo, "new page")
    mtaudit_on_path(tmp_path, monkeypatch)
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.setenv("MTAUDIT_OFFLINE", "1")
    on_commit = pre_commit(repo, "run", "--all-files")
    assert on_commit.returncode == 1 and "mtaudit-model" not in on_commit.stdout
    assert "model-based detectors were off" in on_commit.stdout  # the fast hook says what it left out
    script = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    in_ci = subprocess.run(["bash", "-eo", "pipefail", "-c", script.replace("pre-commit", f"{sys.executable} -m pre_commit")],
                           cwd=repo, capture_output=True, text=True)
    assert in_ci.returncode == 1, in_ci.stdout + in_ci.stderr
    assert "docs/new.md:3:" in in_ci.stdout and "MTA101" in in_ci.stdout and "index.md" not in in_ci.stdout
    assert "model-based detectors were off" not in in_ci.stdout
