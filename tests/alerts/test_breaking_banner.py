"""A breaking alert puts a banner on the site while it lasts. Public pages are cached whole, so the
banner appearing on, and leaving, pages read before the change shows that starting and ending it
purged them (surrogate key "site")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kabar.alerts import services
from kabar.alerts.models import Alert
from tests import factories
from tests.parsing import html

pytestmark = pytest.mark.django_db


def banner(client, url: str = "/") -> list:
    return html(client.get(url)).find_all("div", cls="breaking-banner")


def breaking(article, hours: int = 2, key: str = "b") -> Alert:
    alert, _ = services.compose_alert(
        article, title="Gempa M6,1 guncang Maluku", text="", topics=["breaking"], is_breaking=True,
        banner_hours=hours, idempotency_key=key, enqueue=False,
    )  # fmt: skip
    return alert


def test_the_banner_shows_while_the_breaking_alert_lasts_then_goes(client, django_capture_on_commit_callbacks):
    article = factories.article("Gempa M6,1 guncang Maluku")
    other = factories.article("Harga emas")
    assert banner(client) == [] and banner(client, other.dated_path()) == []

    with django_capture_on_commit_callbacks(execute=True):
        alert = breaking(article)

    for url in ["/", other.dated_path()]:
        [shown] = banner(client, url)
        assert "Gempa M6,1 guncang Maluku" in shown.text
        assert shown.find_all("a")[0].attrs["href"] == article.dated_path()

    Alert.objects.filter(pk=alert.pk).update(banner_until=timezone.now() - dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.end_breaking_banners() == 1
    assert banner(client) == [] and banner(client, other.dated_path()) == []
    assert services.end_breaking_banners() == 0


def test_an_ordinary_alert_or_a_waiting_one_shows_no_banner(client):
    services.compose_alert(
        factories.article("Belum terbit", published=False), title="Belum terbit", text="", topics=["breaking"],
        is_breaking=True, banner_hours=2, idempotency_key="w", send_when_published=True,
    )  # fmt: skip
    services.compose_alert(
        factories.article("Biasa"), title="Biasa", text="", topics=["picks"], idempotency_key="n", enqueue=False
    )

    assert banner(client) == []


def test_stopping_a_breaking_alert_takes_the_banner_down(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alert = breaking(factories.article("Salah kirim"))
    assert banner(client)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_alert(alert)

    assert banner(client) == []
