"""The kabar_current_members hook: who may get members-only mail, as one subquery other apps filter by."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import User

from kabar.core import hooks
from kabar.membership import services
from kabar.membership.models import grace_period
from tests.membership.conftest import make_reader

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def test_readers_entitled_now_are_members_and_lapsed_ones_are_not():
    with time_machine.travel(NOW, tick=False):
        member = make_reader("anggota")
        services.grant_membership(member, days=30, reason="uji", actor=None)
        lapsing = make_reader("hampir")
        services.grant_membership(lapsing, days=1, reason="uji", actor=None)
        make_reader("pembaca")
        ids = hooks.current_member_ids()
        assert ids is not None
        assert set(User.objects.filter(pk__in=ids).values_list("username", flat=True)) == {"anggota", "hampir"}

    # Within the grace period the lapsing reader keeps Kabar+, as the pages do; after it, not.
    with time_machine.travel(NOW + dt.timedelta(days=1) + grace_period() - dt.timedelta(minutes=1), tick=False):
        assert set(hooks.current_member_ids()) == {member.pk, lapsing.pk}
    with time_machine.travel(NOW + dt.timedelta(days=1) + grace_period() + dt.timedelta(minutes=1), tick=False):
        assert set(hooks.current_member_ids()) == {member.pk}
