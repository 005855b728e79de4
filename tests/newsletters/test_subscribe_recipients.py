"""Who an edition goes to: confirmed, not suppressed, and a Kabar+ letter only to current members."""

from __future__ import annotations

import datetime as dt

import pytest

from kabar.core.hooks import CURRENT_MEMBERS
from kabar.membership import services as membership
from kabar.newsletters import queries
from kabar.newsletters.models import Suppression
from tests.hooks import only
from tests.newsletters import lists
from tests.readers import factories as readers

# The clock stands at lists.NOW (tests/newsletters/conftest.py); tests move it with clock.shift.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def test_only_confirmed_and_unsuppressed_addresses_receive_a_list_in_id_order():
    digest = lists.digest()
    other = lists.members_letter()
    first = lists.subscription(digest, "satu@contoh.id")
    lists.subscription(digest, "menunggu@contoh.id", status="pending")
    lists.subscription(digest, "keluar@contoh.id", status="unsubscribed")
    lists.subscription(digest, "mental@contoh.id")
    last = lists.subscription(digest, "dua@contoh.id")
    lists.subscription(other, "lain@contoh.id")
    Suppression.objects.create(email="mental@contoh.id", reason=Suppression.Reason.BOUNCE)
    assert list(queries.recipients(digest)) == [first, last]


def test_a_members_letter_goes_only_to_readers_whose_kabar_plus_is_current(clock):
    letter = lists.members_letter()
    member = readers.reader("Anggota", email="anggota@contoh.id")
    lapsed = readers.reader("Dulu anggota", email="dulu@contoh.id")
    membership.grant_membership(member, days=30, reason="uji", actor=None)
    membership.grant_membership(lapsed, days=1, reason="uji", actor=None)
    for reader in (member, lapsed):
        lists.subscription(letter, reader.email, user=reader)
    # An address with no account is never a member, whatever it subscribed to.
    lists.subscription(letter, "tanpa-akun@contoh.id")
    assert [s.email for s in queries.recipients(letter)] == ["anggota@contoh.id", "dulu@contoh.id"]

    clock.shift(dt.timedelta(days=20))
    assert [s.email for s in queries.recipients(letter)] == ["anggota@contoh.id"]


def test_without_an_app_that_sells_membership_a_members_letter_reaches_no_one(monkeypatch):
    only(monkeypatch, CURRENT_MEMBERS)
    letter = lists.members_letter()
    reader = readers.reader("Anggota", email="anggota@contoh.id")
    lists.subscription(letter, reader.email, user=reader)
    assert list(queries.recipients(letter)) == []
