"""Breaking news by e-mail: the box "E-mail the breaking-news list" on the alert form.

The alerts app knows nothing of newsletters; it calls every BreakingNewsChannel registered under
kabar_breaking_news_channels (kabar/core/hooks.py) once the alert is queued. This one makes an edition of
each active breaking-news list from the story (headline as the subject, the alert's text as the intro,
the article itself below it) and queues its send, which then goes like any other edition (resumable,
once per address, suppressed addresses skipped).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from kabar.articles.models import ArticlePage
from kabar.core.hooks import BreakingNews, BreakingNewsChannel
from kabar.newsletters import services
from kabar.newsletters.models import Edition, NewsletterList

logger = logging.getLogger(__name__)

# The alert form's field for the box; the seam names the channel by it.
NAME = "email"
# The same story sent again within this time (a second press, a retried worker task) makes no second edition.
REPEAT_WINDOW = dt.timedelta(hours=1)


def breaking_lists() -> list[NewsletterList]:
    return list(NewsletterList.objects.filter(kind=NewsletterList.Kind.BREAKING, is_active=True))


def send_breaking_news(news: BreakingNews, *, now: dt.datetime | None = None) -> list[Edition]:
    """An edition of each active breaking-news list for `news`, queued for the worker; the editions made."""
    now = now or timezone.now()
    made: list[Edition] = []
    for newsletter in breaking_lists():
        with transaction.atomic():
            # Locking the list row makes two calls for the same story wait for each other, so only one edition.
            NewsletterList.objects.select_for_update().filter(pk=newsletter.pk).first()
            if Edition.objects.filter(
                newsletter=newsletter, subject=news.title[:150], created_at__gte=now - REPEAT_WINDOW
            ).exists():
                logger.info("newsletters: breaking news %s already mailed to %s", news.page_id, newsletter.slug)
                continue
            edition = Edition.objects.create(
                newsletter=newsletter,
                subject=news.title[:150],
                preheader=news.body[:150],
                intro=format_html("<p>{}</p>", news.body),
                body=_body(news),
                created_at=now,
            )
            services.send_edition_now(edition, now=now)
        made.append(edition)
    return made


def _body(news: BreakingNews) -> list[tuple[str, object]]:
    article = ArticlePage.objects.live().public().filter(pk=news.page_id).first()
    if article is not None:
        return [("articles", {"heading": "", "articles": [article]})]
    # Not an article (a live report's page, say): a link to it.
    return [("text", f'<p><a href="{escape(news.url)}">{escape(_("Read the full story"))}</a></p>')]


def channel() -> BreakingNewsChannel:
    """The box, labelled in the language of the form that asks for it."""
    return BreakingNewsChannel(name=NAME, label=_("E-mail the breaking-news list"), send=send_breaking_news)
