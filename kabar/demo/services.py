"""The demo newsroom: sections, people, sources, topics, staff and articles from articles.json, and a bulk archive.

Seeding goes through the same services the newsroom uses (filing in monthly folders, publishing
revisions, corrections), then moves the recorded times back to when the story "happened".
The archive is written in bulk instead, straight into the page tree; see `seed_archive`.
The wire desk gets a drop-folder feed of its own, filled with agency files for the worker to
pick up; see `seed_wire_desk`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import random
import re
import secrets
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.db.models import Avg, F
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag
from tqdm import tqdm
from wagtail.coreutils import find_available_slug
from wagtail.images.models import Image
from wagtail.models import Collection, Page, PageLogEntry, Revision
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from kabar.articles.models import (
    ArchiveFolderPage,
    ArticlePage,
    ArticleTag,
    ArticleWriter,
    Correction,
    HomePage,
    SearchEntry,
    SectionPage,
    TopicIndexPage,
    TopicPage,
)
from kabar.articles.search_index import entry_stems, stored_blocks
from kabar.articles.services import ensure_site_tree, month_folder
from kabar.core.roles import Role
from kabar.core.search import WORD
from kabar.core.timefmt import site_zone
from kabar.demo import pictures, queries
from kabar.demo.brand import seed_brand
from kabar.demo.fronts import seed_fronts
from kabar.demo.models import DemoArticle
from kabar.demo.readership import seed_readership
from kabar.people.models import Person
from kabar.sources.models import Source

if TYPE_CHECKING:
    from kabar.wire.models import WireFeed

DEFAULT_CONTENT = Path(__file__).resolve().parent / "content" / "articles.json"
DEMO_COLLECTION = "Demo"

ARCHIVE_PER_DAY = 500
ARCHIVE_CHUNK = 5000
ARCHIVE_SEED = 20230922

BODY_TYPES = {"paragraph", "subheading", "quote", "read_also"}
PERSON_ROLES = {choice.value for choice in Person.Role}

DEFAULT_WIRE_CONTENT = Path(__file__).resolve().parent / "content" / "wire"
WIRE_FEED_NAME = "Antara (demo)"
# The demo's Antara from articles.json; made from this when other content has no source of that slug.
WIRE_AGENCY = {"slug": "antara", "name": "Antara", "short_name": "Antara", "url": "https://www.antaranews.com"}
WIRE_SECTION = "nasional"
WIRE_FOLDER = ("wire", "antara-demo")
WIRE_POLL_SECONDS = 30
# "{{now-15m}}" in a wire file: fifteen minutes before seeding, so the copy reads as just sent.
WIRE_TIME = re.compile(r"\{\{now-(\d+)m\}\}")


@dataclass(frozen=True)
class StaffAccount:
    username: str
    group: str
    role: str
    superuser: bool
    fallback_name: str


# Each account is linked to a person of its role from articles.json, so its own articles credit it.
STAFF_ACCOUNTS = (
    StaffAccount("penulis", Role.WRITER, Person.Role.WRITER, False, "Penulis Kabar"),
    StaffAccount("redaktur", Role.EDITOR, Person.Role.EDITOR, False, "Redaktur Kabar"),
    StaffAccount("admin", Role.ADMIN, Person.Role.EDITOR, True, "Admin Kabar"),
)


class DemoContentError(ValueError):
    """articles.json or the wire copy is missing, unreadable or refers to things it does not define."""


@dataclass(frozen=True)
class WireDeskReport:
    feed: WireFeed
    created: bool
    # The agency files this run dropped into the feed's folder (none unless it created the feed).
    files: tuple[Path, ...] = ()


@dataclass
class SeedReport:
    created: Counter[str] = field(default_factory=Counter)
    # Set only when this run made up the password, so the command can show it once.
    generated_password: str | None = None
    password_reset: bool = False
    accounts: list[str] = field(default_factory=list)
    wire_desk: WireDeskReport | None = None


@dataclass
class ArchiveReport:
    created: int = 0
    total: int = 0
    folders_created: int = 0
    oldest: dt.datetime | None = None
    newest: dt.datetime | None = None


# --- the content file --------------------------------------------------------------------------


def load_content(path: Path | str | None = None) -> dict[str, Any]:
    """articles.json (or another file in its format), checked so seeding never stops half-way on a typo."""
    path = Path(path) if path else DEFAULT_CONTENT
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DemoContentError(_("Demo content not found: %(path)s") % {"path": path}) from error
    except (OSError, json.JSONDecodeError) as error:
        raise DemoContentError(
            _("Demo content %(path)s is unreadable: %(error)s") % {"path": path, "error": error}
        ) from error
    problems = content_problems(content)
    if problems:
        raise DemoContentError("\n".join([_("Demo content %(path)s has problems:") % {"path": path}, *problems]))
    return content


def content_problems(content: Any) -> list[str]:
    """Everything wrong with the content's references, one line each."""
    if not isinstance(content, dict):
        return [_("The top level must be an object.")]
    problems: list[str] = []
    slugs: dict[str, set[str]] = {}
    for kind in ("sections", "people", "sources", "topics"):
        items = content.get(kind, [])
        slugs[kind] = {item.get("slug", "") for item in items}
        if len(slugs[kind]) != len(items):
            problems.append(_("%(kind)s: slugs must be present and unique.") % {"kind": kind})
    for person in content.get("people", []):
        if person.get("role") not in PERSON_ROLES:
            problems.append(
                _("Person %(slug)s: unknown role %(role)r.") % {"slug": person.get("slug"), "role": person.get("role")}
            )
    articles = content.get("articles", [])
    keys = {article.get("key", "") for article in articles}
    if len(keys) != len(articles) or "" in keys:
        problems.append(_("articles: keys must be present and unique."))
    for article in articles:
        key = article.get("key")

        def refer(kind: str, slug: str | None, key: str | None = key) -> None:
            if slug not in slugs[kind]:
                problems.append(_("Article %(key)s: no %(kind)s %(slug)r.") % {"key": key, "kind": kind, "slug": slug})

        refer("sections", article.get("section"))
        refer("people", article.get("editor"))
        for slug in article.get("writers", []):
            refer("people", slug)
        for slug in article.get("sources", []):
            refer("sources", slug)
        if article.get("topic"):
            refer("topics", article["topic"])
        if not article.get("title") or not isinstance(article.get("hours_ago"), int | float):
            problems.append(_("Article %(key)s: needs a title and hours_ago.") % {"key": key})
        if article.get("image", {}).get("palette") not in pictures.PALETTES:
            problems.append(_("Article %(key)s: unknown image palette.") % {"key": key})
        for block in article.get("body", []):
            if block.get("type") not in BODY_TYPES:
                problems.append(_("Article %(key)s: unknown block %(type)r.") % {"key": key, "type": block.get("type")})
            elif block["type"] == "read_also" and block.get("key") not in keys:
                problems.append(
                    _("Article %(key)s: reads-also %(other)r is not an article.")
                    % {"key": key, "other": block.get("key")}
                )
    return problems


