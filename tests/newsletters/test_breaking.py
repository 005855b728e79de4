"""Breaking news by e-mail: the alert form's "E-mail the breaking-news list" box, as the alerts app calls it
(through kabar_breaking_news_channels), makes an edition of each breaking-news list and its send reaches
that list's subscribers once, through a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from kabar.core import hooks as kabar_hooks
from kabar.newsletters import sending
from kabar.newsletters.models import Edition, NewsletterList, Subscription
from tests import factories
from tests.newsletters import editions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(editions.NOW, tick=True):
        yield


def email_channel() -> kabar_hooks.BreakingNewsChannel:
    """The box on the alert form, found the way the alerts app finds it: by the hook, not by import."""
    channels = kabar_hooks.collected(kabar_hooks.BREAKING_NEWS_CHANNELS, kabar_hooks.BreakingNewsChannel)
    [channel] = [channel for channel in channels if channel.name == "email"]
    return channel


def breaking_list(slug: str = "breaking", **fields) -> NewsletterList:
    values = {"name": "Kabar Terkini", "kind": NewsletterList.Kind.BREAKING, "sender_email": "terkini@kabar.example"}
    return NewsletterList.objects.create(slug=slug, **{**values, **fields})


def news_about(article) -> kabar_hooks.BreakingNews:
    return kabar_hooks.BreakingNews(
        page_id=article.pk,
        title="Gempa magnitudo 6,1 guncang Maluku",
        body="BMKG: tidak berpotensi tsunami. Warga diminta menjauhi bangunan retak.",
        url=article.full_url,
    )


def test_the_email_box_is_offered_on_the_alert_form():
    # Labelled in the language of the form that asks (the hook is asked per request).
    with translation.override("en"):
        assert str(email_channel().label) == "E-mail the breaking-news list"
    assert str(email_channel().label) == "Kirim e-mail ke pelanggan berita terkini"


def test_breaking_news_reaches_each_breaking_list_subscriber_once(smtp_server):
    letter = breaking_list()
    readers = editions.subscribers(letter, 4)
    digest = editions.newsletter()
    Subscription.objects.create(newsletter=digest, email="pagi-saja@pembaca.example", status="active")
    article = factories.article("Gempa magnitudo 6,1 guncang Maluku")

    [edition] = email_channel().send(news_about(article))
    report = sending.send_edition(edition.pk)

    assert (edition.newsletter, edition.subject) == (letter, "Gempa magnitudo 6,1 guncang Maluku")
    assert (report.status, report.sent) == ("sent", 4)
    assert smtp_server.counts() == {reader.email: 1 for reader in readers}
    message = smtp_server.to(readers[0].email)[0]
    assert message["Subject"] == "Gempa magnitudo 6,1 guncang Maluku"
    text = message.get_body(("plain",)).get_content()
    assert "BMKG: tidak berpotensi tsunami." in text
    html = message.get_body(("html",)).get_content()
    assert "Gempa magnitudo 6,1 guncang Maluku" in html


def test_the_same_story_sent_twice_makes_one_edition(smtp_server):
    breaking_list()
    article = factories.article("Gempa magnitudo 6,1 guncang Maluku")
    channel = email_channel()

    first = channel.send(news_about(article))
    second = channel.send(news_about(article))

    assert (len(first), second) == (1, [])
    assert Edition.objects.count() == 1
    # An hour later the same headline is a new story (an aftershock, a correction) and goes again.
    with time_machine.travel(editions.NOW + dt.timedelta(hours=1, minutes=1), tick=False):
        assert len(channel.send(news_about(article))) == 1


def test_each_active_breaking_list_gets_its_own_edition_and_an_inactive_one_none():
    breaking_list("breaking")
    breaking_list("breaking-jatim", name="Kabar Terkini Jawa Timur")
    breaking_list("breaking-lama", is_active=False)
    article = factories.article()

    made = email_channel().send(news_about(article))

    assert sorted(edition.newsletter.slug for edition in made) == ["breaking", "breaking-jatim"]
    # Queued at once, with no editor: none waits as a draft (the worker may already have started it).
    assert not any(edition.status == Edition.Status.DRAFT for edition in made)


def test_a_story_that_is_not_an_article_is_mailed_as_a_link(smtp_server):
    letter = breaking_list()
    [reader] = editions.subscribers(letter, 1)
    news = kabar_hooks.BreakingNews(
        page_id=987654, title="Laporan langsung: banjir Jakarta", body="Air naik di Kampung Melayu.",
        url="https://kabar.example/langsung/banjir-jakarta/",
    )  # fmt: skip

    [edition] = email_channel().send(news)
    sending.send_edition(edition.pk)

    html = smtp_server.to(reader.email)[0].get_body(("html",)).get_content()
    assert "Read the full story" in html or "Baca selengkapnya" in html
