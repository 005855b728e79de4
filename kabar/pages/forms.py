from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kabar.articles.models import ArticlePage
from kabar.pages import queries

NAME_MAX_LENGTH = 120
PHONE_MAX_LENGTH = 30
URL_MAX_LENGTH = 500
TEXT_MIN_LENGTH = 20
TEXT_MAX_LENGTH = 5000
# The hidden field people never see and bots fill in.
HONEYPOT = "website"


class RightOfReplyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        help_text=gettext_lazy("The editors answer you at this address."),
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone number (optional)"),
        max_length=PHONE_MAX_LENGTH,
        required=False,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ()\-.]{6,30}$", gettext_lazy("Enter a phone number of digits, such as 0812 3456 7890.")
            )
        ],
    )
    article_url = forms.CharField(
        label=gettext_lazy("Address of the article"),
        max_length=URL_MAX_LENGTH,
    )
    text = forms.CharField(
        label=gettext_lazy("Your reply"),
        min_length=TEXT_MIN_LENGTH,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["article_url"].widget.attrs.update({"inputmode": "url"})
        self.fields["article_url"].help_text = _(
            "Copy it from your browser's address bar while you read the article on %(site)s."
        ) % {"site": settings.SITE_NAME}
        self.fields["text"].help_text = _(
            "What in the article is wrong or one-sided, and your side of it: %(min)s to %(max)s characters."
        ) % {"min": TEXT_MIN_LENGTH, "max": TEXT_MAX_LENGTH}
        self.article: ArticlePage | None = None

    def clean_article_url(self) -> str:
        address: str = self.cleaned_data["article_url"].strip()
        article = queries.article_at(address)
        if article is None:
            raise forms.ValidationError(
                _("We could not find a published article at that address. Copy the address of the article's page.")
            )
        self.article = article
        return address

    def is_bot(self) -> bool:
        """The honeypot was filled in: treated as sent, and never stored."""
        return bool(self.data.get(HONEYPOT))
