"""Kabar's settings plus the snippet prototype, for bench.article_storage only."""

from kabar.settings import *  # noqa: F403
from kabar.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.snippet_prototype"]
ROOT_URLCONF = "bench.snippet_prototype.urls"
