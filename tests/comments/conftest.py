from __future__ import annotations

import importlib

import pytest

from kabar.articles.models import ArticlePage
from tests import factories
from tests.comments import factories as comment_factories


@pytest.fixture(autouse=True)
def starter_word_list(request) -> None:
    """The word list the data migration seeds. A transactional (browser) test earlier on the same
    xdist worker ends with a flush, which empties data-migration rows, so put them back."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db")
    from django.apps import apps

    migration = importlib.import_module("kabar.comments.migrations.0002_starter_word_list")
    migration.add_words(apps, None)


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
    """The surrogate keys the comments asked kabar.delivery.purge to purge, in order (passed on to it too)."""
    from kabar.comments import services

    calls: list[list[str]] = []
    real = services.purge_keys

    def spy(keys):
        keys = sorted(keys)
        calls.append(keys)
        real(keys)

    monkeypatch.setattr(services, "purge_keys", spy)
    return calls
