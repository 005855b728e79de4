"""The newsroom's side of the subscribers: Redaktur and Admin manage the lists; only Admin sees who
subscribed (readers' personal data) and suppresses an address by hand; nobody edits a reader's consent."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from kabar.newsletters.models import NewsletterList, Suppression
from tests import factories
from tests.newsletters import lists

pytestmark = pytest.mark.django_db


def signed_in(client, group: str | None):
    client.force_login(factories.in_english(factories.staff(f"staf-{(group or 'penulis').lower()}", group)))
    return client


def test_an_editor_adds_a_list_with_its_own_sender_and_daily_time(client):
    signed_in(client, "Redaktur")
    nasional = factories.section("Nasional")
    response = client.post(
        "/admin/newsletter_lists/new/",
        {
            "name": "Nawala Nasional",
            "slug": "nawala-nasional",
            "description": "Berita Nasional pilihan, tiap sore.",
            "kind": "section",
            "section": nasional.pk,
            "frequency": "daily",
            "send_time": "17:00",
            "sender_name": "Redaksi Nasional",
            "sender_email": "nasional@kabar.example",
            "is_active": "on",
            "position": "3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    letter = NewsletterList.objects.get()
    assert (letter.section_id, str(letter.send_time), letter.sender_email) == (
        nasional.pk,
        "17:00:00",
        "nasional@kabar.example",
    )
    assert "Nawala Nasional" in client.get("/admin/newsletter_lists/").content.decode()


def test_an_editor_sees_no_subscriber_and_no_suppressed_address(client):
    lists.subscription(lists.digest(), "pembaca-rahasia@contoh.id")
    signed_in(client, "Redaktur")
    for path in ("/admin/newsletter_subscriptions/", "/admin/newsletter_suppressions/"):
        response = client.get(path)
        assert response.status_code in (302, 403)
        assert b"pembaca-rahasia@contoh.id" not in response.content


def test_a_writer_cannot_manage_lists(client):
    signed_in(client, "Penulis")
    response = client.get("/admin/newsletter_lists/new/")
    assert response.status_code in (302, 403)


def test_an_admin_sees_subscribers_with_their_consent_but_cannot_change_it(client):
    subscription = lists.subscription(
        lists.digest(), "budi@contoh.id", consent_source="article", consent_text="Saya mau menerima nawala."
    )
    signed_in(client, "Admin")
    listing = client.get("/admin/newsletter_subscriptions/")
    assert listing.status_code == 200 and b"budi@contoh.id" in listing.content
    inspect = client.get(f"/admin/newsletter_subscriptions/inspect/{subscription.pk}/")
    assert inspect.status_code == 200 and "Saya mau menerima nawala." in inspect.content.decode()
    for path in (
        "/admin/newsletter_subscriptions/new/",
        f"/admin/newsletter_subscriptions/edit/{subscription.pk}/",
        f"/admin/newsletter_subscriptions/delete/{subscription.pk}/",
    ):
        assert client.post(path, {"status": "unsubscribed"}).status_code in (302, 403)
    subscription.refresh_from_db()
    assert subscription.status == "active"


def test_an_admin_suppresses_an_address_by_hand_and_it_is_mailed_no_more(client):
    from kabar.newsletters import queries

    digest = lists.digest()
    lists.subscription(digest, "minta-berhenti@contoh.id")
    signed_in(client, "Admin")
    response = client.post(
        "/admin/newsletter_suppressions/new/",
        {"email": "minta-berhenti@contoh.id", "reason": "manual", "detail": "Minta lewat telepon."},
    )
    assert response.status_code == 302
    assert Suppression.objects.get().reason == "manual"
    assert list(queries.recipients(digest)) == []


def test_the_roles_get_the_lists_and_only_admin_the_subscribers():
    def rights(name: str) -> set[str]:
        group = Group.objects.get(name=name)
        return set(group.permissions.filter(content_type__app_label="newsletters").values_list("codename", flat=True))

    assert {"add_newsletterlist", "change_newsletterlist", "view_newsletterlist"} <= rights("Redaktur")
    assert not {"view_subscription", "view_suppression"} & rights("Redaktur")
    assert {"view_subscription", "add_suppression", "delete_suppression"} <= rights("Admin")
