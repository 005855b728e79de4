"""The preferences page, from the signed link in every mail, without logging in."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from kabar.newsletters import tokens
from kabar.newsletters.models import Subscription, Suppression
from tests import factories
from tests.newsletters import lists

# The clock stands at lists.NOW (tests/newsletters/conftest.py); tests move it with clock.shift.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def letters():
    return lists.digest(), lists.section_letter(factories.section("Nasional"))


def preferences_path(email: str) -> str:
    return urlsplit(tokens.preferences_url(email)).path


def statuses(email: str) -> dict[str, str]:
    return dict(Subscription.objects.filter(email=email).values_list("newsletter__slug", "status"))


def test_a_reader_changes_their_lists_from_the_link_without_logging_in(client, letters):
    digest, nasional = letters
    lists.subscription(digest, "budi@contoh.id")
    path = preferences_path("Budi@Contoh.id")
    page = client.get(path)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    html = page.content.decode()
    assert "budi@contoh.id" in html
    assert "checked" in html.split("Kabar Pagi")[0].rsplit("<label", 1)[1]
    assert "checked" not in html.split("Nawala Nasional")[0].rsplit("<label", 1)[1]

    client.post(path, {"lists": [nasional.pk]}, REMOTE_ADDR="198.51.100.8")
    assert statuses("budi@contoh.id") == {"kabar-pagi": "unsubscribed", "rubrik-nasional": "active"}
    added = Subscription.objects.get(newsletter=nasional)
    assert (added.consent_source, added.consent_at, added.confirmed_at, added.consent_ip) == (
        "preferences",
        lists.NOW,
        lists.NOW,
        "198.51.100.8",
    )
    assert added.consent_text


def test_unsubscribe_from_all_leaves_every_list_at_once(client, letters):
    digest, nasional = letters
    lists.subscription(digest, "budi@contoh.id")
    lists.subscription(nasional, "budi@contoh.id")
    client.post(preferences_path("budi@contoh.id"), {"unsubscribe_all": "1"})
    assert set(statuses("budi@contoh.id").values()) == {"unsubscribed"}


def test_a_preferences_link_works_only_for_its_address_and_expires(client, clock, letters):
    digest, _nasional = letters
    lists.subscription(digest, "budi@contoh.id")
    token = tokens.preferences_token("budi@contoh.id")
    assert client.get(f"/nawala/atur/{token[:-3]}abc/").status_code == 404
    # Another kind of signed link is no preferences link.
    unsubscribe = tokens.unsubscribe_token(Subscription.objects.get())
    assert client.get(f"/nawala/atur/{unsubscribe}/").status_code == 404
    clock.shift(dt.timedelta(days=366))
    assert client.post(f"/nawala/atur/{token}/", {"unsubscribe_all": "1"}).status_code == 404
    assert statuses("budi@contoh.id") == {"kabar-pagi": "active"}


def test_a_suppressed_address_is_told_why_and_gets_nothing_new_from_its_preferences(client, letters):
    digest, nasional = letters
    lists.subscription(digest, "mental@contoh.id")
    Suppression.objects.create(email="mental@contoh.id", reason=Suppression.Reason.BOUNCE)
    path = preferences_path("mental@contoh.id")
    assert b"nawala-form__error" in client.get(path).content
    client.post(path, {"lists": [nasional.pk]})
    assert statuses("mental@contoh.id") == {"kabar-pagi": "unsubscribed"}


def test_a_members_letter_is_offered_on_the_link_only_to_an_address_already_on_it(client, letters):
    plus = lists.members_letter()
    assert b"Surat Kabar+" not in client.get(preferences_path("budi@contoh.id")).content
    lists.subscription(plus, "ani@contoh.id")
    path = preferences_path("ani@contoh.id")
    assert b"Surat Kabar+" in client.get(path).content
    client.post(path, {"lists": []})
    assert statuses("ani@contoh.id") == {"kabar-plus": "unsubscribed"}
    # A forged choice of a list the page did not offer is refused.
    client.post(preferences_path("budi@contoh.id"), {"lists": [plus.pk]})
    assert statuses("budi@contoh.id") == {}