# --- seeding the newsroom ------------------------------------------------------------------------


def seed_newsroom(
    content_path: Path | str | None = None,
    *,
    password: str | None = None,
    now: dt.datetime | None = None,
    progress: bool = False,
) -> SeedReport:
    """Create whatever of the demo newsroom is missing; what exists (matched by slug or key) is left as it is.

    `password` is for the staff accounts; without one, new accounts get a generated one, reported once.
    """
    content = load_content(content_path)
    now = now or timezone.now()
    report = SeedReport()
    steps = sum(len(content.get(kind, [])) for kind in ("sections", "topics", "sources", "people", "articles"))
    with transaction.atomic(), tqdm(total=steps, desc=_("Demo newsroom"), unit="", disable=not progress) as bar:
        home = ensure_site_tree()
        if apps.is_installed("kabar.newsroom"):
            from kabar.newsroom.services import ensure_newsroom

            ensure_newsroom(home)
        collection = demo_collection()
        sections = {item["slug"]: add_section(home, item, report) for item in _ticking(content["sections"], bar)}
        seed_brand(sections, report)
        people = {item["slug"]: add_person(item, collection, report) for item in _ticking(content["people"], bar)}
        sources = {item["slug"]: add_source(item, report) for item in _ticking(content["sources"], bar)}
        users = add_staff(content, people, password, report)
        topics: dict[str, TopicPage] = {}
        new_topics: list[TopicPage] = []
        for item in _ticking(content["topics"], bar):
            topic = TopicPage.objects.filter(slug=item["slug"]).first()
            if topic is None:
                topic = add_topic(item, content, sections, collection, report)
                new_topics.append(topic)
            topics[item["slug"]] = topic
        stories = NewStories(now=now, editor_user=users.get("redaktur"))
        existing = queries.demo_articles_by_key()
        for entry in _ticking(content["articles"], bar):
            if entry["key"] in existing:
                continue
            stories.add(entry, sections, people, sources, topics, collection, users, report)
        stories.link_read_also(existing)
        stories.correct(report)
        stories.move_times_back()
        date_topics(new_topics)
        seed_fronts()
        seed_readership(now)
        seed_feature_apps(password=password, report=report, now=now)
    return report


def seed_feature_apps(*, password: str | None, report: SeedReport, now: dt.datetime) -> None:
    """What each installed feature app shows in the demo; an app taken out of INSTALLED_APPS is skipped."""
    if apps.is_installed("kabar.wire"):
        report.wire_desk = seed_wire_desk(now=now, report=report)
    if apps.is_installed("kabar.readers"):
        from kabar.demo.readers import seed_reader

        seed_reader(password=password, report=report, now=now)
    if apps.is_installed("kabar.comments"):
        from kabar.demo.comments import seed_demo_comments

        seed_demo_comments(report.created, now=now)
    if apps.is_installed("kabar.membership"):
        from kabar.demo.membership import seed_membership

        seed_membership(password=password, report=report, now=now)
    if apps.is_installed("kabar.ads"):
        from kabar.demo.ads import seed_house_ads

        seed_house_ads(report)
    if apps.is_installed("kabar.pages"):
        from kabar.demo.pages import seed_standard_pages

        seed_standard_pages(report)
    if apps.is_installed("kabar.newsletters"):
        from kabar.demo.newsletters import seed_newsletters

        seed_newsletters(report.created, now=now)
    if apps.is_installed("kabar.live"):
        from kabar.demo.live import seed_live_reports

        seed_live_reports(report, now=now)


def _ticking(items: list[dict[str, Any]], bar: tqdm) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        bar.update(1)


def demo_collection() -> Collection:
    found = Collection.objects.filter(name=DEMO_COLLECTION).first()
    return found or Collection.get_first_root_node().add_child(name=DEMO_COLLECTION)


def add_picture(title: str, filename: str, data: bytes, collection: Collection) -> Image:
    return Image.objects.create(
        title=title[:255],
        file=ImageFile(io.BytesIO(data), name=filename),
        collection=collection,
        file_size=len(data),
        # The same hash Wagtail stores for an upload, so its duplicate check recognises these.
        file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
    )


def add_section(home: HomePage, item: dict[str, Any], report: SeedReport) -> SectionPage:
    section = SectionPage.objects.filter(slug=item["slug"]).first()
    if section is not None:
        return section
    section = SectionPage(title=item["title"], slug=item["slug"], description=item.get("description", ""))
    home.add_child(instance=section)
    section.save_revision().publish()
    report.created["sections"] += 1
    return section


def add_person(item: dict[str, Any], collection: Collection, report: SeedReport) -> Person:
    person = Person.objects.filter(slug=item["slug"]).first()
    if person is not None:
        return person
    photo = add_picture(
        item["name"], f"demo-{item['slug']}.jpg", pictures.portrait(item["slug"], item["name"]), collection
    )
    report.created["images"] += 1
    report.created["people"] += 1
    return Person.objects.create(
        slug=item["slug"],
        name=item["name"],
        role=item["role"],
        title=item.get("title", ""),
        bio=item.get("bio", ""),
        photo=photo,
    )


