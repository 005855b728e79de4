"""schema.org NewsArticle for search engines, and the share-card image sizes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from kabar.core.timefmt import iso_with_offset

if TYPE_CHECKING:
    from kabar.articles.models import ArticlePage
    from kabar.core.brand import Brand
    from kabar.people.models import Person

# Google asks for 16x9, 4x3 and 1x1 images, at least 1200 pixels wide where it can.
JSON_LD_IMAGE_SPECS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.BASE_URL + url


def publisher() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": settings.BASE_URL + "/",
        "logo": {
            "@type": "ImageObject",
            "url": settings.BASE_URL + "/static/kabar/logo.png",
            "width": 600,
            "height": 60,
        },
    }


def news_article_json_ld(article: ArticlePage, writers: list[Person], request: HttpRequest | None = None) -> SafeString:
    url = article.full_url or absolute(article.dated_path())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": strip_tags(article.summary),
        "datePublished": iso_with_offset(article.first_published_at),
        "dateModified": iso_with_offset(article.last_published_at or article.first_published_at),
        "author": [
            {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())} for person in writers
        ]
        or [{"@type": "Organization", "name": settings.SITE_NAME, "url": settings.BASE_URL + "/"}],
        "publisher": publisher(),
        "isAccessibleForFree": bool(article.is_free),
        "inLanguage": "id",
    }
    if article.dateline_place:
        data["dateline"] = article.dateline_place
    if article.section_id:
        data["articleSection"] = article.section.title
    if article.lead_image_id:
        data["image"] = [absolute(article.lead_image.get_rendition(spec).url) for spec in JSON_LD_IMAGE_SPECS]
    return json_for_script(data)


def organization_json_ld(brand: Brand) -> SafeString:
    """The publication as an Organization, with the logo it set in its publication settings (a PNG of the
    default logo otherwise) and its social channels, for the home page."""
    if brand.logo_url:
        logo = {"@type": "ImageObject", "url": absolute(brand.logo_url)}
        if brand.logo_width and brand.logo_height:
            logo.update(width=brand.logo_width, height=brand.logo_height)
    else:
        logo = publisher()["logo"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": brand.name,
        "url": settings.BASE_URL + "/",
        "logo": logo,
    }
    if brand.channels:
        data["sameAs"] = [channel.url for channel in brand.channels]
    return json_for_script(data)


def json_for_script(data: dict[str, Any]) -> SafeString:
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - every <, > and & is escaped above
