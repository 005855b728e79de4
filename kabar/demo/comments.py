"""Demo comments: threads with replies under the newest demo articles, one waiting for a moderator
and one reported, so the article pages, the comment pages and the moderation queue all show something.

Written straight to the table with times after each article's publication (the services would
date them now and rate-limit the demo's readers), then counted the way the services count them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from kabar.articles.models import ArticlePage
from kabar.comments import services as comment_services
from kabar.comments.models import Comment, CommentReport

# (username, e-mail, first name, last name). "pembaca" is also the reader kabar.demo.readers may make.
DEMO_READERS = [
    ("pembaca", "pembaca@example.com", "", ""),
    ("dewi.lestari", "dewi.lestari@example.com", "Dewi", "Lestari"),
    ("rahmat.hidayat", "rahmat.hidayat@example.com", "Rahmat", "Hidayat"),
]
NEWSROOM_USERNAME = "redaktur"

# Per article, newest first: (author, text, minutes after publication, replies as (author, text, minutes)).
THREADS = [
    [
        (
            "dewi.lestari",
            "Terima kasih atas liputannya. Semoga ada tindak lanjut dari pemerintah daerah.",
            35,
            [
                ("rahmat.hidayat", "Setuju. Kita tunggu saja kabar berikutnya.", 50),
                (NEWSROOM_USERNAME, "Terima kasih. Redaksi akan terus mengikuti perkembangannya.", 70),
            ],
        ),
        ("pembaca", "Data lengkapnya bisa dibaca di https://www.bps.go.id, cukup membantu.", 80, []),
    ],
    [
        (
            "rahmat.hidayat",
            "Apakah ada informasi jadwal lengkapnya?\nSaya ingin datang bersama keluarga.",
            20,
            [("dewi.lestari", "Biasanya diumumkan di situs resmi panitia sehari sebelumnya.", 45)],
        ),
    ],
    [
        ("pembaca", "Berita yang penting, tapi judulnya agak berlebihan menurut saya.", 15, []),
    ],
]
PENDING = ("rahmat.hidayat", "Dasar kampret, beritanya telat sekali!", 90)
REPORTED_BY = "pembaca"


def _readers() -> dict[str, AbstractBaseUser]:
    user_model = get_user_model()
    users = {}
    for username, email, first, last in DEMO_READERS:
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"email": email, "first_name": first, "last_name": last}
        )
        if created:
            # They only write the demo's comments; a real reader sets a password through /akun/.
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[username] = user
    newsroom = user_model.objects.filter(username=NEWSROOM_USERNAME).first()
    if newsroom is not None:
        users[NEWSROOM_USERNAME] = newsroom
    return users


def _at(article: ArticlePage, minutes: int, now: dt.datetime) -> dt.datetime:
    return min(article.published_at + dt.timedelta(minutes=minutes), now - dt.timedelta(minutes=1))


@transaction.atomic
def seed_demo_comments(created: Counter[str] | None = None, now: dt.datetime | None = None) -> int:
    """The demo's comments on the newest articles, once: nothing is added when demo readers have commented."""
    now = now or timezone.now()
    usernames = [reader[0] for reader in DEMO_READERS]
    if Comment.objects.filter(author__username__in=usernames).exists():
        return 0
    articles = list(
        ArticlePage.objects.live().public().filter(published_at__isnull=False).order_by("-published_at")[: len(THREADS)]
    )
    if not articles:
        return 0
    users = _readers()
    made: list[Comment] = []

    def add(article: ArticlePage, username: str, text: str, minutes: int, **fields: object) -> Comment | None:
        author = users.get(username)
        if author is None:
            return None
        comment = Comment.objects.create(
            article=article,
            author=author,
            text=text,
            status=fields.pop("status", Comment.Status.APPROVED),
            is_staff_reply=username == NEWSROOM_USERNAME,
            created_at=_at(article, minutes, now),
            **fields,
        )
        made.append(comment)
        return comment

    for article, threads in zip(articles, THREADS, strict=False):
        for username, text, minutes, replies in threads:
            parent = add(article, username, text, minutes)
            for reply_user, reply_text, reply_minutes in replies:
                add(article, reply_user, reply_text, reply_minutes, parent=parent)
    username, text, minutes = PENDING
    add(
        articles[0],
        username,
        text,
        minutes,
        status=Comment.Status.PENDING,
        hold_reason=Comment.HoldReason.WORDS,
        hold_detail="kampret",
    )
    reported = next(c for c in made if c.author.username != REPORTED_BY and c.parent_id is None)
    CommentReport.objects.create(
        comment=reported, reporter=users[REPORTED_BY], reason=CommentReport.Reason.FALSE, created_at=now
    )
    Comment.objects.filter(pk=reported.pk).update(open_reports=1)
    for article in articles:
        comment_services.refresh_article(article.pk)
    if created is not None:
        created["comments"] += len(made)
    return len(made)
