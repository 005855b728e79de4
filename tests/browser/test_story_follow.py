"""'Ikuti liputan ini' in Chromium: a reader follows a story covered live from its page, keeps it when saving
their choice on /push/, and stops following it; the page itself is the same for everyone.

The browser's push service is replaced as in test_alerts.py (the one thing headless Chromium cannot reach)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from kabar.alerts import queries, services
from kabar.alerts.models import PushSubscription
from kabar.articles.models import ArticlePage, LiveStatus
from tests import factories
from tests.alerts.push_service import FakeBrowser
from tests.browser import test_alerts
from tests.browser.conftest import PHONE
from tests.browser.test_alerts import FAKE_PUSH_SUBSCRIPTION, settle

# test_alerts.py's stand-in for the browser's push service, a fixture of this module too.
push_service = test_alerts.push_service

pytestmark = pytest.mark.browser


def topics(fake: FakeBrowser) -> set[str]:
    stored = PushSubscription.objects.filter(endpoint_hash=services.endpoint_hash(fake.endpoint)).first()
    return set(stored.topics.values_list("topic", flat=True)) if stored else set()


def test_a_reader_follows_a_live_story_keeps_it_on_the_push_page_and_stops_following_it(
    open_context: Any, site: Any, push_service: Any, artifact: Any
) -> None:
    story = factories.article("Banjir Jakarta: air mulai masuk permukiman")
    ArticlePage.objects.filter(pk=story.pk).update(live_status=LiveStatus.LIVE)
    topic = queries.story_topic(story.pk)
    fake = FakeBrowser(push_service)
    context, problems = open_context(**PHONE)
    context.grant_permissions(["notifications"])
    context.add_init_script(FAKE_PUSH_SUBSCRIPTION % json.dumps(fake.subscription()))
    page = context.new_page()

    # Breaking news only, chosen on /push/ first.
    page.goto("/push/")
    settle(page)
    page.locator("input[value=picks]").uncheck()
    page.locator("[data-alerts-on]").click()
    expect(page.locator("[data-alerts-off]")).to_be_visible()

    page.goto(story.dated_path())
    settle(page)
    button = page.locator("[data-alerts-follow-button]")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    page.screenshot(path=artifact("following.png"), full_page=False)
    assert topics(fake) == {"breaking", topic}

    # Saving the boxes on /push/ keeps the story, which has no box there.
    page.goto("/push/")
    settle(page)
    expect(page.locator("input[value=breaking]")).to_be_checked()
    page.locator("input[value=picks]").check()
    page.locator("[data-alerts-save]").click()
    expect(page.locator("[data-alerts-status]")).to_have_attribute("data-state", "info")
    settle(page)
    assert topics(fake) == {"breaking", "picks", topic}

    page.goto(story.dated_path())
    settle(page)
    expect(button).to_have_attribute("aria-pressed", "true")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    settle(page)
    assert topics(fake) == {"breaking", "picks"}
    assert problems.all() == []


def test_following_only_the_story_then_stopping_leaves_no_subscription(
    open_context: Any, site: Any, push_service: Any
) -> None:
    story = factories.article("Gempa Maluku")
    ArticlePage.objects.filter(pk=story.pk).update(live_status=LiveStatus.LIVE)
    fake = FakeBrowser(push_service)
    context, problems = open_context(**PHONE)
    context.grant_permissions(["notifications"])
    context.add_init_script(FAKE_PUSH_SUBSCRIPTION % json.dumps(fake.subscription()))
    page = context.new_page()

    page.goto(story.dated_path())
    settle(page)
    button = page.locator("[data-alerts-follow-button]")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert topics(fake) == {queries.story_topic(story.pk)}

    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    settle(page)
    assert not PushSubscription.objects.exists()
    assert problems.all() == []


def test_without_javascript_a_live_story_shows_no_dead_button(open_context: Any, site: Any) -> None:
    story = factories.article("Gempa Maluku")
    ArticlePage.objects.filter(pk=story.pk).update(live_status=LiveStatus.LIVE)
    context, _problems = open_context(java_script_enabled=False, **PHONE)
    page = context.new_page()

    page.goto(story.dated_path())

    expect(page.locator("[data-alerts-follow]")).to_have_count(1)
    expect(page.locator("[data-alerts-follow]")).to_be_hidden()
