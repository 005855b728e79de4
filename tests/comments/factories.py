"""Builders for comments and the people around them: readers, moderators, comments in any state."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth.models import Group, User
from django.utils import timezone

from kabar.articles.models import ArticlePage
from kabar.comments import services
from kabar.comments.models import Ban, Comment
from tests import factories

_counter = itertools.count(1)


def reader(username: str | None = None, *, first_name: str = "", last_name: str = "") -> User:
    """A reader account as allauth makes them: no admin rights."""
    username = username or f"pembaca{next(_counter)}"
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.com",
        password=factories.STAFF_PASSWORD,
        first_name=first_name,
        last_name=last_name,
    )


def moderator(username: str = "moderator") -> User:
    user = reader(username)
    user.groups.add(Group.objects.get(name=services.MODERATORS))
    return user


def comment(
    article: ArticlePage,
    author: User | None = None,
    text: str | None = None,
    *,
    status: str = Comment.Status.APPROVED,
    parent: Comment | None = None,
    ago: dt.timedelta = dt.timedelta(minutes=30),
    **fields: object,
) -> Comment:
    """A comment as if posted `ago`, with the article's count kept right (as the services keep it)."""
    made = Comment.objects.create(
        article=article,
        author=author or reader(),
        text=text or f"Komentar uji nomor {next(_counter)}.",
        status=status,
        parent=parent,
        created_at=timezone.now() - ago,
        **fields,
    )
    services.refresh_article(article.pk)
    return made


def ban(user: User, *, days: int | None = None, reason: str = "Menghina pembaca lain.") -> Ban:
    expires = timezone.now() + dt.timedelta(days=days) if days else None
    return Ban.objects.create(user=user, reason=reason, expires_at=expires)
