"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Fixtures here:

- ``browser``: one headless Chromium for the whole ``tests/browser`` package (a package-scoped
  fixture: under ``--dist loadfile`` it lives as long as the worker runs browser tests, and it is
  closed, with Playwright's driver, before the worker moves on to other tests; see below).
- ``site``: the live server with ``BASE_URL`` pointing at it, the newsroom set-up checked.
- ``open_context``: makes browser contexts (closed after the test) that record console errors,
  uncaught page errors and Content-Security-Policy violations into a ``Problems`` list.
- ``artifact``: a path under ``test-artifacts/`` for screenshots.

Why package scope and not session scope: while Playwright's sync API is started, the main
thread has a running asyncio loop (Playwright's dispatcher). Django then refuses ORM calls from
that thread (SynchronousOnlyOperation), so the tests set DJANGO_ALLOW_ASYNC_UNSAFE while, and
only while, Playwright runs. The loop is idle whenever test code runs, and the live server
answers from its own thread, so this is safe here. With session scope the running loop and the
variable would leak into every later test on the same xdist worker.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A phone: 390 CSS px wide (iPhone 12 to 15), as the site is designed mobile first.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
PASSWORD = "rahasia-uji-123"  # tests/factories.staff's default
# How long an action or an `expect` may wait for the page (a budget, not an assertion on speed):
# generous, as the suite shares two cores with the live server and another xdist worker.
WAIT_MS = 30_000

# Reports every CSP violation to Python (Playwright injects this past the page's own policy).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  if (window.__kabarCspViolation) {
    window.__kabarCspViolation(`${event.violatedDirective} blocked ${event.blockedURI} on ${event.documentURI}`);
  }
});
"""


@pytest.fixture(scope="package")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright: Any) -> Iterator[Any]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def site(live_server: Any, settings: Any) -> Iterator[Any]:
    """The live server, with every absolute URL Kabar makes (canonical, share links, sitemaps) on it.

    Each test starts from the state `migrate` leaves: after a transactional test Django flushes
    every table and the post_migrate handler (kabar.newsroom.apps.set_up_newsroom) builds the home
    page, /topik/, the staff groups and the review workflow again. Checked here, so a broken
    rebuild fails loudly instead of as a confusing 404 in the browser.
    """
    from django.contrib.auth.models import Group
    from wagtail.models import Site, WorkflowPage

    from kabar.articles.models import HomePage, TopicIndexPage
    from kabar.articles.services import flush_page_views
    from kabar.newsroom.services import ADMINS, EDITORS, REVIEW_WORKFLOW, WRITERS

    url = live_server.url
    settings.BASE_URL = url
    settings.WAGTAILADMIN_BASE_URL = url
    settings.WAGTAILAPI_BASE_URL = url
    settings.CSRF_TRUSTED_ORIGINS = [url]

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert TopicIndexPage.objects.child_of(home).exists()
    assert set(Group.objects.filter(name__in=[WRITERS, EDITORS, ADMINS]).values_list("name", flat=True)) == {
        WRITERS,
        EDITORS,
        ADMINS,
    }
    assert WorkflowPage.objects.get(page=home).workflow.name == REVIEW_WORKFLOW
    yield live_server
    # The article pages' view-counting pixels were counted in this process's memory: write them to
    # this test's database now, not at exit into whatever database the settings name by then.
    flush_page_views()


@dataclass
class Problems:
    """What went wrong in the browser's pages: console errors, page errors, CSP violations."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.console_errors, *self.page_errors, *self.csp_violations]

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.csp_violations.clear()


FAILED_CALL = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED_CALL] = True
    return report


@pytest.fixture
def open_context(
    browser: Any, site: Any, request: pytest.FixtureRequest, artifact: Callable[[str], Path]
) -> Iterator[Callable[..., tuple[Any, Problems]]]:
    """`open_context(**options)` -> (context, problems); every context is closed after the test,
    and when the test failed, each of its open pages is saved as test-artifacts/...-FAILED-n.png/.html."""
    contexts = []

    def make(**options: Any) -> tuple[Any, Problems]:
        options.setdefault("base_url", site.url)
        options.setdefault("locale", "id-ID")
        options.setdefault("timezone_id", "Asia/Jakarta")
        context = browser.new_context(**options)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        problems = Problems()

        def on_console(message: Any) -> None:
            if message.type == "error":
                problems.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")

        def on_page(page: Any) -> None:
            page.on("console", on_console)
            page.on("pageerror", lambda error: problems.page_errors.append(str(error)))

        context.on("page", on_page)
        if options.get("java_script_enabled", True):
            context.expose_binding("__kabarCspViolation", lambda _source, text: problems.csp_violations.append(text))
            context.add_init_script(CSP_LISTENER)
        return context, problems

    yield make
    if request.node.stash.get(FAILED_CALL, False):
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            page.screenshot(path=artifact(f"FAILED-{number}.png"), full_page=True)
            artifact(f"FAILED-{number}.html").write_text(page.content(), encoding="utf-8")
    for page in (page for context in contexts for page in context.pages):
        # What a page sends as it is left (ads.js's pending impressions on pagehide) is sent now and
        # answered while this test's site and database are still there, not during the next test's
        # set-up, where the late request met a database being flushed.
        try:
            page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
            page.wait_for_load_state("networkidle")
        except Exception:  # noqa: S110 - a page that crashed or has no JS has nothing left to send
            pass
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture
def artifact(artifacts_dir: Path, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """`artifact("home.png")` -> test-artifacts/<test name>-home.png (the database's name added, so
    SQLite and PostgreSQL runs keep their own screenshots)."""
    from django.db import connection

    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)

    def path(name: str) -> Path:
        return artifacts_dir / f"{test_name}-{connection.vendor}-{name}"

    return path


def log_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Log in to the admin as a person would: its address leads to the site's one login (/akun/login/)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    # Verified, as after the account's first login (which mails a confirmation link).
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    page.goto("/admin/login/")
    page.locator('input[name="login"]').fill(user.email)
    page.locator('input[name="password"]').fill(password)
    page.locator('input[name="password"]').press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))
