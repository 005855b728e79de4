"""The demo's reader: `pembaca` (pembaca@example.com), with saved articles, a reading history and follows.

Seeded through the readers app's own services, so the demo shows what a login gives a reader.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from kabar.articles.models import ArticleWriter, SectionPage, TopicPage
from kabar.articles.queries import published_articles
from kabar.readers import services as reader_services
from kabar.readers.models import Follow

if TYPE_CHECKING:
    from kabar.demo.services import SeedReport

READER_USERNAME = "pembaca"
READER_EMAIL = "pembaca@example.com"
READER_NAME = "Pembaca Kabar"


def seed_reader(*, password: str | None, report: SeedReport, now: dt.datetime | None = None) -> AbstractUser:
    """The reader account, its verified address, and a few saves, reads and follows (only when it is new).

    `password` is the staff accounts' (KABAR_DEMO_PASSWORD or --password); without one, the
    password generated for the staff this run, or a new one reported the same way.
    """
    user_model = get_user_model()
    user = user_model.objects.filter(username=READER_USERNAME).first()
    if user is not None:
        if password is not None and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            report.password_reset = True
        return user
    if password is None and report.generated_password is None:
        report.generated_password = secrets.token_urlsafe(12)
    user = user_model.objects.create_user(
        username=READER_USERNAME, email=READER_EMAIL, password=password or report.generated_password
    )
    EmailAddress.objects.create(user=user, email=READER_EMAIL, verified=True, primary=True)
    reader_services.set_display_name(user, READER_NAME)
    report.created["readers"] += 1
    fill_reader_lists(user, now=now or timezone.now())
    return user


def fill_reader_lists(user: AbstractUser, *, now: dt.datetime) -> None:
    articles = list(published_articles()[:8])
    for article in articles[:3]:
        reader_services.save_article_for_later(user, article.pk)
    # Read one by one, an hour apart, so "Riwayat baca" shows a believable order.
    for hours, article in enumerate(articles[:6]):
        reader_services.record_reading(user, article.pk, now=now - dt.timedelta(hours=hours + 1))
    section = SectionPage.objects.live().order_by("path").first()
    if section is not None:
        reader_services.follow(user, Follow.Kind.SECTION, section.pk)
    topic = TopicPage.objects.live().order_by("-last_published_at").first()
    if topic is not None:
        reader_services.follow(user, Follow.Kind.TOPIC, topic.pk)
    credit = ArticleWriter.objects.filter(article__in=[a.pk for a in articles]).order_by("pk").first()
    if credit is not None:
        reader_services.follow(user, Follow.Kind.WRITER, credit.person_id)
