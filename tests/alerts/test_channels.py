"""Alerts go out through every registered channel (kabar.alerts.channels.CHANNELS), and a new channel
is one module: the Telegram-like channel below, with its own recipients and delivery rows, gets each
alert once it is listed, under the same once-only and retry rules, with the delivery engine unchanged.

It posts to a Bot API stand-in on 127.0.0.1 (`sendMessage`, as Telegram's), and its tables are made
for the test alone, as a migration would make them for a real channel.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import aiohttp
import pytest
from django.db import connection, models
from django.db.models import QuerySet
from django.test.utils import isolate_apps
from django.utils.translation import gettext_lazy as _

from kabar.alerts import channels, services
from kabar.alerts.channels import Channel, ChannelError, Outcome, Recipient, UnknownChannel, outcome_for_status
from kabar.alerts.models import AbstractDelivery, Alert, DeliveryStatus, OutboundWebhook, WebhookDelivery
from tests import factories
from tests.alerts.push_service import Answer

TELEGRAM = "tests.alerts.test_channels.TelegramChannel"

# Registered in a registry of their own: Kabar's models, migrations and checks never see them.
with isolate_apps():

    class TelegramChat(models.Model):
        chat_id = models.CharField(max_length=40)

        class Meta:
            app_label = "alerts"

        def __str__(self) -> str:
            return self.chat_id

    class TelegramDelivery(AbstractDelivery):
        alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="+")
        chat = models.ForeignKey(TelegramChat, on_delete=models.CASCADE, related_name="deliveries")

        class Meta:
            app_label = "alerts"
            constraints = [models.UniqueConstraint(fields=["alert", "chat"], name="one_telegram_delivery_per_alert")]


class TelegramChannel(Channel[str]):
    """What a real Telegram channel module would hold, but for the token and URL from settings."""

    name = "telegram"
    verbose_name = _("Telegram")
    delivery_model = TelegramDelivery
    target_field = "chat"
    address_fields = ("chat_id",)
    api_url = ""  # the stand-in's, set by the fixture
    token = "123456:test-token"

    def recipients(self, alert: Alert) -> QuerySet[Any]:
        return TelegramChat.objects.values_list("pk")

    def message(self, alert: Alert) -> str:
        return f"{alert.title}\n{alert.url}"

    async def send(self, session: aiohttp.ClientSession, message: str, recipient: Recipient) -> Outcome:
        url = f"{self.api_url}/bot{self.token}/sendMessage"
        body = {"chat_id": recipient.address["chat_id"], "text": message}
        try:
            async with session.post(url, json=body, allow_redirects=False) as response:
                await response.read()
                return outcome_for_status(response.status, response.headers.get("Retry-After"), gone_is_expired=False)
        except (TimeoutError, aiohttp.ClientError) as error:
            return Outcome("retry", error=str(error)[:200])


class CountedTelegramChannel(TelegramChannel):
    """The same chats counted on the alert, as readers reached (like browsers, unlike webhooks)."""

    counted_on_alert = True


class RaisingTelegramChannel(TelegramChannel):
    async def send(self, session: aiohttp.ClientSession, message: str, recipient: Recipient) -> Outcome:
        raise RuntimeError("the bot library fell over")


class MisconfiguredTelegramChannel(TelegramChannel):
    def message(self, alert: Alert) -> str:
        raise RuntimeError("no bot token configured")


@dataclass
class Sent:
    token: str
    chat_id: str
    text: str


class BotApi:
    """Telegram's Bot API as far as sendMessage goes: records each message, answers as scripted per chat."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _BotHandler)
        self.server.daemon_threads = True
        self.server.api = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.sent: list[Sent] = []
        self.attempts: dict[str, int] = defaultdict(int)
        self.scripted: dict[str, list[Answer]] = defaultdict(list)
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def chats(self) -> list[str]:
        with self.lock:
            return sorted(sent.chat_id for sent in self.sent)


class _BotHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        api: BotApi = self.server.api  # type: ignore[attr-defined]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token, _, method = self.path.removeprefix("/bot").partition("/")
        chat_id = str(body.get("chat_id"))
        with api.lock:
            api.attempts[chat_id] += 1
            answer = api.scripted[chat_id].pop(0) if api.scripted[chat_id] else Answer(200)
            if answer.status == 200 and method == "sendMessage":
                api.sent.append(Sent(token, chat_id, body["text"]))
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"ok": answer.status == 200}).encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def bot_api(transactional_db, monkeypatch) -> Iterator[BotApi]:
    """The stand-in Bot API and the channel's tables (SQLite makes tables only outside a transaction)."""
    with connection.schema_editor() as editor:
        editor.create_model(TelegramChat)
        editor.create_model(TelegramDelivery)
    api = BotApi()
    api.thread.start()
    monkeypatch.setattr(TelegramChannel, "api_url", api.url)
    yield api
    api.server.shutdown()
    api.server.server_close()
    # Before the database is flushed: PostgreSQL truncates no table another table still points at.
    with connection.schema_editor() as editor:
        editor.delete_model(TelegramDelivery)
        editor.delete_model(TelegramChat)


