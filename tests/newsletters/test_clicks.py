"""Clicks are counted by Kabar's own redirect, /n/k/<signed token>: it sends the reader to the article
with the newsletter's campaign, and refuses anything it did not sign (no open redirect)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup

from kabar.newsletters import clicks, queries, rendering
from kabar.newsletters.models import Click
from tests.newsletters import editions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(editions.NOW, tick=False):
        yield


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_a_link_in_the_mail_takes_the_reader_to_the_article_and_counts_the_click(client):
    letter = editions.newsletter()
    [article] = editions.articles(1)
    edition = editions.edition(letter, picked=[article])
    link = BeautifulSoup(rendering.render(edition).html, "html.parser").select_one("h3 a")["href"]
    assert re.search(r"/n/k/[^/]+$", link)

    first = client.get(path_of(link))
    client.get(path_of(link))

    assert first.status_code == 302
    target = urlsplit(first["Location"])
    assert target.path == article.url
    query = parse_qs(target.query)
    assert query["ref"] == ["newsletter"] and query["utm_medium"] == ["email"]
    assert query["utm_campaign"] == [f"kabar-pagi-{edition.pk}"]
    assert Click.objects.get(edition=edition).count == 2
    assert queries.edition_stats(edition)["clicks"] == 2


def test_a_forged_or_altered_click_link_is_refused_and_leads_nowhere(client):
    edition = editions.edition(editions.newsletter())
    good = clicks.click_token(edition.pk, "https://kabar.example/a")
    forged = clicks.click_token(edition.pk, "https://jahat.example/").replace(":", ":x", 1)
    payload, _sep, signature = good.rpartition(":")
    altered = clicks.click_token(edition.pk, "https://jahat.example/").rpartition(":")[0] + ":" + signature

    for token in (forged, altered, "https://jahat.example/", payload):
        response = client.get(f"/n/k/{token}")
        assert response.status_code == 404, token
    assert not Click.objects.exists()


def test_a_link_checker_looking_with_head_is_not_counted(client):
    edition = editions.edition(editions.newsletter())
    token = clicks.click_token(edition.pk, "https://kabar.example/a")
    assert client.head(f"/n/k/{token}").status_code == 302
    assert not Click.objects.exists()


def test_a_link_of_a_deleted_edition_leads_nowhere(client):
    edition = editions.edition(editions.newsletter())
    token = clicks.click_token(edition.pk, "https://kabar.example/a")
    edition.delete()
    assert client.get(f"/n/k/{token}").status_code == 404
