"""Changed lines since a git revision, from ``git diff -U0``.

`check --diff REV` audits only the files changed since REV and keeps the findings that
touch an added or modified line.  "Since REV" means since the merge base of REV and
HEAD (what a pull request adds, even when REV has moved on), up to the working tree,
plus untracked files that are not ignored.  In a shallow clone without that merge base
the diff is taken against REV itself.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set

from mtaudit.errors import ConfigError
from mtaudit.types import Report


class GitError(ConfigError):
    code = "E110"


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)
_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd, capture_output=True)
    except FileNotFoundError:
        raise GitError("--diff needs git, and git is not installed") from None


def _unquote(path: str) -> str:
    """A path as git prints it: C-quoted (octal bytes of UTF-8) when it holds odd characters."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    raw, i, body = bytearray(), 0, path[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567":
                raw.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            raw.extend(_ESCAPES.get(nxt, nxt).encode())
            i += 2
            continue
        raw.extend(ch.encode())
        i += 1
    return raw.decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> Dict[str, Set[int]]:
    """``{path: added line numbers}`` from ``git diff -U0`` output (paths relative to the top).

    A changed file with only deletions maps to an empty set; deleted files are left out."""
    changed: Dict[str, Set[int]] = {}
    current: Optional[Set[int]] = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = line[4:].rstrip("\t")
            current = None if target == "/dev/null" else changed.setdefault(_unquote(target)[2:], set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                current.update(range(start, start + count))
    return changed


def changed_lines(rev: str, cwd: Path) -> Dict[Path, Set[int]]:
    """``{absolute path: added line numbers}`` of the files changed since ``rev``."""
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise GitError(f"--diff {rev}: {cwd} is not inside a git repository")
    root = Path(top.stdout.decode().strip())
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root).returncode != 0:
        shallow = _git(["rev-parse", "--is-shallow-repository"], root).stdout.decode().strip() == "true"
        hint = (" This is a shallow clone: fetch it first, e.g. `git fetch --depth=1 origin main`"
                " (or check out with fetch-depth: 0)." if shallow else " Fetch it first, e.g. `git fetch origin main`.")
        raise GitError(f"--diff: revision '{rev}' is not known to git.{hint}")
    base = _git(["merge-base", rev, "HEAD"], root)
    since = base.stdout.decode().strip() if base.returncode == 0 else rev
    diff = _git(["diff", "-U0", "--no-color", "--no-ext-diff", "-M", since, "--"], root)
    if diff.returncode != 0:
        raise GitError(f"git diff {since} failed: {diff.stderr.decode(errors='replace').strip()}")
    changed = {root / path: lines for path, lines in parse_diff(diff.stdout.decode("utf-8", "surrogateescape")).items()}
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    for name in untracked.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if name:
            changed[root / name] = _all_lines(root / name)
    return {path.resolve(): lines for path, lines in changed.items()}


def _all_lines(path: Path) -> Set[int]:
    try:
        with open(path, "rb") as f:
            count = sum(1 for _ in f)
    except OSError:
        return set()
    return set(range(1, count + 1))


def keep_changed(items: List, changed: Dict[Path, Set[int]]) -> List:
    """The audited paths that were changed (stdin counts as changed)."""
    return [item for item in items if not isinstance(item, Path) or item.resolve() in changed]


def on_changed_lines(report: Report, changed: Dict[Path, Set[int]]) -> int:
    """Keep only findings that touch an added line; returns how many were dropped."""
    dropped = 0
    for file in report.files:
        lines = changed.get(Path(file.path).resolve())
        if lines is None:  # stdin
            continue
        kept = [f for f in file.findings if any(n in lines for n in range(f.location.line, f.location.end_line + 1))]
        dropped += len(file.findings) - len(kept)
        file.findings = kept
    return dropped
