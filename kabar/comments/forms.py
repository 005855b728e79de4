from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from kabar.comments.models import CommentReport, Mode


class CommentTextField(forms.CharField):
    """The text as sent: services check it (text.normalise), so every way in refuses the same things in
    the same words; Django's own "no NUL characters" check would otherwise answer first, differently."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(label=_("Your comment"), required=False, strip=False, widget=forms.Textarea, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


class CommentForm(forms.Form):
    text = CommentTextField()
    parent = forms.CharField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    text = CommentTextField()


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        choices=CommentReport.Reason.choices,
        initial=CommentReport.Reason.OTHER,
        widget=forms.RadioSelect,
    )


BAN_DURATIONS = {"1": dt.timedelta(days=1), "7": dt.timedelta(days=7), "30": dt.timedelta(days=30), "": None}


class BanForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For the moderators; the reader is told they are banned and until when."),
    )
    duration = forms.ChoiceField(
        label=_("Ban for"),
        choices=[("1", _("1 day")), ("7", _("7 days")), ("30", _("30 days")), ("", _("Without end"))],
        initial="7",
        required=False,
    )
    reject_comment = forms.BooleanField(label=_("Also reject this comment"), initial=True, required=False)

    def expires_at(self, now: dt.datetime) -> dt.datetime | None:
        length = BAN_DURATIONS.get(self.cleaned_data.get("duration") or "")
        return now + length if length else None


class PolicyForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Comments"), choices=[("", _("As in the site's comment settings")), *Mode.choices], required=False
    )
    auto_close_days = forms.IntegerField(
        label=_("Close after (days)"),
        min_value=0,
        required=False,
        help_text=_("Days after publication; 0 never; empty as in the site's comment settings."),
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
