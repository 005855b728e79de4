"""The standard pages in Wagtail's admin and on the public pages: the "Rights of reply" list where
editors answer readers, its audit-log action, the roles' rights, and the footer's links."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from kabar.core import hooks as kabar_hooks
from kabar.core.roles import Role, RoleRights
from kabar.delivery import slots
from kabar.pages import queries, services
from kabar.pages.models import RightOfReply

ANSWER_RIGHTS = ("wagtailadmin.access_admin", "pages.view_rightofreply", "pages.change_rightofreply")


class RepliesComeFromReaders(ModelPermissionPolicy):
    """No "add" here, for anyone: a right of reply is what a reader sent from the Hak Jawab page."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


class RightOfReplyIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[RightOfReply]:
        return super().get_base_queryset().select_related("article", "answered_by")


class AnswerView(EditView):
    """Saving sets the status and the answer through services.answer_reply: who answered and when,
    the audit-log entry, and the mail to the reader when the answer is new or changed."""

    def save_instance(self) -> RightOfReply:
        reply = self.form.instance
        saved, self.answer_sent = services.answer_reply(
            reply, status=reply.status, answer=reply.answer, user=self.request.user
        )
        return saved

    def get_success_message(self) -> str:
        if getattr(self, "answer_sent", False):
            return gettext("Saved. The answer is on its way to %(email)s.") % {"email": self.object.email}
        return gettext("Saved.")


class RightOfReplyViewSet(ModelViewSet):
    model = RightOfReply
    index_view_class = RightOfReplyIndexView
    edit_view_class = AnswerView
    icon = "mail"
    menu_label = gettext_lazy("Rights of reply")
    menu_order = 215
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        DateColumn("received_at", label=gettext_lazy("Received")),
        Column("name", label=gettext_lazy("Name")),
        Column("article", label=gettext_lazy("Article")),
        Column("get_status_display", label=gettext_lazy("Status")),
        Column("answered_by", label=gettext_lazy("Answered by")),
    ]
    list_filter = ["status"]
    search_fields = ["name", "email", "text"]
    ordering = ["-received_at"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name", read_only=True),
                FieldPanel("email", read_only=True),
                FieldPanel("phone", read_only=True),
                FieldPanel("article_url", read_only=True),
                FieldPanel("received_at", read_only=True),
                FieldPanel("text", read_only=True),
            ],
            heading=gettext_lazy("What the reader sent"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("answer"),
                FieldPanel("answered_by", read_only=True),
                FieldPanel("answered_at", read_only=True),
            ],
            heading=gettext_lazy("The editors' answer"),
        ),
    ]

    @property
    def permission_policy(self) -> ModelPermissionPolicy:
        return RepliesComeFromReaders(self.model)


rights_of_reply_viewset = RightOfReplyViewSet("rights_of_reply")


@hooks.register("register_admin_viewset")
def register_rights_of_reply() -> RightOfReplyViewSet:
    return rights_of_reply_viewset


@hooks.register("register_log_actions")
def register_right_of_reply_log_actions(actions: Any) -> None:
    actions.register_action(
        services.ANSWERED, gettext_lazy("Answer right of reply"), gettext_lazy("Right of reply answered")
    )


# --- Kabar's hooks (kabar/core/hooks.py) ----------------------------------------------------------


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def role_rights() -> list[RoleRights]:
    """Redaktur and Admin read and answer rights of reply; only Admin deletes one (a reader's request)."""
    return [
        RoleRights(Role.EDITOR, permissions=ANSWER_RIGHTS),
        RoleRights(Role.ADMIN, permissions=(*ANSWER_RIGHTS, "pages.delete_rightofreply")),
    ]


def footer_links(slot: slots.Slot) -> str:
    from django.template.loader import render_to_string

    links = queries.safe_footer_links()
    if not links:
        return ""
    return render_to_string("pages/includes/footer_links.html", {"links": links})


@hooks.register(kabar_hooks.EXPORT_READER_DATA)
def export_reader_data(user: Any) -> dict[str, Any]:
    """The reader's data download holds the rights of reply sent from their verified addresses."""
    return {"rights_of_reply": queries.replies_for_export(user)}


@hooks.register(kabar_hooks.SLOT_FILLERS)
def slot_fillers() -> list[slots.Filler]:
    return [slots.Filler("footer_links", footer_links, order=10)]
