"""Ad creatives live in their own image collection, and the choosers a writer opens do not list them."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.models import Collection

from kabar.ads.models import ADS_COLLECTION, Creative
from kabar.core.roles import Role
from kabar.newsroom.services import WRITERS
from tests import factories
from tests.ads.conftest import house_ad

pytestmark = pytest.mark.django_db

CHOOSER = "wagtailimages_chooser:choose"


def collection_of(image: Image) -> str:
    return Image.objects.select_related("collection").get(pk=image.pk).collection.name


def test_an_image_chosen_for_a_creative_moves_into_the_ads_collection():
    banner = factories.image("Spanduk promo")
    assert collection_of(banner) != ADS_COLLECTION

    house_ad("top", image=banner)

    assert collection_of(banner) == ADS_COLLECTION


def test_the_chooser_a_writer_opens_from_an_article_does_not_list_creatives(client):
    article = factories.article("Artikel dengan foto")
    photo = factories.image("Foto banjir di Kemang")
    house_ad("top", image=factories.image("Spanduk diskon akhir tahun"))
    client.force_login(factories.staff("penulis", WRITERS))

    edit_page = f"http://testserver{reverse('wagtailadmin_pages:edit', args=[article.pk])}"
    chooser = client.get(reverse(CHOOSER), headers={"Referer": edit_page}).content.decode()
    results = client.get(reverse(CHOOSER), {"q": "Spanduk"}, headers={"Referer": edit_page}).content.decode()

    assert photo.title in chooser
    assert "Spanduk diskon akhir tahun" not in chooser
    assert "Spanduk diskon akhir tahun" not in results


def test_the_ads_own_form_still_lists_creatives(client):
    creative = house_ad("top", image=factories.image("Spanduk diskon akhir tahun"))
    user = factories.staff("iklan", None)
    user.groups.add(Group.objects.get(name=Role.BUSINESS))
    client.force_login(user)

    edit_ad = f"http://testserver{reverse('ads_creatives:edit', args=[creative.pk])}"
    chooser = client.get(reverse(CHOOSER), headers={"Referer": edit_ad}).content.decode()

    assert "Spanduk diskon akhir tahun" in chooser


def test_the_migration_moves_existing_creatives_images():
    banner = factories.image("Spanduk lama")
    creative = house_ad("top")
    # As before the ads had a collection: the creative's image sat in the root with the photos.
    Image.objects.filter(pk__in=[banner.pk, creative.image_id]).update(collection=Collection.get_first_root_node())
    Creative.objects.filter(pk=creative.pk).update(image=banner)
    migration = importlib.import_module("kabar.ads.migrations.0002_ads_image_collection")

    migration.move_creative_images(apps, None)

    assert collection_of(banner) == ADS_COLLECTION


def test_the_demo_seeds_its_creatives_in_the_ads_collection():
    from kabar.demo.ads import seed_house_ads
    from kabar.demo.services import SeedReport

    seed_house_ads(SeedReport())

    collections = set(Creative.objects.values_list("image__collection__name", flat=True))
    assert collections == {ADS_COLLECTION}
