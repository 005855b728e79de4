"""The articles app's part in Kabar's hooks (kabar/core/hooks.py) and in Wagtail's page editor."""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks

from kabar.articles.services import flush_page_views
from kabar.core import hooks as kabar_hooks


@hooks.register(kabar_hooks.PERIODIC_JOBS)
def periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [kabar_hooks.PeriodicJob("kabar.articles.services.prune_page_view_buckets", 3600)]


# Page views counted in a serving process's memory are written before it exits.
hooks.register(kabar_hooks.EXIT_FLUSH, flush_page_views)


@hooks.register("insert_editor_js")
def autosave_then_submit() -> SafeString:
    """A submit waits for an autosave on its way (the script says why): no second page, no slug clash."""
    return format_html('<script src="{}" defer></script>', static("articles/admin-autosave-then-submit.js"))
