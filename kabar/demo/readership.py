"""The demo's readers: page views over the hours before seeding, so "Terpopuler" has something to rank.

A real site fills these counts from the `/hit/` beacon; a fresh demo has had no readers, and its
fronts and article rails would show an empty "Terpopuler". The counts are the same for every seed
(a fixed random seed) and follow what a newsroom sees: the newest stories read most, breaking
stories far more than the rest. They age out of the 24-hour window like real counts.
"""

from __future__ import annotations

import datetime as dt
import random

from kabar.articles.models import ArticlePage, ArticleViewCount

HOURS = 6
DEMO_SEED = 15


def seed_readership(now: dt.datetime, *, hours: int = HOURS) -> int:
    """Write hourly view counts for the live demo articles unless any counts exist; returns rows written."""
    if ArticleViewCount.objects.exists():
        return 0
    rng = random.Random(DEMO_SEED)
    articles = list(ArticlePage.objects.live().order_by("-first_published_at", "-pk").values_list("pk", flat=True)[:60])
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    rows = []
    for rank, article_id in enumerate(articles):
        # Readers favour the newest stories: about 4,000 views an hour for the newest, a few dozen for the oldest.
        base = 4000 / (1 + rank) ** 1.1
        for hour in range(hours):
            views = int(base * rng.uniform(0.5, 1.5) / (1 + hour * 0.3))
            if views:
                rows.append(
                    ArticleViewCount(article_id=article_id, hour=this_hour - dt.timedelta(hours=hour), views=views)
                )
    ArticleViewCount.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
