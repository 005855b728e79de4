"""The site's page tree: home, sections with monthly folders of articles, topics.

    HomePage  /
    ├── SectionPage        /nasional/
    │   └── ArchiveFolderPage   (one a month: "2023-09"; keeps every admin listing short)
    │       └── ArticlePage     /nasional/read/2023/09/22/123/slug/
    └── TopicIndexPage     /topik/
        └── TopicPage      /topik/kunjungan-kim-jong-un-ke-rusia/

See docs/decisions/0001-where-articles-live.md for why articles are pages in dated folders.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from kabar.articles.blocks import ArticleBodyBlock
from kabar.articles.fronts import FrontBlocks
from kabar.core.forms import RevisionCheckedPageForm
from kabar.core.search import stem_text
from kabar.core.timefmt import site_zone

if TYPE_CHECKING:
    from kabar.people.models import Person

LIST_PAGE_SIZE = 20


class KabarPage(Page):
    """Every page's absolute URL starts with KABAR_BASE_URL, whatever host the request came in on.

    In the admin, a save based on a revision another editor has since replaced is refused
    (RevisionCheckedPageForm): nothing anyone saved is silently overwritten.
    """

    base_form_class = RevisionCheckedPageForm

    class Meta:
        abstract = True

    def get_url_parts(self, request: HttpRequest | None = None) -> tuple[Any, str, str] | None:
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, _root_url, path = parts
        return site_id, settings.BASE_URL, path


class HomePage(KabarPage):
    """The front page: lead story, editors' picks, latest, most read, and a block per section."""

    lead_article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("lead story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to lead with the newest editors' pick."),
    )
    front = StreamField(
        FrontBlocks(),
        verbose_name=_("front"),
        blank=True,
        help_text=_("Arrange the front from layout blocks. Left empty, the front is arranged automatically."),
    )

    content_panels = [*Page.content_panels, FieldPanel("lead_article"), FieldPanel("front")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.SectionPage", "articles.TopicIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kabar.articles import queries

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.front_page(self))
        return context


