"""Builders for real objects in the test database: sections, people, sources, articles, staff."""

from __future__ import annotations

import datetime as dt
import io
import itertools

from django.contrib.auth.models import Group, User
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.users.models import UserProfile

from kabar.articles import services
from kabar.articles.models import ArticlePage, ArticleWriter, HomePage, SectionPage, TopicIndexPage, TopicPage
from kabar.people.models import Person
from kabar.sources.models import Source

_counter = itertools.count(1)


def home() -> HomePage:
    return HomePage.objects.get()


def section(title: str = "Nasional", slug: str | None = None) -> SectionPage:
    slug = slug or title.lower().replace(" ", "-")
    existing = SectionPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    page = SectionPage(title=title, slug=slug)
    home().add_child(instance=page)
    page.save_revision().publish()
    return page


def topic(title: str = "Kunjungan Kim Jong Un ke Rusia") -> TopicPage:
    index = TopicIndexPage.objects.get()
    page = TopicPage(title=title, slug=f"topik-{next(_counter)}")
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def person(name: str = "Rina Wijaya", role: str = Person.Role.WRITER) -> Person:
    return Person.objects.create(name=name, slug=f"{name.lower().replace(' ', '-')}-{next(_counter)}", role=role)


def source(name: str = "Reuters") -> Source:
    found = Source.objects.filter(name=name).first()
    return found or Source.objects.create(name=name, slug=name.lower().replace(" ", "-"))


def image(title: str = "Foto", size: tuple[int, int] = (1600, 900)) -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (20, 90, 160)).save(buffer, format="JPEG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"foto-{next(_counter)}.jpg"))


def paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def read_also(linked: ArticlePage) -> tuple[str, dict[str, ArticlePage]]:
    """An editor-placed "Baca juga" block for an article body."""
    return ("read_also", {"article": linked})


def article(
    title: str | None = None,
    *,
    in_section: SectionPage | None = None,
    body: list | None = None,
    writers: list[Person] | None = None,
    sources: list[Source] | None = None,
    tags: list[str] | None = None,
    published: bool = True,
    published_at: dt.datetime | None = None,
    **fields: object,
) -> ArticlePage:
    """A real article filed in its section's monthly folder, published unless told otherwise."""
    title = title or f"Artikel uji {next(_counter)}"
    page = ArticlePage(
        title=title,
        summary=fields.pop("summary", f"Ringkasan {title}."),
        body=body if body is not None else paragraphs("Paragraf satu.", "Paragraf dua.", "Paragraf tiga."),
        **fields,
    )
    for writer in writers or []:
        page.writers.add(ArticleWriter(person=writer))
    if sources:
        page.sources = sources
    if tags:
        page.tags.add(*tags)
    services.file_article(in_section or section(), page)
    if published:
        services.publish_article(page)
        if published_at is not None:
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=published_at, last_published_at=published_at, published_at=published_at
            )
            services.refresh_search_entries([page.pk])  # as publishing on that date would have left it
        page.refresh_from_db()
    return page


STAFF_PASSWORD = "rahasia-uji-123"


def staff(username: str, group: str | None, *, superuser: bool = False, password: str = STAFF_PASSWORD) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.com", password=password)
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def in_english(user: User) -> User:
    """The admin in English for this staff member, so tests can check labels by their msgids."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def now() -> dt.datetime:
    return timezone.now()