def add_source(item: dict[str, Any], report: SeedReport) -> Source:
    source = Source.objects.filter(slug=item["slug"]).first()
    if source is not None:
        return source
    report.created["sources"] += 1
    return Source.objects.create(
        slug=item["slug"], name=item["name"], short_name=item.get("short_name", ""), url=item.get("url", "")
    )


def add_topic(
    item: dict[str, Any],
    content: dict[str, Any],
    sections: dict[str, SectionPage],
    collection: Collection,
    report: SeedReport,
) -> TopicPage:
    # The topic's picture takes the palette and section of its first story, so the two look related.
    first = next((a for a in content["articles"] if a.get("topic") == item["slug"]), None)
    palette = first["image"]["palette"] if first else pictures.palette_for(item["slug"])
    label = sections[first["section"]].title if first else item["title"]
    image = add_picture(
        item["title"],
        f"demo-topik-{item['slug']}.jpg",
        pictures.lead_picture(f"topic-{item['slug']}", palette, label),
        collection,
    )
    report.created["images"] += 1
    topic = TopicPage(title=item["title"], slug=item["slug"], description=item.get("description", ""), image=image)
    TopicIndexPage.objects.get().add_child(instance=topic)
    topic.save_revision().publish()
    report.created["topics"] += 1
    return topic


def date_topics(topics: list[TopicPage]) -> None:
    """A new topic's publication times follow its stories, so /topik/ lists the liveliest first."""
    for topic in topics:
        times = list(ArticlePage.objects.filter(topic=topic).values_list("published_at", flat=True))
        if times:
            TopicPage.objects.filter(pk=topic.pk).update(first_published_at=min(times), last_published_at=max(times))


# --- staff accounts ------------------------------------------------------------------------------


def add_staff(
    content: dict[str, Any], people: dict[str, Person], password: str | None, report: SeedReport
) -> dict[str, AbstractUser]:
    """penulis, redaktur and admin, each in their group and linked to a person; see STAFF_ACCOUNTS."""
    user_model = get_user_model()
    users: dict[str, AbstractUser] = {}
    for account in STAFF_ACCOUNTS:
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            if password is None and report.generated_password is None:
                report.generated_password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(
                username=account.username,
                email=f"{account.username}@example.com",
                password=password or report.generated_password,
                is_staff=account.superuser,
                is_superuser=account.superuser,
            )
            report.created["users"] += 1
            report.accounts.append(account.username)
        elif password is not None and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            report.password_reset = True
        group = Group.objects.get(name=account.group)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        # Staff log in by e-mail (allauth); the demo's addresses are known good, so no confirmation mail.
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        link_person(user, account, content, people, report)
        users[account.username] = user
    return users


def link_person(
    user: AbstractUser, account: StaffAccount, content: dict[str, Any], people: dict[str, Person], report: SeedReport
) -> Person:
    linked = Person.objects.filter(user=user).first()
    if linked is not None:
        return linked
    candidates = [people[item["slug"]] for item in content["people"] if item["role"] == account.role]
    person = next((p for p in candidates if p.user_id is None), None)
    if person is None:
        person, created = Person.objects.get_or_create(
            slug=f"{account.username}-kabar", defaults={"name": account.fallback_name, "role": account.role}
        )
        report.created["people"] += int(created)
    person.user = user
    person.save(update_fields=["user"])
    first, _space, last = person.name.partition(" ")
    user.first_name, user.last_name = first[:150], last[:150]
    user.save(update_fields=["first_name", "last_name"])
    return person


# --- articles ------------------------------------------------------------------------------------


def body_blocks(entry: dict[str, Any], articles: dict[str, ArticlePage] | None = None) -> list[dict[str, Any]]:
    """The entry's body in StreamField's stored form; "read_also" blocks only when `articles` resolves them."""
    blocks: list[dict[str, Any]] = []
    for block in entry.get("body", []):
        kind = block["type"]
        if kind == "paragraph":
            blocks.append({"type": "paragraph", "value": f"<p>{escape(block['text'])}</p>"})
        elif kind == "subheading":
            blocks.append({"type": "subheading", "value": block["text"]})
        elif kind == "quote":
            blocks.append(
                {"type": "quote", "value": {"text": block["text"], "attribution": block.get("attribution", "")}}
            )
        elif kind == "read_also" and articles is not None:
            blocks.append({"type": "read_also", "value": {"article": articles[block["key"]].pk}})
    return blocks


@dataclass
class NewStory:
    entry: dict[str, Any]
    page: ArticlePage
    published: dt.datetime
    # Revision id -> when it should say it was made.
    revision_times: dict[int, dt.datetime] = field(default_factory=dict)


