"""What readers get without asking: the bell in every page's header, /push/ explaining alerts and
the channels, the invitation and the service worker; all the same for every reader (cacheable)."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from kabar.alerts import queries
from kabar.core.models import PublicationSettings
from tests import factories
from tests.i18n import site_text
from tests.parsing import html

pytestmark = pytest.mark.django_db


def test_every_page_has_the_bell_linking_to_push_and_no_per_reader_token(client):
    article = factories.article("Cuaca ekstrem di Jawa")

    for url in ["/", article.dated_path()]:
        page = html(client.get(url))
        [bell] = page.find_all("a", cls="alerts-bell")
        assert bell.attrs["href"] == "/push/"
        assert site_text("Turn on notifications") in bell.text
        assert page.find_all("input", name="csrfmiddlewaretoken") == []
        assert any(s.attrs.get("src", "").endswith("alerts/alerts.js") for s in page.find_all("script"))


def test_push_page_explains_offers_every_topic_and_the_channels(client):
    factories.section("Nasional")
    factories.section("Tekno")
    publication = PublicationSettings.for_site(Site.objects.get(is_default_site=True))
    publication.whatsapp_channel_url = "https://whatsapp.com/channel/0029VaKabar"
    publication.telegram_channel_url = "https://t.me/kabarkini"
    publication.save()

    response = client.get("/push/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    page = html(response)
    offered = [box.attrs["value"] for box in page.find_all("input", name="topic")]
    assert offered == [topic.key for topic in queries.available_topics()]
    assert offered[:2] == ["breaking", "picks"] and len(offered) == 4
    links = page.links()
    assert "https://whatsapp.com/channel/0029VaKabar" in links and "https://t.me/kabarkini" in links
    assert site_text("Choose your favourite channel") in response.content.decode()
    # Without JavaScript the control stays hidden and a note says why.
    [control] = page.find_all("form", cls="alerts-control")
    assert "hidden" in control.attrs
    assert page.find_all("noscript")
    assert page.find_all("input", name="csrfmiddlewaretoken") == []


def test_the_invitation_is_a_fragment_shared_by_every_reader(client):
    response = client.get("/push/invite/")

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    [invite] = html(response).find_all("aside", cls="alerts-invite")
    assert invite.find_all("button")


def test_the_service_worker_may_control_the_whole_site(client):
    response = client.get("/push/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    for event in ("push", "notificationclick", "pushsubscriptionchange"):
        assert f'addEventListener("{event}"' in body
