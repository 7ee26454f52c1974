"""Re-auditing a buffer: remembered findings match a fresh audit; a stale audit stops."""
import pytest

from mtaudit.api import Auditor
from mtaudit.config import Config
from mtaudit.lsp import audit


def test_remembered_findings_move_with_their_sentence_and_match_a_fresh_audit():
    first = "<p>Caf&eacute; news: it was the the start.</p>\n<p>We discussed about it &amp; more.</p>\n"
    second = "<p>A new first paragraph came in.</p>\n" + first.replace("start", "start again") + "<p>The the end.</p>\n"
    auditor = audit.BufferAuditor(Config(no_model=True))
    auditor.audit_text(first, "a.html", "html")
    before = auditor.fresh_sentences
    got = auditor.audit_text(second, "a.html", "html")
    expected = Auditor(Config(no_model=True)).audit_text(second, "a.html", "html")
    assert got.findings == expected.findings
    assert [f.rule for f in got.findings] == ["MTA001", "MTA301", "MTA001"]
    # the new paragraph, the changed sentence and the new last one; the unchanged one is remembered
    assert auditor.fresh_sentences - before == 3


def test_a_stale_audit_stops():
    auditor = audit.BufferAuditor(Config(no_model=True))
    with pytest.raises(audit.Cancelled), audit.cancellable(lambda: True):
        auditor.audit_text("It was the the end.", "a.txt", "text")
    assert [f.rule for f in auditor.audit_text("It was the the end.", "a.txt", "text").findings] == ["MTA001"]
