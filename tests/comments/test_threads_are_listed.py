"""The comments page and its fragment: threads one reply deep, newest or oldest first, "load more"
in pages, a fixed number of queries, and never cached."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kabar.comments import queries
from kabar.comments.models import Comment
from tests.comments import factories

pytestmark = pytest.mark.django_db


def page(client, article, **params):
    return client.get(reverse("comments:page", args=[article.pk]), params)


def fragment(client, article, **params):
    return client.get(reverse("comments:fragment", args=[article.pk]), params)


def comment_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="comment[^"]*" id="komentar-(\d+)"', html)]


def test_replies_sit_under_their_comment_oldest_first(client, article):
    first = factories.comment(article, text="Komentar pertama.", ago=dt.timedelta(hours=3))
    second = factories.comment(article, text="Komentar kedua.", ago=dt.timedelta(hours=2))
    late_reply = factories.comment(article, parent=first, ago=dt.timedelta(minutes=5))
    early_reply = factories.comment(article, parent=first, ago=dt.timedelta(hours=1))
    html = page(client, article).content.decode()
    assert comment_ids(html) == [second.pk, first.pk, early_reply.pk, late_reply.pk]
    replies = html[html.index(f'id="balasan-{first.pk}"') :]
    assert replies.index(f"komentar-{early_reply.pk}") < replies.index(f"komentar-{late_reply.pk}")


def test_oldest_first_on_request(client, article):
    old = factories.comment(article, ago=dt.timedelta(hours=3))
    new = factories.comment(article, ago=dt.timedelta(hours=1))
    assert comment_ids(page(client, article, sort="oldest").content.decode()) == [old.pk, new.pk]
    assert comment_ids(page(client, article, sort="nonsense").content.decode()) == [new.pk, old.pk]


def test_load_more_gives_the_next_page(client, article, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    made = [factories.comment(article, ago=dt.timedelta(minutes=50 - n)) for n in range(5)]
    newest_first = [c.pk for c in reversed(made)]
    first = fragment(client, article).content.decode()
    assert comment_ids(first) == newest_first[:2]
    more = re.search(r'data-comments-more="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(more).content.decode()
    assert comment_ids(second) == newest_first[2:4]
    third = fragment(client, article, page=3).content.decode()
    assert comment_ids(third) == newest_first[4:]
    assert "data-comments-more" not in third
    # Without JavaScript the same link goes to the full page.
    assert f'href="/komentar/{article.pk}/?sort=newest&amp;page=2#komentar"' in first


def test_the_number_of_queries_does_not_grow_with_the_comments(reader_client, reader, article):
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert fragment(reader_client, article).status_code == 200
        return len(context)

    thread = factories.comment(article)
    factories.comment(article, parent=thread)
    count()  # the first request makes the site's comment settings
    few = count()
    for _ in range(8):
        parent = factories.comment(article)
        factories.comment(article, parent=parent)
        factories.comment(article, author=reader, parent=parent)
    factories.comment(article, status=Comment.Status.PENDING, author=reader)
    assert count() == few


def test_the_fragment_is_private_and_has_no_page_around_it(client, article):
    factories.comment(article, text="Isi bagian.")
    response = fragment(client, article)
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "Isi bagian." in html
    assert "<html" not in html and "site-header" not in html
    assert html.lstrip().startswith('<div class="comments__inner" data-comments-root')


def test_the_full_page_links_back_to_the_article_and_is_private(client, article):
    response = page(client, article)
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert f'<h1 class="comments-page__headline"><a href="{article.dated_path()}">{article.title}</a></h1>' in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_a_reader_sees_their_own_waiting_comment_and_nobody_else_does(reader_client, reader, article):
    factories.comment(article, author=reader, text="Menunggu moderasi.", status=Comment.Status.PENDING)
    factories.comment(article, text="Punya orang lain, menunggu.", status=Comment.Status.PENDING)
    own = page(reader_client, article).content.decode()
    assert "Menunggu moderasi." in own and "comment__pending" in own
    assert "Punya orang lain" not in own
    assert "Menunggu moderasi." not in page(Client(), article).content.decode()


def test_a_deleted_comment_with_replies_leaves_a_placeholder(client, article):
    thread = factories.comment(article, text="Akan dihapus.")
    factories.comment(article, parent=thread, text="Balasan yang tetap.")
    Comment.objects.filter(pk=thread.pk).update(status=Comment.Status.DELETED, text="", author=None)
    lonely = factories.comment(article, text="Tanpa balasan.")
    Comment.objects.filter(pk=lonely.pk).update(status=Comment.Status.DELETED, text="", author=None)
    html = page(client, article).content.decode()
    assert "Balasan yang tetap." in html and "comment__deleted" in html
    assert f"komentar-{lonely.pk}" not in html


def test_the_reply_link_without_javascript_opens_the_form_as_a_reply(reader_client, article):
    thread = factories.comment(article, author=factories.reader("budi", first_name="Budi"))
    html = page(reader_client, article, reply=thread.pk).content.decode()
    assert f'name="parent" value="{thread.pk}"' in html
    assert "<strong data-comments-replying-name>Budi</strong>" in html


def test_the_reader_s_display_name_is_shown_else_full_name_else_username(client, article):
    from django.apps import apps

    with_name = factories.reader("rina", first_name="Rina", last_name="Putri")
    plain = factories.reader("anonim88")
    factories.comment(article, author=with_name)
    factories.comment(article, author=plain)
    html = page(client, article).content.decode()
    assert '<span class="comment__author">Rina Putri</span>' in html
    assert '<span class="comment__author">anonim88</span>' in html
    profile_model = apps.get_model("readers", "ReaderProfile")
    profile_model.objects.create(user=plain, display_name="Pak Anonim")
    assert '<span class="comment__author">Pak Anonim</span>' in page(client, article).content.decode()
