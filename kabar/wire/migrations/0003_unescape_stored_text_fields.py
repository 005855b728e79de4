"""Text fields stored before they were kept as text held HTML entities ("AT&amp;T"): decoded once.

Only entities with their closing semicolon are decoded, as the parsers now do; what the old
sanitiser removed (an unknown tag-like word) cannot be brought back.
"""

import html
import re

from django.db import migrations
from django.db.models import Q, TextField
from django.db.models.functions import Cast

ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
TEXT_FIELDS = ("headline", "summary", "located", "byline", "ednote")


def _decode(text):
    return ENTITY.sub(lambda match: html.unescape(match.group(0)), text or "")


def unescape_text_fields(apps, schema_editor):
    WireItem = apps.get_model("wire", "WireItem")
    has_entity = Q(photos_text__contains="&")
    for name in TEXT_FIELDS:
        has_entity |= Q(**{f"{name}__contains": "&"})
    items = (
        WireItem.objects.annotate(photos_text=Cast("photos", TextField()))
        .filter(has_entity)
        .only("pk", "photos", *TEXT_FIELDS)
    )
    for item in items.iterator(chunk_size=500):
        changed = []
        for name in TEXT_FIELDS:
            decoded = _decode(getattr(item, name))
            if decoded != getattr(item, name):
                setattr(item, name, decoded)
                changed.append(name)
        photos = [
            {**photo, "caption": _decode(photo.get("caption", ""))} if isinstance(photo, dict) else photo
            for photo in item.photos or []
        ]
        if photos != (item.photos or []):
            item.photos = photos
            changed.append("photos")
        if changed:
            item.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("wire", "0002_wireitem_item_type")]

    operations = [migrations.RunPython(unescape_text_fields, migrations.RunPython.noop, elidable=True)]
