"""What a reader's login adds: a profile, a read-later list, a reading history and follows.

Every row belongs to one user account and goes with it (CASCADE): the account's deletion
(services.delete_reader_account) leaves nothing of the reader behind here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def avatar_path(instance: ReaderProfile, filename: str) -> str:
    # A random name: the file's URL must not reveal the account, nor be guessable from it.
    return f"avatars/{uuid.uuid4().hex}.jpg"


class ReaderProfile(models.Model):
    """How the reader appears: the name in the header and beside their comments, and a picture."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="reader_profile"
    )
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    avatar = models.ImageField(_("profile picture"), upload_to=avatar_path, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reader profile")
        verbose_name_plural = _("reader profiles")

    def __str__(self) -> str:
        return self.display_name or str(self.user_id)


class SavedArticle(models.Model):
    """An article on the reader's read-later list ("Tersimpan")."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="saved_articles"
    )
    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="reader_saves"
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("saved article")
        verbose_name_plural = _("saved articles")
        constraints = [models.UniqueConstraint(fields=["reader", "article"], name="one_save_per_reader_article")]
        indexes = [models.Index(fields=["reader", "-saved_at"], name="saved_reader_latest")]

    def __str__(self) -> str:
        return f"{self.reader_id} saved {self.article_id}"


class ReadingHistory(models.Model):
    """One article the reader opened ("Riwayat baca"): one row per article, moved up on every read."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="reading_history"
    )
    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="reader_reads"
    )
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("reading history entry")
        verbose_name_plural = _("reading history")
        constraints = [models.UniqueConstraint(fields=["reader", "article"], name="one_read_per_reader_article")]
        indexes = [models.Index(fields=["reader", "-read_at"], name="history_reader_latest")]

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.article_id}"


class Follow(models.Model):
    """A section, topic or writer the reader follows ("Ikuti"); "Untuk Anda" lists their articles.

    Three nullable keys rather than a generic relation: the database keeps each one pointing at a
    real row, deletes the follow with its target, and "Untuk Anda" filters on indexed columns.
    Exactly one of them is set.
    """

    class Kind(models.TextChoices):
        SECTION = "section", _("section")
        TOPIC = "topic", _("topic")
        WRITER = "writer", _("writer")

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="follows"
    )
    section = models.ForeignKey(
        "articles.SectionPage",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    topic = models.ForeignKey(
        "articles.TopicPage", verbose_name=_("topic"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    writer = models.ForeignKey(
        "people.Person", verbose_name=_("writer"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    followed_at = models.DateTimeField(_("followed at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(section__isnull=False, topic__isnull=True, writer__isnull=True)
                    | Q(section__isnull=True, topic__isnull=False, writer__isnull=True)
                    | Q(section__isnull=True, topic__isnull=True, writer__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["reader", "section"], condition=Q(section__isnull=False), name="one_follow_per_section"
            ),
            models.UniqueConstraint(
                fields=["reader", "topic"], condition=Q(topic__isnull=False), name="one_follow_per_topic"
            ),
            models.UniqueConstraint(
                fields=["reader", "writer"], condition=Q(writer__isnull=False), name="one_follow_per_writer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} follows {self.kind}:{self.target_id}"

    @property
    def kind(self) -> Follow.Kind:
        if self.section_id:
            return Follow.Kind.SECTION
        if self.topic_id:
            return Follow.Kind.TOPIC
        return Follow.Kind.WRITER

    @property
    def target_id(self) -> int:
        return self.section_id or self.topic_id or self.writer_id  # type: ignore[return-value]
