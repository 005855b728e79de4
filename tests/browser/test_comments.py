"""Comments in Chromium: a reader comments, replies and reports under an article without a reload;
a Moderator approves a waiting comment in the admin; a comment carrying HTML shows as text and runs
nothing; and without JavaScript the comments page does the same with plain forms.

Elements are found by their data attributes and ids, not their labels, which depend on the
compiled translations.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import expect

from kabar.articles.models import ArticlePage
from kabar.comments.models import Comment, CommentReport
from tests import factories
from tests.browser.conftest import PHONE, log_in
from tests.comments import factories as comment_factories

pytestmark = pytest.mark.browser

XSS = '<script>alert("skrip")</script><img src=x onerror="alert(\'gambar\')"> harga <b>naik</b>'


def logged_in(open_context: Any, site: Any, user: User, **options: Any) -> tuple[Any, Any]:
    """A browser context with the user's session cookie, as if they had logged in at /akun/login/."""
    context, problems = open_context(**options)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site.url}])
    return context, problems


def comments_loaded(page: Any) -> Any:
    """The comments section once comments.js has filled it (it waits until the reader scrolls near)."""
    section = page.locator("section#komentar")
    section.scroll_into_view_if_needed()
    expect(section.locator("[data-comments-root]")).to_have_count(1)
    return section


def test_a_reader_comments_replies_and_reports_without_a_reload(open_context, site, artifact):
    article = factories.article("Harga cabai turun menjelang panen")
    other = comment_factories.reader("budi", first_name="Budi", last_name="Santoso")
    theirs = comment_factories.comment(article, author=other, text="Di pasar kami sudah Rp 30.000 per kilo.")
    reader = comment_factories.reader("sari", first_name="Sari", last_name="Wulandari")
    context, problems = logged_in(open_context, site, reader, **PHONE)
    page = context.new_page()
    page.goto(article.dated_path())
    section = comments_loaded(page)
    expect(section.locator(f"#komentar-{theirs.pk}")).to_contain_text("Rp 30.000")
    expect(section.locator("[data-comments-replying]")).to_be_hidden()
    # Marks this page load: a reload or navigation would lose it.
    page.evaluate("window.__samePage = true")

    # A comment of her own.
    section.locator("form[data-comments-form=post] textarea[name=text]").fill("Semoga petani tetap untung.\nSalam.")
    section.locator("form[data-comments-form=post] button[type=submit]").click()
    mine = Comment.objects.filter(author=reader)
    expect(section.locator(".comment", has_text="Semoga petani tetap untung.")).to_be_visible()
    assert mine.get().status == Comment.Status.APPROVED
    expect(section.locator("[data-comments-status]")).not_to_be_empty()

    # A reply under Budi's comment: the form moves there, and the reply lands in his thread.
    section.locator(f'[data-comments-reply="{theirs.pk}"]').click()
    form = section.locator("form[data-comments-form=post]")
    expect(form.locator("[data-comments-replying]")).to_be_visible()
    expect(form.locator("[data-comments-replying-name]")).to_have_text("Budi Santoso")
    form.locator("textarea[name=text]").fill("Di tempat kami masih Rp 35.000.")
    form.locator("button[type=submit]").click()
    replies = section.locator(f"#balasan-{theirs.pk}")
    expect(replies.locator(".comment", has_text="Rp 35.000")).to_be_visible()
    reply = Comment.objects.get(author=reader, parent=theirs)
    assert reply.text == "Di tempat kami masih Rp 35.000."
    # The form goes back to the top, as a new comment again; the heading counts all three.
    expect(section.locator("#tulis > form[data-comments-form=post]")).to_have_count(1)
    expect(form.locator("[data-comments-replying]")).to_be_hidden()
    expect(form.locator("input[name=parent]")).to_have_value("")
    expect(section.locator(".comments__count")).to_have_text("(3)")

    # Reporting Budi's comment: the reasons open in place; once sent, it says it is reported.
    section.locator(f'#komentar-{theirs.pk} a[href*="/komentar/laporkan/"]').click()
    panel = section.locator("[data-comments-panel]")
    panel.locator('input[name=reason][value="spam"]').check()
    panel.locator("button[type=submit]").click()
    expect(section.locator(f"#komentar-{theirs.pk} .comment__reported")).to_be_visible()
    assert CommentReport.objects.get(comment=theirs).reporter == reader

    # And an edit of her own comment, within the five minutes.
    own = mine.filter(parent__isnull=True).get()
    section.locator(f'#komentar-{own.pk} a[href*="/komentar/ubah/"]').click()
    edit = section.locator("form[data-comments-form=edit]")
    edit.locator("textarea[name=text]").fill("Semoga petani tetap untung. Salam dari Brebes.")
    edit.locator("button[type=submit]").click()
    expect(section.locator(f"#komentar-{own.pk}")).to_contain_text("Salam dari Brebes.")

    assert page.evaluate("window.__samePage") is True
    page.screenshot(path=artifact("reader-comments.png"), full_page=True)
    assert problems.all() == []


