"""The result cache and --jobs: same reports, served from the cache when nothing changed."""
import json
import os

from mtaudit import pipeline
from mtaudit.cache import ResultCache, results_dir
from mtaudit.cli import main
from mtaudit.config import Config
from mtaudit.pipeline import POOL_MIN_FILES

PAGES = [
    "# Page {n}\n\nIt was was late , sadly.\n\n```\nthe the\n```\n\nThe report is fine.\n",
    "A clean page number {n}.\n",
    "<p>Caf&eacute; {n} had had its its problems.</p>\n",
]


def make_site(root, count):
    for n in range(count):
        ext = (".md", ".txt", ".html")[n % 3]
        (root / f"page{n:02d}{ext}").write_text(PAGES[n % 3].format(n=n), encoding="utf-8")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_second_run_is_served_from_the_cache_with_the_same_report(tmp_path, capsys, monkeypatch):
    make_site(tmp_path, 6)
    monkeypatch.chdir(tmp_path)
    args = ["check", "--no-model", "-v", "--format", "json", "."]
    first = run(capsys, *args)
    second = run(capsys, *args)
    assert first[0] == second[0] == 1 and first[1] == second[1]
    assert "0 of 6 files from the result cache, 6 audited" in first[2]
    assert "6 of 6 files from the result cache, 0 audited" in second[2]
    assert len(list(results_dir().rglob("*.json"))) == 6
    # An edited file is audited again; the others still come from the cache.
    (tmp_path / "page01.txt").write_text("It now has has a flaw.\n", encoding="utf-8")
    code, out, err = run(capsys, *args)
    assert "5 of 6 files from the result cache, 1 audited" in err
    assert any(f["text"] == "has has" for file in json.loads(out)["files"] for f in file["findings"])
    # --no-cache audits everything.
    assert "from the result cache" not in run(capsys, "check", "--no-model", "-v", "--no-cache", ".")[2]


def test_settings_are_part_of_the_key(tmp_path, capsys, monkeypatch):
    make_site(tmp_path, 3)
    monkeypatch.chdir(tmp_path)
    run(capsys, "check", "--no-model", ".")
    code, out, err = run(capsys, "check", "--no-model", "-v", "--format", "json", "--select", "MTA002", ".")
    assert "0 of 3 files from the result cache" in err
    assert {f["rule"] for file in json.loads(out)["files"] for f in file["findings"]} == {"MTA002"}
    (tmp_path / "setup.cfg").write_text("[mtaudit]\nallow = was was\n", encoding="utf-8")
    assert "0 of 3 files from the result cache" in run(capsys, "check", "--no-model", "-v", ".")[2]


def test_cache_key_covers_model_and_version(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("Text.\n", encoding="utf-8")
    keys = {
        ResultCache(Config(), None).key(doc, "a.md"),
        ResultCache(Config(), "model-A").key(doc, "a.md"),
        ResultCache(Config(), "model-B").key(doc, "a.md"),
        ResultCache(Config(lang="de"), None).key(doc, "a.md"),
        ResultCache(Config(), None).key(doc, "b.md"),
    }
    assert len(keys) == 5
    # Settings that do not change a report do not change the key.
    assert ResultCache(Config(fail_on="error", exclude=["x"]), None).key(doc, "a.md") == ResultCache(Config(), None).key(doc, "a.md")


def test_a_corrupt_or_unwritable_cache_only_costs_speed(tmp_path, capsys, monkeypatch):
    make_site(tmp_path, 3)
    monkeypatch.chdir(tmp_path)
    first = run(capsys, "check", "--no-model", "--format", "json", ".")
    for entry in results_dir().rglob("*.json"):
        entry.write_text("{broken", encoding="utf-8")
    second = run(capsys, "check", "--no-model", "-v", "--format", "json", ".")
    assert second[1] == first[1] and "0 of 3 files from the result cache" in second[2]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_RESULT_CACHE", str(blocker / "cache"))
    assert run(capsys, "check", "--no-model", "--format", "json", ".")[1] == first[1]


def test_jobs_give_the_same_output_as_one_process(tmp_path, capsys, monkeypatch):
    make_site(tmp_path, POOL_MIN_FILES + 4)
    (tmp_path / "binary.txt").write_bytes(b"\0\1\2")
    monkeypatch.chdir(tmp_path)
    outputs = {}
    for jobs in ("1", "2", "3"):
        for fmt in ("json", "text"):
            outputs[jobs, fmt] = run(capsys, "check", "--no-model", "--no-cache", "--jobs", jobs, "--format", fmt, ".")
    for fmt in ("json", "text"):
        assert outputs["1", fmt] == outputs["2", fmt] == outputs["3", fmt]
    report = json.loads(outputs["2", "json"][1])
    assert len(report["files"]) == POOL_MIN_FILES + 4 and [e["path"] for e in report["errors"]] == ["binary.txt"]


def _worker_pid(job):
    return os.getpid()


def test_the_pool_really_runs_in_other_processes(tmp_path, monkeypatch):
    make_site(tmp_path, 4)
    monkeypatch.setattr(pipeline, "_audit_in_worker", _worker_pid)
    jobs = [(path, path.name) for path in sorted(tmp_path.iterdir())]
    pids = list(pipeline._audit_in_pool(Config(no_model=True), jobs, 2))
    assert len(pids) == 4 and os.getpid() not in pids
