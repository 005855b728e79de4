"""The rules a comment meets before it goes live: the word list, links, bursts, duplicates, rate
limits, the article's mode, and bans."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kabar.articles.models import ArticlePage
from kabar.comments import queries, services
from kabar.comments.models import ArticleCommentPolicy, BlockedWord, Comment, Mode
from kabar.comments.services import CommentRefused
from kabar.comments.text import find_blocked_word, word_pattern
from kabar.core.ratelimit import client_ip
from tests import factories
from tests.comments import factories as comment_factories
from tests.i18n import site_html, site_language, site_text

pytestmark = pytest.mark.django_db


def comment_settings(**values):
    settings = queries.site_settings()
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def post(author, article, text, **kwargs) -> Comment:
    return services.post_comment(article=article, author=author, body=text, **kwargs)


# --- the word list ------------------------------------------------------------------------------


def test_the_starter_word_list_is_seeded():
    words = set(BlockedWord.objects.values_list("word", flat=True))
    assert {"anjing", "bangsat", "goblok", "tolol"} <= words
    assert 25 <= len(words) <= 40


@pytest.mark.parametrize(
    "text",
    ["Dasar ANJING!", "anjiiiiing kau", "4nj1ng", "a.n.j.i.n.g", "b-a-n-g-s-a-t", "kata,tolol,lagi", "Bánġsat"],
)
def test_listed_words_are_found_in_any_disguise(text):
    assert find_blocked_word(text, word_pattern(BlockedWord.objects.values_list("word", flat=True)))


@pytest.mark.parametrize(
    "text",
    ["Asumsi saya keliru", "Babinsa datang ke desa", "Tahun 2024 harga naik", "Pertandingan seru", "kampanye"],
)
def test_words_inside_other_words_are_not_matched(text):
    assert find_blocked_word(text, word_pattern(BlockedWord.objects.values_list("word", flat=True))) is None


def test_a_phrase_on_the_list_matches_across_spaces_and_punctuation():
    pattern = word_pattern(["otak udang"])
    assert find_blocked_word("dasar OTAK   udang", pattern) == "otak udang"
    assert find_blocked_word("otak-udang", pattern)


def test_a_comment_with_a_listed_word_waits_for_a_moderator(reader, article):
    comment = post(reader, article, "Pejabatnya bangsaaat semua.")
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_reason == Comment.HoldReason.WORDS and comment.hold_detail == "bangsat"
    assert ArticlePage.objects.get(pk=article.pk).comment_count == 0


def test_a_word_added_in_the_admin_list_holds_comments_at_once(reader, article):
    BlockedWord.objects.create(word="  Koruptor ")
    assert BlockedWord.objects.get(word="koruptor")
    assert post(reader, article, "Dasar koruptor!").status == Comment.Status.PENDING


# --- links, bursts, duplicates ------------------------------------------------------------------


def test_a_comment_with_more_links_than_allowed_waits(reader, article):
    comment_settings(max_links=2)
    assert post(reader, article, "Dua: https://a.id dan www.b.id").status == Comment.Status.APPROVED
    held = post(reader, article, "Tiga: https://a.id https://b.id http://c.id")
    assert held.status == Comment.Status.PENDING and held.hold_reason == Comment.HoldReason.LINKS


def test_a_burst_of_comments_from_one_reader_waits(reader, article):
    comment_settings(burst_count=3, burst_minutes=10, reader_rate_per_minute=100)
    statuses = [post(reader, article, f"Komentar ke-{n}").status for n in range(4)]
    assert statuses == [Comment.Status.APPROVED] * 3 + [Comment.Status.PENDING]
    assert Comment.objects.order_by("-pk").first().hold_reason == Comment.HoldReason.BURST


def test_the_same_text_twice_waits(reader, article):
    assert post(reader, article, "Setuju sekali.").status == Comment.Status.APPROVED
    again = post(reader, article, "Setuju sekali.")
    assert again.status == Comment.Status.PENDING and again.hold_reason == Comment.HoldReason.DUPLICATE


# --- rate limits --------------------------------------------------------------------------------


def test_too_many_comments_a_minute_from_a_reader_are_refused(reader_client, article, caplog):
    comment_settings(reader_rate_per_minute=2, burst_count=100)
    url = reverse("comments:post", args=[article.pk])
    assert [reader_client.post(url, {"text": f"Ke-{n}"}).status_code for n in range(2)] == [302, 302]
    with caplog.at_level(logging.WARNING, logger="kabar.comments.services"):
        response = reader_client.post(url, {"text": "Satu lagi, cepat-cepat."})
    assert response.status_code == 429
    html = response.content.decode()
    too_fast = "Too fast. Please wait a minute before sending another comment; what you wrote is still here."
    assert site_html(too_fast) in html and "Satu lagi, cepat-cepat." in html
    assert Comment.objects.count() == 2
    assert any("rate_limited" in record.getMessage() for record in caplog.records)


def test_too_many_comments_a_minute_from_one_address_are_refused(article):
    comment_settings(ip_rate_per_minute=2, reader_rate_per_minute=100)
    for n in range(2):
        post(comment_factories.reader(), article, f"Dari warnet {n}", ip="203.0.113.9")
    with pytest.raises(CommentRefused) as refused:
        post(comment_factories.reader(), article, "Dari warnet lagi", ip="203.0.113.9")
    assert refused.value.status == 429
    assert post(comment_factories.reader(), article, "Dari rumah", ip="198.51.100.7")


def test_the_client_address_is_remote_addr_unless_proxies_are_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    settings.KABAR_FORWARDED_ALLOW_IPS = []
    assert client_ip(request) == "10.0.0.2"
    settings.KABAR_FORWARDED_ALLOW_IPS = ["10.0.0.2"]
    # The trusted proxy appended the address it saw; "1.2.3.4" is only what the client claimed.
    assert client_ip(request) == "198.51.100.7"
    settings.KABAR_FORWARDED_ALLOW_IPS = ["10.0.0.0/8", "198.51.100.7"]
    assert client_ip(request) == "1.2.3.4"
    garbage = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(garbage) == "10.0.0.2"


# --- the article's mode -------------------------------------------------------------------------


def test_a_pre_moderated_article_holds_every_reader_comment(reader, article):
    ArticleCommentPolicy.objects.create(article=article, mode=Mode.PREMODERATED)
    comment = post(reader, article, "Komentar biasa.")
    assert comment.status == Comment.Status.PENDING and comment.hold_reason == Comment.HoldReason.PREMODERATION


def test_the_site_mode_applies_when_the_article_has_none(reader, article):
    comment_settings(default_mode=Mode.PREMODERATED)
    assert post(reader, article, "Menunggu.").status == Comment.Status.PENDING
    ArticleCommentPolicy.objects.create(article=article, mode=Mode.OPEN)
    assert post(reader, article, "Langsung tayang.").status == Comment.Status.APPROVED


@pytest.mark.parametrize("how", ["article", "site", "age", "article_age"])
def test_closed_articles_refuse_comments_and_say_so(reader_client, reader, how, caplog):
    article = factories.article(published_at=timezone.now() - dt.timedelta(days=10))
    if how == "article":
        ArticleCommentPolicy.objects.create(article=article, mode=Mode.CLOSED)
    elif how == "site":
        comment_settings(default_mode=Mode.CLOSED)
    elif how == "age":
        comment_settings(auto_close_days=7)
    else:
        ArticleCommentPolicy.objects.create(article=article, auto_close_days=3)
    page = reader_client.get(reverse("comments:page", args=[article.pk])).content.decode()
    assert "comments__closed" in page and 'name="text"' not in page
    with caplog.at_level(logging.WARNING, logger="kabar.comments.services"):
        response = reader_client.post(reverse("comments:post", args=[article.pk]), {"text": "Masih bisa?"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "closed" in html and "Masih bisa?" in html  # the text is shown back, to copy
    assert not Comment.objects.exists()
    assert any("closed" in record.getMessage() for record in caplog.records)


def test_an_article_can_stay_open_past_the_site_s_closing_age(reader, article):
    comment_settings(auto_close_days=1)
    ArticlePage.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(days=5))
    article.refresh_from_db()
    ArticleCommentPolicy.objects.create(article=article, auto_close_days=0)
    assert post(reader, article, "Masih dibuka.").status == Comment.Status.APPROVED


def test_the_newsroom_s_comments_skip_the_queue_and_carry_the_badge(article):
    redaktur = factories.staff("redaktur", "Redaktur")
    ArticleCommentPolicy.objects.create(article=article, mode=Mode.PREMODERATED)
    comment = post(redaktur, article, "Terima kasih, sudah kami perbaiki. Dasar tolol typo-nya.")
    assert comment.status == Comment.Status.APPROVED and comment.is_staff_reply


def test_the_badge_shows_as_newsroom(client, article):
    comment_factories.comment(article, author=factories.staff("redaktur", "Redaktur"), is_staff_reply=True)
    assert 'class="comment__badge"' in client.get(reverse("comments:page", args=[article.pk])).content.decode()


# --- bans ---------------------------------------------------------------------------------------


def test_a_banned_reader_cannot_comment_and_is_told_until_when(reader_client, reader, article, caplog):
    ban = comment_factories.ban(reader, days=7)
    page = reader_client.get(reverse("comments:page", args=[article.pk])).content.decode()
    assert 'class="comments__banned"' in page and 'name="text"' not in page
    with site_language():
        until = date_format(timezone.localtime(ban.expires_at), "DATETIME_FORMAT")
    told = site_html("Your account may not comment until %(until)s.", until=until)
    assert told in page
    with caplog.at_level(logging.WARNING, logger="kabar.comments.services"):
        response = reader_client.post(reverse("comments:post", args=[article.pk]), {"text": "Saya kembali."})
    assert response.status_code == 403 and told in response.content.decode()
    assert not Comment.objects.exists()
    assert any("banned" in record.getMessage() for record in caplog.records)
    ban.expires_at = timezone.now() - dt.timedelta(minutes=1)
    ban.save()
    assert post(reader, article, "Sudah boleh lagi.").status == Comment.Status.APPROVED


def test_a_ban_without_end_says_so(reader, article):
    comment_factories.ban(reader)
    with pytest.raises(CommentRefused, match=re.escape(site_text("Your account may no longer comment."))):
        post(reader, article, "Halo.")