class SectionPage(KabarPage):
    """A rubric such as Nasional or Ekonomi: its own front, feed and folders of articles."""

    description = models.TextField(_("description"), blank=True)
    front = StreamField(
        FrontBlocks(),
        verbose_name=_("front"),
        blank=True,
        help_text=_("Blocks shown above the section's latest articles. Left empty, only the latest are listed."),
    )

    content_panels = [*Page.content_panels, FieldPanel("description"), FieldPanel("front")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArchiveFolderPage"]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kabar.articles import queries
        from kabar.delivery.pagecache import add_keys
        from kabar.delivery.purge import section_key

        context = super().get_context(request, *args, **kwargs)
        add_keys(section_key(self.pk))
        context.update(queries.section_front(self))
        listed = queries.section_articles(self)
        if context["front_ids"]:
            # The list goes on from the blocks above it: no story twice on the page, on any page number.
            listed = listed.exclude(pk__in=context["front_ids"])
        context["articles_page"] = paginate(request, listed)
        return context


class ArchiveFolderPage(KabarPage):
    """A month of one section's articles. Created on demand; readers never see it."""

    month = models.DateField(_("month"), help_text=_("The first day of the month this folder holds."))

    content_panels = [*Page.content_panels, FieldPanel("month")]
    parent_page_types = ["articles.SectionPage"]
    subpage_types = ["articles.ArticlePage"]
    # The folder is the newsroom's filing, not a page a reader visits.
    preview_modes: list[tuple[str, str]] = []

    class Meta:
        verbose_name = _("monthly folder")
        verbose_name_plural = _("monthly folders")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponsePermanentRedirect(self.get_parent().url)


class TopicIndexPage(KabarPage):
    """/topik/: every running story."""

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.TopicPage"]
    max_count = 1

    class Meta:
        verbose_name = _("topic index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kabar.delivery.pagecache import add_keys
        from kabar.delivery.purge import TOPICS

        context = super().get_context(request, *args, **kwargs)
        add_keys(TOPICS)
        context["topics_page"] = paginate(
            request, TopicPage.objects.child_of(self).live().order_by("-last_published_at")
        )
        return context


class TopicPage(KabarPage):
    """A running story, such as "Kunjungan Kim Jong Un ke Rusia", listing every article in it."""

    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, FieldPanel("description"), FieldPanel("image")]
    parent_page_types = ["articles.TopicIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kabar.articles import queries
        from kabar.delivery.pagecache import add_keys
        from kabar.delivery.purge import topic_key

        context = super().get_context(request, *args, **kwargs)
        add_keys(topic_key(self.pk))
        context["articles_page"] = paginate(request, queries.topic_articles(self))
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class LiveStatus(models.TextChoices):
    NONE = "", _("Not live")
    LIVE = "live", _("Live now")
    ENDED = "ended", _("Live coverage ended")


class ArticlePage(KabarPage):
    """A story as readers see it: headline, time, writers, sources, dateline and body."""

    summary = models.TextField(
        _("summary"), max_length=400, blank=True, help_text=_("One or two sentences for lists, share cards and search.")
    )
    section = models.ForeignKey(
        SectionPage,
        verbose_name=_("section"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied from Wagtail's first_published_at so listings sort on one indexed column of this table.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    dateline_place = models.CharField(
        _("dateline"), max_length=80, blank=True, help_text=_('The place the story is filed from, such as "SEOUL".')
    )
    lead_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField(_("lead image caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(_("lead image credit"), max_length=120, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    topic = models.ForeignKey(
        TopicPage, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    tags = ClusterTaggableManager(through=ArticleTag, verbose_name=_("tags"), blank=True)
    editor = models.ForeignKey(
        "people.Person",
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_articles",
    )
    sources = ParentalManyToManyField("sources.Source", verbose_name=_("sources"), blank=True, related_name="articles")
    is_editors_pick = models.BooleanField(_("editors' pick"), default=False)
    # Set by the wire desk from the agency's embargo; not editable, so no one can publish early by hand.
    embargoed_until = models.DateTimeField(_("embargoed until"), null=True, blank=True, editable=False)
    is_free = models.BooleanField(_("free to read"), default=True)
    # Dewan Pers' guideline: paid content is labelled as such wherever a reader meets it.
    sponsored: models.BooleanField[bool, bool] = models.BooleanField(
        _("sponsored content"),
        default=False,
        help_text=_('Advertorial or paid content: labelled "Sponsored content" wherever it appears.'),
    )
    # A story covered as it happens (a live report): kept by the app that covers it, with queryset
    # .update() (no revision), so every list shows "Berlangsung" without asking that app.
    live_status: models.CharField[str, str] = models.CharField(
        _("live coverage"),
        max_length=8,
        choices=LiveStatus.choices,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )
    # Kept by kabar.comments with queryset .update() (no revision), so lists show it without a query.
    comment_count = models.PositiveIntegerField(_("comments"), default=0, db_default=0, editable=False)

    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")],
            heading=_("Lead image"),
        ),
        FieldPanel("dateline_place"),
        FieldPanel("body"),
        MultiFieldPanel(
            [InlinePanel("writers", label=_("Writer"), min_num=0), FieldPanel("editor"), FieldPanel("sources")],
            heading=_("Credits"),
        ),
        MultiFieldPanel(
            [FieldPanel("topic"), FieldPanel("tags"), FieldPanel("is_editors_pick"), FieldPanel("sponsored")],
            heading=_("Filing"),
        ),
        InlinePanel("corrections", label=_("Correction"), heading=_("Corrections")),
    ]
    parent_page_types = ["articles.ArchiveFolderPage"]
    subpage_types: list[str] = []
    # A copy starts with no comments of its own.
    exclude_fields_in_copy = ["comment_count", "live_status"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("search_stems"),
        index.FilterField("section"),
        index.FilterField("published_at"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("published_at"),
        APIField("last_published_at"),
        APIField("dateline_place"),
        APIField("lead_image"),
        APIField("lead_image_caption"),
        APIField("lead_image_credit"),
        APIField("body"),
        APIField("tags"),
        APIField("is_editors_pick"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["section", "-published_at"], name="article_section_latest"),
            models.Index(fields=["topic", "-published_at"], name="article_topic_latest"),
            models.Index(fields=["-published_at"], name="article_latest"),
            models.Index(fields=["is_editors_pick", "-published_at"], name="article_picks_latest"),
        ]

    # --- what the page shows -------------------------------------------------------------

    @property
    def headline(self) -> str:
        return self.title

    @cached_property
    def writer_people(self) -> list[Person]:
        return [w.person for w in self.writers.all()]

    @property
    def updated_at(self) -> dt.datetime | None:
        """When the article changed after it first went out: shown as "Diperbarui"."""
        if not self.first_published_at or not self.last_published_at:
            return None
        if self.last_published_at - self.first_published_at < dt.timedelta(minutes=1):
            return None
        return self.last_published_at

    @property
    def dateline(self) -> str:
        """`SEOUL, KABAR -`: the place and the site's name in capitals."""
        if not self.dateline_place:
            return ""
        return f"{self.dateline_place.upper()}, {settings.SITE_NAME.upper()} -"

    def paragraphs_text(self) -> list[str]:
        from django.utils.html import strip_tags

        return [strip_tags(str(block.value.source)) for block in self.body if block.block_type == "paragraph"]

    def search_stems(self) -> str:
        text = " ".join([self.title, self.summary, *self.paragraphs_text()])
        return stem_text(text)

    # --- where it lives ------------------------------------------------------------------

    def dated_path(self) -> str:
        moment = timezone.localtime(self.published_at or self.first_published_at or timezone.now(), site_zone())
        section_slug = self.section.slug if self.section_id else "artikel"
        return f"/{section_slug}/read/{moment:%Y/%m/%d}/{self.pk}/{self.slug}/"

    def get_url_parts(self, request: HttpRequest | None = None) -> tuple[Any, str, str] | None:
        parts = super().get_url_parts(request)
        if parts is None or not self.pk:
            return parts
        site_id, root_url, _tree_path = parts
        return site_id, root_url, self.dated_path()

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        canonical = self.dated_path()
        if request.path != canonical and not getattr(request, "is_preview", False):
            from kabar.delivery.pagecache import add_keys
            from kabar.delivery.pagecache.serving import shareable_redirect
            from kabar.delivery.purge import article_key

            query = request.META.get("QUERY_STRING", "")
            # An old link (slug or date changed) is stored by the page cache, so it keeps redirecting
            # while the database is down; the article's purge renders it again if the URL moves on.
            add_keys(article_key(self.pk))
            return shareable_redirect(HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else "")))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kabar.articles import queries

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.article_page_context(self, request))
        return context

    def with_content_json(self, content: dict[str, Any]) -> ArticlePage:
        """The page as a revision holds it, never going live before its embargo.

        Every way of publishing (the edit view, a workflow approval, the scheduler) builds the
        page from its revision through here, so a go-live time earlier than the embargo, or
        none, becomes the embargo: Wagtail then schedules the article instead of publishing it.
        """
        page = super().with_content_json(content)
        # The embargo belongs to the article, not to a revision: an old draft cannot lift it.
        page.embargoed_until = self.embargoed_until
        # Counted from the comments, not revised: an old revision must not bring back an old count.
        page.comment_count = self.comment_count
        # Kept by the live desk, not revised: publishing an old draft must not reopen or close coverage.
        page.live_status = self.live_status
        embargo = page.embargoed_until
        if embargo and embargo > timezone.now() and (page.go_live_at is None or page.go_live_at < embargo):
            page.go_live_at = embargo
        return page

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.section = self.find_section()
        self.published_at = self.first_published_at
        super().save(*args, **kwargs)

    def find_section(self) -> SectionPage | None:
        if not self.path or self.depth < 2:
            return self.section if self.section_id else None
        # The section is the ancestor at depth 3 (root, home, section); its path is our prefix.
        section_path = self.path[: SectionPage.steplen * 3]
        return SectionPage.objects.filter(path=section_path).first()


class ArticleWriter(Orderable):
    """One writer on an article's byline ("Penulis"), in the order the editor set."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="writers")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("writer"), on_delete=models.PROTECT, related_name="writer_credits"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = _("writer")
        verbose_name_plural = _("writers")


class Correction(Orderable):
    """A public note of what was wrong and when it was put right ("Ralat")."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(_("correction"))
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)

    panels = [FieldPanel("note"), FieldPanel("corrected_at")]

    class Meta(Orderable.Meta):
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")


