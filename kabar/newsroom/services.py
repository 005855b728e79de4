"""The newsroom's set-up (its roles' rights, the review workflow), the bin, and its periodic work."""

from __future__ import annotations

import datetime as dt
import io
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.delete_page import DeletePageAction
from wagtail.log_actions import log
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Revision,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from kabar.articles.models import ArticlePage
from kabar.core.roles import Role, RoleRights
from kabar.newsroom.models import BinnedArticle

logger = logging.getLogger(__name__)

# The newsroom's roles (kabar.core.roles), by the names its code uses.
WRITERS = Role.WRITER
EDITORS = Role.EDITOR
ADMINS = Role.ADMIN
REVIEW_WORKFLOW = "Tinjauan Redaktur"
REVIEW_TASK = "Persetujuan Redaktur"

_WRITER_FILES = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
_EDITOR_FILES = (*_WRITER_FILES, "wagtailimages.change_image", "wagtaildocs.change_document")
_EDITOR_PAGES = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
_EDITOR_MODELS = (
    "wagtailadmin.access_admin",
    "people.view_person",
    "people.add_person",
    "people.change_person",
    "sources.view_source",
    "sources.add_source",
    "sources.change_source",
    "taggit.add_tag",
    "taggit.change_tag",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "newsroom.move_to_bin",
)


def newsroom_rights() -> list[RoleRights]:
    """Penulis write and submit, never publish; Redaktur publish; Admin also run the site's people and set-up."""
    return [
        RoleRights(
            WRITERS,
            permissions=("wagtailadmin.access_admin", "people.view_person", "sources.view_source", "taggit.add_tag"),
            collection_permissions=_WRITER_FILES,
            # Create and edit their own drafts; submit them for review.
            page_permissions=("add_page",),
        ),
        RoleRights(
            EDITORS, permissions=_EDITOR_MODELS, collection_permissions=_EDITOR_FILES, page_permissions=_EDITOR_PAGES
        ),
        RoleRights(
            ADMINS,
            permissions=(*_EDITOR_MODELS, "people.delete_person", "sources.delete_source", "taggit.delete_tag",
                         "wagtailredirects.delete_redirect", "newsroom.empty_bin", "auth.add_user",
                         "auth.change_user", "auth.view_user", "core.change_publicationsettings",
                         "wagtailcore.add_workflow", "wagtailcore.change_workflow", "wagtailcore.add_task",
                         "wagtailcore.change_task"),
            collection_permissions=(*_EDITOR_FILES, "wagtailimages.delete_image", "wagtaildocs.delete_document"),
            page_permissions=(*_EDITOR_PAGES, "bulk_delete_page"),
        ),
    ]  # fmt: skip


@transaction.atomic
def ensure_newsroom(home: Page) -> Workflow:
    """The review workflow on the whole site: Redaktur and Admin approve what Penulis submit.

    Idempotent: run after every migrate. The groups' rights are given by kabar.core.roles.
    """
    if not Group.objects.filter(name__in=[WRITERS, EDITORS, ADMINS]).exists():
        # Wagtail's starter groups would sit confusingly beside the newsroom's own.
        Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
        task.groups.set([Group.objects.get_or_create(name=name)[0] for name in (EDITORS, ADMINS)])
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def section_writers_group_name(section: Page) -> str:
    return f"{WRITERS} {section.title}"


@transaction.atomic
def assign_writer_to_section(user: AbstractBaseUser, section: Page) -> Group:
    """Let a Penulis edit every draft in `section` (other writers' too), never publish there.

    A per-section group holding Wagtail's "change" page permission on the section page; publishing
    stays with Redaktur and Admin, who hold "publish" on the whole site.
    """
    if not user.groups.filter(name=WRITERS).exists():
        raise ValueError(f"{user} is not in the {WRITERS} group; only writers are assigned to sections.")
    group, _created = Group.objects.get_or_create(name=section_writers_group_name(section))
    permission = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)
    user.groups.add(group)
    logger.info("writer %s assigned to section %s", user.pk, section.pk)
    return group


def publish_due_articles() -> int:
    """Publish every revision whose scheduled time has come, and unpublish expired pages.

    The worker's clock calls this every minute under a lease, so it never runs twice at once.
    Wagtail's own `publish_scheduled` does the publishing, with its audit log entries.
    """
    due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).count()
    call_command("publish_scheduled", stdout=io.StringIO())
    if due:
        logger.info("published %d scheduled revision(s)", due)
    return due


# --- the bin ("Tempat sampah") -------------------------------------------------------------

