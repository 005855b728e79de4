"""Demo newsletters: the lists an Indonesian newsroom offers (Kabar Pagi at 06:00 WIB, one letter per
section, breaking news, the Kabar+ letter), a few hundred subscribers at example.com / .test addresses,
and yesterday's Kabar Pagi already sent, with what the mail provider reported about it, so the admin's
lists, subscribers, suppressed addresses, editions and their figures all show something.

The edition goes through the real send (kabar.newsletters.sending), into a folder of files under the
data directory rather than to the console or a real server (the demo's addresses are not real). The
subscribers are written in bulk with their consent as a sign-up form records it: the sign-up service
would send each a confirmation mail and rate-limit them. The provider's events go through the same
service the webhooks use (services.record_mail_event), so bounces and a complaint suppress as they would.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone

from kabar.articles.models import ArticlePage, SectionPage
from kabar.core.timefmt import site_zone
from kabar.newsletters import clicks, sending, services
from kabar.newsletters.models import Edition, EditionDelivery, MailEvent, NewsletterList, Subscription

SUBSCRIBERS = 320
SEED = 20261207
# Sections with a daily letter; the others' letters are weekly.
DAILY_SECTIONS = {"nasional", "ekonomi"}
CONSENT_TEXT = "Saya ingin menerima nawala dari Kabar dan menyetujui Kebijakan Privasi."
FIRST_NAMES = [
    "ayu", "budi", "citra", "dedi", "eka", "fajar", "gita", "hendra", "indah", "joko", "kartika", "lukman",
    "maya", "nanda", "oki", "putri", "rizky", "sari", "taufik", "utami", "vina", "wahyu", "yuni", "zaki",
]  # fmt: skip
# What the provider reports about yesterday's mail, as shares of its recipients.
BOUNCED, SOFT_BOUNCED, COMPLAINED, OPENED, CLICKED = 0.02, 0.01, 0.003, 0.46, 0.14


def seed_newsletters(created: Counter[str], *, now: dt.datetime | None = None) -> None:
    """Make whatever is missing: lists by slug; subscribers and the sent edition only on a first run."""
    now = now or timezone.now()
    lists = _lists()
    created["newsletters"] += sum(1 for made in lists.values() if made[1])
    if Subscription.objects.exists():
        return
    rng = random.Random(SEED)
    by_slug = {slug: newsletter for slug, (newsletter, _) in lists.items()}
    created["newsletter_subscribers"] += _subscribers(by_slug, rng, now)
    if not Edition.objects.filter(newsletter=by_slug["kabar-pagi"]).exists():
        _sent_edition(by_slug["kabar-pagi"], rng, now)
        created["newsletter_editions"] += 1


def _lists() -> dict[str, tuple[NewsletterList, bool]]:
    wanted = [
        ("kabar-pagi", dict(name="Kabar Pagi", kind=NewsletterList.Kind.DIGEST, frequency="daily",
                            send_time=dt.time(6, 0), sender_name="Kabar Pagi", position=1,
                            description="Pilihan redaksi dan berita terpopuler, setiap pagi pukul 06.00 WIB.")),
        ("kabar-terkini", dict(name="Kabar Terkini", kind=NewsletterList.Kind.BREAKING, sender_name="Kabar Terkini",
                               position=2, description="Berita penting saat itu juga, hanya bila ada.")),
    ]  # fmt: skip
    for position, section in enumerate(SectionPage.objects.live().order_by("path"), start=10):
        daily = section.slug in DAILY_SECTIONS
        wanted.append(
            (
                f"nawala-{section.slug}",
                {
                    "name": f"Nawala {section.title}",
                    "kind": NewsletterList.Kind.SECTION,
                    "section": section,
                    "frequency": "daily" if daily else "weekly",
                    "position": position,
                    "description": f"Berita {section.title} pilihan redaksi, "
                    + ("setiap hari." if daily else "setiap Jumat."),
                },
            )
        )
    wanted.append(
        ("kabar-plus", dict(name="Surat Kabar+", kind=NewsletterList.Kind.MEMBERS, frequency="weekly", position=90,
                            description="Surat mingguan pemimpin redaksi untuk anggota Kabar+."))
    )  # fmt: skip
    return {slug: NewsletterList.objects.get_or_create(slug=slug, defaults=fields) for slug, fields in wanted}


def _address(n: int, rng: random.Random) -> str:
    name = FIRST_NAMES[n % len(FIRST_NAMES)]
    domain = "example.com" if n % 3 else "pembaca.test"
    return f"{name}.{n:03d}@{domain}"


def _subscribers(lists: dict[str, NewsletterList], rng: random.Random, now: dt.datetime) -> int:
    sections = [newsletter for slug, newsletter in lists.items() if slug.startswith("nawala-")]
    rows: list[Subscription] = []
    for n in range(SUBSCRIBERS):
        email = _address(n, rng)
        consent_at = now - dt.timedelta(days=rng.randint(2, 120), minutes=rng.randint(0, 1440))
        chosen = [lists["kabar-pagi"]] if rng.random() < 0.85 else []
        if rng.random() < 0.4:
            chosen.append(lists["kabar-terkini"])
        chosen += rng.sample(sections, k=min(len(sections), rng.choice((0, 1, 1, 2))))
        for newsletter in chosen or [lists["kabar-pagi"]]:
            roll = rng.random()
            status = "pending" if roll < 0.04 else "unsubscribed" if roll < 0.07 else "active"
            rows.append(
                Subscription(
                    newsletter=newsletter,
                    email=email,
                    status=status,
                    consent_at=consent_at,
                    consent_source=rng.choice(("article", "article", "footer", "account")),
                    consent_text=CONSENT_TEXT,
                    confirmed_at=None if status == "pending" else consent_at + dt.timedelta(minutes=rng.randint(1, 90)),
                    unsubscribed_at=now - dt.timedelta(days=1) if status == "unsubscribed" else None,
                    unsubscribe_source="one-click" if status == "unsubscribed" else "",
                )
            )
    Subscription.objects.bulk_create(rows)
    return len({row.email for row in rows})


def _sent_edition(newsletter: NewsletterList, rng: random.Random, now: dt.datetime) -> Edition:
    """Yesterday's Kabar Pagi at 06:00 WIB: composed, sent through the real send, then reported on."""
    local = now.astimezone(site_zone())
    sent_at = (local - dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
    picked = list(ArticlePage.objects.live().public().order_by("-published_at")[:5])
    edition = Edition.objects.create(
        newsletter=newsletter,
        subject=f"Kabar Pagi, {sent_at:%d/%m}: lima berita yang perlu Anda tahu",
        preheader="Pilihan redaksi dan yang paling banyak dibaca kemarin",
        intro="<p>Selamat pagi. Ini rangkuman redaksi untuk memulai hari Anda.</p>",
        body=[("articles", {"heading": "Pilihan Redaksi", "articles": picked})] if picked else [],
        created_at=sent_at - dt.timedelta(minutes=30),
    )
    services.send_edition_now(edition, now=now)
    # The demo's addresses are not real: the mail goes to files a reader can open, never to a server.
    folder = Path(settings.DATA_DIR) / "mail" / "demo-newsletter"
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=folder):
        sending.send_edition(edition.pk)
    Edition.objects.filter(pk=edition.pk).update(
        scheduled_at=sent_at, started_at=sent_at, sent_at=sent_at + dt.timedelta(minutes=2)
    )
    EditionDelivery.objects.filter(edition=edition).update(sent_at=sent_at + dt.timedelta(minutes=1))
    _provider_reports(edition, rng, sent_at)
    return edition


