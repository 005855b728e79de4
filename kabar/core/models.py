from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string


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
class PublicationSettings(BaseSiteSetting):
    """What the site says about the publication: its logo and its social channels."""

    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    whatsapp_channel_url = models.URLField(_("WhatsApp Channel URL"), blank=True)
    telegram_channel_url = models.URLField(_("Telegram channel URL"), blank=True)
    x_handle = models.CharField(_("X (Twitter) handle"), max_length=50, blank=True, help_text=_("Without the @."))
    facebook_url = models.URLField(_("Facebook page URL"), blank=True)

    panels = [
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("whatsapp_channel_url"),
        FieldPanel("telegram_channel_url"),
        FieldPanel("x_handle"),
        FieldPanel("facebook_url"),
    ]

    class Meta:
        verbose_name = _("publication settings")


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
