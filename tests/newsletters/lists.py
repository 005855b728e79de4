"""Builders for the subscribers' tests: lists as the newsroom sets them up, links read back from mail."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail

from kabar.newsletters.models import NewsletterList, Subscription

# Monday 7 December 2026, 09:00 WIB: every subscribers test runs at a fixed time.
NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)

LINK = re.compile(r"https?://\S+/nawala/[a-z-]+/[^\s\"<]+/")


def digest() -> NewsletterList:
    return NewsletterList.objects.create(
        slug="kabar-pagi", name="Kabar Pagi", kind=NewsletterList.Kind.DIGEST, position=1,
        description="Pilihan editor dan berita terpopuler setiap pagi.",
    )  # fmt: skip


def section_letter(section, name: str | None = None) -> NewsletterList:
    return NewsletterList.objects.create(
        slug=f"rubrik-{section.slug}", name=name or f"Nawala {section.title}", kind=NewsletterList.Kind.SECTION,
        section=section, position=5,
    )  # fmt: skip


def members_letter() -> NewsletterList:
    return NewsletterList.objects.create(
        slug="kabar-plus", name="Surat Kabar+", kind=NewsletterList.Kind.MEMBERS, position=9
    )


def subscription(newsletter: NewsletterList, email: str, status: str = "active", **fields) -> Subscription:
    return Subscription.objects.create(newsletter=newsletter, email=email, status=status, **fields)


def links_in(message) -> list[str]:
    """Every /nawala/ link of a mail's plain-text part, in order."""
    return LINK.findall(message.body)


def only_mail_to(address: str):
    [message] = [m for m in mail.outbox if address in m.to]
    return message