def register(monkeypatch, *paths: str) -> None:
    """What adding a channel to Kabar is: one more dotted path in CHANNELS."""
    monkeypatch.setattr(channels, "CHANNELS", (*channels.CHANNELS, *paths))


def compose(title: str) -> Alert:
    alert, _ = services.compose_alert(
        factories.article(title), title=title, text="Teks singkat.", topics=["breaking"], idempotency_key=title,
        enqueue=False,
    )  # fmt: skip
    return alert


def with_readers(push_service, subscribe, browsers: int = 3) -> list:
    """Browsers following breaking news, and the publication's WhatsApp bot."""
    OutboundWebhook.objects.create(name="WhatsApp", url=push_service.webhook("wa", "s3cret"), secret="s3cret")
    return [subscribe(["breaking"]) for _ in range(browsers)]


@pytest.mark.django_db
def test_an_alert_goes_out_through_every_registered_channel(push_service, subscribe):
    browsers = with_readers(push_service, subscribe)

    report = services.send_alert(compose("Gempa di Cianjur").pk)

    assert [type(channel).__name__ for channel in channels.registered_channels()] == [
        "WebhookChannel",
        "WebPushChannel",
    ]
    assert [len(push_service.delivered_to(browser)) for browser in browsers] == [1, 1, 1]
    assert [name for name, _, _ in push_service.webhook_calls] == ["wa"]
    assert (report.status, report.total, report.sent, report.pending) == ("done", 3, 3, 0)


def test_a_channel_defined_outside_kabar_gets_each_alert_once_it_is_registered(
    push_service, subscribe, bot_api, monkeypatch
):
    browsers = with_readers(push_service, subscribe)
    TelegramChat.objects.create(chat_id="@kabar_breaking")
    TelegramChat.objects.create(chat_id="-1001234")
    services.send_alert(compose("Sebelum didaftarkan").pk)
    assert bot_api.sent == []

    register(monkeypatch, TELEGRAM)
    alert = compose("Banjir di Semarang")
    report = services.send_alert(alert.pk)
    # Sending again (a second worker, a resumed task) finds nothing left to send.
    services.send_alert(alert.pk)
    services.resume_alerts()

    assert bot_api.chats() == ["-1001234", "@kabar_breaking"]
    assert {sent.text for sent in bot_api.sent} == {f"Banjir di Semarang\n{Alert.objects.get(pk=alert.pk).url}"}
    assert {sent.token for sent in bot_api.sent} == {TelegramChannel.token}
    assert set(TelegramDelivery.objects.filter(alert=alert).values_list("status", flat=True)) == {"sent"}
    # The other channels are served as before, and the chats are not counted as readers.
    assert [len(push_service.delivered_to(browser)) for browser in browsers] == [2, 2, 2]
    assert [name for name, _, _ in push_service.webhook_calls] == ["wa", "wa"]
    assert (report.status, report.total, report.sent) == ("done", 3, 3)


