"""Run as `python -m tests.core.removal_probe` by test_feature_apps_removable.py, with KABAR_WITHOUT_APPS
naming the app taken out: migrate a fresh SQLite database, seed the demo, render the reader's pages and
the admin's dashboard, and print one JSON line {path: status}. Each status must be 200."""

from __future__ import annotations

import json
import os
import sys

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabar.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from kabar.articles.models import ArticlePage, SectionPage

    call_command("migrate", verbosity=0, interactive=False)
    call_command("demo", password="uji-tanpa-aplikasi-123", verbosity=0)
    article = ArticlePage.objects.live().public().filter(published_at__isnull=False).order_by("-published_at").first()
    section = SectionPage.objects.live().order_by("path").first()
    assert article is not None and section is not None, "the demo seeded no article or section"
    reader, editor = Client(), Client()
    editor.force_login(get_user_model().objects.filter(is_superuser=True).first())
    word = article.title.split()[0]
    pages = {
        "/": reader,
        section.url: reader,
        article.dated_path(): reader,
        f"/search/?q={word}": reader,
        "/admin/": editor,
    }
    statuses = {path: client.get(path).status_code for path, client in pages.items()}
    print(json.dumps(statuses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
