"""Breaking-news channels (kabar_breaking_news_channels): one box each on "Kirim notifikasi"; a ticked one gets
the news once, after the claim to send the alert commits, however often the worker's send is run again.

The channel is registered in the test itself (newsletters registers the real one)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from kabar.alerts import services
from kabar.alerts.models import Alert
from kabar.articles import services as article_services
from kabar.core import hooks as kabar_hooks
from tests import factories
from tests.alerts.test_sending_from_the_admin import form_data
from tests.parsing import html

pytestmark = pytest.mark.django_db


@dataclass
class Mailer:
    name: str = "pigeon_post"
    label: str = "Also by carrier pigeon to the regional desks"
    fail: bool = False
    sent: list[kabar_hooks.BreakingNews] = field(default_factory=list)

    def send(self, news: kabar_hooks.BreakingNews) -> None:
        if self.fail:
            raise RuntimeError("the mail provider is down")
        self.sent.append(news)

    def channel(self) -> kabar_hooks.BreakingNewsChannel:
        return kabar_hooks.BreakingNewsChannel(name=self.name, label=self.label, send=self.send)


@pytest.fixture
def mailer() -> Iterator[Mailer]:
    mailer = Mailer()
    with hooks.register_temporarily(kabar_hooks.BREAKING_NEWS_CHANNELS, lambda: [mailer.channel()]):
        yield mailer


@pytest.fixture
def redaktur(client):
    user = factories.staff("redaktur", "Redaktur")
    client.force_login(user)
    return user


def test_the_form_has_a_box_for_each_channel(client, redaktur, mailer):
    article = factories.article("Gempa M6,1 guncang Maluku")

    page = html(client.get(reverse("alerts_compose", args=[article.pk])))

    [box] = page.find_all("input", name="pigeon_post")
    assert box.attrs["type"] == "checkbox" and "checked" not in box.attrs
    assert mailer.label in page.text


def test_a_ticked_channel_gets_the_breaking_news_once(
    client, redaktur, mailer, push_service, subscribe, django_capture_on_commit_callbacks
):
    article = factories.article("Gempa M6,1 guncang Maluku")
    browser = subscribe(["breaking"])
    url = reverse("alerts_compose", args=[article.pk])
    data = form_data(
        client, url, is_breaking="on", pigeon_post="on", text="Pusat gempa di laut, tidak berpotensi tsunami."
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    alert = Alert.objects.get()
    assert response["Location"] == reverse("alerts_detail", args=[alert.pk])
    assert alert.extra_channels == ["pigeon_post"] and alert.channels_sent_at is not None
    [news] = mailer.sent
    assert news == kabar_hooks.BreakingNews(
        page_id=article.pk, title="Gempa M6,1 guncang Maluku",
        body="Pusat gempa di laut, tidak berpotensi tsunami.", url=alert.url,
    )  # fmt: skip
    assert news.url.endswith(article.dated_path())
    assert len(push_service.delivered_to(browser)) == 1
    assert mailer.label in client.get(response["Location"]).content.decode()

    # The worker's send run again (a retry, a second worker, the resume job): the news is not handed over again.
    Alert.objects.filter(pk=alert.pk).update(status=Alert.Status.SENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_alert(alert.pk)
        services.resume_alerts()
    assert len(mailer.sent) == 1


def test_a_box_left_empty_sends_nothing_there(
    client, redaktur, mailer, push_service, django_capture_on_commit_callbacks
):
    article = factories.article("Gempa M6,1 guncang Maluku")
    url = reverse("alerts_compose", args=[article.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(client, url, is_breaking="on"))

    assert Alert.objects.get().extra_channels == []
    assert mailer.sent == []


def test_a_channel_carries_breaking_news_only(client, redaktur, mailer, push_service):
    section = factories.section("Olahraga")
    article = factories.article("Timnas menang 3-0", in_section=section)
    url = reverse("alerts_compose", args=[article.pk])

    response = client.post(url, form_data(client, url, pigeon_post="on"))

    assert response.status_code == 200
    assert not Alert.objects.exists()
    assert html(response).find("input", name="pigeon_post") is not None


def test_an_alert_waiting_for_publication_hands_the_news_over_when_it_goes(
    client, redaktur, mailer, push_service, django_capture_on_commit_callbacks
):
    article = factories.article("Pengumuman pukul 10.00", published=False)
    url = reverse("alerts_compose", args=[article.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(client, url, topics=[], is_breaking="on", pigeon_post="on"))
    assert Alert.objects.get().status == Alert.Status.WAITING
    assert mailer.sent == []

    with django_capture_on_commit_callbacks(execute=True):
        article_services.publish_article(article)

    [news] = mailer.sent
    assert news.page_id == article.pk and news.url.endswith(article.dated_path())


def test_a_claim_already_made_is_never_sent_again(mailer, push_service, django_capture_on_commit_callbacks):
    # A worker killed after its claim committed: the next one sees the claim and leaves the channels alone.
    article = factories.article("Gempa M6,1 guncang Maluku")
    alert, _ = services.compose_alert(
        article, title="Gempa", text="", topics=["breaking"], is_breaking=True, idempotency_key="k",
        extra_channels=["pigeon_post"], enqueue=False,
    )  # fmt: skip
    Alert.objects.filter(pk=alert.pk).update(channels_sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        services.send_alert(alert.pk)

    assert mailer.sent == []
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.DONE


def test_a_failing_channel_does_not_stop_the_push(mailer, push_service, subscribe, django_capture_on_commit_callbacks):
    mailer.fail = True
    article = factories.article("Gempa M6,1 guncang Maluku")
    browser = subscribe(["breaking"])

    with django_capture_on_commit_callbacks(execute=True):
        services.compose_alert(
            article, title="Gempa", text="", topics=["breaking"], is_breaking=True, idempotency_key="k",
            extra_channels=["pigeon_post"],
        )  # fmt: skip

    assert len(push_service.delivered_to(browser)) == 1
    assert Alert.objects.get().status == Alert.Status.DONE


def test_an_unknown_channel_is_refused(push_service):
    article = factories.article("Gempa M6,1 guncang Maluku")

    with pytest.raises(services.AlertError):
        services.compose_alert(
            article, title="Gempa", text="", topics=["breaking"], is_breaking=True, idempotency_key="k",
            extra_channels=["carrier_pigeon"],
        )  # fmt: skip
    assert not Alert.objects.exists()
