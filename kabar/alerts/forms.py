from __future__ import annotations

import logging
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kabar.alerts import queries, services

logger = logging.getLogger(__name__)


class AlertForm(forms.Form):
    """ "Kirim notifikasi": who gets it, what it says, and whether it waits for the article to go live."""

    # Breaking news is not one of these boxes: "Send as breaking news" below is the one control for it (it
    # adds the breaking-news followers itself), so the form never shows two boxes with the same name.
    topics = forms.MultipleChoiceField(
        label=_("Send to readers following"), widget=forms.CheckboxSelectMultiple, required=False
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(
        label=_("Text"),
        max_length=240,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences. Phones show about 120 characters."),
    )
    is_breaking = forms.BooleanField(
        label=_("Send as breaking news"),
        required=False,
        help_text=_(
            "Also goes to everyone following breaking news, delivered with high urgency, with a banner on the site."
        ),
    )
    banner_hours = forms.IntegerField(label=_("Show the banner for (hours)"), min_value=0, max_value=24, initial=2)
    send_when_published = forms.BooleanField(
        label=_("Send when the article is published"),
        required=False,
        help_text=_("The article is not live yet: the alert goes out the moment it is published."),
    )
    # Made when the form is shown: a second press of the same form finds the alert already made.
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, article_live: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics_field = self.fields["topics"]
        assert isinstance(topics_field, forms.MultipleChoiceField)
        topics_field.choices = [
            (topic.key, topic.label) for topic in queries.available_topics() if topic.key != queries.BREAKING
        ]
        self.fields["idempotency_key"].initial = f"admin:{uuid.uuid4().hex}"
        # One box per breaking-news channel another app registered (newsletters: the breaking-news mail).
        self.channel_names: list[str] = []
        for channel in services.breaking_news_channels():
            if channel.name in self.fields:
                logger.error(
                    "breaking-news channel %r is named like another channel or a field of the form; left out",
                    channel.name,
                )
                continue
            self.fields[channel.name] = forms.BooleanField(label=str(channel.label), required=False)
            self.channel_names.append(channel.name)
        if article_live:
            del self.fields["send_when_published"]
        else:
            self.fields["send_when_published"].required = True
            self.fields["send_when_published"].initial = True

    def channel_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.channel_names]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # Form.clean returns cleaned_data
        cleaned["extra_channels"] = [name for name in self.channel_names if cleaned.get(name)]
        if cleaned["extra_channels"] and not cleaned.get("is_breaking"):
            self.add_error(
                cleaned["extra_channels"][0],
                _("The other channels carry breaking news only: tick “Send as breaking news”."),
            )
        topics = list(cleaned.get("topics") or [])
        if cleaned.get("is_breaking"):
            cleaned["topics"] = [queries.BREAKING, *topics]  # breaking news goes to its followers first
        elif not topics:
            self.add_error("topics", _("Choose who gets it: a section, Editors' picks, or send it as breaking news."))
        return cleaned
