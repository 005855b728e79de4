"""Where articles live (decision 0001): Wagtail pages in monthly folders against Wagtail snippets, measured.

    .venv/bin/python -m bench.article_storage --articles 200000 [--baseline 1000] [--database-url URL]

In a fresh data directory (and the database it names, which must be empty), with the settings of
bench.snippet_prototype (Kabar plus a SnippetArticle snippet carrying ArticlePage's fields):

1. seeds the demo newsroom and `--baseline` archive articles as pages (`kabar demo --articles N`) and
   as many snippets in bulk, and measures;
2. grows both to `--articles` and measures again, so the table shows what grows with the archive.

Each measurement, for pages and for snippets, in this process through Django's test client:
- publish: file a new article and publish it through Wagtail (median of --publish-runs);
- render: the public article page, newest and oldest archive article (median of --render-runs after
  warm-up) and its query count;
- admin: the listings an editor opens, as a logged-in superuser (median of --listing-runs), with query
  counts. Pages: a monthly folder, a section, a search. Snippets: the listing as it opens, sorted by
  -published_at, a search.

Bulk rows on both sides are live with no revision, and are not in the search index unless
--search-index is given (then both article models are indexed through the search backend, as
`kabar update_index` would). Publishing enqueues Wagtail's search and reference index updates as
background tasks (django-tasks' database queue, as in production), which nothing runs here.
The Markdown table goes to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "bench.snippet_prototype.settings"
PER_DAY = 500
CHUNK = 2000
SEARCH_WORD = "pemilu"
# Numbers the articles published while measuring, across scales, so their slugs never collide.
PUBLISHED = itertools.count(1)


@dataclass
class Timing:
    ms: float
    cpu_ms: float
    queries: int | None = None
    note: str = ""


@dataclass
class Scale:
    articles: int
    pages: dict[str, Timing] = field(default_factory=dict)
    snippets: dict[str, Timing] = field(default_factory=dict)
    seed_seconds: dict[str, float] = field(default_factory=dict)
    load: list[float] = field(default_factory=list)


# --- processes ---------------------------------------------------------------------------------------


def kabar(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "kabar", *args], env=env, cwd=ROOT, check=True)


def prepare_environment(database_url: str, data_dir: Path | None) -> tuple[Path, dict[str, str]]:
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="kabar-storage-", dir="/tmp"))
    env = {
        **os.environ,
        "KABAR_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "KABAR_DEBUG": "0",
        "KABAR_LOG_LEVEL": "WARNING",
    }
    env.pop("KABAR_TESTING", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    # This process reads the same settings, so it sees the same database as the subprocesses.
    os.environ.clear()
    os.environ.update(env)
    return data_dir, env


def medians(run: Callable[[], Any], times: int) -> tuple[float, float]:
    """Median wall-clock and median CPU time of this process, in ms.

    Other work on the machine stretches the wall clock; on SQLite the database runs in this
    process, so its CPU time is the steadier figure. On PostgreSQL it leaves out the server's work.
    """
    wall, cpu = [], []
    for _ in range(times):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return round(statistics.median(wall), 1), round(statistics.median(cpu), 1)


# --- snippets in bulk ----------------------------------------------------------------------------------


class SnippetFiller:
    """Bulk snippet articles like the demo's bulk archive: same text pool, credits and pace, oldest last.

    Rows are live with first/last_published_at set and no revision; Wagtail's edit view starts
    from the row itself when there is none, as it does for the demo's revision-less archive pages.
    The newest rows take the lead images of the demo's own articles, newest first, because those
    are the newest pages: "Terkini Lainnya" under an article then shows the same pictured cards on
    both sides.
    """

    def __init__(self) -> None:
        from taggit.models import Tag

        from kabar.articles.models import ArticlePage, SectionPage
        from kabar.demo import services as demo
        from kabar.people.models import Person
        from kabar.sources.models import Source

        content = demo.load_content()
        self.pool = demo.text_pool(content)
        self.rng = random.Random(1_000_000)
        self.sections = list(SectionPage.objects.filter(slug__in=[s["slug"] for s in content["sections"]]))
        self.writers = list(Person.objects.filter(role="writer").values_list("pk", flat=True))
        self.editors = list(Person.objects.filter(role="editor").values_list("pk", flat=True))
        self.sources = list(Source.objects.values_list("pk", flat=True))
        self.tags = [Tag.objects.get_or_create(name=name)[0].pk for name in self.pool.tags]
        self.pictures = list(
            ArticlePage.objects.live()
            .filter(latest_revision__isnull=False, lead_image__isnull=False)
            .order_by("-published_at")
            .values_list("lead_image_id", flat=True)
        )

    def count(self) -> int:
        from bench.snippet_prototype.models import SnippetArticle

        return SnippetArticle.objects.filter(latest_revision__isnull=True).count()

    def body(self) -> list[dict[str, Any]]:
        from django.utils.html import escape

        rng, pool = self.rng, self.pool
        blocks: list[dict[str, Any]] = []
        for position in range(rng.randint(3, 6)):
            text = " ".join(rng.sample(pool.sentences, k=min(len(pool.sentences), rng.randint(1, 3))))
            blocks.append({"type": "paragraph", "value": f"<p>{escape(text)}</p>", "id": self.block_id()})
            if position == 1 and pool.subheadings and rng.random() < 0.3:
                blocks.append({"type": "subheading", "value": rng.choice(pool.subheadings), "id": self.block_id()})
            if position == 2 and pool.quotes and rng.random() < 0.2:
                said, by = rng.choice(pool.quotes)
                blocks.append({"type": "quote", "value": {"text": said, "attribution": by}, "id": self.block_id()})
        return blocks

    def block_id(self) -> str:
        import uuid

        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def grow_to(self, total: int) -> float:
        from django.db import transaction
        from django.db.models import Min
        from django.utils import timezone

        from bench.snippet_prototype.models import SnippetArticle

        started = time.monotonic()
        have = self.count()
        oldest = SnippetArticle.objects.aggregate(oldest=Min("published_at"))["oldest"] or timezone.now()
        gap = dt.timedelta(days=1) / PER_DAY
        for start in range(have, total, CHUNK):
            numbers = range(start, min(start + CHUNK, total))
            with transaction.atomic():
                self.write([(n, oldest - gap * (n - have + 1)) for n in numbers])
        return time.monotonic() - started

    def write(self, items: list[tuple[int, dt.datetime]]) -> None:
        from django.utils.text import slugify

        from bench.snippet_prototype.models import SnippetArticle, SnippetArticleTag, SnippetArticleWriter

        rng, pool = self.rng, self.pool
        rows = []
        for number, when in items:
            title = rng.choice(pool.headlines)[:255]
            rows.append(
                SnippetArticle(
                    title=title,
                    slug=f"{slugify(title)[:70].rstrip('-')}-{number}",
                    summary=rng.choice(pool.summaries) if pool.summaries else "",
                    section=rng.choice(self.sections),
                    published_at=when,
                    first_published_at=when,
                    last_published_at=when,
                    live=True,
                    has_unpublished_changes=False,
                    dateline_place=rng.choice(pool.datelines) if pool.datelines and rng.random() < 0.4 else "",
                    body=self.body(),
                    editor_id=rng.choice(self.editors) if self.editors else None,
                    lead_image_id=self.pictures[number] if number < len(self.pictures) else None,
                )
            )
        SnippetArticle.objects.bulk_create(rows)
        writers, tags, sources = [], [], []
        through = SnippetArticle.sources.through
        for row in rows:
            count = 2 if rng.random() < 0.15 and len(self.writers) > 1 else 1
            for order, person in enumerate(rng.sample(self.writers, k=count)):
                writers.append(SnippetArticleWriter(article_id=row.pk, person_id=person, sort_order=order))
            for tag in rng.sample(self.tags, k=min(len(self.tags), rng.randint(0, 3))):
                tags.append(SnippetArticleTag(content_object_id=row.pk, tag_id=tag))
            if self.sources and rng.random() < 0.5:
                sources.append(through(snippetarticle_id=row.pk, source_id=rng.choice(self.sources)))
        SnippetArticleWriter.objects.bulk_create(writers)
        SnippetArticleTag.objects.bulk_create(tags)
        through.objects.bulk_create(sources)


def index_unindexed() -> float:
    """Add the bulk rows of both kinds to the search index, as `kabar update_index` would.

    Only the two article models: update_index rebuilds every indexed model, and takes as long
    again on the rest.
    """
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from bench.snippet_prototype.models import SnippetArticle
    from kabar.articles.models import ArticlePage

    started = time.monotonic()
    backend = get_search_backend()
    for model in (ArticlePage, SnippetArticle):
        content_type = ContentType.objects.get_for_model(model)
        done = set(IndexEntry.objects.filter(content_type=content_type).values_list("object_id", flat=True))
        pks = [pk for pk in model.objects.order_by("pk").values_list("pk", flat=True) if str(pk) not in done]
        for start in range(0, len(pks), CHUNK):
            backend.add_bulk(model, list(model.objects.filter(pk__in=pks[start : start + CHUNK])))
        print(f"indexed {len(pks)} {model.__name__}", file=sys.stderr)
    return time.monotonic() - started


# --- measurements --------------------------------------------------------------------------------------


class Bench:
    def __init__(self, publish_runs: int, render_runs: int, listing_runs: int) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client

        from kabar.articles.models import SectionPage
        from kabar.people.models import Person

        self.publish_runs, self.render_runs, self.listing_runs = publish_runs, render_runs, listing_runs
        self.reader = Client()
        self.editor = Client()
        self.user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        self.editor.force_login(self.user)
        self.section = SectionPage.objects.get(slug="nasional")
        self.writer = Person.objects.filter(role="writer").order_by("pk").first()
        self.made: list[Any] = []

    def measure_get(self, client: Any, url: str, runs: int, warm_up: int, note: str = "") -> Timing:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(warm_up - 1):
            self.check(client.get(url), url)
        # Queries are counted on the last warm-up request: a search at 200,000 can take minutes.
        with CaptureQueriesContext(connection) as queries:
            self.check(client.get(url), url)
        # Counted now: the requests below reset Django's query log, which the context only slices.
        count = len(queries)
        return Timing(*medians(lambda: client.get(url), runs), count, note)

    @staticmethod
    def check(response: Any, url: str) -> None:
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")

    def body(self, n: int) -> list[dict[str, Any]]:
        text = f"Berita uji terbit nomor {n}: pemilu, anggaran dan cuaca di Jakarta hari ini."
        return [{"type": "paragraph", "value": f"<p>{text}</p>"} for _ in range(4)]

    def publish_page(self) -> None:
        from kabar.articles.models import ArticlePage, ArticleWriter
        from kabar.articles.services import month_folder

        n = next(PUBLISHED)
        article = ArticlePage(
            title=f"Artikel uji terbit {n}",
            slug=f"artikel-uji-terbit-{n}",
            summary="Ringkasan artikel uji.",
            dateline_place="JAKARTA",
            body=self.body(n),
            editor=self.writer,
            live=False,
        )
        article.writers.add(ArticleWriter(person=self.writer))
        month_folder(self.section).add_child(instance=article)
        article.save_revision(user=self.user).publish(user=self.user)
        self.made.append(article)

    def publish_snippet(self) -> None:
        from bench.snippet_prototype.models import SnippetArticle, SnippetArticleWriter

        n = next(PUBLISHED)
        article = SnippetArticle(
            title=f"Artikel uji terbit {n}",
            slug=f"artikel-uji-terbit-{n}",
            summary="Ringkasan artikel uji.",
            section=self.section,
            dateline_place="JAKARTA",
            body=self.body(n),
            editor=self.writer,
            live=False,
        )
        article.writers.add(SnippetArticleWriter(person=self.writer))
        article.save()
        article.save_revision(user=self.user).publish(user=self.user)
        self.made.append(article)

    def pages(self) -> dict[str, Timing]:
        from kabar.articles.models import ArticlePage

        archive = ArticlePage.objects.live().filter(latest_revision__isnull=True, lead_image__isnull=True)
        newest = archive.order_by("-published_at").first()
        oldest = archive.order_by("published_at").first()
        folder = newest.get_parent()
        section = folder.get_parent()
        out = {
            "render_newest": self.measure_get(self.reader, newest.dated_path(), self.render_runs, 3),
            "render_oldest": self.measure_get(self.reader, oldest.dated_path(), self.render_runs, 3),
            "listing": self.measure_get(
                self.editor, f"/admin/pages/{folder.pk}/", self.listing_runs, 1, f"{folder.numchild:,} in the folder"
            ),
            "listing_2": self.measure_get(
                self.editor, f"/admin/pages/{section.pk}/", self.listing_runs, 1, f"{section.numchild} folders"
            ),
            "search": self.measure_get(self.editor, f"/admin/pages/search/?q={SEARCH_WORD}", self.listing_runs, 1),
        }
        out["publish"] = self.measure_publish(self.publish_page)
        return out

    def snippets(self) -> dict[str, Timing]:
        from bench.snippet_prototype.models import SnippetArticle

        archive = SnippetArticle.objects.filter(live=True, latest_revision__isnull=True, lead_image__isnull=True)
        newest = archive.order_by("-published_at").first()
        oldest = archive.order_by("published_at").first()
        listing = "/admin/snippets/snippet_prototype/snippetarticle/"
        total = f"{SnippetArticle.objects.count():,} in the listing"
        out = {
            "render_newest": self.measure_get(self.reader, newest.dated_path(), self.render_runs, 3),
            "render_oldest": self.measure_get(self.reader, oldest.dated_path(), self.render_runs, 3),
            "listing": self.measure_get(self.editor, listing, self.listing_runs, 1, total),
            "listing_2": self.measure_get(self.editor, f"{listing}?ordering=-published_at", self.listing_runs, 1),
            "search": self.measure_get(self.editor, f"{listing}?q={SEARCH_WORD}", self.listing_runs, 1),
        }
        out["publish"] = self.measure_publish(self.publish_snippet)
        return out

    def measure_publish(self, publish: Callable[[], None]) -> Timing:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        publish()  # warm-up: the first publish of a month may make its folder
        with CaptureQueriesContext(connection) as queries:
            publish()
        count = len(queries)
        timing = Timing(*medians(publish, self.publish_runs), count)
        # Gone again, so the next measurements see the seeded archive's newest articles, not these.
        for article in self.made:
            article.delete()
        self.made.clear()
        return timing


# --- report --------------------------------------------------------------------------------------------


ROWS = [
    ("publish", "publish: file + save_revision().publish()"),
    ("render_newest", "render: newest archive article"),
    ("render_oldest", "render: oldest archive article"),
    ("listing", "admin: the editors' listing (pages: month folder; snippets: listing as it opens)"),
    ("listing_2", "admin: pages: the section (its folders); snippets: sorted by -published_at"),
    ("search", f'admin: search "{SEARCH_WORD}"'),
]


def cell(timing: Timing | None) -> str:
    if timing is None:
        return ""
    note = f" ({timing.note})" if timing.note else ""
    return f"{timing.ms:g} ms ({timing.cpu_ms:g} cpu), {timing.queries} q{note}"


def table(scales: list[Scale]) -> str:
    head = "| measurement |" + "".join(f" pages @ {s.articles:,} | snippets @ {s.articles:,} |" for s in scales)
    lines = [head, "|---" * (1 + 2 * len(scales)) + "|"]
    for key, label in ROWS:
        cells = "".join(f" {cell(s.pages.get(key))} | {cell(s.snippets.get(key))} |" for s in scales)
        lines.append(f"| {label} |{cells}")
    return "\n".join(lines)


def machine() -> str:
    import django
    import wagtail
    from django.db import connection

    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"Django {django.__version__}, Wagtail {wagtail.__version__}, {vendor} {version}"
    )


# --- main ----------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000, help="archive size measured last, of each kind")
    parser.add_argument("--baseline", type=int, default=1_000, help="archive size measured first (0: skip)")
    parser.add_argument("--database-url", default="", help="an empty database (default: SQLite in the temp dir)")
    parser.add_argument("--search-index", action="store_true", help="index every article before measuring")
    parser.add_argument("--publish-runs", type=int, default=20)
    parser.add_argument("--render-runs", type=int, default=50)
    parser.add_argument("--listing-runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the temp data directory")
    parser.add_argument(
        "--data-dir", type=Path, help="measure (and grow) the data directory of an earlier --keep run; kept"
    )
    args = parser.parse_args()

    data_dir, env = prepare_environment(args.database_url, args.data_dir)
    sizes = [n for n in (args.baseline, args.articles) if n]
    scales: list[Scale] = []
    try:
        started = time.monotonic()
        kabar(env, "migrate", "--noinput", "-v0")
        kabar(env, "collectstatic", "--noinput", "-v0")
        print(f"migrated in {time.monotonic() - started:.0f} s", file=sys.stderr)

        import django

        django.setup()
        from django.db import connection

        for size in sizes:
            scale = Scale(size)
            connection.close()  # let the demo subprocess write without this process holding the database
            started = time.monotonic()
            kabar(env, "demo", "--password", "x", "--articles", str(size), "-v0")
            scale.seed_seconds["pages"] = round(time.monotonic() - started, 1)
            scale.seed_seconds["snippets"] = round(SnippetFiller().grow_to(size), 1)
            if args.search_index:
                scale.seed_seconds["search index"] = round(index_unindexed(), 1)
            print(f"seeded {size}: {scale.seed_seconds}", file=sys.stderr)
            bench = Bench(args.publish_runs, args.render_runs, args.listing_runs)
            scale.load = [round(x, 1) for x in os.getloadavg()]
            scale.pages = bench.pages()
            scale.snippets = bench.snippets()
            scale.load += [round(x, 1) for x in os.getloadavg()]
            scales.append(scale)
            print(f"measured {size}", file=sys.stderr)
        where = machine()
    finally:
        if not args.keep and not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)

    command = "python -m bench.article_storage " + " ".join(sys.argv[1:])
    print(f"\n`{command}`\n\n{where}.")
    print("Each cell: median wall-clock ms (median CPU ms of this process), queries of one request.")
    print(
        f"Medians of {args.publish_runs} publishes, {args.render_runs} renders after 3 warm-up, "
        f"{args.listing_runs} admin loads after 1 warm-up. Search index: "
        f"{'every article of both kinds indexed' if args.search_index else 'bulk rows not indexed'}.\n"
    )
    print(table(scales))
    print("\nSeeding seconds: " + "; ".join(f"@ {s.articles:,}: {s.seed_seconds}" for s in scales))
    loads = "; ".join(f"@ {s.articles:,}: {s.load}" for s in scales)
    print(f"Load average (1, 5, 15 min) before and after measuring: {loads}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"command": command, "machine": where, "scales": [vars_of(s) for s in scales]}, indent=2, default=str
            )
        )
    return 0


def vars_of(scale: Scale) -> dict[str, Any]:
    return {
        "articles": scale.articles,
        "seed_seconds": scale.seed_seconds,
        "load": scale.load,
        "pages": {k: vars(v) for k, v in scale.pages.items()},
        "snippets": {k: vars(v) for k, v in scale.snippets.items()},
    }


if __name__ == "__main__":
    sys.exit(main())
