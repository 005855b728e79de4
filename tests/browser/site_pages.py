"""The one list of pages the design, accessibility and HTML checks walk (tests/browser/test_design.py,
tests/browser/test_accessibility.py), and the demo newsroom they walk it on.

The site is `kabar demo` on the small content file the demo tests use (tests/demo/content_small.json):
sections, articles with pictures, corrections, comments, tags, a topic, writers, house ads, a reader
(`pembaca`) and a Kabar+ member (`anggota`) with a paid order, and whatever else the demo seeds as it
grows (a publication's brand, the pages the law asks for). The page tree is then walked rather than
listed by hand, so a page type that arrives later is checked without touching these tests; a page
type with no page in the demo gets one here, and one that cannot be made fails the walk.

Pages outside the tree (tag, author, search, accounts, Kabar+, 404) are found by their URL names; a
name that no longer resolves is a failure too, never a page silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.urls import NoReverseMatch, reverse

# The demo's accounts (kabar/demo/readers.py, kabar/demo/membership.py), all with this password.
PASSWORD = "kata-sandi-desain-uji-5"
READER = "pembaca"
MEMBER = "anggota"
EMAILS = {READER: "pembaca@example.com", MEMBER: "anggota@example.com"}

# What the geometry checks look for (the base template's header, the article's text).
HEADER = "body > header, .site-header"
ARTICLE_TEXT = ".article__body p"
# Page classes of kabar.articles with many pages of one template: one page of each is enough.
ONE_OF_EACH = {"HomePage", "SectionPage", "TopicIndexPage", "TopicPage", "ArticlePage"}
NOT_FOUND_PATH = "/halaman-yang-tidak-ada-xq7/"
NO_RESULTS_QUERY = "zqxjvwk"


@dataclass(frozen=True)
class SitePage:
    """One page to check: a file-name-safe `name`, its path, who looks at it (None: anonymous)."""

    name: str
    path: str
    who: str | None = None
    kind: str = "other"  # home, section, article, page (a page of the tree of another type), other
    status: int = 200

    @property
    def label(self) -> str:
        return f"{self.name} ({self.path}{', as ' + self.who if self.who else ''})"


@dataclass
class SiteWalk:
    pages: list[SitePage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # pages that should be there and are not

    def add_url(self, name: str, url_name: str, *args: Any, who: str | None = None, query: str = "") -> None:
        try:
            path = reverse(url_name, args=args)
        except NoReverseMatch as error:
            self.problems.append(f"{name}: the URL name {url_name!r} no longer resolves ({error})")
            return
        self.pages.append(SitePage(name, path + query, who))


def seed_demo_site(data_dir: Path) -> None:
    """`kabar demo` on the small content file: the newsroom, its readers and its Kabar+ member."""
    from django.test import override_settings

    from kabar.demo import services
    from tests.demo.support import SMALL

    with override_settings(DATA_DIR=data_dir):
        services.seed_newsroom(SMALL, password=PASSWORD)


def walk_site() -> SiteWalk:
    """Every public template once, the logged-in reader's and member's pages included."""
    from wagtail.models import Page

    walk = SiteWalk()
    walk.problems += give_every_page_type_a_page()
    pages = [page for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path")]
    seen: set[str] = set()
    article = richest_article([page for page in pages if type(page).__name__ == "ArticlePage"])
    for page in pages:
        kind = type(page).__name__
        if not getattr(page, "preview_modes", True):  # a page readers never see (a monthly folder)
            continue
        if kind in ONE_OF_EACH:
            if kind in seen or (kind == "ArticlePage" and page.pk != article.pk):
                continue
            seen.add(kind)
        name = {"HomePage": "home", "SectionPage": "section", "ArticlePage": "article"}.get(kind)
        role = name or ("page" if kind not in ONE_OF_EACH else "other")
        walk.pages.append(SitePage(name or f"{kind.lower()}-{page.slug}", page.url, kind=role))
    if article is None:
        walk.problems.append("no published article in the demo")
        return walk
    add_pages_outside_the_tree(walk, article)
    return walk


def richest_article(articles: list[Any]) -> Any:
    """The article with the most parts (a lead picture, the longest body, tags): the hardest to lay out."""
    if not articles:
        return None
    return max(articles, key=lambda a: (a.lead_image_id is not None, len(a.body), a.tags.count(), -a.pk))


def add_pages_outside_the_tree(walk: SiteWalk, article: Any) -> None:
    from kabar.membership.models import Order

    tag = article.tags.first()
    if tag is None:
        walk.problems.append(f"the article {article.title!r} has no tag: no tag page to check")
    else:
        walk.add_url("tag", "tag", tag.slug)
    writer = article.writers.select_related("person").first()
    if writer is None:
        walk.problems.append(f"the article {article.title!r} has no writer: no author page to check")
    else:
        walk.add_url("author", "author", writer.person.slug)
    word = max(article.title.split(), key=len)
    walk.add_url("search", "search", query=f"?q={word}")
    walk.add_url("search-no-results", "search", query=f"?q={NO_RESULTS_QUERY}")
    walk.pages.append(SitePage("not-found", NOT_FOUND_PATH, status=404))
    walk.add_url("comments", "comments:page", article.pk)
    walk.add_url("notifications", "alerts:notifications")
    walk.add_url("login", "account_login")
    walk.add_url("signup", "account_signup")
    walk.add_url("password-reset", "account_reset_password")
    walk.add_url("kabarplus", "membership:join")
    # The reader's own pages, and the pages whose header changes once someone is logged in.
    walk.pages.append(SitePage("home-reader", "/", READER, kind="home"))
    walk.pages.append(SitePage("article-reader", article.url, READER, kind="article"))
    for name, url_name in [
        ("account", "readers:account"),
        ("profile", "readers:profile"),
        ("saved", "readers:saved"),
        ("history", "readers:history"),
        ("for-you", "readers:for_you"),
        ("delete-account", "readers:delete_account"),
        ("email", "account_email"),
        ("password-change", "account_change_password"),
    ]:
        walk.add_url(name, url_name, who=READER)
    walk.add_url("checkout", "membership:checkout", "bulanan", who=READER)
    # The Kabar+ member: a badge in the header, no ads, the account's table and the paid order.
    walk.pages.append(SitePage("home-member", "/", MEMBER, kind="home"))
    walk.pages.append(SitePage("article-member", article.url, MEMBER, kind="article"))
    walk.add_url("kabarplus-account", "membership:account", who=MEMBER)
    order = Order.objects.filter(user__username=MEMBER).order_by("pk").first()
    if order is None:
        walk.problems.append("the demo member has no order: no order or receipt page to check")
    else:
        walk.add_url("order", "membership:order", order.order_id, who=MEMBER)
        walk.add_url("receipt", "membership:receipt", order.order_id, who=MEMBER)


def give_every_page_type_a_page() -> list[str]:
    """A page of each page type readers can see that the demo has none of (e.g. a type newer than the
    demo): titled, published, under the first page that may hold it. Returns what could not be made."""
    from wagtail.models import Page, get_page_models

    problems = []
    for model in get_page_models():
        if model is Page or model._meta.abstract or not model.preview_modes or not model.is_creatable:
            continue
        if model.objects.live().exists():
            continue
        parents = [
            parent.specific
            for parent in Page.objects.live().filter(depth__gt=1).order_by("path")
            if model.can_create_at(parent.specific)
        ]
        if not parents:
            problems.append(f"{model.__name__}: no page in the demo and nowhere to make one")
            continue
        try:
            page = model(title=f"{model._meta.verbose_name} uji".capitalize(), slug=f"{model.__name__.lower()}-uji")
            parents[0].add_child(instance=page)
            page.save_revision().publish()
        except Exception as error:  # any failure is reported as the page type's problem
            problems.append(f"{model.__name__}: no page in the demo, and making one failed: {error!r}")
    return problems


def log_in(context: Any, who: str) -> None:
    """Log in through the site's login form, as the reader would; the context keeps the session."""
    page = context.new_page()
    page.goto(reverse("account_login"))
    page.locator('input[name="login"]').fill(EMAILS[who])
    page.locator('input[name="password"]').fill(PASSWORD)
    with page.expect_navigation():
        page.locator('input[name="password"]').press("Enter")
    page.close()
    status = context.request.get(reverse("readers:status")).json()
    assert status["authenticated"], f"{who} could not log in with the demo password"
