"""The pages an Indonesian news site must have, as pages under the home page:

    HomePage  /
    ├── StandardPage        /tentang-kami/, /pedoman-media-siber/, /kebijakan-privasi/ … (rich text)
    ├── MastheadPage        /redaksi/      the newsroom's people and their roles, from People
    ├── RightOfReplyPage    /hak-jawab/    a form whose replies reach the editors (RightOfReply)
    └── CorrectionsPage     /koreksi/      every published correction, newest first

Every one has a title, an optional summary and a rich-text body, and shows when it was last updated.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from kabar.articles.models import KabarPage

# What the editors may put in a page's body: headings, lists, links and emphasis; no images or embeds.
BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]
SUMMARY_MAX_LENGTH = 300
# Added to the home page's allowed children by PagesConfig.ready.
HOME_PAGE_CHILDREN = ["pages.StandardPage", "pages.MastheadPage", "pages.RightOfReplyPage", "pages.CorrectionsPage"]


class InformationPage(KabarPage):
    """What every one of these pages has: a title, a summary, a body and its last update."""

    summary: models.TextField = models.TextField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        help_text=_("One or two sentences under the title, for search engines and share cards."),
    )
    body = RichTextField(_("body"), features=BODY_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["articles.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kabar.delivery.pagecache import add_keys
        from kabar.pages.caching import page_key

        context = super().get_context(request, *args, **kwargs)
        add_keys(page_key(self.pk))
        # Shown as "Diperbarui": the last time an editor published a change to this page.
        context["updated_at"] = self.last_published_at
        return context


class StandardPage(InformationPage):
    """A page of text: Tentang Kami, Kontak, Info Iklan, Pedoman Media Siber, Kebijakan Privasi…"""

    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class MastheadPage(InformationPage):
    """Redaksi: the body (the publisher, its address) and then the newsroom's active people by role."""

    template = "pages/masthead_page.html"
    max_count = 1

    class Meta:
        verbose_name = _("masthead page")
        verbose_name_plural = _("masthead pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kabar.delivery.pagecache import add_keys
        from kabar.pages import queries
        from kabar.pages.caching import MASTHEAD

        context = super().get_context(request, *args, **kwargs)
        # Anyone added to, changed in or removed from People purges MASTHEAD.
        add_keys(MASTHEAD)
        context["masthead"] = queries.masthead()
        return context


class RightOfReplyPage(InformationPage):
    """Hak Jawab: the body explains the right; the form under it sends a reply to the editors."""

    template = "pages/right_of_reply_page.html"
    max_count = 1

    class Meta:
        verbose_name = _("right of reply page")
        verbose_name_plural = _("right of reply pages")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from kabar.pages import views

        return views.right_of_reply(request, self)


class CorrectionsPage(InformationPage):
    """Koreksi: every correction of a published article, newest first, a page at a time."""

    template = "pages/corrections_page.html"
    max_count = 1

    class Meta:
        verbose_name = _("corrections page")
        verbose_name_plural = _("corrections pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kabar.articles.models import paginate
        from kabar.delivery.pagecache import add_keys
        from kabar.delivery.purge import article_key
        from kabar.pages import queries
        from kabar.pages.caching import CORRECTIONS

        context = super().get_context(request, *args, **kwargs)
        corrections = paginate(request, queries.published_corrections())
        # A new correction purges CORRECTIONS; a changed or withdrawn article purges its own key.
        add_keys(CORRECTIONS, *(article_key(correction.article_id) for correction in corrections))
        context["corrections_page"] = corrections
        return context


class RightOfReply(models.Model):
    """A reader's reply ("hak jawab") to an article, as sent from the Hak Jawab page, and the editors' answer."""

    class Status(models.TextChoices):
        # In their own context: Wagtail's "Published" (of pages) reads differently in Indonesian.
        RECEIVED = "received", pgettext_lazy("right of reply", "Received")
        IN_REVIEW = "in_review", pgettext_lazy("right of reply", "In review")
        PUBLISHED = "published", pgettext_lazy("right of reply", "Published")
        DECLINED = "declined", pgettext_lazy("right of reply", "Declined")

    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # As the reader gave it (a full address or a path), checked by forms.RightOfReplyForm.
    article_url = models.CharField(_("article address"), max_length=500)
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("reply"), max_length=5000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    answer = models.TextField(
        _("answer to the reader"),
        max_length=5000,
        blank=True,
        help_text=_("Sent to the reader by e-mail when you save a new or changed answer."),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("right of reply")
        verbose_name_plural = _("rights of reply")

    def __str__(self) -> str:
        return f"{self.name}: {self.article.title if self.article else self.article_url}"
