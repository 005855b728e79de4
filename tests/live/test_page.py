"""The live report's page as a reader gets it: status, key points, pinned update, the stream, paging."""

from __future__ import annotations

import pytest

from tests.live import page_support as live

pytestmark = pytest.mark.django_db


def test_a_running_report_shows_its_updates_newest_first(client):
    report = live.report()
    live.post(report, "Pertama.")
    live.post(report, "Kedua.")
    response = client.get(report.dated_path())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Kedua.") < html.index("Pertama.")