@dataclass
class NewStories:
    """The articles one seeding run creates, through the three passes a newsroom would make.

    Published in the demo editor's name, without asking whether the editor may: the newsroom app
    gives Redaktur that right, and the demo seeds a site that runs without it too.
    """

    now: dt.datetime
    editor_user: AbstractUser | None
    stories: list[NewStory] = field(default_factory=list)

    def add(
        self,
        entry: dict[str, Any],
        sections: dict[str, SectionPage],
        people: dict[str, Person],
        sources: dict[str, Source],
        topics: dict[str, TopicPage],
        collection: Collection,
        users: dict[str, AbstractUser],
        report: SeedReport,
    ) -> None:
        published = self.now - dt.timedelta(hours=entry["hours_ago"])
        section = sections[entry["section"]]
        image_info = entry.get("image", {})
        image = add_picture(
            entry["title"],
            f"demo-{slugify(entry['key'])}.jpg",
            pictures.lead_picture(entry["key"], image_info.get("palette", "gray"), section.title),
            collection,
        )
        report.created["images"] += 1
        page = ArticlePage(
            title=entry["title"],
            summary=entry.get("summary", ""),
            dateline_place=entry.get("dateline", ""),
            lead_image=image,
            lead_image_caption=image_info.get("caption", ""),
            lead_image_credit=image_info.get("credit", ""),
            body=body_blocks(entry),
            topic=topics[entry["topic"]] if entry.get("topic") else None,
            editor=people[entry["editor"]],
            is_editors_pick=bool(entry.get("editors_pick")),
            # Kept by every later publish, and copied into published_at by ArticlePage.save.
            first_published_at=published,
            live=False,
        )
        writers = [people[slug] for slug in entry.get("writers", [])]
        for writer in writers:
            page.writers.add(ArticleWriter(person=writer))
        page.sources = [sources[slug] for slug in entry.get("sources", [])]
        page.tags.add(*entry.get("tags", []))
        folder = month_folder(section, published)
        page.slug = find_available_slug(folder, _cut_slug(slugify(entry["title"]), 80) or slugify(entry["key"]))
        author = next((w.user for w in writers if w.user_id), None)
        page.owner = author
        folder.add_child(instance=page)
        revision = page.save_revision(user=author)
        revision.publish(user=self.editor_user, skip_permission_checks=True)
        DemoArticle.objects.create(key=entry["key"], page=page)
        self.stories.append(NewStory(entry, page, published, {revision.pk: published}))
        report.created["articles"] += 1

    def link_read_also(self, existing: dict[str, ArticlePage]) -> None:
        """Second pass: every article now exists, so "Baca juga" blocks can point at them; republish."""
        articles = {**existing, **{story.entry["key"]: story.page for story in self.stories}}
        for story in self.stories:
            if not any(block["type"] == "read_also" for block in story.entry.get("body", [])):
                continue
            page = ArticlePage.objects.get(pk=story.page.pk).get_latest_revision_as_object()
            page.body = body_blocks(story.entry, articles)
            revision = page.save_revision(user=self.editor_user)
            revision.publish(user=self.editor_user, skip_permission_checks=True)
            story.revision_times[revision.pk] = story.published

    def correct(self, report: SeedReport) -> None:
        """Third pass: corrections, each republishing the article as the newsroom's "Ralat" does.

        Like articles.services.correct_article, but dated `hours_after` publication: the time goes
        into the revision too, so a later publish from it does not bring back the seeding time.
        """
        for story in self.stories:
            for item in sorted(story.entry.get("corrections", []), key=lambda c: c["hours_after"]):
                corrected_at = story.published + dt.timedelta(hours=item["hours_after"])
                page = ArticlePage.objects.get(pk=story.page.pk).get_latest_revision_as_object()
                page.corrections.add(Correction(note=item["note"].strip(), corrected_at=corrected_at))
                revision = page.save_revision(user=self.editor_user, log_action=True)
                revision.publish(user=self.editor_user, skip_permission_checks=True)
                story.revision_times[revision.pk] = corrected_at
                report.created["corrections"] += 1

    def move_times_back(self) -> None:
        """Publication, revision and history times as if each story had gone out `hours_ago` ago."""
        for story in self.stories:
            last = max(story.revision_times.values())
            ArticlePage.objects.filter(pk=story.page.pk).update(
                first_published_at=story.published,
                published_at=story.published,
                last_published_at=last,
                latest_revision_created_at=last,
            )
            for revision_id, moment in story.revision_times.items():
                Revision.objects.filter(pk=revision_id).update(created_at=moment)
                PageLogEntry.objects.filter(page_id=story.page.pk, revision_id=revision_id).update(timestamp=moment)
            PageLogEntry.objects.filter(page_id=story.page.pk, revision__isnull=True).update(timestamp=story.published)


# --- the wire desk -------------------------------------------------------------------------------


def seed_wire_desk(
    content_dir: Path | str | None = None,
    data_dir: Path | str | None = None,
    *,
    now: dt.datetime | None = None,
    report: SeedReport | None = None,
) -> WireDeskReport:
    """The demo's agency feed "Antara (demo)": a drop folder under `data_dir` that the worker polls every 30 s.

    The run that creates the feed (found by name) drops the agency files of `content_dir` into its
    folder, their times made recent; later runs leave feed and folder alone. Nothing is ingested
    here: the worker's clock (kabar.wire.services.poll_due_feeds) picks the files up, so the copy
    arrives on the Kawat desk the way an agency's does.
    """
    from kabar.wire.models import WireFeed

    report = report if report is not None else SeedReport()
    existing = WireFeed.objects.filter(name=WIRE_FEED_NAME).first()
    if existing is not None:
        return WireDeskReport(existing, created=False)
    now = now or timezone.now()
    files = wire_files(Path(content_dir) if content_dir else DEFAULT_WIRE_CONTENT, now)
    folder = Path(data_dir or settings.DATA_DIR).joinpath(*WIRE_FOLDER)
    with transaction.atomic():
        agency = Source.objects.filter(slug=WIRE_AGENCY["slug"]).first() or add_source(WIRE_AGENCY, report)
        # Nasional in the demo's own content; other content gets its first section.
        section = SectionPage.objects.filter(slug=WIRE_SECTION).first() or SectionPage.objects.order_by("path").first()
        feed, created = WireFeed.objects.get_or_create(
            name=WIRE_FEED_NAME,
            defaults={
                "agency": agency,
                "kind": WireFeed.Kind.DROP_FOLDER,
                "folder_path": str(folder),
                "default_section": section,
                "language": "id",
                "enabled": True,
                "poll_interval_seconds": WIRE_POLL_SECONDS,
                "next_poll_at": now,
            },
        )
        if not created:  # another run created it in the meantime
            return WireDeskReport(feed, created=False)
        folder.mkdir(parents=True, exist_ok=True)
        dropped = tuple(drop_file(folder, name, data) for name, data in files.items())
    report.created["wire_feeds"] += 1
    return WireDeskReport(feed, created=True, files=dropped)


