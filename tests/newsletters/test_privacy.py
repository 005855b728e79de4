"""UU PDP: consent is kept with its time, source and words; the reader's download and deletion include it."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress

from kabar.newsletters.models import Subscription, Suppression
from kabar.readers import services as reader_services
from tests.newsletters import lists
from tests.readers import factories as readers

# The clock stands at lists.NOW (tests/newsletters/conftest.py); tests move it with clock.shift.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def subscribed_reader():
    reader = readers.reader("Budi Santoso", email="budi@contoh.id")
    EmailAddress.objects.create(user=reader, email="budi.kantor@contoh.id", verified=True, primary=False)
    digest = lists.digest()
    lists.subscription(
        digest, "budi@contoh.id", user=reader, consent_at=lists.NOW, consent_source="account",
        consent_text="Saya mau menerima nawala.", confirmed_at=lists.NOW,
    )  # fmt: skip
    # Signed up anonymously with a second address of the account, before logging in.
    lists.subscription(digest, "budi.kantor@contoh.id", status="pending", consent_source="article")
    lists.subscription(digest, "orang-lain@contoh.id")
    return reader


def test_the_readers_download_holds_their_subscriptions_and_the_consent_given(client, subscribed_reader):
    readers.log_in(client, subscribed_reader)
    data = json.loads(client.get("/akun/data/").content)
    rows = data["newsletter_subscriptions"]
    assert sorted(row["email"] for row in rows) == ["budi.kantor@contoh.id", "budi@contoh.id"]
    own = next(row for row in rows if row["email"] == "budi@contoh.id")
    assert own["newsletter"] == "Kabar Pagi" and own["status"] == "active"
    assert own["consent_source"] == "account" and own["consent_text"] == "Saya mau menerima nawala."
    assert own["consent_at"].startswith("2026-12-07T02:00:00")
    assert "orang-lain@contoh.id" not in json.dumps(data)


def test_deleting_the_account_deletes_the_subscriptions_and_keeps_the_suppressions(subscribed_reader):
    Suppression.objects.create(email="budi@contoh.id", reason=Suppression.Reason.COMPLAINT)
    reader_services.delete_reader_account(subscribed_reader, remove_comments=True)
    assert list(Subscription.objects.values_list("email", flat=True)) == ["orang-lain@contoh.id"]
    # The objection outlives the account: the address is never mailed again by a later import.
    assert Suppression.objects.filter(email="budi@contoh.id").exists()
