from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kabar.articles.models import SectionPage
from kabar.wire import queries
from kabar.wire.models import ItemType


def _urgency_label(n: int) -> str:
    return gettext("%(n)s or more urgent") % {"n": n}


# Lazy to the end: `_(...) % {...}` at import fixes the labels in the language the process happened to start in.
URGENCY_CHOICES = [("", _("Any urgency"))] + [(str(n), lazy(_urgency_label, str)(n)) for n in range(1, 10)]
SINCE_LABELS = {"1h": _("Last hour"), "6h": _("Last 6 hours"), "24h": _("Last 24 hours"), "7d": _("Last 7 days")}


class DeskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), required=False, coerce=int, empty_value=None, choices=URGENCY_CHOICES
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    item_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *ItemType.choices])
    since = forms.ChoiceField(
        label=_("Received"), required=False, choices=[("", _("Any time")), *[(k, v) for k, v in SINCE_LABELS.items()]]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agency"]).choices = [
            ("", _("All agencies")),
            *[(a.pk, a.name) for a in queries.desk_agencies()],
        ]
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", _("All languages")),
            *[(code, code) for code in queries.desk_languages()],
        ]

    def filters(self) -> queries.DeskFilters:
        if not self.is_valid():
            return queries.DeskFilters()
        data = self.cleaned_data
        return queries.DeskFilters(
            agency=data.get("agency"),
            urgency=data.get("urgency"),
            language=data.get("language") or "",
            item_type=data.get("item_type") or "",
            since=data.get("since") or "",
            query=(data.get("q") or "").strip(),
        )


class MakeArticleForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=SectionPage.objects.live().order_by("path"), empty_label=None
    )
    confirm_another = forms.BooleanField(
        label=_("Yes, make another article from this item"),
        required=False,
        help_text=_("An article was already made from this item."),
    )