def _provider_reports(edition: Edition, rng: random.Random, sent_at: dt.datetime) -> None:
    """What a provider's tracking webhook would have reported over the morning, recorded by the real service."""
    links = [page.full_url for page in ArticlePage.objects.live().order_by("-published_at")[:5] if page.full_url]
    for delivery in EditionDelivery.objects.filter(edition=edition, status=EditionDelivery.Status.SENT):
        at = sent_at + dt.timedelta(minutes=rng.randint(1, 5))
        roll = rng.random()
        if roll < BOUNCED:
            _report(delivery, MailEvent.Kind.BOUNCED, at, detail="550 5.1.1 <{}>: Recipient address rejected")
            continue
        if roll < BOUNCED + SOFT_BOUNCED:
            _report(delivery, MailEvent.Kind.SOFT_BOUNCED, at, detail="452 4.2.2 Mailbox full")
            continue
        _report(delivery, MailEvent.Kind.DELIVERED, at)
        if rng.random() < OPENED:
            _report(delivery, MailEvent.Kind.OPENED, at + dt.timedelta(minutes=rng.randint(5, 240)))
            if links and rng.random() < CLICKED / OPENED:
                link = rng.choice(links)
                clicks.record_click(edition.pk, link)
        if rng.random() < COMPLAINED:
            _report(delivery, MailEvent.Kind.COMPLAINED, at + dt.timedelta(hours=3))


def _report(delivery: EditionDelivery, kind: str, at: dt.datetime, *, detail: str = "") -> None:
    services.record_mail_event(
        services.ReportedEvent(
            provider="Demo",
            kind=kind,
            event_key=f"demo-{delivery.pk}-{kind}",
            email=delivery.email,
            occurred_at=at,
            message_id=delivery.message_id,
            detail=detail.format(delivery.email),
            delivery_id=delivery.pk,
        )
    )
