"""An alert reaches each subscribed browser through the push service, encrypted for that browser
alone and signed with the site's VAPID key: the stand-in decrypts it with keys only the browser has."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from kabar.alerts import queries, services
from kabar.alerts.channels import webpush
from kabar.alerts.models import Alert, Delivery, DeliveryStatus
from tests import factories

pytestmark = pytest.mark.django_db


def send(article, topics, **options):
    alert, created = services.compose_alert(
        article,
        title=options.pop("title", article.title),
        text=options.pop("text", "Ringkasan singkat."),
        topics=topics,
        idempotency_key=options.pop("key", f"test:{article.pk}:{','.join(topics)}"),
        **options,
    )
    assert created
    return alert, services.send_alert(alert.pk)


def test_each_follower_gets_the_alert_decrypted_with_its_own_keys(push_service, subscribe):
    section = factories.section("Ekonomi")
    article = factories.article("Rupiah menguat tajam", in_section=section, lead_image=factories.image())
    ekonomi = queries.section_topic(section.pk)
    followers = [subscribe([ekonomi]), subscribe([ekonomi, "breaking"]), subscribe(["picks", ekonomi])]
    bystander = subscribe(["picks"])

    alert, report = send(article, [ekonomi], text="Rupiah ditutup di Rp 15.200 per dolar AS.")

    assert (report.status, report.total, report.sent, report.failed, report.expired, report.pending) == (
        "done", 3, 3, 0, 0, 0,
    )  # fmt: skip
    for browser in followers:
        [payload] = push_service.delivered_to(browser)
        assert payload["title"] == "Rupiah menguat tajam"
        assert payload["body"] == "Rupiah ditutup di Rp 15.200 per dolar AS."
        assert payload["tag"] == f"kabar-alert-{alert.pk}"
        url = urlsplit(payload["url"])
        assert url.path == article.dated_path()
        assert parse_qs(url.query) == {
            "utm_source": ["webpush"],
            "utm_medium": ["notification"],
            "utm_campaign": [f"alert-{alert.pk}"],
        }
        # The lead image, as a rendition the phone can fetch from the site.
        assert payload["image"].startswith("http") and "/images/" in payload["image"]
    assert push_service.delivered_to(bystander) == []
    assert set(Delivery.objects.filter(alert=alert).values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_the_vapid_token_and_push_headers_follow_the_rfcs(push_service, subscribe, settings):
    settings.KABAR_VAPID_SUBJECT = "mailto:redaksi@kabar.example"
    article = factories.article("Gempa di Laut Banda")
    browser = subscribe(["breaking"])

    send(article, ["breaking"], is_breaking=True, banner_hours=1)

    [received] = push_service.received
    assert received.token == browser.token
    assert received.claims["aud"] == push_service.url
    assert received.claims["sub"] == "mailto:redaksi@kabar.example"
    assert received.headers["urgency"] == "high"
    assert received.headers["topic"] == "breaking"
    assert int(received.headers["ttl"]) == webpush.TTL_BREAKING
    assert received.payload["breaking"] is True


def test_an_ordinary_alert_is_normal_urgency_with_its_topic(push_service, subscribe):
    article = factories.article("Tim nasional lolos ke final", is_editors_pick=True)
    subscribe(["picks"])

    send(article, ["picks"])

    [received] = push_service.received
    assert received.headers["urgency"] == "normal"
    assert received.headers["topic"] == "picks"
    assert int(received.headers["ttl"]) == webpush.TTL_NORMAL


def test_a_browser_following_several_of_the_topics_gets_the_alert_once(push_service, subscribe):
    section = factories.section("Nasional")
    article = factories.article("Sidang kabinet", in_section=section, is_editors_pick=True)
    browser = subscribe(["breaking", "picks", queries.section_topic(section.pk)])

    _, report = send(article, ["picks", queries.section_topic(section.pk)], is_breaking=True, banner_hours=0)

    assert report.total == 1
    assert len(push_service.delivered_to(browser)) == 1


def test_the_vapid_key_is_made_once_and_kept(push_service):
    first = services.vapid_keys()
    assert services.vapid_keys() == first
    assert push_service.vapid_public_key == first[1]


def test_a_vapid_key_from_the_environment_is_used_instead(push_service, subscribe, settings):
    private, public = webpush.generate_vapid_keys()
    settings.KABAR_VAPID_PRIVATE_KEY = private
    settings.KABAR_VAPID_PUBLIC_KEY = public
    push_service.vapid_public_key = public
    article = factories.article("Kunci dari lingkungan")
    browser = subscribe(["breaking"])

    send(article, ["breaking"])

    assert len(push_service.delivered_to(browser)) == 1
    assert Alert.objects.get().sent == 1
