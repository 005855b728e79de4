from __future__ import annotations

from collections.abc import Iterator

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from kabar.articles.models import ArticlePage
from kabar.newsroom import views


@hooks.register("register_admin_urls")
def newsroom_admin_urls() -> list:
    return [
        path("newsroom/write/", views.new_article, name="newsroom_new_article"),
        path("newsroom/correct/<int:page_id>/", views.add_correction, name="newsroom_add_correction"),
    ]


@hooks.register("register_admin_menu_item")
def write_article_menu_item() -> MenuItem:
    return MenuItem(_("Write an article"), reverse("newsroom_new_article"), icon_name="edit", order=1)


@hooks.register("register_page_header_buttons")
def correction_button(page, user, view_name: str, next_url: str | None = None) -> Iterator[Button]:
    if page.live and page.specific_class is ArticlePage and page.permissions_for_user(user).can_publish():
        yield Button(
            _("Add a correction"),
            reverse("newsroom_add_correction", args=[page.pk]),
            icon_name="warning",
            priority=25,
        )
