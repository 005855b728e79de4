"""Hak Jawab: a reader's reply is stored, reaches the editors by mail, and is answered in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from kabar.core.roles import Role
from kabar.pages import services
from kabar.pages.forms import TEXT_MAX_LENGTH
from kabar.pages.models import RightOfReply, StandardPage
from tests import factories
from tests.i18n import site_html, site_text
from tests.pages.conftest import add_page

pytestmark = pytest.mark.django_db

PAGE = "/hak-jawab/"
READER_IP = "198.51.100.7"


@pytest.fixture
def article(db):
    return factories.article("Harga beras naik di Pasar Induk")


@pytest.fixture
def redaktur(db):
    return factories.staff("redaktur", Role.EDITOR)


def reply_data(article, **changes):
    return {
        "name": "Budi Santoso",
        "email": "budi@example.com",
        "phone": "0812 3456 7890",
        "article_url": f"http://testserver{article.dated_path()}",
        "text": "Berita ini keliru: harga yang dikutip adalah harga grosir, bukan harga eceran di pasar.",
        "website": "",
        **changes,
    }


def send(client, data, ip=READER_IP):
    return client.post(PAGE, data, REMOTE_ADDR=ip)


def test_the_form_page_is_never_kept_by_the_page_cache(client, right_of_reply_page):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.get(PAGE)["X-Cache"] != "HIT"


def test_a_reply_is_stored_then_mailed_to_the_editors(
    client, right_of_reply_page, article, redaktur, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, reply_data(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert site_html("Your reply has reached the editors") in html
    assert site_html("Our answer goes to %(email)s.", email="budi@example.com") in html
    stored = RightOfReply.objects.get()
    assert (stored.name, stored.email, stored.article) == ("Budi Santoso", "budi@example.com", article)
    assert stored.status == RightOfReply.Status.RECEIVED and stored.text.startswith("Berita ini keliru")
    [mail] = mailoutbox
    assert mail.to == ["redaktur@example.com"] and mail.extra_headers["Reply-To"] == "budi@example.com"
    assert "Berita ini keliru" in mail.body and reverse("rights_of_reply:edit", args=[stored.pk]) in mail.body


def test_a_reply_is_kept_even_when_no_editor_can_be_mailed(client, right_of_reply_page, article, mailoutbox):
    assert send(client, reply_data(article)).status_code == 200
    assert RightOfReply.objects.count() == 1 and mailoutbox == []


def test_an_address_that_is_not_an_article_here_gets_a_clear_error_and_keeps_the_text(
    client, right_of_reply_page, article
):
    for address in ("https://example.org/berita/1/", "http://testserver/tentang-kami/", "bukan alamat"):
        response = send(client, reply_data(article, article_url=address))
        assert response.status_code == 400
        html = response.content.decode()
        assert (
            site_html("We could not find a published article at that address. Copy the address of the article's page.")
            in html
        )
        # What the reader wrote is still in the form.
        assert "harga grosir, bukan harga eceran" in html
    assert not RightOfReply.objects.exists()


def test_a_path_alone_is_enough_to_name_the_article(client, right_of_reply_page, article):
    assert send(client, reply_data(article, article_url=article.dated_path())).status_code == 200
    assert RightOfReply.objects.get().article == article


def test_missing_or_overlong_fields_are_refused_field_by_field(client, right_of_reply_page, article):
    response = send(client, reply_data(article, name="", email="bukan-surel", text="x" * (TEXT_MAX_LENGTH + 1)))
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="errorlist') >= 3
    assert (
        site_html("Your reply was not sent yet: please correct the fields marked below. Nothing you wrote is lost.")
        in html
    )
    assert not RightOfReply.objects.exists()


def test_a_filled_honeypot_is_thanked_and_never_stored(client, right_of_reply_page, article, mailoutbox):
    response = send(client, reply_data(article, website="http://spam.example/"))
    assert response.status_code == 200 and site_html("Your reply has reached the editors") in response.content.decode()
    assert not RightOfReply.objects.exists() and mailoutbox == []


def test_one_client_sending_too_many_is_slowed_and_another_client_is_not(client, right_of_reply_page, article):
    for _ in range(services.REPLIES_PER_HOUR):
        assert send(client, reply_data(article)).status_code == 200
    refused = send(client, reply_data(article))
    assert refused.status_code == 429
    assert site_html("You have sent several replies in a short time. Please try again in an hour.") in (
        refused.content.decode()
    )
    assert RightOfReply.objects.count() == services.REPLIES_PER_HOUR
    assert send(client, reply_data(article), ip="203.0.113.9").status_code == 200
    assert RightOfReply.objects.count() == services.REPLIES_PER_HOUR + 1


def test_mistakes_do_not_count_against_the_limit(client, right_of_reply_page, article):
    for _ in range(services.REPLIES_PER_HOUR + 2):
        assert send(client, reply_data(article, article_url="salah")).status_code == 400
    assert send(client, reply_data(article)).status_code == 200


def test_an_editor_answers_in_the_admin_and_the_reader_gets_the_answer(
    client, right_of_reply_page, article, redaktur, mailoutbox, django_capture_on_commit_callbacks
):
    reply = services.receive_reply(
        services.Reply("Budi Santoso", "budi@example.com", "", article.dated_path(), article, "Harga itu keliru.")
    )
    client.force_login(redaktur)
    index = client.get(reverse("rights_of_reply:index"))
    assert index.status_code == 200 and "Budi Santoso" in index.content.decode()
    edit_url = reverse("rights_of_reply:edit", args=[reply.pk])
    assert "Harga itu keliru." in client.get(edit_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"status": "published", "answer": "Hak jawab Anda kami muat hari ini."})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == RightOfReply.Status.PUBLISHED and reply.answered_by == redaktur and reply.answered_at
    [mail] = mailoutbox
    assert mail.to == ["budi@example.com"] and "Hak jawab Anda kami muat hari ini." in mail.body
    entry = ModelLogEntry.objects.get(action=services.ANSWERED)
    assert entry.user == redaktur and entry.data["status"] == "published" and entry.data["answer_sent"] is True

    # Only the status changes: nothing new for the reader.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, {"status": "declined", "answer": "Hak jawab Anda kami muat hari ini."})
    assert len(mailoutbox) == 1
    assert RightOfReply.objects.get().status == RightOfReply.Status.DECLINED


def test_no_one_adds_a_reply_in_the_admin_and_writers_do_not_see_them(client, redaktur):
    client.force_login(redaktur)
    assert client.get(reverse("rights_of_reply:add")).status_code in (302, 403)
    writer = factories.staff("penulis", Role.WRITER)
    client.force_login(writer)
    assert client.get(reverse("rights_of_reply:index")).status_code in (302, 403)


def test_the_form_points_to_the_privacy_policy_when_there_is_one(client, right_of_reply_page):
    assert "/kebijakan-privasi/" not in client.get(PAGE).content.decode()
    add_page(StandardPage, "kebijakan-privasi", "Kebijakan Privasi")
    html = client.get(PAGE).content.decode()
    assert f'<a href="/kebijakan-privasi/">{site_html("Our privacy policy")}</a>' in html


def test_the_confirmation_names_the_article(client, right_of_reply_page, article):
    html = send(client, reply_data(article)).content.decode()
    assert site_text("Back to the article") in html and article.title in html


def test_the_readers_data_download_holds_the_replies_sent_from_their_verified_address(article):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import User

    from kabar.core import hooks

    services.receive_reply(services.Reply("Budi", "Budi@Example.com", "", "/", article, "Tanggapan saya."))
    owner = User.objects.create_user("budi", email="budi@example.com")
    EmailAddress.objects.create(user=owner, email="budi@example.com", verified=True, primary=True)
    claimant = User.objects.create_user("bukan-budi", email="budi@example.com")
    EmailAddress.objects.create(user=claimant, email="budi@example.com", verified=False, primary=True)

    def exported(user):
        data = {}
        for export in hooks.functions(hooks.EXPORT_READER_DATA):
            data.update(export(user))
        return data["rights_of_reply"]

    [reply] = exported(owner)
    assert reply["text"] == "Tanggapan saya." and reply["status"] == "received"
    assert exported(claimant) == []
