"""Who may do what, at every URL: the permission matrix (tests/core/permission_matrix.py) walked for real.

One test per actor walks every row with GET, then with POST, against a world of real objects, and fails
listing every response that differs from the table: above all an unexpected 2xx. After the walk nothing may
have changed (the only POSTs sent are the ones the actor must not be able to do). Django's test client does
not enforce CSRF, so a POST here tests authorisation, not the token.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission, Page, Revision, Task, Workflow

from kabar.alerts.models import Alert, OutboundWebhook
from kabar.articles.models import ArticlePage
from kabar.comments.models import Ban, BlockedWord, Comment
from kabar.membership.models import Membership, Order, Plan
from kabar.newsroom.models import BinnedArticle
from kabar.newsroom.services import WRITERS, assign_writer_to_section
from kabar.pages.models import RightOfReply
from kabar.wire.models import WireFeed
from tests import factories
from tests.core.permission_matrix import (
    ACTORS,
    OUTCOMES,
    SECRETS,
    TABLE,
    fill,
    module_world,
    outcome,
    sends,
    served_patterns,
)
from tests.newsroom.support import editor_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_within_two_factor_grace(settings):
    """The matrix is about rights, not two-factor: staff are inside the grace period (tested elsewhere)."""
    settings.KABAR_STAFF_MFA_GRACE_DAYS = 3650


def test_every_url_the_project_serves_has_a_row_and_every_row_a_url():
    served = set(served_patterns())
    listed = {row.pattern for row in TABLE}
    assert not served - listed, "URL patterns with no row in the permission matrix:\n" + "\n".join(
        sorted(served - listed)
    )
    assert not listed - served, "rows for URL patterns the project no longer serves:\n" + "\n".join(
        sorted(listed - served)
    )


def test_the_table_is_well_formed():
    for row in TABLE:
        for letters in (row.get, row.post):
            assert len(letters) == len(ACTORS) and set(letters) <= OUTCOMES, row
        assert "a" not in row.get, row  # every GET is sent


ADMIN_ONLY = ("anonymous", "reader", "member")


def test_readers_never_see_the_admin_in_the_table():
    # The admin's login page, its icon sprite and its JavaScript translations are the same for everyone.
    public_assets = {"admin/login/", "admin/sprite/", "admin/jsi18n/"}
    for row in TABLE:
        if row.pattern.startswith("admin/") and row.pattern not in public_assets:
            for actor in ADMIN_ONLY:
                for method in ("GET", "POST"):
                    assert row.expected(method, actor) in "LDNMB", (row, actor, method)


def test_moderator_never_edits_articles_in_the_table():
    page_actions = ("edit", "delete", "unpublish", "move", "copy", "revert", "lock", "unlock", "workflow/action")
    for row in TABLE:
        if row.pattern.startswith(("admin/pages/", "admin/newsroom/")) and any(a in row.path for a in page_actions):
            assert row.expected("GET", "moderator") not in "AR", row
            assert row.expected("POST", "moderator") not in "Aa", row


def test_penulis_never_publishes_nor_touches_other_writers_work_in_the_table():
    for row in TABLE:
        if "/bulk/" in row.path or not row.pattern.startswith(("admin/pages/", "admin/newsroom/")):
            continue
        penulis_may = row.expected("GET", "penulis") in "AR" or row.expected("POST", "penulis") == "a"
        if any(word in row.path for word in ("unpublish", "/lock/", "/unlock/", "workflow/action", "correct/")):
            assert not penulis_may, row
        others_work = "{draft_other." in row.path or "{pub." in row.path
        if others_work and any(word in row.path for word in ("/edit/", "/delete/", "/revert/", "/copy/", "/move/")):
            assert not penulis_may, row


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, built once inside a transaction that is rolled back at the end;
    each test runs in a savepoint within it (pytest-django's own), so no test sees another's changes."""
    yield from module_world(django_db_blocker, tmp_path_factory)


