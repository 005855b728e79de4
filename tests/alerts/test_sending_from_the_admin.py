"""A Redaktur sends an alert from an article in the admin ("Kirim notifikasi"), now or when the
article is published, and follows its progress; a Penulis cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kabar.alerts import queries, services
from kabar.alerts.models import Alert, OutboundWebhook
from kabar.articles import services as article_services
from tests import factories
from tests.i18n import site_text
from tests.parsing import html

pytestmark = pytest.mark.django_db


def form_data(client, url: str, **changes: object) -> dict[str, object]:
    """The compose form as the browser would send it: its fields as filled in, with `changes` made."""
    page = html(client.get(url))
    data: dict[str, object] = {"topics": []}
    for field in page.find_all("input") + page.find_all("textarea"):
        name = field.attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if field.attrs.get("type") == "checkbox":
            if "checked" not in field.attrs:
                continue
            if name == "topics":
                data["topics"].append(field.attrs["value"])
            else:
                data[name] = "on"
        elif field.tag == "textarea":
            data[name] = field.text.strip()
        else:
            data[name] = field.attrs.get("value", "")
    data.update(changes)
    return data


@pytest.fixture
def redaktur(client):
    user = factories.staff("redaktur", "Redaktur")
    client.force_login(user)
    return user


def test_the_button_is_on_an_article_for_editors_and_admins_not_writers(client):
    article = factories.article("Harga beras naik")
    compose_url = reverse("alerts_compose", args=[article.pk])
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    for username, group, shown in [
        ("penulis", "Penulis", False),
        ("redaktur", "Redaktur", True),
        ("admin", "Admin", True),
    ]:
        client.force_login(factories.staff(username, group))
        assert (compose_url in client.get(edit_url).content.decode()) is shown, username
        # Wagtail answers a refusal with a redirect to the dashboard and a message.
        assert (client.get(compose_url).status_code == 200) is shown, username


def test_the_form_is_filled_from_the_article(client, redaktur):
    section = factories.section("Olahraga")
    article = factories.article("Timnas menang 3-0", in_section=section, summary="Gol dari tiga pemain muda.")

    data = form_data(client, reverse("alerts_compose", args=[article.pk]))

    assert data["title"] == "Timnas menang 3-0"
    assert data["text"] == "Gol dari tiga pemain muda."
    assert data["topics"] == [queries.section_topic(section.pk)]
    assert data["idempotency_key"].startswith("admin:")


def test_sending_now_reaches_the_followers_and_shows_the_results(
    client, redaktur, push_service, subscribe, django_capture_on_commit_callbacks
):
    section = factories.section("Olahraga")
    article = factories.article("Timnas menang 3-0", in_section=section)
    followers = [subscribe([queries.section_topic(section.pk)]) for _ in range(2)]
    gone = subscribe([queries.section_topic(section.pk)])
    push_service.answer(gone, 410)
    url = reverse("alerts_compose", args=[article.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(client, url, text="Gol dari tiga pemain muda."))

    alert = Alert.objects.get()
    assert response["Location"] == reverse("alerts_detail", args=[alert.pk])
    assert (alert.status, alert.created_by, alert.sent, alert.expired) == (Alert.Status.DONE, redaktur, 2, 1)
    assert [len(push_service.delivered_to(b)) for b in followers] == [1, 1]
    page = html(client.get(response["Location"]))
    counts = {
        li.attrs["data-count"]: li.find_all("strong")[0].text for li in page.find_all("li") if "data-count" in li.attrs
    }
    assert counts == {
        "total": "3", "sent": "2", "failed": "0", "expired": "1", "pending": "0", "attempts": "3", "retries": "0"
    }  # fmt: skip
    [copy] = page.find_all("textarea", id="alerts-whatsapp-text")
    assert copy.text.startswith("*Timnas menang 3-0*\n\nGol dari tiga pemain muda.\n\nhttp")
    assert f"utm_source=whatsapp&amp;utm_medium=channel&amp;utm_campaign=alert-{alert.pk}" in str(
        client.get(response["Location"]).content.decode()
    )


def test_an_unpublished_article_s_alert_waits_and_goes_when_it_is_published(
    client, redaktur, push_service, subscribe, django_capture_on_commit_callbacks
):
    article = factories.article("Pengumuman pukul 10.00", published=False)
    browser = subscribe(["breaking"])
    url = reverse("alerts_compose", args=[article.pk])
    data = form_data(client, url, topics=[], is_breaking="on", banner_hours="1")
    assert data["send_when_published"] == "on"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    alert = Alert.objects.get()
    assert alert.status == Alert.Status.WAITING
    assert push_service.received == []

    with django_capture_on_commit_callbacks(execute=True):
        article_services.publish_article(article)

    alert.refresh_from_db()
    assert (alert.status, alert.sent) == (Alert.Status.DONE, 1)
    [payload] = push_service.delivered_to(browser)
    assert payload["url"].split("?")[0].endswith(article.dated_path())


def test_an_unpublished_article_cannot_be_pushed_now(client, redaktur, push_service):
    article = factories.article("Masih draf", published=False)
    url = reverse("alerts_compose", args=[article.pk])

    response = client.post(url, form_data(client, url, topics=[], is_breaking="on", send_when_published=""))

    assert response.status_code == 200
    assert not Alert.objects.exists()
    with pytest.raises(services.AlertError):
        services.compose_alert(article, title="x", text="", topics=["breaking"], idempotency_key="k")


def test_a_waiting_alert_can_be_stopped_before_the_article_goes_live(
    client, redaktur, push_service, subscribe, django_capture_on_commit_callbacks
):
    article = factories.article("Rencana rilis", published=False)
    subscribe(["breaking"])
    alert, _ = services.compose_alert(
        article, title="Rencana rilis", text="", topics=["breaking"], idempotency_key="k", send_when_published=True
    )

    client.post(reverse("alerts_cancel", args=[alert.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        article_services.publish_article(article)

    alert.refresh_from_db()
    assert alert.status == Alert.Status.CANCELLED
    assert push_service.received == []


def test_an_article_taken_down_before_sending_stops_its_alert(push_service, subscribe):
    article = factories.article("Berita yang ditarik")
    subscribe(["breaking"])
    alert, _ = services.compose_alert(article, title="x", text="", topics=["breaking"], idempotency_key="k")
    article_services.unpublish_article(article)

    report = services.send_alert(alert.pk)

    assert report.status == Alert.Status.CANCELLED
    assert push_service.received == []


def test_the_alert_list_shows_each_alert(client, redaktur, push_service):
    services.compose_alert(
        factories.article("Satu"), title="Satu", text="", topics=["picks"], idempotency_key="a", enqueue=False
    )

    response = client.get(reverse("alerts_index"))

    assert response.status_code == 200
    assert "Satu" in response.content.decode()


def test_only_admins_manage_the_webhooks(client):
    OutboundWebhook.objects.create(name="Bot Telegram", url="https://bot.example/hook")
    index = reverse("alert_webhooks:index")
    client.force_login(factories.staff("redaktur", "Redaktur"))
    assert client.get(index).status_code in {302, 403}
    client.force_login(factories.staff("admin", "Admin"))
    assert "Bot Telegram" in client.get(index).content.decode()


def test_writers_cannot_send_or_stop_alerts(client, push_service):
    article = factories.article("Harga cabai")
    alert, _ = services.compose_alert(article, title="x", text="", topics=["picks"], idempotency_key="k", enqueue=False)
    client.force_login(factories.staff("penulis", "Penulis"))

    assert client.post(reverse("alerts_compose", args=[article.pk]), {"topics": ["picks"]}).status_code in {302, 403}
    assert Alert.objects.count() == 1
    assert client.post(reverse("alerts_cancel", args=[alert.pk])).status_code in {302, 403}
    alert.refresh_from_db()
    assert alert.status == Alert.Status.QUEUED


def test_the_form_has_one_breaking_news_control_and_it_reaches_breaking_news_followers(
    client, redaktur, push_service, subscribe, django_capture_on_commit_callbacks
):
    article = factories.article("Gempa di lepas pantai")
    follower = subscribe(["breaking"])
    url = reverse("alerts_compose", args=[article.pk])
    page = html(client.get(url))
    labels = [label.text.strip() for label in page.find_all("label")]
    breaking = site_text("Breaking news")
    assert not [label for label in labels if label == breaking]  # no box called only "Berita terkini"
    assert labels.count(site_text("Send as breaking news")) == 1
    assert "breaking" not in [box.attrs.get("value") for box in page.find_all("input", name="topics")]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(client, url, topics=[], is_breaking="on", banner_hours="0"))

    alert = Alert.objects.get()
    assert alert.is_breaking and "breaking" in alert.topics
    assert len(push_service.delivered_to(follower)) == 1


def test_an_alert_for_nobody_is_refused(client, redaktur, push_service):
    article = factories.article("Tanpa penerima")
    url = reverse("alerts_compose", args=[article.pk])
    response = client.post(url, form_data(client, url, topics=[], is_breaking=""))
    assert response.status_code == 200
    assert not Alert.objects.exists()
