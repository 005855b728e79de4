# ruff: noqa: E501 - one row a line: the table reads as a table.
"""The permission matrix: every URL the project serves, every actor, GET and POST, and what must happen.

Read a row as `pattern, path, GET outcomes, POST outcomes`; the outcome strings have one letter per actor,
in the order of ACTORS (anonymous, reader, member, penulis, redaktur, moderator, admin):

    A  allowed: 2xx
    R  redirected elsewhere: neither to a login page nor Wagtail's "permission denied"
    a  allowed, and not sent: a POST that would change the objects the rest of the walk needs
    L  sent to a login page (/admin/login/, /akun/login/, /_util/login/)
    D  denied: 403, or Wagtail's "permission denied" (a redirect to the admin's home page)
    N  404
    M  405
    B  400 (a refused request: a webhook without its signature, an empty form to a JSON end point)
    U  401 (allauth's page for a failed social login)
    E  500 (only Wagtail's deliberate error page)

`pattern` is the route as Django's resolver spells it (prefixes joined), so test_every_url_has_a_row can
compare the table with what the project really serves; `path` fills the route's arguments with the
objects `build_world` makes (`{draft_other.id}` is another writer's draft, and so on).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection, Site, WorkflowState

from kabar.alerts.models import Alert, OutboundWebhook
from kabar.articles import services as article_services
from kabar.comments.models import Ban, BlockedWord, Comment
from kabar.comments.services import MODERATORS
from kabar.membership import services as membership_services
from kabar.membership.models import Membership, Order, PaymentNotification, Plan
from kabar.newsroom.services import ADMINS, EDITORS, WRITERS, assign_writer_to_section
from kabar.pages.models import RightOfReply
from kabar.readers import services as reader_services
from kabar.readers.models import Follow
from kabar.wire.models import WireFeed, WireItem
from tests import factories

ACTORS = ("anonymous", "reader", "member", "penulis", "redaktur", "moderator", "admin")
OUTCOMES = set("ARaLDNMBUE")

# Words that only a draft, a hidden comment or another reader's private data hold: no page outside the admin
# may show them to anyone.
SECRETS = (
    "draf rahasia",  # the drafts' titles, summaries and bodies (and "draf-rahasia" in their slugs)
    "komentar tersembunyi",  # a comment a moderator hid
    "pembaca-lain@example.com",  # another reader's address
)


@dataclass(frozen=True)
class Row:
    pattern: str
    path: str
    get: str
    post: str

    def expected(self, method: str, actor: str) -> str:
        return (self.get if method == "GET" else self.post)[ACTORS.index(actor)]


def served_patterns() -> list[str]:
    """Every route Django's resolver serves, as one string per route (included prefixes joined)."""

    def walk(resolver: URLResolver, prefix: str) -> list[str]:
        found = []
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                found.extend(walk(entry, prefix + str(entry.pattern)))
            elif isinstance(entry, URLPattern):
                found.append(prefix + str(entry.pattern))
        return found

    return walk(get_resolver(), "")


# --- the objects the walk needs ------------------------------------------------------------------

_counter = itertools.count(1)


def _user(username: str, *groups: str, verified_email: bool = True) -> User:
    # No password: the walk signs in with force_login, and hashing one costs a second a user.
    user = User.objects.create_user(username=username, email=f"{username}@example.com", password=None)
    user.groups.add(*Group.objects.filter(name__in=groups))
    if verified_email:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def module_world(django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    """The body of a module-scoped `world` fixture: the world built once inside a transaction rolled
    back at the module's end; each test runs in a savepoint within it (pytest-django's own), so no
    test sees another's changes."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            built.media_root = media
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def build_world() -> SimpleNamespace:
    """The actors and the real objects every row's path points at."""
    w = SimpleNamespace()
    w.users = {
        "reader": _user("pembaca"),
        "member": _user("anggota"),
        "penulis": _user("penulis-a", WRITERS),
        "redaktur": _user("redaktur", EDITORS),
        "moderator": _user("moderator", MODERATORS),
        "admin": _user("admin", ADMINS),
    }
    writer_b = _user("penulis-b", WRITERS)
    other_reader = User.objects.create_user(username="pembaca-lain", email="pembaca-lain@example.com")
    EmailAddress.objects.create(user=other_reader, email=other_reader.email, verified=True, primary=True)
    w.other_reader = other_reader

    w.home = factories.home()
    w.section = factories.section("Nasional")
    w.assigned_section = factories.section("Ekonomi")
    assign_writer_to_section(w.users["penulis"], w.assigned_section)
    w.folder = article_services.month_folder(w.section)
    w.assigned_folder = article_services.month_folder(w.assigned_section)
    w.writer = factories.person("Rina Wijaya")
    w.source = factories.source("Reuters")
    w.topic = factories.topic("Pemilu")

    w.pub = factories.article("Berita terbit untuk semua", in_section=w.section, writers=[w.writer], tags=["pemilu"])
    w.pub.save_revision(user=w.users["redaktur"])  # a second revision, for compare and revert
    w.pub.refresh_from_db()

    def draft(title: str, owner: User, section: Any) -> Any:
        page = factories.article(
            title,
            in_section=section,
            published=False,
            body=factories.paragraphs(f"Isi {title.lower()}."),
            summary=f"Ringkasan {title.lower()}.",
        )
        page.owner = owner
        page.save(update_fields=["owner"])
        page.latest_revision.user = owner
        page.latest_revision.save(update_fields=["user"])
        page.save_revision(user=owner)
        page.refresh_from_db()
        return page

    w.draft_own = draft("Draf rahasia milik penulis", w.users["penulis"], w.section)
    w.draft_other = draft("Draf rahasia penulis lain", writer_b, w.section)
    w.draft_assigned = draft("Draf rahasia di rubrik Ekonomi", writer_b, w.assigned_section)
    for page in (w.pub, w.draft_own, w.draft_other, w.draft_assigned):
        # Its address on the site as the article route spells it, and as Wagtail's catch-all serves it.
        page.public_path = page.get_url()
        page.url_path_public = "/" + page.url_path.split("/", 2)[2]
        revisions = list(page.revisions.order_by("pk").values_list("pk", flat=True))
        page.rev_first, page.rev = revisions[0], revisions[-1]
    # Another writer's draft under review: a workflow state and its current task state.
    w.draft_other.get_workflow().start(w.draft_other, writer_b)
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(w.draft_other.pk))
    w.draft_other.ws = state.pk
    w.draft_other.ts = state.current_task_state.pk
    w.draft_other.task = state.current_task_state.task_id
    w.workflow = state.workflow

    w.image = factories.image("Foto uji")
    w.document = Document.objects.create(title="Dokumen uji", file=ContentFile(b"%PDF-1.4 uji", name="uji.pdf"))
    w.collection = Collection.get_first_root_node()
    w.site = Site.objects.get(is_default_site=True)
    w.group = Group.objects.get(name=WRITERS)
    w.staff_user = writer_b
    from wagtail.contrib.redirects.models import Redirect

    w.redirect = Redirect.objects.create(old_path="/lama", redirect_link="/baru")

    w.visible_comment = Comment.objects.create(
        article=w.pub, author=other_reader, text="Komentar yang terlihat.", status=Comment.Status.APPROVED
    )
    w.hidden_comment = Comment.objects.create(
        article=w.pub, author=other_reader, text="Komentar tersembunyi oleh moderator.", status=Comment.Status.REJECTED
    )
    w.ban = Ban.objects.create(user=other_reader, reason="Uji.")
    w.word = BlockedWord.objects.first() or BlockedWord.objects.create(word="kasar")
    w.reply = RightOfReply.objects.create(
        name="Budi Santoso", email="budi@example.com", article_url="/", article=w.pub, text="Hak jawab uji."
    )

    # Another reader's data: saved articles, follows, an order, a push subscription's alert.
    reader_services.save_article_for_later(other_reader, w.pub.pk)
    Follow.objects.create(reader=other_reader, section=w.section)

    w.plan = Plan.objects.create(name="Kabar+ Bulanan", slug="bulanan", period="monthly", price=49_000)
    membership_services.grant_membership(w.users["member"], months=1, reason="uji", actor=None)
    w.order = Order.objects.create(
        order_id=f"KBR-UJI-{next(_counter)}", user=other_reader, plan=w.plan, amount=49_000, gateway="sandbox"
    )
    w.membership = Membership.objects.get(user=w.users["member"])
    w.notification = PaymentNotification.objects.create(gateway="sandbox", body="{}", order=w.order)

    w.feed = WireFeed.objects.create(name="KBN", agency=w.source, url="http://127.0.0.1:9/feed")
    w.wire_item = WireItem.objects.create(feed=w.feed, agency_uri="urn:uji:1", headline="Kabar kawat")
    w.webhook = OutboundWebhook.objects.create(name="Telegram", url="http://127.0.0.1:9/hook", secret="s")
    w.alert = Alert.objects.create(article=w.pub, title="Peringatan uji", idempotency_key="uji-1")

    from kabar.ads.models import Creative, Placement

    w.placement = Placement.objects.first()
    w.creative = Creative.objects.create(
        name="Iklan uji", kind=Creative.Kind.HOUSE, image=w.image, link_url="https://pengiklan.example/"
    )
    w.creative.placements.set([w.placement])

    from kabar.live import services as live_services
    from kabar.live.models import LiveReportPage

    # A running live report nobody on the walk owns (so the Penulis may not post to it), with one update.
    w.live_report = LiveReportPage(title="Liputan langsung uji", summary="Ringkasan liputan uji.", body=[])
    article_services.file_article(w.section, w.live_report)
    article_services.publish_article(w.live_report)
    w.live_update = live_services.post_update(
        w.live_report, body=[("paragraph", "<p>Pembaruan uji.</p>")], writer=None, user=None, publish=True
    )
    from kabar.newsletters import tokens as newsletter_tokens
    from kabar.newsletters.models import NewsletterList, Subscription, Suppression

    # A subscriber's list, a suppressed address, and the signed links of that subscriber's mail.
    w.newsletter = NewsletterList.objects.create(slug="kabar-pagi-uji", name="Kabar Pagi", kind="digest")
    w.subscription = Subscription.objects.create(
        newsletter=w.newsletter, email="pelanggan-nawala@example.com", status=Subscription.Status.ACTIVE
    )
    w.suppression = Suppression.objects.create(email="mental@example.com", reason=Suppression.Reason.BOUNCE)
    w.nawala_confirm = newsletter_tokens.confirm_token(w.subscription.email, [w.subscription.pk])
    w.nawala_preferences = newsletter_tokens.preferences_token(w.subscription.email)
    w.nawala_unsubscribe = newsletter_tokens.unsubscribe_token(w.subscription)
    from kabar.newsletters.clicks import click_token
    from kabar.newsletters.models import Edition

    # A draft edition of that list, and a signed link of its mail (through the click redirect).
    w.edition = Edition.objects.create(newsletter=w.newsletter, subject="Edisi uji")
    w.nawala_click = click_token(w.edition.pk, "https://kabar.example/berita-uji")
    from kabar.newsletters.models import MailEvent

    w.mail_event = MailEvent.objects.create(
        kind=MailEvent.Kind.DELIVERED,
        provider="postmark",
        event_key="uji-1",
        email=w.subscription.email,
        occurred_at=timezone.now(),
    )
    w.when = timezone.localtime(w.pub.published_at or w.pub.first_published_at or timezone.now())
    w.today = dt.date.today()
    return w