def _snapshot() -> dict[str, Any]:
    """What no refused request may change."""
    return {
        "pages": sorted(Page.objects.values_list("pk", "title", "slug", "live", "locked", "path", "owner_id")),
        "revisions": Revision.objects.count(),
        "binned": sorted(BinnedArticle.objects.values_list("article_id", flat=True)),
        "comments": sorted(Comment.objects.values_list("pk", "status", "text")),
        "bans": sorted(Ban.objects.values_list("pk", "user_id", "expires_at")),
        "words": sorted(BlockedWord.objects.values_list("pk", "word")),
        "replies": sorted(RightOfReply.objects.values_list("pk", "status", "answer")),
        "memberships": sorted(Membership.objects.values_list("pk", "status", "ends_at")),
        "orders": sorted(Order.objects.values_list("pk", "status")),
        "plans": sorted(Plan.objects.values_list("pk", "price", "active")),
        "feeds": sorted(WireFeed.objects.values_list("pk", "name", "enabled")),
        "webhooks": sorted(OutboundWebhook.objects.values_list("pk", "url", "enabled")),
        "alerts": sorted(Alert.objects.values_list("pk", "status")),
        "workflows": sorted(Workflow.objects.values_list("pk", "active")),
        "tasks": sorted(Task.objects.values_list("pk", "active")),
        "groups": sorted(Group.objects.values_list("pk", "name")),
        "group_rights": Permission.objects.filter(group__isnull=False).count(),
        "page_rights": GroupPagePermission.objects.count(),
    }


def _logged_out(client: Client) -> bool:
    """A logout row ended the session (its cookie is emptied); checked without a database query."""
    cookie = client.cookies.get("sessionid")
    return cookie is None or not cookie.value


@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix(actor, world, settings):
    settings.MEDIA_ROOT = world.media_root  # where the world's image and document are
    user = world.users.get(actor)
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    before = _snapshot()
    failures, sent = [], Counter()
    for method in ("GET", "POST"):
        for row in TABLE:
            if not sends(row, method, actor):
                sent["listed only"] += 1
                continue
            path = fill(row.path, world)
            response = client.get(path) if method == "GET" else client.post(path)
            sent[method] += 1
            got, expected = outcome(response), row.expected(method, actor)
            if got != expected:
                unexpected_2xx = " UNEXPECTED 2xx" if got == "A" else ""
                failures.append(
                    f"{method} {path} ({row.pattern}): expected {expected}, got {got}"
                    f" [{response.status_code} {response.get('Location', '')}]{unexpected_2xx}"
                )
            if method == "GET" and not path.startswith("/admin/") and not response.streaming:
                text = response.content.decode(errors="replace").lower()
                leaked = [secret for secret in SECRETS if secret in text]
                if leaked:
                    failures.append(f"GET {path}: shows {leaked}")
            if user is not None and _logged_out(client):  # a logout row, or an account's sessions ended
                client.force_login(user)
    after = _snapshot()
    changed = [key for key in before if before[key] != after[key]]
    print(f"{actor}: {len(TABLE)} rows x 2 methods, sent {dict(sent)}")
    if changed:
        failures.append(f"the walk changed {changed}, yet it sends no POST the actor may make")
    assert not failures, f"{actor}: {len(failures)} unexpected outcomes:\n" + "\n".join(failures)


