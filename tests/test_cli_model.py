"""The CLI with the real model (fetched once into the user cache, or $MTAUDIT_CACHE)."""
import json
from pathlib import Path

import pytest

from mtaudit.cli import main
from tests.scoring.helpers import shared_scorer

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def model_is_cached():
    shared_scorer()  # fetches once, so the CLI below loads from the cache


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_audit_fills_fluency_and_signature(capsys):
    code, out, _ = run(capsys, "audit", "--offline", "--format", "json", str(EXAMPLES))
    report = json.loads(out)
    assert code == 0 and report["model"].startswith("model:SmolLM2-135M-Instruct|")
    clean, spun = report["files"]
    assert all(s["fluency"] is not None for f in (clean, spun) for s in f["sentences"])
    # the spun page reads worse than the same story written cleanly
    assert spun["fluency"] < clean["fluency"] - 5
    rules = {f["rule"] for f in spun["findings"]}
    assert {"MTA101", "MTA102", "MTA201"} <= rules
    # the idiom rule judges no rewrite before the untranslated German fragment (MTA004's)
    german = next(f["line"] for f in spun["findings"] if f["rule"] == "MTA004")
    assert [f["text"] for f in spun["findings"] if f["line"] == german and f["rule"] != "MTA004"] == []


def test_check_min_fluency(capsys):
    clean = str(EXAMPLES / "clean_news.md")
    assert run(capsys, "check", "--offline", "--min-fluency", "95", clean)[0] == 1
    assert run(capsys, "check", "--offline", "--min-fluency", "20", clean)[0] == 0


def test_offline_without_a_cached_model_says_what_to_run(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE", str(tmp_path))
    code, _, err = run(capsys, "audit", "--offline", str(EXAMPLES / "clean_news.md"))
    assert code == 2 and "mtaudit models fetch" in err and "Traceback" not in err
