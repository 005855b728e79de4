import pytest

from kabar.articles import services


@pytest.fixture(autouse=True)
def _no_pending_page_views():
    """Views counted in memory by one test must not be written during the next."""
    services._pending_views.clear()
    yield
    services._pending_views.clear()
