"""The live desk in the admin, through Django's test client as Penulis and Redaktur."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from wagtail import hooks

from kabar.core import hooks as kabar_hooks
from kabar.live import services
from kabar.live.models import LiveReportPage, LiveUpdate
from tests import factories
from tests.live.desk_support import report, text

pytestmark = pytest.mark.django_db


def desk(page: LiveReportPage) -> str:
    return reverse("live_desk", args=[page.pk])


def denied(response) -> bool:
    """Wagtail's admin answers a refusal by sending the user back to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_editor_publishes_a_key_event_from_the_desk_in_one_click(client):
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    client.force_login(editor)
    assert client.get(desk(page)).status_code == 200
    response = client.post(
        desk(page),
        {
            "text": "Pintu air Manggarai siaga 1.\nWarga diminta mengungsi.",
            "headline": "Manggarai siaga 1",
            "is_key_event": "on",
            "is_pinned": "on",
            "action": "publish",
        },
    )
    update = LiveUpdate.objects.get(report=page)
    assert response.status_code == 302
    assert response["Location"] == f"{desk(page)}#update-{update.pk}"
    assert update.status == LiveUpdate.Status.PUBLISHED
    assert update.is_key_event and update.is_pinned
    assert update.headline == "Manggarai siaga 1"
    assert [block.value.source for block in update.body] == [
        "<p>Pintu air Manggarai siaga 1.</p>",
        "<p>Warga diminta mengungsi.</p>",
    ]
    shown = client.get(response["Location"]).content.decode()
    assert "Pintu air Manggarai siaga 1." in shown
    assert f'id="update-{update.pk}"' in shown


def test_save_draft_keeps_the_update_off_the_report(client):
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    client.force_login(editor)
    client.post(desk(page), {"text": "Belum pasti: tanggul jebol?", "action": "draft"})
    update = LiveUpdate.objects.get(report=page)
    assert update.status == LiveUpdate.Status.DRAFT and update.published_at is None
    client.post(reverse("live_update_action", args=[update.pk, "publish"]))
    assert LiveUpdate.objects.get(pk=update.pk).status == LiveUpdate.Status.PUBLISHED


