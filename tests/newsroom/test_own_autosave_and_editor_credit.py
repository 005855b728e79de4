"""An editor's own autosave never blocks his publish; another editor's still does, named as the newsroom
knows them; and approving an article in review credits the approving Redaktur as its Editor."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from kabar.articles.models import ArticlePage
from kabar.core.forms import staff_display_name
from kabar.newsroom.services import EDITORS, WRITERS
from tests import factories
from tests.newsroom.support import editor_form

pytestmark = pytest.mark.django_db

AUTOSAVE = {"Accept": "application/json"}


def edit_url(article: ArticlePage) -> str:
    return reverse("wagtailadmin_pages:edit", args=[article.pk])


def logged_in(username: str, group: str, *, name: str | None = None) -> Client:
    user = factories.staff(username, group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    if name:
        person = factories.person(name, role="editor")
        person.user = user
        person.save()
    client = Client()
    client.force_login(user)
    return client


def open_editor(client: Client, article: ArticlePage):
    response = client.get(edit_url(article))
    assert response.status_code == 200
    return editor_form(response.content.decode())


def refusal_for(name: str) -> str:
    """The start of the refusal as the English admin shows it, naming `name`."""
    with translation.override("en"):
        message = _(
            "Not saved: %(user)s saved a newer version at %(time)s, after you opened this page. Your "
            "changes are still in the form. Compare with the newer version in History, then save "
            "again to replace it, or reload to start from it."
        )
    return message.split("%(time)s")[0] % {"user": name}


def test_an_editors_own_autosaves_never_block_his_publish():
    ani = logged_in("ani", EDITORS)
    article = factories.article("Terbit setelah simpan otomatis", published=False, summary="Awal.")
    form = open_editor(ani, article)

    # Wagtail's script autosaves while he types: the first autosave writes a revision, the next ones
    # overwrite it; the form in his browser still names the revision he opened.
    form["summary"] = "Ketikan pertama."
    first = ani.post(edit_url(article), form, headers=AUTOSAVE).json()
    assert first["success"] is True
    form["summary"] = "Ketikan kedua."
    again = form.copy()
    again["overwrite_revision_id"] = str(first["revision_id"])
    assert ani.post(edit_url(article), again, headers=AUTOSAVE).json()["success"] is True

    form["action-publish"] = "action-publish"
    response = ani.post(edit_url(article), form)

    assert response.status_code == 302
    published = ArticlePage.objects.get(pk=article.pk)
    assert published.live
    assert published.summary == "Ketikan kedua."


def test_another_editors_autosave_still_blocks_a_publish_and_names_them_by_their_people_name():
    ani = logged_in("ani", EDITORS)
    budi = logged_in("budi", EDITORS, name="Budi Santoso")
    article = factories.article("Dua redaktur", published=False, summary="Awal.")
    ani_form, budi_form = open_editor(ani, article), open_editor(budi, article)
    budi_form["summary"] = "Versi Budi."
    assert budi.post(edit_url(article), budi_form, headers=AUTOSAVE).json()["success"] is True

    ani_form["summary"] = "Versi Ani."
    ani_form["action-publish"] = "action-publish"
    response = ani.post(edit_url(article), ani_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert refusal_for("Budi Santoso") in page
    assert refusal_for("budi") not in page
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert editor_form(page)["summary"] == "Versi Ani."


def test_a_staff_member_is_named_by_people_name_then_full_name():
    credited = factories.staff("redaktur1", EDITORS)
    person = factories.person("Sari Dewi", role="editor")
    person.user = credited
    person.save()
    named = factories.staff("redaktur2", EDITORS)
    named.first_name, named.last_name = "Tono", "Hartono"
    named.save()

    assert staff_display_name(credited) == "Sari Dewi"
    assert staff_display_name(named) == "Tono Hartono"


def submitted_article(title: str, **fields: object) -> tuple[ArticlePage, WorkflowState]:
    writer = factories.staff("penulis", WRITERS)
    article = factories.article(title, published=False, **fields)
    article.save_revision(user=writer)
    article.get_workflow().start(article, writer)
    return ArticlePage.objects.get(pk=article.pk), WorkflowState.objects.get(object_id=str(article.pk))


def approve(client: Client, article: ArticlePage, state: WorkflowState) -> None:
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
    assert client.post(url, {"comment": ""}).status_code == 302


def test_approving_in_review_credits_the_approving_redaktur_as_editor():
    article, state = submitted_article("Disetujui redaktur")
    redaktur = logged_in("redaktur", EDITORS, name="Rudi Hartanto")

    approve(redaktur, article, state)

    published = ArticlePage.objects.get(pk=article.pk)
    assert published.live
    assert published.editor is not None and published.editor.name == "Rudi Hartanto"
    assert published.live_revision.as_object().editor_id == published.editor_id


def test_approving_keeps_an_editor_already_set():
    chosen = factories.person("Maya Lestari", role="editor")
    article, state = submitted_article("Editor sudah dipilih", editor=chosen)
    redaktur = logged_in("redaktur", EDITORS, name="Rudi Hartanto")

    approve(redaktur, article, state)

    published = ArticlePage.objects.get(pk=article.pk)
    assert published.live
    assert published.editor_id == chosen.pk
