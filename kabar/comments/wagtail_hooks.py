"""Comment moderation in Wagtail's admin: the "Comments" menu (queue, bans, word list), the audit-log
actions, the "Comments" button on an article, and the moderate permission in the group editor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from kabar.articles.models import ArticlePage
from kabar.comments import admin_views, services
from kabar.comments.models import Ban, BlockedWord, Comment
from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights
from kabar.delivery import slots


@hooks.register("register_admin_urls")
def comments_admin_urls() -> list:
    return [
        path("comments/", admin_views.queue, name="comments_queue"),
        path("comments/<int:comment_id>/", admin_views.comment_detail, name="comments_detail"),
        path("comments/<int:comment_id>/moderate/", admin_views.moderate_one, name="comments_moderate"),
        path("comments/<int:comment_id>/ban/", admin_views.ban, name="comments_ban"),
        path("comments/article/<int:page_id>/", admin_views.article_comments, name="comments_article"),
    ]


class BanIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Ban]:
        return super().get_base_queryset().select_related("user", "created_by")


class BansMadeFromComments(ModelPermissionPolicy):
    """No "add" here, for anyone: a ban starts from a comment (and its writer), with its audit entry."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


class BanViewSet(ModelViewSet):
    """Bans are made from a comment (the queue's "Ban reader"); here they are reviewed, shortened or lifted."""

    model = Ban
    index_view_class = BanIndexView
    icon = "comment"
    menu_label = _("Banned readers")
    add_to_admin_menu = False
    list_display = [
        Column("user", label=_("Reader")),
        "reason",
        DateColumn("created_at", label=_("Created at")),
        DateColumn("expires_at", label=_("Expires at")),
        Column("created_by", label=_("Banned by")),
    ]
    search_fields = ["reason", "user__username", "user__email"]
    # Not the reader: a select of every account would be huge, and a ban belongs to its reader.
    form_fields = ["reason", "expires_at"]
    ordering = ["-created_at"]

    @property
    def permission_policy(self) -> ModelPermissionPolicy:
        return BansMadeFromComments(self.model)


class BlockedWordViewSet(ModelViewSet):
    model = BlockedWord
    icon = "comment"
    menu_label = _("Word list")
    add_to_admin_menu = False
    list_display = ["word", DateColumn("created_at", label=_("Added"))]
    search_fields = ["word"]
    form_fields = ["word"]


ban_viewset = BanViewSet("comment_bans")
word_viewset = BlockedWordViewSet("comment_words")


@hooks.register("register_admin_viewset")
def register_comment_viewsets() -> list[ModelViewSet]:
    return [ban_viewset, word_viewset]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def comments_menu() -> SubmenuMenuItem:
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Moderation queue"),
                reverse("comments_queue"),
                icon_name="comment",
                order=1,
                permission=admin_views.MODERATE,
            ),
            PermissionMenuItem(
                _("Banned readers"),
                reverse(ban_viewset.get_url_name("index")),
                icon_name="cross",
                order=2,
                permission="comments.view_ban",
            ),
            PermissionMenuItem(
                _("Word list"),
                reverse(word_viewset.get_url_name("index")),
                icon_name="list-ul",
                order=3,
                permission="comments.view_blockedword",
            ),
        ]
    )
    return SubmenuMenuItem(_("Comments"), menu, icon_name="comment", name="comments", order=3)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions: Any) -> None:
    actions.register_action(services.APPROVE, _("Approve comment"), _("Comment approved"))
    actions.register_action(services.REJECT, _("Reject comment"), _("Comment rejected"))
    actions.register_action(services.SPAM, _("Mark comment as spam"), _("Comment marked as spam"))
    actions.register_action(services.HIDE, _("Hide reported comment"), _("Comment hidden after readers' reports"))
    actions.register_action(services.BAN, _("Ban reader"), _("Reader banned from commenting"))
    actions.register_action(services.POLICY, _("Set article comments"), _("Comment settings of the article changed"))


@hooks.register("register_permissions")
def register_moderate_permission() -> QuerySet[Permission]:
    return Permission.objects.filter(content_type__app_label="comments", codename="moderate_comment")


class CommentAdminURLFinder(ModelAdminURLFinder):
    """Log entries about a comment link to its moderation screen."""

    edit_url_name = "comments_detail"

    def get_edit_url(self, instance: Comment) -> str | None:
        if self.user is not None and not self.user.has_perm(admin_views.MODERATE):
            return None
        return self.construct_edit_url(instance)


register_admin_url_finder(Comment, CommentAdminURLFinder)


@hooks.register("register_page_header_buttons")
def comments_button(page: Any, user: Any, view_name: str, next_url: str | None = None) -> Iterator[Button]:
    if issubclass(page.specific_class, ArticlePage) and user.has_perm(admin_views.MODERATE):
        yield Button(_("Comments"), reverse("comments_article", args=[page.pk]), icon_name="comment", priority=40)


# --- Kabar's hooks (kabar/core/hooks.py) ----------------------------------------------------------


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def role_rights() -> list[RoleRights]:
    """The Moderator role moderates and nothing else; the newsroom's editors and admins moderate too."""
    return [
        RoleRights(Role.MODERATOR, permissions=("wagtailadmin.access_admin", *services.MODERATION_RIGHTS)),
        RoleRights(Role.EDITOR, permissions=tuple(services.MODERATION_RIGHTS)),
        RoleRights(Role.ADMIN, permissions=(*services.MODERATION_RIGHTS, "comments.add_ban")),
    ]


@hooks.register(kabar_hooks.SLOT_FILLERS)
def slot_fillers() -> list[slots.Filler]:
    return [
        slots.Filler("article_head", slots.template("comments/slots/article_head.html")),
        slots.Filler(
            "after_article", slots.template("comments/slots/after_article.html", "page", "is_preview"), order=20
        ),
    ]


@hooks.register(kabar_hooks.PUBLIC_URLS)
def public_urls() -> list[URLResolver]:
    return [path("komentar/", include("kabar.comments.urls"))]


hooks.register(kabar_hooks.EXPORT_READER_DATA, services.export_reader_data)
hooks.register(kabar_hooks.FORGET_READER, services.forget_reader)
