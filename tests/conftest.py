"""Every test gets its own empty result cache, so no test reads another's reports or
writes to the user's cache folder.  Tests without the real model judge rewrites with a
stand-in judge that follows the whole-sentence gain, as their stand-in scorers are not a
model; the fitted judge (models/judge.json) is for the real model, in the slow tests."""
import json

import pytest

STAND_IN_JUDGE = {
    "cheap": {},
    "full": {family: {"bias": -6.0, "weights": {"delta": 1.0}} for family in ("critic", "idiom", "lexicon", "model", "spin")},
    "min_confidence": {"*": 0.5},
}


@pytest.fixture(scope="session")
def _stand_in_judge(tmp_path_factory):
    path = tmp_path_factory.mktemp("judge") / "judge.json"
    path.write_text(json.dumps(STAND_IN_JUDGE), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _result_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MTAUDIT_RESULT_CACHE", str(tmp_path_factory.mktemp("result-cache")))


@pytest.fixture(autouse=True)
def _judge(request, monkeypatch, _stand_in_judge):
    if request.node.get_closest_marker("slow") is None:
        monkeypatch.setenv("MTAUDIT_JUDGE", str(_stand_in_judge))
