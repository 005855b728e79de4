from __future__ import annotations

import pytest
from django.test import Client

from tests.caching.standins import StandIn


@pytest.fixture
def stand_in():
    """A loopback HTTP server that records requests; see standins.py."""
    server = StandIn().start()
    yield server
    server.stop()


@pytest.fixture
def lenient_client():
    """A client that hands back the 500 page instead of re-raising the view's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture(scope="session")
def seeded_data_dir(tmp_path_factory):
    """A data directory migrated and seeded once per session; each site runs on a copy of it."""
    from tests.caching.servers import seed

    data_dir = tmp_path_factory.mktemp("seeded") / "data"
    articles = seed(data_dir)
    return data_dir, articles