def test_an_empty_update_is_refused_and_the_text_kept(client):
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    client.force_login(factories.in_english(editor))
    response = client.post(desk(page), {"text": "  \n ", "headline": "Judul tanpa isi", "action": "publish"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "The update is empty." in content
    assert 'value="Judul tanpa isi"' in content
    too_long = "Air terus naik. " * 700
    response = client.post(desk(page), {"text": too_long, "action": "publish"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "at most 10.000" in content
    assert too_long.strip() in content
    assert not LiveUpdate.objects.exists()


def test_writer_posts_an_update_but_cannot_pin_it(client):
    writer = factories.staff("penulis", "Penulis")
    page = report(owner=writer)
    client.force_login(factories.in_english(writer))
    response = client.get(desk(page))
    assert response.status_code == 200
    assert 'name="is_pinned"' not in response.content.decode()
    client.post(desk(page), {"text": "Hujan kembali turun di Bogor.", "action": "publish"})
    update = LiveUpdate.objects.get(report=page)
    shown = client.get(desk(page)).content.decode()
    assert reverse("live_update_action", args=[update.pk, "pin"]) not in shown
    assert reverse("live_update_action", args=[update.pk, "delete"]) not in shown
    for action in ("pin", "key", "delete"):
        assert denied(client.post(reverse("live_update_action", args=[update.pk, action])))
    assert denied(client.post(reverse("live_report_coverage", args=[page.pk, "close"])))
    update.refresh_from_db()
    assert update.status == LiveUpdate.Status.PUBLISHED and not update.is_pinned and not update.is_key_event


def test_writer_may_not_open_the_desk_of_a_report_they_may_not_edit(client):
    page = report(owner=factories.staff("penulis-lain", "Penulis"))
    client.force_login(factories.staff("penulis", "Penulis"))
    assert denied(client.get(desk(page)))
    assert denied(client.post(desk(page), {"text": "Coba.", "action": "publish"}))
    assert not LiveUpdate.objects.exists()


def test_moderator_has_no_desk(client):
    page = report()
    client.force_login(factories.staff("moderator", "Moderator"))
    assert denied(client.get(desk(page)))
    assert denied(client.get(reverse("live_index")))


def _stream_post(prefix: str, *paragraphs: str) -> dict[str, str]:
    """The stream editor's POST as Wagtail's JavaScript sends it (Draftail's contentstate per paragraph)."""
    data = {f"{prefix}-count": str(len(paragraphs))}
    for index, paragraph in enumerate(paragraphs):
        contentstate = {
            "blocks": [
                {"key": f"k{index}", "type": "unstyled", "depth": 0, "text": paragraph, "inlineStyleRanges": [],
                 "entityRanges": []}
            ],
            "entityMap": {},
        }  # fmt: skip
        data |= {
            f"{prefix}-{index}-type": "paragraph",
            f"{prefix}-{index}-value": json.dumps(contentstate),
            f"{prefix}-{index}-deleted": "",
            f"{prefix}-{index}-order": str(index),
            f"{prefix}-{index}-id": "",
        }
    return data


def test_editor_corrects_an_update_on_its_page_and_the_old_text_stays_in_its_revisions(client):
    writer = factories.staff("penulis", "Penulis")
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=writer)
    update = services.post_update(page, body=text("Dua orang hilang."), writer=None, user=writer, publish=True)
    client.force_login(editor)
    url = reverse("live_update_edit", args=[update.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"headline": "", **_stream_post("body", "Tiga orang hilang.")})
    assert response.status_code == 302
    update.refresh_from_db()
    assert ">Tiga orang hilang.</p>" in update.body[0].value.source
    assert update.edited_at is not None
    history = client.get(url).content.decode()
    assert "Dua orang hilang." in history and "Tiga orang hilang." in history


def test_writer_cannot_correct_a_published_update(client):
    writer = factories.staff("penulis", "Penulis")
    page = report(owner=writer)
    update = services.post_update(page, body=text("Terbit."), writer=None, user=writer, publish=True)
    client.force_login(writer)
    assert denied(client.get(reverse("live_update_edit", args=[update.pk])))


def test_the_composer_adds_a_quote_after_the_text(client):
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    client.force_login(editor)
    data = {
        "text": "Gubernur meninjau lokasi.",
        "action": "publish",
        "more-count": "1",
        "more-0-type": "quote",
        "more-0-value-text": "Kami siapkan 40 perahu karet.",
        "more-0-value-attribution": "Kepala BPBD DKI",
        "more-0-deleted": "",
        "more-0-order": "0",
        "more-0-id": "",
    }
    assert client.post(desk(page), data).status_code == 302
    body = LiveUpdate.objects.get(report=page).body
    assert [block.block_type for block in body] == ["paragraph", "quote"]
    assert body[1].value["attribution"] == "Kepala BPBD DKI"


def test_editor_closes_and_reopens_coverage_from_the_desk(client):
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    client.force_login(editor)
    assert client.post(reverse("live_report_coverage", args=[page.pk, "close"])).status_code == 302
    assert LiveReportPage.objects.get(pk=page.pk).live_status == "ended"
    assert client.get(reverse("live_report_coverage", args=[page.pk, "close"])).status_code == 405
    assert client.post(reverse("live_report_coverage", args=[page.pk, "reopen"])).status_code == 302
    assert LiveReportPage.objects.get(pk=page.pk).live_status == "live"


def test_editor_deletes_an_update_and_it_leaves_the_desk(client):
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    update = services.post_update(page, body=text("Salah kirim."), writer=None, user=editor, publish=True)
    client.force_login(editor)
    client.post(reverse("live_update_action", args=[update.pk, "delete"]))
    assert LiveUpdate.objects.get(pk=update.pk).status == LiveUpdate.Status.DELETED
    assert "Salah kirim." not in client.get(desk(page)).content.decode()


def test_a_key_event_goes_out_as_an_alert_through_each_registered_sender(client):
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    update = services.post_update(
        page, body=text("Korban tewas bertambah."), headline="5 orang tewas", writer=None, user=editor,
        publish=True, is_key_event=True,
    )  # fmt: skip
    sent: list[tuple[kabar_hooks.AlertRequest, object]] = []

    def send(request: kabar_hooks.AlertRequest, user: object) -> str:
        sent.append((request, user))
        return "/admin/alerts/1/"

    def senders() -> list[kabar_hooks.AlertSender]:
        return [kabar_hooks.AlertSender(label="Uji", send=send)]

    client.force_login(editor)
    with hooks.register_temporarily(kabar_hooks.ALERT_SENDERS, senders):
        index = next(
            i
            for i, s in enumerate(kabar_hooks.collected(kabar_hooks.ALERT_SENDERS, kabar_hooks.AlertSender))
            if s.label == "Uji"
        )
        assert "Uji" in client.get(desk(page)).content.decode()
        response = client.post(reverse("live_update_action", args=[update.pk, "alert"]), {"sender": str(index)})
    assert response.status_code == 302
    ((request, user),) = sent
    assert request == kabar_hooks.AlertRequest(
        page_id=page.pk, title=page.title, body="5 orang tewas", follow_topic=f"story-{page.pk}"
    )
    assert user == editor


def test_new_live_report_is_filed_in_this_months_folder_of_the_chosen_section(client):
    section = factories.section("Megapolitan")
    client.force_login(factories.staff("penulis", "Penulis"))
    response = client.post(reverse("live_new_report"), {"section": section.pk})
    assert response.status_code == 302
    assert "/admin/pages/add/live/livereportpage/" in response["Location"]
    assert client.get(response["Location"]).status_code == 200


def test_the_report_edit_page_and_the_list_lead_to_the_desk(client):
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    client.force_login(factories.in_english(editor))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert edit.count(f'href="{desk(page)}"') == 2  # the header's "Live desk" and the form's own panel
    assert "Open the live desk" in edit
    listing = client.get(reverse("live_index")).content.decode()
    assert desk(page) in listing and page.title in listing
