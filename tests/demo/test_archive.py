"""`kabar demo --articles N`: the bulk archive is a sound page tree whose articles read like any other."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import Page

from kabar.articles.models import ArchiveFolderPage, ArticlePage, ArticleWriter, SectionPage
from kabar.core.timefmt import site_zone
from kabar.demo.models import DemoArticle
from tests.demo.support import CONTENT, ENTRIES, PASSWORD, demo_page, seed

pytestmark = pytest.mark.django_db


def section_listing_paths(client, section: SectionPage) -> set[str]:
    """Every article link in the section's paginated listing, page by page until the last."""
    found: set[str] = set()
    pattern = re.compile(rf'href="(/{section.slug}/read/[^"]+)"')
    number = 1
    while True:
        response = client.get(f"/{section.slug}/", {"page": number})
        assert response.status_code == 200
        found |= set(pattern.findall(response.content.decode()))
        if response.context["articles_page"].number < number or not response.context["articles_page"].has_next():
            return found
        number += 1


def test_bulk_archive_articles_are_live_listed_and_the_tree_is_sound(client):
    out = seed(password=PASSWORD, articles=300)

    numbers = DemoArticle.objects.filter(archive_number__isnull=False)
    archive = list(ArticlePage.objects.filter(pk__in=numbers.values("page_id")).select_related("section"))
    assert len(archive) == 300
    assert "300" in out
    assert all(page.live and page.published_at and page.section_id for page in archive)
    assert Page.find_problems() == ([], [], [], [], [])

    oldest_demo = min(demo_page(key).published_at for key in ENTRIES)
    assert all(page.published_at < oldest_demo for page in archive)
    assert max(oldest_demo - page.published_at for page in archive) <= dt.timedelta(days=1)

    for page in archive:
        assert client.get(page.url).status_code == 200
        folder = page.get_parent().specific
        assert folder.slug == f"{timezone.localtime(page.published_at, site_zone()):%Y-%m}"
        assert page.url_path == f"{folder.url_path}{page.slug}/"
    assert ArticleWriter.objects.filter(article__in=archive).values("article").distinct().count() == 300

    for section in SectionPage.objects.filter(slug__in=[s["slug"] for s in CONTENT["sections"]]):
        expected = {page.dated_path() for page in archive if page.section_id == section.pk}
        assert expected, "the archive should reach every section"
        assert expected <= section_listing_paths(client, section)


def test_bulk_archive_articles_are_in_the_admin_explorer(client):
    seed(password=PASSWORD, articles=120)
    client.login(username="admin", password=PASSWORD)
    archive_ids = set(DemoArticle.objects.filter(archive_number__isnull=False).values_list("page_id", flat=True))
    listed: set[int] = set()
    for folder in ArchiveFolderPage.objects.all():
        number = 1
        while True:
            response = client.get(f"/admin/pages/{folder.pk}/", {"p": number})
            assert response.status_code == 200
            listed |= {int(pk) for pk in re.findall(r"/admin/pages/(\d+)/edit/", response.content.decode())}
            if not response.context["page_obj"].has_next():
                break
            number += 1
    assert archive_ids <= listed
    assert client.get(f"/admin/pages/{min(archive_ids)}/edit/").status_code == 200


def test_bulk_archive_grows_to_the_number_asked_for(client):
    seed(password=PASSWORD, articles=150)
    seed(password=PASSWORD, articles=150)
    assert DemoArticle.objects.filter(archive_number__isnull=False).count() == 150

    seed(password=PASSWORD, articles=200)
    archive = DemoArticle.objects.filter(archive_number__isnull=False)
    assert archive.count() == 200
    assert sorted(archive.values_list("archive_number", flat=True)) == list(range(1, 201))
    assert Page.find_problems() == ([], [], [], [], [])
    # Slugs stay unique among siblings, as Wagtail's own validation wants.
    for folder in ArchiveFolderPage.objects.all():
        slugs = list(Page.objects.child_of(folder).values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))
    newest = ArticlePage.objects.get(pk=archive.get(archive_number=200).page_id)
    assert client.get(newest.url).status_code == 200
