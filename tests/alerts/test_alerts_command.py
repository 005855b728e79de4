"""`kabar alerts send --article ID [--topic T ...]` does what the admin button does and prints the results."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kabar.alerts import queries
from kabar.alerts.models import Alert
from tests import factories

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("alerts", *args, stdout=out)
    return out.getvalue()


def test_send_pushes_the_article_and_prints_the_results(push_service, subscribe):
    section = factories.section("Ekonomi")
    article = factories.article("IHSG ditutup menguat", in_section=section)
    followers = [subscribe(["picks"]), subscribe([queries.section_topic(section.pk)])]
    gone = subscribe(["picks"])
    push_service.answer(gone, 410)

    output = run("send", "--article", str(article.pk), "--topic", "picks", "--topic", "ekonomi")

    alert = Alert.objects.get()
    assert alert.topics == ["picks", queries.section_topic(section.pk)]
    assert output.splitlines()[-1].startswith(f"alert {alert.pk}: done; sent 2, failed 0, expired 1, pending 0 of 3")
    assert [len(push_service.delivered_to(b)) for b in followers] == [1, 1]


def test_running_it_again_does_not_alert_twice(push_service, subscribe):
    article = factories.article("IHSG ditutup menguat")
    browser = subscribe(["breaking"])

    run("send", "--article", str(article.pk), "--topic", "breaking")
    again = run("send", "--article", str(article.pk), "--topic", "breaking")
    forced = run("send", "--article", str(article.pk), "--topic", "breaking", "--again")

    assert "already made" in again
    assert Alert.objects.count() == 2
    assert "sent 1" in forced.splitlines()[-1]
    assert len(push_service.delivered_to(browser)) == 2


def test_bad_arguments_are_refused_clearly(push_service):
    draft = factories.article("Draf", published=False)
    live = factories.article("Terbit")

    with pytest.raises(CommandError, match="no article 999999"):
        run("send", "--article", "999999")
    with pytest.raises(CommandError, match="not published"):
        run("send", "--article", str(draft.pk))
    with pytest.raises(CommandError, match="unknown topic 'olahraga'"):
        run("send", "--article", str(live.pk), "--topic", "olahraga")
    assert not Alert.objects.exists()


def test_topics_and_public_key(push_service, subscribe):
    subscribe(["breaking", "picks"])

    lines = run("topics").splitlines()

    assert lines[0].split("\t")[:2] == ["breaking", "1"]
    assert run("public-key").strip() == push_service.vapid_public_key
