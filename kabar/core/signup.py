"""allauth's sign-up form on Kabar (ACCOUNT_FORMS["signup"]): a taken address costs what a new one does."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest


class SignupForm(AllauthSignupForm):  # type: ignore[misc]  # allauth ships no types
    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        """A new address has its password hashed (the slow part of a sign-up, by design); a taken one
        is answered without an account, so it hashes the password too and is answered no sooner.

        Here rather than beside the owner's mail: that mail is rate-limited per address, and a
        repeated try would otherwise come back quick again.
        """
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        user, response = super().try_save(request)
        return user, response
