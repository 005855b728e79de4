"""Alerts as an AlertSender (kabar_alert_senders): another desk (a live report's key event) sends a story as
an alert to the story's followers, with the rights and the duplicate guard of "Kirim notifikasi"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from kabar.alerts import queries, services
from kabar.alerts.models import Alert
from kabar.articles.models import ArticlePage, LiveStatus
from kabar.core import hooks as kabar_hooks
from tests import factories

pytestmark = pytest.mark.django_db


def the_sender() -> kabar_hooks.AlertSender:
    """The one the hook gives, found as the live desk finds it."""
    [sender] = kabar_hooks.collected(kabar_hooks.ALERT_SENDERS, kabar_hooks.AlertSender)
    return sender


def covered_live(title: str = "Banjir Jakarta", **fields: object) -> ArticlePage:
    article = factories.article(title, **fields)
    ArticlePage.objects.filter(pk=article.pk).update(live_status=LiveStatus.LIVE)
    return article


def key_event(story: ArticlePage, **changes: object) -> kabar_hooks.AlertRequest:
    fields: dict[str, object] = {
        "page_id": story.pk,
        "title": "Tanggul Kali Angke jebol",
        "body": "Air setinggi 1 meter masuk ke permukiman warga di Jakarta Barat.",
        "follow_topic": queries.story_topic(story.pk),
    }
    fields.update(changes)
    return kabar_hooks.AlertRequest(**fields)  # type: ignore[arg-type]


def test_an_editor_s_key_event_goes_to_the_story_s_followers_only(
    push_service, subscribe, django_capture_on_commit_callbacks
):
    section = factories.section("Megapolitan")
    story = covered_live(in_section=section)
    follower = subscribe([queries.story_topic(story.pk)])
    section_reader = subscribe([queries.section_topic(section.pk)])
    redaktur = factories.staff("redaktur", "Redaktur")

    with django_capture_on_commit_callbacks(execute=True):
        url = the_sender().send(key_event(story), redaktur)

    alert = Alert.objects.get()
    assert url == reverse("alerts_detail", args=[alert.pk])
    assert (alert.status, alert.created_by, alert.topics) == (
        Alert.Status.DONE, redaktur, [queries.story_topic(story.pk)]
    )  # fmt: skip
    [payload] = push_service.delivered_to(follower)
    assert payload["title"] == "Tanggul Kali Angke jebol"
    assert push_service.delivered_to(section_reader) == []


def test_without_a_follow_topic_it_goes_to_the_story_s_usual_readers(
    push_service, subscribe, django_capture_on_commit_callbacks
):
    section = factories.section("Megapolitan")
    story = covered_live(in_section=section)
    section_reader = subscribe([queries.section_topic(section.pk)])

    with django_capture_on_commit_callbacks(execute=True):
        the_sender().send(key_event(story, follow_topic=""), factories.staff("redaktur", "Redaktur"))

    assert Alert.objects.get().topics == [queries.section_topic(section.pk)]
    assert len(push_service.delivered_to(section_reader)) == 1


def test_the_same_key_event_twice_makes_one_alert(push_service, django_capture_on_commit_callbacks):
    story = covered_live()
    redaktur = factories.staff("redaktur", "Redaktur")

    with django_capture_on_commit_callbacks(execute=True):
        first = the_sender().send(key_event(story), redaktur)
        second = the_sender().send(key_event(story), redaktur)

    assert first == second
    assert Alert.objects.count() == 1
    assert ModelLogEntry.objects.filter(action=services.ALERT_SENT).count() == 1


def test_a_writer_may_not_send_an_alert(push_service):
    story = covered_live()

    with pytest.raises(ValueError, match="redaktur"):
        the_sender().send(key_event(story), factories.staff("penulis", "Penulis"))

    assert not Alert.objects.exists()


def test_another_story_s_followers_cannot_be_named(push_service):
    story = covered_live()
    other = covered_live("Gempa Maluku")

    redaktur = factories.staff("redaktur", "Redaktur")

    with pytest.raises(ValueError):
        the_sender().send(key_event(story, follow_topic=queries.story_topic(other.pk)), redaktur)
    with pytest.raises(ValueError):
        the_sender().send(key_event(story, follow_topic="breaking"), redaktur)
    assert not Alert.objects.exists()


def test_an_unpublished_or_missing_story_is_refused_with_a_message(push_service):
    draft = factories.article("Draf", published=False)
    ArticlePage.objects.filter(pk=draft.pk).update(live_status=LiveStatus.LIVE)
    redaktur = factories.staff("redaktur", "Redaktur")

    with pytest.raises(ValueError) as refused:
        the_sender().send(key_event(draft), redaktur)
    assert str(refused.value)
    with pytest.raises(ValueError):
        the_sender().send(key_event(draft, page_id=999_999), redaktur)
    assert not Alert.objects.exists()


def test_a_long_body_is_cut_to_fit_a_notification(push_service):
    story = covered_live()

    the_sender().send(key_event(story, body="kata " * 200, title="J" * 300), factories.staff("redaktur", "Redaktur"))

    alert = Alert.objects.get()
    assert len(alert.text) <= 240 and alert.text.endswith("…")
    assert len(alert.title) <= 120
