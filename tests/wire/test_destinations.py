"""Other desks the wire desk sends an item to (kabar_wire_destinations): one small form per destination on
the item's page, a copy of the item handed to it, refused targets, and the audit trail.

The destination is registered in the test itself, so the wire desk is proved without the live desk."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import ModelLogEntry

from kabar.core import hooks as kabar_hooks
from kabar.wire import services
from kabar.wire.models import WireItem
from tests import factories
from tests.parsing import html
from tests.wire.conftest import fixture_bytes, make_feed, site_text, words

pytestmark = pytest.mark.django_db

TARGETS = [("41", "Gempa Sulawesi"), ("42", "Banjir Jakarta")]


@dataclass
class Desk:
    """A stand-in desk: Redaktur may send to its two reports, nobody else to any."""

    label: str = "Kirim ke meja uji"
    taken: list[tuple[kabar_hooks.WireCopy, str, object]] = field(default_factory=list)

    def choices(self, user: object) -> list[tuple[str, str]]:
        return list(TARGETS) if user.groups.filter(name="Redaktur").exists() else []

    def take(self, copy: kabar_hooks.WireCopy, target_id: str, user: object) -> str:
        self.taken.append((copy, target_id, user))
        return f"/admin/live/{target_id}/draft/{len(self.taken)}/"

    def destination(self) -> kabar_hooks.WireDestination:
        return kabar_hooks.WireDestination(label=self.label, choices=self.choices, take=self.take)


@pytest.fixture
def desk() -> Iterator[Desk]:
    desk = Desk()
    with hooks.register_temporarily(kabar_hooks.WIRE_DESTINATIONS, lambda: [desk.destination()]):
        yield desk


@pytest.fixture
def feed():
    return make_feed(default_section=factories.section("Nasional"))


def text_item(feed, **changes: object) -> WireItem:
    data = fixture_bytes("ninjs3_text.json")
    if changes:
        data = json.dumps({**json.loads(data), **changes}).encode()
    services.ingest_document(feed, data)
    return WireItem.objects.get()


def ours() -> str:
    """Our destination's place among those registered (the live desk's, when installed, is another)."""
    labels = [destination.label for destination in services.wire_destinations()]
    return str(labels.index(Desk.label))


def send(client, item: WireItem, target: str = "42", destination: str | None = None):
    destination = ours() if destination is None else destination
    return client.post(reverse("wire_send_item", args=[item.pk]), {"destination": destination, "target": target})


def test_the_item_page_has_a_form_per_destination_with_the_targets_the_user_may_choose(client, feed, desk, desk_rights):
    item = text_item(feed)
    client.force_login(factories.staff("redaktur", "Redaktur"))

    page = html(client.get(reverse("wire_item", args=[item.pk])))

    [form] = page.find_all("form", data_wire_destination=ours())
    assert form.attrs["action"] == reverse("wire_send_item", args=[item.pk])
    assert "Kirim ke meja uji:" in " ".join(form.text.split())
    assert [(o.attrs["value"], o.text) for o in form.find_all("option")] == TARGETS


def test_a_user_with_no_target_sees_no_form(client, feed, desk, desk_rights):
    item = text_item(feed)
    client.force_login(factories.staff("penulis", "Penulis"))

    response = client.get(reverse("wire_item", args=[item.pk]))

    assert response.status_code == 200
    assert html(response).find_all("form", data_wire_destination=ours()) == []


def test_sending_hands_the_destination_a_copy_and_goes_where_it_says(client, feed, desk, desk_rights):
    item = text_item(feed, uri="urn:kbn:copy-1")
    redaktur = factories.staff("redaktur", "Redaktur")
    client.force_login(redaktur)

    response = send(client, item, target="42")

    assert response.status_code == 302
    assert response["Location"] == "/admin/live/42/draft/1/"
    [(copy, target, user)] = desk.taken
    assert (target, user) == ("42", redaktur)
    assert copy.item_id == item.pk
    assert copy.agency == "Kantor Berita Nusantara"
    assert copy.headline == item.headline
    assert copy.received_at == item.first_seen_at
    assert copy.source_url == item.link
    body = html(copy.body_html)
    paragraphs = [" ".join(p.text.split()) for p in body.find_all("p")]
    assert paragraphs and all(paragraphs)
    # Paragraphs only, nothing the agency sent that a rich-text field would not take.
    assert {element.tag for element in body.iter()} <= {"p", "b", "i", "a", "sup", "sub", "s"}
    assert paragraphs[0] in " ".join(html(item.body_html).text.split())


def test_sending_is_in_the_audit_trail(client, feed, desk, desk_rights):
    item = text_item(feed)
    redaktur = factories.staff("redaktur", "Redaktur")
    client.force_login(redaktur)

    send(client, item, target="41")

    [entry] = ModelLogEntry.objects.filter(action=services.ITEM_SENT)
    assert (entry.object_id, entry.user) == (str(item.pk), redaktur)
    assert entry.data["target_name"] == "Gempa Sulawesi"
    assert entry.data["url"] == "/admin/live/41/draft/1/"
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    assert "Gempa Sulawesi" in words(history)


def test_a_target_not_offered_to_the_user_is_refused(client, feed, desk, desk_rights):
    item = text_item(feed)
    client.force_login(factories.staff("redaktur", "Redaktur"))

    response = send(client, item, target="99")

    assert response["Location"] == reverse("wire_item", args=[item.pk])
    assert desk.taken == []
    assert site_text("Choose one of the listed targets.") in words(client.get(response["Location"]))


def test_a_writer_cannot_send_to_a_target_they_are_not_offered(client, feed, desk, desk_rights):
    item = text_item(feed)
    client.force_login(factories.staff("penulis", "Penulis"))

    send(client, item, target="41")

    assert desk.taken == []


def test_an_unknown_destination_is_refused(client, feed, desk, desk_rights):
    item = text_item(feed)
    client.force_login(factories.staff("redaktur", "Redaktur"))

    for destination in [str(len(services.wire_destinations())), "x", "", "9" * 40]:
        response = send(client, item, destination=destination)
        assert response["Location"] == reverse("wire_item", args=[item.pk])
    assert desk.taken == []


def test_sending_needs_the_desk_and_a_post(client, feed, desk, desk_rights):
    item = text_item(feed)
    client.force_login(factories.staff("redaktur", "Redaktur"))
    assert client.get(reverse("wire_send_item", args=[item.pk])).status_code == 405

    client.force_login(factories.staff("reader-like", None))
    assert send(client, item).status_code in {302, 403}
    assert desk.taken == []


def test_a_killed_item_goes_nowhere(client, feed, desk, desk_rights):
    item = text_item(feed)
    WireItem.objects.filter(pk=item.pk).update(killed_at=timezone.now())
    client.force_login(factories.staff("redaktur", "Redaktur"))

    assert html(client.get(reverse("wire_item", args=[item.pk]))).find_all("form", data_wire_destination=ours()) == []
    response = send(client, item)

    assert desk.taken == []
    assert site_text("The agency has withdrawn this item: it cannot be used.") in words(
        client.get(response["Location"])
    )


def test_an_embargoed_item_waits_for_its_embargo(client, feed, desk, desk_rights):
    embargo = timezone.now() + dt.timedelta(hours=2)
    item = text_item(feed, embargoedUntil=embargo.isoformat())
    client.force_login(factories.staff("redaktur", "Redaktur"))

    send(client, item)

    assert desk.taken == []
    WireItem.objects.filter(pk=item.pk).update(embargoed_until=timezone.now() - dt.timedelta(minutes=1))
    assert send(client, item)["Location"] == "/admin/live/42/draft/1/"
