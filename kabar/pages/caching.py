"""The page cache's view of these pages: the keys they carry and the changes that purge them.

- each page carries ``infopage:<id>``, purged when it is published, unpublished, moved or deleted;
- every public page's footer links to them, so publishing one also purges ``site`` (softly: the old
  copies serve while each page renders again);
- Koreksi carries ``corrections`` (a correction added, changed or removed on any article) and the
  keys of the articles it lists; Redaksi carries ``masthead`` (anyone in People changed).

Connected in apps.py. Key names beside kabar.delivery.purge's.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from kabar.articles.models import Correction
from kabar.delivery.purge import SITE, purge_keys
from kabar.people.models import Person

CORRECTIONS = "corrections"
MASTHEAD = "masthead"
FOOTER_CACHE_KEY = "kabar:pages:footer:v1"


def page_key(page_id: int) -> str:
    return f"infopage:{page_id}"


def _is_ours(page: Page) -> bool:
    from kabar.pages.models import InformationPage

    return isinstance(page, InformationPage)


def purge_page(page: Page, *, hard: bool) -> None:
    cache.delete(FOOTER_CACHE_KEY)
    purge_keys([page_key(page.pk)], hard=hard)
    # The footer of every page names it: those copies go stale, never away.
    purge_keys([SITE])


def purge_published(sender: type, instance: Page, **kwargs: object) -> None:
    if _is_ours(instance):
        purge_page(instance, hard=False)


def purge_removed(sender: type, instance: Page, **kwargs: object) -> None:
    # Unpublished or deleted: hard, so the old text is never served again.
    if _is_ours(instance):
        purge_page(instance, hard=True)


def purge_moved(sender: type, instance: Page, **kwargs: object) -> None:
    if _is_ours(instance.specific_deferred):
        purge_page(instance, hard=True)


def purge_corrections(sender: type, instance: Correction, **kwargs: object) -> None:
    purge_keys([CORRECTIONS])


def purge_masthead(sender: type, instance: Person, **kwargs: object) -> None:
    purge_keys([MASTHEAD])


def connect() -> None:
    from kabar.pages.models import CorrectionsPage, MastheadPage, RightOfReplyPage, StandardPage

    page_published.connect(purge_published, dispatch_uid="kabar.pages.caching.published")
    page_unpublished.connect(purge_removed, dispatch_uid="kabar.pages.caching.unpublished")
    post_page_move.connect(purge_moved, dispatch_uid="kabar.pages.caching.moved")
    for model in (StandardPage, MastheadPage, RightOfReplyPage, CorrectionsPage):
        pre_delete.connect(purge_removed, sender=model, dispatch_uid=f"kabar.pages.caching.deleted.{model.__name__}")
    # Publishing an article writes its corrections again (modelcluster): added, changed or removed.
    post_save.connect(purge_corrections, sender=Correction, dispatch_uid="kabar.pages.caching.correction_saved")
    post_delete.connect(purge_corrections, sender=Correction, dispatch_uid="kabar.pages.caching.correction_deleted")
    post_save.connect(purge_masthead, sender=Person, dispatch_uid="kabar.pages.caching.person_saved")
    post_delete.connect(purge_masthead, sender=Person, dispatch_uid="kabar.pages.caching.person_deleted")
