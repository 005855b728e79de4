"""A reader on a phone makes an account, verifies it from the mail, logs in, saves an article, finds it
under Tersimpan and logs out; and the same without JavaScript."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.utils.translation import gettext
from playwright.sync_api import expect

from kabar.articles.models import ArticlePage
from kabar.readers.models import ReadingHistory, SavedArticle
from tests import factories
from tests.browser.conftest import PHONE
from tests.readers import factories as readers

pytestmark = pytest.mark.browser

HEADLINE = "Kereta cepat Jakarta-Surabaya mulai diuji"
NAME = "Sari Lestari"
EMAIL = "sari@example.com"
PASSWORD = "Kereta-Cepat-2029!"
SAVED = re.compile(r"^(Saved|Tersimpan)$")


def seed() -> ArticlePage:
    section = factories.section("Nasional")
    factories.article("Berita lain di Nasional", in_section=section)
    return factories.article(
        HEADLINE,
        in_section=section,
        writers=[factories.person("Rina Wijaya")],
        topic=factories.topic("Kereta cepat"),
    )


def status_requests(page: Any) -> list[str]:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/akun/status/" in request.url else None)
    return asked


def signed_in_marker(context: Any) -> bool:
    return any(c["name"] == "kabar_reader" and c["value"] == "1" for c in context.cookies())


def test_reader_signs_up_verifies_logs_in_saves_and_logs_out(open_context, site, artifact, mailoutbox):
    article = seed()
    context, problems = open_context(**PHONE)
    page = context.new_page()
    asked = status_requests(page)

    # Anonymous: the article is the cached page everyone gets, and nobody asks who is reading.
    page.goto(article.dated_path())
    login = page.locator(".site-account__login")
    expect(login).to_be_visible()
    # The cached HTML says "Akun" (/akun/saya/); readers.js, knowing nobody is signed in, offers "Masuk".
    expect(login).to_have_attribute("href", f"/akun/login/?next={quote(article.dated_path(), safe='')}")
    expect(login).to_have_text(gettext("Log in"))
    assert login.evaluate("a => a.getBoundingClientRect().height") >= 44
    page.wait_for_load_state("networkidle")
    assert asked == []

    # Masuk -> the sign-up link -> sign up.
    login.click()
    page.wait_for_url(re.compile(r"/akun/login/"))
    page.locator(".account a[href^='/akun/signup/']").first.click()
    page.wait_for_url(re.compile(r"/akun/signup/"))
    page.locator('input[name="name"]').fill(NAME)
    page.locator('input[name="email"]').fill(EMAIL)
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.screenshot(path=artifact("signup-390.png"), full_page=True)
    page.locator(".account form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/akun/confirm-email/"))
    assert not signed_in_marker(context)

    # The link in the mail, opened on another device (a fresh browser), confirms the address.
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [EMAIL]
    link = readers.link_in(mailoutbox[0].body, readers.CONFIRM_LINK)
    mail_reader, _mail_problems = open_context(**PHONE)
    mail_page = mail_reader.new_page()
    mail_page.goto(link)
    mail_page.locator(".account form button[type='submit']").click()
    mail_page.wait_for_url(re.compile(r"/akun/login/"))

    # Log in from the article's Masuk, and come back to the article.
    page.goto(article.dated_path())
    page.locator(".site-account__login").click()
    page.locator('input[name="login"]').fill(EMAIL)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator(".account form button[type='submit']").click()
    page.wait_for_url(f"{site.url}{article.dated_path()}")
    assert signed_in_marker(context)

    # The reader's name in the header, from /akun/status/ (the HTML itself is the cached one).
    expect(page.locator(".reader-menu__name")).to_have_text(NAME)
    expect(page.locator(".site-account__login")).to_have_count(0)
    assert any("/akun/status/?article=" in url for url in asked)

    # Simpan becomes a toggle; the reading history records the article after a few seconds on screen.
    save = page.locator("button[data-reader-save]")
    expect(save).to_have_attribute("aria-pressed", "false")
    with page.expect_response(lambda r: "/akun/riwayat/" in r.url and r.request.method == "POST", timeout=20_000):
        save.click()
        expect(save).to_have_attribute("aria-pressed", "true")
        expect(save).to_have_text(SAVED)
    assert SavedArticle.objects.filter(reader__email=EMAIL, article=article).exists()
    assert ReadingHistory.objects.filter(reader__email=EMAIL, article=article).exists()
    page.screenshot(path=artifact("article-signed-in-390.png"), full_page=True)

    # Tersimpan, from the menu.
    page.locator(".reader-menu__toggle").click()
    page.locator(".reader-menu__list a[href='/akun/tersimpan/']").click()
    page.wait_for_url(re.compile(r"/akun/tersimpan/$"))
    expect(page.locator(".card__headline")).to_have_text([HEADLINE])
    expect(page.locator(".reader-menu__name")).to_have_text(NAME)  # rendered by the server on /akun/ pages
    page.screenshot(path=artifact("tersimpan-390.png"), full_page=True)

    # Keluar: back on the home page, anonymous again.
    page.locator(".reader-menu__toggle").click()
    page.locator(".reader-menu__logout").click()
    page.wait_for_url(f"{site.url}/")
    expect(page.locator(".site-account__login")).to_be_visible()
    assert not signed_in_marker(context)
    assert problems.all() == []


def test_without_javascript_a_reader_logs_in_and_saves_through_plain_forms(open_context, site):
    article = seed()
    readers.reader(NAME, email=EMAIL, password=PASSWORD)
    context, problems = open_context(**PHONE, java_script_enabled=False)
    page = context.new_page()

    page.goto(article.dated_path())
    page.locator("a[data-reader-save]").click()
    page.wait_for_url(re.compile(r"/akun/login/\?next="))
    page.locator('input[name="login"]').fill(EMAIL)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator(".account form button[type='submit']").click()
    page.wait_for_url(f"{site.url}/akun/simpan/{article.pk}/")
    page.locator(".account__form button[type='submit']").click()
    page.wait_for_url(f"{site.url}{article.dated_path()}")

    page.goto("/akun/tersimpan/")
    expect(page.locator(".card__headline")).to_have_text([HEADLINE])
    # The menu is a <details>: it opens without a script.
    page.locator(".reader-menu__toggle").click()
    expect(page.locator(".reader-menu__logout")).to_be_visible()
    page.locator(".reader-menu__logout").click()
    page.wait_for_url(f"{site.url}/")
    expect(page.locator(".site-account__login")).to_be_visible()
    assert problems.all() == []
