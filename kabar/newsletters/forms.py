"""The sign-up and preferences forms. The lists offered are the caller's to choose (members' letters
only where the page knows it is a member's); the consent text is built here, once, so what is stored
is exactly what the form showed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kabar.newsletters.models import NewsletterList, Subscription

# The public forms (article, footer page) come from cached pages; other sources need a login or a signed link.
PUBLIC_SOURCES = (Subscription.Source.ARTICLE, Subscription.Source.FOOTER)


def consent_text(site_name: str) -> str:
    """What the reader agrees to, as the form shows it beside its button (stored with each subscription)."""
    return gettext(
        "I want to receive the chosen newsletters from %(site)s by e-mail. I can unsubscribe at any time "
        "with one click in every e-mail."
    ) % {"site": site_name}


class ListsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SubscribeForm(forms.Form):
    """An address and the lists to send it. A malformed address comes back with a message, as typed."""

    email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "nama@contoh.id"}),
    )
    lists = ListsField(
        label=_("Newsletters"),
        queryset=NewsletterList.objects.none(),
        error_messages={"required": _("Choose at least one newsletter.")},
    )
    source = forms.ChoiceField(choices=[(s.value, s.label) for s in PUBLIC_SOURCES], widget=forms.HiddenInput)

    def __init__(self, *args: Any, lists: QuerySet[NewsletterList], **kwargs: Any) -> None:
        # Ids of their own: the form shares a page with the comments' and the site search's.
        kwargs.setdefault("auto_id", "nawala-%s")
        super().__init__(*args, **kwargs)
        cast(ListsField, self.fields["lists"]).queryset = lists


class PreferencesForm(forms.Form):
    """Which lists an address receives: checked ones are kept or added, the rest are left at once."""

    lists = ListsField(label=_("Newsletters"), queryset=NewsletterList.objects.none(), required=False)

    def __init__(self, *args: Any, lists: QuerySet[NewsletterList], **kwargs: Any) -> None:
        # Ids of their own: the form shares a page with the comments' and the site search's.
        kwargs.setdefault("auto_id", "nawala-%s")
        super().__init__(*args, **kwargs)
        cast(ListsField, self.fields["lists"]).queryset = lists
