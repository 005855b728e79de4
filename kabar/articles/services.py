"""Writes: filing, publishing, correcting articles and counting their readers."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Revision

from kabar.articles.models import (
    ArchiveFolderPage,
    ArticlePage,
    ArticleViewCount,
    Correction,
    HomePage,
    SearchEntry,
    SectionPage,
    TopicIndexPage,
)
from kabar.articles.search_index import entry_stems, stored_blocks
from kabar.core.timefmt import site_zone
from kabar.people.models import Person

logger = logging.getLogger(__name__)

# The audit log's action for a correction; its label is registered in kabar/newsroom/wagtail_hooks.py.
CORRECTION_ACTION = "kabar.correction"
VIEW_COUNTS_KEPT = dt.timedelta(days=8)


def month_folder(section: SectionPage, when: dt.datetime | None = None) -> ArchiveFolderPage:
    """The section's folder for the month of `when` (now by default), made on first use."""
    local = timezone.localtime(when or timezone.now(), site_zone())
    slug = f"{local:%Y-%m}"
    folder: ArchiveFolderPage | None = ArchiveFolderPage.objects.child_of(section).filter(slug=slug).first()
    if folder is not None:
        return folder
    folder = ArchiveFolderPage(title=f"{section.title} {local:%Y-%m}", slug=slug, month=local.date().replace(day=1))
    section.add_child(instance=folder)
    folder.save_revision().publish()
    return folder


def file_article(section: SectionPage, article: ArticlePage, user: AbstractBaseUser | None = None) -> ArticlePage:
    """Put a new article in its section's folder for this month and save its first draft."""
    if not article.slug:
        article.slug = slugify(article.title)[:80] or "artikel"
    article.live = False
    month_folder(section).add_child(instance=article)
    article.save_revision(user=user)
    return article


def publish_article(article: ArticlePage, user: AbstractBaseUser | None = None) -> ArticlePage:
    """Publish the article's latest revision as `user`, as the admin's "Terbitkan" does."""
    revision = article.latest_revision or article.save_revision(user=user)
    revision.publish(user=user)
    article.refresh_from_db()
    return article


def unpublish_article(article: ArticlePage, user: AbstractBaseUser | None = None) -> None:
    article.unpublish(user=user)


def credit_approving_editor(article: ArticlePage, approver: AbstractBaseUser | None) -> Revision | None:
    """Name the Redaktur who approves an article in review as its Editor, unless an Editor is already set.

    Called as the review task is approved, before Wagtail finishes the workflow by publishing the
    latest revision: the credit goes into a new revision of the draft (by the approver, in the
    history), so the published article carries the Editor line. Staff reach People through the
    person's staff account; an approver without one is credited with nothing. Returns the new
    revision, or None when nothing changed.
    """
    if approver is None or approver.pk is None:
        return None
    draft = article.get_latest_revision_as_object()
    if draft.editor_id is not None:
        return None
    person = Person.objects.filter(user_id=approver.pk, is_active=True).first()
    if person is None:
        return None
    draft.editor = person
    return draft.save_revision(user=approver, log_action=True, clean=False)


def refile_moved_articles(instance: Page, **kwargs: object) -> int:
    """After a move in the page tree, articles under `instance` take the section they now sit in.

    Wagtail saves a moved page as a plain Page, so ArticlePage.save never sees the move; without
    this the URL, feeds and listings would go on naming the old section. Connected in apps.py.
    """
    if instance.depth < 3:
        return 0
    # The section is the ancestor at depth 3 (root, home, section): a prefix of the moved page's path.
    section = SectionPage.objects.filter(path=instance.path[: SectionPage.steplen * 3]).first()
    moved: int = (
        ArticlePage.objects.descendant_of(instance, inclusive=True).exclude(section=section).update(section=section)
    )
    return moved


@transaction.atomic
def correct_article(article: ArticlePage, note: str, user: AbstractBaseUser | None = None) -> Correction:
    """A correction ("Ralat"): the note goes on the page with its time, and the article is republished.

    Republishing moves `last_published_at`, which the page shows as "Diperbarui" and as dateModified.
    """
    note = note.strip()
    if not note:
        raise ValueError(_("A correction needs a note saying what was wrong."))
    live = ArticlePage.objects.get(pk=article.pk)
    if not live.live:
        raise ValueError(_("Only a published article can be corrected."))
    # Start from the live content, not an unpublished draft, so the correction publishes nothing else.
    page = live.live_revision.as_object() if live.live_revision else live
    correction = Correction(note=note, corrected_at=timezone.now())
    page.corrections.add(correction)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    # Wagtail logs the edit and the publish; this entry says it was a correction, and what it said.
    log(instance=page, action=CORRECTION_ACTION, user=user, revision=revision, data={"note": note})
    logger.info("article %s corrected by %s", article.pk, getattr(user, "pk", None))
    made: Correction = ArticlePage.objects.get(pk=article.pk).corrections.order_by("-corrected_at", "-pk").first()
    return made


# --- page views: counted in memory, written in batches --------------------------------------

_pending_views: Counter[tuple[int, dt.datetime]] = Counter()
_pending_lock = threading.Lock()
_last_flush = time.monotonic()


def record_page_view(article_id: int, now: dt.datetime | None = None) -> None:
    """Count one view. The database is written at most every KABAR_PAGEVIEW_FLUSH_SECONDS per process."""
    global _last_flush
    hour = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    with _pending_lock:
        _pending_views[(article_id, hour)] += 1
        due = time.monotonic() - _last_flush >= settings.KABAR_PAGEVIEW_FLUSH_SECONDS
    if due:
        flush_page_views()


