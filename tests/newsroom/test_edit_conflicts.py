"""Two editors on one article: every accepted save is a revision, and a stale save is refused, plainly."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Revision
from wagtail.users.models import UserProfile

from kabar.articles.models import ArticlePage
from kabar.newsroom.services import EDITORS
from tests import factories
from tests.newsroom.support import editor_form

pytestmark = pytest.mark.django_db

REFUSAL = "saved a newer version"


def edit_url(article: ArticlePage) -> str:
    return reverse("wagtailadmin_pages:edit", args=[article.pk])


def open_editor(client: Client, article: ArticlePage):
    response = client.get(edit_url(article))
    assert response.status_code == 200
    return editor_form(response.content.decode())


def revision_summaries(article: ArticlePage) -> list[str]:
    revisions = Revision.objects.filter(object_id=str(article.pk), base_content_type__model="page").order_by("pk")
    return [revision.content["summary"] for revision in revisions]


def latest_summary(article: ArticlePage) -> str:
    return ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().summary


@pytest.fixture
def editors() -> dict[str, Client]:
    clients = {}
    for name in ("ani", "budi"):
        client = Client()
        user = factories.staff(name, EDITORS)
        # The admin in English: the refusal is checked by its msgid.
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
        client.force_login(user)
        clients[name] = client
    return clients


def test_the_second_editor_to_save_is_told_who_saved_first_and_loses_nothing(editors):
    article = factories.article("Dua redaktur", published=False, summary="Awal.")
    ani, budi = open_editor(editors["ani"], article), open_editor(editors["budi"], article)
    ani["summary"] = "Versi Ani."
    assert editors["ani"].post(edit_url(article), ani).status_code == 302

    budi["summary"] = "Versi Budi."
    response = editors["budi"].post(edit_url(article), budi)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: ani saved a newer version" in page
    assert latest_summary(article) == "Versi Ani."
    assert revision_summaries(article)[-2:] == ["Awal.", "Versi Ani."]
    # Budi's typing is still in the form he got back.
    assert editor_form(page)["summary"] == "Versi Budi."


def test_saving_again_after_being_told_is_a_deliberate_choice_and_is_kept(editors):
    article = factories.article("Simpan lagi", published=False, summary="Awal.")
    ani, budi = open_editor(editors["ani"], article), open_editor(editors["budi"], article)
    ani["summary"] = "Versi Ani."
    editors["ani"].post(edit_url(article), ani)
    budi["summary"] = "Versi Budi."
    refused = editors["budi"].post(edit_url(article), budi)

    again = editor_form(refused.content.decode())
    assert editors["budi"].post(edit_url(article), again).status_code == 302

    assert latest_summary(article) == "Versi Budi."
    assert revision_summaries(article)[-3:] == ["Awal.", "Versi Ani.", "Versi Budi."]


def test_a_stale_publish_is_refused_too_and_nothing_goes_live(editors):
    article = factories.article("Terbit basi", published=False, summary="Awal.")
    ani, budi = open_editor(editors["ani"], article), open_editor(editors["budi"], article)
    ani["summary"] = "Versi Ani."
    editors["ani"].post(edit_url(article), ani)
    budi["summary"] = "Versi Budi."
    budi["action-publish"] = "action-publish"

    response = editors["budi"].post(edit_url(article), budi)

    assert REFUSAL in response.content.decode()
    assert not ArticlePage.objects.get(pk=article.pk).live


def test_a_stale_autosave_is_refused_as_wagtail_does(editors):
    article = factories.article("Simpan otomatis", published=False, summary="Awal.")
    ani, budi = open_editor(editors["ani"], article), open_editor(editors["budi"], article)
    ani["summary"] = "Versi Ani."
    editors["ani"].post(edit_url(article), ani)
    budi["summary"] = "Versi Budi."
    response = editors["budi"].post(edit_url(article), budi, headers={"Accept": "application/json"})
    assert response.json()["success"] is False
    assert latest_summary(article) == "Versi Ani."


# --- the property: any interleaving of two editors ------------------------------------------


@dataclass
class Editor:
    client: Client
    form: object = None  # the form as their browser holds it, or None before they open the page
    based_on: int = -1  # how many saves had been accepted when their form was last loaded
    typed: int = 0


@dataclass
class Newsroom:
    article: ArticlePage
    editors: dict[str, Editor]
    accepted: list[str] = field(default_factory=list)


def open_page(room: Newsroom, name: str) -> None:
    editor = room.editors[name]
    editor.form = open_editor(editor.client, room.article)
    editor.based_on = len(room.accepted)


def type_summary(room: Newsroom, name: str) -> None:
    editor = room.editors[name]
    if editor.form is not None:
        editor.typed += 1
        editor.form["summary"] = f"{name} {editor.typed}"


def save(room: Newsroom, name: str) -> None:
    editor = room.editors[name]
    if editor.form is None:
        return
    sent = editor.form["summary"]
    revisions_before = revision_summaries(room.article)
    response = editor.client.post(edit_url(room.article), editor.form)
    if editor.based_on == len(room.accepted):
        # Based on the newest save: accepted, as a new revision, and the editor stays on the page.
        assert response.status_code == 302, response.content.decode()[:500]
        room.accepted.append(sent)
        assert revision_summaries(room.article) == [*revisions_before, sent]
        open_page(room, name)
    else:
        # Based on an older one: refused plainly, nothing saved, their typing still in the form.
        assert response.status_code == 200
        page = response.content.decode()
        assert re.search(r"Not saved: \w+ saved a newer version", page)
        assert revision_summaries(room.article) == revisions_before
        editor.form = editor_form(page)
        assert editor.form["summary"] == sent
        # The form they got back is based on the newest save: saving it again is their choice.
        editor.based_on = len(room.accepted)


STEPS = {"open": open_page, "type": type_summary, "save": save}


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(st.tuples(st.sampled_from(["ani", "budi"]), st.sampled_from(sorted(STEPS))), min_size=1, max_size=8)
)
def test_any_interleaving_of_two_editors_keeps_every_accepted_save_and_refuses_stale_ones(editors, steps):
    article = factories.article(published=False, summary="Awal.")
    room = Newsroom(article, {name: Editor(client) for name, client in editors.items()})
    first_revisions = revision_summaries(article)
    # Both have the article open, as when two editors pick up the same story; then anything goes.
    open_page(room, "ani")
    open_page(room, "budi")

    for name, step in steps:
        STEPS[step](room, name)

    assert revision_summaries(article) == [*first_revisions, *room.accepted]
    assert latest_summary(article) == (room.accepted[-1] if room.accepted else "Awal.")
