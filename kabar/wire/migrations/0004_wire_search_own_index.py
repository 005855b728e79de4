"""The desk's search moves out of Wagtail's index into a table of its own (kabar/wire/search_index.py).

Wagtail's database backend refreshed title norms over its whole index table for every document
ingested, so the desk slowed down as it grew (issue 22). Entries for the items already held are
written here; Wagtail's own rows for wire items are removed.
SQLite: Django remakes a table to alter it, which drops its triggers: a later migration that alters
wire_wiresearchentry must create the triggers below again.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    """
    ALTER TABLE wire_wiresearchentry ADD COLUMN document tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, stems)) STORED
    """,
]
# After the entries of the items already held are in: one build, not an insert per row.
POSTGRESQL_INDEX = "CREATE INDEX wire_search_entry_document ON wire_wiresearchentry USING gin (document)"
SQLITE = [
    "CREATE VIRTUAL TABLE wire_searchtext USING fts5(stems, content='wire_wiresearchentry', content_rowid='item_id')",
    """
    CREATE TRIGGER wire_searchentry_added AFTER INSERT ON wire_wiresearchentry BEGIN
        INSERT INTO wire_searchtext (rowid, stems) VALUES (new.item_id, new.stems);
    END
    """,
    """
    CREATE TRIGGER wire_searchentry_removed AFTER DELETE ON wire_wiresearchentry BEGIN
        INSERT INTO wire_searchtext (wire_searchtext, rowid, stems) VALUES ('delete', old.item_id, old.stems);
    END
    """,
    """
    CREATE TRIGGER wire_searchentry_changed AFTER UPDATE ON wire_wiresearchentry BEGIN
        INSERT INTO wire_searchtext (wire_searchtext, rowid, stems) VALUES ('delete', old.item_id, old.stems);
        INSERT INTO wire_searchtext (rowid, stems) VALUES (new.item_id, new.stems);
    END
    """,
]
UNDO = {
    "postgresql": [
        "DROP INDEX IF EXISTS wire_search_entry_document",
        "ALTER TABLE wire_wiresearchentry DROP COLUMN document",
    ],
    "sqlite": ["DROP TABLE wire_searchtext"],  # the triggers go with wire_wiresearchentry
}


def create_full_text_index(apps, schema_editor):
    for statement in {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_full_text_index(apps, schema_editor):
    for statement in UNDO.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_document_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_INDEX)


def index_held_items(apps, schema_editor):
    """Entries for the items already on the desk, as WireItem.search_stems makes them."""
    from django.utils.html import strip_tags

    from kabar.core.search import stem_text

    item_model = apps.get_model("wire", "WireItem")
    entry_model = apps.get_model("wire", "WireSearchEntry")
    entries = []
    rows = item_model.objects.values_list("pk", "headline", "summary", "body_html", "byline")
    for pk, headline, summary, body_html, byline in rows.iterator(chunk_size=1000):
        entries.append(
            entry_model(item_id=pk, stems=stem_text(f"{headline} {summary} {strip_tags(body_html)} {byline}"))
        )
        if len(entries) >= 1000:
            entry_model.objects.bulk_create(entries)
            entries = []
    entry_model.objects.bulk_create(entries)


def remove_wagtail_index_rows(apps, schema_editor):
    """Wagtail's index rows for wire items: dead weight that every later page save would refresh norms over."""
    content_type = apps.get_model("contenttypes", "ContentType").objects.filter(app_label="wire", model="wireitem")
    ids = list(content_type.values_list("pk", flat=True))
    if not ids:
        return
    # On SQLite, Wagtail's trigger removes the matching rows of its FTS table.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM wagtailsearch_indexentry WHERE content_type_id = %s", [ids[0]])


class Migration(migrations.Migration):
    dependencies = [
        ("wire", "0003_unescape_stored_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="WireSearchEntry",
            fields=[
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="wire.wireitem",
                        verbose_name="item",
                    ),
                ),
                ("stems", models.TextField(verbose_name="roots of the headline, summary, body and byline")),
            ],
            options={
                "verbose_name": "wire search entry",
                "verbose_name_plural": "wire search entries",
            },
        ),
        migrations.RunPython(create_full_text_index, drop_full_text_index),
        migrations.RunPython(index_held_items, migrations.RunPython.noop),
        migrations.RunPython(create_document_index, migrations.RunPython.noop),
        migrations.RunPython(remove_wagtail_index_rows, migrations.RunPython.noop),
    ]
