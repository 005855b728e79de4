"""Tags for the reader's own pages under /akun/ only: public pages never show who is reading."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from kabar.readers import queries

register = template.Library()


@register.simple_tag
def reader_identity(user: AbstractBaseUser | AnonymousUser) -> queries.ReaderIdentity | None:
    return queries.reader_identity(user) if user.is_authenticated else None
