"""Outbound webhooks: each alert as signed JSON to the publication's own bots (WhatsApp Business,
Telegram), which relay it to their channels. The protocol first, then the WebhookChannel that
sends alerts with it to the enabled OutboundWebhooks.

The signature is `X-Kabar-Signature: t=<unix time>, v1=<hex HMAC-SHA256 of "<t>.<body>">` with the
webhook's secret; the receiver recomputes it and refuses old timestamps, so a captured request
cannot be replayed later. `X-Kabar-Delivery` is stable across retries, for the receiver to dedupe.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp
from django.utils.translation import gettext_lazy as _

from kabar.alerts import queries
from kabar.alerts.channels.base import Channel, Outcome, Recipient, outcome_for_status
from kabar.alerts.models import Alert, OutboundWebhook, WebhookDelivery

if TYPE_CHECKING:
    from django.db.models import QuerySet

SIGNATURE_HEADER = "X-Kabar-Signature"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp}, v1={mac}"


def url_refusal(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return "only http and https webhooks"
    if not parts.hostname:
        return "the webhook URL has no host"
    if parts.username or parts.password:
        return "put no credentials in the webhook URL; the signature authenticates Kabar"
    return ""


async def post(
    session: aiohttp.ClientSession, url: str, secret: str, body: bytes, delivery_id: str, now: float | None = None
) -> Outcome:
    refusal = url_refusal(url)
    if refusal:
        return Outcome("failed", error=refusal)
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: signature(secret, int(time.time() if now is None else now), body),
        "X-Kabar-Event": "alert",
        "X-Kabar-Delivery": delivery_id,
    }
    try:
        async with session.post(url, data=body, headers=headers, allow_redirects=False) as response:
            await response.content.read(4096)
            # A bot answering 404/410 is misconfigured, not unsubscribed: the webhook stays, this try fails.
            return outcome_for_status(response.status, response.headers.get("Retry-After"), gone_is_expired=False)
    except TimeoutError:
        return Outcome("retry", error="timed out")
    except aiohttp.ClientError as error:
        return Outcome("retry", error=f"connection failed: {error}"[:200])


# --- the channel ----------------------------------------------------------------------------


def webhook_body(alert: Alert) -> bytes:
    labels = queries.topic_labels(alert.topics)
    return json.dumps(
        {
            "event": "alert",
            "id": alert.pk,
            "title": alert.title,
            "text": alert.text,
            "url": queries.campaign_url(alert.url, alert.pk, "webhook", "channel") if alert.url else "",
            "image": alert.image_url,
            "breaking": alert.is_breaking,
            "topics": [{"key": key, "label": str(labels.get(key, key))} for key in alert.topics],
            "whatsapp_text": queries.whatsapp_text(alert),
            "created_at": alert.created_at.isoformat(),
        },
        ensure_ascii=False,
    ).encode()


class WebhookChannel(Channel[bytes]):
    """Every enabled OutboundWebhook gets each alert; a bot that answers 404 or 410 is kept."""

    name = "webhook"
    verbose_name = _("Webhooks")
    delivery_model = WebhookDelivery
    target_field = "webhook"
    address_fields = ("url", "secret")
    # The bots are a handful, each shown to the editor on its own; the alert's counts are browsers.
    counted_on_alert = False
    batch_size = 100

    def recipients(self, alert: Alert) -> QuerySet[Any]:
        return OutboundWebhook.objects.filter(enabled=True).values_list("pk")

    def message(self, alert: Alert) -> bytes:
        return webhook_body(alert)

    async def send(self, session: aiohttp.ClientSession, message: bytes, recipient: Recipient) -> Outcome:
        # Stable across retries, so the receiver can drop a repeat.
        delivery_id = f"alert-{recipient.alert_id}-webhook-{recipient.target_id}"
        return await post(session, recipient.address["url"], recipient.address["secret"], message, delivery_id)
