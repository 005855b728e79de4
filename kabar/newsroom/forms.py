from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kabar.articles.models import SectionPage


class NewArticleForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=SectionPage.objects.live().order_by("path"), empty_label=None
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("Correction"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("What was wrong and what is right now. Readers see this under the article, with its time."),
    )
