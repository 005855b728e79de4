"""Which provider events suppress an address: a hard bounce and a complaint at once, temporary bounces
after KABAR_NEWSLETTER_SOFT_BOUNCES in a row (a delivery in between starts the count again), a refusal
for an earlier bounce or spam; and a suppressed address gets no more editions. Posted through the real
webhooks (Postmark's and Brevo's documented payloads, behind the shared secret)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
import time_machine

from kabar.newsletters import queries, sending, services
from kabar.newsletters.models import EditionDelivery, MailEvent, Suppression
from tests.newsletters import editions

SECRET = "kabar-webhook:rahasia-bersama-1"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailNotSupportedWarning"),
]


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": [SECRET]}
    settings.KABAR_NEWSLETTER_SOFT_BOUNCES = 3
    with time_machine.travel(editions.NOW, tick=True):
        yield


def post(client, provider: str, payload: dict) -> None:
    auth = "Basic " + base64.b64encode(SECRET.encode()).decode()
    response = client.post(
        f"/nawala/webhooks/{provider}/tracking/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert response.status_code == 200, response.content


def brevo(event: str, email: str, day: int, **fields) -> dict:
    """Brevo's transactional webhook: one event, its time in ms since the epoch (UTC) in ts_epoch."""
    when = dt.datetime(2026, 12, day, 1, 0, tzinfo=dt.UTC)
    return {
        "event": event,
        "email": email,
        "ts_epoch": int(when.timestamp() * 1000),
        "message-id": f"<202612{day:02d}0100.{abs(hash(email)) % 10**8}@smtp-relay.mailin.fr>",
        **fields,
    }


def test_three_soft_bounces_in_a_row_suppress_the_address(client):
    for day in (1, 2):
        post(client, "brevo", brevo("soft_bounce", "penuh@example.com", day, reason="452 4.2.2 Mailbox full"))
    assert not queries.is_suppressed("penuh@example.com")
    assert services.soft_bounces_in_a_row("penuh@example.com") == 2

    post(client, "brevo", brevo("soft_bounce", "penuh@example.com", 3, reason="452 4.2.2 Mailbox full"))

    suppression = Suppression.objects.get(email="penuh@example.com")
    assert suppression.reason == Suppression.Reason.BOUNCE
    assert "3 kali terpental sementara berturut-turut" in suppression.detail
    assert MailEvent.objects.filter(kind=MailEvent.Kind.SOFT_BOUNCED).count() == 3


def test_a_delivery_between_soft_bounces_starts_the_count_again(client):
    post(client, "brevo", brevo("soft_bounce", "kadang@example.com", 1))
    post(client, "brevo", brevo("soft_bounce", "kadang@example.com", 2))
    post(client, "brevo", brevo("delivered", "kadang@example.com", 3))
    post(client, "brevo", brevo("soft_bounce", "kadang@example.com", 4))
    post(client, "brevo", brevo("soft_bounce", "kadang@example.com", 5))

    assert services.soft_bounces_in_a_row("kadang@example.com") == 2
    assert not queries.is_suppressed("kadang@example.com")


def test_a_delay_is_recorded_but_never_suppresses(client):
    for day in range(1, 6):
        post(client, "brevo", brevo("deferred", "lambat@example.com", day, reason="421 Try again later"))

    assert MailEvent.objects.filter(kind=MailEvent.Kind.DEFERRED).count() == 5
    assert not queries.is_suppressed("lambat@example.com")


def test_a_postmark_soft_bounce_is_counted_not_suppressed_at_once(client):
    bounce = {
        "RecordType": "Bounce", "ID": 692560173, "Type": "SoftBounce", "TypeCode": 4096,
        "MessageID": "9b7e1f3c-6a0d-4c55-8f2e-0d1c2b3a4f5e", "Email": "penuh@example.com",
        "BouncedAt": "2026-12-02T08:00:00+07:00", "Details": "452 4.2.2 Mailbox full",
        "Description": "Soft bounce", "Inactive": False, "CanActivate": True,
    }  # fmt: skip

    post(client, "postmark", bounce)

    assert MailEvent.objects.get().kind == MailEvent.Kind.SOFT_BOUNCED
    assert not queries.is_suppressed("penuh@example.com")


@pytest.mark.parametrize(
    ("event", "reason"),
    [("invalid_email", Suppression.Reason.BOUNCE), ("spam", Suppression.Reason.COMPLAINT)],
)
def test_brevo_invalid_addresses_and_spam_reports_suppress(client, event, reason):
    post(client, "brevo", brevo(event, "pembaca@example.com", 2))

    assert Suppression.objects.get(email="pembaca@example.com").reason == reason


def test_a_refusal_for_an_earlier_bounce_suppresses_but_a_blocked_send_does_not(client):
    dropped = {
        "email": "lama@example.com", "event": "dropped", "reason": "Bounced Address", "type": "bounce",
        "sg_event_id": "sg-dropped-1", "timestamp": int(editions.NOW.timestamp()),
    }  # fmt: skip
    post(client, "sendgrid", [dropped])
    post(client, "brevo", brevo("blocked", "diblokir@example.com", 2, reason="blocked : due to blacklist user"))

    assert queries.is_suppressed("lama@example.com")
    assert not queries.is_suppressed("diblokir@example.com")
    assert MailEvent.objects.filter(kind=MailEvent.Kind.REJECTED).count() == 2


def test_a_complaint_replaces_an_earlier_bounce_as_the_reason(client):
    post(client, "brevo", brevo("hard_bounce", "pembaca@example.com", 1))
    post(client, "brevo", brevo("spam", "pembaca@example.com", 2))

    assert Suppression.objects.get(email="pembaca@example.com").reason == Suppression.Reason.COMPLAINT


def test_a_suppressed_address_gets_no_more_editions(client, smtp_server):
    letter = editions.newsletter()
    readers = editions.subscribers(letter, 3)
    post(client, "brevo", brevo("hard_bounce", readers[1].email, 1))
    edition = editions.edition(letter)

    services.send_edition_now(edition)
    sending.send_edition(edition.pk)

    assert set(smtp_server.counts()) == {readers[0].email, readers[2].email}
    assert not EditionDelivery.objects.filter(edition=edition, email=readers[1].email, status="sent").exists()
