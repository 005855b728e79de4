from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.auth import permission_denied, require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogActionRegistry, LogFormatter
from wagtail.models import Page

from kabar.articles import services as article_services
from kabar.articles.models import ArticlePage
from kabar.core import hooks as kabar_hooks
from kabar.core.roles import RoleRights
from kabar.newsroom import queries, services, views


@hooks.register("register_admin_urls")
def newsroom_admin_urls() -> list:
    return [
        path("newsroom/write/", views.new_article, name="newsroom_new_article"),
        path("newsroom/correct/<int:page_id>/", views.add_correction, name="newsroom_add_correction"),
        path("newsroom/bin/", views.bin_index, name="newsroom_bin"),
        path("newsroom/bin/empty/", views.empty_bin, name="newsroom_empty_bin"),
        path("newsroom/bin/move/<int:page_id>/", views.move_to_bin, name="newsroom_move_to_bin"),
        path("newsroom/bin/restore/<int:page_id>/", views.restore_from_bin, name="newsroom_restore_from_bin"),
        path("newsroom/bin/delete/<int:page_id>/", views.delete_from_bin, name="newsroom_delete_from_bin"),
    ]


@hooks.register("register_admin_menu_item")
def write_article_menu_item() -> MenuItem:
    return MenuItem(gettext_lazy("Write an article"), reverse("newsroom_new_article"), icon_name="edit", order=1)


@hooks.register("register_page_header_buttons")
def correction_button(page, user, view_name: str, next_url: str | None = None) -> Iterator[Button]:
    if page.live and issubclass(page.specific_class, ArticlePage) and page.permissions_for_user(user).can_publish():
        yield Button(
            gettext_lazy("Add a correction"),
            reverse("newsroom_add_correction", args=[page.pk]),
            icon_name="warning",
            priority=25,
        )


# --- the bin ("Tempat sampah"): deleting an article moves it there -------------------------


def _binned_redirect(request: HttpRequest, page: Page) -> HttpResponse:
    messages.warning(
        request,
        _("“%(title)s” is in the bin. Restore it first.") % {"title": page.get_admin_display_title()},
    )
    return redirect("newsroom_bin")


@hooks.register("before_delete_page")
def delete_moves_articles_to_the_bin(request: HttpRequest, page: Page) -> HttpResponse | None:
    """No article is ever deleted from the admin: "Delete" moves it to the bin, where it can be restored.

    A folder or section that holds articles is not deleted either, as that would delete them too.
    """
    if issubclass(page.specific_class, ArticlePage):
        if queries.is_binned(page.pk):
            return redirect("newsroom_bin")
        url = reverse("newsroom_move_to_bin", args=[page.pk])
        next_url = get_valid_next_url_from_request(request)
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
    held = queries.articles_under(page)
    if held:
        messages.error(
            request,
            ngettext(
                "“%(title)s” holds %(count)d article. Move it to the bin first: articles are never deleted "
                "with their folder.",
                "“%(title)s” holds %(count)d articles. Move them to the bin first: articles are never deleted "
                "with their folder.",
                held,
            )
            % {"title": page.get_admin_display_title(), "count": held},
        )
        return redirect("wagtailadmin_explore", page.pk)
    return None


@hooks.register("before_bulk_action")
def bulk_delete_moves_articles_to_the_bin(
    request: HttpRequest, action_type: str, objects: list, action: object
) -> HttpResponse | None:
    if action_type != "delete" or not issubclass(getattr(action, "model", object), Page):
        return None
    back = getattr(action, "next_url", None) or reverse("wagtailadmin_explore_root")
    articles = [page for page in objects if issubclass(page.specific_class, ArticlePage)]
    others = [page for page in objects if page.specific_class is not ArticlePage]
    for page in others:
        if queries.articles_under(page):
            messages.error(
                request,
                _("“%(title)s” holds articles: move them to the bin first. Nothing was deleted.")
                % {"title": page.get_admin_display_title()},
            )
            return redirect(back)
    if not articles:
        return None
    if others:
        messages.error(
            request,
            _("Articles go to the bin, other pages are deleted: select them separately. Nothing was deleted."),
        )
        return redirect(back)
    if not all(services.can_bin(request.user, page) for page in articles):
        raise PermissionDenied
    binned = 0
    for page in articles:
        if not queries.is_binned(page.pk):
            services.move_to_bin(page.specific, user=request.user)
            binned += 1
    messages.success(
        request,
        ngettext(
            "%(count)d article moved to the bin. It can be restored there for %(days)d days.",
            "%(count)d articles moved to the bin. They can be restored there for %(days)d days.",
            binned,
        )
        % {"count": binned, "days": settings.KABAR_BIN_DAYS},
    )
    return redirect(back)


