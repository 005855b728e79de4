from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from kabar.core import brand


class Lease(models.Model):
    """A named, expiring lock held in the database, so one worker among many does a periodic job."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("lease")

    def __str__(self) -> str:
        return f"{self.name} ({self.holder} until {self.expires_at:%H:%M:%S})"


@register_setting(icon="site")
class PublicationSettings(ClusterableModel, BaseSiteSetting):  # type: ignore[misc]
    """What the site says about the publication: its name, logo, colours and social channels."""

    publication_name: models.CharField[str, str] = models.CharField(
        _("publication name"),
        max_length=100,
        blank=True,
        help_text=_("In the masthead, the footer and page titles. Empty: the name the server was set up with."),
    )
    tagline: models.CharField[str, str] = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="brand/",
        blank=True,
        validators=[FileExtensionValidator(["svg", "png"])],
        help_text=_("SVG or PNG, at most 512 KB; shown 36 pixels tall in the masthead. An SVG may hold drawing only."),
    )
    logo_width: models.PositiveIntegerField[int | None, int | None] = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    logo_height: models.PositiveIntegerField[int | None, int | None] = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    accent_colour: models.CharField[str, str] = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[brand.validate_text_colour],
        help_text=_("Links, rules and buttons, e.g. #b3261e; dark enough to read on white."),
    )
    whatsapp_channel_url: models.URLField[str, str] = models.URLField(_("WhatsApp Channel URL"), blank=True)
    telegram_channel_url: models.URLField[str, str] = models.URLField(_("Telegram channel URL"), blank=True)
    x_handle: models.CharField[str, str] = models.CharField(
        _("X (Twitter) handle"), max_length=50, blank=True, help_text=_("Without the @.")
    )
    facebook_url: models.URLField[str, str] = models.URLField(_("Facebook page URL"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("publication_name"), FieldPanel("tagline"), FieldPanel("logo"), FieldPanel("accent_colour")],
            heading=_("Brand"),
        ),
        InlinePanel("section_colours", heading=_("Section colours"), label=_("section colour")),
        MultiFieldPanel(
            [
                FieldPanel("whatsapp_channel_url"),
                FieldPanel("telegram_channel_url"),
                FieldPanel("x_handle"),
                FieldPanel("facebook_url"),
            ],
            heading=_("Social channels"),
        ),
    ]

    class Meta:
        verbose_name = _("publication settings")

    def clean(self) -> None:
        super().clean()
        if self.logo and not getattr(self.logo, "_committed", True):
            try:
                self.logo_width, self.logo_height = brand.logo_size(self.logo.file)
            except ValidationError as error:
                raise ValidationError({"logo": error}) from None
        elif not self.logo:
            self.logo_width = self.logo_height = None


class SectionColour(Orderable):  # type: ignore[misc]
    """A section's colour, for its kickers and rules (a .sec-<slug> class in /brand.css)."""

    publication = ParentalKey(PublicationSettings, on_delete=models.CASCADE, related_name="section_colours")
    section: models.ForeignKey[Any, Any] = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("section"), on_delete=models.CASCADE, related_name="+"
    )
    colour: models.CharField[str, str] = models.CharField(
        _("colour"), max_length=7, validators=[brand.validate_text_colour]
    )

    panels = [PageChooserPanel("section", "articles.SectionPage"), FieldPanel("colour")]

    class Meta(Orderable.Meta):  # type: ignore[misc]
        verbose_name = _("section colour")

    def __str__(self) -> str:
        return f"{self.section_id}: {self.colour}"


class RateLimitCounter(models.Model):
    """The table of the ``ratelimit`` cache without Redis (kabar/core/ratelimit.py): Django's
    database-cache layout, made here so that `migrate` creates it on a bare machine."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "kabar_rate_limits"

    def __str__(self) -> str:
        return self.cache_key
