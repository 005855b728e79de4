"""`kabar demo` adds a reader, `pembaca`, who has saved, read and followed something."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User

from kabar.demo import services
from kabar.readers import queries
from kabar.readers.models import Follow, ReadingHistory, SavedArticle
from tests.demo.support import PASSWORD, SMALL

pytestmark = pytest.mark.django_db


def test_the_demo_reader_logs_in_with_the_demo_password_and_has_lists(client):
    report = services.seed_newsroom(SMALL, password=PASSWORD)
    reader = User.objects.get(username="pembaca")
    assert reader.email == "pembaca@example.com"
    assert not reader.is_staff and not queries.is_staff_account(reader)
    assert EmailAddress.objects.get(user=reader).verified
    assert report.created["readers"] == 1
    assert SavedArticle.objects.filter(reader=reader).count() == 3
    assert ReadingHistory.objects.filter(reader=reader).count() >= 3
    assert {f.kind for f in Follow.objects.filter(reader=reader)} == {"section", "topic", "writer"}

    response = client.post("/akun/login/", {"login": "pembaca@example.com", "password": PASSWORD})
    assert response.status_code == 302
    status = client.get("/akun/status/").json()
    assert status["authenticated"] is True and status["name"] == "Pembaca Kabar"
    assert client.get("/akun/untuk-anda/").status_code == 200


def test_seeding_again_keeps_the_reader_and_takes_a_new_password():
    services.seed_newsroom(SMALL, password=PASSWORD)
    again = services.seed_newsroom(SMALL, password="sandi-demo-yang-baru-8")
    assert again.created["readers"] == 0 and again.password_reset
    reader = User.objects.get(username="pembaca")
    assert reader.check_password("sandi-demo-yang-baru-8")
    assert SavedArticle.objects.filter(reader=reader).count() == 3


def test_without_a_password_the_reader_shares_the_generated_one():
    report = services.seed_newsroom(SMALL)
    assert report.generated_password
    assert User.objects.get(username="pembaca").check_password(report.generated_password)
