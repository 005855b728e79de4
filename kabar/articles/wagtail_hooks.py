"""The articles app's part in Kabar's hooks (kabar/core/hooks.py)."""

from __future__ import annotations

from wagtail import hooks

from kabar.articles.services import flush_page_views
from kabar.core import hooks as kabar_hooks


@hooks.register(kabar_hooks.PERIODIC_JOBS)
def periodic_jobs() -> list[kabar_hooks.PeriodicJob]:
    return [kabar_hooks.PeriodicJob("kabar.articles.services.prune_page_view_buckets", 3600)]


# Page views counted in a serving process's memory are written before it exits.
hooks.register(kabar_hooks.EXIT_FLUSH, flush_page_views)
