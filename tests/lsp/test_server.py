"""End to end: the real `mtaudit lsp` process, spoken to over stdio (and TCP) as an editor would.

These run without the model (``--no-model``); tests/lsp/test_server_model.py has the model's.
"""
import socket
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytest.importorskip("pygls")

from mtaudit.api import Auditor  # noqa: E402
from mtaudit.cli import main  # noqa: E402
from mtaudit.config import Config  # noqa: E402
from tests.lsp.client import Client, apply_workspace_edit, units  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    client = Client(["--no-model", "--debounce", "50"], cwd=tmp_path_factory.mktemp("cwd"),
                    env={"MTAUDIT_CACHE": str(tmp_path_factory.mktemp("cache"))})
    yield client
    assert client.close() == 0


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.as_uri()


def codes(message: dict) -> list:
    return sorted(d["code"] for d in message["params"]["diagnostics"])


def status(client: Client) -> dict:
    return client.request("workspace/executeCommand", {"command": "mtaudit.status", "arguments": []})


def action(actions: list, starts: str) -> dict:
    return next(a for a in actions if a["title"].startswith(starts))


def test_open_publishes_the_findings_of_check_with_codes_ranges_and_rule_docs(server, tmp_path):
    text = "# Rail news\n\nWe discussed about it at length. The the trains were late again.\n"
    uri = write(tmp_path / "news.md", text)
    server.open(uri, text)
    diagnostics = server.diagnostics(uri, 1)["params"]["diagnostics"]
    expected = Auditor(Config(no_model=True)).audit_file(tmp_path / "news.md").findings
    assert [(d["code"], d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1,
             d["range"]["end"]["character"] + 1) for d in diagnostics] == [
        (f.rule, f.location.line, f.location.column, f.location.end_column) for f in expected]
    doubled = next(d for d in diagnostics if d["code"] == "MTA001")
    assert doubled["range"] == {"start": {"line": 2, "character": 33}, "end": {"line": 2, "character": 40}}
    assert doubled["severity"] == 2 and doubled["source"] == "mtaudit"
    assert doubled["data"]["suggestions"] == ["The"]
    doc = Path(unquote(urlparse(doubled["codeDescription"]["href"]).path)).read_text(encoding="utf-8")
    assert doc.startswith("# MTA001 doubled-word (warning)") and "## What it does" in doc


def test_a_change_is_audited_and_only_the_changed_sentence_goes_through_the_rules(server, tmp_path):
    lines = [f"Paragraph {i} says that the harbour of town {i} was busy all week." for i in range(40)]
    text = "\n\n".join(lines) + "\n"
    uri = write(tmp_path / "long.md", text)
    server.open(uri, text)
    assert server.diagnostics(uri, 1)["params"]["diagnostics"] == []
    before = status(server)["fresh_sentences"]["rules"]
    # Line 40 (0-based) is paragraph 20: "says" becomes "says says".
    start = len("Paragraph 20 ")
    server.change(uri, 2, edits=[{"range": {"start": {"line": 40, "character": start},
                                            "end": {"line": 40, "character": start}}, "text": "says "}])
    (doubled,) = server.diagnostics(uri, 2)["params"]["diagnostics"]
    assert doubled["code"] == "MTA001"
    assert doubled["range"]["start"] == {"line": 40, "character": start}
    assert status(server)["fresh_sentences"]["rules"] == before + 1


def test_applying_the_quick_fix_gives_the_corrected_text(server, tmp_path):
    text = "The the report was published on Monday.\n"
    uri = write(tmp_path / "report.txt", text)
    server.open(uri, text, language_id="plaintext")
    (diagnostic,) = server.diagnostics(uri, 1)["params"]["diagnostics"]
    actions = server.code_actions(uri, diagnostic)
    fix = action(actions, "Replace 'The the' with 'The'")
    assert fix["isPreferred"] and fix["kind"] == "quickfix"
    assert fix["edit"]["documentChanges"][0]["textDocument"] == {"uri": uri, "version": 1}
    fixed = apply_workspace_edit(text, uri, fix["edit"])
    assert fixed == "The report was published on Monday.\n"
    assert not [a for a in actions if a["title"].startswith("Suppress")]  # plain text has no comments
    server.change(uri, 2, text=fixed)
    assert server.diagnostics(uri, 2)["params"]["diagnostics"] == []


