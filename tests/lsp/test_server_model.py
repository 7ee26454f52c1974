"""The language server with the real model: rule-based findings first, the model's when it
has loaded (once per server), and an edit re-scores the changed sentence only."""
import pytest

pytest.importorskip("pygls")

from mtaudit.scoring import registry  # noqa: E402
from tests.lsp.client import Client  # noqa: E402
from tests.lsp.test_server import codes, status, write  # noqa: E402

pytestmark = pytest.mark.slow
# written for this test: the model finds it disfluent (MTA201), no rule without the model does
AWKWARD = "Minister yesterday of the finances to journalists promised law new about the taxes."


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A cache folder of its own (fresh score cache, rule docs) that shares the user's models."""
    spec, _ = registry.resolve(None)
    if not registry.is_cached(spec):
        registry.fetch(spec)
    folder = tmp_path_factory.mktemp("cache")
    (folder / "models").symlink_to(registry.cache_root() / "models", target_is_directory=True)
    return folder


def test_rules_first_then_the_model_once_per_server_and_edits_rescore_one_sentence(cache, tmp_path):
    client = Client(["--debounce", "0"], cwd=tmp_path, env={"MTAUDIT_CACHE": str(cache), "MTAUDIT_OFFLINE": "1"})
    try:
        first_text = f"{AWKWARD}\n\nIt was the the end.\n"
        first = write(tmp_path / "storm.md", first_text)
        client.open(first, first_text)
        early = client.diagnostics(first, 1)
        assert codes(early) == ["MTA001"]  # the rule-based pass, before the model is ready
        ready = client.log_message("model ready", timeout=600)
        assert early["_received"] < ready["_received"]
        assert "MTA201" in codes(client.diagnostics(first, 1, timeout=600, where=lambda d: len(d) > 1))
        others = []
        for name in ("harbour", "rail"):
            text = f"The {name} reopened on Monday after repairs. Crowds came to watch the first boats.\n"
            uri = write(tmp_path / f"{name}.md", text)
            client.open(uri, text)
            client.log_message(f"{uri} version 1:", "model pass", timeout=600)
            others.append((uri, text))
        assert status(client)["models"] == 1 and status(client)["documents"] == 3
        before = status(client)["fresh_sentences"]["model"]
        uri, text = others[0]
        client.change(uri, 2, text=text + f"\n{AWKWARD.replace('taxes', 'pensions')}\n")
        client.log_message(f"{uri} version 2:", "model pass", timeout=600)
        assert "MTA201" in codes(client.published(uri)[-1])
        assert status(client)["fresh_sentences"]["model"] == before + 1
    finally:
        assert client.close() == 0