def flush_page_views() -> int:
    """Write the counted views in one statement; returns how many (article, hour) rows it touched."""
    global _last_flush
    with _pending_lock:
        batch = dict(_pending_views)
        _pending_views.clear()
        _last_flush = time.monotonic()
    if not batch:
        return 0
    table = ArticleViewCount._meta.db_table
    rows = [(article_id, hour, views) for (article_id, hour), views in batch.items()]
    existing = set(ArticlePage.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", flat=True))
    rows = [r for r in rows if r[0] in existing]
    if not rows:
        return 0
    placeholders = ", ".join(["(%s, %s, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    # Both SQLite and PostgreSQL add to the stored count in the same statement.
    sql = (
        f"INSERT INTO {table} (article_id, hour, views) VALUES {placeholders} "  # noqa: S608 - values are parameters
        f"ON CONFLICT (article_id, hour) DO UPDATE SET views = {table}.views + excluded.views"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    except Exception:
        logger.exception("could not write %d page-view counts; they are dropped", len(rows))
        return 0
    return len(rows)


def prune_page_view_buckets() -> int:
    deleted, _ = ArticleViewCount.objects.filter(hour__lt=timezone.now() - VIEW_COUNTS_KEPT).delete()
    return deleted


def wagtail_root_page() -> Page:
    """Wagtail's root page, made by its migrations, or made again after `flush` emptied every table."""
    root = Page.get_first_root_node()
    if root is None:
        if not Locale.objects.exists():
            Locale.objects.create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def ensure_site_tree(site_name: str | None = None) -> HomePage:
    """The home page as the site's root, and /topik/ under it. Safe to run again and again."""
    from wagtail.models import Site

    home: HomePage | None = HomePage.objects.first()
    if home is None:
        root = wagtail_root_page()
        home = HomePage(title=site_name or settings.SITE_NAME, slug="home-kabar", live=True)
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        old_root_id = site.root_page_id if site else None
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=settings.SITE_NAME
            )
        else:
            site.root_page = home
            site.site_name = settings.SITE_NAME
            site.save()
        # Wagtail's "Welcome" placeholder, if it is still there and still empty, goes.
        if old_root_id and old_root_id != home.pk:
            placeholder = Page.objects.filter(pk=old_root_id, depth=2, numchild=0).first()
            if placeholder is not None and placeholder.specific_class is Page:
                placeholder.delete()
    if not TopicIndexPage.objects.exists():
        # Stored, so named in the site's language even when `migrate` or a command runs with none active.
        with translation.override(settings.LANGUAGE_CODE):
            topics = TopicIndexPage(title=_("Topics"), slug="topik")
        home.add_child(instance=topics)
        topics.save_revision().publish()
    return home


# --- readers' search ------------------------------------------------------------------------------

SEARCH_CHUNK = 500


def findable_articles() -> QuerySet[ArticlePage]:
    """The articles readers' search may find: live, public and dated (as published_articles lists them)."""
    articles: QuerySet[ArticlePage] = ArticlePage.objects.live().public().filter(published_at__isnull=False)
    return articles


def _entries(rows: Iterable[tuple[int, str, str, Any, dt.datetime]]) -> list[SearchEntry]:
    entries = []
    for pk, title, summary, body, published_at in rows:
        title_stems, body_stems = entry_stems(title, summary, stored_blocks(body))
        entries.append(
            SearchEntry(article_id=pk, published_at=published_at, title_stems=title_stems, body_stems=body_stems)
        )
    return entries


ENTRY_SOURCE = ("pk", "title", "summary", "body", "published_at")


@transaction.atomic
def refresh_search_entries(article_ids: Iterable[int]) -> int:
    """Make these articles' search entries say what readers may now see; returns how many are findable.

    A live, public article gets an entry from its published text (never a draft's); any other
    (unpublished, private, binned, deleted) has none. Idempotent: called after every publish,
    unpublish and privacy change, possibly twice for one change.
    """
    wanted = sorted(set(article_ids))
    entries = []
    for start in range(0, len(wanted), SEARCH_CHUNK):
        chunk = wanted[start : start + SEARCH_CHUNK]
        entries += _entries(findable_articles().filter(pk__in=chunk).values_list(*ENTRY_SOURCE))
    found = {entry.article_id for entry in entries}
    SearchEntry.objects.filter(article_id__in=wanted).delete()
    SearchEntry.objects.bulk_create(entries, batch_size=SEARCH_CHUNK)
    logger.info("search entries refreshed: %d findable, %d removed", len(found), len(set(wanted) - found))
    return len(found)


def refresh_search_entries_below(page: Page) -> int:
    """refresh_search_entries for every article at or below `page` (its privacy changed)."""
    ids = list(ArticlePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
    return refresh_search_entries(ids)


def rebuild_search_index(*, progress: bool = False) -> int:
    """Write every findable article's search entry again, in chunks; returns how many there are.

    For an index that went wrong or a database restored without it. Readers' search keeps working
    while it runs: each chunk replaces its own entries in one transaction, and entries of articles
    no longer findable are removed at the end.
    """
    from tqdm import tqdm

    articles = findable_articles().order_by("pk")
    written = 0
    last = 0
    with tqdm(total=articles.count(), desc=_("Search index"), unit=_(" articles"), disable=not progress) as bar:
        while True:
            rows = list(articles.filter(pk__gt=last).values_list(*ENTRY_SOURCE)[:SEARCH_CHUNK])
            if not rows:
                break
            last = rows[-1][0]
            with transaction.atomic():
                SearchEntry.objects.filter(article_id__in=[row[0] for row in rows]).delete()
                SearchEntry.objects.bulk_create(_entries(rows))
            written += len(rows)
            bar.update(len(rows))
    SearchEntry.objects.exclude(article__in=findable_articles().values("pk")).delete()
    return written
