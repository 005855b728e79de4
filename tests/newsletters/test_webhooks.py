"""The mail providers' tracking webhooks, posted as each provider documents them (Mailgun's signed JSON,
Postmark's, SendGrid's and Brevo's behind the shared basic-auth secret), with good and forged credentials.

Payloads follow the providers' documentation (documentation.mailgun.com "Webhook Payloads",
postmarkapp.com/developer/webhooks, SendGrid's Event Webhook reference, developers.brevo.com
"Transactional webhooks"), trimmed to the fields that matter, with Kabar's own addresses and ids.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging

import pytest
from django.test import Client

from kabar.newsletters import queries
from kabar.newsletters.models import Edition, EditionDelivery, MailEvent, NewsletterList, Subscription, Suppression

SECRET = "kabar-webhook:rahasia-bersama-1"
SIGNING_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
NOW = dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC)

pytestmark = [
    pytest.mark.django_db,
    # anymail warns that SendGrid is no longer officially supported, and, where it is meant to, that a
    # webhook has no secret; neither is what these tests are about.
    pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailNotSupportedWarning"),
    pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailInsecureWebhookWarning"),
]


@pytest.fixture(autouse=True)
def _anymail(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": [SECRET], "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


@pytest.fixture
def delivery() -> EditionDelivery:
    """Kabar Pagi's edition, sent to pembaca@example.com under the provider's message id."""
    newsletter = NewsletterList.objects.create(slug="kabar-pagi", name="Kabar Pagi", kind=NewsletterList.Kind.DIGEST)
    subscription = Subscription.objects.create(
        newsletter=newsletter, email="pembaca@example.com", status=Subscription.Status.ACTIVE
    )
    edition = Edition.objects.create(newsletter=newsletter, subject="Kabar Pagi, Rabu", status=Edition.Status.SENT)
    return EditionDelivery.objects.create(
        edition=edition,
        subscription=subscription,
        email="pembaca@example.com",
        status=EditionDelivery.Status.SENT,
        message_id="<20261202010000.1a2b3c@mg.kabar.example>",
    )


def basic_auth(credentials: str = SECRET) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


def post(client: Client, provider: str, payload: object, *, secret: str | None = SECRET, **headers: str):
    """Posted as the provider does, to the URL it was given: with the shared secret as basic auth."""
    if secret is not None:
        headers.update(basic_auth(secret))
    return client.post(
        f"/nawala/webhooks/{provider}/tracking/", json.dumps(payload), content_type="application/json", **headers
    )


MAILGUN_TOKEN = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"


def mailgun(event_data: dict, *, token: str = MAILGUN_TOKEN, key: str = SIGNING_KEY) -> dict:
    """A Mailgun webhook post: the event and its signature block (HMAC-SHA256 of timestamp + token)."""
    timestamp = str(int(NOW.timestamp()))
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {"signature": {"timestamp": timestamp, "token": token, "signature": signature}, "event-data": event_data}


def mailgun_failed(recipient: str, severity: str = "permanent", **extra) -> dict:
    return {
        "event": "failed",
        "id": "G9Bn5sl1TC6nu79C8C0bwg",
        "timestamp": NOW.timestamp(),
        "severity": severity,
        "reason": "bounce",
        "recipient": recipient,
        "log-level": "error",
        "delivery-status": {
            "code": 550,
            "message": "5.1.1 The email account that you tried to reach does not exist.",
            "description": "",
        },
        "message": {"headers": {"message-id": "20261202010000.1a2b3c@mg.kabar.example", "to": recipient}},
        **extra,
    }


def postmark_bounce(email: str, bounce_type: str = "HardBounce", bounce_id: int = 4323372036) -> dict:
    return {
        "RecordType": "Bounce",
        "MessageStream": "outbound",
        "ID": bounce_id,
        "Type": bounce_type,
        "TypeCode": 1 if bounce_type == "HardBounce" else 4096,
        "Name": "Hard bounce",
        "Tag": "kabar-pagi",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Metadata": {},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "redaksi@kabar.example",
        "BouncedAt": "2026-12-02T08:00:00.0000000+07:00",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Kabar Pagi, Rabu",
    }


def test_a_postmark_hard_bounce_suppresses_the_address_and_marks_its_delivery(client, delivery):
    delivery.message_id = "883953f4-6105-42a2-a16a-77a8eac79483"
    delivery.save()

    response = post(client, "postmark", postmark_bounce("Pembaca@Example.com"))

    assert response.status_code == 200
    suppression = Suppression.objects.get(email="pembaca@example.com")
    assert suppression.reason == Suppression.Reason.BOUNCE
    assert "550 5.1.1" in suppression.detail
    event = MailEvent.objects.get()
    assert (event.kind, event.provider, event.event_key) == ("bounced", "Postmark", "4323372036")
    assert event.delivery == delivery
    assert event.raw["Type"] == "HardBounce"
    delivery.refresh_from_db()
    assert delivery.status == EditionDelivery.Status.BOUNCED


def test_a_signed_mailgun_complaint_suppresses_the_address(client, delivery):
    payload = mailgun(
        {
            "event": "complained",
            "id": "-Agny091SquKnsrW2NEKUA",
            "timestamp": NOW.timestamp(),
            "recipient": "pembaca@example.com",
            "message": {"headers": {"message-id": "20261202010000.1a2b3c@mg.kabar.example"}},
        }
    )

    assert post(client, "mailgun", payload).status_code == 200

    assert Suppression.objects.get(email="pembaca@example.com").reason == Suppression.Reason.COMPLAINT
    delivery.refresh_from_db()
    assert delivery.status == EditionDelivery.Status.COMPLAINED
    # The signature itself is not kept with the event.
    assert "signature" not in MailEvent.objects.get().raw


def test_a_mailgun_post_with_a_forged_signature_is_refused_and_logged(client, delivery, caplog):
    payload = mailgun(mailgun_failed("pembaca@example.com"), key="key-not-the-signing-key")

    with caplog.at_level(logging.WARNING, logger="kabar.newsletters.webhooks"):
        response = post(client, "mailgun", payload, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 400
    assert not MailEvent.objects.exists()
    assert not Suppression.objects.exists()
    refused = [r for r in caplog.records if r.name == "kabar.newsletters.webhooks"]
    assert len(refused) == 1
    assert "forged mailgun webhook" in refused[0].getMessage()
    assert "incorrect signature" in refused[0].getMessage()


@pytest.mark.parametrize("provider", ["postmark", "sendgrid", "brevo"])
def test_a_post_with_the_wrong_shared_secret_is_refused_and_logged(client, delivery, caplog, provider):
    payloads = {
        "postmark": postmark_bounce("pembaca@example.com"),
        "sendgrid": [{"email": "pembaca@example.com", "event": "spamreport", "sg_event_id": "x", "timestamp": 1}],
        "brevo": {"event": "spam", "email": "pembaca@example.com", "ts_epoch": 1764637200000},
    }

    with caplog.at_level(logging.WARNING, logger="kabar.newsletters.webhooks"):
        forged = post(client, provider, payloads[provider], secret="kabar-webhook:tebakan")
        missing = post(client, provider, payloads[provider], secret=None)

    assert (forged.status_code, missing.status_code) == (400, 400)
    assert not MailEvent.objects.exists()
    assert not Suppression.objects.exists()
    messages = [r.getMessage() for r in caplog.records if r.name == "kabar.newsletters.webhooks"]
    assert len(messages) == 2
    assert all(f"refused a forged {provider} webhook" in m for m in messages)


def test_webhooks_that_only_the_shared_secret_protects_are_refused_until_it_is_set(client, settings, delivery, caplog):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}

    with caplog.at_level(logging.WARNING, logger="kabar.newsletters.webhooks"):
        response = post(client, "postmark", postmark_bounce("pembaca@example.com"))
        # Mailgun signs its posts: its signing key alone is enough.
        signed = post(client, "mailgun", mailgun(mailgun_failed("pembaca@example.com")))

    assert response.status_code == 403
    assert "KABAR_ANYMAIL_WEBHOOK_SECRET" in caplog.records[0].getMessage()
    assert signed.status_code == 200
    assert list(MailEvent.objects.values_list("provider", flat=True)) == ["Mailgun"]


def test_a_replayed_mailgun_event_is_recorded_once_and_logged(client, delivery, caplog):
    complaint = mailgun(
        {"event": "complained", "timestamp": NOW.timestamp(), "recipient": "pembaca@example.com"},
        token="f1e2d3c4b5a6f1e2d3c4b5a6f1e2d3c4b5a6f1e2d3c4b5a6f1",
    )
    assert post(client, "mailgun", complaint).status_code == 200
    # Staff lift the suppression; someone who captured the post sends it again.
    Suppression.objects.all().delete()

    with caplog.at_level(logging.WARNING, logger="kabar.newsletters.services"):
        again = post(client, "mailgun", complaint)

    assert again.status_code == 200  # answered as received, so the provider does not retry it
    assert MailEvent.objects.count() == 1
    assert not Suppression.objects.exists()
    assert any("already recorded" in r.getMessage() for r in caplog.records)


def test_a_replayed_brevo_event_without_an_event_id_is_recorded_once(client, delivery):
    delivery.message_id = "<202612020100.27287306012@smtp-relay.mailin.fr>"
    delivery.save()
    opened = {
        "event": "unique_opened",
        "email": "pembaca@example.com",
        "ts_epoch": 1764637200000,
        "message-id": "<202612020100.27287306012@smtp-relay.mailin.fr>",
    }

    for _ in range(2):
        assert post(client, "brevo", opened).status_code == 200

    event = MailEvent.objects.get()
    assert event.kind == MailEvent.Kind.OPENED
    assert event.event_key.startswith("sha256:")
    assert event.delivery == delivery
    # A second open of the same mail is its own event (another time), so it is counted.
    assert post(client, "brevo", {**opened, "ts_epoch": 1764637260000}).status_code == 200
    assert MailEvent.objects.count() == 2


def test_a_sendgrid_batch_records_each_event_once_by_its_event_id(client, delivery):
    # anymail's SendGrid backend sends each message with an `anymail_id` and reports it as the message id.
    delivery.message_id = "3c2f4f0e-8d3e-4b7a-9a47-3e1f5b6a7c8d"
    delivery.save()
    base = {
        "email": "pembaca@example.com",
        "timestamp": int(NOW.timestamp()),
        "anymail_id": delivery.message_id,
        "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
    }
    batch = [
        {**base, "event": "delivered", "sg_event_id": "sg_event_id_delivered", "response": "250 OK"},
        {**base, "event": "open", "sg_event_id": "sg_event_id_open", "useragent": "Mozilla/5.0"},
        {**base, "event": "click", "sg_event_id": "sg_event_id_click", "url": "https://kabar.example/nasional/"},
    ]

    assert post(client, "sendgrid", batch).status_code == 200
    assert post(client, "sendgrid", batch).status_code == 200

    kinds = sorted(MailEvent.objects.values_list("kind", flat=True))
    assert kinds == ["clicked", "delivered", "opened"]
    assert MailEvent.objects.get(kind="clicked").click_url == "https://kabar.example/nasional/"
    delivery.refresh_from_db()
    assert delivery.status == EditionDelivery.Status.DELIVERED
    assert not Suppression.objects.exists()


def test_an_event_finds_its_delivery_by_the_id_the_mail_carried(client, delivery):
    """anymail echoes the message's metadata back; the delivery id there is trusted over the message id."""
    event = postmark_bounce("pembaca@example.com")
    event["MessageID"] = "a-message-id-kabar-never-saw"
    event["Metadata"] = {"kabar_delivery": str(delivery.pk)}

    assert post(client, "postmark", event).status_code == 200

    assert MailEvent.objects.get().delivery == delivery


