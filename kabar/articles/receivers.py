"""Readers' search follows what readers may see, and an approval credits the Editor: connected in apps.py.

Publishing, unpublishing (the bin and expiry too) and a privacy change queue a refresh of the
search entries for the worker; stemming a long article is not the editor's wait. A deleted
article's entry goes with it (a cascade).

A review task approved on an article names the approver as its Editor (services.credit_approving_editor).
Wagtail sends ``task_approved`` only after the workflow has finished and published, so the rule runs
as the task state is saved approved, before Wagtail moves the workflow on.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page, PageViewRestriction, TaskState
from wagtail.signals import page_published, page_unpublished

from kabar.articles.models import ArticlePage
from kabar.articles.services import credit_approving_editor
from kabar.articles.tasks import refresh_search_entries, refresh_search_entries_below


def article_changed(sender: type, instance: Page, **kwargs: object) -> None:
    if isinstance(instance, ArticlePage):
        refresh_search_entries.enqueue([instance.pk])


def privacy_changed(sender: type, instance: PageViewRestriction, **kwargs: object) -> None:
    refresh_search_entries_below.enqueue(instance.page_id)


def task_approving(sender: type, instance: object, **kwargs: object) -> None:
    """A task state about to be saved approved, for the first time: credit its approver on the article."""
    if not isinstance(instance, TaskState) or instance.pk is None or instance.status != TaskState.STATUS_APPROVED:
        return
    if not TaskState.objects.filter(pk=instance.pk).exclude(status=TaskState.STATUS_APPROVED).exists():
        return
    content = instance.workflow_state.content_object
    article = content.specific if isinstance(content, Page) else content
    if isinstance(article, ArticlePage):
        revision = credit_approving_editor(article, instance.finished_by)
        if revision is not None:
            # Wagtail finishes the workflow by publishing the latest revision of this very instance.
            content.latest_revision = revision


def connect() -> None:
    uid = "kabar.articles.receivers."
    page_published.connect(article_changed, dispatch_uid=uid + "published")
    page_unpublished.connect(article_changed, dispatch_uid=uid + "unpublished")
    post_save.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid=uid + "privacy_saved")
    post_delete.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid=uid + "privacy_deleted")
    # TaskState's subclasses save through it, so every kind of task is seen; no sender filter.
    pre_save.connect(task_approving, dispatch_uid=uid + "task_approving")
