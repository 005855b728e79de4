"""An editor edits an article, Wagtail autosaves it, and he publishes at once: it publishes.

Wagtail 7.4 autosaves the edit form a moment after one types. The revision an autosave writes is
remembered by its script only, so the form the "Publish" button posts still names the revision it
was opened on; the newsroom's check of stale saves must see that the newer revision is the
editor's own (kabar/core/forms.py). On a new article, a click while the first autosave (which
creates the page) is still answering must not post the form to the create view again: a second
page, refused as a slug clash on the hidden "Promote" tab (kabar/articles/wagtail_hooks.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from kabar.articles.models import ArticlePage
from kabar.articles.services import month_folder
from kabar.newsroom.services import EDITORS
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1366, "height": 900}}
WATCHING = """
document.addEventListener("w-unsaved:watch-edits", () => { document.documentElement.dataset.kabarWatching = "1"; });
"""
SUMMARY = "Banjir rob merendam kawasan pesisir utara Jakarta sejak Senin pagi."


def is_autosave(response: Any, article: ArticlePage) -> bool:
    return (
        response.request.method == "POST"
        and response.url.endswith(f"/admin/pages/{article.pk}/edit/")
        and response.request.headers.get("accept") == "application/json"
    )


def type_until_autosaved(page: Any, article: ArticlePage) -> tuple[str, Any]:
    """Types a new summary until Wagtail autosaves it; returns the text and the autosave's response.

    On a busy machine the form may take its starting point just after the watch event, so the first
    text typed becomes that starting point and is never autosaved: type another, as an editor would."""
    for attempt in range(3):
        text = SUMMARY if attempt == 0 else f"{SUMMARY} ({attempt})"
        try:
            with page.expect_response(lambda response: is_autosave(response, article), timeout=10_000) as autosaved:
                page.locator("#id_summary").fill(text)
        except PlaywrightTimeoutError:
            continue
        return text, autosaved.value
    raise AssertionError("Wagtail never autosaved the edited summary")


def test_an_editor_publishes_right_after_his_own_autosave(open_context, site, settings):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 500
    article = factories.article("Banjir rob di pesisir utara", published=False, summary="Ringkasan awal.")
    redaktur = factories.staff("redaktur", EDITORS)
    person = factories.person("Rudi Hartanto", role="editor")
    person.user = redaktur
    person.save()

    context, problems = open_context(**DESKTOP)
    # Wagtail's form watches for edits from two seconds after it loads; typing before that is
    # taken as the form's starting point and never autosaved. Its event says when it watches.
    context.add_init_script(WATCHING)
    page = context.new_page()
    log_in(page, "redaktur")
    page.goto(f"/admin/pages/{article.pk}/edit/")
    expect(page.locator("#id_summary")).to_have_value("Ringkasan awal.")
    # (An attribute, not wait_for_function: the admin's CSP forbids the eval that one needs.)
    expect(page.locator("html[data-kabar-watching]")).to_have_count(1)

    summary, autosave = type_until_autosaved(page, article)
    assert autosave.json()["success"] is True
    # Past the autosave: its script holds the revision it wrote. The next click publishes.
    revision_id = autosave.json()["revision_id"]
    expect(page.locator("#page-edit-form")).to_have_attribute("data-w-autosave-revision-id-value", str(revision_id))

    toggle = page.locator("footer .w-dropdown__toggle").first
    toggle.click()
    page.locator('footer button[name="action-publish"]').click()

    expect(page.locator(".messages .success")).to_be_visible()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    published = ArticlePage.objects.get(pk=article.pk)
    assert published.live
    assert published.summary == summary
    assert problems.csp_violations == []


def test_publishing_a_new_article_while_its_first_autosave_answers_makes_one_article(open_context, site, settings):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 500
    folder = month_folder(factories.section("Megapolitan"))
    factories.staff("redaktur", EDITORS)
    title = "Banjir rob di pesisir utara"

    context, problems = open_context(**DESKTOP)
    context.add_init_script(WATCHING)
    page = context.new_page()
    # The first autosave reaches the server and creates the page; its answer is held back, as on a
    # busy server, while the editor clicks "Publish".
    held: list[tuple[Any, Any]] = []

    def hold_the_first_autosave(route: Any) -> None:
        request = route.request
        if request.method == "POST" and request.headers.get("accept") == "application/json" and not held:
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(re.compile(r"/admin/pages/add/"), hold_the_first_autosave)
    log_in(page, "redaktur")
    page.goto(f"/admin/pages/add/articles/articlepage/{folder.pk}/")
    expect(page.locator("html[data-kabar-watching]")).to_have_count(1)
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill(SUMMARY)
    while not held:
        page.wait_for_timeout(100)
    assert ArticlePage.objects.filter(title=title).count() == 1

    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator('footer button[name="action-publish"]').click()
    # A moment for a click that would not wait to reach the server first.
    page.wait_for_timeout(1500)
    route, response = held[0]
    route.fulfill(response=response)

    expect(page.locator(".messages .success")).to_be_visible()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    [article] = ArticlePage.objects.filter(title=title)
    assert article.live
    assert article.summary == SUMMARY
    assert problems.csp_violations == []
