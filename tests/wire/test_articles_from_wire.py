"""'Buat artikel': drafts made from wire items, the second-article warning, embargoes and kills."""

import datetime as dt
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from kabar.articles import services as article_services
from kabar.articles.models import ArticlePage
from kabar.wire import services
from kabar.wire.models import WireArticle, WireItem
from tests import factories
from tests.parsing import html
from tests.wire.conftest import fixture_bytes, make_feed, site_text, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed():
    return make_feed(default_section=factories.section("Nasional"))


def ingest(feed, name_or_bytes, **changes):
    data = fixture_bytes(name_or_bytes) if isinstance(name_or_bytes, str) else name_or_bytes
    if changes:
        data = json.dumps({**json.loads(data), **changes}).encode()
    services.ingest_document(feed, data)


def g2_item(feed) -> WireItem:
    ingest(feed, "newsml_g2_item.xml")
    return WireItem.objects.get(agency_uri="urn:newsml:kbn.example:20250314:g2-0401")


def test_make_article_files_a_draft_prefilled_from_the_item(feed):
    item = g2_item(feed)
    user = factories.staff("penulis", "Penulis")
    made = services.make_article_from_item(item, user)
    assert made.created and made.earlier == ()
    assert made.article.owner == user
    article = ArticlePage.objects.get(pk=made.article.pk)
    assert not article.live
    assert article.title == "Nelayan Makassar keluhkan kelangkaan solar bersubsidi"
    assert article.summary == "Ratusan nelayan tidak melaut karena solar sulit didapat."
    assert article.dateline_place == "Makassar"
    assert article.section == feed.default_section
    assert list(article.sources.all()) == [feed.agency]
    assert [block.block_type for block in article.body] == [
        "paragraph",
        "paragraph",
        "subheading",
        "paragraph",
        "paragraph",
    ]
    assert article.body[0].value.source.startswith("<p>Ratusan nelayan di Makassar")
    assert article.body[2].value == "Pasokan ditambah"
    assert "<i>pekan depan</i>" in article.body[3].value.source
    credit = site_text("Wire byline: %(byline)s (%(agency)s)", byline="Andi Baso", agency="Kantor Berita Nusantara")
    assert article.body[4].value.source == f"<p><i>{credit}</i></p>"
    assert article.latest_revision.user == user
    item.refresh_from_db()
    assert item.article_id == article.pk
    assert WireArticle.objects.get(article=article).item == item


def test_make_article_files_it_in_a_chosen_section_instead_of_the_default(feed):
    item = g2_item(feed)
    economy = factories.section("Ekonomi")
    made = services.make_article_from_item(item, None, economy)
    assert ArticlePage.objects.get(pk=made.article.pk).section == economy


def test_making_a_second_article_returns_the_first_with_a_flag_unless_confirmed(feed):
    item = g2_item(feed)
    first = services.make_article_from_item(item, None)
    again = services.make_article_from_item(item, None)
    assert not again.created and again.article.pk == first.article.pk
    assert ArticlePage.objects.count() == 1
    another = services.make_article_from_item(item, None, allow_another=True)
    assert another.created and another.earlier == (first.article,)
    assert ArticlePage.objects.count() == 2
    item.refresh_from_db()
    assert item.article_id == first.article.pk  # the first one stays the item's article


def test_a_feed_without_default_section_needs_a_section_chosen():
    feed = make_feed()
    item = g2_item(feed)
    with pytest.raises(ValueError, match=re.escape(site_text("Choose a section: the feed has no default section."))):
        services.make_article_from_item(item, None)


