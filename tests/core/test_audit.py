"""The audit trail: staff logins (with their address) and permission changes, listed, filtered and exported."""

from __future__ import annotations

import csv
import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import translation
from wagtail.log_actions import LogContext
from wagtail.models import GroupPagePermission, ModelLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from kabar.core.audit import PERMISSIONS_CHANGED, STAFF_LOGIN, STAFF_LOGIN_FAILED
from kabar.newsroom.services import ADMINS, EDITORS, WRITERS
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked by their English msgids, whatever the default language's catalog says."""
    with translation.override("en"):
        yield


def entries(action: str, user: User | Group | None = None):
    found = ModelLogEntry.objects.filter(action=action)
    if user is not None:
        found = found.filter(object_id=str(user.pk))
    return found.order_by("pk")


def log_in(client, username: str, password: str = factories.STAFF_PASSWORD, **headers: str):
    """Through the site's one login (allauth's, by e-mail address), where staff log in."""
    user = User.objects.filter(username=username).first()
    if user is not None and not EmailAddress.objects.filter(user=user).exists():
        # Verified, as after the account's first login: the audit is about the login, not the verification.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    email = user.email if user is not None else f"{username}@example.com"
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def test_a_staff_login_is_logged_with_its_address(client):
    editor = factories.staff("redaktur", EDITORS)
    assert log_in(client, "redaktur", REMOTE_ADDR="203.0.113.7").status_code == 302
    [entry] = entries(STAFF_LOGIN, editor)
    assert entry.user == editor
    assert entry.data == {"ip": "203.0.113.7"}
    assert entry.message == "Logged in from 203.0.113.7"


def test_a_failed_login_to_a_staff_account_is_logged_with_its_address(client):
    editor = factories.staff("redaktur", EDITORS)
    assert log_in(client, "redaktur", "salah", REMOTE_ADDR="198.51.100.23").status_code == 200
    [entry] = entries(STAFF_LOGIN_FAILED, editor)
    assert entry.user is None
    assert entry.data["ip"] == "198.51.100.23"
    assert entry.message == "Failed login from 198.51.100.23"
    assert not entries(STAFF_LOGIN).exists()


def test_failed_logins_for_unknown_names_and_reader_accounts_stay_out_of_the_audit_log(client):
    User.objects.create_user("pembaca", "pembaca@example.com", "kata-sandi-pembaca-1")
    log_in(client, "tidak-ada", "salah")
    log_in(client, "pembaca", "salah")
    assert not entries(STAFF_LOGIN_FAILED).exists()


def test_behind_a_trusted_proxy_the_address_it_saw_is_logged(client, settings):
    settings.KABAR_FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    editor = factories.staff("redaktur", EDITORS)
    log_in(client, "redaktur", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.44")
    client.post(reverse("account_logout"))  # a logged-in account is not logged in again
    # Anyone else claiming to be a proxy is not believed.
    log_in(client, "redaktur", REMOTE_ADDR="192.0.2.99", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert [entry.data["ip"] for entry in entries(STAFF_LOGIN, editor)] == ["192.0.2.44", "192.0.2.99"]


def test_group_membership_changed_in_the_admin_is_logged_with_who_changed_it(client):
    admin = factories.staff("admin", ADMINS)
    writer = factories.staff("penulis", WRITERS)
    client.force_login(admin)
    url = reverse("wagtailusers_users:edit", args=[writer.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    data.update({"first_name": "Pen", "last_name": "Ulis"})
    data.setlist("groups", [str(Group.objects.get(name=EDITORS).pk)])
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(writer.groups.values_list("name", flat=True)) == {EDITORS}

    changes = list(entries(PERMISSIONS_CHANGED, writer).filter(user=admin))
    assert {key: value for entry in changes for key, value in entry.data.items()} == {
        "groups_added": [EDITORS],
        "groups_removed": [WRITERS],
    }
    assert any("groups added: Redaktur" in entry.message for entry in changes)


def test_permissions_given_to_and_taken_from_groups_and_users_are_logged():
    admin = factories.staff("root", None, superuser=True)
    group = Group.objects.get(name=EDITORS)
    user = factories.staff("redaktur", EDITORS)
    permission = Permission.objects.get(content_type__app_label="wire", codename="add_wirefeed")
    with LogContext(user=admin):
        group.permissions.add(permission)
        user.user_permissions.add(permission)
        group.permissions.remove(permission)
        GroupPagePermission.objects.create(
            group=group,
            page=factories.section("Ekonomi"),
            permission=Permission.objects.get(codename="bulk_delete_page"),
        )
    [added, removed, page_right] = entries(PERMISSIONS_CHANGED, group).filter(user=admin)
    assert added.data == {"permissions_added": ["wire.add_wirefeed"]}
    assert removed.data == {"permissions_removed": ["wire.add_wirefeed"]}
    assert page_right.data == {"permissions_added": ["wagtailcore.bulk_delete_page @ Ekonomi"]}
    assert entries(PERMISSIONS_CHANGED, user).get(user=admin).data == {"permissions_added": ["wire.add_wirefeed"]}


def test_site_history_lists_and_filters_the_audit_actions_by_their_labels(client):
    factories.staff("redaktur", EDITORS)
    log_in(client, "redaktur", "salah", REMOTE_ADDR="198.51.100.23")
    client.force_login(factories.in_english(factories.staff("root", None, superuser=True)))
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Failed login from 198.51.100.23" in history
    assert "Staff login failed" in history  # the label, in the action filter
    filtered = client.get(reverse("wagtailadmin_reports:site_history"), {"action": STAFF_LOGIN_FAILED})
    assert "Failed login from 198.51.100.23" in filtered.content.decode()
    other = client.get(reverse("wagtailadmin_reports:site_history"), {"action": "wagtail.publish"})
    assert "Failed login from" not in other.content.decode()


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_site_history_exports_the_audit_actions_as_csv(client):
    editor = factories.staff("redaktur", EDITORS)
    log_in(client, "redaktur", "salah", REMOTE_ADDR="198.51.100.23")
    client.force_login(factories.in_english(factories.staff("root", None, superuser=True)))
    response = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    assert response.status_code == 200
    rows = [row for row in csv_rows(response) if row["Action type"] == "Staff login failed"]
    assert [(row["Name"], row["ID"]) for row in rows] == [("redaktur", str(editor.pk))]


def test_the_audit_trail_exports_each_entrys_details_too(client):
    factories.staff("redaktur", EDITORS)
    log_in(client, "redaktur", "salah", REMOTE_ADDR="198.51.100.23")
    client.force_login(factories.in_english(factories.staff("admin", ADMINS)))
    page = client.get(reverse("kabar_audit_trail"))
    assert page.status_code == 200
    assert "Failed login from 198.51.100.23" in page.content.decode()
    response = client.get(reverse("kabar_audit_trail"), {"export": "csv", "action": STAFF_LOGIN_FAILED})
    [row] = csv_rows(response)
    assert row["Action type"] == "Staff login failed"
    assert row["Details"] == "Failed login from 198.51.100.23"
    assert row["Name"] == "redaktur"


def test_editors_and_writers_do_not_see_the_audit_trail(client):
    for username, group in (("redaktur", EDITORS), ("penulis", WRITERS)):
        client.force_login(factories.staff(username, group))
        response = client.get(reverse("kabar_audit_trail"))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
