"""Editors in Wagtail's admin: compose an edition with the block editor, preview the real mail, send a
test to themselves, schedule it or send it now behind a confirmation, and read its figures. A
Penulis does none of it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from kabar.newsletters import services
from kabar.newsletters.models import Click, Edition
from tests import factories
from tests.newsletters import editions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(editions.NOW, tick=True):
        yield


@pytest.fixture
def editor(client):
    user = factories.in_english(factories.staff("redaktur", "Redaktur"))
    client.force_login(user)
    return user


def test_the_editions_list_and_the_block_editor_open_for_an_editor(client, editor):
    letter = editions.newsletter()
    editions.edition(letter)

    listing = client.get(reverse("newsletter_editions:index"))
    add = client.get(reverse("newsletter_editions:add"))

    assert listing.status_code == 200 and "Kabar Pagi: kabinet baru diumumkan" in listing.text
    assert add.status_code == 200
    for block in ("Picked articles", "Articles from the last 24 hours", "Sponsor (Iklan)"):
        assert block in add.text


def test_an_editor_previews_tests_and_sends_an_edition_and_reads_its_figures(
    client, editor, smtp_server, django_capture_on_commit_callbacks
):
    letter = editions.newsletter()
    readers = editions.subscribers(letter, 3)
    [article] = editions.articles(1)
    edition = editions.edition(letter, picked=[article])

    preview = client.get(reverse("newsletters_edition_preview", args=[edition.pk]))
    assert preview.status_code == 200 and article.title in preview.text
    assert "prefers-color-scheme" in preview.text

    client.post(reverse("newsletters_edition_test", args=[edition.pk]))
    [test] = smtp_server.messages()
    assert test["To"] == editor.email and test["Subject"].endswith(edition.subject)
    assert "List-Unsubscribe" not in test  # no subscription of its own to leave
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.DRAFT

    confirm = client.get(reverse("newsletters_edition_send", args=[edition.pk]))
    assert "goes to 3 addresses now" in " ".join(BeautifulSoup(confirm.text, "html.parser").get_text().split())
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("newsletters_edition_send", args=[edition.pk]))
    assert sent.status_code == 302

    assert {r.email: 1 for r in readers} == {k: v for k, v in smtp_server.counts().items() if k != editor.email}
    Click.objects.create(edition=edition, url=article.full_url, count=4)
    page = BeautifulSoup(client.get(reverse("newsletters_edition", args=[edition.pk])).text, "html.parser")
    figures = {li["data-count"]: li.strong.get_text() for li in page.select("[data-count]")}
    assert figures["recipients"] == figures["sent"] == "3"
    assert (figures["failed"], figures["clicks"]) == ("0", "4")
    assert page.select_one("[data-edition-status]")["data-edition-status"] == "sent"


def test_an_edition_scheduled_by_an_editor_goes_out_at_its_time(
    client, editor, smtp_server, django_capture_on_commit_callbacks
):
    letter = editions.newsletter()
    readers = editions.subscribers(letter, 2)
    edition = editions.edition(letter, picked=editions.articles(1))
    later = editions.NOW + dt.timedelta(hours=2)

    client.post(reverse("newsletters_edition_schedule", args=[edition.pk]), {"when": "2026-12-07 08:00"})
    edition.refresh_from_db()
    assert (edition.status, edition.scheduled_at) == (Edition.Status.SCHEDULED, later)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_editions(now=later - dt.timedelta(minutes=1)) == 0
    assert smtp_server.counts() == {}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_editions(now=later) == 1
    assert smtp_server.counts() == {r.email: 1 for r in readers}


def test_a_time_in_the_past_is_refused_with_a_message(client, editor):
    edition = editions.edition(editions.newsletter())
    response = client.post(
        reverse("newsletters_edition_schedule", args=[edition.pk]), {"when": "2026-12-06 08:00"}, follow=True
    )
    assert "Choose a time in the future" in response.text
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.DRAFT


def test_a_writer_can_neither_see_nor_send_editions(client, smtp_server):
    client.force_login(factories.staff("penulis", "Penulis"))
    letter = editions.newsletter()
    editions.subscribers(letter, 1)
    edition = editions.edition(letter)

    for name in ("newsletters_edition", "newsletters_edition_preview", "newsletters_edition_send"):
        response = client.get(reverse(name, args=[edition.pk]))
        assert response.status_code in (302, 403), name
    response = client.post(reverse("newsletters_edition_send", args=[edition.pk]))
    assert response.status_code in (302, 403)
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.DRAFT
    assert smtp_server.counts() == {}
