"""`kabar demo`: the seeded newsroom, its staff, running it again, and the bulk archive."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.translation import gettext
from taggit.models import Tag
from wagtail.images.models import Image
from wagtail.models import Collection, Page, PageLogEntry, Revision

from kabar.articles.models import (
    ArchiveFolderPage,
    ArticlePage,
    ArticleTag,
    ArticleWriter,
    Correction,
    HomePage,
    SectionPage,
    TopicIndexPage,
    TopicPage,
)
from kabar.core.timefmt import site_zone
from kabar.demo import services
from kabar.demo.models import DemoArticle
from kabar.newsroom.services import ADMINS, EDITORS, WRITERS
from kabar.people.models import Person
from kabar.sources.models import Source
from tests import factories
from tests.demo.support import CONTENT, ENTRIES, PASSWORD, SMALL, demo_page, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def now() -> dt.datetime:
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def seeded(now: dt.datetime) -> services.SeedReport:
    return services.seed_newsroom(SMALL, password=PASSWORD, now=now)


def test_sections_topics_people_and_sources_come_from_the_content_file(seeded):
    home = HomePage.objects.get()
    sections = SectionPage.objects.child_of(home).live()
    assert {(s.slug, s.title, s.description) for s in sections} == {
        (item["slug"], item["title"], item["description"]) for item in CONTENT["sections"]
    }
    topic = TopicPage.objects.child_of(TopicIndexPage.objects.get()).get(slug=CONTENT["topics"][0]["slug"])
    assert topic.live and topic.title == CONTENT["topics"][0]["title"] and topic.image is not None
    for item in CONTENT["people"]:
        person = Person.objects.get(slug=item["slug"])
        fields = ("name", "role", "title", "bio")
        assert [getattr(person, name) for name in fields] == [item[name] for name in fields]
        assert person.photo.collection.name == "Demo"
    for item in CONTENT["sources"]:
        assert Source.objects.filter(slug=item["slug"], name=item["name"], short_name=item["short_name"]).exists()
    assert seeded.created["articles"] == len(ENTRIES)


def test_articles_are_published_hours_ago_in_the_folder_of_their_month(seeded, now):
    for key, entry in ENTRIES.items():
        page = demo_page(key)
        published = now - dt.timedelta(hours=entry["hours_ago"])
        last = max([published] + [published + dt.timedelta(hours=c["hours_after"]) for c in entry["corrections"]])
        assert page.live
        assert page.first_published_at == published
        assert page.published_at == published
        assert page.last_published_at == last
        folder = page.get_parent().specific
        month = timezone.localtime(published, site_zone())
        assert isinstance(folder, ArchiveFolderPage)
        assert folder.slug == f"{month:%Y-%m}"
        assert folder.get_parent().slug == entry["section"]
        assert page.section.slug == entry["section"]
        assert page.url_path == f"{folder.url_path}{page.slug}/"
    # Forty days back lands in another month's folder than this morning's story.
    assert demo_page("harga-cabai-lama").get_parent().pk != demo_page("harga-beras").get_parent().pk
    assert Page.find_problems() == ([], [], [], [], [])


def test_article_fields_credits_and_picture(seeded):
    entry = ENTRIES["kunjungan-persiapan"]
    page = demo_page("kunjungan-persiapan")
    assert page.title == entry["title"] and page.summary == entry["summary"]
    assert page.dateline_place == entry["dateline"]
    writers = ArticleWriter.objects.filter(article=page).order_by("sort_order")
    assert [w.person.slug for w in writers] == entry["writers"]
    assert page.editor.slug == entry["editor"]
    assert sorted(s.slug for s in page.sources.all()) == sorted(entry["sources"])
    assert page.topic.slug == entry["topic"]
    assert sorted(t.name for t in page.tags.all()) == sorted(entry["tags"])
    assert page.is_editors_pick == entry["editors_pick"]
    assert (page.lead_image_caption, page.lead_image_credit) == (entry["image"]["caption"], entry["image"]["credit"])
    image = page.lead_image
    assert (image.width, image.height) == (1600, 900)
    assert image.collection.name == "Demo"
    with image.open_file() as handle:
        assert handle.read(3) == b"\xff\xd8\xff"  # a JPEG


def test_body_blocks_with_read_also_resolved_and_text_escaped(seeded, client):
    page = demo_page("kunjungan-tiba")
    entry = ENTRIES["kunjungan-tiba"]
    assert [block.block_type for block in page.body] == [block["type"] for block in entry["body"]]
    paragraphs = [block.value.source for block in page.body if block.block_type == "paragraph"]
    assert paragraphs[1] == "<p>Pejabat setempat menyambut rombongan di peron &amp; menggelar upacara singkat.</p>"
    read_also = [block.value["article"] for block in page.body if block.block_type == "read_also"]
    assert [target.pk for target in read_also] == [demo_page("kunjungan-persiapan").pk]
    quote = next(block.value for block in page.body if block.block_type == "quote")
    assert quote["attribution"] == "Juru bicara rombongan"
    linked = demo_page("harga-beras").body
    assert [b.value["article"].pk for b in linked if b.block_type == "read_also"] == [demo_page("harga-cabai-lama").pk]

    html = client.get(page.url).content.decode()
    assert demo_page("kunjungan-persiapan").title in html
    assert "Nama stasiun diperbaiki." in html


def test_corrections_are_dated_after_publication_and_move_the_update_time(seeded, now):
    page = demo_page("kunjungan-tiba")
    published = now - dt.timedelta(hours=ENTRIES["kunjungan-tiba"]["hours_ago"])
    corrections = list(Correction.objects.filter(article=page).order_by("corrected_at"))
    assert [(c.note, c.corrected_at) for c in corrections] == [
        (c["note"], published + dt.timedelta(hours=c["hours_after"])) for c in ENTRIES["kunjungan-tiba"]["corrections"]
    ]
    assert page.updated_at == corrections[-1].corrected_at
    assert demo_page("kunjungan-persiapan").updated_at is None
    # The history tells the same story: no revision claims to be from the time of seeding.
    assert max(Revision.objects.for_instance(page).values_list("created_at", flat=True)) == corrections[-1].corrected_at
    assert not Correction.objects.filter(article=demo_page("harga-beras")).exists()


def test_running_twice_changes_nothing(now):
    services.seed_newsroom(SMALL, password=PASSWORD, now=now)
    models = [Page, Revision, PageLogEntry, Image, Collection, Person, Source, User, Correction, ArticleWriter, Tag]
    models += [ArticleTag, DemoArticle]
    counts = {model.__name__: model.objects.count() for model in models}
    times = list(Page.objects.order_by("pk").values_list("pk", "first_published_at", "last_published_at"))
    passwords = dict(User.objects.values_list("username", "password"))

    out = seed(password=PASSWORD)

    assert {model.__name__: model.objects.count() for model in models} == counts
    assert list(Page.objects.order_by("pk").values_list("pk", "first_published_at", "last_published_at")) == times
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert gettext("Demo newsroom: everything was already there; nothing changed.") in out


def test_if_empty_leaves_an_existing_newsroom_alone():
    existing = factories.article("Berita yang sudah ada")
    users = User.objects.count()

    out = seed(if_empty=True, password=PASSWORD)

    assert list(ArticlePage.objects.values_list("pk", flat=True)) == [existing.pk]
    assert not SectionPage.objects.filter(slug="internasional").exists()
    assert User.objects.count() == users
    assert gettext("The newsroom already has articles; the demo leaves it alone.") in out


def test_if_empty_seeds_an_empty_newsroom():
    seed(if_empty=True, password=PASSWORD)
    assert DemoArticle.objects.count() == len(ENTRIES)


STAFF = [
    ("penulis", WRITERS, False, "dewi-lestari-uji"),
    ("redaktur", EDITORS, False, "sari-handayani-uji"),
    ("admin", ADMINS, True, "agus-salim-uji"),
]


def test_staff_log_in_with_the_given_password_in_their_groups_as_demo_people(client):
    seed(password=PASSWORD)
    for username, group, superuser, person_slug in STAFF:
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.is_superuser is superuser
        assert user.email == f"{username}@example.com"
        # Each account is a different person of the demo, of the role its group works in.
        assert user.person.slug == person_slug
        assert client.login(username=username, password=PASSWORD)
        assert client.get("/admin/").status_code == 200
        client.logout()
        assert not client.login(username=username, password="bukan-kata-sandinya")
    # penulis writes kunjungan-tiba, so the page is theirs in the admin.
    assert demo_page("kunjungan-tiba").owner.username == "penulis"


def test_without_a_password_one_is_generated_and_shown_once(client, monkeypatch):
    monkeypatch.delenv("KABAR_DEMO_PASSWORD", raising=False)
    out = seed()
    shown = re.search(r"^ {4}(\S+)$", out, re.MULTILINE).group(1)
    assert len(shown) >= 16
    assert client.login(username="redaktur", password=shown)

    again = seed()
    assert shown not in again
    assert client.login(username="redaktur", password=shown)


def test_password_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("KABAR_DEMO_PASSWORD", "dari-lingkungan-123")
    out = seed()
    assert "dari-lingkungan-123" not in out
    assert client.login(username="admin", password="dari-lingkungan-123")


def test_a_given_password_replaces_an_old_one(client):
    seed(password=PASSWORD)
    seed(password="kata-sandi-baru-456")
    assert client.login(username="penulis", password="kata-sandi-baru-456")
    assert not client.login(username="penulis", password=PASSWORD)


def test_content_with_a_broken_reference_is_refused_before_anything_is_made(tmp_path):
    broken = json.loads(SMALL.read_text(encoding="utf-8"))
    broken["articles"][0]["body"].append({"type": "read_also", "key": "tidak-ada"})
    broken["articles"][1]["writers"] = ["orang-tak-dikenal"]
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(broken), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("demo", content=path, password=PASSWORD, stdout=io.StringIO(), verbosity=0)

    assert "tidak-ada" in str(error.value) and "orang-tak-dikenal" in str(error.value)
    assert not SectionPage.objects.filter(slug="internasional").exists()


def test_the_demo_has_readers_so_terpopuler_ranks_the_newest_stories(seeded, now, client):
    from kabar.articles.queries import most_read

    ranked = most_read(now=now)
    assert len(ranked) == min(10, ArticlePage.objects.live().count())
    newest = ArticlePage.objects.live().order_by("-first_published_at", "-pk").first()
    assert newest in ranked[:3]
    # Seeding again adds no views: the counts are written once.
    from kabar.articles.models import ArticleViewCount

    total = sum(ArticleViewCount.objects.values_list("views", flat=True))
    services.seed_newsroom(SMALL, password=PASSWORD, now=now)
    assert sum(ArticleViewCount.objects.values_list("views", flat=True)) == total
