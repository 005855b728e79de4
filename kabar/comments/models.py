"""Readers' comments under articles, the reports on them, bans, the word list and the moderation rules.

A comment's text is stored as the reader wrote it (after normalising, see text.py) and is only
ever escaped at the last step of rendering (templatetags/comment_tags.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Mode(models.TextChoices):
    """How an article takes comments."""

    OPEN = "open", _("Open: comments appear at once unless a rule holds them")
    PREMODERATED = "premoderated", _("Pre-moderated: every comment waits for a moderator")
    CLOSED = "closed", _("Closed: no new comments")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")
        # Deleted by its writer while it had replies: kept, without text or author, so the replies keep their place.
        DELETED = "deleted", _("Deleted")

    class HoldReason(models.TextChoices):
        NONE = "", _("None")
        PREMODERATION = "premoderation", _("Pre-moderated article")
        WORDS = "words", _("Word list")
        LINKS = "links", _("Too many links")
        BURST = "burst", _("Many comments in a short time")
        DUPLICATE = "duplicate", _("Same text posted again")
        REPORTS = "reports", _("Reported by readers")

    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="reader_comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    # SET_NULL: deleting an account without the comments' data handler still leaves the threads readable ("Pembaca").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kabar_comments",
    )
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    hold_reason = models.CharField(
        _("held because"), max_length=16, choices=HoldReason.choices, default=HoldReason.NONE, blank=True
    )
    hold_detail = models.CharField(_("hold detail"), max_length=200, blank=True)
    # Set when it was posted: the badge stays true to who the author was then.
    is_staff_reply = models.BooleanField(_("newsroom reply"), default=False)
    open_reports = models.PositiveIntegerField(_("open reports"), default=0)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can moderate comments"))]
        indexes = [
            models.Index(fields=["article", "parent", "status", "created_at"], name="comment_thread"),
            models.Index(fields=["status", "-created_at"], name="comment_queue"),
            models.Index(fields=["author", "-created_at"], name="comment_author_latest"),
        ]

    def __str__(self) -> str:
        return _("Comment #%(id)s") % {"id": self.pk}


class CommentReport(models.Model):
    """A reader's "Laporkan" on a comment: one per reader per comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insults, harassment or hate")
        FALSE = "false", _("False or misleading")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices, default=Reason.OTHER)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Set when a moderator decided on the comment; only open reports count towards hiding it.
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason}"


class Ban(models.Model):
    """A reader who may not comment, until `expires_at` or for good."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="comment_bans"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("banned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(
        _("expires at"), null=True, blank=True, help_text=_("Leave empty for a ban without end.")
    )

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        indexes = [models.Index(fields=["user", "expires_at"], name="ban_user_expiry")]

    def __str__(self) -> str:
        return _("Ban of %(user)s") % {"user": self.user.get_username() if self.user_id else "?"}

    @property
    def is_active(self) -> bool:
        return self.expires_at is None or self.expires_at > timezone.now()


class BlockedWord(models.Model):
    """A word or phrase that sends a comment to the moderation queue (not refused: a person decides)."""

    word = models.CharField(
        _("word"),
        max_length=60,
        unique=True,
        help_text=_("Matched as a whole word, in any case, also with repeated letters or digits for letters."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("blocked word")
        verbose_name_plural = _("word list")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word

    def save(self, *args: object, **kwargs: object) -> None:
        self.word = " ".join(self.word.lower().split())
        super().save(*args, **kwargs)


class ArticleCommentPolicy(models.Model):
    """One article's exception to the site's comment settings, set by moderators without a page revision."""

    article = models.OneToOneField(
        "articles.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comment_policy",
    )
    mode = models.CharField(
        _("comments"),
        max_length=16,
        choices=Mode.choices,
        blank=True,
        help_text=_("Empty: as in the comment settings of the site."),
    )
    auto_close_days = models.PositiveIntegerField(
        _("close after (days)"),
        null=True,
        blank=True,
        help_text=_("Days after publication when comments close; 0 never; empty as in the site's settings."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("article comment policy")
        verbose_name_plural = _("article comment policies")

    def __str__(self) -> str:
        return _("Comments on article %(id)s") % {"id": self.article_id}


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """How the site takes comments: the default mode and the rules that hold or refuse them."""

    default_mode = models.CharField(_("comments on articles"), max_length=16, choices=Mode.choices, default=Mode.OPEN)
    auto_close_days = models.PositiveIntegerField(
        _("close after (days)"), default=30, help_text=_("Days after publication when comments close; 0 never.")
    )
    reports_threshold = models.PositiveIntegerField(
        _("reports to hide"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("A comment with this many open reports is hidden until a moderator decides."),
    )
    max_links = models.PositiveIntegerField(
        _("links allowed"), default=2, help_text=_("A comment with more links than this waits for a moderator.")
    )
    burst_count = models.PositiveIntegerField(
        _("comments in a burst"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("A reader's comment waits for a moderator when they posted this many in the burst window."),
    )
    burst_minutes = models.PositiveIntegerField(
        _("burst window (minutes)"), default=10, validators=[MinValueValidator(1)]
    )
    reader_rate_per_minute = models.PositiveIntegerField(
        _("comments per reader per minute"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("More are refused with “Too fast”."),
    )
    ip_rate_per_minute = models.PositiveIntegerField(
        _("comments per IP address per minute"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("Many readers can share one address (offices, mobile networks): keep this higher."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("default_mode"), FieldPanel("auto_close_days")], heading=_("Comments")),
        MultiFieldPanel(
            [
                FieldPanel("reports_threshold"),
                FieldPanel("max_links"),
                FieldPanel("burst_count"),
                FieldPanel("burst_minutes"),
            ],
            heading=_("Held for moderation"),
        ),
        MultiFieldPanel(
            [FieldPanel("reader_rate_per_minute"), FieldPanel("ip_rate_per_minute")], heading=_("Rate limits")
        ),
    ]

    class Meta:
        verbose_name = _("comment settings")
