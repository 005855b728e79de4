"""Following one story covered live ("Ikuti liputan ini"): the button on its page only while it is covered
live, the same bytes for every reader; its topic reaches its followers alone; ended stories are forgotten."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kabar.alerts import queries, services
from kabar.alerts.models import Alert, PushSubscription, SubscriptionTopic
from kabar.articles.models import ArticlePage, LiveStatus
from kabar.delivery.purge import purge_keys
from tests import factories
from tests.alerts.push_service import FakeBrowser
from tests.parsing import html

pytestmark = pytest.mark.django_db


def covered_live(title: str = "Banjir Jakarta", **fields: object) -> ArticlePage:
    article = factories.article(title, **fields)
    ArticlePage.objects.filter(pk=article.pk).update(live_status=LiveStatus.LIVE)
    article.refresh_from_db()
    return article


def end_coverage(article: ArticlePage) -> None:
    """What the live desk does when it closes a report: the status, and its page purged."""
    ArticlePage.objects.filter(pk=article.pk).update(live_status=LiveStatus.ENDED)
    purge_keys([f"article:{article.pk}"], hard=True)


def follow_box(client: Client, article: ArticlePage) -> list:
    return html(client.get(article.dated_path())).find_all("div", cls="alerts-follow")


def post_topics(client: Client, browser: FakeBrowser, topics: list[str]):
    return client.post(
        "/push/subscribe/",
        json.dumps({"subscription": browser.subscription(), "topics": topics}),
        content_type="application/json",
    )


def topics_of(browser: FakeBrowser) -> set[str]:
    stored = PushSubscription.objects.get(endpoint_hash=services.endpoint_hash(browser.endpoint))
    return set(stored.topics.values_list("topic", flat=True))


def test_a_story_covered_live_has_the_follow_button_and_others_do_not(client):
    story = covered_live()
    plain = factories.article("Harga cabai")

    [box] = follow_box(client, story)

    assert box.attrs["data-alerts-follow"] == queries.story_topic(story.pk) == f"story-{story.pk}"
    [button] = box.find_all("button")
    assert button.attrs["aria-pressed"] == "false"
    assert "hidden" in box.attrs  # shown by alerts.js where the browser can take notifications
    assert follow_box(client, plain) == []
    end_coverage(story)
    assert follow_box(Client(), ArticlePage.objects.get(pk=story.pk)) == []


def test_the_button_is_the_same_for_every_reader_so_the_page_stays_cached(client):
    story = covered_live()
    anonymous = client.get(story.dated_path())
    reader = Client()
    reader.force_login(factories.staff("pembaca", None))

    signed_in = reader.get(story.dated_path())

    boxes = [str(html(response).find("div", cls="alerts-follow")) for response in (anonymous, signed_in)]
    assert boxes[0] == boxes[1]
    assert "private" not in anonymous.get("Cache-Control", "")


def test_a_browser_follows_a_story_covered_live_and_keeps_its_other_topics(client, push_service):
    story = covered_live()
    browser = FakeBrowser(push_service)
    assert post_topics(client, browser, ["breaking"]).status_code == 200

    response = post_topics(client, browser, ["breaking", queries.story_topic(story.pk)])

    assert response.status_code == 200
    assert topics_of(browser) == {"breaking", queries.story_topic(story.pk)}


def test_a_story_not_covered_live_cannot_be_followed(client, push_service):
    plain = factories.article("Harga cabai")
    draft = factories.article("Draf", published=False)
    ArticlePage.objects.filter(pk=draft.pk).update(live_status=LiveStatus.LIVE)

    for topic in [queries.story_topic(plain.pk), queries.story_topic(draft.pk), "story-99999", "story-x"]:
        response = post_topics(client, FakeBrowser(push_service), [topic])
        assert response.status_code == 400, topic
    assert not PushSubscription.objects.exists()


def test_saving_topics_after_the_story_ended_drops_only_that_story(client, push_service):
    story = covered_live()
    browser = FakeBrowser(push_service)
    post_topics(client, browser, ["picks", queries.story_topic(story.pk)])
    end_coverage(story)

    response = post_topics(client, browser, ["breaking", queries.story_topic(story.pk)])

    assert response.status_code == 200
    assert topics_of(browser) == {"breaking"}
    only_ended = post_topics(client, FakeBrowser(push_service), [queries.story_topic(story.pk)])
    assert only_ended.status_code == 400
    assert "ended" in only_ended.json()["error"]


def test_an_alert_to_a_story_reaches_its_followers_only(
    client, push_service, subscribe, django_capture_on_commit_callbacks
):
    section = factories.section("Megapolitan")
    story = covered_live(in_section=section)
    other = covered_live("Gempa Maluku")
    follower = subscribe([queries.story_topic(story.pk)])
    both = subscribe(["breaking", queries.story_topic(story.pk)])
    others = [
        subscribe(["breaking"]),
        subscribe([queries.section_topic(section.pk)]),
        subscribe([queries.story_topic(other.pk)]),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        alert, _ = services.compose_alert(
            story, title="Air mulai surut", text="", topics=[queries.story_topic(story.pk)], idempotency_key="k"
        )

    alert.refresh_from_db()
    assert (alert.status, alert.total, alert.sent) == (Alert.Status.DONE, 2, 2)
    assert [len(push_service.delivered_to(b)) for b in (follower, both)] == [1, 1]
    assert [push_service.delivered_to(b) for b in others] == [[], [], []]


def test_ended_stories_are_forgotten_and_a_browser_following_nothing_else_goes(client, push_service, subscribe):
    story = covered_live()
    running = covered_live("Gempa Maluku")
    only_story = subscribe([queries.story_topic(story.pk)])
    story_and_breaking = subscribe(["breaking", queries.story_topic(story.pk)])
    running_follower = subscribe([queries.story_topic(running.pk)])

    assert services.forget_ended_stories() == 0
    end_coverage(story)
    assert services.forget_ended_stories() == 2

    assert not PushSubscription.objects.filter(endpoint_hash=services.endpoint_hash(only_story.endpoint)).exists()
    assert topics_of(story_and_breaking) == {"breaking"}
    assert topics_of(running_follower) == {queries.story_topic(running.pk)}
    assert services.forget_ended_stories() == 0


def test_an_ended_story_keeps_its_followers_until_its_last_alert_has_gone_out(push_service, subscribe):
    story = covered_live()
    subscribe([queries.story_topic(story.pk)])
    alert, _ = services.compose_alert(
        story, title="Liputan ditutup", text="", topics=[queries.story_topic(story.pk)], idempotency_key="k",
        enqueue=False,
    )  # fmt: skip
    end_coverage(story)

    assert services.forget_ended_stories() == 0
    services.fan_out(alert)
    assert services.forget_ended_stories() == 1
    assert not SubscriptionTopic.objects.exists()


def test_the_alert_page_names_a_story_s_followers(client, push_service):
    story = covered_live("Banjir Jakarta")
    alert, _ = services.compose_alert(
        story, title="Air surut", text="", topics=[queries.story_topic(story.pk)], idempotency_key="k", enqueue=False
    )
    client.force_login(factories.staff("redaktur", "Redaktur"))

    page = client.get(f"/admin/alerts/{alert.pk}/").content.decode()

    assert "Banjir Jakarta" in page
    assert queries.topic_labels([queries.story_topic(story.pk)])[queries.story_topic(story.pk)] != ""
