import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html, rich_text, streamfield

from kabar.articles import services
from kabar.articles.models import ArticlePage
from kabar.newsroom.services import ADMINS, EDITORS, REVIEW_TASK, REVIEW_WORKFLOW, WRITERS, ensure_newsroom
from tests import factories

pytestmark = pytest.mark.django_db


def admin_form(client, url: str, **changes: str):
    """The admin's page form as the browser would send it, with `changes` typed in."""
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name, value in changes.items():
        data[name] = value
    return data


def with_body(data, *texts: str):
    body = streamfield([("paragraph", rich_text(f"<p>{text}</p>")) for text in texts])
    for key, value in body.items():
        data[f"body-{key}"] = value
    for index in range(len(texts)):
        for key, value in body[str(index)].items():
            data[f"body-{index}-{key}"] = value
    return data


def add_url(section_title: str = "Nasional") -> str:
    folder = services.month_folder(factories.section(section_title))
    return reverse("wagtailadmin_pages:add", args=["articles", "articlepage", folder.pk])


def write_in_admin(client, title: str, action: str | None = None) -> ArticlePage:
    # The admin's JavaScript fills the slug in from the title as it is typed.
    slug = slugify(title)
    data = with_body(admin_form(client, add_url(), title=title, slug=slug, summary="Ringkasan."), "Paragraf pertama.")
    if action:
        data[action] = "1"
    response = client.post(add_url(), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ArticlePage.objects.get(title=title)


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def writer(client):
    user = factories.staff("penulis", WRITERS)
    client.force_login(user)
    return user


def test_migrate_creates_the_three_newsroom_groups():
    assert set(Group.objects.filter(name__in=[WRITERS, EDITORS, ADMINS]).values_list("name", flat=True)) == {
        WRITERS,
        EDITORS,
        ADMINS,
    }


def test_review_workflow_is_assigned_to_the_home_page_and_so_to_every_article():
    home = factories.home()
    assert WorkflowPage.objects.get(page=home).workflow.name == REVIEW_WORKFLOW
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    assert [task.name for task in workflow.tasks] == [REVIEW_TASK]
    assert set(workflow.tasks[0].specific.groups.values_list("name", flat=True)) == {EDITORS, ADMINS}
    assert factories.article("Di bawah beranda").get_workflow() == workflow


def test_ensure_newsroom_can_run_again_without_duplicating_anything():
    home = factories.home()
    before = (GroupPagePermission.objects.count(), Workflow.objects.count(), WorkflowPage.objects.count())
    ensure_newsroom(home)
    assert (GroupPagePermission.objects.count(), Workflow.objects.count(), WorkflowPage.objects.count()) == before


def test_writer_can_create_an_article_draft_in_the_admin(client, writer):
    page = write_in_admin(client, "Draf penulis")
    assert not page.live
    assert page.owner == writer
    assert page.section.title == "Nasional"
    assert [block.block_type for block in page.get_latest_revision_as_object().body] == ["paragraph"]


def test_writer_can_submit_an_article_for_review(client, writer):
    page = write_in_admin(client, "Untuk ditinjau", action="action-submit")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == REVIEW_TASK
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_writer_cannot_publish(client, writer):
    page = write_in_admin(client, "Ingin terbit")
    assert not page.permissions_for_user(writer).can_publish()
    data = with_body(admin_form(client, edit_url(page)), "Paragraf diubah.")
    data["action-publish"] = "1"
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert not page.live
    # The edit itself was kept, as a draft.
    assert "Paragraf diubah." in page.get_latest_revision_as_object().paragraphs_text()[0]


def test_writer_cannot_publish_on_creation(client, writer):
    page = write_in_admin(client, "Langsung terbit", action="action-publish")
    assert not page.live


def test_writer_cannot_edit_an_article_someone_else_wrote(client, writer):
    page = factories.article("Milik orang lain")
    assert not page.permissions_for_user(writer).can_edit()
    response = client.get(edit_url(page))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_editor_can_publish_an_article_from_the_edit_view(client):
    page = factories.article("Siap terbit", published=False)
    editor = factories.staff("redaktur", EDITORS)
    client.force_login(editor)
    assert page.permissions_for_user(editor).can_publish()
    data = with_body(admin_form(client, edit_url(page)), "Isi yang diperiksa.")
    data["action-publish"] = "1"
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live
    assert client.get(page.dated_path()).status_code == 200


def test_editor_can_unpublish_an_article(client):
    page = factories.article("Akan ditarik")
    editor = factories.staff("redaktur", EDITORS)
    client.force_login(editor)
    assert page.permissions_for_user(editor).can_unpublish()
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == 302
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_writer_cannot_unpublish_an_article(client, writer):
    page = factories.article("Tetap terbit")
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert ArticlePage.objects.get(pk=page.pk).live


def test_editor_approves_a_submitted_article_and_it_goes_live(client, writer):
    page = write_in_admin(client, "Menunggu redaktur", action="action-submit")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    task_state = state.current_task_state
    editor = factories.staff("redaktur", EDITORS)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": "Sudah diperiksa."})
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert ArticlePage.objects.get(pk=page.pk).live


def test_writer_cannot_approve_a_task(client, writer):
    page = write_in_admin(client, "Tak bisa menyetujui sendiri", action="action-submit")
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_anonymous_visitor_is_sent_from_the_admin_to_the_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    # ... which is the site's one login, the one that asks for the second factor.
    assert client.get(response["Location"])["Location"] == "/akun/login/?next=/admin/"


def test_staff_without_a_newsroom_group_cannot_enter_the_admin(client):
    client.force_login(factories.staff("tamu", None))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
