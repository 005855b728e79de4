"""Kabar's own hooks: the declared ways a feature app plugs into the rest of Kabar.

They are Wagtail hooks (docs/decisions/0008-the-seam.md): an app registers in its own
``wagtail_hooks.py``, which Wagtail imports for every installed app, so an app taken out of
INSTALLED_APPS takes its registrations with it and nothing else needs editing::

    from wagtail import hooks
    from kabar.core import hooks as kabar

    @hooks.register(kabar.PERIODIC_JOBS)
    def periodic_jobs() -> list[kabar.PeriodicJob]:
        return [kabar.PeriodicJob("kabar.comments.services.prune_reports", 3600)]

Every name below is declared once, with the parameters its functions are called with. The system
check ``core.E010``/``core.E011`` refuses a ``kabar_*`` hook that is not declared here, or a function
that cannot be called the way the hook calls it; each reader below refuses a wrong return value.

| hook                        | a function…                               | called by                          |
| --------------------------- | ----------------------------------------- | ---------------------------------- |
| ``kabar_role_rights``       | () -> Iterable[RoleRights]                | roles.apply_role_rights (migrate)  |
| ``kabar_periodic_jobs``     | () -> Iterable[PeriodicJob]               | the worker's clock                 |
| ``kabar_export_reader_data``| (user) -> dict: new top-level keys         | the reader's data download         |
| ``kabar_forget_reader``     | (user, *, remove_comments: bool) -> None  | account deletion, in its transaction |
| ``kabar_exit_flush``        | () -> object                              | a serving process that exits       |
| ``kabar_slot_fillers``      | () -> Iterable[slots.Filler]              | the public templates' slots         |
| ``kabar_public_urls``       | () -> list of URL patterns                | kabar/urls.py, before the page tree |
| ``kabar_wire_destinations`` | () -> Iterable[WireDestination]           | the wire desk's item page          |
| ``kabar_alert_senders``     | () -> Iterable[AlertSender]               | a desk that sends a story as an alert |
| ``kabar_breaking_news_channels`` | () -> Iterable[BreakingNewsChannel]  | the alert form ("Kirim notifikasi") |
| ``kabar_current_members``   | () -> QuerySet of user ids                | members-only mail (newsletters)    |
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core import checks
from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver
from django.utils.functional import Promise
from wagtail import hooks

logger = logging.getLogger(__name__)

ROLE_RIGHTS = "kabar_role_rights"
PERIODIC_JOBS = "kabar_periodic_jobs"
EXPORT_READER_DATA = "kabar_export_reader_data"
FORGET_READER = "kabar_forget_reader"
EXIT_FLUSH = "kabar_exit_flush"
SLOT_FILLERS = "kabar_slot_fillers"
PUBLIC_URLS = "kabar_public_urls"
WIRE_DESTINATIONS = "kabar_wire_destinations"
ALERT_SENDERS = "kabar_alert_senders"
BREAKING_NEWS_CHANNELS = "kabar_breaking_news_channels"
CURRENT_MEMBERS = "kabar_current_members"


@dataclass(frozen=True)
class Declaration:
    name: str
    # How the hook calls each function: positional arguments, then keyword arguments.
    args: tuple[str, ...] = ()
    kwargs: tuple[str, ...] = ()
    doc: str = ""


DECLARED: dict[str, Declaration] = {
    declaration.name: declaration
    for declaration in (
        Declaration(ROLE_RIGHTS, doc="the rights an app gives the staff roles (kabar.core.roles)"),
        Declaration(PERIODIC_JOBS, doc="jobs the worker's clock runs on an interval, each under a lease"),
        Declaration(EXPORT_READER_DATA, args=("user",), doc="an app's part of the reader's data download"),
        Declaration(
            FORGET_READER, args=("user",), kwargs=("remove_comments",), doc="forget a reader whose account goes"
        ),
        Declaration(EXIT_FLUSH, doc="write what a serving process counted in memory before it exits"),
        Declaration(SLOT_FILLERS, doc="what an app puts in the public pages' slots (kabar.delivery.slots)"),
        Declaration(PUBLIC_URLS, doc="an app's public URLs, mounted before the page tree's"),
        Declaration(WIRE_DESTINATIONS, doc="where the wire desk can send an item besides a new article"),
        Declaration(ALERT_SENDERS, doc="who sends a story as an alert when another desk asks (alerts)"),
        Declaration(BREAKING_NEWS_CHANNELS, doc="more ways an alert goes out, each a box on the alert form"),
        Declaration(CURRENT_MEMBERS, doc="the ids of readers entitled to members-only content now (a queryset)"),
    )
}


@dataclass(frozen=True)
class PeriodicJob:
    """`path` (a dotted path, also the job's lease name) runs every `seconds` on one worker at a time."""

    path: str
    seconds: float


@dataclass(frozen=True)
class WireCopy:
    """A wire item as another desk takes it: what quoting it needs, none of the wire app's models."""

    item_id: int
    agency: str
    headline: str
    # Cleaned by the wire desk (nh3), paragraphs as <p>.
    body_html: str
    received_at: dt.datetime
    source_url: str = ""


@dataclass(frozen=True)
class WireDestination:
    """Somewhere the wire desk sends an item ("Tambahkan ke liputan langsung").

    `choices(user)` lists the targets this user may send to as (id, name); none hides the form.
    `take(copy, target_id, user)` makes the draft there and returns the admin URL to go on to.
    """

    label: str | Promise
    choices: Callable[[Any], list[tuple[str, str]]]
    take: Callable[[WireCopy, str, Any], str]


@dataclass(frozen=True)
class AlertRequest:
    """A story to send as an alert: `follow_topic` adds the browsers following this one story."""

    page_id: int
    title: str
    body: str
    follow_topic: str = ""


@dataclass(frozen=True)
class AlertSender:
    """`send(request, user)` queues the alert and returns its admin URL; raises ValueError to refuse."""

    label: str | Promise
    send: Callable[[AlertRequest, Any], str]


@dataclass(frozen=True)
class BreakingNews:
    page_id: int
    title: str
    body: str
    url: str


@dataclass(frozen=True)
class BreakingNewsChannel:
    """One more box on the alert form (`name` is the form field, `label` its text); `send` runs once
    the alert is queued, in the worker's or the editor's transaction's on_commit."""

    name: str
    label: str | Promise
    send: Callable[[BreakingNews], object]


def functions(name: str) -> list[Callable[..., Any]]:
    """The functions registered for a declared hook, in Wagtail's order (`order=`, then app order)."""
    if name not in DECLARED:
        raise LookupError(f"{name} is not one of Kabar's declared hooks (kabar/core/hooks.py)")
    return list(hooks.get_hooks(name))


T = TypeVar("T")


def collected(name: str, kind: type[T]) -> list[T]:
    """Every value the zero-argument functions of hook `name` return, each checked to be a `kind`."""
    values: list[T] = []
    for function in functions(name):
        for value in function():
            if not isinstance(value, kind):
                raise TypeError(f"{_where(function)} gave {value!r} for {name}; it must give {kind.__name__} values")
            values.append(value)
    return values


def periodic_jobs() -> list[PeriodicJob]:
    return collected(PERIODIC_JOBS, PeriodicJob)


def public_urls() -> list[URLPattern | URLResolver]:
    patterns = [pattern for function in functions(PUBLIC_URLS) for pattern in function()]
    for pattern in patterns:
        if not isinstance(pattern, URLPattern | URLResolver):
            raise TypeError(f"{pattern!r} in {PUBLIC_URLS} is not a URL pattern (django.urls.path or include)")
    return patterns


def current_member_ids() -> QuerySet[Any, int] | None:
    """The ids of readers entitled to members-only content now, as one subquery; None when no app
    sells membership (then no one is a member)."""
    found: list[QuerySet[Any, int]] = [function() for function in functions(CURRENT_MEMBERS)]
    if not found:
        return None
    ids = found[0]
    for more in found[1:]:
        ids = ids.union(more)
    return ids


def run_exit_flushes() -> None:
    """Each app writes what it holds in memory; one failing never keeps the others from writing."""
    for function in functions(EXIT_FLUSH):
        try:
            function()
        except Exception:
            logger.exception("exit flush %s failed", _where(function))


def _where(function: Callable[..., Any]) -> str:
    return f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', function)!s}"


def _fits(function: Callable[..., Any], declaration: Declaration) -> bool:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return True  # a builtin or C function: nothing to check it against
    try:
        signature.bind(*declaration.args, **dict.fromkeys(declaration.kwargs))
    except TypeError:
        return False
    return True


@checks.register()
def check_kabar_hooks(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every kabar_* hook registered is declared above, and each function takes the declared arguments."""
    hooks.search_for_hooks()
    problems: list[checks.CheckMessage] = []
    for name, registered in sorted(hooks._hooks.items()):  # Wagtail has no public way to list hook names
        if not name.startswith("kabar_") or not registered:
            continue
        declaration = DECLARED.get(name)
        if declaration is None:
            problems.append(
                checks.Error(
                    f"The hook {name!r} is not declared.",
                    hint="Declare it in kabar/core/hooks.py, or fix the name it is registered under.",
                    obj=", ".join(_where(function) for function, _order in registered),
                    id="core.E010",
                )
            )
            continue
        for function, _order in registered:
            if not _fits(function, declaration):
                call = ", ".join([*declaration.args, *(f"{kw}=…" for kw in declaration.kwargs)])
                problems.append(
                    checks.Error(
                        f"{_where(function)} cannot be called as the hook {name} calls it: ({call}).",
                        hint=declaration.doc,
                        obj=_where(function),
                        id="core.E011",
                    )
                )
    return problems
