"""Who receives what: the lists readers choose from, each address's subscription to a list, and the
addresses that must never be mailed again (bounces, complaints, or by hand).

A subscription belongs to an address, not to an account: an anonymous reader subscribes with an address
alone, and `user` is filled when the address is a logged-in reader's, so the reader's data download and
account deletion find it. Consent is kept as the reader gave it (when, where, the words shown), as UU PDP
asks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from kabar.delivery.purge import purge_keys

__all__ = ["NewsletterList", "Subscription", "Suppression", "normalise_email"]


def normalise_email(email: str) -> str:
    """One spelling per address: surrounding space removed, lower case (how every lookup compares it)."""
    return email.strip().lower()


class NewsletterList(models.Model):
    """A newsletter readers can subscribe to ("Kabar Pagi", a section's letter, breaking news, Kabar+)."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Daily digest (Kabar Pagi)")
        SECTION = "section", _("Section letter")
        BREAKING = "breaking", _("Breaking news")
        MEMBERS = "members", _("Kabar+ members only")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SECTION)
    section = models.ForeignKey(
        "articles.SectionPage",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    send_time = models.TimeField(
        _("send time (WIB)"), null=True, blank=True, help_text=_("When the daily digest goes out without an editor.")
    )
    sender_name = models.CharField(
        _("sender name"), max_length=120, blank=True, help_text=_("Blank: the site's default sender.")
    )
    sender_email = models.EmailField(_("sender address"), blank=True, help_text=_("Blank: the site's default sender."))
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive lists are not offered to readers.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("section")]),
        FieldRowPanel([FieldPanel("frequency"), FieldPanel("send_time")]),
        MultiFieldPanel([FieldPanel("sender_name"), FieldPanel("sender_email")], heading=_("Sender")),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("position")]),
    ]

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # The sign-up forms in cached pages (articles, /nawala/) list the lists.
        purge_keys(["site"])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        result = super().delete(*args, **kwargs)
        purge_keys(["site"])
        return result

    @property
    def members_only(self) -> bool:
        return self.kind == self.Kind.MEMBERS


class Subscription(models.Model):
    """One address on one list, with the consent it was given under."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Active")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        ARTICLE = "article", _("Form under an article")
        FOOTER = "footer", _("Form in the footer")
        ACCOUNT = "account", _("Reader's account page")
        PREFERENCES = "preferences", _("Preferences page")
        IMPORT = "import", _("Import")

    newsletter = models.ForeignKey(
        NewsletterList, verbose_name=_("newsletter"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    # Always normalise_email()'d, so (newsletter, email) is unique whatever case the reader typed.
    email = models.EmailField(_("e-mail address"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscriptions",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_source = models.CharField(_("consent source"), max_length=16, choices=Source.choices, blank=True)
    consent_text = models.TextField(_("consent text"), blank=True, help_text=_("What the reader agreed to, as shown."))
    # Kept for the consent record (who asked, from where): the client address at the time.
    consent_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    unsubscribe_source = models.CharField(_("unsubscribed through"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "email"], name="newsletters_subscription_unique_email"),
        ]
        indexes = [
            # Sending walks a list's active subscriptions in id order, batch after batch (keyset pagination).
            models.Index(fields=["newsletter", "status", "id"], name="newsletters_sub_sending"),
            models.Index(fields=["email"], name="newsletters_sub_email"),
            models.Index(fields=["status", "consent_at"], name="newsletters_sub_pending_age"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.newsletter}"


class Suppression(models.Model):
    """An address never to be mailed again, and why. Subscribing again does not lift it silently."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", _("Bounced")
        COMPLAINT = "complaint", _("Marked as spam")
        MANUAL = "manual", _("Added by staff")

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"
