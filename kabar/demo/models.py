from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoArticle(models.Model):
    """Which article the demo made from which entry, so seeding again finds it whatever an editor renamed.

    Content articles carry their key from articles.json; bulk archive articles carry a running number,
    which keeps their slugs unique and lets `--articles N` top the archive up to N instead of doubling it.
    """

    key = models.CharField(_("key"), max_length=120, unique=True)
    page = models.OneToOneField("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    archive_number = models.PositiveIntegerField(_("archive number"), null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("demo article")
        verbose_name_plural = _("demo articles")

    def __str__(self) -> str:
        return self.key
