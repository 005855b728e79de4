"""Refusals are kept with their reason, so the desk shows why a document or an item was refused (issue 22)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wire", "0004_wire_search_own_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="WireRefusal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("refused_at", models.DateTimeField(auto_now_add=True, verbose_name="refused at")),
                ("source", models.CharField(blank=True, max_length=1000, verbose_name="file or address")),
                ("agency_uri", models.CharField(blank=True, max_length=500, verbose_name="agency identifier")),
                ("reason", models.TextField(verbose_name="reason")),
                (
                    "feed",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="refusals",
                        to="wire.wirefeed",
                        verbose_name="feed",
                    ),
                ),
            ],
            options={
                "verbose_name": "wire refusal",
                "verbose_name_plural": "wire refusals",
                "ordering": ["-refused_at", "-pk"],
                "indexes": [models.Index(fields=["feed", "-refused_at"], name="wire_refusal_feed_latest")],
            },
        ),
    ]
