"""The wire desk's admin screens: who sees what, and what the list, filters and item pages show."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kabar.wire import services
from kabar.wire.models import WireFeed, WireItem
from tests import factories
from tests.parsing import html
from tests.wire.conftest import fixture_bytes, make_feed, site_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(desk_rights):
    """Two agencies' feeds with items in Indonesian and English, at different urgencies and times."""
    kbn = make_feed("KBN ninjs", default_section=factories.section("Nasional"))
    pws = make_feed("PWS Asia", agency="Pacific Wire Service")
    services.ingest_document(kbn, fixture_bytes("ninjs2_batch.json"))
    services.ingest_document(kbn, fixture_bytes("newsml_g2_item.xml"))
    services.ingest_document(pws, fixture_bytes("atom_pacific.xml"))
    old = WireItem.objects.get(agency_uri="urn:pws:story:88232")
    WireItem.objects.filter(pk=old.pk).update(first_seen_at=timezone.now() - dt.timedelta(days=3))
    return kbn, pws


def headlines(response) -> list[str]:
    assert response.status_code == 200
    table = html(response).find("table", cls="wire-items")
    return [row.find("a").text for row in table.find("tbody").find_all("tr") if row.find("a")]


def test_a_redaktur_sees_the_desk_with_every_item_newest_first(client, desk):
    client.force_login(factories.staff("redaktur", "Redaktur"))
    shown = headlines(client.get(reverse("wire_desk")))
    assert len(shown) == 5
    assert shown[-1] == "Philippine typhoon season outlook raised"


def test_the_desk_menu_item_is_shown_to_a_penulis(client, desk):
    client.force_login(factories.staff("penulis", "Penulis"))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wire_desk") in dashboard


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"urgency": "2"}, ["Nelayan Makassar keluhkan kelangkaan solar bersubsidi"]),
        ({"language": "en"}, ["Singapore central bank holds rates steady", "Indonesia's coffee exports rise 8 percent",
                              "Philippine typhoon season outlook raised"]),
        ({"since": "24h", "language": "en"}, ["Singapore central bank holds rates steady",
                                               "Indonesia's coffee exports rise 8 percent"]),
        ({"q": "banjir"}, ["Banjir di Bekasi mulai surut, 1.200 warga kembali ke rumah"]),
    ],
)  # fmt: skip
def test_the_desk_filters_by_urgency_language_time_and_words(client, desk, params, expected):
    client.force_login(factories.staff("redaktur", "Redaktur"))
    assert sorted(headlines(client.get(reverse("wire_desk"), params))) == sorted(expected)


def test_the_desk_filters_by_agency(client, desk):
    _kbn, pws = desk
    client.force_login(factories.staff("redaktur", "Redaktur"))
    shown = headlines(client.get(reverse("wire_desk"), {"agency": pws.agency_id}))
    assert sorted(shown) == ["Philippine typhoon season outlook raised", "Singapore central bank holds rates steady"]


def test_an_item_page_shows_body_versions_photos_subjects_and_the_make_article_form(client, desk):
    kbn, _pws = desk
    item = WireItem.objects.get(agency_uri="urn:kbn:ninjs:2025-0314-0201")
    client.force_login(factories.staff("redaktur", "Redaktur"))
    response = client.get(reverse("wire_item", args=[item.pk]))
    assert response.status_code == 200
    page = html(response)
    assert "Banjir yang merendam tujuh kelurahan" in page.find("div", cls="wire-body").text
    assert "https://img.kbn.example/banjir-2400.jpg" in page.links()
    assert "Banjir" in page.find("dl", cls="wire-meta").text
    assert len(page.find("table", cls="wire-versions").find("tbody").find_all("tr")) == 1
    form = page.find("form", method="post")
    assert form.attrs["action"] == reverse("wire_make_article", args=[item.pk])
    assert form.find("input", name="csrfmiddlewaretoken") is not None
    selected = form.find("option", selected="")
    assert selected is not None and selected.attrs["value"] == str(kbn.default_section_id)


def test_an_item_page_shows_kill_and_embargo_state(client, desk):
    kbn, _pws = desk
    services.ingest_document(kbn, fixture_bytes("newsml_g2_message.xml"))
    client.force_login(factories.staff("redaktur", "Redaktur"))
    killed = WireItem.objects.get(agency_uri="urn:newsml:kbn.example:20250313:g2-0390")
    page = html(client.get(reverse("wire_item", args=[killed.pk])))
    kill_notice = " ".join(page.find("div", cls="wire-kill").text.split())
    assert site_text("KILLED: the agency has withdrawn this item. Do not use it.") in kill_notice
    assert "kesalahan identitas narasumber" in kill_notice
    embargoed = WireItem.objects.get(agency_uri="urn:newsml:kbn.example:20250314:g2-0501")
    WireItem.objects.filter(pk=embargoed.pk).update(embargoed_until=timezone.now() + dt.timedelta(hours=2))
    page = html(client.get(reverse("wire_item", args=[embargoed.pk])))
    assert page.find("div", cls="wire-embargo") is not None


