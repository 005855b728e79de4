"""Reads: a reader's name and picture, their lists, what they follow, and the status the site's script asks for."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from kabar.articles.models import ArticlePage, ArticleWriter, SectionPage, TopicPage
from kabar.articles.queries import published_articles
from kabar.people.models import Person
from kabar.readers.models import Follow, ReaderProfile, SavedArticle

# The avatar colours readers.css defines (.avatar--0 ... .avatar--5), all AA against white text.
AVATAR_COLOURS = 6
# Where each kind of follow points in URLs (/akun/ikuti/<slug>/<id>/): the site's own words.
FOLLOW_URL_SLUGS = {Follow.Kind.SECTION: "rubrik", Follow.Kind.TOPIC: "topik", Follow.Kind.WRITER: "penulis"}
FOLLOW_KINDS_BY_SLUG = {slug: kind for kind, slug in FOLLOW_URL_SLUGS.items()}
FOLLOW_FIELDS = {Follow.Kind.SECTION: "section", Follow.Kind.TOPIC: "topic", Follow.Kind.WRITER: "writer"}


@dataclass(frozen=True)
class ReaderIdentity:
    """How the reader appears in the header menu and on their own pages."""

    name: str
    initials: str
    colour: int
    avatar_url: str | None


@dataclass(frozen=True)
class FollowTarget:
    """Something a reader can follow, with what the page shows for it."""

    kind: Follow.Kind
    id: int
    name: str
    url: str

    @property
    def url_slug(self) -> str:
        return FOLLOW_URL_SLUGS[self.kind]

    @property
    def key(self) -> tuple[str, int]:
        return (str(self.kind), self.id)


# --- who the reader is ---------------------------------------------------------------------------


def profile_of(user: AbstractBaseUser) -> ReaderProfile | None:
    return ReaderProfile.objects.filter(user=user).first()


def reader_name(user: AbstractBaseUser, profile: ReaderProfile | None = None) -> str:
    """The chosen display name, else the name a social login gave, else the e-mail address before the @."""
    if profile is not None and profile.display_name:
        return profile.display_name
    full_name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    if full_name:
        return full_name
    email = getattr(user, "email", "") or ""
    return email.partition("@")[0] or user.get_username()


def initials(name: str) -> str:
    letters = [word[0] for word in name.split() if word and word[0].isalnum()]
    return "".join(letters[:2]).upper() or "?"


def reader_identity(user: AbstractBaseUser, profile: ReaderProfile | None = None) -> ReaderIdentity:
    profile = profile if profile is not None else profile_of(user)
    name = reader_name(user, profile)
    # From the account's id, not the name: the colour stays when the reader renames themselves.
    colour = int(hashlib.sha256(str(user.pk).encode()).hexdigest(), 16) % AVATAR_COLOURS
    avatar_url = profile.avatar.url if profile is not None and profile.avatar else None
    return ReaderIdentity(name=name, initials=initials(name), colour=colour, avatar_url=avatar_url)


def is_staff_account(user: AbstractBaseUser) -> bool:
    """Whether the account can use the newsroom (the Wagtail admin)."""
    return bool(user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin")))


# --- articles ------------------------------------------------------------------------------------


def readable_article(article_id: int) -> ArticlePage | None:
    """The article if any reader may open it now: live, public and published."""
    return (
        ArticlePage.objects.live()
        .public()
        .filter(pk=article_id, published_at__isnull=False)
        .select_related("section", "topic")
        .first()
    )


def saved_articles(user: AbstractBaseUser) -> QuerySet[ArticlePage]:
    """ "Tersimpan": the reader's saved articles that are still published, last saved first."""
    return (
        published_articles()
        .filter(reader_saves__reader=user)
        .annotate(saved_at=F("reader_saves__saved_at"))
        .order_by("-saved_at", "-pk")
    )


def is_saved(user: AbstractBaseUser, article_id: int) -> bool:
    return SavedArticle.objects.filter(reader=user, article_id=article_id).exists()


def reading_history(user: AbstractBaseUser) -> QuerySet[ArticlePage]:
    """ "Riwayat baca": articles the reader opened that are still published, last read first."""
    return (
        published_articles()
        .filter(reader_reads__reader=user)
        .annotate(read_at=F("reader_reads__read_at"))
        .order_by("-read_at", "-pk")
    )


def for_you_articles(user: AbstractBaseUser) -> QuerySet[ArticlePage]:
    """ "Untuk Anda": the latest articles of every section, topic and writer the reader follows.

    One query whatever the number of follows: each kind is a subquery on the reader's follows.
    """
    follows = Follow.objects.filter(reader=user)
    by_writers = ArticleWriter.objects.filter(
        person_id__in=follows.filter(writer__isnull=False).values("writer_id")
    ).values("article_id")
    return published_articles().filter(
        Q(section_id__in=follows.filter(section__isnull=False).values("section_id"))
        | Q(topic_id__in=follows.filter(topic__isnull=False).values("topic_id"))
        | Q(pk__in=by_writers)
    )


# --- follows -------------------------------------------------------------------------------------


def _section_target(section: SectionPage) -> FollowTarget:
    return FollowTarget(Follow.Kind.SECTION, section.pk, section.title, f"/{section.slug}/")


def _topic_target(topic: TopicPage) -> FollowTarget:
    return FollowTarget(Follow.Kind.TOPIC, topic.pk, topic.title, topic.url or "")


