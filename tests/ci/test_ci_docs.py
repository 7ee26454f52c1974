"""The README's CI snippets and action.yml do what they say, on real git repositories."""
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mtaudit.cli import main
from mtaudit.scoring.registry import default_model, model_dir as _model_dir
from tests.ci.gitrepo import git, mtaudit_on_path, pull_request_clone

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_SECTION = README[README.index("## Use in CI"):README.index("## The fluency model")]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def model_dir() -> Path:
    return _model_dir(default_model())


def snippet(title: str, lang: str) -> str:
    start = CI_SECTION.index(title)
    return re.search(rf"```{lang}\n(.*?)```", CI_SECTION[start:], re.S).group(1)


def check_options() -> set:
    import click

    from mtaudit.cli import cli

    return {opt for p in cli.commands["check"].params if isinstance(p, click.Option) for opt in p.opts}


def test_action_is_composite_and_uses_only_declared_inputs_and_real_options():
    assert ACTION["runs"]["using"] == "composite"
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert set(re.findall(r"inputs\.([\w-]+)", text)) <= set(ACTION["inputs"])
    script = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")["run"]
    used = set(re.findall(r"(--[a-z][a-z-]+)", script)) - {"--verify", "--quiet", "--no-tags", "--depth"}
    assert used <= check_options(), used - check_options()


def test_readme_workflow_passes_only_inputs_the_action_has():
    workflow = yaml.safe_load(snippet("### GitHub Actions", "yaml"))
    step = next(s for s in workflow["jobs"]["mtaudit"]["steps"] if s["uses"].startswith("OWNER/mtaudit@"))
    assert set(step["with"]) <= set(ACTION["inputs"])
    documented = re.findall(r"^\s*# (\w[\w-]*):", snippet("### GitHub Actions", "yaml"), re.M)
    assert documented and set(documented) <= set(ACTION["inputs"])


def run_action_step(clone: Path, tmp_path: Path, **inputs) -> tuple:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")
    defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values = {**defaults, **inputs}
    env = {}
    for key, expression in step["env"].items():
        name = re.fullmatch(r"\$\{\{ (inputs|github)\.([\w-]+) \}\}", expression)
        env[key] = values[name.group(2)] if name.group(1) == "inputs" else "main"  # github.base_ref
    env["GITHUB_OUTPUT"] = str(tmp_path / "output")
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "summary.md")
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=clone, env={**os.environ, **env},
                            capture_output=True, text=True)
    return result, Path(env["GITHUB_OUTPUT"]).read_text(), Path(env["GITHUB_STEP_SUMMARY"]).read_text()


