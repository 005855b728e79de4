from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from kabar.readers import queries, services

DISPLAY_NAME_MAX = 60


class ReaderSignupForm(forms.Form):
    """What allauth's sign-up form asks besides e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_("Shown in the header and beside your comments."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        services.set_display_name(user, self.cleaned_data["name"])


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=DISPLAY_NAME_MAX)
    avatar = forms.FileField(
        label=_("Profile picture"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB. It is cut to a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my picture"), required=False)

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise ValidationError(_("Enter the name to show."))
        return name


class DeleteAccountForm(forms.Form):
    """Deleting is for good: it asks who is asking (the password) and that they mean it."""

    COMMENTS_CHOICES = [
        ("anonymise", _("Anonymise my comments: they stay, shown as from a deleted account")),
        ("remove", _("Remove my comments")),
    ]

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    email = forms.EmailField(label=_("Your e-mail address"))
    comments = forms.ChoiceField(label=_("Your comments"), choices=COMMENTS_CHOICES, widget=forms.RadioSelect)
    confirm = forms.BooleanField(label=_("I understand that my account and its data cannot be brought back."))

    def __init__(self, user: AbstractBaseUser, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # An account made through Google or Facebook has no password: its address confirms instead.
        if user.has_usable_password():
            del self.fields["email"]
        else:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not right."))
        return password

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.strip().lower() != (getattr(self.user, "email", "") or "").lower():
            raise ValidationError(_("That is not your account's e-mail address."))
        return email

    @property
    def remove_comments(self) -> bool:
        return self.cleaned_data["comments"] == "remove"


class NewsroomLoginForm(WagtailLoginForm):
    """The admin's login form (WAGTAILADMIN_USER_LOGIN_FORM): only newsroom accounts get in.

    Wagtail's own form would log a reader in and then show them "no permission"; refusing them
    here means a reader's credentials never open a session at /admin/login/.
    """

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        super().confirm_login_allowed(user)
        if not queries.is_staff_account(user):
            raise ValidationError(
                _("This is a reader account. Readers log in at %(url)s.") % {"url": "/akun/login/"},
                code="reader_account",
            )