def test_a_later_delivered_event_does_not_take_back_a_bounce(client, delivery):
    post(client, "mailgun", mailgun(mailgun_failed("pembaca@example.com")))
    delivered = {
        "event": "delivered",
        "timestamp": NOW.timestamp() + 60,
        "recipient": "pembaca@example.com",
        "message": {"headers": {"message-id": "20261202010000.1a2b3c@mg.kabar.example"}},
    }
    post(client, "mailgun", mailgun(delivered, token="b" * 50))

    delivery.refresh_from_db()
    assert delivery.status == EditionDelivery.Status.BOUNCED
    assert MailEvent.objects.count() == 2


def test_a_providers_unsubscribe_takes_the_address_off_that_list_only(client, delivery):
    other = NewsletterList.objects.create(slug="ekonomi", name="Surat Ekonomi")
    Subscription.objects.create(newsletter=other, email="pembaca@example.com", status=Subscription.Status.ACTIVE)
    unsubscribed = {
        "event": "unsubscribed",
        "timestamp": NOW.timestamp(),
        "recipient": "pembaca@example.com",
        "message": {"headers": {"message-id": "20261202010000.1a2b3c@mg.kabar.example"}},
    }

    assert post(client, "mailgun", mailgun(unsubscribed)).status_code == 200

    statuses = dict(Subscription.objects.values_list("newsletter__slug", "status"))
    assert statuses == {"kabar-pagi": "unsubscribed", "ekonomi": "active"}
    assert Subscription.objects.get(newsletter__slug="kabar-pagi").unsubscribe_source == "provider:Mailgun"
    assert not Suppression.objects.exists()