def wire_files(content_dir: Path, now: dt.datetime) -> dict[str, bytes]:
    """The agency files of `content_dir` by name, every "{{now-Nm}}" in them made N minutes before `now`."""
    try:
        paths = sorted(p for p in content_dir.iterdir() if p.is_file() and not p.name.startswith("."))
        texts = {path.name: path.read_text(encoding="utf-8") for path in paths}
    except OSError as error:
        raise DemoContentError(
            _("Demo wire copy %(path)s is unreadable: %(error)s") % {"path": content_dir, "error": error}
        ) from error
    if not texts:
        raise DemoContentError(_("Demo wire copy not found in %(path)s.") % {"path": content_dir})
    return {name: fill_wire_times(text, now).encode("utf-8") for name, text in texts.items()}


def fill_wire_times(text: str, now: dt.datetime) -> str:
    """Every "{{now-Nm}}" as an ISO 8601 time N minutes before `now`, in the site's zone as agencies send it."""
    zone = site_zone()

    def moment(match: re.Match[str]) -> str:
        return (now - dt.timedelta(minutes=int(match.group(1)))).astimezone(zone).isoformat(timespec="seconds")

    return WIRE_TIME.sub(moment, text)


def drop_file(folder: Path, name: str, data: bytes) -> Path:
    """Written under a ".part" name the drop folder skips, then renamed: a poll never reads half a file."""
    target = folder / name
    partial = folder / f"{name}.part"
    partial.write_bytes(data)
    partial.replace(target)
    return target


# --- the bulk archive ----------------------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“])")


@dataclass(frozen=True)
class TextPool:
    """Sentences of the demo content, to assemble archive articles from."""

    headlines: list[str]
    sentences: list[str]
    summaries: list[str]
    subheadings: list[str]
    quotes: list[tuple[str, str]]
    datelines: list[str]
    tags: list[str]


def text_pool(content: dict[str, Any]) -> TextPool:
    sentences: list[str] = []
    subheadings: list[str] = []
    quotes: list[tuple[str, str]] = []
    for article in content["articles"]:
        sentences.append(article.get("summary", ""))
        for block in article.get("body", []):
            if block["type"] == "paragraph":
                sentences.extend(SENTENCE_END.split(block["text"]))
            elif block["type"] == "subheading":
                subheadings.append(block["text"])
            elif block["type"] == "quote":
                quotes.append((block["text"], block.get("attribution", "")))
    sentences = sorted({s.strip() for s in sentences if s.strip()})
    # Short sentences read as headlines once their full stop goes.
    headlines = sorted(
        {a["title"] for a in content["articles"]} | {s.rstrip(".") for s in sentences if 5 <= len(s.split()) <= 14}
    )
    return TextPool(
        headlines=headlines,
        sentences=sentences,
        summaries=[s for s in sentences if len(s) <= 300] or [h for h in headlines if len(h) <= 300],
        subheadings=sorted(set(subheadings)),
        quotes=sorted(set(quotes)),
        datelines=sorted({a["dateline"] for a in content["articles"] if a.get("dateline")}),
        tags=sorted({tag for a in content["articles"] for tag in a.get("tags", [])}),
    )


def _cut_slug(slug: str, length: int) -> str:
    """At most `length` characters, cut between words."""
    if len(slug) <= length:
        return slug
    return slug[: length + 1].rsplit("-", 1)[0] or slug[:length]


@dataclass
class ArchiveItem:
    number: int
    published: dt.datetime
    section: SectionPage