class ArticleViewCount(models.Model):
    """Page views of one article in one hour, written in batches, read for "Terpopuler"."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(_("hour"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("article views in an hour")
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="one_count_per_article_hour")]
        indexes = [models.Index(fields=["hour"], name="viewcount_hour")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00}: {self.views}"


class CappedPaginator(Paginator):
    """A paginator that goes no deeper than `max_pages`, and counts no further than that.

    A listing page is an OFFSET walk down an index: page N costs N pages of rows, and counting a
    section of a million-article archive costs all of them. News sites stop their section and author
    listings a few hundred or thousand stories back and send readers to search for anything older;
    Kabar does the same, so the deepest page and the count stay cheap whatever the archive's size.
    """

    def __init__(self, object_list: Any, per_page: int, max_pages: int) -> None:
        super().__init__(object_list, per_page)
        self.max_pages = max_pages

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.per_page * self.max_pages].count()


# 100 pages of 20: two thousand stories back, about a month of a busy section.
MAX_LIST_PAGES = 100


def paginate(
    request: HttpRequest, queryset: Any, per_page: int = LIST_PAGE_SIZE, max_pages: int | None = MAX_LIST_PAGES
) -> Any:
    """A page of a listing, by ?page=N; out-of-range numbers give the last page, not an error.

    Listings stop at `max_pages` (see CappedPaginator); None lets every page through.
    The articles (or topics) on it are named in the page's surrogate keys.
    """
    from kabar.articles.caching import shown

    paginator = Paginator(queryset, per_page) if max_pages is None else CappedPaginator(queryset, per_page, max_pages)
    page = paginator.get_page(request.GET.get("page"))
    # Iterating fills page.object_list once; the template then reads the same list.
    shown(list(page))
    return page


class SearchEntry(models.Model):
    """One article as readers' search finds it: the roots of its words, and when it was published.

    The table holds exactly the live, public articles (services.refresh_search_entries keeps it so),
    which lets a search read this table alone, newest first. The words are Sastrawi roots
    (kabar.core.search); the index over them is the database's own and is made by the migration:
    a weighted tsvector with a GIN index on PostgreSQL, an FTS5 table on SQLite
    (kabar/articles/search_index.py, docs/decisions/0007-reader-search.md).
    """

    article = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="search_entry", verbose_name=_("article")
    )
    published_at = models.DateTimeField(_("published at"))
    title_stems = models.TextField(_("roots of the title"))
    body_stems = models.TextField(_("roots of the summary and body"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["-published_at", "-article"], name="search_entry_newest")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.published_at:%Y-%m-%d %H:%M}"