def test_a_body_with_lists_quotes_and_bare_text_becomes_blocks(feed):
    ingest(
        feed,
        "ninjs3_text.json",
        bodies=[
            {
                "contentType": "text/html",
                "value": "<p>Pembuka <strong>tebal</strong> dan <a href='https://kbn.example/x'>tautan</a>.</p>"
                "<ul><li>Satu</li><li>Dua</li></ul><blockquote><p>Kami siap.</p></blockquote>",
            }
        ],
        by="",
    )
    made = services.make_article_from_item(WireItem.objects.get(), None)
    body = ArticlePage.objects.get(pk=made.article.pk).body
    assert [b.block_type for b in body] == ["paragraph", "paragraph", "paragraph", "quote"]
    assert body[0].value.source == '<p>Pembuka <b>tebal</b> dan <a href="https://kbn.example/x">tautan</a>.</p>'
    assert body[1].value.source == "<p>Satu</p>"
    assert body[3].value["text"] == "Kami siap."


def test_an_embargoed_item_makes_an_article_scheduled_for_the_embargo(feed):
    embargo = timezone.now().replace(microsecond=250) + dt.timedelta(hours=3)
    ingest(feed, "ninjs3_text.json", embargoedUntil=embargo.isoformat())
    made = services.make_article_from_item(WireItem.objects.get(), None)
    article = ArticlePage.objects.get(pk=made.article.pk)
    rounded_up = embargo.replace(microsecond=0) + dt.timedelta(seconds=1)
    assert article.go_live_at == rounded_up
    article_services.publish_article(article)
    article.refresh_from_db()
    assert not article.live  # scheduled by Wagtail, not published
    assert article.latest_revision.approved_go_live_at == rounded_up


def test_no_publishing_path_puts_an_embargoed_article_live_early(feed):
    """A workflow approval publishes the latest revision directly, without the edit view's checks."""
    article, embargo = embargoed_article(feed)
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.go_live_at = None  # an editor cleared the go-live time
    revision = draft.save_revision()
    revision.publish()
    article.refresh_from_db()
    assert not article.live
    assert article.first_published_at is None
    assert revision.__class__.objects.get(pk=revision.pk).approved_go_live_at == embargo


# --- admin: "Buat artikel" ------------------------------------------------------------------


def test_make_article_button_makes_a_draft_and_opens_its_editor(client, feed, desk_rights):
    item = g2_item(feed)
    client.force_login(factories.staff("penulis", "Penulis"))
    response = client.post(reverse("wire_make_article", args=[item.pk]), {"section": feed.default_section_id})
    article = ArticlePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    editor = client.get(response["Location"])
    assert editor.status_code == 200
    assert site_text("Made from a wire item of %(agency)s:", agency="Kantor Berita Nusantara") in words(editor)
    assert reverse("wire_item", args=[item.pk]) in html(editor).links()


def test_make_article_needs_a_post(client, feed, desk_rights):
    item = g2_item(feed)
    client.force_login(factories.staff("penulis", "Penulis"))
    assert client.get(reverse("wire_make_article", args=[item.pk])).status_code == 405
    assert not ArticlePage.objects.exists()


def test_second_make_article_warns_with_a_link_and_needs_confirmation(client, feed, desk_rights):
    item = g2_item(feed)
    first = services.make_article_from_item(item, None).article
    client.force_login(factories.staff("redaktur", "Redaktur"))
    url = reverse("wire_make_article", args=[item.pk])
    response = client.post(url, {"section": feed.default_section_id}, follow=True)
    assert ArticlePage.objects.count() == 1
    page = html(response)
    first_edit = reverse("wagtailadmin_pages:edit", args=[first.pk])
    assert first_edit in page.links()
    assert site_text("An article was already made from this item:") in words(response)
    assert page.find("input", name="confirm_another") is not None
    confirmed = client.post(url, {"section": feed.default_section_id, "confirm_another": "on"})
    assert confirmed.status_code == 302
    assert ArticlePage.objects.count() == 2


# --- embargo --------------------------------------------------------------------------------


def edit_form_data(article: ArticlePage, **extra) -> dict:
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "dateline_place": article.dateline_place,
        "lead_image_caption": "",
        "lead_image_credit": "",
        "body-count": "0",
        "writers-TOTAL_FORMS": "0",
        "writers-INITIAL_FORMS": "0",
        "writers-MIN_NUM_FORMS": "0",
        "writers-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "sources": [str(s.pk) for s in article.sources.all()],
        "action-publish": "action-publish",
    }
    data.update(extra)
    return data


