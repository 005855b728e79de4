"""Reads: what readers can follow, the breaking-news banner, and how an alert is getting on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kabar.alerts.channels import registered_channels
from kabar.alerts.models import (
    UNFINISHED,
    Alert,
    DeliveryStatus,
    PushSubscription,
    SubscriptionTopic,
    WebhookDelivery,
)
from kabar.articles.models import ArticlePage, LiveStatus, SectionPage

BREAKING = "breaking"
PICKS = "picks"
SECTION_PREFIX = "section-"
# One story covered live: its followers get its key events (the live desk sends them through ALERT_SENDERS).
STORY_PREFIX = "story-"
BANNER_CACHE_KEY = "kabar:alerts:breaking-banner:v1"
BANNER_CACHE_SECONDS = 30


@dataclass(frozen=True)
class Topic:
    """Something a reader can be alerted about: breaking news, editors' picks, or a section."""

    key: str
    label: Any


def section_topic(section_id: int) -> str:
    return f"{SECTION_PREFIX}{section_id}"


def story_topic(page_id: int) -> str:
    return f"{STORY_PREFIX}{page_id}"


def story_id(topic: str) -> int | None:
    """The page id in `story-<id>`, or None for any other topic."""
    digits = topic[len(STORY_PREFIX) :] if topic.startswith(STORY_PREFIX) else ""
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 18 else None


def running_stories(topics: Iterable[str]) -> dict[str, ArticlePage]:
    """Of `topics`, the story topics whose story readers can follow now: published, public, covered live."""
    ids = {page_id for topic in topics if (page_id := story_id(topic)) is not None}
    if not ids:
        return {}
    pages = ArticlePage.objects.live().public().filter(pk__in=ids, live_status=LiveStatus.LIVE).only("pk", "title")
    return {story_topic(page.pk): page for page in pages}


def available_topics() -> list[Topic]:
    sections = SectionPage.objects.live().order_by("path").only("pk", "title")
    return [
        Topic(BREAKING, _("Breaking news")),
        Topic(PICKS, _("Editors' picks")),
        *(Topic(section_topic(s.pk), s.title) for s in sections),
    ]


def topic_labels(topics: Iterable[str] = ()) -> dict[str, Any]:
    """Labels of the topics readers can choose, and of the story topics among `topics` (live or ended)."""
    labels: dict[str, Any] = {topic.key: topic.label for topic in available_topics()}
    ids = {page_id for topic in topics if (page_id := story_id(topic)) is not None}
    for page_id, title in ArticlePage.objects.filter(pk__in=ids).values_list("pk", "title"):
        labels[story_topic(page_id)] = gettext("Followers of “%(title)s”") % {"title": Truncator(title).chars(60)}
    return labels


def topic_for_name(name: str) -> str | None:
    """A topic key from what a person types: `breaking`, `picks`, `section-3` or a section's slug."""
    name = name.strip().lower()
    if name in {BREAKING, PICKS}:
        return name
    if name.startswith(SECTION_PREFIX) and name[len(SECTION_PREFIX) :].isdigit():
        section_id = int(name[len(SECTION_PREFIX) :])
        return name if SectionPage.objects.live().filter(pk=section_id).exists() else None
    section = SectionPage.objects.live().filter(slug=name).only("pk").first()
    return section_topic(section.pk) if section else None


def subscription_for_endpoint(endpoint_hash: str) -> PushSubscription | None:
    return PushSubscription.objects.filter(endpoint_hash=endpoint_hash).prefetch_related("topics").first()


def pushable_article(article_id: int) -> ArticlePage | None:
    """The article if readers can open it now: live and not behind a view restriction."""
    return ArticlePage.objects.live().public().filter(pk=article_id).select_related("lead_image").first()


def campaign_url(url: str, alert_id: int, source: str, medium: str) -> str:
    """The article's URL with the campaign parameters analytics use to count what an alert brought."""
    parts = urlsplit(url)
    query = urlencode({"utm_source": source, "utm_medium": medium, "utm_campaign": f"alert-{alert_id}"})
    return urlunsplit((parts.scheme, parts.netloc, parts.path, f"{parts.query}&{query}" if parts.query else query, ""))


def whatsapp_text(alert: Alert) -> str:
    """Ready to paste into the WhatsApp Channel: bold headline, the text, and the tracked link."""
    url = campaign_url(alert.url, alert.pk, "whatsapp", "channel") if alert.url else ""
    parts = [f"*{alert.title}*", alert.text, url]
    return "\n\n".join(part for part in parts if part)


def breaking_banner() -> dict[str, Any] | None:
    """The breaking alert whose banner is up now, for every public page.

    Cached briefly, and cleared when a banner starts or ends."""
    banner = cache.get(BANNER_CACHE_KEY)
    if banner is None:
        alert = (
            Alert.objects.filter(is_breaking=True, banner_until__gt=timezone.now(), banner_ended=False)
            .exclude(status__in=[Alert.Status.WAITING, Alert.Status.CANCELLED])
            .order_by("-queued_at")
            .values("title", "url", "banner_until")
            .first()
        )
        banner = alert or {}
        cache.set(BANNER_CACHE_KEY, banner, BANNER_CACHE_SECONDS)
    if not banner or banner["banner_until"] <= timezone.now():
        return None
    path = urlsplit(banner["url"]).path if banner["url"] else ""
    return {"title": banner["title"], "url": path or "/", "until": banner["banner_until"]}


def recent_alerts() -> QuerySet[Alert]:
    return Alert.objects.select_related("article", "created_by").order_by("-created_at")


def recent_alerts_for_article(article_id: int, limit: int = 5) -> list[Alert]:
    return list(Alert.objects.filter(article_id=article_id).order_by("-created_at")[:limit])


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int
    expired: int
    pending: int
    webhooks: list[WebhookDelivery]

    @property
    def done_share(self) -> int:
        if not self.total:
            return 100
        return round(100 * (self.total - self.pending) / self.total)


def alert_progress(alert: Alert) -> Progress:
    """Counts kept on the alert as batches finish, and the deliveries still waiting or on the wire (an index range)."""
    pending = sum(
        channel.delivery_model.objects.filter(alert=alert, status__in=UNFINISHED).count()
        for channel in registered_channels()
        if channel.counted_on_alert
    )
    webhooks = list(WebhookDelivery.objects.filter(alert=alert).select_related("webhook").order_by("pk"))
    return Progress(alert.total, alert.sent, alert.failed, alert.expired, pending, webhooks)


def delivery_errors(alert: Alert, limit: int = 10) -> list[dict[str, Any]]:
    """The most common reasons deliveries counted on the alert failed, for the editor's "what went wrong"."""
    counts: Counter[str] = Counter()
    for channel in registered_channels():
        if channel.counted_on_alert:
            failed = channel.delivery_model.objects.filter(alert=alert, status=DeliveryStatus.FAILED)
            for row in failed.values("error").annotate(count=Count("pk")).order_by("-count")[:limit]:
                counts[row["error"]] += row["count"]
    return [{"error": error, "count": count} for error, count in counts.most_common(limit)]


def subscriber_counts() -> dict[str, int]:
    """How many browsers follow each topic."""
    rows = SubscriptionTopic.objects.values("topic").annotate(count=Count("pk"))
    return {row["topic"]: row["count"] for row in rows}
