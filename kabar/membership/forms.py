from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kabar.membership.models import Membership
from kabar.membership.services import GRANT_MAX_DAYS, GRANT_MAX_MONTHS


class GrantForm(forms.Form):
    """Kabar+ by hand: who, how long, and why (the reason is kept in the ledger)."""

    reader = forms.CharField(label=_("Reader (e-mail or username)"), max_length=254)
    months = forms.IntegerField(label=_("Months"), min_value=0, max_value=GRANT_MAX_MONTHS, initial=1)
    days = forms.IntegerField(label=_("Extra days"), min_value=0, max_value=GRANT_MAX_DAYS, initial=0)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reader(self) -> AbstractBaseUser:
        value = self.cleaned_data["reader"].strip()
        users = list(get_user_model().objects.filter(Q(email__iexact=value) | Q(username__iexact=value))[:2])
        if len(users) != 1:
            raise forms.ValidationError(_("No single account has that e-mail address or username."))
        return users[0]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("A grant needs a reason."))
        return reason

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not data.get("months") and not data.get("days"):
            raise forms.ValidationError(_("Give a number of months or days to grant."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class MemberFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Membership.Status.choices])
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