@hooks.register("before_bulk_action")
def binned_articles_are_not_published_in_bulk(
    request: HttpRequest, action_type: str, objects: list, action: object
) -> HttpResponse | None:
    if action_type != "publish" or not issubclass(getattr(action, "model", object), Page):
        return None
    binned = [page for page in objects if queries.is_binned(page.pk)]
    if binned:
        return _binned_redirect(request, binned[0])
    return None


@hooks.register("construct_explorer_page_queryset")
def hide_binned_articles_from_listings(parent_page: Page, pages: QuerySet, request: HttpRequest) -> QuerySet:
    return pages.exclude(pk__in=queries.binned_article_ids())


@hooks.register("construct_page_chooser_queryset")
def hide_binned_articles_from_choosers(pages: QuerySet, request: HttpRequest) -> QuerySet:
    return pages.exclude(pk__in=queries.binned_article_ids())


@hooks.register("before_edit_page")
def binned_articles_are_not_edited(request: HttpRequest, page: Page) -> HttpResponse | None:
    return _binned_redirect(request, page) if queries.is_binned(page.pk) else None


@hooks.register("before_copy_page")
def binned_articles_are_not_copied(request: HttpRequest, page: Page) -> HttpResponse | None:
    return _binned_redirect(request, page) if queries.is_binned(page.pk) else None


@hooks.register("before_move_page")
def binned_articles_are_not_moved(request: HttpRequest, page: Page, destination: Page) -> HttpResponse | None:
    return _binned_redirect(request, page) if queries.is_binned(page.pk) else None


@hooks.register("before_move_page")
def only_those_who_may_move_see_the_move_confirmation(
    request: HttpRequest, page: Page, destination: Page
) -> HttpResponse | None:
    """Wagtail checks the right to move only when the move is posted; its confirmation page (a GET)
    would show anyone with admin access the page and its destination. Refuse both alike."""
    if page.permissions_for_user(request.user).can_move_to(destination):
        return None
    return permission_denied(request)


class BinMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("newsroom.move_to_bin")


@hooks.register("register_admin_menu_item")
def bin_menu_item() -> MenuItem:
    return BinMenuItem(gettext_lazy("Bin"), reverse("newsroom_bin"), name="bin", icon_name="bin", order=9000)


# --- the audit log: the newsroom's own actions, with readable labels ------------------------


@hooks.register("register_log_actions")
def register_newsroom_log_actions(actions: LogActionRegistry) -> None:
    @actions.register_action(services.BIN_ACTION)
    class MovedToBin(LogFormatter):
        label = gettext_lazy("Move to the bin")

        def format_message(self, log_entry: object) -> str:
            if log_entry.data.get("was_live"):
                return _("Unpublished and moved to the bin")
            return _("Moved to the bin")

    actions.register_action(
        services.BIN_RESTORE_ACTION, gettext_lazy("Restore from the bin"), gettext_lazy("Restored from the bin")
    )

    @actions.register_action(article_services.CORRECTION_ACTION)
    class Corrected(LogFormatter):
        label = gettext_lazy("Correction")

        def format_message(self, log_entry: object) -> str:
            return _("Correction published: %(note)s") % {"note": log_entry.data.get("note", "")}


# --- staff accounts: two-factor login and sessions (kabar/newsroom/security.py) ------------------


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request: HttpRequest) -> dict[str, str]:
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-factor login"),
        "help_text": _("Set up an authenticator app, passkeys or security keys, and recovery codes."),
    }


@hooks.register("register_account_menu_item")
def sessions_account_menu_item(request: HttpRequest) -> dict[str, str]:
    return {
        "url": reverse("usersessions_list"),
        "label": _("Sessions"),
        "help_text": _("See where your account is logged in, and log out the other sessions."),
    }


# --- Kabar's hooks (kabar/core/hooks.py) ----------------------------------------------------------


@hooks.register(kabar_hooks.ROLE_RIGHTS)
def role_rights() -> list[RoleRights]:
    return services.newsroom_rights()


@hooks.register(kabar_hooks.PERIODIC_JOBS)
def periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [
        kabar_hooks.PeriodicJob("kabar.newsroom.services.publish_due_articles", settings.KABAR_SCHEDULER_INTERVAL),
        kabar_hooks.PeriodicJob("kabar.newsroom.services.purge_expired_bin", 3600),
    ]


@hooks.register(kabar_hooks.PUBLIC_URLS)
def public_urls() -> list[URLPattern]:
    return [
        # Ahead of Wagtail's own routes of the same name: its page search would otherwise list the bin.
        path(
            "admin/pages/search/",
            require_admin_access(views.PageSearchWithoutBin.as_view()),
            name="wagtailadmin_pages_search",
        ),
        path(
            "admin/pages/search/results/",
            require_admin_access(views.PageSearchWithoutBin.as_view(results_only=True)),
            name="wagtailadmin_pages_search_results",
        ),
        # Before Wagtail's own: staff log in through the one login that asks for the second factor.
        path("admin/login/", views.admin_login, name="newsroom_admin_login"),
    ]
