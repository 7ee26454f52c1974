import pytest

from tests.scoring.helpers import shared_scorer


@pytest.fixture(scope="session")
def scorer():
    return shared_scorer()