def _writer_target(person: Person) -> FollowTarget:
    return FollowTarget(Follow.Kind.WRITER, person.pk, person.name, person.get_absolute_url())


def follow_target(kind: Follow.Kind | str, target_id: int) -> FollowTarget | None:
    """The section, topic or writer a reader may follow, or None when there is no such thing to follow."""
    if kind == Follow.Kind.SECTION:
        section = SectionPage.objects.live().filter(pk=target_id).first()
        return _section_target(section) if section else None
    if kind == Follow.Kind.TOPIC:
        topic = TopicPage.objects.live().filter(pk=target_id).first()
        return _topic_target(topic) if topic else None
    if kind == Follow.Kind.WRITER:
        person = Person.objects.filter(pk=target_id).first()
        return _writer_target(person) if person else None
    return None


def section_targets() -> list[FollowTarget]:
    """Every live section, in the navigation's order, to offer a reader who follows nothing yet."""
    return [_section_target(s) for s in SectionPage.objects.live().order_by("path").only("pk", "title", "slug")]


def follows_of(user: AbstractBaseUser) -> list[FollowTarget]:
    """What the reader follows, sections first, then topics, then writers, each by name."""
    follows = list(Follow.objects.filter(reader=user).select_related("section", "topic", "writer"))
    targets = (
        [_section_target(f.section) for f in follows if f.section_id]
        + [_topic_target(f.topic) for f in follows if f.topic_id]
        + [_writer_target(f.writer) for f in follows if f.writer_id]
    )
    order = list(Follow.Kind)
    return sorted(targets, key=lambda t: (order.index(t.kind), t.name.lower()))


def article_follow_targets(article: ArticlePage) -> list[FollowTarget]:
    """What the article page offers to follow: its section, its topic and its writers."""
    targets: list[FollowTarget] = []
    if article.section_id and article.section is not None:
        targets.append(_section_target(article.section))
    if article.topic_id and article.topic is not None and article.topic.live:
        targets.append(_topic_target(article.topic))
    writers = ArticleWriter.objects.filter(article=article).select_related("person").order_by("sort_order")
    targets += [_writer_target(w.person) for w in writers]
    return targets


def followed_keys(user: AbstractBaseUser, targets: list[FollowTarget]) -> set[tuple[str, int]]:
    """Which of `targets` the reader follows, in one query."""
    if not targets:
        return set()
    condition = Q()
    for kind in Follow.Kind:
        ids = [t.id for t in targets if t.kind == kind]
        if ids:
            condition |= Q(**{f"{FOLLOW_FIELDS[kind]}_id__in": ids})
    found = Follow.objects.filter(condition, reader=user).values_list("section_id", "topic_id", "writer_id")
    keys = set()
    for section_id, topic_id, writer_id in found:
        if section_id:
            keys.add((str(Follow.Kind.SECTION), section_id))
        elif topic_id:
            keys.add((str(Follow.Kind.TOPIC), topic_id))
        else:
            keys.add((str(Follow.Kind.WRITER), writer_id))
    return keys


# --- the status endpoint -------------------------------------------------------------------------


def account_links() -> dict[str, str]:
    return {
        "account": reverse("readers:account"),
        "for_you": reverse("readers:for_you"),
        "saved": reverse("readers:saved"),
        "history": reverse("readers:history"),
        "logout": reverse("account_logout"),
    }


def account_labels() -> dict[str, str]:
    """The menu's words, translated here so the public pages' script carries no text of its own."""
    return {
        "account": _("My account"),
        "for_you": _("For you"),
        "saved": _("Saved"),
        "history": _("Reading history"),
        "logout": _("Log out"),
        "edit": _("Edit this page"),
        "menu": _("Account menu"),
    }


def edit_url(user: AbstractBaseUser, page_id: int | None) -> str | None:
    """The admin's edit screen for the page, for staff who may edit it; None for everyone else."""
    if page_id is None or not is_staff_account(user):
        return None
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.permissions_for_user(user).can_edit():
        return None
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def reader_status(user: AbstractBaseUser | AnonymousUser, page_id: int | None = None) -> dict[str, Any]:
    """What GET /akun/status/ answers, without the CSRF token (the view adds it).

    The per-reader parts of a page live here, never in the cached HTML: see "Per-reader parts
    and caching" in docs/architecture.md.
    """
    if not user.is_authenticated:
        return {
            "authenticated": False,
            "links": {"login": reverse("account_login"), "signup": reverse("account_signup")},
            "saved": None,
            "following": [],
            "edit_url": None,
        }
    identity = reader_identity(user)
    status: dict[str, Any] = {
        "authenticated": True,
        "name": identity.name,
        "initials": identity.initials,
        "avatar_colour": identity.colour,
        "avatar_url": identity.avatar_url,
        "links": account_links(),
        # The menu's accessible name starts with the name it shows (WCAG 2.5.3, label in name).
        "labels": account_labels() | {"menu": _("%(name)s, account menu") % {"name": identity.name}},
        "saved": None,
        "following": [],
        "edit_url": edit_url(user, page_id),
    }
    article = readable_article(page_id) if page_id is not None else None
    if article is not None:
        targets = article_follow_targets(article)
        followed = followed_keys(user, targets)
        status["saved"] = is_saved(user, article.pk)
        status["following"] = [
            {"kind": str(t.kind), "id": t.id, "name": t.name, "following": t.key in followed} for t in targets
        ]
    return status
