"""The newsroom's own tables: the bin, and when two-factor login became required of a staff account.

Its groups, rights and workflow are Wagtail's.

The module also makes Django send the app its post_migrate signal (see apps.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BinnedArticle(models.Model):
    """An article in the bin ("Tempat sampah"): unpublished, hidden from the admin's listings, restorable.

    The article stays where it was filed, with its URL, revisions and search entry, so restoring
    it is only deleting this row. The worker deletes it for good KABAR_BIN_DAYS after it was binned.
    """

    article = models.OneToOneField(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    binned_at = models.DateTimeField(_("moved to the bin at"), db_index=True)
    binned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved to the bin by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    was_live = models.BooleanField(_("was published"), default=False)

    class Meta:
        verbose_name = _("article in the bin")
        verbose_name_plural = _("articles in the bin")
        default_permissions = ()
        permissions = [
            ("move_to_bin", _("Can move articles to the bin and restore them")),
            ("empty_bin", _("Can delete articles in the bin for good")),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} binned {self.binned_at:%Y-%m-%d %H:%M}"


class TwoFactorRequirement(models.Model):
    """When Kabar first saw that this account must use two-factor login (kabar/newsroom/security.py).

    The grace period (KABAR_STAFF_MFA_GRACE_DAYS) counts from here. The row stays when the account
    enrols or leaves the group, so neither re-joining nor removing an authenticator restarts it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    required_since = models.DateTimeField(_("two-factor login required since"))

    class Meta:
        verbose_name = _("two-factor login requirement")
        verbose_name_plural = _("two-factor login requirements")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.user_id} required since {self.required_since:%Y-%m-%d %H:%M}"
