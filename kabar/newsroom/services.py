"""The newsroom's set-up (groups, rights, review workflow) and its periodic work."""

from __future__ import annotations

import io
import logging

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

logger = logging.getLogger(__name__)

# Staff groups by their newsroom names. Codenames are Wagtail's page permission types.
WRITERS = "Penulis"
EDITORS = "Redaktur"
ADMINS = "Admin"
REVIEW_WORKFLOW = "Tinjauan Redaktur"
REVIEW_TASK = "Persetujuan Redaktur"

PAGE_RIGHTS = {
    WRITERS: ["add_page"],  # create and edit their own drafts; submit for review; never publish
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
}
IMAGE_RIGHTS = {
    WRITERS: ["add_image", "choose_image", "add_document", "choose_document"],
    EDITORS: ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
    ADMINS: ["add_image", "change_image", "delete_image", "choose_image", "add_document", "change_document",
             "delete_document", "choose_document"],
}  # fmt: skip
MODEL_RIGHTS = {
    WRITERS: [
        "wagtailadmin.access_admin", "people.view_person", "sources.view_source", "taggit.add_tag",
        "wire.view_wireitem",
    ],
    EDITORS: [
        "wagtailadmin.access_admin", "people.view_person", "people.add_person", "people.change_person",
        "sources.view_source", "sources.add_source", "sources.change_source", "taggit.add_tag", "taggit.change_tag",
        "wagtailredirects.add_redirect", "wagtailredirects.change_redirect", "wire.view_wireitem",
    ],
    ADMINS: [
        "wagtailadmin.access_admin", "people.view_person", "people.add_person", "people.change_person",
        "people.delete_person", "sources.view_source", "sources.add_source", "sources.change_source",
        "sources.delete_source", "taggit.add_tag", "taggit.change_tag", "taggit.delete_tag",
        "wagtailredirects.add_redirect", "wagtailredirects.change_redirect", "wagtailredirects.delete_redirect",
        "auth.add_user", "auth.change_user", "auth.view_user", "core.change_publicationsettings",
        "wagtailcore.add_workflow", "wagtailcore.change_workflow", "wagtailcore.add_task", "wagtailcore.change_task",
        "wire.view_wireitem", "wire.view_wirefeed", "wire.add_wirefeed", "wire.change_wirefeed",
        "wire.delete_wirefeed",
    ],
}  # fmt: skip


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_newsroom(home: Page) -> Workflow:
    """Groups Penulis, Redaktur and Admin with their rights, and the review workflow on the whole site.

    Idempotent: run after every migrate, so a new permission reaches existing groups.
    """
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    # Made by Wagtail's migrations; made again here after `flush` emptied every table.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    if not Group.objects.filter(name__in=[WRITERS, EDITORS, ADMINS]).exists():
        # Wagtail's starter groups would sit confusingly beside the newsroom's own.
        Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    groups = {}
    for name in (WRITERS, EDITORS, ADMINS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for codename in PAGE_RIGHTS[name]:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        for codename in IMAGE_RIGHTS[name]:
            app_label = "wagtailimages" if codename.endswith("_image") else "wagtaildocs"
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
        group.permissions.add(*[_permission(dotted) for dotted in MODEL_RIGHTS[name]])

    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
        task.groups.set([groups[EDITORS], groups[ADMINS]])
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow


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