# --- walking the table ---------------------------------------------------------------------------

LOGIN_PATHS = ("/admin/login/", "/akun/login/", "/_util/login/")
# Wagtail refuses a signed-in user without the right by sending them to the admin's home page.
ADMIN_HOME = "/admin/"


def outcome(response: Any) -> str:
    """The table's letter for what the response did."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response["Location"].split("?")[0].split("#")[0]
        location = location.removeprefix("http://testserver")
        if location.startswith(LOGIN_PATHS):
            return "L"
        if location == ADMIN_HOME:
            return "D"
        return "R"
    if 200 <= status < 300:
        return "A"
    return {400: "B", 401: "U", 403: "D", 404: "N", 405: "M", 500: "E"}.get(status, f"<{status}>")


def fill(path: str, world: SimpleNamespace) -> str:
    return path.format(**vars(world))


def sends(row: Row, method: str, actor: str) -> bool:
    """Whether the walk sends this request; an allowed POST that would change the world is only listed."""
    return row.expected(method, actor) != "a"


# --- the table -----------------------------------------------------------------------------------
# Pages under /admin/pages/ are probed with four articles: published (`pub`), the acting Penulis's own
# draft (`draft_own`), another writer's draft under review (`draft_other`), and another writer's draft in
# the section the Penulis is assigned to (`draft_assigned`).
# Notes on rows that allow more than one might expect:
# - Wagtail lets anyone with a page right see the page tree (explorer, choosers, admin API listings: titles
#   and status, never bodies), its bulk-action confirmation pages (which list the pages the user may not act
#   on, and act on none of them), the workflow-cancellation notice and the task chooser: "A" for Penulis and
#   Moderator there. The walk checks after every actor that nothing changed.
# - /admin/pages/<id>/revisions/ only redirects to the page's history, which is refused where it should be.
# - /admin/sprite/ and /admin/jsi18n/ are the admin's icons and translations, the same for everyone.
# - /admin/failwhale/ is Wagtail's deliberate error page (E: a 500) for signed-in staff.

# fmt: off
TABLE: tuple[Row, ...] = (
    Row(r"healthz", "/healthz", "AAAAAAA", "MMMMMMM"),
    Row(r"robots.txt", "/robots.txt", "AAAAAAA", "MMMMMMM"),
    Row(r"favicon.ico", "/favicon.ico", "RRRRRRR", "aaaaaaa"),
    Row(r"brand.css", "/brand.css", "AAAAAAA", "MMMMMMM"),
    Row(r"admin/pages/search/", "/admin/pages/search/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/search/results/", "/admin/pages/search/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/login/", "/admin/login/", "LAADDDD", "LAADDDD"),
    Row(r"admin/", "/admin/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/test404/", "/admin/test404/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/api/main/^pages/", "/admin/api/main/pages/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/api/main/^pages/<int:pk>/", "/admin/api/main/pages/{pub.id}/", "LLLAANA", "LLLMMMM"),
    Row(r"admin/api/main/^pages/<int:pk>/", "/admin/api/main/pages/{draft_own.id}/", "LLLAANA", "LLLMMMM"),
    Row(r"admin/api/main/^pages/<int:pk>/", "/admin/api/main/pages/{draft_other.id}/", "LLLAANA", "LLLMMMM"),
    Row(r"admin/api/main/^pages/<int:pk>/", "/admin/api/main/pages/{draft_assigned.id}/", "LLLAANA", "LLLMMMM"),
    Row(r"admin/api/main/^pages/find/", "/admin/api/main/pages/find/", "LLLNNNN", "LLLMMMM"),
    Row(r"admin/api/main/^pages/<int:pk>/action/<str:action_name>/", "/admin/api/main/pages/{pub.id}/action/approve/", "LLLMMMM", "LLLNNNN"),
    Row(r"admin/api/main/^pages/<int:pk>/action/<str:action_name>/", "/admin/api/main/pages/{draft_own.id}/action/approve/", "LLLMMMM", "LLLNNNN"),
    Row(r"admin/api/main/^pages/<int:pk>/action/<str:action_name>/", "/admin/api/main/pages/{draft_other.id}/action/approve/", "LLLMMMM", "LLLNNNN"),
    Row(r"admin/api/main/^pages/<int:pk>/action/<str:action_name>/", "/admin/api/main/pages/{draft_assigned.id}/action/approve/", "LLLMMMM", "LLLNNNN"),
    Row(r"admin/api/main/^documents/", "/admin/api/main/documents/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/api/main/^documents/<int:pk>/", "/admin/api/main/documents/{document.id}/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/api/main/^documents/find/", "/admin/api/main/documents/find/", "LLLNNNN", "LLLMMMM"),
    Row(r"admin/api/main/^images/", "/admin/api/main/images/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/api/main/^images/<int:pk>/", "/admin/api/main/images/{image.id}/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/api/main/^images/find/", "/admin/api/main/images/find/", "LLLNNNN", "LLLMMMM"),
    Row(r"admin/failwhale/", "/admin/failwhale/", "LLLEEEE", "LLLEEEE"),
    Row(r"admin/pages/", "/admin/pages/", "LLLRRDR", "LLLMMDM"),
    Row(r"admin/pages/<int:parent_page_id>/", "/admin/pages/{folder.id}/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:parent_page_id>/results/", "/admin/pages/{folder.id}/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", "/admin/bulk/wagtailcore/page/publish/?id={draft_own.id}", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", "/admin/bulk/wagtailcore/page/publish/?id={draft_other.id}", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", "/admin/bulk/wagtailcore/page/unpublish/?id={pub.id}", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", "/admin/bulk/wagtailcore/page/delete/?id={draft_other.id}", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", "/admin/bulk/wagtailcore/page/move/?id={draft_other.id}", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/", "/admin/pages/add/articles/articlepage/{folder.id}/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/", "/admin/pages/add/articles/articlepage/{folder.id}/preview/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/", "/admin/pages/usage/articles/articlepage/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/create/<slug:app_label>/<slug:model_name>", "/admin/pages/create/articles/articlepage", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/", "/admin/pages/usage/articles/articlepage/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/usage/", "/admin/pages/{pub.id}/usage/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/usage/", "/admin/pages/{draft_own.id}/usage/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/usage/", "/admin/pages/{draft_other.id}/usage/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/usage/", "/admin/pages/{draft_assigned.id}/usage/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/edit/", "/admin/pages/{pub.id}/edit/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/edit/", "/admin/pages/{draft_own.id}/edit/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/edit/", "/admin/pages/{draft_other.id}/edit/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/edit/", "/admin/pages/{draft_assigned.id}/edit/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/edit/preview/", "/admin/pages/{pub.id}/edit/preview/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/edit/preview/", "/admin/pages/{draft_own.id}/edit/preview/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/edit/preview/", "/admin/pages/{draft_other.id}/edit/preview/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/edit/preview/", "/admin/pages/{draft_assigned.id}/edit/preview/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/view_draft/", "/admin/pages/{pub.id}/view_draft/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/view_draft/", "/admin/pages/{draft_own.id}/view_draft/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/view_draft/", "/admin/pages/{draft_other.id}/view_draft/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/view_draft/", "/admin/pages/{draft_assigned.id}/view_draft/", "LLLAADA", "LLLaaDa"),
    # A folder takes articles and live reports (kabar.live adds its type): the choice is shown, no redirect.
    Row(r"admin/pages/<int:parent_page_id>/add_subpage/", "/admin/pages/{folder.id}/add_subpage/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/delete/", "/admin/pages/{pub.id}/delete/", "LLLDRDR", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/delete/", "/admin/pages/{draft_own.id}/delete/", "LLLRRDR", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/delete/", "/admin/pages/{draft_other.id}/delete/", "LLLDRDR", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/delete/", "/admin/pages/{draft_assigned.id}/delete/", "LLLRRDR", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/unpublish/", "/admin/pages/{pub.id}/unpublish/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/unpublish/", "/admin/pages/{draft_own.id}/unpublish/", "LLLDDDD", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/unpublish/", "/admin/pages/{draft_other.id}/unpublish/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/pages/<int:page_id>/unpublish/", "/admin/pages/{draft_assigned.id}/unpublish/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/pages/<int:page_id>/convert_alias/", "/admin/pages/{pub.id}/convert_alias/", "LLLNNNN", "LLLNNNN"),
    Row(r"admin/pages/<int:page_id>/convert_alias/", "/admin/pages/{draft_own.id}/convert_alias/", "LLLNNNN", "LLLNNNN"),
    Row(r"admin/pages/<int:page_id>/convert_alias/", "/admin/pages/{draft_other.id}/convert_alias/", "LLLNNNN", "LLLNNNN"),
    Row(r"admin/pages/<int:page_id>/convert_alias/", "/admin/pages/{draft_assigned.id}/convert_alias/", "LLLNNNN", "LLLNNNN"),
    Row(r"admin/pages/<int:page_to_move_id>/move/", "/admin/pages/{pub.id}/move/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/move/", "/admin/pages/{draft_own.id}/move/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/move/", "/admin/pages/{draft_other.id}/move/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/move/", "/admin/pages/{draft_assigned.id}/move/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{pub.id}/move/{section.id}/confirm/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{draft_own.id}/move/{section.id}/confirm/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{draft_other.id}/move/{section.id}/confirm/", "LLLDDDD", "LLLDaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{draft_assigned.id}/move/{section.id}/confirm/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{pub.id}/move/{assigned_folder.id}/confirm/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{draft_own.id}/move/{assigned_folder.id}/confirm/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{draft_other.id}/move/{assigned_folder.id}/confirm/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{draft_assigned.id}/move/{assigned_folder.id}/confirm/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/set_position/", "/admin/pages/{pub.id}/set_position/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/set_position/", "/admin/pages/{draft_own.id}/set_position/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/set_position/", "/admin/pages/{draft_other.id}/set_position/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_to_move_id>/set_position/", "/admin/pages/{draft_assigned.id}/set_position/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/copy/", "/admin/pages/{pub.id}/copy/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/copy/", "/admin/pages/{draft_own.id}/copy/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/copy/", "/admin/pages/{draft_other.id}/copy/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/copy/", "/admin/pages/{draft_assigned.id}/copy/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/", "/admin/pages/workflow/action/{draft_other.id}/approve/{draft_other.ts}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/", "/admin/pages/workflow/collect_action_data/{draft_other.id}/approve/{draft_other.ts}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/workflow/confirm_cancellation/<int:page_id>/", "/admin/pages/workflow/confirm_cancellation/{pub.id}/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/pages/workflow/confirm_cancellation/<int:page_id>/", "/admin/pages/workflow/confirm_cancellation/{draft_own.id}/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/pages/workflow/confirm_cancellation/<int:page_id>/", "/admin/pages/workflow/confirm_cancellation/{draft_other.id}/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/pages/workflow/confirm_cancellation/<int:page_id>/", "/admin/pages/workflow/confirm_cancellation/{draft_assigned.id}/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/pages/workflow/preview/<int:page_id>/<int:task_id>/", "/admin/pages/workflow/preview/{draft_other.id}/{draft_other.task}/", "LLLDADA", "LLLMMMM"),
    Row(r"admin/pages/<int:page_id>/privacy/", "/admin/pages/{pub.id}/privacy/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/privacy/", "/admin/pages/{draft_own.id}/privacy/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/privacy/", "/admin/pages/{draft_other.id}/privacy/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/privacy/", "/admin/pages/{draft_assigned.id}/privacy/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/lock/", "/admin/pages/{pub.id}/lock/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/lock/", "/admin/pages/{draft_own.id}/lock/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/lock/", "/admin/pages/{draft_other.id}/lock/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/lock/", "/admin/pages/{draft_assigned.id}/lock/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/unlock/", "/admin/pages/{pub.id}/unlock/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/unlock/", "/admin/pages/{draft_own.id}/unlock/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/unlock/", "/admin/pages/{draft_other.id}/unlock/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/unlock/", "/admin/pages/{draft_assigned.id}/unlock/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/revisions/", "/admin/pages/{pub.id}/revisions/", "LLLRRRR", "LLLaaaa"),
    Row(r"admin/pages/<int:page_id>/revisions/", "/admin/pages/{draft_own.id}/revisions/", "LLLRRRR", "LLLaaaa"),
    Row(r"admin/pages/<int:page_id>/revisions/", "/admin/pages/{draft_other.id}/revisions/", "LLLRRRR", "LLLaaaa"),
    Row(r"admin/pages/<int:page_id>/revisions/", "/admin/pages/{draft_assigned.id}/revisions/", "LLLRRRR", "LLLaaaa"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/view/", "/admin/pages/{pub.id}/revisions/{pub.rev}/view/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/view/", "/admin/pages/{draft_own.id}/revisions/{draft_own.rev}/view/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/view/", "/admin/pages/{draft_other.id}/revisions/{draft_other.rev}/view/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/view/", "/admin/pages/{draft_assigned.id}/revisions/{draft_assigned.rev}/view/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/", "/admin/pages/{pub.id}/revisions/{pub.rev}/revert/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/", "/admin/pages/{draft_own.id}/revisions/{draft_own.rev}/revert/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/", "/admin/pages/{draft_other.id}/revisions/{draft_other.rev}/revert/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/", "/admin/pages/{draft_assigned.id}/revisions/{draft_assigned.rev}/revert/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/", "/admin/pages/{pub.id}/revisions/{pub.rev}/unschedule/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/", "/admin/pages/{draft_own.id}/revisions/{draft_own.rev}/unschedule/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/", "/admin/pages/{draft_other.id}/revisions/{draft_other.rev}/unschedule/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/", "/admin/pages/{draft_assigned.id}/revisions/{draft_assigned.rev}/unschedule/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/pages/^(\d+)/revisions/compare/(live|earliest|\d+)\.\.\.(live|latest|\d+)/$", "/admin/pages/{pub.id}/revisions/compare/{pub.rev_first}...{pub.rev}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/^(\d+)/revisions/compare/(live|earliest|\d+)\.\.\.(live|latest|\d+)/$", "/admin/pages/{draft_own.id}/revisions/compare/{draft_own.rev_first}...{draft_own.rev}/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/^(\d+)/revisions/compare/(live|earliest|\d+)\.\.\.(live|latest|\d+)/$", "/admin/pages/{draft_other.id}/revisions/compare/{draft_other.rev_first}...{draft_other.rev}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/^(\d+)/revisions/compare/(live|earliest|\d+)\.\.\.(live|latest|\d+)/$", "/admin/pages/{draft_assigned.id}/revisions/compare/{draft_assigned.rev_first}...{draft_assigned.rev}/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/workflow_history/", "/admin/pages/{pub.id}/workflow_history/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/workflow_history/", "/admin/pages/{draft_own.id}/workflow_history/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/workflow_history/", "/admin/pages/{draft_other.id}/workflow_history/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/workflow_history/", "/admin/pages/{draft_assigned.id}/workflow_history/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/", "/admin/pages/{draft_other.id}/workflow_history/detail/{draft_other.ws}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/history/", "/admin/pages/{pub.id}/history/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/history/", "/admin/pages/{draft_own.id}/history/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/history/", "/admin/pages/{draft_other.id}/history/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/history/", "/admin/pages/{draft_assigned.id}/history/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/history/results/", "/admin/pages/{pub.id}/history/results/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/history/results/", "/admin/pages/{draft_own.id}/history/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/pages/<int:page_id>/history/results/", "/admin/pages/{draft_other.id}/history/results/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/pages/<int:page_id>/history/results/", "/admin/pages/{draft_assigned.id}/history/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/choose-page/", "/admin/choose-page/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/choose-page/<int:parent_page_id>/", "/admin/choose-page/{folder.id}/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/choose-page/search/", "/admin/choose-page/search/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/choose-page/chosen-multiple/", "/admin/choose-page/chosen-multiple/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/choose-external-link/", "/admin/choose-external-link/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/choose-email-link/", "/admin/choose-email-link/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/choose-phone-link/", "/admin/choose-phone-link/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/choose-anchor-link/", "/admin/choose-anchor-link/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/tag-autocomplete/", "/admin/tag-autocomplete/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/", "/admin/tag-autocomplete/taggit/tag/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/collections/", "/admin/collections/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/collections/add/", "/admin/collections/add/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/collections/<int:pk>/", "/admin/collections/{collection.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/collections/<int:pk>/delete/", "/admin/collections/{collection.id}/delete/", "LLLNNNN", "LLLNNNN"),
    Row(r"admin/collections/<int:collection_id>/privacy/", "/admin/collections/{collection.id}/privacy/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/workflows/list/", "/admin/workflows/list/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/workflows/list/results/", "/admin/workflows/list/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/workflows/add/", "/admin/workflows/add/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/workflows/enable/<int:pk>/", "/admin/workflows/enable/{workflow.id}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/disable/<int:pk>/", "/admin/workflows/disable/{workflow.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/workflows/edit/<int:pk>/", "/admin/workflows/edit/{workflow.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/workflows/usage/<int:pk>/", "/admin/workflows/usage/{workflow.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/workflows/usage/<int:pk>/results/", "/admin/workflows/usage/{workflow.id}/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/workflows/remove/<int:page_pk>/", "/admin/workflows/remove/{pub.id}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/remove/<int:page_pk>/", "/admin/workflows/remove/{draft_own.id}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/remove/<int:page_pk>/", "/admin/workflows/remove/{draft_other.id}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/remove/<int:page_pk>/", "/admin/workflows/remove/{draft_assigned.id}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/", "/admin/workflows/remove/{pub.id}/{workflow.id}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/", "/admin/workflows/remove/{draft_own.id}/{workflow.id}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/", "/admin/workflows/remove/{draft_other.id}/{workflow.id}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/", "/admin/workflows/remove/{draft_assigned.id}/{workflow.id}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/tasks/add/<str:app_label>/<str:model_name>/", "/admin/workflows/tasks/add/wagtailcore/groupapprovaltask/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/workflows/tasks/select_type/", "/admin/workflows/tasks/select_type/", "LLLDDDR", "LLLDDDa"),
    Row(r"admin/workflows/tasks/index/", "/admin/workflows/tasks/index/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/workflows/tasks/index/results/", "/admin/workflows/tasks/index/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/workflows/tasks/edit/<int:pk>/", "/admin/workflows/tasks/edit/{draft_other.task}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/workflows/tasks/disable/<int:pk>/", "/admin/workflows/tasks/disable/{draft_other.task}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/workflows/tasks/enable/<int:pk>/", "/admin/workflows/tasks/enable/{draft_other.task}/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/workflows/task_chooser/", "/admin/workflows/task_chooser/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/workflows/task_chooser/results/", "/admin/workflows/task_chooser/results/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/workflows/task_chooser/create/", "/admin/workflows/task_chooser/create/", "LLLAAAA", "LLLBBBa"),
    Row(r"admin/workflows/task_chooser/<int:task_id>/", "/admin/workflows/task_chooser/{draft_other.task}/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/reports/locked/", "/admin/reports/locked/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/reports/locked/results/", "/admin/reports/locked/results/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/reports/workflow/", "/admin/reports/workflow/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/reports/workflow/results/", "/admin/reports/workflow/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/reports/workflow_tasks/", "/admin/reports/workflow_tasks/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/reports/workflow_tasks/results/", "/admin/reports/workflow_tasks/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/reports/site-history/", "/admin/reports/site-history/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/reports/site-history/results/", "/admin/reports/site-history/results/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/reports/aging-pages/", "/admin/reports/aging-pages/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/reports/aging-pages/results/", "/admin/reports/aging-pages/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/reports/page-types-usage/", "/admin/reports/page-types-usage/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/reports/page-types-usage/results/", "/admin/reports/page-types-usage/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/account/", "/admin/account/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/logout/", "/admin/logout/", "LLLMMMM", "LLLLLLL"),
    Row(r"admin/dismissibles/", "/admin/dismissibles/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/", "/admin/editing-sessions/ping/wagtailcore/page/{draft_other.id}/999999/", "LLLMMMM", "LLLNaNa"),
    Row(r"admin/editing-sessions/release/<int:session_id>/", "/admin/editing-sessions/release/999999/", "LLLMMMM", "LLLAAAA"),
    Row(r"admin/block-preview/", "/admin/block-preview/", "LLLNNNN", "LLLMMMM"),
    Row(r"admin/reports/audit-trail/", "/admin/reports/audit-trail/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/reports/audit-trail/results/", "/admin/reports/audit-trail/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsroom/write/", "/admin/newsroom/write/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/newsroom/correct/<int:page_id>/", "/admin/newsroom/correct/{pub.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsroom/correct/<int:page_id>/", "/admin/newsroom/correct/{draft_own.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsroom/correct/<int:page_id>/", "/admin/newsroom/correct/{draft_other.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsroom/correct/<int:page_id>/", "/admin/newsroom/correct/{draft_assigned.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsroom/bin/", "/admin/newsroom/bin/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsroom/bin/empty/", "/admin/newsroom/bin/empty/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/newsroom/bin/move/<int:page_id>/", "/admin/newsroom/bin/move/{pub.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsroom/bin/move/<int:page_id>/", "/admin/newsroom/bin/move/{draft_own.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsroom/bin/move/<int:page_id>/", "/admin/newsroom/bin/move/{draft_other.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsroom/bin/move/<int:page_id>/", "/admin/newsroom/bin/move/{draft_assigned.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsroom/bin/restore/<int:page_id>/", "/admin/newsroom/bin/restore/{pub.id}/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/newsroom/bin/restore/<int:page_id>/", "/admin/newsroom/bin/restore/{draft_own.id}/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/newsroom/bin/restore/<int:page_id>/", "/admin/newsroom/bin/restore/{draft_other.id}/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/newsroom/bin/restore/<int:page_id>/", "/admin/newsroom/bin/restore/{draft_assigned.id}/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/newsroom/bin/delete/<int:page_id>/", "/admin/newsroom/bin/delete/{pub.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsroom/bin/delete/<int:page_id>/", "/admin/newsroom/bin/delete/{draft_own.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsroom/bin/delete/<int:page_id>/", "/admin/newsroom/bin/delete/{draft_other.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsroom/bin/delete/<int:page_id>/", "/admin/newsroom/bin/delete/{draft_assigned.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/live/", "/admin/live/", "LLLAADA", "LLLAADA"),
    Row(r"admin/live/new/", "/admin/live/new/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/live/<int:report_id>/", "/admin/live/{live_report.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/live/<int:report_id>/coverage/<str:action>/", "/admin/live/{live_report.id}/coverage/close/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/live/update/<int:update_id>/", "/admin/live/update/{live_update.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/live/update/<int:update_id>/<str:action>/", "/admin/live/update/{live_update.id}/pin/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/wire/", "/admin/wire/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/wire/item/<int:item_id>/", "/admin/wire/item/{wire_item.id}/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/wire/refused/", "/admin/wire/refused/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/wire/item/<int:item_id>/make-article/", "/admin/wire/item/{wire_item.id}/make-article/", "LLLMMMM", "LLLaaDa"),
    Row(r"admin/wire/item/<int:item_id>/send/", "/admin/wire/item/{wire_item.id}/send/", "LLLMMMM", "LLLaaDa"),
    Row(r"admin/comments/", "/admin/comments/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comments/<int:comment_id>/", "/admin/comments/{hidden_comment.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comments/<int:comment_id>/moderate/", "/admin/comments/{hidden_comment.id}/moderate/", "LLLMMMM", "LLLDaaa"),
    Row(r"admin/comments/<int:comment_id>/ban/", "/admin/comments/{hidden_comment.id}/ban/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comments/article/<int:page_id>/", "/admin/comments/article/{pub.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comments/article/<int:page_id>/", "/admin/comments/article/{draft_own.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comments/article/<int:page_id>/", "/admin/comments/article/{draft_other.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comments/article/<int:page_id>/", "/admin/comments/article/{draft_assigned.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/alerts/", "/admin/alerts/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/alerts/new/<int:page_id>/", "/admin/alerts/new/{pub.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/alerts/new/<int:page_id>/", "/admin/alerts/new/{draft_own.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/alerts/new/<int:page_id>/", "/admin/alerts/new/{draft_other.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/alerts/new/<int:page_id>/", "/admin/alerts/new/{draft_assigned.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/alerts/<int:alert_id>/", "/admin/alerts/{alert.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/alerts/<int:alert_id>/cancel/", "/admin/alerts/{alert.id}/cancel/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/kabarplus/anggota/", "/admin/kabarplus/anggota/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/kabarplus/anggota/<int:pk>/", "/admin/kabarplus/anggota/{membership.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/kabarplus/anggota/<int:pk>/batalkan/", "/admin/kabarplus/anggota/{membership.id}/batalkan/", "LLLMMMM", "LLLDDDa"),
    Row(r"admin/kabarplus/beri/", "/admin/kabarplus/beri/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/kabarplus/pendapatan/", "/admin/kabarplus/pendapatan/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/kabarplus/notifikasi/", "/admin/kabarplus/notifikasi/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/kabarplus/notifikasi/<int:pk>/", "/admin/kabarplus/notifikasi/{notification.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/iklan/laporan/<int:creative_id>/", "/admin/iklan/laporan/{creative.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/redirects/", "/admin/redirects/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/redirects/results/", "/admin/redirects/results/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/redirects/add/", "/admin/redirects/add/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/redirects/<int:redirect_id>/", "/admin/redirects/{redirect.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/redirects/<int:redirect_id>/delete/", "/admin/redirects/{redirect.id}/delete/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/redirects/import/", "/admin/redirects/import/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/redirects/import/process/", "/admin/redirects/import/process/", "LLLDMDM", "LLLDaDa"),
    Row(r"admin/settings/<slug:app_name>/<slug:model_name>/", "/admin/settings/core/publicationsettings/", "LLLDDDR", "LLLDDDa"),
    Row(r"admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/", "/admin/settings/core/publicationsettings/{site.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/", "/admin/settings/comments/commentsettings/{site.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/", "/admin/settings/core/publicationsettings/{site.id}/preview/", "LLLDDDN", "LLLDDDN"),
    Row(r"admin/embeds/chooser/", "/admin/embeds/chooser/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/embeds/chooser/upload/", "/admin/embeds/chooser/upload/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/snippets/", "/admin/snippets/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/documents/", "/admin/documents/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/documents/results/", "/admin/documents/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/documents/add/", "/admin/documents/add/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/documents/edit/<int:document_id>/", "/admin/documents/edit/{document.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/documents/delete/<int:document_id>/", "/admin/documents/delete/{document.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/documents/multiple/add/", "/admin/documents/multiple/add/", "LLLAADA", "LLLBBDB"),
    Row(r"admin/documents/multiple/<int:doc_id>/", "/admin/documents/multiple/{document.id}/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/", "/admin/documents/multiple/create_from_uploaded_document/999999/", "LLLMMMM", "LLLNNNN"),
    Row(r"admin/documents/multiple/<int:doc_id>/delete/", "/admin/documents/multiple/{document.id}/delete/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/documents/multiple/delete_upload/<int:uploaded_file_id>/", "/admin/documents/multiple/delete_upload/999999/", "LLLMMMM", "LLLNNNN"),
    Row(r"admin/documents/usage/<int:document_id>/", "/admin/documents/usage/{document.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/images/", "/admin/images/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/images/results/", "/admin/images/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/images/<int:image_id>/", "/admin/images/{image.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/images/<int:image_id>/delete/", "/admin/images/{image.id}/delete/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/images/<int:image_id>/generate_url/", "/admin/images/{image.id}/generate_url/", "LLLNNNN", "LLLMMMM"),
    Row(r"admin/images/<int:image_id>/generate_url/output/", "/admin/images/{image.id}/generate_url/output/", "LLLNNNN", "LLLMMMM"),
    Row(r"admin/images/<int:image_id>/preview/<str:filter_spec>/", "/admin/images/{image.id}/preview/original/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/images/add/", "/admin/images/add/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/images/usage/<int:image_id>/", "/admin/images/usage/{image.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/images/multiple/add/", "/admin/images/multiple/add/", "LLLAADA", "LLLBBDB"),
    Row(r"admin/images/multiple/<int:image_id>/", "/admin/images/multiple/{image.id}/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/", "/admin/images/multiple/create_from_uploaded_image/999999/", "LLLMMMM", "LLLNNNN"),
    Row(r"admin/images/multiple/<int:image_id>/delete/", "/admin/images/multiple/{image.id}/delete/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/images/multiple/delete_upload/<int:uploaded_file_id>/", "/admin/images/multiple/delete_upload/999999/", "LLLMMMM", "LLLNNNN"),
    Row(r"admin/snippets/people/person/", "/admin/snippets/people/person/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/snippets/people/person/results/", "/admin/snippets/people/person/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/snippets/people/person/add/", "/admin/snippets/people/person/add/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/snippets/people/person/edit/<int:pk>/", "/admin/snippets/people/person/edit/{writer.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/snippets/people/person/delete/<int:pk>/", "/admin/snippets/people/person/delete/{writer.id}/", "LLLDDDA", "LLLDDDD"),
    Row(r"admin/snippets/people/person/usage/<int:pk>/", "/admin/snippets/people/person/usage/{writer.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/snippets/people/person/history/<int:pk>/", "/admin/snippets/people/person/history/{writer.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/snippets/people/person/history-results/<int:pk>/", "/admin/snippets/people/person/history-results/{writer.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/snippets/people/person/copy/<int:pk>/", "/admin/snippets/people/person/copy/{writer.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/snippets/choose/people/person/", "/admin/snippets/choose/people/person/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/snippets/choose/people/person/results/", "/admin/snippets/choose/people/person/results/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/snippets/choose/people/person/chosen/<str:pk>/", "/admin/snippets/choose/people/person/chosen/{writer.id}/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/snippets/choose/people/person/chosen-multiple/", "/admin/snippets/choose/people/person/chosen-multiple/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/snippets/choose/people/person/create/", "/admin/snippets/choose/people/person/create/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/snippets/sources/source/", "/admin/snippets/sources/source/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/snippets/sources/source/results/", "/admin/snippets/sources/source/results/", "LLLAADA", "LLLMMDM"),
    Row(r"admin/snippets/sources/source/add/", "/admin/snippets/sources/source/add/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/snippets/sources/source/edit/<int:pk>/", "/admin/snippets/sources/source/edit/{source.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/snippets/sources/source/delete/<int:pk>/", "/admin/snippets/sources/source/delete/{source.id}/", "LLLDDDA", "LLLDDDD"),
    Row(r"admin/snippets/sources/source/usage/<int:pk>/", "/admin/snippets/sources/source/usage/{source.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/snippets/sources/source/history/<int:pk>/", "/admin/snippets/sources/source/history/{source.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/snippets/sources/source/history-results/<int:pk>/", "/admin/snippets/sources/source/history-results/{source.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/snippets/sources/source/copy/<int:pk>/", "/admin/snippets/sources/source/copy/{source.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/snippets/choose/sources/source/", "/admin/snippets/choose/sources/source/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/snippets/choose/sources/source/results/", "/admin/snippets/choose/sources/source/results/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/snippets/choose/sources/source/chosen/<str:pk>/", "/admin/snippets/choose/sources/source/chosen/{source.id}/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/snippets/choose/sources/source/chosen-multiple/", "/admin/snippets/choose/sources/source/chosen-multiple/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/snippets/choose/sources/source/create/", "/admin/snippets/choose/sources/source/create/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/wire_feeds/", "/admin/wire_feeds/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/wire_feeds/results/", "/admin/wire_feeds/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/wire_feeds/new/", "/admin/wire_feeds/new/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/wire_feeds/edit/<int:pk>/", "/admin/wire_feeds/edit/{feed.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/wire_feeds/delete/<int:pk>/", "/admin/wire_feeds/delete/{feed.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/wire_feeds/history/<int:pk>/", "/admin/wire_feeds/history/{feed.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/wire_feeds/history-results/<int:pk>/", "/admin/wire_feeds/history-results/{feed.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/wire_feeds/usage/<int:pk>/", "/admin/wire_feeds/usage/{feed.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/wire_feeds/inspect/<int:pk>/", "/admin/wire_feeds/inspect/{feed.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/wire_feeds/copy/<int:pk>/", "/admin/wire_feeds/copy/{feed.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/comment_bans/", "/admin/comment_bans/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_bans/results/", "/admin/comment_bans/results/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_bans/new/", "/admin/comment_bans/new/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/comment_bans/edit/<int:pk>/", "/admin/comment_bans/edit/{ban.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comment_bans/delete/<int:pk>/", "/admin/comment_bans/delete/{ban.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comment_bans/history/<int:pk>/", "/admin/comment_bans/history/{ban.id}/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_bans/history-results/<int:pk>/", "/admin/comment_bans/history-results/{ban.id}/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_bans/usage/<int:pk>/", "/admin/comment_bans/usage/{ban.id}/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_bans/copy/<int:pk>/", "/admin/comment_bans/copy/{ban.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/comment_words/", "/admin/comment_words/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_words/results/", "/admin/comment_words/results/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_words/new/", "/admin/comment_words/new/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comment_words/edit/<int:pk>/", "/admin/comment_words/edit/{word.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comment_words/delete/<int:pk>/", "/admin/comment_words/delete/{word.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/comment_words/history/<int:pk>/", "/admin/comment_words/history/{word.id}/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_words/history-results/<int:pk>/", "/admin/comment_words/history-results/{word.id}/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_words/usage/<int:pk>/", "/admin/comment_words/usage/{word.id}/", "LLLDAAA", "LLLDMMM"),
    Row(r"admin/comment_words/copy/<int:pk>/", "/admin/comment_words/copy/{word.id}/", "LLLDAAA", "LLLDaaa"),
    Row(r"admin/newsletter_lists/", "/admin/newsletter_lists/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_lists/results/", "/admin/newsletter_lists/results/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_lists/new/", "/admin/newsletter_lists/new/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsletter_lists/edit/<int:pk>/", "/admin/newsletter_lists/edit/{newsletter.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsletter_lists/delete/<int:pk>/", "/admin/newsletter_lists/delete/{newsletter.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsletter_lists/history/<int:pk>/", "/admin/newsletter_lists/history/{newsletter.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_lists/history-results/<int:pk>/", "/admin/newsletter_lists/history-results/{newsletter.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_lists/usage/<int:pk>/", "/admin/newsletter_lists/usage/{newsletter.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_lists/copy/<int:pk>/", "/admin/newsletter_lists/copy/{newsletter.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsletter_subscriptions/", "/admin/newsletter_subscriptions/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_subscriptions/results/", "/admin/newsletter_subscriptions/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_subscriptions/new/", "/admin/newsletter_subscriptions/new/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_subscriptions/edit/<int:pk>/", "/admin/newsletter_subscriptions/edit/{subscription.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_subscriptions/delete/<int:pk>/", "/admin/newsletter_subscriptions/delete/{subscription.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_subscriptions/history/<int:pk>/", "/admin/newsletter_subscriptions/history/{subscription.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_subscriptions/history-results/<int:pk>/", "/admin/newsletter_subscriptions/history-results/{subscription.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_subscriptions/usage/<int:pk>/", "/admin/newsletter_subscriptions/usage/{subscription.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_subscriptions/inspect/<int:pk>/", "/admin/newsletter_subscriptions/inspect/{subscription.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_subscriptions/copy/<int:pk>/", "/admin/newsletter_subscriptions/copy/{subscription.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_mail_events/", "/admin/newsletter_mail_events/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_mail_events/results/", "/admin/newsletter_mail_events/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_mail_events/new/", "/admin/newsletter_mail_events/new/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_mail_events/edit/<int:pk>/", "/admin/newsletter_mail_events/edit/{mail_event.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_mail_events/delete/<int:pk>/", "/admin/newsletter_mail_events/delete/{mail_event.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_mail_events/history/<int:pk>/", "/admin/newsletter_mail_events/history/{mail_event.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_mail_events/history-results/<int:pk>/", "/admin/newsletter_mail_events/history-results/{mail_event.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_mail_events/usage/<int:pk>/", "/admin/newsletter_mail_events/usage/{mail_event.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_mail_events/inspect/<int:pk>/", "/admin/newsletter_mail_events/inspect/{mail_event.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_mail_events/copy/<int:pk>/", "/admin/newsletter_mail_events/copy/{mail_event.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_suppressions/", "/admin/newsletter_suppressions/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_suppressions/results/", "/admin/newsletter_suppressions/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_suppressions/new/", "/admin/newsletter_suppressions/new/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/newsletter_suppressions/edit/<int:pk>/", "/admin/newsletter_suppressions/edit/{suppression.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_suppressions/delete/<int:pk>/", "/admin/newsletter_suppressions/delete/{suppression.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/newsletter_suppressions/history/<int:pk>/", "/admin/newsletter_suppressions/history/{suppression.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_suppressions/history-results/<int:pk>/", "/admin/newsletter_suppressions/history-results/{suppression.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/newsletter_suppressions/usage/<int:pk>/", "/admin/newsletter_suppressions/usage/{suppression.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/newsletter_suppressions/copy/<int:pk>/", "/admin/newsletter_suppressions/copy/{suppression.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/newsletter_editions/", "/admin/newsletter_editions/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_editions/results/", "/admin/newsletter_editions/results/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_editions/new/", "/admin/newsletter_editions/new/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsletter_editions/edit/<int:pk>/", "/admin/newsletter_editions/edit/{edition.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsletter_editions/delete/<int:pk>/", "/admin/newsletter_editions/delete/{edition.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsletter_editions/history/<int:pk>/", "/admin/newsletter_editions/history/{edition.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_editions/history-results/<int:pk>/", "/admin/newsletter_editions/history-results/{edition.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_editions/usage/<int:pk>/", "/admin/newsletter_editions/usage/{edition.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/newsletter_editions/copy/<int:pk>/", "/admin/newsletter_editions/copy/{edition.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsletters/editions/<int:edition_id>/", "/admin/newsletters/editions/{edition.id}/", "LLLDADA", "LLLMMMM"),
    Row(r"admin/newsletters/editions/<int:edition_id>/preview/", "/admin/newsletters/editions/{edition.id}/preview/", "LLLDADA", "LLLMMMM"),
    Row(r"admin/newsletters/editions/<int:edition_id>/test/", "/admin/newsletters/editions/{edition.id}/test/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/newsletters/editions/<int:edition_id>/schedule/", "/admin/newsletters/editions/{edition.id}/schedule/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/newsletters/editions/<int:edition_id>/unschedule/", "/admin/newsletters/editions/{edition.id}/unschedule/", "LLLMMMM", "LLLDaDa"),
    Row(r"admin/newsletters/editions/<int:edition_id>/send/", "/admin/newsletters/editions/{edition.id}/send/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/newsletters/editions/<int:edition_id>/cancel/", "/admin/newsletters/editions/{edition.id}/cancel/", "LLLMMMM", "LLLDaDa"),
    Row(r"n/k/<str:token>", "/n/k/{nawala_click}", "RRRRRRR", "MMMMMMM"),
    Row(r"admin/rights_of_reply/", "/admin/rights_of_reply/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/rights_of_reply/results/", "/admin/rights_of_reply/results/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/rights_of_reply/new/", "/admin/rights_of_reply/new/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/rights_of_reply/edit/<int:pk>/", "/admin/rights_of_reply/edit/{reply.id}/", "LLLDADA", "LLLDaDa"),
    Row(r"admin/rights_of_reply/delete/<int:pk>/", "/admin/rights_of_reply/delete/{reply.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/rights_of_reply/history/<int:pk>/", "/admin/rights_of_reply/history/{reply.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/rights_of_reply/history-results/<int:pk>/", "/admin/rights_of_reply/history-results/{reply.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/rights_of_reply/usage/<int:pk>/", "/admin/rights_of_reply/usage/{reply.id}/", "LLLDADA", "LLLDMDM"),
    Row(r"admin/alert_webhooks/", "/admin/alert_webhooks/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/alert_webhooks/results/", "/admin/alert_webhooks/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/alert_webhooks/new/", "/admin/alert_webhooks/new/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/alert_webhooks/edit/<int:pk>/", "/admin/alert_webhooks/edit/{webhook.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/alert_webhooks/delete/<int:pk>/", "/admin/alert_webhooks/delete/{webhook.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/alert_webhooks/history/<int:pk>/", "/admin/alert_webhooks/history/{webhook.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/alert_webhooks/history-results/<int:pk>/", "/admin/alert_webhooks/history-results/{webhook.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/alert_webhooks/usage/<int:pk>/", "/admin/alert_webhooks/usage/{webhook.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/alert_webhooks/copy/<int:pk>/", "/admin/alert_webhooks/copy/{webhook.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/membership_plans/", "/admin/membership_plans/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/membership_plans/results/", "/admin/membership_plans/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/membership_plans/new/", "/admin/membership_plans/new/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/membership_plans/edit/<int:pk>/", "/admin/membership_plans/edit/{plan.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/membership_plans/delete/<int:pk>/", "/admin/membership_plans/delete/{plan.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/membership_plans/history/<int:pk>/", "/admin/membership_plans/history/{plan.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/membership_plans/history-results/<int:pk>/", "/admin/membership_plans/history-results/{plan.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/membership_plans/usage/<int:pk>/", "/admin/membership_plans/usage/{plan.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/membership_plans/copy/<int:pk>/", "/admin/membership_plans/copy/{plan.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/ads_creatives/", "/admin/ads_creatives/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_creatives/results/", "/admin/ads_creatives/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_creatives/new/", "/admin/ads_creatives/new/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/ads_creatives/edit/<int:pk>/", "/admin/ads_creatives/edit/{creative.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/ads_creatives/delete/<int:pk>/", "/admin/ads_creatives/delete/{creative.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/ads_creatives/history/<int:pk>/", "/admin/ads_creatives/history/{creative.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_creatives/history-results/<int:pk>/", "/admin/ads_creatives/history-results/{creative.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_creatives/usage/<int:pk>/", "/admin/ads_creatives/usage/{creative.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_creatives/copy/<int:pk>/", "/admin/ads_creatives/copy/{creative.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/ads_placements/", "/admin/ads_placements/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_placements/results/", "/admin/ads_placements/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_placements/new/", "/admin/ads_placements/new/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/ads_placements/edit/<int:pk>/", "/admin/ads_placements/edit/{placement.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/ads_placements/delete/<int:pk>/", "/admin/ads_placements/delete/{placement.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/ads_placements/history/<int:pk>/", "/admin/ads_placements/history/{placement.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_placements/history-results/<int:pk>/", "/admin/ads_placements/history-results/{placement.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_placements/usage/<int:pk>/", "/admin/ads_placements/usage/{placement.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/ads_placements/copy/<int:pk>/", "/admin/ads_placements/copy/{placement.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/sites/", "/admin/sites/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/sites/results/", "/admin/sites/results/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/sites/new/", "/admin/sites/new/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/sites/edit/<int:pk>/", "/admin/sites/edit/{site.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/sites/delete/<int:pk>/", "/admin/sites/delete/{site.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/sites/history/<int:pk>/", "/admin/sites/history/{site.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/sites/history-results/<int:pk>/", "/admin/sites/history-results/{site.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/sites/usage/<int:pk>/", "/admin/sites/usage/{site.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/sites/copy/<int:pk>/", "/admin/sites/copy/{site.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/users/", "/admin/users/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/users/results/", "/admin/users/results/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/users/new/", "/admin/users/new/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/users/edit/<int:pk>/", "/admin/users/edit/{staff_user.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/users/delete/<int:pk>/", "/admin/users/delete/{staff_user.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/users/history/<int:pk>/", "/admin/users/history/{staff_user.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/users/history-results/<int:pk>/", "/admin/users/history-results/{staff_user.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/users/usage/<int:pk>/", "/admin/users/usage/{staff_user.id}/", "LLLDDDA", "LLLDDDM"),
    Row(r"admin/users/copy/<int:pk>/", "/admin/users/copy/{staff_user.id}/", "LLLDDDA", "LLLDDDa"),
    Row(r"admin/groups/", "/admin/groups/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/groups/results/", "/admin/groups/results/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/groups/new/", "/admin/groups/new/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/groups/edit/<int:pk>/", "/admin/groups/edit/{group.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/groups/delete/<int:pk>/", "/admin/groups/delete/{group.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/groups/history/<int:pk>/", "/admin/groups/history/{group.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/groups/history-results/<int:pk>/", "/admin/groups/history-results/{group.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/groups/usage/<int:pk>/", "/admin/groups/usage/{group.id}/", "LLLDDDD", "LLLDDDD"),
    Row(r"admin/documents/chooser/", "/admin/documents/chooser/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/documents/chooser/results/", "/admin/documents/chooser/results/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/documents/chooser/chosen/<str:pk>/", "/admin/documents/chooser/chosen/{document.id}/", "LLLAADA", "LLLMMMM"),
    Row(r"admin/documents/chooser/chosen-multiple/", "/admin/documents/chooser/chosen-multiple/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/documents/chooser/create/", "/admin/documents/chooser/create/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/images/chooser/", "/admin/images/chooser/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/images/chooser/results/", "/admin/images/chooser/results/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/images/chooser/chosen/<str:pk>/", "/admin/images/chooser/chosen/{image.id}/", "LLLAADA", "LLLMMMM"),
    Row(r"admin/images/chooser/chosen-multiple/", "/admin/images/chooser/chosen-multiple/", "LLLAAAA", "LLLMMMM"),
    Row(r"admin/images/chooser/create/", "/admin/images/chooser/create/", "LLLAADA", "LLLaaDa"),
    Row(r"admin/images/chooser/<int:image_id>/select_format/", "/admin/images/chooser/{image.id}/select_format/", "LLLAAAA", "LLLaaaa"),
    Row(r"admin/sprite/", "/admin/sprite/", "AAAAAAA", "AAAaaaa"),
    Row(r"admin/password_reset/", "/admin/password_reset/", "NNNNNNN", "NNNNNNN"),
    Row(r"admin/password_reset/done/", "/admin/password_reset/done/", "NNNNNNN", "NNNNNNN"),
    Row(r"admin/password_reset/confirm/<uidb64>/<token>/", "/admin/password_reset/confirm/MQ/bukan-token/", "NNNNNNN", "NNNNNNN"),
    Row(r"admin/password_reset/complete/", "/admin/password_reset/complete/", "NNNNNNN", "NNNNNNN"),
    Row(r"admin/jsi18n/", "/admin/jsi18n/", "AAAAAAA", "MMMMMMM"),
    Row(r"admin/^.*/$", "/admin/tidak-ada/", "LLLNNNN", "LLLNNNN"),
    Row(r"documents/^(\d+)/(.*)$", "/documents/{document.id}/uji.pdf", "AAAAAAA", "aaaaaaa"),
    Row(r"documents/authenticate_with_password/<int:restriction_id>/", "/documents/authenticate_with_password/999999/", "NNNNNNN", "NNNNNNN"),
    Row(r"api/v2/^pages/", "/api/v2/pages/", "AAAAAAA", "MMMMMMM"),
    Row(r"api/v2/^pages/<int:pk>/", "/api/v2/pages/{pub.id}/", "AAAAAAA", "MMMMMMM"),
    Row(r"api/v2/^pages/<int:pk>/", "/api/v2/pages/{draft_own.id}/", "NNNNNNN", "MMMMMMM"),
    Row(r"api/v2/^pages/<int:pk>/", "/api/v2/pages/{draft_other.id}/", "NNNNNNN", "MMMMMMM"),
    Row(r"api/v2/^pages/<int:pk>/", "/api/v2/pages/{draft_assigned.id}/", "NNNNNNN", "MMMMMMM"),
    Row(r"api/v2/^pages/find/", "/api/v2/pages/find/", "NNNNNNN", "MMMMMMM"),
    Row(r"api/v2/^images/", "/api/v2/images/", "AAAAAAA", "MMMMMMM"),
    Row(r"api/v2/^images/<int:pk>/", "/api/v2/images/{image.id}/", "AAAAAAA", "MMMMMMM"),
    Row(r"api/v2/^images/find/", "/api/v2/images/find/", "NNNNNNN", "MMMMMMM"),
    Row(r"akun/", "/akun/", "LAAAAAA", "LMMMMMM"),
    Row(r"akun/status/", "/akun/status/", "AAAAAAA", "MMMMMMM"),
    Row(r"akun/saya/", "/akun/saya/?next=/", "LRRRRRR", "MMMMMMM"),
    Row(r"akun/profil/", "/akun/profil/", "LAAAAAA", "Laaaaaa"),
    Row(r"akun/tersimpan/", "/akun/tersimpan/", "LAAAAAA", "LMMMMMM"),
    Row(r"akun/simpan/<page_id:article_id>/", "/akun/simpan/{pub.id}/", "LAAAAAA", "Laaaaaa"),
    Row(r"akun/riwayat/", "/akun/riwayat/", "LAAAAAA", "DBBBBBB"),
    Row(r"akun/riwayat/hapus/", "/akun/riwayat/hapus/", "LMMMMMM", "Laaaaaa"),
    Row(r"akun/untuk-anda/", "/akun/untuk-anda/", "LAAAAAA", "LMMMMMM"),
    Row(r"akun/ikuti/<slug:kind_slug>/<page_id:target_id>/", "/akun/ikuti/rubrik/{section.id}/", "LAAAAAA", "Laaaaaa"),
    Row(r"akun/data/", "/akun/data/", "LAAAAAA", "LMMMMMM"),
    Row(r"akun/hapus/", "/akun/hapus/", "LAADDDD", "LaaDDDD"),
    Row(r"akun/terhapus/", "/akun/terhapus/", "AAAAAAA", "MMMMMMM"),
    Row(r"akun/login/", "/akun/login/", "ARRRRRR", "aaaaaaa"),
    Row(r"akun/logout/", "/akun/logout/", "RAAAAAA", "aaaaaaa"),
    Row(r"akun/inactive/", "/akun/inactive/", "AAAAAAA", "MMMMMMM"),
    Row(r"akun/signup/", "/akun/signup/", "ARRRRRR", "aaaaaaa"),
    Row(r"akun/reauthenticate/", "/akun/reauthenticate/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/reauthenticate/code/", "/akun/reauthenticate/code/", "LAAAAAA", "Laaaaaa"),
    Row(r"akun/reauthenticate/code/confirm/", "/akun/reauthenticate/code/confirm/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/email/", "/akun/email/", "LAAAAAA", "Laaaaaa"),
    Row(r"akun/confirm-email/", "/akun/confirm-email/", "AAAAAAA", "MMMMMMM"),
    Row(r"akun/password/change/", "/akun/password/change/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/password/set/", "/akun/password/set/", "LAAAAAA", "Laaaaaa"),
    Row(r"akun/password/reset/", "/akun/password/reset/", "AAAAAAA", "aaaaaaa"),
    Row(r"akun/login/code/confirm/", "/akun/login/code/confirm/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/^confirm-email/(?P<key>[-:\w]+)/$", "/akun/confirm-email/bukan-kunci/", "AAAAAAA", "NNNNNNN"),
    Row(r"akun/password/reset/key/done/", "/akun/password/reset/key/done/", "AAAAAAA", "MMMMMMM"),
    Row(r"akun/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$", "/akun/password/reset/key/1-bukan-kunci/", "AAAAAAA", "aaaaaaa"),
    Row(r"akun/password/reset/done/", "/akun/password/reset/done/", "AAAAAAA", "MMMMMMM"),
    Row(r"akun/2fa/", "/akun/2fa/", "LAAAAAA", "LMMMMMM"),
    Row(r"akun/2fa/authenticate/", "/akun/2fa/authenticate/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/2fa/reauthenticate/", "/akun/2fa/reauthenticate/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/2fa/totp/activate/", "/akun/2fa/totp/activate/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/2fa/totp/deactivate/", "/akun/2fa/totp/deactivate/", "LNNNNNN", "LNNNNNN"),
    Row(r"akun/2fa/recovery-codes/", "/akun/2fa/recovery-codes/", "LNNNNNN", "LMMMMMM"),
    Row(r"akun/2fa/recovery-codes/generate/", "/akun/2fa/recovery-codes/generate/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/2fa/recovery-codes/download/", "/akun/2fa/recovery-codes/download/", "LNNNNNN", "LNNNNNN"),
    Row(r"akun/2fa/webauthn/", "/akun/2fa/webauthn/", "LAAAAAA", "LMMMMMM"),
    Row(r"akun/2fa/webauthn/add/", "/akun/2fa/webauthn/add/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/2fa/webauthn/reauthenticate/", "/akun/2fa/webauthn/reauthenticate/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/2fa/webauthn/keys/<int:pk>/remove/", "/akun/2fa/webauthn/keys/999/remove/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/2fa/webauthn/keys/<int:pk>/edit/", "/akun/2fa/webauthn/keys/999/edit/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/2fa/webauthn/login/", "/akun/2fa/webauthn/login/", "LRRRRRR", "Laaaaaa"),
    Row(r"akun/3rdparty/login/cancelled/", "/akun/3rdparty/login/cancelled/", "AAAAAAA", "MMMMMMM"),
    Row(r"akun/3rdparty/login/error/", "/akun/3rdparty/login/error/", "UUUUUUU", "MMMMMMM"),
    Row(r"akun/3rdparty/signup/", "/akun/3rdparty/signup/", "LLLLLLL", "LLLLLLL"),
    Row(r"akun/3rdparty/", "/akun/3rdparty/", "LAAAAAA", "Laaaaaa"),
    Row(r"akun/social/login/cancelled/", "/akun/social/login/cancelled/", "RRRRRRR", "aaaaaaa"),
    Row(r"akun/social/login/error/", "/akun/social/login/error/", "RRRRRRR", "aaaaaaa"),
    Row(r"akun/social/signup/", "/akun/social/signup/", "RRRRRRR", "aaaaaaa"),
    Row(r"akun/social/connections/", "/akun/social/connections/", "RRRRRRR", "aaaaaaa"),
    Row(r"akun/google/login/", "/akun/google/login/", "NNNNNNN", "NNNNNNN"),
    Row(r"akun/google/login/callback/", "/akun/google/login/callback/", "NNNNNNN", "NNNNNNN"),
    Row(r"akun/google/login/token/", "/akun/google/login/token/", "NNNNNNN", "NNNNNNN"),
    Row(r"akun/facebook/login/", "/akun/facebook/login/", "NNNNNNN", "NNNNNNN"),
    Row(r"akun/facebook/login/callback/", "/akun/facebook/login/callback/", "NNNNNNN", "NNNNNNN"),
    Row(r"akun/facebook/login/token/", "/akun/facebook/login/token/", "NNNNNNN", "NNNNNNN"),
    Row(r"akun/sessions/", "/akun/sessions/", "LAAAAAA", "Laaaaaa"),
    Row(r"komentar/<comments_id:article_id>/", "/komentar/{pub.id}/", "AAAAAAA", "MMMMMMM"),
    Row(r"komentar/<comments_id:article_id>/bagian/", "/komentar/{pub.id}/bagian/", "AAAAAAA", "MMMMMMM"),
    Row(r"komentar/<comments_id:article_id>/kirim/", "/komentar/{pub.id}/kirim/", "MMMMMMM", "LBBBBBB"),
    Row(r"komentar/ubah/<comments_id:comment_id>/", "/komentar/ubah/{hidden_comment.id}/", "LDDDDDD", "LDDDDDD"),
    Row(r"komentar/hapus/<comments_id:comment_id>/", "/komentar/hapus/{hidden_comment.id}/", "LDDDDDD", "LDDDDDD"),
    Row(r"komentar/laporkan/<comments_id:comment_id>/", "/komentar/laporkan/{hidden_comment.id}/", "LNNNNNN", "LNNNNNN"),
    Row(r"push/", "/push/", "AAAAAAA", "MMMMMMM"),
    Row(r"push/config/", "/push/config/", "AAAAAAA", "MMMMMMM"),
    Row(r"push/subscribe/", "/push/subscribe/", "MMMMMMM", "BBBBBBB"),
    Row(r"push/unsubscribe/", "/push/unsubscribe/", "MMMMMMM", "BBBBBBB"),
    Row(r"push/subscription/", "/push/subscription/", "MMMMMMM", "BBBBBBB"),
    Row(r"push/invite/", "/push/invite/", "AAAAAAA", "MMMMMMM"),
    Row(r"push/sw.js", "/push/sw.js", "AAAAAAA", "MMMMMMM"),
    Row(r"nawala/", "/nawala/", "AAAAAAA", "MMMMMMM"),
    Row(r"nawala/daftar/", "/nawala/daftar/", "MMMMMMM", "BBBBBBB"),
    Row(r"nawala/konfirmasi/<str:token>/", "/nawala/konfirmasi/{nawala_confirm}/", "AAAAAAA", "AAAAAAA"),
    Row(r"nawala/atur/<str:token>/", "/nawala/atur/{nawala_preferences}/", "AAAAAAA", "aaaaaaa"),
    Row(r"nawala/berhenti/<str:token>/", "/nawala/berhenti/{nawala_unsubscribe}/", "AAAAAAA", "aaaaaaa"),
    Row(r"nawala/berhenti/<str:token>/satu-klik/", "/nawala/berhenti/{nawala_unsubscribe}/satu-klik/", "AAAAAAA", "aaaaaaa"),
    Row(r"nawala/akun/", "/nawala/akun/", "LMMMMMM", "LRRRRRR"),
    # A provider not configured here (no shared secret, no signing key) is refused, logged, whoever posts.
    Row(r"nawala/webhooks/brevo/tracking/", "/nawala/webhooks/brevo/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/mailersend/tracking/", "/nawala/webhooks/mailersend/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/mailgun/tracking/", "/nawala/webhooks/mailgun/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/mailjet/tracking/", "/nawala/webhooks/mailjet/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/mailtrap/tracking/", "/nawala/webhooks/mailtrap/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/mandrill/tracking/", "/nawala/webhooks/mandrill/tracking/", "MMMMMMM", "DDDDDDD"),
    Row(r"nawala/webhooks/postal/tracking/", "/nawala/webhooks/postal/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/postmark/tracking/", "/nawala/webhooks/postmark/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/resend/tracking/", "/nawala/webhooks/resend/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/sendgrid/tracking/", "/nawala/webhooks/sendgrid/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/sparkpost/tracking/", "/nawala/webhooks/sparkpost/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"nawala/webhooks/unisender_go/tracking/", "/nawala/webhooks/unisender_go/tracking/", "DDDDDDD", "DDDDDDD"),
    Row(r"kabarplus/", "/kabarplus/", "AAAAAAA", "MMMMMMM"),
    Row(r"kabarplus/gabung/<slug:plan>/", "/kabarplus/gabung/bulanan/", "LAAAAAA", "LBBBBBB"),
    Row(r"kabarplus/pesanan/<str:order_id>/", "/kabarplus/pesanan/{order.order_id}/", "LNNNNNN", "LMMMMMM"),
    Row(r"kabarplus/akun/", "/kabarplus/akun/", "LAAAAAA", "LMMMMMM"),
    Row(r"kabarplus/kuitansi/<str:order_id>/", "/kabarplus/kuitansi/{order.order_id}/", "LNNNNNN", "LMMMMMM"),
    Row(r"kabarplus/notifikasi/<slug:gateway>/", "/kabarplus/notifikasi/sandbox/", "MMMMMMM", "BBBBBBB"),
    Row(r"kabarplus/sandbox/bayar/<str:order_id>/", "/kabarplus/sandbox/bayar/{order.order_id}/", "AAAAAAA", "BBBBBBB"),
    Row(r"iklan/i/", "/iklan/i/", "MMMMMMM", "BBBBBBB"),
    Row(r"iklan/k/<int:creative_id>/", "/iklan/k/{creative.id}/", "RRRRRRR", "MMMMMMM"),
    Row(r"<slug:section>/read/<yyyy:year>/<dd:month>/<dd:day>/<id:pk>/<str:slug>/", "{pub.public_path}", "AAAAAAA", "aaaaaaa"),
    Row(r"<slug:section>/read/<yyyy:year>/<dd:month>/<dd:day>/<id:pk>/<str:slug>/", "{draft_other.public_path}", "NNNNNNN", "NNNNNNN"),
    Row(r"tag/<str:slug>/", "/tag/pemilu/", "AAAAAAA", "MMMMMMM"),
    Row(r"penulis/<slug:slug>/", "/penulis/{writer.slug}/", "AAAAAAA", "MMMMMMM"),
    Row(r"search/", "/search/", "AAAAAAA", "MMMMMMM"),
    Row(r"hit/<id:pk>/", "/hit/{pub.id}/", "AAAAAAA", "MMMMMMM"),
    Row(r"hit/<id:pk>/", "/hit/{draft_other.id}/", "AAAAAAA", "MMMMMMM"),
    Row(r"feed/", "/feed/", "AAAAAAA", "aaaaaaa"),
    Row(r"<slug:section>/feed/", "/nasional/feed/", "AAAAAAA", "aaaaaaa"),
    Row(r"live/<live_id:report_id>/updates.json", "/live/{live_report.id}/updates.json", "AAAAAAA", "MMMMMMM"),
    Row(r"live/<live_id:report_id>/updates.json", "/live/{draft_other.id}/updates.json", "NNNNNNN", "MMMMMMM"),
    Row(r"live/<live_id:report_id>/feed/", "/live/{live_report.id}/feed/", "AAAAAAA", "aaaaaaa"),
    Row(r"live/<live_id:report_id>/pembaruan/<live_id:update_id>/", "/live/{live_report.id}/pembaruan/{live_update.id}/", "RRRRRRR", "MMMMMMM"),
    Row(r"live/<live_id:report_id>/pembaruan/<live_id:update_id>/", "/live/{live_report.id}/pembaruan/999999/", "NNNNNNN", "MMMMMMM"),
    Row(r"sitemap-news.xml", "/sitemap-news.xml", "AAAAAAA", "MMMMMMM"),
    Row(r"sitemap.xml", "/sitemap.xml", "AAAAAAA", "MMMMMMM"),
    Row(r"sitemap-<section>.xml", "/sitemap-nasional.xml", "NNNNNNN", "NNNNNNN"),
    Row(r"_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", "/_util/authenticate_with_password/999999/{pub.id}/", "NNNNNNN", "NNNNNNN"),
    Row(r"_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", "/_util/authenticate_with_password/999999/{draft_own.id}/", "NNNNNNN", "NNNNNNN"),
    Row(r"_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", "/_util/authenticate_with_password/999999/{draft_other.id}/", "NNNNNNN", "NNNNNNN"),
    Row(r"_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", "/_util/authenticate_with_password/999999/{draft_assigned.id}/", "NNNNNNN", "NNNNNNN"),
    Row(r"_util/login/", "/_util/login/", "AAAAAAA", "aaaaaaa"),
    Row(r"^((?:[\w\-]+/)*)$", "/", "AAAAAAA", "aaaaaaa"),
    Row(r"^((?:[\w\-]+/)*)$", "{pub.url_path_public}", "RRRRRRR", "aaaaaaa"),
    Row(r"^((?:[\w\-]+/)*)$", "{draft_own.url_path_public}", "NNNNNNN", "NNNNNNN"),
    Row(r"^((?:[\w\-]+/)*)$", "{draft_other.url_path_public}", "NNNNNNN", "NNNNNNN"),
)
# fmt: on
