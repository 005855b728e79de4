"""The desk's search over WireSearchEntry, in the database's own full-text index.

PostgreSQL: a tsvector column over the entries' roots with a GIN index; SQLite: an FTS5 table with
the entries as its external content, kept in step by triggers. Both are made by migration 0004;
here is how entries are written and read. An entry is written in the same transaction as its item,
a whole document's in one INSERT, so indexing costs the same on an empty desk and on a desk of a
million items (Wagtail's index, used before, refreshed its title norms over every row per document).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from kabar.articles.search_index import SqliteSearchIndex
from kabar.wire.models import WireItem, WireSearchEntry


def entry_for(item: WireItem) -> WireSearchEntry:
    return WireSearchEntry(item_id=item.pk, stems=item.search_stems())


def add_entries(items: Iterable[WireItem]) -> None:
    """Entries for items just created: one INSERT per batch of rows."""
    WireSearchEntry.objects.bulk_create([entry_for(item) for item in items], batch_size=500)


def replace_entry(item: WireItem) -> None:
    """The entry of an item that has just taken a new version."""
    stems = item.search_stems()
    if not WireSearchEntry.objects.filter(item_id=item.pk).update(stems=stems):
        WireSearchEntry.objects.create(item_id=item.pk, stems=stems)


def matching(items: QuerySet[WireItem], stems: str) -> QuerySet[WireItem]:
    """`items` narrowed to those whose entry holds every root in `stems`."""
    if connection.vendor == "postgresql":
        found = RawSQL(
            "SELECT item_id FROM wire_wiresearchentry WHERE document @@ plainto_tsquery('simple', %s)", [stems]
        )
    else:
        expression = SqliteSearchIndex.match_expression(stems)
        if not expression:
            return items.none()
        found = RawSQL("SELECT rowid FROM wire_searchtext WHERE wire_searchtext MATCH %s", [expression])
    return items.filter(pk__in=found)