# --- the content API and Penulis's sections, in detail ---------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "/api/v2/pages/",
        "/api/v2/pages/?fields=*",
        "/api/v2/pages/?type=articles.ArticlePage&fields=*",
        "/api/v2/pages/?type=articles.ArticlePage&search=rahasia",
        "/api/v2/pages/?search=draf&fields=body,summary",
        "/api/v2/pages/?type=articles.ArticlePage&child_of={folder.id}&fields=*",
        "/api/v2/pages/?type=articles.ArticlePage&descendant_of={section.id}&fields=*",
        "/api/v2/pages/find/?html_path={draft_other.url_path_public}",
        "/api/v2/pages/{draft_other.id}/?fields=*",
        "/api/v2/pages/{draft_own.id}/",
    ],
)
@pytest.mark.parametrize("actor", ["anonymous", "penulis", "admin"])
def test_drafts_never_appear_in_the_content_api(query, actor, world):
    client = Client()
    if actor != "anonymous":
        client.force_login(world.users[actor])
    response = client.get(fill(query, world))
    assert response.status_code in (200, 400, 404), response.status_code  # 400: a field listings do not offer
    text = response.content.decode().lower()
    assert not [secret for secret in SECRETS if secret in text]
    if response.status_code == 200 and ("/pages/?" in query or query.endswith("/pages/")):
        ids = {item["id"] for item in response.json()["items"]}
        assert not ids & {world.draft_own.id, world.draft_other.id, world.draft_assigned.id}


def _edit(client: Client, page: ArticlePage, action: str | None = None):
    """The admin's edit form as the browser sends it, with the title changed."""
    url = f"/admin/pages/{page.pk}/edit/"
    form = client.get(url)
    assert form.status_code == 200, form
    data = editor_form(form.content.decode())
    data["title"] = page.title + " (disunting)"
    if action:
        data[action] = "1"
    return client.post(url, data)


def test_assigned_writer_edits_another_writers_draft_in_that_section_but_cannot_publish_it():
    writer, other = factories.staff("penulis-rubrik", WRITERS), factories.staff("penulis-lain", WRITERS)
    economy, national = factories.section("Ekonomi"), factories.section("Nasional")
    in_economy = factories.article("Draf ekonomi", in_section=economy, published=False, owner=other)
    in_national = factories.article("Draf nasional", in_section=national, published=False, owner=other)
    assign_writer_to_section(writer, economy)
    client = Client()
    client.force_login(writer)

    assert _edit(client, in_economy).status_code == 302
    assert "(disunting)" in ArticlePage.objects.get(pk=in_economy.pk).get_latest_revision_as_object().title

    response = _edit(client, in_economy, action="action-publish")
    assert not ArticlePage.objects.get(pk=in_economy.pk).live, response
    assert not in_economy.permissions_for_user(writer).can_publish()
    bulk = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={in_economy.pk}", {"id": in_economy.pk})
    assert bulk.status_code in (200, 302)
    assert not ArticlePage.objects.get(pk=in_economy.pk).live

    refused = client.get(f"/admin/pages/{in_national.pk}/edit/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert not in_national.permissions_for_user(writer).can_edit()


def test_only_writers_are_assigned_to_sections():
    editor_less = factories.staff("bukan-penulis", None)
    with pytest.raises(ValueError):
        assign_writer_to_section(editor_less, factories.section("Ekonomi"))


def test_move_confirmation_is_refused_to_who_may_not_move_the_page():
    from kabar.articles.services import month_folder
    from kabar.newsroom.services import EDITORS

    article = factories.article("Terbit, tak boleh dipindah penulis", in_section=factories.section("Nasional"))
    url = f"/admin/pages/{article.pk}/move/{month_folder(factories.section('Ekonomi')).pk}/confirm/"
    writer, editor = Client(), Client()
    writer.force_login(factories.staff("penulis-pindah", WRITERS))
    editor.force_login(factories.staff("redaktur-pindah", EDITORS))

    refused = writer.get(url)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert editor.get(url).status_code == 200
    assert writer.post(url)["Location"] == "/admin/"
    assert ArticlePage.objects.get(pk=article.pk).get_parent().pk == article.get_parent().pk


def test_editors_can_view_a_draft():
    from kabar.newsroom.services import EDITORS

    draft = factories.article("Draf bertag", published=False, tags=["pemilu"])
    client = Client()
    client.force_login(factories.staff("redaktur-pratinjau", EDITORS))
    response = client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert response.status_code == 200
    assert "Draf bertag" in response.content.decode()
