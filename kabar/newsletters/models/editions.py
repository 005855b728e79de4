"""What the newsroom sends: an edition of a list, one delivery row per address it goes to, and the
clicks counted through Kabar's own signed redirect (kabar.newsletters.clicks).

How a send stays "once per address" across crashes is told in kabar.newsletters.sending.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField

from kabar.newsletters.blocks import EditionBodyBlock
from kabar.newsletters.models.subscribers import NewsletterList

__all__ = ["Click", "Edition", "EditionDelivery"]


class Edition(models.Model):
    """One mailing of a list: composed by an editor, or made by the clock for a daily digest."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    newsletter = models.ForeignKey(
        NewsletterList, verbose_name=_("newsletter"), on_delete=models.CASCADE, related_name="editions"
    )
    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(
        _("preheader"),
        max_length=150,
        blank=True,
        help_text=_("The line a mail program shows after the subject in the inbox."),
    )
    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(EditionBodyBlock(), verbose_name=_("body"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The daily digest the clock made for this date (WIB); unique, so the clock makes one a day.
    digest_date = models.DateField(_("digest of"), null=True, blank=True, editable=False)
    # Frozen when the send starts: the automatic blocks' articles and the mail as rendered, so every
    # reader (and a send resumed after a crash) gets the same edition.
    resolved = models.JSONField(default=dict, blank=True, editable=False)
    rendered_html = models.TextField(blank=True, editable=False)
    rendered_text = models.TextField(blank=True, editable=False)
    recipients = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    fanned_out_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moved by the sending worker every batch: a send whose heartbeat stopped is taken up again.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("newsletter"),
        FieldRowPanel([FieldPanel("subject"), FieldPanel("preheader")]),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        permissions = [("send_edition", _("Can send editions"))]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "digest_date"],
                name="newsletters_one_digest_a_day",
                condition=models.Q(digest_date__isnull=False),
            )
        ]
        indexes = [models.Index(fields=["status", "scheduled_at"], name="newsletters_edition_due")]

    def __str__(self) -> str:
        return self.subject

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.SCHEDULED}


class EditionDelivery(models.Model):
    """One edition to one address. Made for every recipient before the first mail goes (the unique
    constraint makes that repeatable), then claimed in batches by whichever worker runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (unsubscribed or suppressed)")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        "newsletters.Subscription", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The provider's id when an anymail backend reports one (its tracking events name it), else the
    # Message-ID header Kabar set.
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.CharField(max_length=80, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("edition delivery")
        verbose_name_plural = _("edition deliveries")
        constraints = [
            models.UniqueConstraint(fields=["edition", "email"], name="newsletters_one_delivery_per_address")
        ]
        indexes = [models.Index(fields=["edition", "status", "id"], name="newsletters_delivery_due")]

    def __str__(self) -> str:
        return f"{self.edition_id} → {self.email}: {self.status}"


class Click(models.Model):
    """Clicks on one link of one edition, counted by the redirect (no third-party pixel or tracker)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="clicks")
    url = models.URLField(max_length=1000)
    count = models.PositiveIntegerField(default=0)
    last_clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("click")
        verbose_name_plural = _("clicks")
        constraints = [models.UniqueConstraint(fields=["edition", "url"], name="newsletters_one_click_row_per_link")]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.url}: {self.count}"