def test_a_deletion_suggestion_deletes_the_span(server, tmp_path):
    text = "# Title\n\nThe rail operator apologised.\n\nBy admin\n"
    uri = write(tmp_path / "spun.md", text)
    server.open(uri, text)
    (diagnostic,) = server.diagnostics(uri, 1)["params"]["diagnostics"]
    fix = action(server.code_actions(uri, diagnostic), "Delete 'By admin'")
    assert apply_workspace_edit(text, uri, fix["edit"]) == "# Title\n\nThe rail operator apologised.\n\n\n"


def test_suppressions_in_the_document_and_the_suppress_action(server, tmp_path):
    text = ("<!-- mtaudit-disable-next-line MTA301 -->\nWe discussed about it.\n\n"
            "A first line of the paragraph\nends with the the second line.\n")
    uri = write(tmp_path / "notes.md", text)
    server.open(uri, text)
    (diagnostic,) = server.diagnostics(uri, 1)["params"]["diagnostics"]
    assert diagnostic["code"] == "MTA001"
    suppress = action(server.code_actions(uri, diagnostic), "Suppress MTA001 on this line")
    silenced = apply_workspace_edit(text, uri, suppress["edit"])
    assert silenced == text.replace("of the paragraph\n", "of the paragraph <!-- mtaudit-disable-next-line MTA001 -->\n")
    server.change(uri, 2, text=silenced)
    assert server.diagnostics(uri, 2)["params"]["diagnostics"] == []


def test_the_nearest_settings_file_is_honoured(server, tmp_path):
    text = "We discussed about it. It was the the end.\n"
    write(tmp_path / "project" / "setup.cfg", "[mtaudit]\nignore = MTA301\nexclude = drafts/**\n")
    configured = write(tmp_path / "project" / "docs" / "a.md", text)
    excluded = write(tmp_path / "project" / "drafts" / "b.md", text)
    elsewhere = write(tmp_path / "other" / "c.md", text)
    write(tmp_path / "broken" / "pyproject.toml", "[tool.mtaudit]\nselct = ['MTA0']\n")
    broken = write(tmp_path / "broken" / "d.md", text)
    for uri in (configured, excluded, elsewhere, broken):
        server.open(uri, text)
    assert codes(server.diagnostics(configured, 1)) == ["MTA001"]
    assert codes(server.diagnostics(excluded, 1)) == []
    assert codes(server.diagnostics(elsewhere, 1)) == ["MTA001", "MTA301"]
    (problem,) = server.diagnostics(broken, 1)["params"]["diagnostics"]
    assert "unknown key 'selct'" in problem["message"] and problem["severity"] == 1


def test_a_document_in_another_language_gets_one_note(server, tmp_path):
    text = ("Die Regierung hat am Dienstag neue Regeln beschlossen. Sie gelten ab dem ersten Januar "
            "für alle Bürger im ganzen Land, und die die Opposition kritisiert sie.\n")
    uri = write(tmp_path / "de.md", text)
    server.open(uri, text)
    (note,) = server.diagnostics(uri, 1)["params"]["diagnostics"]
    assert note["code"] == "MTA005" and note["severity"] == 3
    assert note["range"]["start"] == {"line": 0, "character": 0}