def test_a_registered_channel_follows_the_same_retry_rules(push_service, subscribe, bot_api, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTEMPTS", 3)
    register(monkeypatch, TELEGRAM)
    TelegramChat.objects.create(chat_id="busy")
    TelegramChat.objects.create(chat_id="broken")
    bot_api.scripted["busy"].append(Answer(429, {"Retry-After": "1"}))
    bot_api.scripted["broken"].extend([Answer(502), Answer(502), Answer(502)])
    monkeypatch.setattr(services, "retry_delay", lambda attempt, retry_after: retry_after or 0.0)
    alert = compose("Kereta anjlok")

    services.send_alert(alert.pk)

    rows = {row.chat.chat_id: row for row in TelegramDelivery.objects.filter(alert=alert).select_related("chat")}
    assert (rows["busy"].status, rows["busy"].attempts, bot_api.attempts["busy"]) == ("sent", 2, 2)
    assert (rows["broken"].status, rows["broken"].attempts, rows["broken"].error) == ("failed", 3, "HTTP 502")
    assert bot_api.chats() == ["busy"]
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.DONE


def test_a_channel_that_raises_does_not_stop_the_others_and_is_retried_then_failed(
    push_service, subscribe, bot_api, monkeypatch
):
    monkeypatch.setattr(services, "MAX_ATTEMPTS", 2)
    monkeypatch.setattr(services, "retry_delay", lambda attempt, retry_after: 0.0)
    browsers = with_readers(push_service, subscribe)
    TelegramChat.objects.create(chat_id="@kabar_breaking")
    register(monkeypatch, "tests.alerts.test_channels.RaisingTelegramChannel")
    alert = compose("Jembatan putus")

    report = services.send_alert(alert.pk)

    row = TelegramDelivery.objects.get(alert=alert)
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 2)
    assert row.error == "telegram raised RuntimeError: the bot library fell over"
    assert [len(push_service.delivered_to(browser)) for browser in browsers] == [1, 1, 1]
    assert list(WebhookDelivery.objects.values_list("status", flat=True)) == ["sent"]
    assert (report.status, report.sent, report.failed) == ("done", 3, 0)


def test_a_channel_that_cannot_build_its_message_waits_without_holding_up_the_others(
    push_service, subscribe, bot_api, monkeypatch
):
    browsers = with_readers(push_service, subscribe)
    TelegramChat.objects.create(chat_id="@kabar_breaking")
    register(monkeypatch, "tests.alerts.test_channels.MisconfiguredTelegramChannel")
    alert = compose("Tanah longsor")

    report = services.send_alert(alert.pk)

    assert [len(push_service.delivered_to(browser)) for browser in browsers] == [1, 1, 1]
    assert (report.status, report.sent) == ("sending", 3)
    row = TelegramDelivery.objects.get(alert=alert)
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 0)

    # The configuration is fixed: the next resume sends what waited, and the alert is done.
    monkeypatch.setattr(channels, "CHANNELS", (*channels.CHANNELS[:-1], TELEGRAM))
    Alert.objects.filter(pk=alert.pk).update(resume_enqueued_at=None)
    assert services.resume_alerts() == 1

    assert bot_api.chats() == ["@kabar_breaking"]
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.DONE
    assert [len(push_service.delivered_to(browser)) for browser in browsers] == [1, 1, 1]


def test_a_counted_channel_adds_its_recipients_to_the_alert_s_counts(push_service, subscribe, bot_api, monkeypatch):
    with_readers(push_service, subscribe, browsers=2)
    TelegramChat.objects.create(chat_id="@kabar_breaking")
    TelegramChat.objects.create(chat_id="gone")
    bot_api.scripted["gone"].append(Answer(403))
    register(monkeypatch, "tests.alerts.test_channels.CountedTelegramChannel")

    report = services.send_alert(compose("Harga BBM naik").pk)

    assert (report.total, report.sent, report.failed, report.pending) == (4, 3, 1, 0)


def test_cancelling_an_alert_stops_its_deliveries_on_every_channel(push_service, subscribe, bot_api, monkeypatch):
    with_readers(push_service, subscribe, browsers=2)
    TelegramChat.objects.create(chat_id="@kabar_breaking")
    register(monkeypatch, TELEGRAM)
    alert = compose("Dibatalkan")
    services.fan_out(alert)

    assert services.cancel_alert(alert)

    for model in (TelegramDelivery, WebhookDelivery):
        assert set(model.objects.filter(alert=alert).values_list("status", "error")) == {("failed", "cancelled")}
    assert (alert.status, alert.failed) == (Alert.Status.CANCELLED, 2)
    services.send_alert(alert.pk)
    assert bot_api.sent == [] and push_service.received == [] and push_service.webhook_calls == []


def test_the_registry_refuses_channels_it_could_not_drive(monkeypatch):
    assert isinstance(channels.channel("webpush"), Channel)
    with pytest.raises(UnknownChannel):
        channels.channel("telegram")

    register(monkeypatch, "kabar.alerts.channels.webpush.WebPushChannel")
    with pytest.raises(ChannelError, match="two alert channels are named 'webpush'"):
        channels.registered_channels()

    class Unkept(TelegramChannel):
        name = "unkept"
        delivery_model = TelegramChat  # type: ignore[assignment] - not delivery rows, which is the point

    with pytest.raises(ChannelError, match="unkept"):
        Unkept.check()
    monkeypatch.setattr(channels, "CHANNELS", ("kabar.alerts.models.Alert",))
    with pytest.raises(ChannelError, match="not an alert Channel"):
        channels.registered_channels()