def refusal(embargo: dt.datetime) -> str:
    """The editor's message when publishing is refused for the embargo, as the site's language words it."""
    with translation.override(settings.LANGUAGE_CODE):
        until = date_format(timezone.localtime(embargo), "DATETIME_FORMAT")
    reason = site_text("Under embargo until %(until)s: it cannot be published before then.", until=until)
    message = site_text(
        "Not published. %(embargo)s Set “Go-live date/time” no earlier than the embargo, or wait.", embargo=reason
    )
    return " ".join(message.split())


def embargoed_article(feed, hours: float = 3) -> tuple[ArticlePage, dt.datetime]:
    # On a whole minute, as the editor's go-live field has no seconds.
    embargo = (timezone.now() + dt.timedelta(hours=hours)).replace(second=0, microsecond=0)
    ingest(feed, "ninjs3_text.json", embargoedUntil=embargo.isoformat())
    return services.make_article_from_item(WireItem.objects.get(), None).article, embargo


def test_publishing_before_the_embargo_is_refused_with_a_clear_message(client, feed, desk_rights):
    article, embargo = embargoed_article(feed)
    client.force_login(factories.staff("redaktur", "Redaktur"))
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = client.post(url, edit_form_data(article, go_live_at=""), follow=True)
    assert response.status_code == 200
    assert refusal(embargo) in words(response)
    article.refresh_from_db()
    assert not article.live and article.first_published_at is None


def test_publishing_scheduled_at_the_embargo_is_allowed_and_waits_for_it(client, feed, desk_rights):
    article, embargo = embargoed_article(feed)
    client.force_login(factories.staff("redaktur", "Redaktur"))
    local = timezone.localtime(embargo).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]), edit_form_data(article, go_live_at=local), follow=True
    )
    assert refusal(embargo) not in words(response)
    article.refresh_from_db()
    assert not article.live
    assert article.latest_revision.approved_go_live_at == embargo


def test_an_article_can_be_published_once_the_embargo_has_passed(client, feed, desk_rights):
    article, _embargo = embargoed_article(feed, hours=3)
    WireItem.objects.update(embargoed_until=timezone.now() - dt.timedelta(minutes=1))
    ArticlePage.objects.filter(pk=article.pk).update(embargoed_until=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(factories.staff("redaktur", "Redaktur"))
    client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), edit_form_data(article, go_live_at=""))
    article.refresh_from_db()
    assert article.live


# --- kills ----------------------------------------------------------------------------------


def test_a_kill_after_an_article_was_made_flags_it_on_its_editor_the_desk_and_the_dashboard(client, feed, desk_rights):
    ingest(feed, "ninjs3_text.json")
    article = services.make_article_from_item(WireItem.objects.get(), None).article
    ingest(feed, "ninjs3_text.json", version="6", pubStatus="canceled", edNote="Dibatalkan: data keliru.")
    client.force_login(factories.staff("redaktur", "Redaktur"))

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert site_text("KILLED BY THE AGENCY.") in editor
    desk = client.get(reverse("wire_desk"))
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in html(desk).links()
    assert site_text("KILLED") in html(desk).find("tr", cls="wire-killed").text
    dashboard = html(client.get(reverse("wagtailadmin_home")))
    panel = dashboard.find("section", cls="wire-killed-panel")
    assert panel is not None and article.title in panel.text


def test_an_article_from_a_live_item_is_not_flagged(client, feed, desk_rights):
    ingest(feed, "ninjs3_text.json")
    article = services.make_article_from_item(WireItem.objects.get(), None).article
    client.force_login(factories.staff("redaktur", "Redaktur"))
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert site_text("KILLED BY THE AGENCY.") not in editor
    assert html(client.get(reverse("wagtailadmin_home"))).find("section", cls="wire-killed-panel") is None
