"""The admin's page form, refusing a save based on a revision someone else has since replaced."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Revision
from wagtail.utils.timestamps import render_timestamp


def staff_display_name(user: Any) -> str:
    """How the newsroom knows a staff member: their People name, else their full name.

    The username is the last resort, for an account with no name at all: it is a login, not how
    colleagues call each other. The People credit is reached through the account's reverse
    relation (``user.person``), as core sits below the people app.
    """
    person = getattr(user, "person", None)
    name = (getattr(person, "name", "") or "").strip()
    if not name and hasattr(user, "get_full_name"):
        name = user.get_full_name().strip()
    return name or user.get_username()


class RevisionCheckedPageForm(WagtailAdminPageForm):
    """Two editors on one page: the second to save is told, and nothing the first saved is overwritten.

    Wagtail's edit form carries the revision it was opened on (`loaded_revision_id` and its
    `loaded_revision_created_at`). Wagtail refuses a stale autosave but saves a stale form as a new
    revision on top, silently dropping what came in between. Here a stale save of any kind is
    invalid: the editor gets the form back with their changes in it, told who saved what and when;
    the form now carries the newest revision, so saving again, once they have looked, is a
    deliberate choice.

    Stale means: someone else saved after the form was opened. An editor's own autosaves are not:
    Wagtail 7.4's autosave keeps the revision it writes in its script (it sends it as
    `overwrite_revision_id` with the next autosave only) and leaves the form's loaded revision as
    it was, so a "Publish" or "Approve" clicked after an autosave posts a form that looks older
    than the autosave it contains. Every autosave is based on the newest revision (Wagtail refuses
    the others), so a run of the editor's own revisions after the loaded one holds nothing anyone
    else wrote.
    """

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        newer = self.newer_revision()
        if newer is not None:
            who = staff_display_name(newer.user) if newer.user else _("someone")
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
        """The newest revision someone else saved since the form was opened; None when the save is up to date."""
        page = self.instance
        if page.pk is None or not self.is_bound:
            return None
        latest_id = type(page).objects.filter(pk=page.pk).values_list("latest_revision_id", flat=True).first()
        if not latest_id:
            return None
        # An autosave names the revision it wrote last (Wagtail's own check, EditView.is_out_of_date);
        # a full form names the revision it was opened on.
        based_on = self.data.get("overwrite_revision_id") or self.data.get("loaded_revision_id")
        if not based_on or not str(based_on).isdigit():
            return None
        based_on_id = int(based_on)
        revisions = Revision.objects.select_related("user").filter(
            base_content_type=page.get_base_content_type(), object_id=str(page.pk)
        )
        changed = Q(pk__gt=based_on_id)
        if not self.data.get("overwrite_revision_id"):
            # The loaded revision itself, since rewritten by an autosave.
            loaded_at = self.data.get("loaded_revision_created_at", "")
            loaded = revisions.filter(pk=based_on_id).first()
            if loaded is not None and loaded.created_at.isoformat() != loaded_at:
                changed |= Q(pk=based_on_id)
        newer = revisions.filter(changed, pk__lte=latest_id)
        user = getattr(self, "for_user", None)
        if user is not None and user.pk is not None:
            newer = newer.exclude(user_id=user.pk)
        return newer.order_by("-created_at", "-pk").first()
