"""The push page tells the reader what is happening: progress while the browser subscribes, and a clear
message when it cannot (permission refused, the browser's push service failing, no network)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.alerts.push_service import FakeBrowser
from tests.browser.conftest import PHONE
from tests.browser.test_alerts import FAKE_PUSH_SUBSCRIPTION, push_service, settle  # noqa: F401 - a fixture
from tests.i18n import site_text

pytestmark = pytest.mark.browser

# The browser's push service never answers: the subscription stays pending until the test lets it go.
SLOW_PUSH = """
PushManager.prototype.getSubscription = function () { return Promise.resolve(null); };
PushManager.prototype.subscribe = function () {
  return new Promise(function (resolve, reject) { window.__kabarPushDone = reject; });
};
"""


def _wait_until_subscribing(page: Any) -> None:
    # Polled from here: wait_for_function would evaluate a string in the page, which its CSP forbids.
    for _ in range(300):
        if page.evaluate("typeof window.__kabarPushDone === 'function'"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page never asked the browser to subscribe")


def _status(page: Any) -> Any:
    return page.locator("[data-alerts-control] [data-alerts-status]")


def test_a_refused_permission_says_how_to_allow_it(open_context, site):
    context, problems = open_context(**PHONE)
    page = context.new_page()
    page.goto("/push/")
    settle(page)
    page.evaluate("Notification.requestPermission = () => Promise.resolve('denied')")
    page.locator("[data-alerts-on]").click()
    blocked = (
        "This browser blocks notifications from us. Allow them in the site settings of your browser, then try again."
    )
    expect(_status(page)).to_have_text(site_text(blocked))
    expect(_status(page)).to_have_attribute("data-state", "error")
    assert problems.all() == []


def test_progress_shows_while_the_browser_subscribes_and_a_push_service_failure_is_named(open_context, site):
    context, problems = open_context(**PHONE)
    context.grant_permissions(["notifications"])
    context.add_init_script(SLOW_PUSH)
    page = context.new_page()
    page.goto("/push/")
    settle(page)
    page.locator("[data-alerts-on]").click()
    expect(_status(page)).to_have_text(site_text("Turning on notifications in this browser…"))
    expect(_status(page)).to_have_attribute("data-state", "busy")
    expect(page.locator("[data-alerts-control]")).to_have_attribute("aria-busy", "true")
    expect(page.locator("[data-alerts-on]")).to_be_disabled()

    # The page may show its progress before it asks the browser to subscribe (it fetches its key first).
    _wait_until_subscribing(page)
    page.evaluate("window.__kabarPushDone(new DOMException('push service unavailable', 'AbortError'))")
    expect(_status(page)).to_have_text(
        site_text("Your browser's notification service did not answer. Try again in a moment, or use another browser.")
    )
    expect(_status(page)).to_have_attribute("data-state", "error")
    expect(page.locator("[data-alerts-on]")).to_be_enabled()
    assert problems.all() == []


def test_no_network_says_so(open_context, site, push_service):  # noqa: F811 - the fixture
    browser = FakeBrowser(push_service)
    context, problems = open_context(**PHONE)
    context.grant_permissions(["notifications"])
    context.add_init_script(FAKE_PUSH_SUBSCRIPTION % json.dumps(browser.subscription()))
    page = context.new_page()
    page.goto("/push/")
    settle(page)
    page.route("**/push/config/", lambda route: route.abort("internetdisconnected"))
    page.locator("[data-alerts-on]").click()
    expect(_status(page)).to_have_text(
        site_text("We cannot be reached right now. Check your internet connection and try again.")
    )
    expect(_status(page)).to_have_attribute("data-state", "error")
    # The aborted request is the test's doing, not the page's.
    assert [p for p in problems.all() if "push/config" not in p and "ERR_INTERNET_DISCONNECTED" not in p] == []