class BulkInsert:
    """One INSERT statement run for many rows of one table, with no model instance per row.

    Only values the database cannot take as Python gives them (times, UUIDs, JSON) go through
    the field's own conversion, so the SQL is what Django would send on SQLite and PostgreSQL alike.
    """

    PLAIN = {"AutoField", "BigAutoField", "BooleanField", "CharField", "ForeignKey", "IntegerField"}
    PLAIN |= {"OneToOneField", "PositiveIntegerField", "SlugField", "TextField"}
    MULTI_ROW = 1000

    def __init__(self, model: type[Any], attnames: list[str]) -> None:
        fields = [model._meta.get_field(name) for name in attnames]
        self.converters = [None if f.get_internal_type() in self.PLAIN else f.get_db_prep_save for f in fields]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        self.head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
        self.marks = f"({', '.join(['%s'] * len(fields))})"
        # PostgreSQL's wire protocol caps a statement at 65535 parameters.
        self.rows_per_statement = max(1, min(self.MULTI_ROW, 65535 // len(fields)))

    def run(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        pairs = [(index, convert) for index, convert in enumerate(self.converters) if convert is not None]
        prepared = [list(row) for row in rows]
        for row in prepared:
            for index, convert in pairs:
                row[index] = convert(row[index], connection)
        with connection.cursor() as cursor:
            if connection.features.max_query_params is None:
                # Many rows a statement: PostgreSQL then parses, plans and answers once per thousand rows.
                step = self.rows_per_statement
                for start in range(0, len(prepared), step):
                    batch = prepared[start : start + step]
                    cursor.execute(self.head + ", ".join([self.marks] * len(batch)), [v for row in batch for v in row])
            else:
                # SQLite allows few parameters a statement but reruns one prepared statement at C speed.
                cursor.executemany(self.head + self.marks, prepared)


PAGE_COLUMNS = [
    "title", "draft_title", "slug", "content_type_id", "path", "depth", "numchild", "url_path", "locale_id",
    "translation_key", "live", "has_unpublished_changes", "first_published_at", "last_published_at",
    "latest_revision_created_at", "show_in_menus", "seo_title", "search_description", "locked", "expired",
]  # fmt: skip
ARTICLE_COLUMNS = [
    "page_ptr_id", "summary", "section_id", "published_at", "dateline_place", "lead_image_caption",
    "lead_image_credit", "body", "editor_id", "is_editors_pick", "is_free", "topic_id", "sponsored",
]  # fmt: skip
# The share of archive articles filed under one of the demo's running stories, as a newsroom files its big ones.
ARCHIVE_TOPIC_SHARE = 0.1


class ArchiveBuilder:
    """Writes archive articles into the page tree in bulk: tree paths, page rows, article rows, credits, tags.

    Wagtail's add_child saves one page at a time (several queries each); here every table gets
    one statement per chunk. What that skips, and why it is still a valid tree:
    - paths are given out as treebeard does (steplen 4 in base 36, after the folder's last child),
      and each folder's numchild grows by what it received, so Page.find_problems() stays clean;
    - url_path is the folder's plus the slug, as Page.set_url_path makes it;
    - no revisions: a live page without one is valid, and its admin edit view starts from the page;
    - search index entries are written in bulk too, by ArchiveIndexer, unless `index` is off.
    """

    def __init__(self, content: dict[str, Any], rng: random.Random, *, index: bool = True) -> None:
        self.rng = rng
        self.pool = text_pool(content)
        # Sentences go into HTML paragraphs many times over; escape each once.
        self.escaped = [escape(sentence) for sentence in self.pool.sentences]
        self.content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
        people = {p.slug: p.pk for p in Person.objects.filter(slug__in=[item["slug"] for item in content["people"]])}
        by_role: dict[str, list[int]] = {}
        for item in content["people"]:
            if item["slug"] in people:
                by_role.setdefault(item["role"], []).append(people[item["slug"]])
        everyone = list(people.values())
        self.writers = by_role.get("writer") or everyone
        self.editors = by_role.get("editor") or everyone
        source_slugs = [item["slug"] for item in content["sources"]]
        self.sources = list(Source.objects.filter(slug__in=source_slugs).values_list("pk", flat=True))
        self.tags = [self._tag(name) for name in self.pool.tags]
        topic_slugs = [item["slug"] for item in content.get("topics", [])]
        self.topics = list(TopicPage.objects.filter(slug__in=topic_slugs).order_by("pk").values_list("pk", flat=True))
        self.indexer = ArchiveIndexer() if index else None
        self.zone = site_zone()
        self.folders: dict[tuple[int, int, int], ArchiveFolderPage] = {}
        self.next_step: dict[int, int] = {}
        self.folders_created = 0
        self.page_insert = BulkInsert(Page, PAGE_COLUMNS)
        self.article_insert = BulkInsert(ArticlePage, ARTICLE_COLUMNS)
        self.writer_insert = BulkInsert(ArticleWriter, ["article_id", "person_id", "sort_order"])
        self.tag_insert = BulkInsert(ArticleTag, ["content_object_id", "tag_id"])
        self.source_insert = BulkInsert(ArticlePage.sources.through, ["articlepage_id", "source_id"])
        self.record_insert = BulkInsert(DemoArticle, ["key", "page_id", "archive_number"])

    @staticmethod
    def _tag(name: str) -> int:
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        return tag.pk

    def folder_for(self, item: ArchiveItem) -> ArchiveFolderPage:
        local = item.published.astimezone(self.zone)
        key = (item.section.pk, local.year, local.month)
        folder = self.folders.get(key)
        if folder is None:
            existed = ArchiveFolderPage.objects.child_of(item.section).filter(slug=f"{local:%Y-%m}").exists()
            folder = month_folder(item.section, item.published)
            self.folders_created += int(not existed)
            self.folders[key] = folder
            last = (
                Page.objects.filter(path__startswith=folder.path, depth=folder.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            self.next_step[folder.pk] = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        return folder

    def child_path(self, folder: ArchiveFolderPage) -> str:
        step = self.next_step[folder.pk]
        key = Page._int2str(step)
        if len(key) > Page.steplen:
            raise OverflowError(f"Folder {folder.pk} is full ({step - 1} children).")
        self.next_step[folder.pk] = step + 1
        return folder.path + Page.alphabet[0] * (Page.steplen - len(key)) + key

    def body(self) -> list[dict[str, Any]]:
        rng, pool, escaped = self.rng, self.pool, self.escaped
        blocks: list[dict[str, Any]] = []
        for index in range(rng.randint(3, 6)):
            text = " ".join(rng.sample(escaped, k=min(len(escaped), rng.randint(1, 3))))
            blocks.append({"type": "paragraph", "value": f"<p>{text}</p>", "id": self._block_id()})
            if index == 1 and pool.subheadings and rng.random() < 0.3:
                blocks.append({"type": "subheading", "value": rng.choice(pool.subheadings), "id": self._block_id()})
            if index == 2 and pool.quotes and rng.random() < 0.2:
                text, said_by = rng.choice(pool.quotes)
                blocks.append(
                    {"type": "quote", "value": {"text": text, "attribution": said_by}, "id": self._block_id()}
                )
        return blocks

    def _block_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def write(self, items: list[ArchiveItem]) -> None:
        """One chunk, in one transaction: a half-written chunk would leave numchild wrong."""
        rng, pool = self.rng, self.pool
        with transaction.atomic():
            page_rows: list[tuple[Any, ...]] = []
            received: Counter[int] = Counter()
            for item in items:
                folder = self.folder_for(item)
                received[folder.pk] += 1
                title = rng.choice(pool.headlines)[:255]
                slug = f"{_cut_slug(slugify(title), 70)}-{item.number}"
                page_rows.append(
                    # In PAGE_COLUMNS order.
                    (title, title, slug, self.content_type_id, self.child_path(folder), folder.depth + 1, 0,
                     f"{folder.url_path}{slug}/", folder.locale_id, uuid.uuid4(), True, False, item.published,
                     item.published, item.published, False, "", "", False, False)
                )  # fmt: skip
            self.page_insert.run(page_rows)
            paths = [row[4] for row in page_rows]
            ids = dict(Page.objects.filter(path__in=paths).values_list("path", "pk"))
            self._insert_articles(items, [ids[path] for path in paths], [row[0] for row in page_rows])
            for folder_id, count in received.items():
                Page.objects.filter(pk=folder_id).update(numchild=F("numchild") + count)

    def _insert_articles(self, items: list[ArchiveItem], page_ids: list[int], titles: list[str]) -> None:
        rng, pool = self.rng, self.pool
        articles, writers, tags, sources, records, indexed = [], [], [], [], [], []
        for item, page_id, title in zip(items, page_ids, titles, strict=True):
            dateline = rng.choice(pool.datelines) if pool.datelines and rng.random() < 0.4 else ""
            summary = rng.choice(pool.summaries) if pool.summaries else ""
            topic = rng.choice(self.topics) if self.topics and rng.random() < ARCHIVE_TOPIC_SHARE else None
            body = self.body()
            articles.append(
                # In ARTICLE_COLUMNS order.
                (page_id, summary, item.section.pk, item.published, dateline, "", "", body,
                 rng.choice(self.editors) if self.editors else None, False, True, topic, False)
            )  # fmt: skip
            indexed.append(IndexedText(page_id, title, summary, body, item.published))
            count = 2 if rng.random() < 0.15 and len(self.writers) > 1 else 1
            for order, person_id in enumerate(rng.sample(self.writers, k=count) if self.writers else []):
                writers.append((page_id, person_id, order))
            for tag_id in rng.sample(self.tags, k=min(len(self.tags), rng.randint(0, 3))):
                tags.append((page_id, tag_id))
            if self.sources and rng.random() < 0.5:
                sources.append((page_id, rng.choice(self.sources)))
            records.append((f"archive:{item.number}", page_id, item.number))
        self.article_insert.run(articles)
        self.writer_insert.run(writers)
        self.tag_insert.run(tags)
        self.source_insert.run(sources)
        self.record_insert.run(records)
        if self.indexer is not None:
            self.indexer.add(indexed)


# --- the archive's search index -------------------------------------------------------------------

# The boost Wagtail's Page gives the title; check_index_fields keeps this and the index's shape honest.
TITLE_BOOST = 2


@dataclass(frozen=True)
class IndexedText:
    page_id: int
    title: str
    summary: str
    body: list[dict[str, Any]]  # the body's stored StreamField data: {"type", "value", "id"} dicts
    published_at: dt.datetime


class ArchiveIndexer:
    """Search index rows for archive articles, written in bulk: readers' search entries (SearchEntry), and
    Wagtail's index rows (the admin's page search) as its database backend writes them one by one.

    The backend's own add_items recomputes the title norms with a scan of the whole index after
    each call, which at a million articles costs more than the indexing itself. Here each chunk is
    one INSERT, with the title norm (lavg / ld) set from the index's average title length, taken once.
    The columns hold what the backend puts there for an ArticlePage: the title (weighted by its boost
    on PostgreSQL), the title again for autocomplete, and ArticlePage.search_stems as the body.
    """

    def __init__(self) -> None:
        self.backend = get_search_backend()
        self.vendor = connection.vendor
        module = type(self.backend).__module__
        # Any other backend (Elasticsearch, ...) is given the pages through its own add_bulk.
        backend_module = {"sqlite": ".sqlite.sqlite", "postgresql": ".postgres.postgres"}.get(self.vendor)
        self.direct = backend_module is not None and module.endswith(backend_module)
        self.content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
        self.average_title: float | None = None
        check_index_fields()
        columns = ["content_type_id", "object_id", "title_norm", "title", "autocomplete", "body"]
        self.sqlite_insert = BulkInsert(IndexEntry, columns) if self.direct and self.vendor == "sqlite" else None

    def add(self, items: list[IndexedText], *, wagtail: bool = True, readers: bool = True) -> None:
        """Index entries for these articles: Wagtail's (the admin's page search) and readers' search entries."""
        if not items:
            return
        stems = {item.page_id: entry_stems(item.title, item.summary, item.body) for item in items}
        if readers:
            SearchEntry.objects.bulk_create(
                [
                    SearchEntry(
                        article_id=item.page_id,
                        published_at=item.published_at,
                        title_stems=stems[item.page_id][0],
                        body_stems=stems[item.page_id][1],
                    )
                    for item in items
                ],
                batch_size=ARCHIVE_CHUNK,
            )
        if not wagtail:
            return
        if not self.direct:
            self.backend.add_bulk(ArticlePage, list(ArticlePage.objects.filter(pk__in=[i.page_id for i in items])))
            return
        # What ArticlePage.search_stems gives: the title's roots, then the summary's and the body's.
        rows = [(str(item.page_id), item.title, " ".join(filter(None, stems[item.page_id]))) for item in items]
        if self.average_title is None:
            self.average_title = self._average_title(rows)
        if self.sqlite_insert is not None:
            self.sqlite_insert.run(
                [(self.content_type_id, pk, self._norm(len(title)), title, title, body) for pk, title, body in rows]
            )
        else:
            self._insert_postgresql(rows)

    def _norm(self, length: int) -> float:
        # An empty title keeps the default, as the backend's _refresh_title_norms leaves it.
        return self.average_title / length if length and self.average_title else 1.0

    def _average_title(self, rows: list[tuple[str, str, str]]) -> float:
        """The index's average title length (characters on SQLite, lexemes on PostgreSQL), as the backend takes it."""
        average = (
            IndexEntry.objects.annotate(title_length=Length("title"))
            .filter(title_length__gt=0)
            .aggregate(average=Avg("title_length"))["average"]
        )
        if average:
            return float(average)
        # An empty index: this chunk's own titles stand for it.
        if self.vendor == "sqlite":
            lengths = [len(title) for _, title, _ in rows if title]
        else:
            lengths = [len(set(WORD.findall(title.lower()))) for _, title, _ in rows if title]
        return sum(lengths) / len(lengths) if lengths else 1.0

    def _insert_postgresql(self, rows: list[tuple[str, str, str]]) -> None:
        from modelsearch.backends.database.postgres.weights import get_weight

        table = connection.ops.quote_name(IndexEntry._meta.db_table)
        head = [
            self.content_type_id,
            self.average_title,
            self.backend.config or "simple",
            get_weight(TITLE_BOOST),
            self.backend.autocomplete_config,
            self.backend.config or "simple",
            get_weight(None),
        ]
        # Three parameters a row: far below PostgreSQL's 65535 a statement.
        step = 5000
        with connection.cursor() as cursor:
            for start in range(0, len(rows), step):
                batch = rows[start : start + step]
                values = ", ".join(["(%s, %s, %s)"] * len(batch))
                cursor.execute(
                    f"""
                    INSERT INTO {table}
                        (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                    SELECT %s, v.object_id, v.title, v.autocomplete, v.body,
                        CASE WHEN length(v.title) > 0 THEN %s / length(v.title) ELSE 1.0 END,
                        v.title_text, v.body_text
                    FROM (
                        SELECT r.object_id, r.title_text, r.body_text,
                            setweight(to_tsvector(%s::regconfig, r.title_text), %s) AS title,
                            setweight(to_tsvector(%s::regconfig, r.title_text), 'D') AS autocomplete,
                            setweight(to_tsvector(%s::regconfig, r.body_text), %s) AS body
                        FROM (VALUES {values}) AS r (object_id, title_text, body_text)
                    ) AS v
                    ON CONFLICT (content_type_id, object_id) DO NOTHING
                    """,  # noqa: S608 - only the table name and placeholders are formatted in
                    [*head, *(value for row in batch for value in row)],
                )


def check_index_fields() -> None:
    """ArchiveIndexer writes the title and search_stems only: fail loudly if ArticlePage comes to index more."""
    expected = {("search", "title", TITLE_BOOST), ("autocomplete", "title", None), ("search", "search_stems", None)}
    found: set[tuple[str, str, Any]] = set()
    for search_field in ArticlePage.get_search_fields():
        if isinstance(search_field, search_index.SearchField):
            found.add(("search", search_field.field_name, search_field.boost))
        elif isinstance(search_field, search_index.AutocompleteField):
            found.add(("autocomplete", search_field.field_name, None))
        elif isinstance(search_field, search_index.RelatedFields):
            found.add(("related", search_field.field_name, None))
    if found != expected:
        raise ImproperlyConfigured(
            f"ArticlePage's search fields changed ({sorted(found, key=str)}); update ArchiveIndexer."
        )


def index_archive(*, chunk_size: int = ARCHIVE_CHUNK, progress: bool = False) -> int:
    """Index the archive articles that Wagtail's index or readers' search entries lack, e.g. in a database
    built before the archive was indexed.

    Idempotent: an article already indexed is left as it is. Returns how many articles it indexed.
    """
    indexer = ArchiveIndexer()
    archive = DemoArticle.objects.filter(archive_number__isnull=False)
    added = 0
    last = 0
    with tqdm(total=archive.count(), desc=_("Search index"), unit=_(" articles"), disable=not progress) as bar:
        while True:
            ids = list(
                archive.filter(page_id__gt=last).order_by("page_id").values_list("page_id", flat=True)[:chunk_size]
            )
            if not ids:
                return added
            last = ids[-1]
            in_wagtail = {
                int(pk)
                for pk in IndexEntry.objects.filter(
                    content_type_id=indexer.content_type_id, object_id__in=[str(pk) for pk in ids]
                ).values_list("object_id", flat=True)
            }
            in_search = set(SearchEntry.objects.filter(article_id__in=ids).values_list("article_id", flat=True))
            missing = [pk for pk in ids if pk not in in_wagtail or pk not in in_search]
            if missing:
                rows = ArticlePage.objects.filter(pk__in=missing).values_list(
                    "pk", "title", "summary", "body", "published_at"
                )
                items = [
                    IndexedText(pk, title, summary, stored_blocks(body), at) for pk, title, summary, body, at in rows
                ]
                with transaction.atomic():
                    indexer.add([i for i in items if i.page_id not in in_wagtail], readers=False)
                    indexer.add([i for i in items if i.page_id not in in_search], wagtail=False)
                added += len(missing)
            bar.update(len(ids))


def seed_archive(
    total: int,
    content_path: Path | str | None = None,
    *,
    now: dt.datetime | None = None,
    chunk_size: int = ARCHIVE_CHUNK,
    progress: bool = False,
    index: bool = True,
) -> ArchiveReport:
    """Grow the archive to `total` articles, 500 a day going back from the oldest article there is.

    Articles go to the demo's sections at random and into each section's monthly folder. Running
    again with the same `total` adds nothing; a larger one adds the difference, further back in time.
    With `index` (the default) each article goes into the search index as it is written.
    """
    content = load_content(content_path)
    sections = list(SectionPage.objects.filter(slug__in=[s["slug"] for s in content["sections"]]).order_by("path"))
    if not sections:
        raise DemoContentError(_("Seed the demo newsroom before its archive: no demo sections exist."))
    existing = queries.archive_size()
    wanted = total - existing
    report = ArchiveReport(total=max(total, existing))
    if wanted <= 0:
        return report
    first_number = queries.last_archive_number() + 1
    rng = random.Random(ARCHIVE_SEED + first_number)
    builder = ArchiveBuilder(content, rng, index=index)
    anchor = min(filter(None, [queries.oldest_publication(), now or timezone.now()]))
    gap = dt.timedelta(days=1) / ARCHIVE_PER_DAY
    # Oldest first, so within a folder tree order is publication order, as when filed one by one.
    items = (
        ArchiveItem(
            number=first_number + index,
            published=anchor - gap * (index + 1) + gap * rng.uniform(0.05, 0.95),
            section=rng.choice(sections),
        )
        for index in reversed(range(wanted))
    )
    with tqdm(total=wanted, desc=_("Archive"), unit=_(" articles"), disable=not progress) as bar:
        chunk: list[ArchiveItem] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= chunk_size:
                builder.write(chunk)
                bar.update(len(chunk))
                chunk = []
        if chunk:
            builder.write(chunk)
            bar.update(len(chunk))
    report.created = wanted
    report.folders_created = builder.folders_created
    report.oldest = anchor - gap * wanted
    report.newest = anchor
    return report
