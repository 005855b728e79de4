"""The live desk's rules, through kabar.live.services on a real database with the clock set."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from wagtail.models import PageLogEntry

from kabar.articles import services as article_services
from kabar.articles.models import ArticlePage
from kabar.core import hooks as kabar_hooks
from kabar.core.timefmt import site_zone
from kabar.live import services
from kabar.live.models import LiveReportPage, LiveUpdate
from tests import factories
from tests.live.desk_support import report, text

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 11, 20, 12, 0, tzinfo=site_zone())


def test_publishing_a_report_starts_its_coverage_and_every_card_says_live():
    with time_machine.travel(NOON, tick=False):
        page = report()
    assert page.live_status == "live"
    assert page.coverage_started_at == NOON
    assert ArticlePage.objects.get(pk=page.pk).live_status == "live"


def test_a_report_not_yet_published_is_not_running():
    page = report(published=False)
    assert page.live_status == ""
    assert page.coverage_started_at is None


def test_writer_posts_an_update_but_cannot_pin_it():
    writer = factories.staff("penulis", "Penulis")
    page = report(owner=writer)
    update = services.post_update(
        page, body=text("Air setinggi 1 meter di Kampung Melayu."), writer=None, user=writer, publish=True
    )
    assert update.status == LiveUpdate.Status.PUBLISHED
    assert update.author == writer
    with pytest.raises(PermissionDenied):
        services.pin_update(update, writer)
    with pytest.raises(PermissionDenied):
        services.mark_key_event(update, writer)
    with pytest.raises(PermissionDenied):
        services.post_update(page, body=text("Sorotan."), writer=None, user=writer, publish=True, is_pinned=True)
    assert not LiveUpdate.objects.filter(is_pinned=True).exists()


def test_writer_cannot_post_to_a_report_they_may_not_edit():
    page = report(owner=factories.staff("penulis-lain", "Penulis"))
    stranger = factories.staff("penulis", "Penulis")
    with pytest.raises(PermissionDenied):
        services.post_update(page, body=text("Tidak boleh."), writer=None, user=stranger, publish=True)


def test_writer_cannot_delete_a_published_update_but_may_drop_their_own_draft():
    writer = factories.staff("penulis", "Penulis")
    page = report(owner=writer)
    published = services.post_update(page, body=text("Terbit."), writer=None, user=writer, publish=True)
    draft = services.post_update(page, body=text("Belum."), writer=None, user=writer, publish=False)
    with pytest.raises(PermissionDenied):
        services.delete_update(published, writer)
    services.delete_update(draft, writer)
    assert LiveUpdate.objects.get(pk=draft.pk).status == LiveUpdate.Status.DELETED
    assert LiveUpdate.objects.get(pk=published.pk).status == LiveUpdate.Status.PUBLISHED


def test_editor_corrects_an_update_and_the_old_text_stays_in_its_revisions():
    writer = factories.staff("penulis", "Penulis")
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=writer)
    with time_machine.travel(NOON, tick=False):
        update = services.post_update(
            page, body=text("Korban mengungsi 200 orang."), writer=None, user=writer, publish=True
        )
    with pytest.raises(PermissionDenied):
        services.edit_update(update, body=text("Korban mengungsi 2.000 orang."), headline="", user=writer)
    with time_machine.travel(NOON + dt.timedelta(minutes=7), tick=False):
        services.edit_update(update, body=text("Korban mengungsi 2.000 orang."), headline="Pengungsi", user=editor)
    update.refresh_from_db()
    assert update.edited_at == NOON + dt.timedelta(minutes=7)
    assert update.published_at == NOON
    assert "2.000 orang" in update.body[0].value.source
    revisions = list(update.revisions.order_by("created_at", "id"))
    assert [r.user for r in revisions] == [writer, editor]
    assert "200 orang" in revisions[0].body[0]["value"]
    assert revisions[1].headline == "Pengungsi"


def test_editing_a_draft_does_not_mark_it_updated():
    writer = factories.staff("penulis", "Penulis")
    page = report(owner=writer)
    draft = services.post_update(page, body=text("Draf."), writer=None, user=writer, publish=False)
    services.edit_update(draft, body=text("Draf yang lebih baik."), headline="", user=writer)
    draft.refresh_from_db()
    assert draft.edited_at is None
    assert draft.revisions.count() == 2
    services.publish_update(draft, writer)
    assert LiveUpdate.objects.get(pk=draft.pk).status == LiveUpdate.Status.PUBLISHED


def test_an_empty_update_is_refused():
    page = report()
    for body in ([], text("   "), [("quote", {"text": "", "attribution": "Warga"})]):
        with pytest.raises(ValidationError) as refused:
            services.post_update(page, body=body, headline="Judul saja", writer=None, user=None, publish=True)
        assert "Pembaruan ini kosong" in str(refused.value)
    assert not LiveUpdate.objects.exists()


def test_an_oversized_update_is_refused_with_its_length():
    page = report()
    with pytest.raises(ValidationError) as refused:
        services.post_update(page, body=text("a" * 6_000, "b" * 4_001), writer=None, user=None, publish=True)
    assert "10.001" in str(refused.value)
    services.post_update(page, body=text("a" * 6_000, "b" * 4_000), writer=None, user=None, publish=True)
    assert LiveUpdate.objects.count() == 1


def test_a_picture_alone_is_an_update():
    page = report()
    update = services.post_update(
        page,
        body=[("image", {"image": factories.image(), "caption": "", "credit": ""})],
        writer=None,
        user=None,
        publish=True,
    )
    assert update.body[0].block_type == "image"


def test_empty_paragraphs_are_dropped_from_an_update():
    page = report()
    update = services.post_update(page, body=text("Isi.", " "), writer=None, user=None, publish=True)
    assert [block.block_type for block in LiveUpdate.objects.get(pk=update.pk).body] == ["paragraph"]


def test_pinning_an_update_takes_the_pin_from_the_one_before():
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    first = services.post_update(page, body=text("Satu."), writer=None, user=editor, publish=True, is_pinned=True)
    second = services.post_update(page, body=text("Dua."), writer=None, user=editor, publish=True)
    services.pin_update(second, editor)
    assert list(LiveUpdate.objects.filter(is_pinned=True)) == [second]
    services.unpin_update(second, editor)
    assert not LiveUpdate.objects.filter(is_pinned=True).exists()
    assert first.pk != second.pk


def test_report_closes_at_its_scheduled_end():
    with time_machine.travel(NOON, tick=False):
        page = report(ends_at=NOON + dt.timedelta(hours=6))
        running = report("Gempa di Cianjur")
    with time_machine.travel(NOON + dt.timedelta(hours=5, minutes=59), tick=False):
        assert services.close_due_reports() == 0
    with time_machine.travel(NOON + dt.timedelta(hours=6, seconds=30), tick=False):
        assert services.close_due_reports() == 1
        assert services.close_due_reports() == 0
    page = LiveReportPage.objects.get(pk=page.pk)
    assert page.live_status == "ended"
    assert page.coverage_ended_at == NOON + dt.timedelta(hours=6, seconds=30)
    assert LiveReportPage.objects.get(pk=running.pk).live_status == "live"
    entry = PageLogEntry.objects.get(page=page, action=services.REPORT_CLOSED)
    assert entry.user is None and entry.data["scheduled"] is True


def test_the_worker_clock_runs_the_scheduled_close_every_minute():
    jobs = {job.path: job.seconds for job in kabar_hooks.periodic_jobs()}
    assert jobs["kabar.live.services.close_due_reports"] == 60


def test_a_closed_report_takes_no_published_update_until_it_is_reopened():
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    assert services.close_report(page, editor)
    with pytest.raises(ValidationError):
        services.post_update(page, body=text("Terlambat."), writer=None, user=editor, publish=True)
    draft = services.post_update(page, body=text("Draf boleh."), writer=None, user=editor, publish=False)
    assert services.reopen_report(page, editor)
    page.refresh_from_db()
    assert page.live_status == "live" and page.coverage_ended_at is None
    services.publish_update(draft, editor)


def test_writer_cannot_close_a_report():
    writer = factories.staff("penulis", "Penulis")
    page = report(owner=writer)
    with pytest.raises(PermissionDenied):
        services.close_report(page, writer)
    assert LiveReportPage.objects.get(pk=page.pk).live_status == "live"


def test_publishing_the_page_again_keeps_a_closed_report_closed():
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    services.close_report(page, editor)
    page = LiveReportPage.objects.get(pk=page.pk)
    page.title = "Banjir besar rendam Jakarta: 5 orang tewas"
    page.save_revision(user=editor).publish(user=editor)
    page = LiveReportPage.objects.get(pk=page.pk)
    assert page.live_status == "ended"
    assert page.coverage_ended_at is not None


def test_reopening_is_refused_while_the_scheduled_end_has_passed():
    with time_machine.travel(NOON, tick=False):
        page = report(ends_at=NOON + dt.timedelta(hours=1))
    with time_machine.travel(NOON + dt.timedelta(hours=2), tick=False):
        services.close_due_reports()
        with pytest.raises(ValidationError):
            services.reopen_report(LiveReportPage.objects.get(pk=page.pk), None)


def test_every_desk_action_is_in_the_audit_trail():
    editor = factories.staff("redaktur", "Redaktur")
    page = report(owner=editor)
    update = services.post_update(page, body=text("Satu."), writer=None, user=editor, publish=False)
    services.publish_update(update, editor)
    services.edit_update(update, body=text("Satu, diperbaiki."), headline="", user=editor)
    services.pin_update(update, editor)
    services.unpin_update(update, editor)
    services.mark_key_event(update, editor)
    services.unmark_key_event(update, editor)
    services.delete_update(update, editor)
    services.close_report(page, editor)
    services.reopen_report(page, editor)
    logged = list(PageLogEntry.objects.filter(page=page, action__startswith="live.").order_by("id"))
    assert [entry.action for entry in logged] == [
        services.REPORT_STARTED,
        services.UPDATE_POSTED,
        services.UPDATE_PUBLISHED,
        services.UPDATE_CORRECTED,
        services.UPDATE_PINNED,
        services.UPDATE_UNPINNED,
        services.UPDATE_KEY_EVENT,
        services.UPDATE_KEY_EVENT_REMOVED,
        services.UPDATE_DELETED,
        services.REPORT_CLOSED,
        services.REPORT_REOPENED,
    ]
    assert all(entry.user == editor for entry in logged[1:])
    assert {entry.data["update_id"] for entry in logged[1:9]} == {update.pk}
    # Each is labelled for Reports > Site history.
    assert all(entry.message for entry in logged)


def live_destination() -> kabar_hooks.WireDestination:
    """The live desk's destination on the wire desk, found as the wire desk finds it: by the hook."""
    with translation.override("en"):
        return next(
            d
            for d in kabar_hooks.collected(kabar_hooks.WIRE_DESTINATIONS, kabar_hooks.WireDestination)
            if str(d.label) == "Add to live coverage"
        )