def test_a_moderator_approves_a_waiting_comment_in_the_admin(open_context, site, artifact):
    article = factories.article("Banjir di Kampung Melayu mulai surut")
    waiting = comment_factories.comment(
        article, text="Semoga cepat pulih, warga butuh air bersih.", status=Comment.Status.PENDING, hold_reason="links"
    )
    comment_factories.moderator("moderator")
    context, _ = open_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, "moderator")
    page.goto("/admin/comments/")
    row = page.locator(f'tr[data-comment-id="{waiting.pk}"]')
    expect(row).to_contain_text("Semoga cepat pulih")
    page.screenshot(path=artifact("moderation-queue.png"), full_page=False)
    row.locator('button[data-moderate="approve"]').click()
    expect(page.locator(".messages .success")).to_be_visible()
    expect(page.locator(f'tr[data-comment-id="{waiting.pk}"]')).to_have_count(0)
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 1

    reader_context, problems = open_context(**PHONE)
    public = reader_context.new_page()
    public.goto(article.dated_path())
    expect(comments_loaded(public).locator(f"#komentar-{waiting.pk}")).to_contain_text("air bersih")
    assert problems.all() == []


def test_a_comment_with_html_shows_as_text_and_runs_nothing(open_context, site, artifact):
    article = factories.article("Tarif listrik tidak naik tahun ini")
    hostile = comment_factories.comment(article, text=XSS)
    context, problems = open_context(**PHONE)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in (article.dated_path(), f"/komentar/{article.pk}/"):
        page.goto(url)
        text = comments_loaded(page).locator(f"#komentar-{hostile.pk} .comment__text")
        expect(text).to_have_text(XSS)
        assert text.locator("script, img, b").count() == 0
    page.wait_for_timeout(300)
    page.screenshot(path=artifact("comment-as-text.png"), full_page=True)
    assert dialogs == []
    assert problems.all() == []


def test_without_javascript_the_comments_page_does_it_all_with_forms(open_context, site):
    article = factories.article("Jalan tol baru dibuka untuk mudik")
    reader = comment_factories.reader("rahmat", first_name="Rahmat")
    context, problems = logged_in(open_context, site, reader, java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(article.dated_path())
    page.locator(f'section#komentar a[href="/komentar/{article.pk}/"]').click()
    page.wait_for_url(re.compile(rf"/komentar/{article.pk}/$"))
    page.locator("textarea[name=text]").fill("Semoga lancar, tidak macet seperti tahun lalu.")
    page.locator("form[data-comments-form=post] button[type=submit]").click()
    comment = Comment.objects.get(author=reader)
    page.wait_for_url(re.compile(rf"/komentar/{article.pk}/#komentar-{comment.pk}$"))
    expect(page.locator(f"#komentar-{comment.pk}")).to_contain_text("tidak macet")
    expect(page.locator(".comments__message--success")).to_be_visible()
    # Deleting it goes through a confirmation page.
    page.locator(f'#komentar-{comment.pk} a[href*="/komentar/hapus/"]').click()
    page.locator("form[data-comments-form=delete] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/komentar/{article.pk}/#komentar$"))
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert problems.all() == []


def test_more_comments_load_in_place_and_a_reader_deletes_one(open_context, site, monkeypatch):
    from kabar.comments import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    article = factories.article("Kereta cepat tambah jadwal akhir pekan")
    reader = comment_factories.reader("dewi", first_name="Dewi")
    made = [
        comment_factories.comment(article, text=f"Komentar nomor {n}.", ago=dt.timedelta(minutes=60 - n))
        for n in range(1, 5)
    ]
    own = comment_factories.comment(article, author=reader, text="Komentar saya.", ago=dt.timedelta(minutes=1))
    context, problems = logged_in(open_context, site, reader, **PHONE)
    page = context.new_page()
    page.goto(article.dated_path())
    section = comments_loaded(page)
    page.evaluate("window.__samePage = true")
    threads = section.locator("[data-comments-list] > li")
    expect(threads).to_have_count(2)
    section.locator("[data-comments-more]").click()
    expect(threads).to_have_count(4)
    section.locator("[data-comments-more]").click()
    expect(threads).to_have_count(5)
    expect(section.locator("[data-comments-more]")).to_have_count(0)
    expect(threads.last).to_contain_text("Komentar nomor 1.")

    section.locator("[data-comments-swap*='sort=oldest']").click()
    expect(threads.first).to_contain_text("Komentar nomor 1.")
    expect(section.locator("[data-comments-swap*='sort=oldest']")).to_have_attribute("aria-current", "true")

    section.locator("[data-comments-swap*='sort=newest']").click()
    expect(threads.first).to_contain_text("Komentar saya.")
    section.locator(f'#komentar-{own.pk} a[href*="/komentar/hapus/"]').click()
    section.locator("form[data-comments-form=delete] button[type=submit]").click()
    expect(section.locator(f"#komentar-{own.pk}")).to_have_count(0)
    assert not Comment.objects.filter(pk=own.pk).exists()
    assert [c.pk for c in Comment.objects.order_by("pk")] == [c.pk for c in made]
    assert page.evaluate("window.__samePage") is True
    assert problems.all() == []
