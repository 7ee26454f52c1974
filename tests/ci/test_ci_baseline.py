"""Baselines: create, check --baseline (only new findings), update; fingerprints survive moves."""
import json

import pytest

from mtaudit.cli import main

PAGE = "# Page\n\nThe report had its its flaws.\n\nIt was was late.\n"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def docs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "docs" / "clean.md").write_text("Nothing to see.\n", encoding="utf-8")
    return tmp_path


def findings(capsys, *args):
    code, out, _ = run(capsys, "check", "--no-model", "--format", "json", *args)
    return code, [(f["path"], x["text"]) for f in json.loads(out)["files"] for x in f["findings"]]


def test_create_then_check_reports_only_new_findings(docs, capsys):
    code, _, err = run(capsys, "baseline", "create", "--no-model", "docs")
    assert code == 0 and "2 findings in 1 file" in err
    data = json.loads((docs / ".mtaudit-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and list(data["files"]) == ["docs/a.md"]
    assert sorted(r["text"] for r in data["files"]["docs/a.md"]) == ["its its", "was was"]
    assert findings(capsys, "--baseline", ".mtaudit-baseline.json", "docs") == (0, [])
    # A new finding fails the check; the accepted ones stay hidden.
    (docs / "docs" / "a.md").write_text(PAGE + "\nA new new line.\n", encoding="utf-8")
    assert findings(capsys, "--baseline", ".mtaudit-baseline.json", "docs") == (1, [("docs/a.md", "new new")])


def test_fingerprints_survive_moved_lines_but_not_a_second_copy(docs, capsys):
    run(capsys, "baseline", "create", "--no-model", "-o", "base.json", "docs")
    moved = "# Page\n\nA fresh intro.\n\nMore words here.\n\nIt was was late.\n\nThe report had its its flaws.\n"
    (docs / "docs" / "a.md").write_text(moved, encoding="utf-8")
    assert findings(capsys, "--baseline", "base.json", "docs") == (0, [])
    # The same sentence twice: one copy is accepted, the other is new.
    (docs / "docs" / "a.md").write_text(moved + "\nIt was was late.\n", encoding="utf-8")
    assert findings(capsys, "--baseline", "base.json", "docs") == (1, [("docs/a.md", "was was")])
    # The same words in another sentence are new too.
    (docs / "docs" / "a.md").write_text(moved.replace("It was was late.", "It was was early."), encoding="utf-8")
    assert findings(capsys, "--baseline", "base.json", "docs") == (1, [("docs/a.md", "was was")])


def test_baseline_paths_are_relative_to_the_baseline_file(docs, capsys, monkeypatch):
    run(capsys, "baseline", "create", "--no-model", "docs")
    monkeypatch.chdir(docs / "docs")
    assert findings(capsys, "--baseline", "../.mtaudit-baseline.json", ".") == (0, [])


def test_update_prunes_fixed_findings_and_never_adds(docs, capsys):
    run(capsys, "baseline", "create", "--no-model", "docs")
    (docs / "docs" / "a.md").write_text(PAGE.replace("its its", "its") + "\nA new new line.\n", encoding="utf-8")
    code, _, err = run(capsys, "baseline", "update", "--no-model", "docs")
    assert code == 0 and "1 fixed finding removed, 1 left" in err
    data = json.loads((docs / ".mtaudit-baseline.json").read_text(encoding="utf-8"))
    assert [r["text"] for r in data["files"]["docs/a.md"]] == ["was was"]
    # The finding added after the baseline is still new.
    assert findings(capsys, "--baseline", ".mtaudit-baseline.json", "docs") == (1, [("docs/a.md", "new new")])
    # A deleted file's entries go away.
    (docs / "docs" / "a.md").unlink()
    run(capsys, "baseline", "update", "--no-model", "docs")
    assert json.loads((docs / ".mtaudit-baseline.json").read_text(encoding="utf-8"))["files"] == {}


@pytest.mark.parametrize("content, message", [
    (None, "does not exist"),
    ("{not json", "cannot read baseline"),
    ('{"version": 99, "files": {}}', "not a version 1 mtaudit baseline"),
    ('{"version": 1, "files": {"a.md": [{"rule": "MTA001"}]}}', "malformed entry"),
])
def test_bad_baseline_files_exit_2(docs, capsys, content, message):
    if content is not None:
        (docs / "b.json").write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "check", "--no-model", "--baseline", "b.json", "docs")
    assert code == 2 and message in err and "Traceback" not in err
    code, _, err = run(capsys, "baseline", "update", "--no-model", "-o", "b.json", "docs")
    assert code == 2 and message in err


def test_create_refuses_to_overwrite_an_audited_file(docs, capsys):
    before = (docs / "docs" / "a.md").read_bytes()
    code, _, err = run(capsys, "baseline", "create", "--no-model", "-o", "docs/a.md", "docs/a.md")
    assert code == 2 and "refusing to overwrite" in err
    assert (docs / "docs" / "a.md").read_bytes() == before
