"""A live report in Chromium: a Redaktur posts an update on the desk; a reader's open page shows
"1 pembaruan baru" within the poll interval and inserts it on tap without moving what the reader
was reading; without JavaScript the update is there after a reload.

Elements are found by their data attributes and ids; the button's words by their msgid in the
site's language, so the test holds before and after the translations are compiled.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from kabar.live.models import LiveUpdate
from kabar.newsroom.services import EDITORS
from tests import factories
from tests.browser.conftest import PHONE, log_in
from tests.live import page_support as live

pytestmark = pytest.mark.browser

# live.js waits this long to twice this long between polls (data-live-interval).
POLL_SECONDS = 2


def in_site_language(msgid: str) -> str:
    with translation.override("id"):
        return gettext(msgid)


@pytest.fixture
def report(site, settings):
    settings.KABAR_LIVE_POLL_SECONDS = POLL_SECONDS
    story = live.report("Banjir bandang di Sumatra Barat")
    live.many_updates(story, 25, writer=factories.person("Rina Wijaya"))
    return story


def post_on_the_desk(open_context: Any, report: Any, text: str) -> None:
    """A Redaktur writes an update in the report's composer and publishes it."""
    factories.staff("redaktur", EDITORS)
    context, _problems = open_context()
    desk = context.new_page()
    log_in(desk, "redaktur")
    desk.goto(f"/admin/live/{report.pk}/")
    desk.locator('[name="text"]').fill(text)
    desk.locator('button[name="action"][value="publish"]').click()
    desk.wait_for_load_state("load")
    expect(desk.locator("body")).to_contain_text(text)


def test_a_reader_sees_a_new_update_without_reloading_and_keeps_their_place(open_context, report, artifact):
    context, problems = open_context(**PHONE)
    reader = context.new_page()
    reader.goto(report.dated_path())
    stream = reader.locator(".live-stream")
    expect(stream).to_have_attribute("data-live-interval", str(POLL_SECONDS))
    # Relative times are written by live.js ("baru saja", "N menit lalu").
    expect(reader.locator("[data-live-ago]").first).not_to_be_empty()

    # The reader is reading an update far down the stream.
    ninth = reader.locator("[data-live-updates] [data-live-update]").nth(8).get_attribute("id")
    reading = reader.locator(f"#{ninth}")
    reading.scroll_into_view_if_needed()
    reader.evaluate("window.scrollBy(0, -100)")
    before = reading.evaluate("el => el.getBoundingClientRect().top")

    post_on_the_desk(open_context, report, "Jembatan Kelok Sembilan ditutup sementara.")
    new = LiveUpdate.objects.filter(report=report).latest("id")
    assert new.status == LiveUpdate.Status.PUBLISHED

    button = reader.locator("[data-live-show]")
    # Within the poll interval (at most twice it, with jitter) and the render: the budget is generous.
    expect(button).to_be_visible(timeout=4 * POLL_SECONDS * 1000 + 10_000)
    expect(button).to_have_text(in_site_language("1 new update"))
    expect(reader.locator(f"#update-{new.pk}")).to_have_count(0)  # not until the reader asks
    assert reading.evaluate("el => el.getBoundingClientRect().top") == pytest.approx(before, abs=2)

    button.click()
    inserted = reader.locator(f"#update-{new.pk}")
    expect(inserted).to_have_count(1)
    expect(inserted).to_contain_text("Jembatan Kelok Sembilan ditutup sementara.")
    expect(button).to_be_hidden()
    # Inserted above, and what the reader was reading did not move.
    assert reading.evaluate("el => el.getBoundingClientRect().top") == pytest.approx(before, abs=2)
    first = reader.locator("[data-live-updates] [data-live-update]").first
    expect(first).to_have_attribute("id", f"update-{new.pk}")
    reader.screenshot(path=artifact("inserted.png"))
    assert problems.all() == []


def test_earlier_updates_load_inline_with_javascript(open_context, report):
    context, problems = open_context(**PHONE)
    reader = context.new_page()
    reader.goto(report.dated_path())
    updates = reader.locator("[data-live-updates] [data-live-update]")
    expect(updates).to_have_count(20)
    reader.locator("[data-live-more]").click()
    expect(updates).to_have_count(25)
    expect(reader.locator("[data-live-more]")).to_have_count(0)
    assert re.search(r"/read/", reader.url) and "sebelum" not in reader.url  # no navigation
    assert problems.all() == []


def test_without_javascript_a_reload_shows_the_new_update(open_context, report):
    context, _problems = open_context(java_script_enabled=False, **PHONE)
    reader = context.new_page()
    reader.goto(report.dated_path())
    expect(reader.locator("[data-live-show]")).to_be_hidden()
    post_on_the_desk(open_context, report, "Posko pengungsian dibuka di Padang.")
    new = LiveUpdate.objects.filter(report=report).latest("id")
    expect(reader.locator(f"#update-{new.pk}")).to_have_count(0)
    reader.reload()
    expect(reader.locator(f"#update-{new.pk}")).to_contain_text("Posko pengungsian dibuka di Padang.")
    # "Muat pembaruan sebelumnya" is a plain link to the next page of the stream.
    reader.locator("[data-live-more]").click()
    reader.wait_for_url(re.compile(r"\?sebelum=\d+"))
    expect(reader.locator("[data-live-updates] [data-live-update]")).to_have_count(6)


def test_the_page_stops_polling_once_coverage_has_ended(open_context, report):
    from kabar.live import services

    context, problems = open_context(**PHONE)
    reader = context.new_page()
    polls: list[str] = []
    reader.on("request", lambda request: polls.append(request.url) if "updates.json" in request.url else None)
    reader.goto(report.dated_path())
    services.close_report(report, None)
    note = reader.locator("[data-live-ended-note]")
    expect(note).to_be_visible(timeout=4 * POLL_SECONDS * 1000 + 10_000)
    expect(note).to_have_text(in_site_language("Live coverage has ended."))
    asked = len(polls)
    reader.wait_for_timeout(3 * 2 * POLL_SECONDS * 1000)  # three of the longest waits between polls
    assert len(polls) == asked
    assert problems.all() == []
