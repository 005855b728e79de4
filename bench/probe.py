"""In-process helpers the bench runs against the site's own database: `python -m bench.probe COMMAND [ARG]`.

Each command prints one JSON line last (the bench reads that line):

- `site N`: what the bench measures, in one start-up: the paths (newest article, home, first section),
  the article's id and title, a signed `kabar_plus` cookie for the demo member (`anggota`), as Kabar+
  sets it, and N search words and phrases drawn from the archive's headlines;
- `queries URLS_JSON`: SQL queries per page, rendered twice with the Django test client (the second counted);
- `editor`: stays up and, for each JSON line {"id", "title"} on stdin, changes the article's headline
  and publishes it the way the admin's "Publish" does, then prints {"committed": unix time of the commit}.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import sys
import time
from collections import Counter
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabar.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kabar.articles.models import ArticlePage, SectionPage  # noqa: E402

# Words too common in headlines to be what a reader searches for.
STOP_WORDS = frozenset(
    re.split(
        r"\s+",
        "yang dan di ke dari untuk dengan pada ini itu akan dalam atau juga tidak oleh sebagai karena bagi para "
        "serta telah sudah masih bisa kata usai jadi ada agar hingga saat soal baru lagi antara setelah mulai "
        "minta kembali tahun hari warga",
    )
)
WORD = re.compile(r"[a-z]{4,}")


def urls() -> dict[str, Any]:
    article = ArticlePage.objects.live().public().filter(published_at__isnull=False).order_by("-published_at").first()
    section = SectionPage.objects.live().order_by("path").first()
    if article is None or section is None:
        raise SystemExit("the database has no published article or no section: seed it first")
    return {
        "article": article.dated_path(),
        "home": "/",
        "section": f"/{section.slug}/",
        "article_id": article.pk,
        "article_title": article.title,
        "published_articles": ArticlePage.objects.live().count(),
    }


def queries(paths: dict[str, str]) -> dict[str, int]:
    client = Client()
    counted = {}
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counted[name] = len(captured)
    return counted


def member_cookie() -> dict[str, Any] | None:
    from django.contrib.auth import get_user_model

    from kabar.delivery.variants import COOKIE_NAME, sign_member_cookie

    user = get_user_model().objects.filter(username="anggota").first()
    if user is None:
        return None  # not seeded by `kabar demo`: the weight part measures no member page
    until = timezone.now() + dt.timedelta(days=30)
    return {"name": COOKIE_NAME, "value": sign_member_cookie(user.pk, until), "user": user.username}


# A real word the demo's text never uses: a search that finds nothing must be as quick as one that does.
MISSING_WORD = "xilofon"


def search_words(wanted: int) -> list[str]:
    """Words and two-word phrases from headlines spread over the whole archive (by id, not random rows),
    with the headlines' most common word and a word found nowhere among them."""
    articles = ArticlePage.objects.live().filter(published_at__isnull=False)
    low = articles.order_by("pk").values_list("pk", flat=True).first()
    high = articles.order_by("-pk").values_list("pk", flat=True).first()
    if low is None:
        return []
    titles: list[str] = []
    step = max(1, (high - low) // 80)
    for start in range(low, high + 1, step):
        titles += articles.filter(pk__gte=start).order_by("pk").values_list("title", flat=True)[:3]
    words: set[str] = set()
    phrases: set[str] = set()
    for title in titles:
        kept = [w for w in WORD.findall(title.lower()) if w not in STOP_WORDS]
        words.update(kept)
        phrases.update(f"{a} {b}" for a, b in itertools.pairwise(kept))
    chooser = random.Random(7)
    n_phrases = min(len(phrases), wanted // 5)
    chosen = chooser.sample(sorted(phrases), n_phrases)
    chosen += chooser.sample(sorted(words), min(len(words), max(0, wanted - n_phrases - 2)))
    counted = Counter(w for title in titles for w in WORD.findall(title.lower()) if w not in STOP_WORDS)
    if counted:
        chosen.append(counted.most_common(1)[0][0])
    return [*chosen, MISSING_WORD]


def editor() -> None:
    for line in sys.stdin:
        order = json.loads(line)
        committed: list[float] = []
        with transaction.atomic():
            # Registered first, so it runs at the commit, before the purge hooks the publish adds.
            transaction.on_commit(lambda stamps=committed: stamps.append(time.time()))
            live = ArticlePage.objects.get(pk=order["id"])
            # From the live content, as correct_article does: a draft in the archive is not published by this.
            page = live.live_revision.as_object() if live.live_revision else live
            page.title = order["title"]
            page.save_revision(log_action=True).publish()
        print(json.dumps({"committed": committed[0], "done": time.time()}), flush=True)


def main() -> None:
    command, *rest = sys.argv[1:]
    if command == "site":
        print(json.dumps({**urls(), "member_cookie": member_cookie(), "search_words": search_words(int(rest[0]))}))
    elif command == "queries":
        print(json.dumps(queries(json.loads(rest[0]))))
    elif command == "editor":
        editor()
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