def test_wire_item_becomes_a_draft_update():
    writer = factories.staff("penulis", "Penulis")
    factories.person("Rina Wijaya").__class__.objects.filter(name="Rina Wijaya").update(user=writer)
    page = report(owner=writer)
    ended = report("Liputan yang sudah selesai", owner=writer)
    services.close_report(ended, None)
    destination = live_destination()
    choices = destination.choices(writer)
    assert (str(page.pk), page.title) in choices
    assert str(ended.pk) not in [value for value, _name in choices]
    copy = kabar_hooks.WireCopy(
        item_id=41,
        agency="Antara",
        headline="BPBD: 12 kelurahan tergenang",
        body_html="<p>Badan Penanggulangan Bencana Daerah mencatat 12 kelurahan tergenang.</p>",
        received_at=NOON,
    )
    url = destination.take(copy, str(page.pk), writer)
    update = LiveUpdate.objects.get(report=page)
    assert url.endswith(f"/admin/live/{page.pk}/#update-{update.pk}")
    assert update.status == LiveUpdate.Status.DRAFT
    assert update.author == writer and update.writer.name == "Rina Wijaya"
    quote = update.body[0]
    assert quote.block_type == "wire_quote"
    assert quote.value["agency"] == "Antara"
    assert "12 kelurahan" in quote.value["text"].source
    assert LiveUpdate.objects.get(pk=update.pk).body[0].value["received_at"] == NOON
    assert PageLogEntry.objects.get(page=page, action=services.UPDATE_POSTED).data["wire_item"] == 41


def test_a_writer_sees_no_wire_choice_for_a_report_they_may_not_post_to():
    report(owner=factories.staff("penulis-lain", "Penulis"))
    stranger = factories.staff("penulis", "Penulis")
    assert live_destination().choices(stranger) == []


def test_a_live_report_is_filed_like_an_article():
    page = report()
    assert isinstance(page, ArticlePage)
    assert page.section.slug == "megapolitan"
    assert page.get_parent().specific.__class__.__name__ == "ArchiveFolderPage"
    assert ArticlePage.objects.filter(pk=page.pk).exists()
    assert "live.LiveReportPage" in article_services.month_folder(page.section).specific.subpage_types
