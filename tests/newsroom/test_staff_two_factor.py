"""Two-factor login for staff: one login (allauth's) into the admin, required of Redaktur, Admin and superusers."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from kabar.comments.services import MODERATORS
from kabar.core.audit import STAFF_LOGIN
from kabar.newsroom.models import TwoFactorRequirement
from kabar.newsroom.security import has_two_factor, requires_two_factor, staff_mfa_deadline
from kabar.newsroom.services import ADMINS, EDITORS, WRITERS
from tests import factories
from tests.i18n import site_html
from tests.newsroom import staff as accounts
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db


def authenticated(client) -> bool:
    return client.get("/akun/status/").json()["authenticated"]


def past_grace(user, days: int = 8) -> None:
    """The requirement first applied `days` ago."""
    TwoFactorRequirement.objects.update_or_create(
        user=user, defaults={"required_since": timezone.now() - dt.timedelta(days=days)}
    )


# --- one login, with the second factor --------------------------------------------------------


def test_an_editor_with_an_authenticator_gets_into_the_admin_only_after_the_code(client):
    editor = accounts.staff("redaktur", EDITORS)
    secret = accounts.give_totp(editor)
    response = accounts.password_login(client, editor, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response["Location"].startswith("/akun/2fa/authenticate/")
    # The password alone opened nothing.
    assert not authenticated(client)
    assert client.get("/admin/").status_code == 302
    assert not ModelLogEntry.objects.filter(action=STAFF_LOGIN).exists()

    response = client.post("/akun/2fa/authenticate/", {"code": accounts.code_for(secret)}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # The staff login audit follows the allauth path, once the login is complete.
    [entry] = ModelLogEntry.objects.filter(action=STAFF_LOGIN, object_id=str(editor.pk))
    assert entry.data == {"ip": "203.0.113.9"}


def test_a_wrong_code_does_not_log_the_editor_in(client):
    editor = accounts.staff("redaktur", EDITORS)
    secret = accounts.give_totp(editor)
    accounts.password_login(client, editor)
    wrong = f"{(int(accounts.code_for(secret)) + 1) % 1_000_000:06d}"
    response = client.post("/akun/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert not authenticated(client)
    assert client.get("/admin/").status_code == 302


def test_the_admin_sends_anonymous_visitors_to_the_one_login(client):
    response = client.get("/admin/pages/", follow=True)
    first, *_ = response.redirect_chain
    assert first[0].startswith("/admin/login/")
    assert response.redirect_chain[-1][0] == "/akun/login/?next=/admin/pages/"
    assert response.status_code == 200


def test_the_admin_login_address_is_no_password_only_way_in(client):
    editor = accounts.staff("redaktur", EDITORS)
    accounts.give_totp(editor)
    for data in (
        {"username": "redaktur", "password": factories.STAFF_PASSWORD},
        {"login": editor.email, "password": factories.STAFF_PASSWORD},
    ):
        response = client.post("/admin/login/?next=/admin/", data)
        assert response.status_code == 302 and response["Location"].startswith("/akun/login/")
        assert not authenticated(client)
    # Wagtail's own password reset is off: resetting goes through allauth's, which still asks for the code.
    assert client.get("/admin/password_reset/").status_code == 404


def test_a_logged_in_editor_at_the_admin_login_address_goes_on_to_the_admin(client):
    client.force_login(accounts.staff("redaktur", EDITORS))
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    # Only this site's own addresses.
    assert client.get("/admin/login/?next=https://evil.example/").headers["Location"] == "/admin/"


def test_a_staff_address_not_yet_verified_is_verified_at_the_first_login(client):
    editor = factories.staff("redaktur-baru", EDITORS)
    response = accounts.password_login(client, editor)
    assert response.status_code == 302 and response["Location"] == "/akun/confirm-email/"
    assert not authenticated(client)
    [message] = mail.outbox
    assert message.to == [editor.email]
    link = readers.link_in(message.body, readers.CONFIRM_LINK)
    client.post(urlsplit(link).path)
    assert EmailAddress.objects.get(user=editor).verified


# --- who must, and the grace period -----------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "superuser", "required"),
    [
        (EDITORS, False, True),
        (ADMINS, False, True),
        (None, True, True),
        (WRITERS, False, False),
        (MODERATORS, False, False),
    ],
)
def test_two_factor_is_required_of_editors_admins_and_superusers_only(group, superuser, required):
    user = accounts.staff("staf", group, superuser=superuser)
    assert requires_two_factor(user) is required
    assert (staff_mfa_deadline(user) is not None) is required


def test_the_required_groups_are_a_setting(settings):
    settings.KABAR_STAFF_MFA_REQUIRED_GROUPS = [WRITERS]
    assert requires_two_factor(accounts.staff("penulis", WRITERS))
    assert not requires_two_factor(accounts.staff("redaktur", EDITORS))


def test_the_grace_period_counts_from_when_the_requirement_first_applied(settings):
    settings.KABAR_STAFF_MFA_GRACE_DAYS = 7
    editor = accounts.staff("redaktur", EDITORS)
    first_seen = timezone.now() - dt.timedelta(days=3)
    assert staff_mfa_deadline(editor, first_seen) == first_seen + dt.timedelta(days=7)
    # Later looks keep the first moment, also after leaving the group and coming back.
    editor.groups.clear()
    assert staff_mfa_deadline(editor) is None
    editor.groups.add(Group.objects.get(name=EDITORS))
    assert staff_mfa_deadline(editor) == first_seen + dt.timedelta(days=7)


def test_during_grace_the_admin_shows_a_banner_linking_to_the_enrol_page(client):
    editor = accounts.staff("redaktur", EDITORS)
    accounts.full_login(client, editor)
    page = client.get("/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    deadline = TwoFactorRequirement.objects.get(user=editor).required_since + dt.timedelta(days=7)
    assert site_html("Set up two-factor login by %(date)s.", date="").rstrip(".") in html
    assert 'href="/akun/2fa/"' in html
    assert str(deadline.astimezone(timezone.get_current_timezone()).year) in html
    # Other admin pages show it too.
    assert 'href="/akun/2fa/"' in client.get("/admin/pages/", follow=True).content.decode()


def test_after_grace_an_editor_without_an_authenticator_reaches_only_the_enrol_pages(client):
    editor = accounts.staff("redaktur", EDITORS)
    accounts.full_login(client, editor)
    past_grace(editor)
    for path in ("/admin/", "/admin/pages/", "/admin/account/", "/akun/", "/akun/profil/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/akun/2fa/", path
    assert client.post("/admin/pages/", {}).status_code == 302
    enrol = client.get("/akun/2fa/")
    assert enrol.status_code == 200
    assert (
        site_html("Your account must use two-factor login. Set up an authenticator app or a security key to go on.")
        in enrol.content.decode()
    )
    assert client.get("/akun/2fa/totp/activate/")["Location"].startswith("/akun/reauthenticate/")
    accounts.reauthenticate(client)
    assert client.get("/akun/2fa/totp/activate/").status_code == 200
    assert client.get("/akun/sessions/").status_code == 200
    client.post("/akun/logout/")
    assert not authenticated(client)


def test_enrolling_an_authenticator_app_opens_the_admin_again(client):
    editor = accounts.staff("redaktur", EDITORS)
    accounts.full_login(client, editor)
    past_grace(editor)
    assert client.get("/admin/").status_code == 302
    accounts.reauthenticate(client)
    page = client.get("/akun/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post("/akun/2fa/totp/activate/", {"code": accounts.code_for(secret)})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert has_two_factor(editor)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert 'href="/akun/2fa/"' not in page.content.decode().split('class="messages"', 1)[1].split("</ul>", 1)[0]


def test_writers_and_moderators_may_enrol_but_are_never_held(client):
    writer = accounts.staff("penulis", WRITERS)
    accounts.full_login(client, writer)
    past_grace(writer, days=365)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "/akun/2fa/" not in page.content.decode().split('class="messages"', 1)[1].split("</ul>", 1)[0]
    accounts.reauthenticate(client)
    assert client.get("/akun/2fa/totp/activate/").status_code == 200


def test_a_superuser_past_grace_is_held_too(client):
    root = accounts.staff("root", None, superuser=True)
    client.force_login(root)
    past_grace(root)
    assert client.get("/admin/users/")["Location"] == "/akun/2fa/"


def test_readers_are_never_held_to_the_staff_rules(client):
    reader = readers.reader()
    readers.log_in(client, reader)
    assert client.get("/akun/").status_code == 200
    assert not TwoFactorRequirement.objects.exists()


# --- where staff find it ----------------------------------------------------------------------


def test_the_admin_account_page_links_to_two_factor_and_sessions(client):
    client.force_login(accounts.staff("penulis", WRITERS))
    html = client.get("/admin/account/").content.decode()
    assert 'href="/akun/2fa/"' in html
    assert 'href="/akun/sessions/"' in html


def test_the_reader_account_page_links_to_two_factor_and_sessions(client):
    readers.log_in(client, readers.reader())
    html = client.get("/akun/").content.decode()
    assert 'href="/akun/2fa/"' in html
    assert 'href="/akun/sessions/"' in html


@pytest.mark.parametrize(
    "path", ["/akun/2fa/", "/akun/2fa/totp/activate/", "/akun/2fa/webauthn/add/", "/akun/sessions/"]
)
def test_the_two_factor_pages_are_in_the_site_layout_and_their_scripts_pass_the_csp(client, path):
    accounts.full_login(client, accounts.staff("penulis", WRITERS))
    accounts.reauthenticate(client)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="account"' in html  # the account pages' frame (readers/layout.html)
    assert "site-account" in html  # the site's header
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # Every script that runs comes from this site's static files; the rest is data (JSON), not code.
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes, attributes
    if "webauthn" in path:
        assert 'src="/static/mfa/js/webauthn.js"' in html