def test_events_kabar_has_no_use_for_are_not_kept(client, delivery):
    queued = {"event": "accepted", "timestamp": NOW.timestamp(), "recipient": "pembaca@example.com"}

    assert post(client, "mailgun", mailgun(queued)).status_code == 200

    assert not MailEvent.objects.exists()


def test_an_editions_figures_count_each_address_once_per_kind(client, delivery):
    other = EditionDelivery.objects.create(
        edition=delivery.edition, email="kedua@example.com", status="sent", message_id="<kedua@mg.kabar.example>"
    )
    base = {"timestamp": int(NOW.timestamp()), "anymail_id": delivery.message_id}
    batch = [
        {**base, "email": delivery.email, "event": "delivered", "sg_event_id": "d1"},
        {**base, "email": delivery.email, "event": "open", "sg_event_id": "o1"},
        {**base, "email": delivery.email, "event": "open", "sg_event_id": "o2"},
        {**base, "email": other.email, "anymail_id": other.message_id, "event": "bounce", "sg_event_id": "b1"},
    ]

    assert post(client, "sendgrid", batch).status_code == 200

    stats = queries.edition_stats(delivery.edition)
    assert (stats["delivered"], stats["opens"], stats["bounced"], stats["complained"]) == (1, 1, 1, 0)