def test_action_check_step_on_a_pull_request_clone(tmp_path, monkeypatch):
    mtaudit_on_path(tmp_path, monkeypatch)
    clone = pull_request_clone(tmp_path)
    result, output, summary = run_action_step(clone, tmp_path, paths="docs", sarif="true", model="false")
    # origin/main was fetched into the shallow clone; only the added line is reported.
    assert result.returncode == 1, result.stderr
    assert result.stdout == ("::warning file=docs/guide.md,line=5,col=3,endLine=5,endColumn=10,"
                             "title=MTA001 doubled-word::'new' is repeated → new\n")
    assert output == "exit-code=1\n"
    assert "| 5 | MTA001 doubled-word | `new new` |" in summary and "old old" not in summary
    sarif = json.loads((clone / "mtaudit.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["MTA001"]
    # model: "false" says so once, in the log; diff: none checks everything; a bad revision is exit 2.
    assert result.stderr.count("model-based detectors were off") == 1
    assert run_action_step(clone, tmp_path, paths="docs", diff="none", model="false")[0].returncode == 1
    assert "old old" in run_action_step(clone, tmp_path, paths="docs", diff="none", model="false")[2]
    bad, output, _ = run_action_step(clone, tmp_path, paths="docs", diff="origin/nope", model="false")
    assert bad.returncode == 2 and "not known to git" in bad.stderr and output.endswith("exit-code=2\n")


@pytest.mark.slow  # the job runs the model
def test_gitlab_job_script_runs_in_a_merge_request_clone(tmp_path, monkeypatch):
    mtaudit_on_path(tmp_path, monkeypatch)
    clone = pull_request_clone(tmp_path)
    job = yaml.safe_load(snippet("### GitLab CI", "yaml"))["mtaudit"]
    monkeypatch.setenv("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
    monkeypatch.setenv("CI_PROJECT_DIR", str(clone))
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "models").symlink_to(model_dir().parent, target_is_directory=True)  # the model, already fetched
    monkeypatch.setenv("MTAUDIT_CACHE", str(cache))
    monkeypatch.delenv("MTAUDIT_RESULT_CACHE")  # results in the job's cache folder, as in GitLab
    monkeypatch.setenv("MTAUDIT_OFFLINE", "1")
    torch = next(r for r in model_extra() if r.startswith("torch"))
    installs = [line for line in job["script"] if "pip install" in line]
    assert installs == [f'python3 -m pip install --index-url https://download.pytorch.org/whl/cpu "{torch}"',
                        'python3 -m pip install "mtaudit[model]"']
    codes = []
    for line in job["script"]:
        if "pip install" in line:
            continue  # mtaudit is this checkout here
        codes.append(subprocess.run(["bash", "-c", line], cwd=clone, capture_output=True, text=True).returncode)
    assert codes == [0, 1]
    junit = (clone / job["artifacts"]["reports"]["junit"]).read_text(encoding="utf-8")
    assert "new new" in junit and "old old" not in junit
    assert any(cache.glob("results/*/*.json")) and (cache / "scores.sqlite3").is_file()  # what the job caches


def test_readme_pre_commit_config_is_valid_and_names_real_hooks(tmp_path):
    pytest.importorskip("pre_commit")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(snippet("### pre-commit", "yaml"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(config)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    ids = re.findall(r"- id: ([\w-]+)", snippet("### pre-commit", "yaml"))
    assert ids == ["mtaudit", "mtaudit-model"] and set(ids) <= manifest
    hooks = yaml.safe_load(snippet("### pre-commit", "yaml"))["repos"][0]["hooks"]
    assert hooks[1] == {"id": "mtaudit-model", "stages": ["manual"]} and "stages" not in hooks[0]


@pytest.mark.slow  # with the model, as documented
def test_readme_check_commands_run(tmp_path, monkeypatch, capsys):
    mtaudit_on_path(tmp_path, monkeypatch)
    clone = pull_request_clone(tmp_path)
    git(clone, "fetch", "-q", "--depth=1", "origin", "+refs/heads/main:refs/remotes/origin/main")
    monkeypatch.chdir(clone)
    monkeypatch.setenv("MTAUDIT_OFFLINE", "1")
    codes = []
    for line in snippet("## Use in CI", "sh").splitlines():
        args = shlex.split(line, comments=True)
        assert args[0] == "mtaudit"
        codes.append(main(args[1:]))
    # The diff sees the new line's flaw; the baseline accepts both; checking against it passes.
    assert codes == [1, 0, 0]


def step(name: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


def model_extra() -> list:
    import configparser

    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    return [line.strip() for line in parser.get("options.extras_require", "model").splitlines() if line.strip()]


def test_action_defaults_run_the_model_on_the_changed_files_with_its_caches():
    defaults = {name: spec.get("default") for name, spec in ACTION["inputs"].items()}
    assert defaults["model"] == "true" and defaults["diff"] == "auto" and defaults["paths"] == "."
    assert step("Cache the model")["if"] == "inputs.model != 'false'"
    assert step("Cache the model")["with"]["path"].endswith("/mtaudit-cache/models")
    cached = step("Cache results")["with"]["path"].splitlines()
    assert [p.rsplit("/", 1)[1] for p in cached] == ["results", "scores.sqlite3"]
    # Keyed by the model manifest's hash, computed in a step: hashFiles() sees only the workspace.
    assert "${{ steps.cache-folder.outputs.manifest }}" in step("Cache the model")["with"]["key"]
    assert "manifest.json" in step("Cache folder")["run"]


def run_install_step(tmp_path: Path, **inputs) -> list:
    """The install step's pip commands, run with a `python` that records its arguments."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "pip.log"
    log.write_text("", encoding="utf-8")
    fake = bin_dir / "python"
    fake.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n', encoding="utf-8")
    fake.chmod(0o755)
    defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values = {**defaults, **inputs}
    install = step("Install mtaudit")
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "ACTION_PATH": "/action"}
    for key, expression in install["env"].items():
        name = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expression)
        if name:
            env[key] = values[name.group(1)]
    subprocess.run(["bash", "-eo", "pipefail", "-c", install["run"]], env=env, check=True)
    return [shlex.split(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_action_installs_cpu_torch_then_the_model_extra(tmp_path):
    torch_requirement = next(r for r in model_extra() if r.startswith("torch"))
    torch, mtaudit = run_install_step(tmp_path)
    # torch from the CPU index alone (never the CUDA build from PyPI), with the extra's bounds.
    assert torch[:3] == ["-m", "pip", "install"] and torch[-1] == torch_requirement
    index = torch[torch.index("--index-url") + 1]
    assert index == "https://download.pytorch.org/whl/cpu" and "--extra-index-url" not in torch
    assert mtaudit[-1] == "/action[model]" and "--index-url" not in mtaudit
    assert run_install_step(tmp_path, version="0.2.0")[1][-1] == "mtaudit[model]==0.2.0"
    # model: "false": no torch at all.
    (plain,) = run_install_step(tmp_path, model="false")
    assert plain[-1] == "/action" and "torch" not in " ".join(plain)


def test_readme_documents_the_action_inputs_and_their_defaults():
    rows = re.findall(r"^\| `([\w-]+)` \| (`[^`]*`|—) \|", snippet_section("### GitHub Actions"), re.M)
    documented = {name: (default.strip("`") if default != "—" else "") for name, default in rows}
    assert documented == {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    workflow = yaml.safe_load(snippet("### GitHub Actions", "yaml"))
    (step_,) = [s for s in workflow["jobs"]["mtaudit"]["steps"] if s["uses"].startswith("OWNER/mtaudit@")]
    # The example runs with the model: it leaves `model` at its default or sets it "true".
    assert step_["with"].get("model", "true") == "true"


def snippet_section(title: str) -> str:
    start = CI_SECTION.index(title)
    end = CI_SECTION.index("\n### ", start + len(title))
    return CI_SECTION[start:end]


def test_action_cache_folder_step_keys_the_model_by_its_manifest(tmp_path):
    import hashlib

    env = {**os.environ, "ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(tmp_path), "GITHUB_ENV": str(tmp_path / "env"),
           "GITHUB_OUTPUT": str(tmp_path / "output")}
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)  # `python`, as setup-python gives
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    subprocess.run(["bash", "-eo", "pipefail", "-c", step("Cache folder")["run"]], env=env, check=True)
    manifest = hashlib.sha256((ROOT / "models" / "manifest.json").read_bytes()).hexdigest()[:16]
    assert (tmp_path / "output").read_text() == f"manifest={manifest}\n"
    assert (tmp_path / "env").read_text() == f"MTAUDIT_CACHE={tmp_path}/mtaudit-cache\n"
