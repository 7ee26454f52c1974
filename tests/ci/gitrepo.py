"""Real git repositories in a temp folder for the CI tests."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def make_repo(path: Path, files: dict) -> Path:
    """A repository on branch main with ``files`` ({relative path: text}) committed."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    write(path, files)
    commit(path, "initial")
    return path


def write(repo: Path, files: dict) -> None:
    for name, text in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def mtaudit_on_path(tmp_path: Path, monkeypatch) -> None:
    """`mtaudit` on PATH runs this checkout (whatever is installed), as do child processes."""
    import sys

    root = Path(__file__).resolve().parents[2]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "mtaudit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mtaudit "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PYTHONPATH", str(root))
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)


def pull_request_clone(tmp_path: Path) -> Path:
    """A shallow single-branch clone of branch ``feature``, as CI checks a pull request out:
    main has an old flaw on line 3; feature adds a flaw on line 5."""
    origin = make_repo(tmp_path / "origin", {"docs/guide.md": "# Guide\n\nThe old old text.\n"})
    git(origin, "checkout", "-q", "-b", "feature")
    write(origin, {"docs/guide.md": "# Guide\n\nThe old old text.\n\nA new new line.\n"})
    commit(origin, "feature")
    git(origin, "checkout", "-q", "main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", "--single-branch", f"file://{origin}", str(clone))
    return clone
