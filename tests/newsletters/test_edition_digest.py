"""The daily digest with no editor: at each daily list's send time (WIB) the clock makes that day's
edition from the last 24 hours and sends it, once a day however often it runs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabar.newsletters import services
from kabar.newsletters.models import Edition, NewsletterList
from tests.newsletters import editions

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))


def test_the_daily_digest_is_made_and_sent_once_at_its_send_time(smtp_server, django_capture_on_commit_callbacks):
    letter = editions.newsletter(send_time=dt.time(6, 0))
    readers = editions.subscribers(letter, 3)
    with time_machine.travel(dt.datetime(2026, 12, 7, 5, 0, tzinfo=WIB), tick=False):
        editions.articles(3)

    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(dt.datetime(2026, 12, 7, 5, 59, tzinfo=WIB), tick=True):
            assert services.make_daily_digests() == []
        with time_machine.travel(dt.datetime(2026, 12, 7, 6, 0, tzinfo=WIB), tick=True):
            [made] = services.make_daily_digests()
        with time_machine.travel(dt.datetime(2026, 12, 7, 6, 1, tzinfo=WIB), tick=True):
            assert services.make_daily_digests() == []

    made.refresh_from_db()
    assert made.subject == "Kabar Pagi, 7 Desember 2026"
    assert made.status == Edition.Status.SENT and made.digest_date == dt.date(2026, 12, 7)
    assert smtp_server.counts() == {r.email: 1 for r in readers}
    [message] = smtp_server.to(readers[0].email)
    text = message.get_body(("plain",)).get_content()
    for n in (1, 2, 3):
        assert f"Berita nomor {n}" in text


def test_a_digest_missed_by_hours_is_skipped_and_inactive_or_weekly_lists_get_none(smtp_server):
    editions.newsletter(send_time=dt.time(6, 0))
    editions.newsletter(slug="mati", name="Mati", send_time=dt.time(6, 0), is_active=False)
    editions.newsletter(
        slug="pekan", name="Pekanan", send_time=dt.time(6, 0), frequency=NewsletterList.Frequency.WEEKLY
    )
    with time_machine.travel(dt.datetime(2026, 12, 7, 20, 0, tzinfo=WIB), tick=False):
        assert services.make_daily_digests() == []
    with time_machine.travel(dt.datetime(2026, 12, 8, 6, 30, tzinfo=WIB), tick=False):
        made = services.make_daily_digests()
    assert [edition.newsletter.slug for edition in made] == ["kabar-pagi"]
    assert Edition.objects.count() == 1
