"""End-to-end CLI tests through main([...]) on real files (rule-based mode, no model)."""
import json
import subprocess
import sys
from pathlib import Path


from mtaudit import __version__
from mtaudit.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def audit_json(capsys, *args):
    code, out, err = run(capsys, "audit", "--no-model", "--format", "json", *args)
    return code, json.loads(out), err


def test_audit_spun_example_reports_exact_positions(capsys):
    code, report, _ = audit_json(capsys, str(EXAMPLES / "spun_news.md"))
    assert code == 0 and report["schema"] == 1 and report["version"] == __version__
    (file,) = report["files"]
    lines = (EXAMPLES / "spun_news.md").read_text(encoding="utf-8").splitlines()
    by_rule = {}
    for f in file["findings"]:
        by_rule.setdefault(f["rule"], []).append(f["text"])
        # the reported span is exactly the original text at line:column
        if f["line"] == f["end_line"]:
            assert lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] == f["text"]
    assert by_rule["MTA001"] == ["problems problems"]
    assert set(by_rule["MTA003"]) == {"By admin", "Source link", "Leave a Reply"}
    assert "ein einziges Chaos" in by_rule["MTA004"]
    assert " ," in by_rule["MTA002"]
    assert all("the the" not in t for t in sum(by_rule.values(), []))  # code blocks are skipped
    assert file["fluency"] is None and all(s["fluency"] is None for s in file["sentences"])


def test_clean_example_has_no_findings(capsys):
    code, report, _ = audit_json(capsys, str(EXAMPLES / "clean_news.md"))
    assert code == 0 and report["files"][0]["findings"] == []


def test_output_is_deterministic(capsys):
    first = run(capsys, "audit", "--no-model", "--format", "json", str(EXAMPLES))[1]
    second = run(capsys, "audit", "--no-model", "--format", "json", str(EXAMPLES))[1]
    assert first == second


def test_missing_path_is_an_error_but_the_rest_is_audited(capsys, tmp_path):
    code, report, _ = audit_json(capsys, str(tmp_path / "nope.md"), str(EXAMPLES / "clean_news.md"))
    assert code == 0
    assert [e["message"] for e in report["errors"]] == ["no such file or directory"]
    code, report, _ = audit_json(capsys, str(tmp_path / "nope.md"))
    assert code == 2 and report["files"] == []


def test_folder_without_auditable_files(capsys, tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    code, report, _ = audit_json(capsys, str(tmp_path))
    assert code == 2 and "no auditable files" in report["errors"][0]["message"]


def test_bad_files_are_reported_and_never_changed(capsys, tmp_path):
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"abc\0def")
    latin = tmp_path / "b.txt"
    latin.write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    good = tmp_path / "c.txt"
    good.write_text("The results were were published.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (binary, latin, good)}
    code, report, err = audit_json(capsys, str(tmp_path))
    assert code == 0
    assert len(report["errors"]) == 2 and "Traceback" not in err
    assert [f["rule"] for f in report["files"][0]["findings"]] == ["MTA001"]
    assert {p: p.read_bytes() for p in before} == before


def test_text_errors_go_to_stderr(capsys, tmp_path):
    code, out, err = run(capsys, "audit", "--no-model", str(tmp_path / "missing.txt"), str(EXAMPLES / "clean_news.md"))
    assert code == 0 and "missing.txt" in err and "no such file" in err


def test_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("He said hello , then left.\n"))
    code, report, _ = audit_json(capsys, "-")
    assert code == 0 and report["files"][0]["path"] == "<stdin>"
    assert report["files"][0]["findings"][0]["column"] == 14


def test_check_exit_codes(capsys, tmp_path):
    spun = str(EXAMPLES / "spun_news.md")
    assert run(capsys, "check", "--no-model", spun)[0] == 1
    assert run(capsys, "check", "--no-model", "--fail-on", "error", spun)[0] == 0
    assert run(capsys, "check", "--no-model", str(EXAMPLES / "clean_news.md"))[0] == 0
    assert run(capsys, "check", "--no-model", "--select", "MTA999", spun)[0] == 2
    assert run(capsys, "check", "--no-model", "--fail-on", "fatal", spun)[0] == 2
    assert run(capsys, "check", "--no-model", str(tmp_path / "missing.md"))[0] == 2


