"""Notifications in Chromium, as far as a headless browser allows.

- A reader is never prompted on arrival: the invitation comes only once an article has been read
  to its end, and the browser's permission prompt only after the reader presses the button.
- On /push/ the control registers the service worker for the whole site and subscribes.
- Headless Chromium has no route to Google's push service, so PushManager.subscribe is the one
  thing replaced (by an init script): it returns a subscription on the tests' loopback push
  service, with keys made in Python. Everything after it is real: the page posts it to Kabar,
  an editor's alert is encrypted for it, the stand-in decrypts it, and Chromium's service worker
  receives that payload as a push event (DevTools' ServiceWorker.deliverPushMessage) and shows it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from kabar.alerts import services
from kabar.alerts.models import PushSubscription
from tests import factories
from tests.alerts.push_service import FakeBrowser, PushService
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

# Counts permission prompts, so a test can say that none was shown.
COUNT_PROMPTS = """
window.__kabarPrompts = 0;
if (window.Notification) {
  const ask = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = function () { window.__kabarPrompts += 1; return ask(); };
}
"""

# The browser's push service is outside this machine: the subscription it would hand out is given here.
FAKE_PUSH_SUBSCRIPTION = """
(function (subscription) {
  // Like the browser's own, the subscription outlives a reload.
  const KEY = "test-push-subscription";
  const make = () => ({
    endpoint: subscription.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true },
    getKey: () => null,
    toJSON: () => subscription,
    unsubscribe: () => { localStorage.removeItem(KEY); return Promise.resolve(true); }
  });
  PushManager.prototype.subscribe = function () { localStorage.setItem(KEY, "1"); return Promise.resolve(make()); };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(localStorage.getItem(KEY) ? make() : null);
  };
})(%s);
"""


@pytest.fixture
def push_service(site: Any, settings: Any) -> Any:
    service = PushService(vapid_public_key=services.vapid_public_key()).start()
    settings.KABAR_PUSH_ENDPOINT_ALLOW = [f"{service.url}/wpush/"]
    yield service
    service.stop()
    assert service.problems == []


def settle(page: Any) -> None:
    """Let the page's own requests finish before the next step: the live server's threads share
    one in-memory SQLite connection, which two requests at once can find locked."""
    page.wait_for_load_state("networkidle")


def long_article() -> Any:
    paragraphs = [f"Paragraf ke-{n} tentang banjir rob di pesisir utara Jawa." for n in range(1, 30)]
    return factories.article("Banjir rob meluas di pesisir utara", body=factories.paragraphs(*paragraphs))


def test_no_prompt_on_arrival_and_the_invitation_only_after_reading(open_context, site, artifact):
    article = long_article()
    context, problems = open_context(**PHONE)
    context.add_init_script(COUNT_PROMPTS)
    page = context.new_page()
    page.clock.install()

    page.goto(article.dated_path())
    bell = page.locator("a.alerts-bell")
    expect(bell).to_have_attribute("href", "/push/")
    page.clock.run_for(15_000)
    # Time on the page alone is not reading: the end of the article has not been reached.
    expect(page.locator("[data-alerts-invite]")).to_have_count(0)

    page.locator(".article__footer").scroll_into_view_if_needed()
    page.clock.run_for(1_000)
    invite = page.locator("[data-alerts-invite]")
    expect(invite).to_be_visible()
    page.screenshot(path=artifact("invitation.png"), full_page=False)
    assert page.evaluate("window.__kabarPrompts") == 0
    assert page.evaluate("Notification.permission") == "default"

    invite.locator("[data-alerts-invite-dismiss]").click()
    expect(invite).to_have_count(0)
    page.reload()
    page.locator(".article__footer").scroll_into_view_if_needed()
    page.clock.run_for(15_000)
    expect(page.locator("[data-alerts-invite]")).to_have_count(0)
    assert problems.all() == []


def test_a_short_visit_that_never_reaches_the_end_gets_no_invitation(open_context, site):
    article = long_article()
    context, problems = open_context(**PHONE)
    page = context.new_page()
    page.clock.install()

    page.goto(article.dated_path())
    page.locator(".article__footer").scroll_into_view_if_needed()
    page.clock.run_for(3_000)

    # Reached the end after 3 s: skimming, not reading; the invitation waits for 10 s on the page.
    expect(page.locator("[data-alerts-invite]")).to_have_count(0)
    assert problems.all() == []


def test_the_control_registers_the_service_worker_and_subscribes(open_context, site, push_service, artifact):
    browser = FakeBrowser(push_service)
    context, problems = open_context(**PHONE)
    context.grant_permissions(["notifications"])
    context.add_init_script(FAKE_PUSH_SUBSCRIPTION % json.dumps(browser.subscription()))
    page = context.new_page()

    page.goto("/push/")
    settle(page)
    control = page.locator("[data-alerts-control]")
    expect(control).to_be_visible()
    page.locator("input[value=picks]").uncheck()
    expect(page.locator("[data-alerts-off]")).to_be_hidden()
    page.locator("[data-alerts-on]").click()
    expect(page.locator("[data-alerts-off]")).to_be_visible()
    expect(page.locator("[data-alerts-on]")).to_be_hidden()
    page.screenshot(path=artifact("subscribed.png"), full_page=True)

    scope = page.evaluate("navigator.serviceWorker.getRegistration('/').then(r => r && r.scope)")
    assert scope == f"{site.url}/"
    stored = PushSubscription.objects.get()
    assert stored.endpoint == browser.endpoint
    assert list(stored.topics.values_list("topic", flat=True)) == ["breaking"]
    expect(page.locator("a.alerts-bell")).to_have_class("alerts-bell alerts-bell--on")

    # The reader comes back: the control shows the topics Kabar has for this browser, and stops.
    page.reload()
    settle(page)
    expect(page.locator("input[value=breaking]")).to_be_checked()
    expect(page.locator("input[value=picks]")).not_to_be_checked()
    expect(page.locator("[data-alerts-on]")).to_be_hidden()
    page.locator("[data-alerts-off]").click()
    expect(page.locator("[data-alerts-on]")).to_be_visible()
    expect(page.locator("[data-alerts-off]")).to_be_hidden()
    assert not PushSubscription.objects.exists()
    assert problems.all() == []


def test_an_alert_reaches_the_service_worker_and_is_shown(open_context, site, push_service):
    browser = FakeBrowser(push_service)
    article = factories.article("Gunung Lewotobi kembali erupsi", summary="Status naik menjadi Awas.")
    context, problems = open_context(**PHONE)
    context.grant_permissions(["notifications"])
    context.add_init_script(FAKE_PUSH_SUBSCRIPTION % json.dumps(browser.subscription()))
    page = context.new_page()
    page.goto("/push/")
    settle(page)
    page.locator("[data-alerts-on]").click()
    expect(page.locator("[data-alerts-off]")).to_be_visible()

    alert, _ = services.compose_alert(
        article,
        title=article.title,
        text=article.summary,
        topics=["breaking"],
        idempotency_key="browser",
        is_breaking=True,
        banner_hours=0,
        enqueue=False,
    )
    services.send_alert(alert.pk)
    [payload] = push_service.delivered_to(browser)

    devtools = context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    devtools.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    devtools.send("ServiceWorker.enable")
    page.wait_for_function("navigator.serviceWorker.controller !== null || true")
    registration_id = next(r["registrationId"] for r in registrations if r["scopeURL"] == f"{site.url}/")
    devtools.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": site.url, "registrationId": registration_id, "data": json.dumps(payload)},
    )

    shown = None
    for _ in range(100):
        shown = page.evaluate(
            "navigator.serviceWorker.getRegistration('/').then(r => r.getNotifications())"
            ".then(list => list.map(n => [n.title, n.body, n.tag, n.data.url]))"
        )
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == [[article.title, "Status naik menjadi Awas.", f"kabar-alert-{alert.pk}", payload["url"]]]
    assert payload["url"].startswith(f"{site.url}{article.dated_path()}?utm_source=webpush")
    assert problems.all() == []


def test_without_javascript_the_bell_leads_to_the_channels(open_context, site):
    context, _problems = open_context(java_script_enabled=False, **PHONE)
    page = context.new_page()

    page.goto("/")
    page.locator("a.alerts-bell").click()

    expect(page).to_have_url(f"{site.url}/push/")
    expect(page.locator("[data-alerts-control]")).to_be_hidden()
    expect(page.locator("noscript, .alerts-page")).not_to_have_count(0)


def test_an_editor_sends_an_alert_from_the_article_and_watches_it_go(open_context, site, push_service, artifact):
    from tests.browser.conftest import log_in

    section = factories.section("Nasional")
    article = factories.article("Gunung Lewotobi kembali erupsi", in_section=section, summary="Status naik.")
    readers = [FakeBrowser(push_service) for _ in range(3)]
    for reader in readers:
        services.subscribe_browser(reader.subscription(), [f"section-{section.pk}"])
    factories.staff("redaktur", "Redaktur")
    context, problems = open_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, "redaktur")

    page.goto(f"/admin/pages/{article.pk}/edit/")
    compose = page.locator("a[data-alerts-compose]")
    if not compose.is_visible():  # the header's "more" menu holds it
        page.locator("header [aria-label] .w-dropdown__toggle, header .w-dropdown__toggle").first.click()
    compose.click()
    expect(page.locator("input[name=title]")).to_have_value(article.title)
    expect(page.locator(f"input[name=topics][value=section-{section.pk}]")).to_be_checked()
    page.screenshot(path=artifact("compose.png"), full_page=True)
    page.locator("button[name=send]").click()

    expect(page.locator("[data-count=sent] strong")).to_have_text("3")
    expect(page.locator("[data-alert-status]")).to_have_attribute("data-alert-status", "done")
    expect(page.locator("#alerts-whatsapp-text")).to_contain_text("*Gunung Lewotobi kembali erupsi*")
    page.screenshot(path=artifact("sent.png"), full_page=True)
    assert [len(push_service.delivered_to(r)) for r in readers] == [1, 1, 1]
    assert problems.page_errors == []
