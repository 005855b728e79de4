"""Each alert also goes, HMAC-signed, to the configured webhooks (a WhatsApp Business or Telegram
bot relays it), with the same retry rules as the pushes."""

from __future__ import annotations

import pytest

from kabar.alerts import services
from kabar.alerts.models import OutboundWebhook, WebhookDelivery
from tests import factories
from tests.alerts.push_service import Answer

pytestmark = pytest.mark.django_db


def alert_about(title: str):
    alert, _ = services.compose_alert(
        factories.article(title), title=title, text="Teks singkat.", topics=["breaking"], idempotency_key=title,
        enqueue=False,
    )  # fmt: skip
    return alert


def test_the_alert_is_posted_signed_to_each_enabled_webhook(push_service):
    OutboundWebhook.objects.create(name="Telegram", url=push_service.webhook("telegram", "s3cret-t"), secret="s3cret-t")
    OutboundWebhook.objects.create(name="WhatsApp", url=push_service.webhook("wa", "s3cret-w"), secret="s3cret-w")
    OutboundWebhook.objects.create(name="Off", url=push_service.webhook("off", "x"), secret="x", enabled=False)
    alert = alert_about("Banjir di Semarang")

    services.send_alert(alert.pk)

    calls = {name: (body, headers) for name, body, headers in push_service.webhook_calls}
    assert set(calls) == {"telegram", "wa"}
    body, headers = calls["telegram"]
    assert body["title"] == "Banjir di Semarang" and body["breaking"] is False
    assert f"utm_campaign=alert-{alert.pk}" in body["url"]
    assert body["whatsapp_text"].startswith("*Banjir di Semarang*")
    assert headers["x-kabar-delivery"] == f"alert-{alert.pk}-webhook-{OutboundWebhook.objects.get(name='Telegram').pk}"
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_busy_webhook_is_retried_after_retry_after_and_a_gone_one_fails(push_service):
    OutboundWebhook.objects.create(name="Busy", url=push_service.webhook("busy", "k1"), secret="k1")
    OutboundWebhook.objects.create(name="Gone", url=push_service.webhook("gone", "k2"), secret="k2")
    push_service.scripted["hook:busy"].append(Answer(429, {"Retry-After": "1"}))
    push_service.scripted["hook:gone"].append(Answer(410))
    alert = alert_about("Kereta anjlok")

    services.send_alert(alert.pk)

    assert [name for name, _, _ in push_service.webhook_calls] == ["busy"]
    statuses = dict(WebhookDelivery.objects.values_list("webhook__name", "status"))
    assert statuses == {"Busy": "sent", "Gone": "failed"}
    # The webhook is configuration: a 410 from a bot does not delete it.
    assert OutboundWebhook.objects.filter(name="Gone").exists()


def test_a_wrong_secret_is_refused_by_the_receiver(push_service):
    OutboundWebhook.objects.create(name="Bot", url=push_service.webhook("bot", "right"), secret="wrong")

    services.send_alert(alert_about("Salah kunci").pk)

    assert push_service.webhook_calls == []
    assert WebhookDelivery.objects.get().last_status == 401
    push_service.problems.clear()  # the stand-in flagged the bad signature, as it should
