"""The admin's page form, refusing a save based on a revision someone else has since replaced."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Revision
from wagtail.utils.timestamps import render_timestamp


class RevisionCheckedPageForm(WagtailAdminPageForm):
    """Two editors on one page: the second to save is told, and nothing the first saved is overwritten.

    Wagtail's edit form carries the revision it was opened on (`loaded_revision_id`, and
    `overwrite_revision_id` once autosave has written one). Wagtail refuses a stale autosave but
    saves a stale form as a new revision on top, silently dropping what came in between. Here a
    stale save of any kind is invalid: the editor gets the form back with their changes in it, told
    who saved what and when; the form now carries the newest revision, so saving again, once they
    have looked, is a deliberate choice.
    """

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        newer = self.newer_revision()
        if newer is not None:
            who = newer.user.get_username() if newer.user else _("someone")
            raise ValidationError(
                _(
                    "Not saved: %(user)s saved a newer version at %(time)s, after you opened this page. Your "
                    "changes are still in the form. Compare with the newer version in History, then save "
                    "again to replace it, or reload to start from it."
                )
                % {"user": who, "time": render_timestamp(newer.created_at)},
                code="stale_revision",
            )
        return cleaned_data

    def newer_revision(self) -> Revision | None:
        """The latest revision, when the form was not based on it; None when the save is up to date."""
        page = self.instance
        if page.pk is None or not self.is_bound:
            return None
        latest_id = type(page).objects.filter(pk=page.pk).values_list("latest_revision_id", flat=True).first()
        latest = Revision.objects.select_related("user").filter(pk=latest_id).first() if latest_id else None
        if latest is None:
            return None
        # The same rules as Wagtail's own check of autosaves (EditView.is_out_of_date).
        overwrite_id = self.data.get("overwrite_revision_id")
        if overwrite_id:
            return None if overwrite_id == str(latest.pk) else latest
        loaded_id = self.data.get("loaded_revision_id")
        if not loaded_id:
            return None
        if loaded_id != str(latest.pk):
            return latest
        if self.data.get("loaded_revision_created_at", "") != latest.created_at.isoformat():
            # The same revision, since rewritten by another editor's autosave.
            return latest
        return None