def test_check_uses_github_format_under_actions(capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run(capsys, "check", "--no-model", str(EXAMPLES / "spun_news.md"))
    assert code == 1 and out.startswith("::warning file=")


def test_select_ignore_and_config(capsys, tmp_path, monkeypatch):
    doc = tmp_path / "a.md"
    doc.write_text("It was was late , sadly.\n", encoding="utf-8")
    code, report, _ = audit_json(capsys, "--select", "MTA001", str(doc))
    assert {f["rule"] for f in report["files"][0]["findings"]} == {"MTA001"}
    (tmp_path / "setup.cfg").write_text("[mtaudit]\nignore = doubled-word\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, report, _ = audit_json(capsys, "a.md")
    assert {f["rule"] for f in report["files"][0]["findings"]} == {"MTA002"}
    assert report["files"][0]["path"] == "a.md"
    (tmp_path / "setup.cfg").write_text("[mtaudit]\nignor = MTA001\n", encoding="utf-8")
    code, out, err = run(capsys, "audit", "--no-model", "a.md")
    assert code == 2 and "unknown key 'ignor'" in err and "Traceback" not in err


def test_exclude(capsys, tmp_path):
    (tmp_path / "keep.md").write_text("It was was late.\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "skip.md").write_text("It was was late.\n", encoding="utf-8")
    code, report, _ = audit_json(capsys, "--exclude", "drafts/", str(tmp_path))
    assert [Path(f["path"]).name for f in report["files"]] == ["keep.md"]


def test_foreign_document_reported_once_and_skipped(capsys, tmp_path):
    doc = tmp_path / "de.md"
    doc.write_text("# Streik im Hafen\n\nDer Streik im Hafen geht in die dritte Woche. Die Regierung "
                   "steht unter Druck, und die Gewerkschaft fordert höhere Löhne für alle Arbeiter.\n", encoding="utf-8")
    code, report, _ = audit_json(capsys, str(doc))
    (file,) = report["files"]
    assert file["language"] == "de"
    assert [f["rule"] for f in file["findings"]] == ["MTA005"]


def test_output_file_and_refusal_to_overwrite_an_input(capsys, tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("It was was late.\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert run(capsys, "audit", "--no-model", "--format", "json", "-o", str(out), str(doc))[0] == 0
    assert json.loads(out.read_text())["files"][0]["findings"][0]["rule"] == "MTA001"
    original = doc.read_bytes()
    code, _, err = run(capsys, "audit", "--no-model", "-o", str(doc), str(doc))
    assert code == 2 and "refusing to overwrite" in err and doc.read_bytes() == original


def test_rules_listing_and_docs(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "MTA001  doubled-word" in out
    code, out, _ = run(capsys, "rules", "MTA001")
    assert code == 0 and "## Example" in out and "blow blow" in out
    assert run(capsys, "rules", "MTA999")[0] == 2


def test_score_with_sacrebleu(capsys, tmp_path):
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    hyp.write_text("the cat sat on the mat\nit is raining today\n", encoding="utf-8")
    ref.write_text("the cat sat on the mat\nit rains today\n", encoding="utf-8")
    code, out, _ = run(capsys, "score", "--hyp", str(hyp), "--ref", str(ref), "--format", "json")
    scores = {s["name"]: s for s in json.loads(out)["scores"]}
    assert code == 0 and set(scores) == {"BLEU", "chrF2", "TER"}
    assert 0 < scores["BLEU"]["score"] < 100 and scores["BLEU"]["signature"].startswith("nrefs:1")
    ref.write_text("only one line\n", encoding="utf-8")
    code, _, err = run(capsys, "score", "--hyp", str(hyp), "--ref", str(ref))
    assert code == 2 and "must align" in err


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "audit")[0] == 2
    assert run(capsys, "audit", "--format", "yaml", "x")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2


def test_version_and_python_m():
    out = subprocess.run([sys.executable, "-m", "mtaudit", "--version"], capture_output=True, text=True, check=True)
    assert __version__ in out.stdout


def test_folder_whose_files_are_all_excluded_says_so(capsys, tmp_path):
    (tmp_path / "a.md").write_text("Fine text.\n", encoding="utf-8")
    code, report, _ = audit_json(capsys, "--exclude", "*.md", str(tmp_path))
    assert code == 2 and "excluded" in report["errors"][0]["message"]


def test_a_no_model_run_says_once_on_stderr_that_the_model_was_off(capsys, tmp_path):
    from mtaudit.cli import NO_MODEL_NOTICE

    spun = str(EXAMPLES / "spun_news.md")
    for command in ("audit", "check"):
        code, out, err = run(capsys, command, "--no-model", spun)
        assert err.count(NO_MODEL_NOTICE) == 1 and NO_MODEL_NOTICE not in out, command
    # Machine-readable reports stay clean on stdout; --quiet drops the notice.
    for fmt in ("json", "sarif"):
        code, out, err = run(capsys, "check", "--no-model", "--format", fmt, spun)
        assert json.loads(out) and err.count(NO_MODEL_NOTICE) == 1
    assert NO_MODEL_NOTICE not in run(capsys, "check", "--no-model", "--quiet", spun)[2]
    assert "--no-model" in NO_MODEL_NOTICE and "MTA201" in NO_MODEL_NOTICE
