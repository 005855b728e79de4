"""The demo's wire desk: agency files dropped at seeding, brought in by the worker's poll, made into drafts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext
from lxml import etree

from kabar.articles.models import SectionPage
from kabar.demo import services
from kabar.sources.models import Source
from kabar.wire.models import WireArticle, WireFeed, WireItem
from kabar.wire.services import make_article_from_item, poll_due_feeds
from tests.demo.support import PASSWORD, SMALL, seed

pytestmark = pytest.mark.django_db

WIRE = services.DEFAULT_WIRE_CONTENT
NAR = "{http://iptc.org/std/nar/2006-10-01/}"
WIRE_MESSAGE = (
    'Wire desk: the demo source "%(feed)s" fills within a minute once `kabar worker` runs '
    "(`make serve` starts it); its agency files wait in %(folder)s."
)


@pytest.fixture
def now() -> dt.datetime:
    return timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def _files_taken_as_soon_as_dropped(settings):
    """The demo writes whole files at once; the drop folder's wait for files still arriving is not tested here."""
    settings.KABAR_WIRE_DROP_SETTLE_SECONDS = 0


@pytest.fixture
def folder(settings) -> Path:
    return Path(settings.DATA_DIR) / "wire" / "antara-demo"


def headlines_in_the_demo_files() -> dict[str, str]:
    """Agency identifier -> main headline, read straight from the demo's wire files."""
    found: dict[str, str] = {}
    for path in sorted(WIRE.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for obj in data if isinstance(data, list) else [data]:
            found[obj["uri"]] = next(h["value"] for h in obj["headlines"] if h["role"] == "main")
    for path in sorted(WIRE.glob("*.xml")):
        root = etree.fromstring(path.read_bytes())
        found[root.get("guid")] = root.findtext(f"{NAR}contentMeta/{NAR}headline")
    return found


def waiting_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def test_seeding_creates_the_antara_drop_folder_feed_and_drops_the_agency_files(folder):
    out = seed(password=PASSWORD)

    feed = WireFeed.objects.get(name="Antara (demo)")
    assert feed.agency == Source.objects.get(slug="antara")
    assert feed.kind == WireFeed.Kind.DROP_FOLDER
    assert feed.folder_path == str(folder)
    assert feed.default_section == SectionPage.objects.get(slug="nasional")
    assert (feed.language, feed.enabled, feed.poll_interval_seconds) == ("id", True, 30)
    assert feed.next_poll_at <= timezone.now()
    feed.full_clean()

    dropped = waiting_files(folder)
    assert sorted(dropped) == sorted(path.name for path in WIRE.iterdir())
    assert not any(b"{{" in data for data in dropped.values())
    # Left to the worker: nothing is on the desk until the feed is polled.
    assert not WireItem.objects.exists()
    assert gettext(WIRE_MESSAGE) % {"feed": feed.name, "folder": feed.folder_path} in out


def test_the_workers_poll_brings_every_dropped_item_onto_the_desk_as_just_sent(folder, now):
    report = services.seed_newsroom(SMALL, password=PASSWORD, now=now)

    results = poll_due_feeds()

    assert [(result.feed.name, result.ok) for result in results] == [("Antara (demo)", True)]
    items = list(WireItem.objects.filter(feed=report.wire_desk.feed))
    expected = headlines_in_the_demo_files()
    assert len(items) == len(expected) == 6
    assert {item.agency_uri: item.headline for item in items} == expected
    for item in items:
        assert now - dt.timedelta(hours=2) < item.version_created < now
        assert item.language == "id" and item.located and item.byline and item.body_html and item.subjects
    assert [item.agency_uri for item in items if item.urgency == 1] == ["urn:antara-demo:ninjs:gempa-sigi-kilat"]
    assert waiting_files(folder) == {}
    assert sorted(path.name for path in (folder / "processed").iterdir()) == sorted(p.name for p in WIRE.iterdir())
    assert not (folder / "failed").exists()


def test_seeding_again_adds_no_feed_and_no_files(folder, now):
    first = services.seed_newsroom(SMALL, password=PASSWORD, now=now)
    dropped = waiting_files(folder)

    again = services.seed_newsroom(SMALL, password=PASSWORD, now=now + dt.timedelta(hours=1))

    assert again.wire_desk.feed == first.wire_desk.feed
    assert (again.wire_desk.created, again.wire_desk.files) == (False, ())
    assert "wire_feeds" not in again.created
    assert waiting_files(folder) == dropped

    poll_due_feeds()
    out = seed(password=PASSWORD)

    assert WireFeed.objects.count() == 1
    assert waiting_files(folder) == {}
    assert WireItem.objects.count() == len(headlines_in_the_demo_files())
    assert gettext("Demo newsroom: everything was already there; nothing changed.") in out
    assert "kabar worker" not in out


def test_every_demo_wire_item_becomes_a_draft_in_nasional_credited_to_antara(now):
    services.seed_newsroom(SMALL, password=PASSWORD, now=now)
    poll_due_feeds()
    editor = User.objects.get(username="redaktur")

    for item in WireItem.objects.all():
        made = make_article_from_item(item, user=editor)

        article = made.article
        assert made.created and not article.live
        assert article.title == item.headline
        assert article.section.slug == "nasional"
        assert article.dateline_place == item.located
        assert [source.slug for source in article.sources.all()] == ["antara"]
        assert WireArticle.objects.filter(item=item, article=article, made_by=editor).exists()


def test_content_without_antara_or_nasional_still_gets_the_demo_feed(tmp_path, now):
    content = json.loads(SMALL.read_text(encoding="utf-8"))
    content["sources"] = [s for s in content["sources"] if s["slug"] != "antara"]
    content["sections"] = [s for s in content["sections"] if s["slug"] != "nasional"]
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(content), encoding="utf-8")

    report = services.seed_newsroom(path, password=PASSWORD, now=now)

    feed = report.wire_desk.feed
    assert (feed.agency.slug, feed.agency.name) == ("antara", "Antara")
    assert feed.default_section.slug == content["sections"][0]["slug"]
    assert report.created["sources"] == len(content["sources"]) + 1
    assert len(report.wire_desk.files) == len(list(WIRE.iterdir()))
