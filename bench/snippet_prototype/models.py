"""SnippetArticle: ArticlePage's fields and editing features on a plain model, outside the page tree.

It carries what the article template reads under the same names (title, section, first_published_at,
dateline, full_url, ...), so the site's own article template renders it unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, PreviewableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from kabar.articles.blocks import ArticleBodyBlock
from kabar.core.search import stem_text
from kabar.core.timefmt import site_zone


class SnippetArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "snippet_prototype.SnippetArticle", on_delete=models.CASCADE, related_name="tagged_items"
    )


class SnippetArticle(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    title = models.CharField("title", max_length=255)
    slug = models.SlugField("slug", max_length=255, allow_unicode=True)
    summary = models.TextField("summary", max_length=400, blank=True)
    # No tree to derive it from, so unlike ArticlePage the editor picks the section.
    section = models.ForeignKey(
        "articles.SectionPage", verbose_name="section", on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("published at", null=True, blank=True, editable=False)
    dateline_place = models.CharField("dateline", max_length=80, blank=True)
    lead_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name="lead image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField("lead image caption", max_length=300, blank=True)
    lead_image_credit = models.CharField("lead image credit", max_length=120, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name="body", blank=True)
    topic = models.ForeignKey(
        "articles.TopicPage", verbose_name="topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = ClusterTaggableManager(through=SnippetArticleTag, verbose_name="tags", blank=True)
    editor = models.ForeignKey(
        "people.Person", verbose_name="editor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sources = ParentalManyToManyField("sources.Source", verbose_name="sources", blank=True, related_name="+")
    is_editors_pick = models.BooleanField("editors' pick", default=False)
    is_free = models.BooleanField("free to read", default=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("section"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")]),
        FieldPanel("dateline_place"),
        FieldPanel("body"),
        MultiFieldPanel([InlinePanel("writers", min_num=0), FieldPanel("editor"), FieldPanel("sources")]),
        MultiFieldPanel([FieldPanel("topic"), FieldPanel("tags"), FieldPanel("is_editors_pick")]),
        InlinePanel("corrections"),
    ]

    # The same searchable text as ArticlePage (title plus Sastrawi stems), so search costs compare.
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("search_stems"),
        index.FilterField("live"),
        index.FilterField("section"),
        index.FilterField("published_at"),
    ]

    class Meta:
        verbose_name = "snippet article"
        verbose_name_plural = "snippet articles"
        # The same indexes as ArticlePage, so both sides list from an index range scan.
        indexes = [
            models.Index(fields=["section", "-published_at"], name="snippet_section_latest"),
            models.Index(fields=["topic", "-published_at"], name="snippet_topic_latest"),
            models.Index(fields=["-published_at"], name="snippet_latest"),
            models.Index(fields=["is_editors_pick", "-published_at"], name="snippet_picks_latest"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Publishing sets first_published_at; listings sort on this copy, as ArticlePage's do.
        self.published_at = self.first_published_at
        super().save(*args, **kwargs)

    # --- what the article template reads under ArticlePage's names ---------------------------

    seo_title = ""
    search_description = ""

    @property
    def headline(self) -> str:
        return self.title

    @property
    def updated_at(self) -> dt.datetime | None:
        if not self.first_published_at or not self.last_published_at:
            return None
        if self.last_published_at - self.first_published_at < dt.timedelta(minutes=1):
            return None
        return self.last_published_at

    @property
    def dateline(self) -> str:
        if not self.dateline_place:
            return ""
        return f"{self.dateline_place.upper()}, {settings.SITE_NAME.upper()} -"

    def search_stems(self) -> str:
        paragraphs = [strip_tags(str(b.value.source)) for b in self.body if b.block_type == "paragraph"]
        return stem_text(" ".join([self.title, self.summary, *paragraphs]))

    def dated_path(self) -> str:
        moment = timezone.localtime(self.published_at or self.first_published_at or timezone.now(), site_zone())
        return f"/snippet/{self.section.slug}/read/{moment:%Y/%m/%d}/{self.pk}/{self.slug}/"

    @property
    def url(self) -> str:
        return self.dated_path()

    @property
    def full_url(self) -> str:
        return settings.BASE_URL + self.dated_path()

    # --- preview: the same template and context as the public view ---------------------------

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "articles/article_page.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        from bench.snippet_prototype.queries import article_context

        return {"page": self, "self": self, "request": request, **article_context(self, request)}


class SnippetArticleWriter(Orderable):
    article = ParentalKey(SnippetArticle, on_delete=models.CASCADE, related_name="writers")
    person = models.ForeignKey("people.Person", verbose_name="writer", on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("person")]


class SnippetCorrection(Orderable):
    article = ParentalKey(SnippetArticle, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField("correction")
    corrected_at = models.DateTimeField("corrected at", default=timezone.now)

    panels = [FieldPanel("note"), FieldPanel("corrected_at")]
