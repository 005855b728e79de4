"""Ad creatives' images move into a collection of their own ("Iklan"), out of the editorial choosers."""

from django.db import migrations

ADS_COLLECTION = "Iklan"  # kabar.ads.models.ADS_COLLECTION, as it was when this ran


def move_creative_images(apps, schema_editor):
    # Collections are a tree (treebeard): the real model adds the child, the historical ones move images.
    from wagtail.models import Collection as TreeCollection

    Creative = apps.get_model("ads", "Creative")
    Image = apps.get_model("wagtailimages", "Image")
    image_ids = set(Creative.objects.exclude(image=None).values_list("image_id", flat=True))
    if not image_ids:
        return
    root = TreeCollection.get_first_root_node()
    if root is None:
        return
    ads = root.get_children().filter(name=ADS_COLLECTION).first() or root.add_child(name=ADS_COLLECTION)
    Image.objects.filter(pk__in=image_ids).update(collection_id=ads.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("ads", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(move_creative_images, migrations.RunPython.noop)]
