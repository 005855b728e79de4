"""`kabar demo` seeds the newsletters: the lists, a few hundred subscribers at example.com and .test
addresses, and yesterday's Kabar Pagi sent through the real send into files, with the provider's events."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kabar.newsletters import queries
from kabar.newsletters.models import Edition, EditionDelivery, MailEvent, NewsletterList, Subscription, Suppression
from tests.demo.support import seed

pytestmark = pytest.mark.django_db
# Monday 7 December 2026, 10:00 WIB.
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def seeded(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    with time_machine.travel(NOW, tick=False):
        seed()
    return tmp_path / "data"


def test_the_demo_offers_every_kind_of_list_to_subscribers_at_unreal_addresses_with_consent(seeded):
    lists = {newsletter.slug: newsletter for newsletter in NewsletterList.objects.all()}

    assert lists["kabar-pagi"].kind == NewsletterList.Kind.DIGEST
    assert lists["kabar-pagi"].send_time == dt.time(6, 0)
    assert lists["kabar-terkini"].kind == NewsletterList.Kind.BREAKING
    assert lists["kabar-plus"].kind == NewsletterList.Kind.MEMBERS
    sections = [n for n in lists.values() if n.kind == NewsletterList.Kind.SECTION]
    assert sections and all(n.section is not None for n in sections)
    assert {n.frequency for n in sections} <= {"daily", "weekly"}
    # Subscribers at addresses that reach no one, each with the consent a sign-up form records.
    addresses = set(Subscription.objects.values_list("email", flat=True))

    assert len(addresses) >= 200
    assert all(address.endswith(("@example.com", "@pembaca.test")) for address in addresses)
    assert not Subscription.objects.filter(consent_at__isnull=True).exists()
    assert not Subscription.objects.filter(status="active", confirmed_at__isnull=True).exists()


def test_yesterdays_kabar_pagi_was_sent_to_files_with_the_providers_figures(seeded):
    edition = Edition.objects.get(newsletter__slug="kabar-pagi")
    active = Subscription.objects.filter(newsletter__slug="kabar-pagi", status="active").count()

    assert edition.status == Edition.Status.SENT
    assert edition.sent_at < NOW
    assert EditionDelivery.objects.filter(edition=edition).count() == active
    mail_files = list((seeded / "mail" / "demo-newsletter").iterdir())
    assert mail_files and "Subject: Kabar Pagi" in mail_files[0].read_text()
    stats = queries.edition_stats(edition)
    assert stats["sent"] == active
    assert 0 < stats["bounced"] < stats["delivered"] and 0 < stats["opens"] < stats["delivered"]
    assert stats["clicks"] > 0
    bounced = MailEvent.objects.filter(delivery__edition=edition, kind="bounced").values_list("email", flat=True)
    assert set(bounced) <= set(Suppression.objects.values_list("email", flat=True))


def test_seeding_again_adds_no_lists_subscribers_or_editions(seeded):
    counts = (NewsletterList.objects.count(), Subscription.objects.count(), Edition.objects.count())

    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        seed()

    assert (NewsletterList.objects.count(), Subscription.objects.count(), Edition.objects.count()) == counts
