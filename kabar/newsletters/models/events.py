"""What became of each mail, as the mail provider reported it through its tracking webhook (anymail's
normalised events): delivered, bounced, marked as spam, opened, unsubscribed.

One row per provider event. `event_key` is the provider's own event id where it gives one (Mailgun's
signature token, SendGrid's sg_event_id, Postmark's bounce ID) and otherwise a digest of the event as
posted, so a webhook posted twice (a provider's retry, or a replay by someone who captured it) is
recorded once: (provider, event_key) is unique.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["MailEvent"]


class MailEvent(models.Model):
    class Kind(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        SOFT_BOUNCED = "soft_bounced", _("Bounced (temporary)")
        DEFERRED = "deferred", _("Delayed")
        REJECTED = "rejected", _("Refused by the provider")
        COMPLAINED = "complained", _("Marked as spam")
        OPENED = "opened", _("Opened")
        CLICKED = "clicked", _("Clicked")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # anymail's name for the provider ("Mailgun", "Postmark", "SendGrid", "Brevo", "Amazon SES", ...).
    provider = models.CharField(_("mail provider"), max_length=32)
    event_key = models.CharField(_("provider's event id"), max_length=128)
    email = models.EmailField(_("e-mail address"), max_length=254)
    message_id = models.CharField(_("message id"), max_length=255, blank=True)
    occurred_at = models.DateTimeField(_("occurred"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    delivery = models.ForeignKey(
        "newsletters.EditionDelivery",
        verbose_name=_("delivery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    click_url = models.TextField(_("link clicked"), blank=True)
    # The provider's event as posted, trimmed (kabar.newsletters.webhooks.trimmed): for an editor who
    # asks why an address was suppressed.
    raw = models.JSONField(_("as reported"), default=dict, blank=True)

    class Meta:
        verbose_name = _("mail event")
        verbose_name_plural = _("mail events")
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_key"], name="newsletters_mailevent_once"),
        ]
        indexes = [
            # Soft bounces are counted per address since its last delivery.
            models.Index(fields=["email", "kind", "occurred_at"], name="newsletters_event_address"),
            models.Index(fields=["message_id"], name="newsletters_event_message"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email}"
