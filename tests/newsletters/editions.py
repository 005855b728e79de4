"""Builders for the editions' tests: an edition with every kind of block, and its subscribers."""

from __future__ import annotations

import datetime as dt

from kabar.newsletters.models import Edition, NewsletterList, Subscription
from tests import factories

# Monday 7 December 2026, 06:00 WIB.
NOW = dt.datetime(2026, 12, 6, 23, 0, tzinfo=dt.UTC)


def newsletter(**fields) -> NewsletterList:
    values = {"slug": "kabar-pagi", "name": "Kabar Pagi", "kind": NewsletterList.Kind.DIGEST,
              "sender_name": "Kabar Pagi", "sender_email": "pagi@kabar.example", **fields}  # fmt: skip
    return NewsletterList.objects.create(**values)


def subscribers(letter: NewsletterList, count: int, domain: str = "pembaca.example") -> list[Subscription]:
    return [
        Subscription.objects.create(newsletter=letter, email=f"pembaca{i:04d}@{domain}", status="active")
        for i in range(count)
    ]


def edition(
    letter: NewsletterList, *, picked=None, sponsor=None, text: str = "", automatic: int = 0, **fields
) -> Edition:
    body = []
    if picked:
        body.append(("articles", {"heading": "Pilihan Editor", "articles": picked}))
    if automatic:
        body.append(("automatic", {"heading": "Terpopuler", "source": "picks_most_read", "count": automatic}))
    if text:
        body.append(("text", text))
    if sponsor:
        body.append(("sponsor", sponsor))
    values = {
        "subject": "Kabar Pagi: kabinet baru diumumkan",
        "preheader": "Lima berita pilihan pagi ini",
        "intro": '<p>Selamat pagi. <a href="https://contoh.example/laporan">Laporan lengkap</a>.</p>',
        **fields,
    }
    return Edition.objects.create(newsletter=letter, body=body, **values)


def articles(count: int, **fields) -> list:
    return [factories.article(f"Berita nomor {i + 1}", **fields) for i in range(count)]
