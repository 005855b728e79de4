"""schema.org LiveBlogPosting for a live report: the report as an article, its updates as BlogPostings.

Google reads `liveBlogUpdate` for the "LIVE" label in Top stories; it wants the updates newest
first with their own times and an address each (the page with #update-<id>). The page lists the
updates it shows (one page of the stream), not all 2,000 of a long report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from kabar.articles.structured_data import JSON_LD_IMAGE_SPECS, absolute, json_for_script, publisher
from kabar.core.timefmt import iso_with_offset

if TYPE_CHECKING:
    from kabar.live.models import LiveReportPage, LiveUpdate
    from kabar.live.queries import Stream
    from kabar.people.models import Person

# What a BlogPosting's text may hold in JSON-LD: the update's text, not its markup.
UPDATE_BODY_MAX_CHARS = 5000


def update_text(update: LiveUpdate) -> str:
    """The update's words as plain text: its paragraphs, quotes and quoted wire copy."""
    parts: list[str] = []
    for block in update.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(strip_tags(str(value.source if hasattr(value, "source") else value)))
        elif block.block_type == "quote":
            parts.append(str(value.get("text", "")))
        elif block.block_type == "wire_quote":
            text = value.get("text")
            parts.append(strip_tags(str(text.source if hasattr(text, "source") else text or "")))
    return " ".join(part.strip() for part in parts if part and part.strip())[:UPDATE_BODY_MAX_CHARS]


def _author(person: Person | None) -> dict[str, Any]:
    if person is None:
        return {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.BASE_URL + "/"}
    return {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}


def update_posting(update: LiveUpdate, report_url: str, report_title: str) -> dict[str, Any]:
    text = update_text(update)
    return {
        "@type": "BlogPosting",
        "headline": (update.headline or text or report_title)[:110],
        "url": f"{report_url}#update-{update.pk}",
        "datePublished": iso_with_offset(update.published_at),
        "dateModified": iso_with_offset(update.edited_at or update.published_at),
        "articleBody": text,
        "author": _author(update.writer),
    }


def live_blog_json_ld(report: LiveReportPage, stream: Stream, request: HttpRequest | None = None) -> SafeString:
    url = report.full_url or absolute(report.dated_path())
    shown = ([stream.pinned] if stream.pinned else []) + stream.updates
    newest_first = sorted(shown, key=lambda u: (u.published_at, u.pk), reverse=True)
    modified = max(
        (moment for moment in [report.last_published_at, *(u.edited_at or u.published_at for u in shown)] if moment),
        default=report.first_published_at,
    )
    writers = [w.person for w in report.writers.all()]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": report.title[:110],
        "description": strip_tags(report.summary),
        "datePublished": iso_with_offset(report.first_published_at),
        "dateModified": iso_with_offset(modified),
        "author": [_author(person) for person in writers] or [_author(None)],
        "publisher": publisher(request),
        "isAccessibleForFree": bool(report.is_free),
        "inLanguage": "id",
        "coverageStartTime": iso_with_offset(report.coverage_started_at or report.first_published_at),
        "liveBlogUpdate": [update_posting(update, url, report.title) for update in newest_first],
    }
    end = report.coverage_ended_at or report.coverage_ends_at
    if end:
        data["coverageEndTime"] = iso_with_offset(end)
    if report.section_id:
        data["articleSection"] = report.section.title
    if report.lead_image_id:
        data["image"] = [absolute(report.lead_image.get_rendition(spec).url) for spec in JSON_LD_IMAGE_SPECS]
    return json_for_script(data)
