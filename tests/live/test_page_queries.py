"""A report with 2,000 updates renders with the same number of queries as one with 20."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.live import page_support as live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered_every_time(settings):
    """These tests count what rendering costs, so the page cache must not answer for it."""
    settings.KABAR_PAGE_CACHE_ENABLED = False


def queries_to_render(client, url: str) -> int:
    assert client.get(url).status_code == 200  # the first view makes the renditions
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_a_report_of_2000_updates_renders_with_the_queries_of_one_of_20(client):
    writer = factories.person("Budi Santoso")
    small = live.report("Liputan pendek", writers=[writer])
    live.many_updates(small, 20, writer=writer)
    large = live.report("Liputan panjang", writers=[writer])
    live.many_updates(large, 2000, writer=writer)
    for report in (small, large):  # the same kinds of updates on top of each
        live.post(report, "Disematkan.", pinned=True, writer=writer)
        live.post(report, "Peristiwa penting.", headline="Penting", key_event=True, writer=writer)
    assert queries_to_render(client, small.dated_path()) == queries_to_render(client, large.dated_path())


def test_an_older_page_of_a_long_report_costs_what_the_first_does(client):
    report = live.report()
    live.many_updates(report, 2000, writer=factories.person("Rina Wijaya"))
    html = client.get(report.dated_path()).content.decode()
    deep = report.dated_path() + "?sebelum=" + html.split("?sebelum=")[1].split('"')[0]
    first = queries_to_render(client, report.dated_path())
    # The first page also asks for the pinned update; the others look up the update they start after.
    assert queries_to_render(client, deep) == first


def test_the_poll_json_of_a_long_report_costs_what_a_short_ones_does(client):
    small = live.report("Pendek")
    live.many_updates(small, 20)
    large = live.report("Panjang")
    live.many_updates(large, 2000)
    assert queries_to_render(client, f"/live/{small.pk}/updates.json") == queries_to_render(
        client, f"/live/{large.pk}/updates.json"
    )