def test_bad_input_gives_a_diagnostic_and_the_server_goes_on(server, tmp_path):
    binary = write(tmp_path / "blob.txt", "")
    server.open(binary, "GIF89a\0\0\x01\x02 the the", language_id="plaintext")
    (problem,) = server.diagnostics(binary, 1)["params"]["diagnostics"]
    assert "binary" in problem["message"] and problem["severity"] == 1
    po = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "x"\nmsgstr "unterminated\n'
    broken = write(tmp_path / "broken.po", po)
    server.open(broken, po, language_id="po")
    (problem,) = server.diagnostics(broken, 1)["params"]["diagnostics"]
    assert "broken .po file" in problem["message"] and problem["range"]["start"]["line"] == 5
    xliff = '<?xml version="1.0"?><xliff version="1.2"><file><body><trans-unit id="1"><source>a'
    bad_xml = write(tmp_path / "bad.xlf", xliff)
    server.open(bad_xml, xliff, language_id="xml")
    (problem,) = server.diagnostics(bad_xml, 1)["params"]["diagnostics"]
    assert "not well-formed" in problem["message"]
    good = write(tmp_path / "fine.txt", "It was the the end.\n")
    server.open(good, "It was the the end.\n", language_id="plaintext")
    assert codes(server.diagnostics(good, 1)) == ["MTA001"]
    assert server.process.poll() is None


def test_po_and_html_buffers(server, tmp_path):
    po = ('msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: de\\n"\n\n'
          '#: app.c:1\nmsgid "Speichern Sie %s Dateien"\nmsgstr "Save the the files"\n')
    uri = write(tmp_path / "en.po", po)
    server.open(uri, po, language_id="po")
    assert codes(server.diagnostics(uri, 1)) == ["MTA001", "MTA401"]
    html = "<html><body><script>the the</script><p>It was the the end.</p></body></html>\n"
    page = write(tmp_path / "page.html", html)
    server.open(page, html, language_id="html")
    (doubled,) = server.diagnostics(page, 1)["params"]["diagnostics"]
    assert doubled["range"]["start"] == {"line": 0, "character": html.index("the the end")}


def test_rapid_changes_are_audited_once_after_the_pause(server, tmp_path):
    text = "It was fine.\n"
    uri = write(tmp_path / "typing.txt", text)
    server.open(uri, text, language_id="plaintext")
    server.diagnostics(uri, 1)
    for version, typed in enumerate(["It was the", "It was the the", "It was the the e", "It was the the en",
                                     "It was the the end."], start=2):
        server.change(uri, version, text=typed + "\n")
    assert codes(server.diagnostics(uri, 6)) == ["MTA001"]
    assert [m["params"]["version"] for m in server.published(uri)] == [1, 6]


def test_utf16_ranges_and_edits_with_emoji_and_combining_characters(server, tmp_path):
    text = "# 😀 Café\n\nLe cafe\u0301 😀😀 was the the best in town.\n"
    uri = write(tmp_path / "emoji.md", text)
    server.open(uri, text)
    (diagnostic,) = server.diagnostics(uri, 1)["params"]["diagnostics"]
    line = text.splitlines()[2]
    assert diagnostic["range"]["start"]["character"] == units(line[: line.index("the the")])
    assert diagnostic["range"]["end"]["character"] == units(line[: line.index(" best")])
    fix = action(server.code_actions(uri, diagnostic), "Replace")
    assert apply_workspace_edit(text, uri, fix["edit"]) == text.replace("the the", "the")


def test_add_to_baseline_hides_the_finding_as_check_does(server, tmp_path, capsys):
    project = tmp_path / "site"
    write(project / "setup.cfg", "[mtaudit]\nselect = MTA0, MTA3\n")
    text = "It was the the end.\n\nWe discussed about it.\n"
    uri = write(project / "page.md", text)
    server.open(uri, text)
    diagnostics = server.diagnostics(uri, 1)["params"]["diagnostics"]
    assert sorted(d["code"] for d in diagnostics) == ["MTA001", "MTA301"]
    doubled = next(d for d in diagnostics if d["code"] == "MTA001")
    command = action(server.code_actions(uri, doubled), "Add this MTA001 finding to the baseline")["command"]
    after = len(server.seen)
    result = server.request("workspace/executeCommand", {"command": command["command"], "arguments": command["arguments"]})
    assert Path(result) == project / ".mtaudit-baseline.json"
    assert codes(server.diagnostics(uri, 1, after=after)) == ["MTA301"]
    assert main(["check", "--no-model", "--format", "json", "--baseline", result, str(project / "page.md")]) == 1
    assert '"MTA001"' not in capsys.readouterr().out


