from __future__ import annotations

import pytest

from kabar.articles.models import ArticlePage
from tests import factories
from tests.comments import factories as comment_factories


@pytest.fixture
def article(db) -> ArticlePage:
    return factories.article("Harga beras naik menjelang Lebaran")


@pytest.fixture
def reader(db):
    return comment_factories.reader("sari", first_name="Sari", last_name="Wulandari")


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def purged(monkeypatch):
    """The surrogate keys the comments asked kabar.core.purge to purge, in order (passed on to it too)."""
    from kabar.comments import services

    calls: list[list[str]] = []
    real = services.purge_keys

    def spy(keys):
        keys = sorted(keys)
        calls.append(keys)
        real(keys)

    monkeypatch.setattr(services, "purge_keys", spy)
    return calls
