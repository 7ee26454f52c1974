import threading

import pytest

pytest.importorskip("pygls")

from mtaudit.lsp.server import Worker  # noqa: E402


def test_worker_is_idle_only_when_no_job_is_queued_or_running():
    worker = Worker("test-worker")
    assert worker.idle.is_set()
    release, order = threading.Event(), []
    worker.submit(lambda: (release.wait(5), order.append("first")))
    worker.submit(lambda: order.append("second"))
    assert not worker.idle.is_set()
    assert not worker.idle.wait(0.1)  # the first job is still running
    release.set()
    assert worker.idle.wait(5)
    assert order == ["first", "second"]
