"""schema.org NewsArticle for search engines, and the share-card image sizes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from kabar.core.brand import brand_for_request
from kabar.core.timefmt import iso_with_offset

if TYPE_CHECKING:
    from kabar.articles.models import ArticlePage
    from kabar.core.brand import Brand
    from kabar.people.models import Person

# Google asks for 16x9, 4x3 and 1x1 images, at least 1200 pixels wide where it can.
JSON_LD_IMAGE_SPECS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
# schema.org's type for paid articles (advertorials, sponsored and native content), an Article subtype
# search engines read as an article; `sponsor` would name a funder, and isAccessibleForFree is about paywalls.
ADVERTORIAL_TYPE = "AdvertiserContentArticle"


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.BASE_URL + url


# The logo shipped with Kabar, used until a publication sets its own in the admin.
DEFAULT_LOGO_PATH = "/static/kabar/logo.png"
DEFAULT_LOGO_SIZE = (600, 60)


def publication_logo(brand: Brand | None) -> dict[str, Any]:
    """The logo the publication set in its settings (SVG or PNG, with its size), else Kabar's own PNG."""
    if brand is None or not brand.logo_url:
        width, height = DEFAULT_LOGO_SIZE
        return {"@type": "ImageObject", "url": absolute(DEFAULT_LOGO_PATH), "width": width, "height": height}
    logo: dict[str, Any] = {"@type": "ImageObject", "url": absolute(brand.logo_url)}
    if brand.logo_width and brand.logo_height:
        logo.update(width=brand.logo_width, height=brand.logo_height)
    return logo


def publisher(request: HttpRequest | None = None) -> dict[str, Any]:
    """The publication as the masthead shows it: its name and logo from its settings (cached with the brand)."""
    brand = brand_for_request(request) if request is not None else None
    return {
        "@type": "Organization",
        "name": brand.name if brand is not None else settings.SITE_NAME,
        "url": settings.BASE_URL + "/",
        "logo": publication_logo(brand),
    }


def news_article_json_ld(article: ArticlePage, writers: list[Person], request: HttpRequest | None = None) -> SafeString:
    url = article.full_url or absolute(article.dated_path())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        # Paid content is not news reporting: schema.org's AdvertiserContentArticle is the Article for
        # "advertorials, sponsored content, native advertising", as the page labels it "Konten Bersponsor".
        "@type": ADVERTORIAL_TYPE if getattr(article, "sponsored", False) else "NewsArticle",
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
        "publisher": publisher(request),
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


def breadcrumb_json_ld(article: ArticlePage, request: HttpRequest | None = None) -> SafeString:
    """Home > section > article, as the page's path reads, for the trail search results show."""
    home = settings.BASE_URL + "/"
    trail: list[tuple[str, str]] = [(publisher(request)["name"], home)]
    if article.section_id:
        trail.append((article.section.title, f"{home}{article.section.slug}/"))
    trail.append((article.title, article.full_url or absolute(article.dated_path())))
    return json_for_script(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": name, "item": url}
                for position, (name, url) in enumerate(trail, start=1)
            ],
        }
    )


def organization_json_ld(brand: Brand) -> SafeString:
    """The publication as an Organization, with the logo it set in its publication settings (a PNG of the
    default logo otherwise) and its social channels, for the home page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": brand.name,
        "url": settings.BASE_URL + "/",
        "logo": publication_logo(brand),
    }
    if brand.channels:
        data["sameAs"] = [channel.url for channel in brand.channels]
    return json_for_script(data)


def json_for_script(data: dict[str, Any]) -> SafeString:
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - every <, > and & is escaped above
