"""Alerts: readers' browser subscriptions, the publication's webhooks, the newsroom's alerts, and one
delivery row per (alert, recipient) on each channel, so each alert reaches each recipient once,
whichever worker sends it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class PushSubscription(models.Model):
    """One browser's standard PushSubscription: where to post, and the keys to encrypt for it.

    The endpoint is a capability URL given by the reader's browser, so it is untrusted: it is
    checked against the known push services when stored and again before every send.
    """

    endpoint = models.URLField(_("endpoint"), max_length=1024)
    # Endpoints are long; a unique hash keeps the index small on both databases.
    endpoint_hash = models.CharField(max_length=64, unique=True, editable=False)
    p256dh = models.CharField(_("public key"), max_length=100)
    auth = models.CharField(_("auth secret"), max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="push_subscriptions",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("browser subscription")
        verbose_name_plural = _("browser subscriptions")

    def __str__(self) -> str:
        return self.endpoint[:60]


class SubscriptionTopic(models.Model):
    """A topic a browser follows: `breaking`, `picks`, `section-<id>` or `story-<id>` (one live story's
    key events, forgotten once its coverage ends)."""

    subscription = models.ForeignKey(PushSubscription, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("topic"), max_length=40)

    class Meta:
        verbose_name = _("subscription topic")
        constraints = [models.UniqueConstraint(fields=["subscription", "topic"], name="one_row_per_topic")]
        indexes = [models.Index(fields=["topic", "subscription"], name="alerts_topic_subscribers")]

    def __str__(self) -> str:
        return self.topic


class Alert(models.Model):
    """A push notification about one article, sent to the browsers following any of its topics."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for publication")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    text = models.CharField(_("text"), max_length=240, blank=True)
    topics = models.JSONField(_("topics"), default=list)
    is_breaking = models.BooleanField(_("breaking news"), default=False)
    banner_hours = models.PositiveSmallIntegerField(_("banner hours"), default=0)
    # Filled in when the alert is queued, from the live article.
    url = models.URLField(_("URL"), max_length=500, blank=True)
    image_url = models.URLField(_("image URL"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    # The admin form's key, or the command's: a second press of the same button finds this alert.
    idempotency_key = models.CharField(max_length=80, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    banner_until = models.DateTimeField(_("banner until"), null=True, blank=True)
    banner_ended = models.BooleanField(default=False)
    resume_enqueued_at = models.DateTimeField(null=True, blank=True)
    # The other ways it goes out (kabar_breaking_news_channels), by name, as the editor ticked them; handed
    # to them once: the worker that first claims the alert's sending sets channels_sent_at and sends.
    extra_channels = models.JSONField(_("also sent by"), default=list, blank=True)
    channels_sent_at = models.DateTimeField(_("also sent at"), null=True, blank=True)
    # The alert's lease: moved every few seconds while a worker sends (services.lease_seconds());
    # cleared when its run ends. Older than one lease: the worker is presumed dead.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(_("subscriptions"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    expired = models.PositiveIntegerField(_("expired"), default=0)
    # Every try counted when it starts (a delivery is marked before it is sent), so the counts
    # survive the pruning of the per-browser rows; retries are the tries after a delivery's first,
    # those resent after a worker died with them in flight included.
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    retries = models.PositiveIntegerField(_("retries"), default=0)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [
            models.Index(fields=["status", "created_at"], name="alerts_status_created"),
            models.Index(fields=["article", "status"], name="alerts_article_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def pending(self) -> int:
        return max(self.total - self.sent - self.failed - self.expired, 0)

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.SENDING}


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    # Marked, with the attempt counted, before the request leaves: a row found sending once its
    # worker's lease has lapsed may or may not have reached the recipient.
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


# Not yet settled: still to send, or on the wire.
UNFINISHED = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


class AbstractDelivery(models.Model):
    """What the delivery engine keeps on every channel's delivery rows (kabar.alerts.channels.base).

    A channel's rows add a foreign key `alert`, one to the recipient, and a unique constraint on the two.
    """

    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The worker sending the row, and its lease: renewed while it works, lapsed when it died.
    claimed_by = models.CharField(max_length=60, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True


class Delivery(AbstractDelivery):
    """One alert to one browser. Made for every subscriber before the first send (the unique
    constraint makes that idempotent), then claimed in batches by whichever worker runs."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(PushSubscription, on_delete=models.CASCADE, related_name="deliveries")

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["alert", "subscription"], name="one_delivery_per_alert_subscription")
        ]
        indexes = [models.Index(fields=["alert", "status", "next_attempt_at"], name="alerts_delivery_due")]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.subscription_id}: {self.status}"


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class OutboundWebhook(models.Model):
    """Where each alert is also posted, signed, for a WhatsApp Business or Telegram bot to relay."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_("The receiver checks the X-Kabar-Signature header with this secret (HMAC-SHA256)."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("secret"), FieldPanel("enabled")]

    class Meta:
        verbose_name = _("alert webhook")
        verbose_name_plural = _("alert webhooks")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(AbstractDelivery):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="webhook_deliveries")
    webhook = models.ForeignKey(OutboundWebhook, on_delete=models.CASCADE, related_name="deliveries")

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [models.UniqueConstraint(fields=["alert", "webhook"], name="one_webhook_delivery_per_alert")]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.webhook_id}: {self.status}"


class VapidKey(models.Model):
    """The site's VAPID key pair when none is given in the environment: made once, on first use.

    Browsers subscribe with its public key; changing it orphans every existing subscription.
    """

    private_key = models.CharField(max_length=100)
    public_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("VAPID key")

    def __str__(self) -> str:
        return self.public_key[:16]
