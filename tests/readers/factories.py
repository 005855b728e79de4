"""Builders for reader accounts: a user with a verified address and a display name, as sign-up leaves them."""

from __future__ import annotations

import io
import itertools
import re

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kabar.readers import services

PASSWORD = "kata-sandi-pembaca-9"
_counter = itertools.count(1)


def reader(
    name: str = "Budi Santoso",
    *,
    email: str | None = None,
    password: str | None = PASSWORD,
    verified: bool = True,
) -> User:
    """A reader account; `password=None` makes one with no usable password (a Google-only account)."""
    email = email or f"pembaca{next(_counter)}@example.com"
    user = User.objects.create_user(username=email.split("@")[0], email=email, password=password)
    if password is None:
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    services.set_display_name(user, name)
    return user


def log_in(client, user: User, password: str = PASSWORD) -> None:
    """Through the real login form, as a reader would (and as allauth checks the verified address)."""
    response = client.post("/akun/login/", {"login": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]


def picture(fmt: str = "PNG", size: tuple[int, int] = (800, 600), name: str | None = None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=fmt)
    filename = name or f"foto.{fmt.lower()}"
    return SimpleUploadedFile(filename, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


CONFIRM_LINK = re.compile(r"https?://[^\s]+/akun/confirm-email/[^\s]+/")
RESET_LINK = re.compile(r"https?://[^\s]+/akun/password/reset/key/[^\s]+/")


def link_in(mail_body: str, pattern: re.Pattern[str]) -> str:
    match = pattern.search(mail_body)
    assert match, mail_body
    return match.group(0)
