"""The demo's live reports: one running, one finished, seeded once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabar.core.timefmt import site_zone
from kabar.demo.live import FLOOD, QUAKE, seed_live_reports
from kabar.demo.services import SeedReport
from kabar.live.models import LiveReportPage, LiveUpdate
from tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=site_zone())


def test_the_demo_has_one_running_and_one_finished_live_report():
    factories.section("Megapolitan")
    factories.section("Global")
    for name in ("Dimas Pratama", "Sari Wulandari", "Rizky Hidayat"):
        factories.person(name)
    factories.staff("redaktur", "Redaktur")
    report = SeedReport()
    with time_machine.travel(NOW, tick=False):
        seed_live_reports(report, now=NOW)
        seed_live_reports(SeedReport(), now=NOW)  # a second run adds nothing
    assert report.created["live_reports"] == 2
    flood = LiveReportPage.objects.get(slug=FLOOD.slug)
    quake = LiveReportPage.objects.get(slug=QUAKE.slug)
    assert flood.live_status == "live" and flood.coverage_ended_at is None
    assert quake.live_status == "ended"
    assert quake.coverage_ended_at == quake.coverage_started_at + dt.timedelta(minutes=QUAKE.ended_after_minutes)
    assert flood.published_at == NOW - dt.timedelta(hours=FLOOD.started_hours_ago)
    for page, story in ((flood, FLOOD), (quake, QUAKE)):
        updates = LiveUpdate.objects.filter(report=page, status=LiveUpdate.Status.PUBLISHED)
        assert 15 <= updates.count() == len(story.updates) <= 30
        assert updates.filter(is_pinned=True).count() == 1
        assert updates.filter(is_key_event=True).exclude(headline="").count() >= 3
        assert updates.exclude(writer=None).count() == updates.count()
        times = list(updates.order_by("published_at").values_list("published_at", flat=True))
        assert times[0] == page.coverage_started_at and times[-1] < NOW
