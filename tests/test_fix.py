"""`mtaudit fix`: exact spans only, bytes elsewhere untouched, atomic and careful writes."""
import os
import stat

import pytest

from mtaudit import fix as fixing
from mtaudit.cli import main
from mtaudit.config import Config
from mtaudit import Auditor


def run(capsys, *args):
    code = main(["fix", "--no-model", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_is_the_default_off_a_terminal(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("# Title\n\nIt was was late , sadly.\n", encoding="utf-8")
    before = doc.read_bytes()
    code, out, err = run(capsys, str(doc))
    assert code == 1 and doc.read_bytes() == before
    assert "-It was was late , sadly.\n+It was late, sadly.\n" in out and out.startswith("--- a/")
    assert "2 fixes in 1 file (dry run" in err
    assert run(capsys, "--dry-run", str(doc))[:2] == (code, out)


def test_write_applies_the_first_suggestions_and_a_second_run_has_nothing_left(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("# Title\n\nIt was was late , sadly.\n", encoding="utf-8")
    code, out, err = run(capsys, "--write", str(doc))
    assert code == 0 and out == "" and "fixed 2 findings in 1 file" in err
    assert doc.read_text(encoding="utf-8") == "# Title\n\nIt was late, sadly.\n"
    assert run(capsys, str(doc))[:2] == (0, "")


@pytest.mark.parametrize("bom, newline, final", [
    (b"", b"\n", b"\n"), (b"\xef\xbb\xbf", b"\r\n", b""), (b"", b"\r\n", b"\r\n"), (b"\xef\xbb\xbf", b"\n", b"\n\n"),
])
def test_bytes_outside_the_fixed_spans_are_identical(tmp_path, capsys, bom, newline, final):
    lines = ["# Café  notes", "", "It was was late.\t Tabs  and  spaces stay.", "", "```", "the the code", "```",
             "", "Ünïcode 😀 then then more."]
    original = bom + newline.join(line.encode("utf-8") for line in lines) + final
    doc = tmp_path / "a.md"
    doc.write_bytes(original)
    assert run(capsys, "--write", str(doc))[0] == 0
    expected = original.replace(b"was was", b"was", 1).replace(b"then then", b"then", 1)
    assert doc.read_bytes() == expected


def test_code_markup_and_escapes_are_never_touched(tmp_path, capsys):
    doc = tmp_path / "a.md"
    text = ("Read [the](https://x.org) the guide.\n\nRun `make make` now.\n\n```\nthe the\n```\n\n"
            "    indented the the code\n\n<p>html html block</p>\n\nThen then &amp; fine.\n")
    doc.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "--write", "-v", str(doc))
    assert code == 0 and doc.read_text(encoding="utf-8") == text.replace("Then then", "Then")
    assert "not plain prose" in err  # "the](https://x.org) the" crosses a link


def test_html_entities_and_latin1_bytes_are_kept(tmp_path, capsys):
    page = tmp_path / "a.html"
    original = ('<meta charset="iso-8859-1"><p>Caf\xe9 &amp; bar bar, ol\xe9.</p>\n<pre>the the</pre>\n').encode("latin-1")
    page.write_bytes(original)
    assert run(capsys, "--write", str(page))[0] == 0
    assert page.read_bytes() == original.replace(b"bar bar", b"bar")


def test_po_strings_are_fixed_inside_their_quotes(tmp_path, capsys):
    po = tmp_path / "a.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "It was late and then.\\n"\nmsgstr ""\n"It was was late "\n"and and then.\\n"\n',
                  encoding="utf-8")
    assert run(capsys, "--write", str(po))[0] == 0
    assert po.read_text(encoding="utf-8").endswith('msgstr ""\n"It was late "\n"and then.\\n"\n')


def test_escaping_per_format():
    assert fixing._escape('a "b" \\ c', "po") == 'a \\"b\\" \\\\ c'
    assert fixing._escape("a < b & c", "html") == "a &lt; b &amp; c"
    assert fixing._escape("a *b*", "markdown") is None
    assert fixing._escape("two\nlines", "text") is None


def test_rule_and_min_confidence_filters(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("It was was late , sadly.\n", encoding="utf-8")
    assert run(capsys, "--write", "--rule", "MTA002", str(doc))[0] == 0
    assert doc.read_text(encoding="utf-8") == "It was was late, sadly.\n"
    assert run(capsys, "--write", "--min-confidence", "1", str(doc))[0] == 0  # MTA001 is 0.9 confident
    assert doc.read_text(encoding="utf-8") == "It was was late, sadly.\n"


def test_permissions_and_symlinks_are_kept(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("It was was late.\n", encoding="utf-8")
    doc.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(doc)
    assert run(capsys, "--write", str(link))[0] == 0
    assert link.is_symlink() and doc.read_text(encoding="utf-8") == "It was late.\n"
    assert stat.S_IMODE(doc.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "link.md"]  # no temp file left


def test_a_file_changed_after_it_was_read_is_refused(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("It was was late.\n", encoding="utf-8")
    plan, document = fixing.read_for_fix(doc, "a.md", None, "en")
    findings = Auditor(Config(no_model=True)).audit_document(document).findings
    fixing.plan_fixes(plan, document, findings, 0.0)
    assert len(plan.edits) == 1
    doc.write_text("Someone else's edit.\n", encoding="utf-8")
    with pytest.raises(fixing.FileChangedError):
        fixing.apply(plan)
    assert doc.read_text(encoding="utf-8") == "Someone else's edit.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_unreadable_files_and_stdin_exit_2(tmp_path, capsys):
    good = tmp_path / "b.md"
    good.write_text("It was was late.\n", encoding="utf-8")
    code, _, err = run(capsys, "--write", str(tmp_path / "missing.md"), str(good))
    assert code == 2 and "no such file" in err and "Traceback" not in err
    assert good.read_text(encoding="utf-8") == "It was late.\n"  # the other file was still fixed
    assert run(capsys, "-")[0] == 2


def test_a_failed_write_leaves_the_file_and_no_temp_file(tmp_path, capsys, monkeypatch):
    doc = tmp_path / "a.md"
    doc.write_text("It was was late.\n", encoding="utf-8")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    code, _, err = run(capsys, "--write", str(doc))
    assert code == 2 and "No space left on device" in err and "Traceback" not in err
    assert doc.read_text(encoding="utf-8") == "It was was late.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