def test_a_missing_item_is_404(client, desk):
    client.force_login(factories.staff("redaktur", "Redaktur"))
    assert client.get(reverse("wire_item", args=[999_999])).status_code == 404


def test_staff_without_the_desk_right_are_turned_away(client, desk):
    user = factories.staff("tamu", None)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("wire_desk"))["Location"] == reverse("wagtailadmin_home")
    item = WireItem.objects.first()
    assert (
        client.post(reverse("wire_make_article", args=[item.pk]), {"section": desk[0].default_section_id}).status_code
        == 302
    )
    assert not item.made_articles.exists()


# --- feed management ------------------------------------------------------------------------


def test_feed_management_is_refused_for_a_penulis_and_a_redaktur(client, desk):
    for username, group in (("penulis", "Penulis"), ("redaktur", "Redaktur")):
        client.force_login(factories.staff(username, group))
        response = client.get(reverse("wire_feeds:index"))
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
        assert client.get(reverse("wire_feeds:add")).status_code == 302


def test_an_admin_sees_each_feed_with_its_last_success_last_error_and_item_count(client, desk):
    _kbn, pws = desk
    WireFeed.objects.filter(pk=pws.pk).update(
        last_error="HTTP 503 from pws.example", last_error_at=timezone.now(), consecutive_failures=2
    )
    client.force_login(factories.staff("admin", "Admin"))
    response = client.get(reverse("wire_feeds:index"))
    assert response.status_code == 200
    listing = html(response).find("table", cls="listing").find("tbody")
    rows = {row.find("a").text.strip(): row.text for row in listing.find_all("tr")}
    assert "HTTP 503 from pws.example" in rows["PWS Asia"]
    assert "3" in rows["KBN ninjs"].split()  # 2 ninjs items + 1 NewsML-G2 item


def test_an_admin_adds_a_feed_and_a_url_feed_without_an_http_url_is_refused(client, desk):
    kbn, _pws = desk
    client.force_login(factories.staff("admin", "Admin"))
    base = {
        "name": "Antara",
        "agency": kbn.agency_id,
        "kind": "rss",
        "url": "ftp://antara.example/rss",
        "folder_path": "",
        "auth_kind": "none",
        "poll_interval_seconds": "300",
        "language": "id",
        "enabled": "on",
        "api_key_header": "X-API-Key",
    }
    refused = client.post(reverse("wire_feeds:add"), base)
    assert refused.status_code == 200 and not WireFeed.objects.filter(name="Antara").exists()
    accepted = client.post(reverse("wire_feeds:add"), {**base, "url": "https://antara.example/rss"})
    assert accepted.status_code == 302
    assert WireFeed.objects.get(name="Antara").url == "https://antara.example/rss"


def test_the_feed_inspect_page_does_not_show_credentials(client, desk):
    kbn, _pws = desk
    WireFeed.objects.filter(pk=kbn.pk).update(auth_kind="bearer", token="rahasia-token-kbn-123")
    client.force_login(factories.staff("admin", "Admin"))
    inspect = client.get(reverse("wire_feeds:inspect", args=[kbn.pk]))
    assert inspect.status_code == 200
    assert "rahasia-token-kbn-123" not in inspect.content.decode()


def test_make_article_refuses_a_post_without_the_csrf_token(desk):
    item = WireItem.objects.first()
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.staff("redaktur", "Redaktur"))
    response = client.post(reverse("wire_make_article", args=[item.pk]), {"section": desk[0].default_section_id})
    assert response.status_code == 403
    assert not item.made_articles.exists()


def test_the_desk_search_combines_with_the_agency_and_urgency_filters(client, desk):
    kbn, pws = desk
    client.force_login(factories.staff("redaktur", "Redaktur"))
    assert headlines(client.get(reverse("wire_desk"), {"q": "nelayan", "agency": kbn.agency_id, "urgency": "3"})) == [
        "Nelayan Makassar keluhkan kelangkaan solar bersubsidi"
    ]
    assert headlines(client.get(reverse("wire_desk"), {"q": "nelayan", "agency": pws.agency_id})) == []