# Audit log actions (registered with their labels in wagtail_hooks.py).
BIN_ACTION = "kabar.bin"
BIN_RESTORE_ACTION = "kabar.bin_restore"

Actor = AbstractBaseUser | AnonymousUser


class BinError(Exception):
    """Why an article cannot go into, or come out of, the bin; the message is for the editor."""


def can_bin(user: Actor, page: Page) -> bool:
    """Redaktur and Admin may bin an article they could otherwise delete; Penulis never, not even their drafts."""
    return bool(user.has_perm("newsroom.move_to_bin")) and page.permissions_for_user(user).can_delete()


def can_empty_bin(user: Actor) -> bool:
    return bool(user.has_perm("newsroom.empty_bin"))


def _acting(user: Actor | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def move_to_bin(article: ArticlePage, user: Actor | None = None) -> BinnedArticle:
    """Unpublish the article, stop its review and scheduled publishing, and put it in the bin.

    It stays where it was filed, with its URL, revisions and search entry; readers get a 404
    because it is no longer live. The admin's folder listings and page choosers leave it out;
    its page search still finds it, and opening it from there leads to the bin.
    """
    article = ArticlePage.objects.get(pk=article.pk)
    if BinnedArticle.objects.filter(article=article).exists():
        raise BinError(_("“%(title)s” is already in the bin.") % {"title": article.title})
    was_live = article.live
    workflow_state = article.current_workflow_state
    if workflow_state is not None:
        workflow_state.cancel(user=_acting(user))
    # A scheduled revision would otherwise go live from the bin at its time.
    article.revisions.filter(approved_go_live_at__isnull=False).update(approved_go_live_at=None)
    if was_live:
        article.unpublish(user=_acting(user))
    binned = BinnedArticle.objects.create(
        article=article, binned_at=timezone.now(), binned_by=_acting(user), was_live=was_live
    )
    log(instance=article, action=BIN_ACTION, user=_acting(user), data={"was_live": was_live})
    logger.info("article %s moved to the bin by %s", article.pk, getattr(user, "pk", None))
    return binned


@transaction.atomic
def restore_from_bin(article: ArticlePage, user: Actor | None = None) -> ArticlePage:
    """Take the article out of the bin as a draft, in its folder: an editor publishes it again when ready.

    Not straight back to live: it was taken down on purpose (perhaps for legal reasons), so going
    public again is an editor's decision, made with the usual "Terbitkan".
    """
    deleted, _count = BinnedArticle.objects.filter(article_id=article.pk).delete()
    if not deleted:
        raise BinError(_("“%(title)s” is not in the bin.") % {"title": article.title})
    log(instance=article, action=BIN_RESTORE_ACTION, user=_acting(user))
    return ArticlePage.objects.get(pk=article.pk)


def delete_from_bin(article: ArticlePage, user: Actor | None = None) -> None:
    """Delete a binned article for good, with its revisions. Wagtail logs the deletion."""
    with transaction.atomic():
        if not BinnedArticle.objects.filter(article_id=article.pk).exists():
            # Articles are only ever deleted out of the bin: never straight from the site.
            raise BinError(_("“%(title)s” is not in the bin.") % {"title": article.title})
        DeletePageAction(ArticlePage.objects.get(pk=article.pk), user=_acting(user)).execute(
            skip_permission_checks=True
        )
    logger.info("article %s deleted from the bin by %s", article.pk, getattr(user, "pk", None))


def empty_bin(user: Actor | None = None, older_than: dt.timedelta | None = None) -> int:
    """Delete for good every binned article (or those binned longer ago than `older_than`); how many went."""
    entries = BinnedArticle.objects.select_related("article").order_by("binned_at")
    if older_than is not None:
        entries = entries.filter(binned_at__lt=timezone.now() - older_than)
    deleted = 0
    for entry in list(entries):
        try:
            delete_from_bin(entry.article, user=user)
        except Exception:
            # One article that cannot go (a protected reference) must not keep the others in the bin.
            logger.exception("could not delete article %s from the bin", entry.article_id)
            continue
        deleted += 1
    return deleted


def purge_expired_bin() -> int:
    """The worker's job: delete for good what has been in the bin for KABAR_BIN_DAYS days."""
    deleted = empty_bin(older_than=dt.timedelta(days=settings.KABAR_BIN_DAYS))
    if deleted:
        logger.info("deleted %d article(s) binned more than %d days ago", deleted, settings.KABAR_BIN_DAYS)
    return deleted
