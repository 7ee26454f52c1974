"""Inline suppressions in Markdown, HTML, XLIFF and .po files, the allow list, unused ones."""
import json

import pytest

from mtaudit.cli import main


def audit(capsys, path, *args):
    code = main(["check", "--no-model", "--format", "json", *args, str(path)])
    out, err = capsys.readouterr()
    report = json.loads(out)
    return code, [(f["rule"], f["line"], f["text"]) for f in report["files"][0]["findings"]] if report["files"] else [], err


def test_markdown_next_line(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("<!-- mtaudit-disable-next-line MTA001 -->\nIt was was late , sadly.\n\nIt was was late.\n",
                   encoding="utf-8")
    code, found, _ = audit(capsys, doc)
    # MTA001 is silenced on line 2 only; MTA002 on line 2 is not named.
    assert code == 1 and found == [("MTA002", 2, " ,"), ("MTA001", 4, "was was")]


def test_markdown_region_by_name_and_prefix_and_enable(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text(
        "<!-- mtaudit-disable doubled-word, MTA00 -->\n\nIt was was late , sadly.\n\nThe the end.\n\n"
        "<!-- mtaudit-enable -->\n\nAfter after it.\n",
        encoding="utf-8",
    )
    code, found, _ = audit(capsys, doc)
    assert code == 1 and found == [("MTA001", 9, "After after")]


def test_disable_without_rules_runs_to_the_end(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("It was was late.\n\n<!-- mtaudit-disable -->\n\nThe the end , now.\n", encoding="utf-8")
    assert audit(capsys, doc)[:2] == (1, [("MTA001", 1, "was was")])


def test_directives_shown_in_code_blocks_are_examples(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("```html\n<!-- mtaudit-disable -->\n```\n\nIt was was late.\n", encoding="utf-8")
    assert audit(capsys, doc, "--report-unused-suppressions")[:2] == (1, [("MTA001", 5, "was was")])


def test_html_and_xliff_comments(tmp_path, capsys):
    page = tmp_path / "a.html"
    page.write_text("<p>It was was late.</p>\n<!-- mtaudit-disable-next-line -->\n<p>The the end.</p>\n", encoding="utf-8")
    assert audit(capsys, page)[:2] == (1, [("MTA001", 1, "was was")])
    xlf = tmp_path / "a.xlf"
    xlf.write_text(
        '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="de" target-language="en"><body>\n'
        '<!-- mtaudit-disable-next-line MTA001 -->\n'
        '<trans-unit id="1"><source>Es war spät.</source><target>It was was late.</target></trans-unit>\n'
        '</body></file></xliff>\n', encoding="utf-8")
    assert audit(capsys, xlf)[:2] == (0, [])


def test_po_translator_comment_covers_its_entry(tmp_path, capsys):
    po = tmp_path / "a.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '# mtaudit: ignore[MTA001]\nmsgid "It was late."\nmsgstr "It was was late."\n\n'
        'msgid "The end."\nmsgstr "The the end."\n\n'
        '# mtaudit: ignore\nmsgid "Then, it ended."\nmsgstr "Then then , it ended."\n',
        encoding="utf-8",
    )
    assert audit(capsys, po)[:2] == (1, [("MTA001", 10, "The the")])


def test_allow_list_from_config(tmp_path, capsys, monkeypatch):
    doc = tmp_path / "a.md"
    doc.write_text("We ship Counterfeit  Consciousness as a product name.\n\n"
                   "They sell counterfeit consciousness software.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, found, _ = audit(capsys, "a.md", "--select", "MTA101")
    assert code == 1 and [f[1] for f in found] == [1, 3]
    (tmp_path / "setup.cfg").write_text("[mtaudit]\nallow =\n    Counterfeit Consciousness\n", encoding="utf-8")
    assert audit(capsys, "a.md", "--select", "MTA101")[:2] == (0, [])


def test_allow_list_on_streamed_plain_text(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.txt").write_text("The Duran Duran tour starts soon.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert audit(capsys, "a.txt")[0] == 1
    (tmp_path / "setup.cfg").write_text("[mtaudit]\nallow = duran duran\n", encoding="utf-8")
    assert audit(capsys, "a.txt")[:2] == (0, [])


def test_unused_suppressions_are_reported_on_request(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("<!-- mtaudit-disable-next-line MTA001, MTA101 -->\nIt was was late.\n\n"
                   "<!-- mtaudit-disable-next-line -->\nAll fine here.\n", encoding="utf-8")
    assert audit(capsys, doc)[:2] == (0, [])
    code, found, _ = audit(capsys, doc, "--report-unused-suppressions")
    assert code == 1
    assert found == [("MTA000", 1, "<!-- mtaudit-disable-next-line MTA001, MTA101 -->"),
                     ("MTA000", 4, "<!-- mtaudit-disable-next-line -->")]
    main(["check", "--no-model", "--report-unused-suppressions", str(doc)])
    out = capsys.readouterr().out
    assert "Unused suppression: no finding of MTA101 here" in out and "no finding of any rule here" in out


@pytest.mark.parametrize("setting", ["report-unused-suppressions = true", "allow = x, y"])
def test_new_config_keys_are_known(tmp_path, capsys, monkeypatch, setting):
    (tmp_path / "a.md").write_text("Fine.\n", encoding="utf-8")
    (tmp_path / "setup.cfg").write_text(f"[mtaudit]\n{setting}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-model", "a.md"]) == 0
