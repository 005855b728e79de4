"""Every alert an editor sends or stops, and how each one ended, is in the audit trail with who and
what: listed and filtered in Reports → Audit trail and in its CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.admin.utils import get_user_display_name
from wagtail.models import ModelLogEntry

from kabar.alerts import services
from kabar.alerts.models import Alert
from kabar.articles import services as article_services
from tests import factories
from tests.alerts.test_sending_from_the_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def entries(action: str, alert: Alert) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action=action, object_id=str(alert.pk)).order_by("pk"))


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_an_alert_sent_from_the_admin_and_its_results_are_in_the_audit_trail(
    client, push_service, subscribe, django_capture_on_commit_callbacks
):
    editor = factories.staff("redaktur", "Redaktur")
    client.force_login(editor)
    article = factories.article("Gempa di Cianjur")
    subscribe(["breaking"])
    url = reverse("alerts_compose", args=[article.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(client, url, topics=[], is_breaking="on", banner_hours="0"))

    alert = Alert.objects.get()
    [sent] = entries(services.ALERT_SENT, alert)
    assert sent.user == editor
    assert sent.data["title"] == "Gempa di Cianjur"
    assert (sent.data["article"], sent.data["topics"], sent.data["breaking"]) == (article.pk, ["breaking"], True)
    [finished] = entries(services.ALERT_FINISHED, alert)
    assert (finished.data["total"], finished.data["sent"], finished.data["failed"]) == (1, 1, 0)

    client.force_login(factories.in_english(factories.staff("admin", "Admin")))
    page = client.get(reverse("kabar_audit_trail")).content.decode()
    assert "Notification “Gempa di Cianjur” sent to breaking" in page
    assert "Notification finished: 1 of 1 sent, 0 failed, 0 expired" in page
    assert "Send notification" in page  # the label, in the action filter
    export = client.get(reverse("kabar_audit_trail"), {"export": "csv", "action": services.ALERT_SENT})
    [row] = csv_rows(export)
    assert row["Action type"] == "Send notification"
    assert row["User"] == get_user_display_name(editor)
    assert row["Details"] == "Notification “Gempa di Cianjur” sent to breaking"
    assert row["ID"] == str(alert.pk)


def test_an_alert_stopped_from_the_admin_names_who_stopped_it(client, push_service):
    editor = factories.staff("redaktur", "Redaktur")
    article = factories.article("Rencana rilis", published=False)
    alert, _ = services.compose_alert(
        article,
        title="Rencana rilis",
        text="",
        topics=["breaking"],
        idempotency_key="k",
        send_when_published=True,
        user=editor,
    )
    [waiting] = entries(services.ALERT_SENT, alert)
    assert waiting.data["when_published"] is True
    assert waiting.message == "Notification “Rencana rilis” to breaking, to go when the article is published"

    other_editor = factories.staff("redaktur2", "Redaktur")
    client.force_login(other_editor)
    client.post(reverse("alerts_cancel", args=[alert.pk]))

    [stopped] = entries(services.ALERT_CANCELLED, alert)
    assert stopped.user == other_editor
    assert stopped.message == "Notification stopped: 0 of 0 sent, 0 failed, 0 expired"
    client.force_login(factories.in_english(factories.staff("admin", "Admin")))
    rows = csv_rows(client.get(reverse("kabar_audit_trail"), {"export": "csv", "action": services.ALERT_CANCELLED}))
    assert [(row["User"], row["Details"]) for row in rows] == [(get_user_display_name(other_editor), stopped.message)]


def test_an_alert_stopped_because_its_article_went_down_says_so(push_service, subscribe):
    article = factories.article("Berita yang ditarik")
    subscribe(["breaking"])
    alert, _ = services.compose_alert(article, title="x", text="", topics=["breaking"], idempotency_key="k")
    article_services.unpublish_article(article)

    services.send_alert(alert.pk)

    [stopped] = entries(services.ALERT_CANCELLED, alert)
    assert stopped.user is None
    assert stopped.data["reason"] == "unpublished"
    assert stopped.message.endswith("(its article was unpublished)")


def test_a_second_press_of_the_button_is_not_a_second_entry(push_service):
    article = factories.article("Satu kali")
    for _ in range(2):
        services.compose_alert(article, title="x", text="", topics=["picks"], idempotency_key="same", enqueue=False)
    assert ModelLogEntry.objects.filter(action=services.ALERT_SENT).count() == 1
