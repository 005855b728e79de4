"""An edition goes through a real SMTP server on loopback to each subscriber once, with a text and an
HTML part, the list's sender, the unsubscribe headers of RFC 8058 and links through Kabar's redirect;
whoever unsubscribed or was suppressed meanwhile is skipped, and a refusing domain does not stop it."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client

from kabar.newsletters import sending, services
from kabar.newsletters.models import Edition, EditionDelivery, Subscription, Suppression
from tests.newsletters import editions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(editions.NOW, tick=True):
        yield


def parts(message) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}


def test_an_edition_reaches_each_subscriber_once_with_both_parts_and_its_unsubscribe_headers(smtp_server):
    letter = editions.newsletter()
    readers = editions.subscribers(letter, 5)
    picked = editions.articles(2)
    edition = editions.edition(letter, picked=picked)

    services.send_edition_now(edition)
    report = sending.send_edition(edition.pk)

    assert (report.status, report.sent, report.recipients, report.queued) == ("sent", 5, 5, 0)
    assert smtp_server.counts() == {reader.email: 1 for reader in readers}
    message = smtp_server.to(readers[0].email)[0]
    assert message["Subject"] == "Kabar Pagi: kabinet baru diumumkan"
    assert message["From"] == "Kabar Pagi <pagi@kabar.example>"
    assert message["List-Id"] == "Kabar Pagi <kabar-pagi.list.kabar.example>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [one_click] = re.findall(r"<(https?://[^>]+)>", message["List-Unsubscribe"])
    assert "/nawala/berhenti/" in one_click and one_click.endswith("/satu-klik/")
    delivery = EditionDelivery.objects.get(edition=edition, email=readers[0].email)
    assert message["Message-ID"] == delivery.message_id
    assert delivery.status == EditionDelivery.Status.SENT and delivery.attempts == 1

    body = parts(message)
    assert set(body) == {"text/plain", "text/html"}
    for article in picked:
        assert article.title in body["text/plain"] and article.title in body["text/html"]
    # The footer's unsubscribe link is this reader's own, in both parts.
    own = Subscription.objects.get(newsletter=letter, email=readers[0].email)
    assert body["text/plain"].count("/nawala/berhenti/") == 1
    assert "__KABAR_" not in body["text/html"] + body["text/plain"]
    other = smtp_server.to(readers[1].email)[0]
    assert parts(other)["text/html"] != body["text/html"]
    assert own.status == Subscription.Status.ACTIVE

    # The one-click URL of the header unsubscribes with a bare POST, as a mail program sends it.
    path = one_click.split("://", 1)[1].split("/", 1)[1]
    response = Client(enforce_csrf_checks=True).post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code in (200, 204, 302)
    own.refresh_from_db()
    assert own.status == Subscription.Status.UNSUBSCRIBED
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT and edition.sent_at is not None


def test_addresses_unsubscribed_or_suppressed_after_the_edition_was_queued_are_skipped(smtp_server):
    letter = editions.newsletter()
    readers = editions.subscribers(letter, 4)
    edition = editions.edition(letter, picked=editions.articles(1))
    services.send_edition_now(edition)
    sending.start(Edition.objects.get(pk=edition.pk))  # fanned out: four rows queued
    Subscription.objects.filter(pk=readers[0].pk).update(status=Subscription.Status.UNSUBSCRIBED)
    Suppression.objects.create(email=readers[1].email, reason=Suppression.Reason.COMPLAINT)

    report = sending.send_edition(edition.pk)

    assert smtp_server.counts() == {readers[2].email: 1, readers[3].email: 1}
    assert (report.sent, report.skipped) == (2, 2)


def test_a_domain_refusing_every_mailbox_fails_its_rows_and_the_send_goes_on(smtp_server, settings):
    settings.KABAR_NEWSLETTER_BATCH_SIZE = 7
    smtp_server.refuse = {"@hilang.example"}
    smtp_server.temporary = {"@penuh.example"}
    letter = editions.newsletter()
    good = editions.subscribers(letter, 10)
    gone = editions.subscribers(letter, 15, domain="hilang.example")
    full = editions.subscribers(letter, 2, domain="penuh.example")
    edition = editions.edition(letter, picked=editions.articles(1))
    services.send_edition_now(edition)

    report = sending.send_edition(edition.pk)

    assert smtp_server.counts() == {reader.email: 1 for reader in good}
    assert (report.status, report.sent, report.failed) == ("sent", 10, 17)
    failed = EditionDelivery.objects.filter(edition=edition, status=EditionDelivery.Status.FAILED)
    assert {row.email for row in failed} == {s.email for s in gone + full}
    assert failed.get(email=gone[0].email).error.startswith("550")
    assert failed.get(email=full[0].email).error.startswith("451")


def test_sending_an_edition_again_mails_no_one_twice(smtp_server):
    letter = editions.newsletter()
    readers = editions.subscribers(letter, 3)
    edition = editions.edition(letter, picked=editions.articles(1))
    services.send_edition_now(edition)
    sending.send_edition(edition.pk)
    sending.send_edition(edition.pk)
    with pytest.raises(services.EditionError):
        services.send_edition_now(Edition.objects.get(pk=edition.pk))

    assert smtp_server.counts() == {reader.email: 1 for reader in readers}
