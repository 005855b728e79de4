"""The newsroom in Wagtail's admin: a Penulis writes and submits, a Redaktur approves and publishes,
and a reader finds the story on the home page, its section, the RSS feed and the news sitemap.

Buttons are found by their name or data attributes, not their labels: the admin speaks
Indonesian or English depending on the user's language and the compiled translations.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from playwright.sync_api import expect

from kabar.articles.models import ArticlePage
from kabar.articles.services import month_folder
from kabar.newsroom.services import REVIEW_WORKFLOW
from tests import factories
from tests.browser.conftest import PHONE, log_in

pytestmark = pytest.mark.browser

TITLE = "Harga cabai rawit turun menjelang panen raya"
SUMMARY = "Pedagang di Pasar Induk Kramat Jati menjual cabai rawit Rp 40.000 per kilogram."
PARAGRAPH = "Harga cabai rawit di Pasar Induk Kramat Jati turun sepertiga dalam sepekan."
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def open_action_menu(page: Any) -> Any:
    """Opens the footer's action menu (the default action, and the rest behind the arrow)."""
    toggle = page.locator("footer .w-dropdown__toggle").first
    expect(toggle).to_be_visible()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    return page.locator("footer")


def test_writer_submits_editor_publishes_reader_finds_it(open_context, site, artifact, settings):
    # Wagtail 7.4 autosaves the editor form while one types (the first autosave files the page)
    # and then re-renders the footer. A click on "submit" while an autosave is under way races it,
    # and text typed during an autosave is not saved again; a robot types faster than a person.
    # Turned off here so the journey is deterministic; the buttons and the workflow are the same.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    section = factories.section("Ekonomi")
    folder = month_folder(section)
    factories.staff("penulis", "Penulis")
    factories.staff("redaktur", "Redaktur")

    # --- The Penulis writes the article in this month's folder of Ekonomi and submits it. ---
    writer_context, writer_problems = open_context(**DESKTOP)
    page = writer_context.new_page()
    log_in(page, "penulis")
    page.goto(f"/admin/pages/add/articles/articlepage/{folder.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    page.locator("[data-contentpath='body'] button.c-sf-add-button").first.click()
    page.get_by_role("option").filter(has=page.locator(".icon-pilcrow")).click()
    editor = page.locator("[data-contentpath='body'] .Draftail-Editor [contenteditable='true']").first
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type(PARAGRAPH)
    expect(editor).to_contain_text(PARAGRAPH)
    # Draftail copies its content into the form's hidden input a moment after typing stops.
    body_input = page.locator("[data-contentpath='body'] input[name^='body-'][name$='-value']").first
    expect(body_input).to_have_value(re.compile(re.escape(PARAGRAPH)))

    menu = open_action_menu(page)
    expect(menu.locator('button[name="action-submit"]')).to_be_visible()
    expect(menu.locator('button[name="action-submit"]')).to_contain_text(REVIEW_WORKFLOW)
    # A Penulis can never publish.
    expect(page.locator('[name="action-publish"]')).to_have_count(0)
    page.screenshot(path=artifact("writer-submits.png"), full_page=False, animations="disabled")
    menu.locator('button[name="action-submit"]').click()
    expect(page.locator(".messages .success")).to_be_visible()

    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert article.get_parent().pk == folder.pk
    assert article.section_id == section.pk
    workflow_state = article.current_workflow_state
    assert workflow_state is not None and workflow_state.status == workflow_state.STATUS_IN_PROGRESS
    assert workflow_state.workflow.name == REVIEW_WORKFLOW

    # Still no publishing for the Penulis on the edit page of the submitted article.
    page.goto(f"/admin/pages/{article.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator('[name="action-publish"]')).to_have_count(0)
    expect(page.locator('[data-workflow-action-name="approve"]')).to_have_count(0)

    # The writer moves on: no editing session of theirs stays open on the page under review.
    # Wagtail's editor (StreamField, Draftail, the action menu) works under the admin's CSP.
    assert writer_problems.csp_violations == []
    writer_context.close()

    # --- The Redaktur finds it awaiting review on the dashboard, approves and publishes. ---
    editor_context, editor_problems = open_context(**DESKTOP)
    page = editor_context.new_page()
    log_in(page, "redaktur")
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{article.pk}/edit/"))
    expect(page.locator("#id_title")).to_have_value(TITLE)
    # Approving posts the whole edit form: wait for the body editor to show the text before.
    expect(page.locator("[data-contentpath='body'] .Draftail-Editor")).to_contain_text(PARAGRAPH)
    menu = open_action_menu(page)
    approve = menu.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])')
    expect(approve).to_be_visible()
    page.screenshot(path=artifact("editor-approves.png"), full_page=False, animations="disabled")
    approve.click()
    expect(page.locator(".messages .success")).to_be_visible()

    assert editor_problems.csp_violations == []
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    assert article.published_at is not None
    assert article.current_workflow_state is None
    assert article.paragraphs_text() == [PARAGRAPH]

    # --- A reader finds it on the home page, its section, the feed and the news sitemap. ---
    reader_context, problems = open_context(**PHONE)
    page = reader_context.new_page()
    article_path = article.dated_path()
    article_url = f"{site.url}{article_path}"

    page.goto("/")
    expect(page.locator(".front__latest").get_by_role("link", name=TITLE)).to_be_visible()
    page.goto("/ekonomi/")
    expect(page.locator("h1")).to_have_text("Ekonomi")
    story = page.locator(".listing__main").get_by_role("link", name=TITLE)
    expect(story).to_be_visible()
    story.click()
    page.wait_for_url(article_url)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".article__body")).to_contain_text(PARAGRAPH)
    page.screenshot(path=artifact("reader-finds-it.png"), full_page=True)
    assert problems.all() == []

    feed = reader_context.request.get("/feed/")
    assert feed.ok and "xml" in feed.headers["content-type"]
    items = ET.fromstring(feed.body()).findall("./channel/item")  # noqa: S314 - our own server's XML
    found = [item for item in items if item.findtext("title") == TITLE]
    assert len(found) == 1
    assert found[0].findtext("link") == article_url
    assert found[0].findtext("description") == SUMMARY

    sitemap = reader_context.request.get("/sitemap-news.xml")
    assert sitemap.ok and "xml" in sitemap.headers["content-type"]
    urls = ET.fromstring(sitemap.body()).findall("s:url", SITEMAP_NS)  # noqa: S314 - our own server's XML
    entries = {url.findtext("s:loc", namespaces=SITEMAP_NS): url for url in urls}
    assert article_url in entries
    assert entries[article_url].findtext("news:news/news:title", namespaces=SITEMAP_NS) == TITLE
    assert entries[article_url].findtext("news:news/news:publication/news:language", namespaces=SITEMAP_NS) == "id"
