"""The business side manages ads in the Wagtail admin, reads a report per ad, and every change purges pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from kabar.ads import services
from kabar.ads.models import Creative, CreativeStats, Placement
from kabar.core.roles import Role
from tests import factories
from tests.ads.conftest import house_ad
from tests.parsing import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(monkeypatch):
    """The keys handed to kabar.delivery.purge.purge_keys, the one door every app purges through."""
    calls: list[list[str]] = []
    monkeypatch.setattr(services, "purge_keys", lambda keys: calls.append(sorted(keys)))
    return calls


@pytest.fixture
def business(client):
    user = factories.staff("iklan", None)
    user.groups.add(Group.objects.get(name=Role.BUSINESS))
    client.force_login(user)
    return user


def test_the_business_group_manages_ads_but_not_articles(business):
    assert business.has_perm("ads.change_creative")
    assert business.has_perm("ads.change_placement")
    assert business.has_perm("membership.grant_membership")
    assert not business.has_perm("ads.add_placement")
    assert not business.has_perm("wire.view_wireitem")
    admin = factories.staff("admin-situs", "Admin")
    assert admin.has_perm("ads.change_creative") and admin.has_perm("membership.grant_membership")


def test_the_five_placements_exist_with_their_sizes():
    sizes = {p.key: (p.width, p.height) for p in Placement.objects.all()}
    assert sizes == {
        "top": (320, 50),
        "in_article": (300, 250),
        "list": (320, 100),
        "sidebar": (300, 250),
        "sticky": (320, 50),
    }


def test_creatives_list_shows_counts_and_links_each_report(client, business):
    creative = house_ad("top", name="Promo Ramadan")
    CreativeStats.objects.create(creative=creative, day=timezone.localdate(), impressions=1200, clicks=36)
    response = client.get("/admin/ads_creatives/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Promo Ramadan" in text
    assert "1,200" in text or "1.200" in text
    assert f"/admin/iklan/laporan/{creative.pk}/" in text


def test_report_per_creative_has_a_row_per_day_and_totals(client, business):
    creative = house_ad("in_article", name="Promo Lebaran")
    today = timezone.localdate()
    CreativeStats.objects.create(creative=creative, day=today, impressions=1000, clicks=25)
    CreativeStats.objects.create(creative=creative, day=today - dt.timedelta(days=2), impressions=400, clicks=4)
    CreativeStats.objects.create(creative=creative, day=today - dt.timedelta(days=40), impressions=5, clicks=5)
    response = client.get(f"/admin/iklan/laporan/{creative.pk}/?days=7")
    assert response.status_code == 200
    rows = html(response).find("table", cls="listing").find("tbody").find_all("tr")
    assert len(rows) == 7
    first = [cell.text.strip() for cell in rows[0].find_all("td")]
    assert first[1:] == ["1000", "25", "2.50%"] or first[1:] == ["1000", "25", "2,50%"]
    text = response.content.decode()
    assert "1405" in text  # all-time impressions
    assert "1400" in text  # in these 7 days


def test_report_is_refused_without_rights(client):
    creative = house_ad("top")
    client.force_login(factories.staff("penulis", "Penulis"))
    assert client.get(f"/admin/iklan/laporan/{creative.pk}/").status_code in (302, 403)


def test_editing_a_placement_in_the_admin_changes_the_pages_and_purges_them(client, business, purged):
    placement = Placement.objects.get(key="in_article")
    response = client.post(
        f"/admin/ads_placements/edit/{placement.pk}/",
        {"enabled": "on", "first_after": "5", "repeat_every": "0", "max_per_page": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    placement.refresh_from_db()
    assert (placement.first_after, placement.repeat_every) == (5, 0)
    assert ["site"] in purged


def test_saving_or_deleting_a_creative_purges_every_page(purged):
    creative = house_ad("top")
    assert ["site"] in purged
    purged.clear()
    creative.enabled = False
    creative.save()
    assert purged == [["site"]]
    purged.clear()
    creative.delete()
    assert ["site"] in purged


def test_a_creative_starting_or_ending_purges_the_cached_pages(purged):
    now = timezone.now()
    services.purge_when_schedules_change(now=now)  # the first check only sets the mark
    house_ad("top", starts_at=now + dt.timedelta(seconds=30))
    purged.clear()
    assert not services.purge_when_schedules_change(now=now + dt.timedelta(seconds=10))
    assert purged == []
    assert services.purge_when_schedules_change(now=now + dt.timedelta(seconds=60))
    assert purged == [["site"]]
    assert Creative.objects.count() == 1
