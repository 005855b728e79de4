"""The live report's page as a reader gets it: status, key points, pinned update, the stream, paging."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from kabar.live import services
from kabar.live.models import LiveUpdate
from kabar.live.queries import STREAM_PAGE_SIZE
from tests import factories
from tests.live import page_support as live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered_every_time(settings):
    """These tests read what the page shows after each change, not what the page cache kept."""
    settings.KABAR_PAGE_CACHE_ENABLED = False


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def shown_update_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'<article class="live-update[^"]*" id="update-(\d+)"', html)]


def test_a_running_report_shows_its_updates_newest_first(client):
    report = live.report()
    first = live.post(report, "Pertama.")
    second = live.post(report, "Kedua.")
    assert shown_update_ids(html_of(client, report.dated_path())) == [second.pk, first.pk]


def test_the_dated_article_url_serves_a_report_with_the_report_template(client):
    report = live.report()
    html = html_of(client, report.dated_path())
    assert 'class="live-stream"' in html
    assert "application/ld+json" in html and '"LiveBlogPosting"' in html


def test_a_running_report_says_live_now_and_a_closed_one_says_ended(client):
    report = live.report()
    assert _("Live now") in html_of(client, report.dated_path())
    services.close_report(report, None)
    html = html_of(client, report.dated_path())
    assert f'<span class="live-badge live-badge--ended">{_("Finished")}</span>' in html
    assert "data-live-poll" not in html  # nothing more will come: live.js does not poll


def test_each_update_shows_its_time_writer_and_body(client):
    writer = factories.person("Budi Santoso")
    report = live.report()
    update = live.post(report, "Warga mengungsi ke lapangan.", writer=writer)
    local = timezone.localtime(update.published_at)
    html = html_of(client, report.dated_path())
    block = html[html.index(f'id="update-{update.pk}"') :]
    block = block[: block.index("</article>")]
    assert f"{local:%H:%M} WIB" in block
    assert "Budi Santoso" in block and "Warga mengungsi ke lapangan." in block


def test_times_carry_the_date_once_the_report_spans_days(client):
    report = live.report()
    update = live.post(report, "Hari kedua.")
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    type(report).objects.filter(pk=report.pk).update(coverage_started_at=two_days_ago)
    local = timezone.localtime(update.published_at)
    assert f"{local:%d/%m/%Y, %H:%M} WIB" in html_of(client, report.dated_path())


def test_an_edited_update_says_updated(client):
    report = live.report()
    update = live.post(report, "Korban 10 orang.")
    services.edit_update(update, body=factories.paragraphs("Korban 12 orang."), headline="", user=None)
    html = html_of(client, report.dated_path())
    assert "Korban 12 orang." in html and "Korban 10 orang." not in html
    assert f'<p class="live-update__edited">{_("Updated")}' in html


def test_drafts_and_deleted_updates_are_not_shown(client):
    report = live.report()
    draft = services.post_update(report, body=factories.paragraphs("Draf."), writer=None, user=None, publish=False)
    gone = live.post(report, "Salah ketik.")
    services.delete_update(gone, None)
    kept = live.post(report, "Tetap.")
    assert shown_update_ids(html_of(client, report.dated_path())) == [kept.pk]
    assert draft.status == LiveUpdate.Status.DRAFT


def test_the_pinned_update_stays_on_top_and_is_not_shown_twice(client):
    report = live.report()
    pinned = live.post(report, "Nomor darurat: 112.", pinned=True)
    newer = live.post(report, "Listrik padam.")
    ids = shown_update_ids(html_of(client, report.dated_path()))
    assert ids == [pinned.pk, newer.pk]


def test_key_points_link_to_their_updates(client):
    report = live.report()
    event = live.post(
        report, "BMKG mencabut peringatan tsunami.", headline="Peringatan tsunami dicabut", key_event=True
    )
    live.post(report, "Biasa.")
    html = html_of(client, report.dated_path())
    points = html[html.index('class="live-key-points"') :]
    points = points[: points.index("</nav>")]
    assert f'href="#update-{event.pk}"' in points and "Peringatan tsunami dicabut" in points


def test_a_key_event_older_than_the_first_page_links_to_the_page_that_shows_it(client):
    report = live.report()
    event = live.post(report, "Gempa susulan.", headline="Gempa susulan M 5", key_event=True)
    live.many_updates(report, STREAM_PAGE_SIZE + 5, start=timezone.now() + dt.timedelta(minutes=1))
    html = html_of(client, report.dated_path())
    assert event.pk not in shown_update_ids(html)
    link = f"/live/{report.pk}/pembaruan/{event.pk}/"
    assert f'href="{link}"' in html
    response = client.get(link)
    assert response.status_code == 302
    target, fragment = response["Location"].split("#")
    assert fragment == f"update-{event.pk}"
    assert event.pk in shown_update_ids(html_of(client, target))


def test_after_twenty_updates_a_link_pages_through_the_older_ones(client):
    report = live.report()
    live.many_updates(report, 2 * STREAM_PAGE_SIZE + 3)
    all_ids = list(
        LiveUpdate.objects.filter(report=report).order_by("-published_at", "-id").values_list("id", flat=True)
    )
    seen: list[int] = []
    url = report.dated_path()
    while url:
        html = html_of(client, url)
        seen += shown_update_ids(html)
        found = re.search(r'href="([^"]+\?sebelum=\d+)" rel="next"', html)
        url = found.group(1) if found else ""
    assert seen == all_ids
    assert _("Load earlier updates") in html_of(client, report.dated_path())


def test_a_finished_report_can_be_read_oldest_first(client):
    report = live.report()
    live.many_updates(report, STREAM_PAGE_SIZE + 2)
    oldest_first = list(
        LiveUpdate.objects.filter(report=report).order_by("published_at", "id").values_list("id", flat=True)
    )
    assert "?urutan=lama" not in html_of(client, report.dated_path())  # not while it runs
    services.close_report(report, None)
    assert 'href="' + report.dated_path() + '?urutan=lama"' in html_of(client, report.dated_path())
    first_page = html_of(client, report.dated_path() + "?urutan=lama")
    assert shown_update_ids(first_page) == oldest_first[:STREAM_PAGE_SIZE]
    found = re.search(r'href="([^"]+\?sebelum=\d+&amp;urutan=lama)" rel="next"', first_page)
    assert found is not None
    rest = html_of(client, found.group(1).replace("&amp;", "&"))
    assert shown_update_ids(rest) == oldest_first[STREAM_PAGE_SIZE:]


def test_an_unknown_page_marker_shows_the_first_page(client):
    report = live.report()
    update = live.post(report, "Satu.")
    assert shown_update_ids(html_of(client, report.dated_path() + "?sebelum=999999")) == [update.pk]


def test_the_report_keeps_the_article_furniture(client):
    report = live.report(writers=[factories.person("Rina Wijaya")])
    html = html_of(client, report.dated_path())
    assert _("Share this article via") in html  # sharing
    assert "Rina Wijaya" in html  # byline
    assert 'id="komentar"' in html  # comments (the after_article slot)
    assert f'src="/hit/{report.pk}/"' in html  # counted for Terpopuler


def test_only_a_report_loads_live_js(client):
    report = live.report()
    article = factories.article("Harga cabai naik")
    assert "live/live.js" in html_of(client, report.dated_path())
    assert "live/live.js" not in html_of(client, article.dated_path())


def test_a_report_is_listed_once_with_its_badge_however_many_updates(client):
    report = live.report("Banjir bandang Sumatra")
    live.many_updates(report, 30)
    for url in ["/", "/nasional/"]:
        html = html_of(client, url)
        assert html.count(f'href="{report.dated_path()}"') >= 1, url
        assert html.count(">Banjir bandang Sumatra<") == 1, url
        assert f'<span class="live-badge">{_("Live now")}</span>' in html, url
