"""The wire desk ("Kawat"): agency feeds the newsroom receives, the items they send, and every version of each.

WireFeed         one configured incoming source (an RSS/Atom URL, a ninjs or NewsML-G2 endpoint,
│                or a drop folder), with the agency it belongs to and its polling health
└── WireItem     one story as the agency identifies it (agency_uri, unique per feed), holding
    │            its current version
    ├── WireItemVersion   every version received, unique per (item, version)
    ├── WireArticle       every article the newsroom made from it ("Buat artikel")
    └── WireSearchEntry   the roots of its words, for the desk's search (kabar/wire/search_index.py)
"""

from __future__ import annotations

import functools
import html
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from kabar.core.search import WORD, stem_word

_cached_stem = functools.lru_cache(maxsize=100_000)(stem_word)
TAG = re.compile(r"<[^>]*>")


class WireFeed(models.Model):
    class Kind(models.TextChoices):
        RSS = "rss", _("RSS or Atom")
        NINJS = "ninjs", _("ninjs (JSON)")
        NEWSML_G2 = "newsml_g2", _("NewsML-G2 (XML)")
        DROP_FOLDER = "drop_folder", _("Drop folder")

    class AuthKind(models.TextChoices):
        NONE = "none", _("None")
        BASIC = "basic", _("User name and password (HTTP Basic)")
        BEARER = "bearer", _("Bearer token")
        API_KEY_HEADER = "api_key_header", _("API key in a header")

    name = models.CharField(_("name"), max_length=120, unique=True)
    agency = models.ForeignKey(
        "sources.Source",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="wire_feeds",
        help_text=_('The source credited as "Sumber" on articles made from this feed.'),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RSS)
    url = models.URLField(
        _("URL"), max_length=1000, blank=True, help_text=_("http or https; not used by drop folders.")
    )
    folder_path = models.CharField(
        _("folder"),
        max_length=500,
        blank=True,
        help_text=_("For drop folders: the folder the agency's files arrive in, on the worker's machine."),
    )
    auth_kind = models.CharField(_("authentication"), max_length=20, choices=AuthKind.choices, default=AuthKind.NONE)
    username = models.CharField(_("user name"), max_length=200, blank=True)
    # Credentials are stored as given: the feed needs them in clear to send them. Only Admin sees this screen.
    password = models.CharField(_("password"), max_length=500, blank=True)
    token = models.CharField(_("token or API key"), max_length=2000, blank=True)
    api_key_header = models.CharField(_("API key header"), max_length=100, blank=True, default="X-API-Key")
    poll_interval_seconds = models.PositiveIntegerField(_("poll every (seconds)"), default=300)
    default_section = models.ForeignKey(
        "articles.SectionPage",
        verbose_name=_("default section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_('Where "Make article" files articles unless the editor chooses another section.'),
    )
    language = models.CharField(_("language"), max_length=20, blank=True, default="id")
    enabled = models.BooleanField(_("enabled"), default=True)
    allow_private_network = models.BooleanField(
        _("allow private network addresses"),
        default=False,
        help_text=_(
            "Only for a feed served inside your own network. Off, addresses such as 10.x or 127.0.0.1 are refused."
        ),
    )

    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, editable=False, db_index=True)
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    items_seen = models.PositiveIntegerField(_("items received"), default=0, editable=False)
    items_new = models.PositiveIntegerField(_("new items"), default=0, editable=False)
    items_updated = models.PositiveIntegerField(_("updated items"), default=0, editable=False)
    items_refused = models.PositiveIntegerField(_("refused items"), default=0, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("agency"),
        FieldPanel("kind"),
        FieldPanel("url"),
        FieldPanel("folder_path"),
        MultiFieldPanel(
            [
                FieldPanel("auth_kind"),
                FieldPanel("username"),
                # Masked on screen; the value stays in the form so saving does not erase it.
                FieldPanel("password", widget=forms.PasswordInput(render_value=True)),
                FieldPanel("token", widget=forms.PasswordInput(render_value=True)),
                FieldPanel("api_key_header"),
            ],
            heading=_("Authentication"),
        ),
        FieldPanel("poll_interval_seconds"),
        FieldPanel("default_section"),
        FieldPanel("language"),
        FieldPanel("enabled"),
        FieldPanel("allow_private_network"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("wire feed")
        verbose_name_plural = _("wire feeds")

    def __str__(self) -> str:
        return self.name

    @property
    def short_error(self) -> str:
        return self.last_error if len(self.last_error) <= 120 else self.last_error[:119] + "…"

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.DROP_FOLDER:
            if not self.folder_path.strip():
                errors["folder_path"] = _("A drop folder needs the folder its files arrive in.")
        elif not self.url.startswith(("http://", "https://")):
            errors["url"] = _("Give the feed's http or https address.")
        if self.auth_kind == self.AuthKind.BASIC and not self.username:
            errors["username"] = _("HTTP Basic authentication needs a user name.")
        if self.auth_kind in (self.AuthKind.BEARER, self.AuthKind.API_KEY_HEADER) and not self.token:
            errors["token"] = _("This authentication needs a token or API key.")
        if self.auth_kind == self.AuthKind.API_KEY_HEADER and not self.api_key_header.strip():
            errors["api_key_header"] = _("Name the header the API key is sent in.")
        if self.poll_interval_seconds is not None and self.poll_interval_seconds < 30:
            errors["poll_interval_seconds"] = _("Poll no more often than every 30 seconds.")
        if errors:
            raise ValidationError(errors)


class PubStatus(models.TextChoices):
    USABLE = "usable", _("Usable")
    WITHHELD = "withheld", _("Withheld")
    CANCELED = "canceled", _("Canceled (killed)")


class ItemType(models.TextChoices):
    """What the agency sent: only a text story becomes an article; the rest are material for one."""

    TEXT = "text", _("Text")
    PICTURE = "picture", _("Picture")
    GRAPHIC = "graphic", _("Graphic")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    EVENT = "event", _("Event")


class WireItem(models.Model):
    """A story from an agency, as its latest version has it."""

    feed = models.ForeignKey(WireFeed, verbose_name=_("feed"), on_delete=models.CASCADE, related_name="items")
    agency_uri = models.CharField(_("agency identifier"), max_length=500)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("How many versions Kabar has received."))
    agency_version = models.CharField(_("agency's version"), max_length=50, blank=True)
    version_created = models.DateTimeField(_("version created"), null=True, blank=True)
    item_type = models.CharField(_("type"), max_length=10, choices=ItemType.choices, default=ItemType.TEXT)
    headline = models.CharField(_("headline"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), null=True, blank=True, help_text=_("1 (most urgent) to 9.")
    )
    language = models.CharField(_("language"), max_length=20, blank=True)
    located = models.CharField(_("located"), max_length=200, blank=True)
    dateline = models.CharField(_("dateline"), max_length=300, blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    ednote = models.TextField(_("agency's note to editors"), blank=True)
    body_html = models.TextField(_("body"), blank=True)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    photos = models.JSONField(_("photos"), default=list, blank=True)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    pubstatus = models.CharField(_("status"), max_length=10, choices=PubStatus.choices, default=PubStatus.USABLE)
    embargoed_until = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    killed_at = models.DateTimeField(_("killed at"), null=True, blank=True, db_index=True)
    first_seen_at = models.DateTimeField(_("first received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The first article made from this item."),
    )

    class Meta:
        ordering = ["-first_seen_at", "-pk"]
        verbose_name = _("wire item")
        verbose_name_plural = _("wire items")
        constraints = [models.UniqueConstraint(fields=["feed", "agency_uri"], name="wire_item_unique_per_feed")]
        indexes = [models.Index(fields=["feed", "-first_seen_at"], name="wire_item_feed_latest")]

    def __str__(self) -> str:
        return self.headline or self.agency_uri

    @property
    def is_killed(self) -> bool:
        return self.killed_at is not None

    @property
    def is_text(self) -> bool:
        return self.item_type == ItemType.TEXT

    def search_stems(self) -> str:
        # Stemmed like articles (kabar.core.search), so "pemilu" finds "pemilu" and not "pilu"; agency
        # copy repeats its words, so each word's root is cached. The body is sanitised when stored,
        # so its tags are simply cut out (and keep the words of two paragraphs apart).
        text = f"{self.headline} {self.summary} {html.unescape(TAG.sub(' ', self.body_html))} {self.byline}"
        return " ".join(map(_cached_stem, WORD.findall(text.lower())))


class WireSearchEntry(models.Model):
    """The roots of an item's words, written with the item, in the database's own full-text index.

    Not Wagtail's search index: that one refreshes title norms over its whole table for every
    document indexed, so ingesting slowed down as the desk grew (issue 22). PostgreSQL: a tsvector
    column with a GIN index; SQLite: an FTS5 table with these rows as its external content; both
    made by migration 0004 and read by kabar/wire/search_index.py.
    """

    item = models.OneToOneField(
        WireItem,
        verbose_name=_("item"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    stems = models.TextField(_("roots of the headline, summary, body and byline"))

    class Meta:
        verbose_name = _("wire search entry")
        verbose_name_plural = _("wire search entries")

    def __str__(self) -> str:
        return str(self.item_id)


class WireItemVersion(models.Model):
    """One version of an item as received; the item itself always shows the newest."""

    item = models.ForeignKey(WireItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    agency_version = models.CharField(_("agency's version"), max_length=50, blank=True)
    version_created = models.DateTimeField(_("version created"), null=True, blank=True)
    content = models.JSONField(_("content"))
    checksum = models.CharField(_("checksum"), max_length=64, db_index=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["item", "-version"]
        verbose_name = _("wire item version")
        verbose_name_plural = _("wire item versions")
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="wire_version_unique_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"


class WireArticle(models.Model):
    """An article made from a wire item, so kills and embargoes reach every one of them."""

    item = models.ForeignKey(WireItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="made_articles")
    article = models.OneToOneField(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="wire_origin"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]
        verbose_name = _("article from the wire")
        verbose_name_plural = _("articles from the wire")

    def __str__(self) -> str:
        return f"{self.item} → {self.article_id}"


class WireRefusal(models.Model):
    """A document or an item the desk refused, with the reason: what to take up with the agency.

    Written wherever documents come in (a poll under the worker, a drop folder, `kabar wire import`),
    so the reason is on the desk, not only in a log or a counter. The newest thousand are kept per feed.
    """

    feed = models.ForeignKey(WireFeed, verbose_name=_("feed"), on_delete=models.CASCADE, related_name="refusals")
    refused_at = models.DateTimeField(_("refused at"), auto_now_add=True)
    source = models.CharField(_("file or address"), max_length=1000, blank=True)
    agency_uri = models.CharField(_("agency identifier"), max_length=500, blank=True)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-refused_at", "-pk"]
        verbose_name = _("wire refusal")
        verbose_name_plural = _("wire refusals")
        indexes = [models.Index(fields=["feed", "-refused_at"], name="wire_refusal_feed_latest")]

    def __str__(self) -> str:
        return f"{self.agency_uri or self.source}: {self.reason}"
