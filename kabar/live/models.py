"""A live report: an article that covers a breaking story as it happens, with its stream of updates.

    ArchiveFolderPage
    └── LiveReportPage (an ArticlePage: lists, comments, sharing, Baca juga, ads, feeds see an article)
          updates ── LiveUpdate (draft │ published │ deleted), newest first; pinned on top
                       revisions ── LiveUpdateRevision (every save, the text as it was)

Updates are rows, not page revisions: posting one must not need the whole page edited and published,
and a report of 2,000 updates must not carry them in every revision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.fields import StreamField

from kabar.articles.models import ArticlePage
from kabar.live.blocks import LiveUpdateBodyBlock


class DeskLinkPanel(Panel):
    """A link from the report's edit form to its desk, where updates are written without a page publish."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context: Any = None) -> SafeString:
            return SafeString(render_to_string("live/admin/desk_link_panel.html", {"report": self.instance}))


class LiveReportPage(ArticlePage):
    """The report's page fields are an article's; its updates are LiveUpdate rows written on the desk."""

    coverage_ends_at: models.DateTimeField[dt.datetime | None, dt.datetime | None] = models.DateTimeField(
        _("scheduled end"),
        null=True,
        blank=True,
        help_text=_("Coverage closes by itself at this time. Leave empty to close it by hand."),
    )
    # Kept by the desk (services), never revised: an old revision must not move coverage's times.
    coverage_started_at: models.DateTimeField[dt.datetime | None, dt.datetime | None] = models.DateTimeField(
        _("coverage started"), null=True, blank=True, editable=False
    )
    coverage_ended_at: models.DateTimeField[dt.datetime | None, dt.datetime | None] = models.DateTimeField(
        _("coverage ended"), null=True, blank=True, editable=False
    )

    content_panels = [
        DeskLinkPanel(heading=_("Live coverage")),
        *ArticlePage.content_panels,
        MultiFieldPanel([FieldPanel("coverage_ends_at")], heading=_("Live coverage")),
    ]
    template = "live/live_report_page.html"
    parent_page_types = ["articles.ArchiveFolderPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = [*ArticlePage.exclude_fields_in_copy, "coverage_started_at", "coverage_ended_at"]

    class Meta:
        verbose_name = _("live report")
        verbose_name_plural = _("live reports")

    @property
    def is_running(self) -> bool:
        return self.live_status == "live"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """An article's context, plus the stream of updates (`stream`) and the rest the page shows (`live`)."""
        from kabar.live import queries

        context = super().get_context(request, *args, **kwargs)
        live = queries.report_page_context(self, request)
        context.update(live=live, stream=live["live_stream"])
        return context

    def with_content_json(self, content: dict[str, Any]) -> LiveReportPage:
        page = super().with_content_json(content)
        assert isinstance(page, LiveReportPage)
        page.coverage_started_at = self.coverage_started_at
        page.coverage_ended_at = self.coverage_ended_at
        return page


class LiveUpdate(models.Model):
    """One update of a live report: what readers see under its time and writer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DELETED = "deleted", _("Deleted")

    report = models.ForeignKey(
        LiveReportPage, verbose_name=_("live report"), on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    headline = models.CharField(
        _("headline"), max_length=200, blank=True, help_text=_('For a key event: its title under "Key points".')
    )
    body = StreamField(LiveUpdateBodyBlock(), verbose_name=_("body"), blank=True)
    writer = models.ForeignKey(
        "people.Person",
        verbose_name=_("writer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("typed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_key_event = models.BooleanField(_("key event"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    edited_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")
        indexes = [
            models.Index(fields=["report", "status", "-published_at", "-id"], name="live_update_stream"),
        ]
        permissions = [
            ("pin_liveupdate", _("Can pin updates and mark key events")),
            ("close_livereport", _("Can close and reopen live coverage")),
        ]

    def __str__(self) -> str:
        return self.headline or f"#{self.pk}"


class LiveUpdateRevision(models.Model):
    """The update as one save left it: a correction never loses what readers saw before."""

    update = models.ForeignKey(
        LiveUpdate, verbose_name=_("live update"), on_delete=models.CASCADE, related_name="revisions"
    )
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    body = models.JSONField(_("body"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("live update revision")
        verbose_name_plural = _("live update revisions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.update_id} @ {self.created_at:%Y-%m-%d %H:%M:%S}"