def test_close_clears_the_diagnostics(server, tmp_path):
    uri = write(tmp_path / "closed.txt", "The the end.\n")
    server.open(uri, "The the end.\n", language_id="plaintext")
    server.diagnostics(uri, 1)
    after = len(server.seen)
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert server.diagnostics(uri, after=after)["params"]["diagnostics"] == []


def test_unsaved_buffers_are_audited_by_language(server):
    server.open("untitled:Untitled-1", "It was the the end.\n", language_id="markdown")
    assert codes(server.diagnostics("untitled:Untitled-1", 1)) == ["MTA001"]
    server.open("untitled:Untitled-2", '{"a": "the the"}', language_id="json")
    assert server.diagnostics("untitled:Untitled-2", 1)["params"]["diagnostics"] == []


def test_a_5000_line_file_is_audited_without_blocking_and_a_newer_version_cancels_an_older(tmp_path):
    client = Client(["--no-model", "--debounce", "0"], cwd=tmp_path, env={"MTAUDIT_CACHE": str(tmp_path / "cache")})
    try:
        paragraphs = [f"Line {i} of the report notes that the depot in district {i} opened late.\n"
                      f"Line {i} adds that trains ran again by noon in district {i}.\n" for i in range(1667)]
        text = "\n".join(paragraphs) + "The last line has the the doubled word.\n"
        assert text.count("\n") == 5001
        uri = write(tmp_path / "big.md", text)
        client.open(uri, text)
        status(client)  # answered while the big file is being audited
        answered = len(client.seen)
        (doubled,) = client.diagnostics(uri, 1, timeout=300)["params"]["diagnostics"]
        assert not [m for m in client.seen[:answered] if m.get("method") == "textDocument/publishDiagnostics"]
        assert doubled["range"]["start"] == {"line": 5000, "character": 18}
        audited = status(client)["fresh_sentences"]["rules"]
        assert audited >= 3334
        # Version 2 changes every sentence; version 3 replaces it soon after: the audit of 2 stops.
        client.change(uri, 2, text=text.replace("the depot", "a depot"))
        time.sleep(0.1)  # the audit of 2 under way; a fast machine can finish it within 0.5 s
        client.change(uri, 3, text="Short now, with the the slip.\n")
        assert codes(client.diagnostics(uri, 3, timeout=300)) == ["MTA001"]
        assert [m["params"]["version"] for m in client.published(uri)] == [1, 3]
        assert status(client)["fresh_sentences"]["rules"] - audited < 1667
    finally:
        assert client.close() == 0


def test_tcp_and_utf8_positions(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = Client(["--no-model"], cwd=tmp_path, env={"MTAUDIT_CACHE": str(tmp_path / "cache")}, tcp=port,
                    encodings=["utf-8", "utf-16"])
    try:
        assert client.initialize_result["capabilities"]["positionEncoding"] == "utf-8"
        text = "Déjà vu: it was the the end.\n"
        uri = write(tmp_path / "a.txt", text)
        client.open(uri, text, language_id="plaintext")
        diagnostics = client.diagnostics(uri, 1)["params"]["diagnostics"]
        (diagnostic,) = [d for d in diagnostics if d["code"] == "MTA001"]
        assert diagnostic["range"]["start"]["character"] == len(text[: text.index("the the")].encode("utf-8"))
    finally:
        client.close()
