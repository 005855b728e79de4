"""Signing up: double opt-in for an address, one click for a reader's own verified address, refusals."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.core import mail
from django.test import Client

from kabar.core import hooks as kabar_hooks
from kabar.core.brand import brand_for_request
from kabar.newsletters import services
from kabar.newsletters.forms import consent_text
from kabar.newsletters.models import Subscription, Suppression
from tests import factories
from tests.newsletters import lists
from tests.readers import factories as readers

# The clock stands at lists.NOW (tests/newsletters/conftest.py); tests move it with clock.shift.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def newsroom_lists():
    nasional = factories.section("Nasional")
    return lists.digest(), lists.section_letter(nasional)


def sign_up(client: Client, email: str, *newsletters, source: str = "article", ip: str = "203.0.113.7"):
    return client.post(
        "/nawala/daftar/",
        {"email": email, "lists": [n.pk for n in newsletters], "source": source},
        REMOTE_ADDR=ip,
    )


def test_an_anonymous_sign_up_waits_for_the_mailed_link_and_the_link_confirms_every_list(client, newsroom_lists):
    digest, nasional = newsroom_lists
    response = sign_up(client, "  Budi.Santoso@Contoh.ID ", digest, nasional)
    assert response.status_code == 200
    assert b"budi.santoso@contoh.id" in response.content
    assert not response.cookies

    rows = Subscription.objects.order_by("newsletter__position")
    assert [(s.email, s.newsletter.slug, s.status) for s in rows] == [
        ("budi.santoso@contoh.id", "kabar-pagi", "pending"),
        ("budi.santoso@contoh.id", "rubrik-nasional", "pending"),
    ]
    first = rows[0]
    assert first.consent_at == lists.NOW and first.consent_source == "article"
    assert first.consent_text == consent_text(brand_for_request(None).name)
    assert first.consent_text in client.get("/nawala/").content.decode()
    assert first.consent_ip == "203.0.113.7" and first.confirmed_at is None

    [message] = mail.outbox
    assert message.to == ["budi.santoso@contoh.id"]
    assert "Kabar Pagi" in message.body and "Nawala Nasional" in message.body
    [html, mimetype] = message.alternatives[0]
    assert mimetype == "text/html" and "Kabar Pagi" in html
    confirm_link = next(link for link in lists.links_in(message) if "/nawala/konfirmasi/" in link)
    path = confirm_link.split("://", 1)[1].split("/", 1)[1]

    # Opening the link (as a mail scanner would) changes nothing; the button does.
    page = client.get(f"/{path}")
    assert page.status_code == 200 and b"Kabar Pagi" in page.content
    assert set(Subscription.objects.values_list("status", flat=True)) == {"pending"}
    done = client.post(f"/{path}")
    assert done.status_code == 200
    assert set(Subscription.objects.values_list("status", flat=True)) == {"active"}
    assert set(Subscription.objects.values_list("confirmed_at", flat=True)) == {lists.NOW}


def test_a_confirmation_link_older_than_48_hours_is_refused_and_the_sign_up_expires(client, clock, newsroom_lists):
    digest, _nasional = newsroom_lists
    sign_up(client, "ani@contoh.id", digest)
    link = next(link for link in lists.links_in(mail.outbox[0]) if "/konfirmasi/" in link)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    clock.shift(dt.timedelta(hours=47))
    assert services.expire_unconfirmed() == 0
    clock.shift(dt.timedelta(hours=2))
    assert client.post(path).status_code == 404
    assert Subscription.objects.get().status == "pending"
    assert services.expire_unconfirmed() == 1
    assert not Subscription.objects.exists()


def test_expiring_keeps_the_history_of_an_address_that_once_confirmed(newsroom_lists):
    digest, _nasional = newsroom_lists
    old = lists.subscription(
        digest, "lama@contoh.id", status="pending", confirmed_at=lists.NOW - dt.timedelta(days=90),
        consent_at=lists.NOW - dt.timedelta(days=3),
    )  # fmt: skip
    assert services.expire_unconfirmed() == 0
    old.refresh_from_db()
    assert old.status == "unsubscribed" and old.confirmed_at is not None


def test_unconfirmed_sign_ups_expire_from_the_workers_clock():
    assert kabar_hooks.PeriodicJob("kabar.newsletters.services.expire_unconfirmed", 3600) in kabar_hooks.periodic_jobs()


def test_a_forged_confirmation_link_confirms_nothing(client, newsroom_lists):
    digest, _nasional = newsroom_lists
    sign_up(client, "ani@contoh.id", digest)
    link = next(link for link in lists.links_in(mail.outbox[0]) if "/konfirmasi/" in link)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.post(forged).status_code == 404
    assert client.post("/nawala/konfirmasi/bukan-tanda-tangan/").status_code == 404
    assert Subscription.objects.get().status == "pending"


def test_a_malformed_address_is_refused_with_a_message_and_the_text_kept(client, newsroom_lists):
    digest, _nasional = newsroom_lists
    response = sign_up(client, "budi@@contoh", digest)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="budi@@contoh"' in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert not Subscription.objects.exists() and not mail.outbox


def test_a_sign_up_without_a_list_is_refused_with_a_message(client, newsroom_lists):
    response = client.post("/nawala/daftar/", {"email": "ani@contoh.id", "source": "footer"})
    assert response.status_code == 400
    assert 'value="ani@contoh.id"' in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_public_form_asks_even_a_signed_in_reader_to_confirm_by_mail(client, newsroom_lists):
    """It comes from cached pages without a CSRF token, so another site could post it: never one click."""
    digest, _nasional = newsroom_lists
    reader = readers.reader("Budi Santoso", email="budi@contoh.id")
    readers.log_in(client, reader)
    sign_up(client, "budi@contoh.id", digest)
    assert Subscription.objects.get().status == "pending"
    assert len(mail.outbox) == 1


def test_a_verified_reader_subscribes_in_one_click_on_the_account_page(client, newsroom_lists):
    digest, nasional = newsroom_lists
    reader = readers.reader("Budi Santoso", email="budi@contoh.id")
    readers.log_in(client, reader)
    page = client.get("/akun/")
    html = page.content.decode()
    assert 'id="nawala"' in html and "Kabar Pagi" in html and "Nawala Nasional" in html
    assert 'name="csrfmiddlewaretoken"' in html

    response = client.post("/nawala/akun/", {"lists": [digest.pk, nasional.pk]}, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302 and response["Location"] == "/akun/#nawala"
    rows = list(Subscription.objects.order_by("newsletter__position"))
    assert [(s.status, s.user_id, s.consent_source) for s in rows] == [
        ("active", reader.pk, "account"),
        ("active", reader.pk, "account"),
    ]
    assert rows[0].confirmed_at == lists.NOW and rows[0].consent_ip == "198.51.100.4"
    assert not mail.outbox

    # Unticking leaves at once.
    client.post("/nawala/akun/", {"lists": [nasional.pk]})
    assert dict(Subscription.objects.values_list("newsletter__slug", "status")) == {
        "kabar-pagi": "unsubscribed",
        "rubrik-nasional": "active",
    }
    assert "checked" in client.get("/akun/").content.decode().split("Nawala Nasional")[0].rsplit("<label", 1)[1]


def test_a_reader_with_an_unverified_address_confirms_by_mail_from_the_account_page(client, newsroom_lists):
    digest, _nasional = newsroom_lists
    reader = readers.reader("Ani", email="ani@contoh.id", verified=False)
    client.force_login(reader)
    client.post("/nawala/akun/", {"lists": [digest.pk]})
    assert Subscription.objects.get().status == "pending"
    assert mail.outbox[0].to == ["ani@contoh.id"]


def test_sign_ups_are_limited_per_client_address_without_locking_out_other_clients(client, settings, newsroom_lists):
    settings.KABAR_NEWSLETTER_SIGNUPS_PER_CLIENT = 2
    digest, _nasional = newsroom_lists
    assert sign_up(client, "satu@contoh.id", digest, ip="203.0.113.9").status_code == 200
    assert sign_up(client, "dua@contoh.id", digest, ip="203.0.113.9").status_code == 200
    refused = sign_up(client, "tiga@contoh.id", digest, ip="203.0.113.9")
    assert refused.status_code == 400 and 'value="tiga@contoh.id"' in refused.content.decode()
    assert sign_up(client, "tiga@contoh.id", digest, ip="203.0.113.10").status_code == 200
    assert len(mail.outbox) == 3


def test_confirmation_mails_to_one_address_are_limited_whoever_asks(client, settings, newsroom_lists):
    settings.KABAR_NEWSLETTER_CONFIRMATIONS_PER_ADDRESS = 2
    settings.KABAR_NEWSLETTER_RATE_WINDOW_SECONDS = 2
    digest, _nasional = newsroom_lists
    for n in range(2):
        assert sign_up(client, "korban@contoh.id", digest, ip=f"203.0.113.{20 + n}").status_code == 200
    refused = sign_up(client, "korban@contoh.id", digest, ip="203.0.113.30")
    assert refused.status_code == 400
    assert len(mail.outbox) == 2
    # Another address from the same client is not held back by it.
    assert sign_up(client, "lain@contoh.id", digest, ip="203.0.113.30").status_code == 200
    # Once the window has passed the owner may ask again (the window's end is the cache's: Redis keeps real
    # time, the database table the test's clock, so both move).
    time.sleep(settings.KABAR_NEWSLETTER_RATE_WINDOW_SECONDS + 0.5)
    with time_machine.travel(
        lists.NOW + dt.timedelta(seconds=settings.KABAR_NEWSLETTER_RATE_WINDOW_SECONDS + 2), tick=False
    ):
        assert sign_up(client, "korban@contoh.id", digest, ip="203.0.113.31").status_code == 200
    assert len(mail.outbox) == 4


def test_a_suppressed_address_is_neither_mailed_nor_subscribed_and_the_answer_does_not_say_so(client, newsroom_lists):
    digest, _nasional = newsroom_lists
    Suppression.objects.create(email="mental@contoh.id", reason=Suppression.Reason.BOUNCE)
    normal = sign_up(client, "biasa@contoh.id", digest)
    suppressed = sign_up(client, "Mental@contoh.id", digest)
    assert suppressed.status_code == normal.status_code == 200
    assert suppressed.content.replace(b"mental", b"biasa") == normal.content
    assert [m.to for m in mail.outbox] == [["biasa@contoh.id"]]
    assert not Subscription.objects.filter(email="mental@contoh.id").exists()


def test_a_reader_turns_mail_to_their_suppressed_address_back_on_only_by_asking(client, newsroom_lists):
    digest, _nasional = newsroom_lists
    reader = readers.reader("Budi", email="budi@contoh.id")
    Suppression.objects.create(email="budi@contoh.id", reason=Suppression.Reason.COMPLAINT)
    readers.log_in(client, reader)
    client.post("/nawala/akun/", {"lists": [digest.pk]})
    assert not Subscription.objects.filter(status="active").exists()
    assert 'name="resume"' in client.get("/akun/").content.decode()

    client.post("/nawala/akun/", {"resume": "1"})
    assert not Suppression.objects.exists()
    client.post("/nawala/akun/", {"lists": [digest.pk]})
    assert Subscription.objects.get().status == "active"


def test_another_readers_suppression_cannot_be_lifted():
    reader = readers.reader("Budi", email="budi@contoh.id")
    Suppression.objects.create(email="orang-lain@contoh.id", reason=Suppression.Reason.COMPLAINT)
    assert services.resume_mail(reader, "orang-lain@contoh.id") is False
    assert Suppression.objects.exists()


def test_the_confirmation_mail_reaches_a_real_smtp_server_with_a_text_and_an_html_part(client, smtp_server, settings):
    settings.DEFAULT_FROM_EMAIL = "Kabar <nawala@kabar.example>"
    digest = lists.digest()
    sign_up(client, "budi@contoh.id", digest)
    [message] = smtp_server.to("budi@contoh.id")
    assert message["From"] == "Kabar <nawala@kabar.example>"
    assert "Kabar" in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    [confirm_link] = [link for link in lists.LINK.findall(text) if "/konfirmasi/" in link]
    assert confirm_link.startswith(settings.BASE_URL) and f'href="{confirm_link}"' in html
    assert "Kabar Pagi" in text and "48" in text
    path = confirm_link.removeprefix(settings.BASE_URL)
    client.post(path)
    assert Subscription.objects.get().status == "active"
