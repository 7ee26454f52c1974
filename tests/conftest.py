"""Every test gets its own empty result cache, so no test reads another's reports or
writes to the user's cache folder."""
import pytest


@pytest.fixture(autouse=True)
def _result_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MTAUDIT_RESULT_CACHE", str(tmp_path_factory.mktemp("result-cache")))
