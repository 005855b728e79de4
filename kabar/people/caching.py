"""A person's name, title or photo appears on their author page and on every article they wrote or
edited; those pages carry ``person:<id>`` and are purged when the person changes. Connected in apps.py.
"""

from __future__ import annotations

from django.db.models.signals import post_save, pre_delete

from kabar.delivery.purge import person_key, purge_keys
from kabar.people.models import Person


def purge_person(sender: type, instance: Person, **kwargs: object) -> None:
    purge_keys([person_key(instance.pk)])


def connect() -> None:
    post_save.connect(purge_person, sender=Person, dispatch_uid="kabar.people.caching.saved")
    pre_delete.connect(purge_person, sender=Person, dispatch_uid="kabar.people.caching.deleted")
