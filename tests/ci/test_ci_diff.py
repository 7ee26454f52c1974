"""`check --diff REV` on real git repositories: changed files, added lines, exit codes."""
import json
import subprocess

import pytest

from mtaudit.ci.gitdiff import parse_diff
from mtaudit.cli import main
from tests.ci.gitrepo import commit, git, make_repo, write

OLD = "# Guide\n\nThe old text had had its its problems.\n\nA clean paragraph stays clean.\n"


def check(capsys, *args):
    code = main(["check", "--no-model", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


@pytest.fixture
def repo(tmp_path, monkeypatch):
    repo = make_repo(tmp_path / "repo", {"docs/guide.md": OLD, "docs/other.md": "Other page with with a flaw.\n"})
    git(repo, "branch", "base")
    monkeypatch.chdir(repo)
    return repo


def test_no_change_audits_nothing_and_passes(repo, capsys):
    code, report, err = check(capsys, "--diff", "base", ".")
    assert code == 0 and report["files"] == [] and "no auditable file changed since base" in err
    # Without --diff the old findings fail the check.
    assert check(capsys, ".")[0] == 1


def test_only_findings_on_added_lines_are_reported(repo, capsys):
    write(repo, {"docs/guide.md": OLD + "\nA new paragraph was was added.\n"})
    commit(repo, "add a paragraph")
    code, report, _ = check(capsys, "--diff", "base", ".")
    assert code == 1
    (file,) = report["files"]  # other.md did not change
    assert file["path"] == "docs/guide.md"
    assert [(f["rule"], f["line"], f["text"]) for f in file["findings"]] == [("MTA001", 7, "was was")]


def test_a_modified_line_counts_and_uncommitted_and_untracked_changes_too(repo, capsys):
    write(repo, {"docs/guide.md": OLD.replace("A clean paragraph", "A clean clean paragraph"),
                 "docs/new.md": "Brand new new page.\n"})
    code, report, _ = check(capsys, "--diff", "base", "docs")
    assert code == 1
    found = {f["path"]: [(x["line"], x["text"]) for x in f["findings"]] for f in report["files"]}
    assert found == {"docs/guide.md": [(5, "clean clean")], "docs/new.md": [(1, "new new")]}


def test_fixing_old_text_passes(repo, capsys):
    write(repo, {"docs/guide.md": OLD.replace("had had its its", "had its")})
    commit(repo, "fix")
    assert check(capsys, "--diff", "base", ".")[0] == 0


def test_diff_is_taken_from_the_merge_base(repo, capsys):
    # base moves on after the branch point; its new lines are not the branch's changes.
    git(repo, "checkout", "-q", "base")
    write(repo, {"docs/other.md": "Other page with with a flaw.\nAnd and more on base.\n"})
    commit(repo, "base moves on")
    git(repo, "checkout", "-q", "main")
    assert check(capsys, "--diff", "base", ".")[0] == 0


def test_missing_revision_is_a_clear_error(repo, capsys):
    code, _, err = check(capsys, "--diff", "origin/nope", ".")
    assert code == 2 and "revision 'origin/nope' is not known to git" in err and "Traceback" not in err


def test_shallow_clone_without_the_base_says_how_to_fetch_it(repo, tmp_path, capsys, monkeypatch):
    write(repo, {"docs/guide.md": OLD + "\nMore more text.\n"})
    commit(repo, "second")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    monkeypatch.chdir(clone)
    code, _, err = check(capsys, "--diff", "origin/base", ".")
    assert code == 2 and "shallow clone" in err and "git fetch" in err
    # After fetching the base, the same command works in the shallow clone.
    git(clone, "fetch", "-q", "--depth", "1", "origin", "base:refs/remotes/origin/base")
    code, report, _ = check(capsys, "--diff", "origin/base", ".")
    assert code == 1
    assert [(f["line"], f["text"]) for f in report["files"][0]["findings"]] == [(7, "More more")]


def test_outside_a_repository(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.md").write_text("Text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = check(capsys, "--diff", "main", "a.md")
    assert code == 2 and "not inside a git repository" in err


def test_parse_diff_hunks_and_quoted_paths():
    diff = (
        "diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n@@ -3 +3,2 @@\n-x\n+y\n+z\n@@ -10,2 +11,0 @@\n-gone\n-gone\n"
        'diff --git "a/caf\\303\\251 \\"x\\".md" "b/caf\\303\\251 \\"x\\".md"\n--- "a/caf\\303\\251 \\"x\\".md"\n'
        '+++ "b/caf\\303\\251 \\"x\\".md"\n@@ -0,0 +1 @@\n+new\n'
        "diff --git a/old.md b/old.md\n--- a/old.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n"
    )
    assert parse_diff(diff) == {"a.md": {3, 4}, 'café "x".md': {1}}


def test_file_names_with_spaces_and_accents(repo, capsys):
    git(repo, "config", "core.quotePath", "true")
    write(repo, {"docs/café notes.md": "Un new new file.\n"})
    commit(repo, "accented")
    code, report, _ = check(capsys, "--diff", "base", ".")
    assert code == 1 and report["files"][0]["path"] == "docs/café notes.md"


def sentence_lines(report):
    return sorted(s["line"] for f in report["files"] for s in f["sentences"])


def findings(report):
    return sorted((f["path"], x["rule"], x["line"], x["text"]) for f in report["files"] for x in f["findings"])


def test_only_the_sentences_on_changed_lines_are_audited(repo, capsys):
    # A rewritten line (3) and a new paragraph (7); line 5 and the flaw on line 3 stay as they were.
    changed = OLD.replace("had had its its problems", "had had its its problems. New words words here") + \
        "\nAnother paragraph paragraph.\n"
    write(repo, {"docs/guide.md": changed})
    commit(repo, "edit")
    code, focused, err = check(capsys, "-v", "--diff", "base", "docs")
    assert code == 1 and "0 of 1 files from the result cache" in err
    assert sentence_lines(focused) == [3, 3, 7]  # not the heading, nor line 5
    # The findings are those of a full audit on the changed lines.
    full = check(capsys, "docs/guide.md")[1]
    assert findings(focused) == [f for f in findings(full) if f[2] in (3, 7)] != []
    assert sentence_lines(full) == [1, 3, 3, 5, 7]
    # The focused report is cached under its own key: a full audit never reads it back.
    assert "1 of 1 files from the result cache" in check(capsys, "-v", "--diff", "base", "docs")[2]
    assert sentence_lines(check(capsys, "--no-cache", "docs/guide.md")[1]) == [1, 3, 3, 5, 7]


@pytest.mark.parametrize("option", [["--min-fluency", "10"], ["--report-unused-suppressions"]])
def test_whole_files_are_audited_when_an_option_needs_every_sentence(repo, capsys, option):
    write(repo, {"docs/guide.md": OLD + "\nA new paragraph was was added.\n"})
    commit(repo, "add a paragraph")
    code, report, _ = check(capsys, *option, "--diff", "base", "docs")
    assert code == 1 and sentence_lines(report) == [1, 3, 5, 7]
    assert [f[2] for f in findings(report)] == [7]  # still only findings on changed lines


def test_suppression_on_a_changed_line_of_an_unchanged_sentence_is_used(repo, capsys):
    write(repo, {"docs/guide.md": OLD.replace("The old", "<!-- mtaudit-disable-next-line -->\nThe old")})
    commit(repo, "suppress")
    code, report, _ = check(capsys, "--report-unused-suppressions", "--diff", "base", "docs")
    assert code == 0 and findings(report) == []
