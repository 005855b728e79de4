"""The publication's brand: its logo, name, accent and section colours, checked when an admin sets them and
turned into a small stylesheet (/brand.css) so the colours reach the pages without inline styles (the CSP
forbids them)."""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from defusedxml import ElementTree as SafeElementTree  # type: ignore[import-untyped]
from defusedxml.common import DefusedXmlException  # type: ignore[import-untyped]
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from kabar.core.models import PublicationSettings

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# WCAG AA for body-size text: colours are used for links, kickers and rules on the page's background.
AA_CONTRAST = 4.5
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#121417"  # kabar.css, the dark theme's --bg
LOGO_MAX_BYTES = 512 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Drawing elements only: no script, no foreignObject (HTML inside SVG), no links, no animation (which can
# rewrite an href), no <use>/<image> that could pull in another document, no <style> (CSS can fetch URLs).
SVG_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "defs",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "symbol",
    ]
)
SLUG = re.compile(r"[^a-z0-9-]")
BRAND_CACHE_KEY = "kabar:brand:v1:{site_id}"


def validate_hex_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Enter a colour as # and six hexadecimal digits, e.g. #b3261e."), code="colour")


def validate_text_colour(value: str) -> None:
    """A colour links and kickers are written in must be readable on the white page (WCAG AA, 4.5:1)."""
    validate_hex_colour(value)
    ratio = contrast(value, LIGHT_BACKGROUND)
    if ratio < AA_CONTRAST:
        raise ValidationError(
            _("%(colour)s is too light to read on white (contrast %(ratio).1f:1, at least 4.5:1 is needed)."),
            code="contrast",
            params={"colour": value, "ratio": ratio},
        )


def luminance(colour: str) -> float:
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    parts = [round(int(colour[i : i + 2], 16) * (1 - share) + int(other[i : i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{part:02x}" for part in parts)


def for_dark_theme(colour: str) -> str:
    """The same hue lightened until it reads on the dark theme's background."""
    share = 0.0
    lighter = colour
    while contrast(lighter, DARK_BACKGROUND) < AA_CONTRAST and share < 1:
        share += 0.05
        lighter = mix(colour, "#ffffff", share)
    return lighter


# Logo files -----------------------------------------------------------------------------------------------


def logo_size(upload: IO[bytes]) -> tuple[int, int]:
    """Check an uploaded logo (PNG, or SVG with drawing only) and give its width and height in CSS pixels.

    An SVG that could run script or load anything is refused rather than cleaned: the admin redraws it
    without, and what is stored is exactly what was checked."""
    upload.seek(0)
    data = upload.read(LOGO_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo may be at most 512 KB."), code="size")
    if data.startswith(PNG_SIGNATURE):
        if len(data) < 24 or data[12:16] != b"IHDR":
            raise ValidationError(_("This PNG file is damaged."), code="png")
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    return svg_size(data)


def svg_size(data: bytes) -> tuple[int, int]:
    refused = ValidationError(_("Upload the logo as a PNG or an SVG."), code="format")
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True)
    except (SafeElementTree.ParseError, DefusedXmlException, ValueError):
        raise refused from None
    if root.tag != f"{SVG_NS}svg":
        raise refused
    for element in root.iter():
        name = element.tag.removeprefix(SVG_NS) if isinstance(element.tag, str) else ""
        if not element.tag.startswith(SVG_NS) or name not in SVG_ELEMENTS:
            raise ValidationError(
                _("The SVG logo may hold drawing only; it has a <%(element)s> element."),
                code="svg_element",
                params={"element": name or element.tag},
            )
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            lowered = value.lower()
            if local.startswith("on") or local == "style" or attribute == XLINK_HREF or local == "href":
                raise ValidationError(
                    _("The SVG logo may not have a %(attribute)s attribute."),
                    code="svg_attribute",
                    params={"attribute": local},
                )
            if "url(" in lowered and not re.fullmatch(r"\s*url\(#[\w-]+\)\s*", lowered):
                raise ValidationError(_("The SVG logo may refer only to its own gradients."), code="svg_url")
    return svg_dimensions(root)


def svg_dimensions(root: object) -> tuple[int, int]:
    attrib = root.attrib  # type: ignore[attr-defined]
    box = re.split(r"[\s,]+", attrib.get("viewBox", "").strip())
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0
        if width > 0 and height > 0:
            return round(width), round(height)
    try:
        return round(float(attrib["width"])), round(float(attrib["height"]))
    except (KeyError, ValueError):
        raise ValidationError(_("The SVG logo needs a viewBox (or a width and a height)."), code="svg_size") from None


# What the pages use ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Channel:
    kind: str
    label: str
    url: str


@dataclass(frozen=True)
class Brand:
    name: str
    tagline: str = ""
    accent: str = ""
    logo_url: str = ""
    logo_width: int = 0
    logo_height: int = 0
    css: str = ""
    channels: tuple[Channel, ...] = field(default_factory=tuple)

    @property
    def css_version(self) -> str:
        return hashlib.blake2b(self.css.encode(), digest_size=6).hexdigest() if self.css else ""

    @property
    def logo_display_width(self) -> int:
        """Width at the masthead's 36 px height, for the <img> attributes that keep its box before it loads."""
        if not (self.logo_width and self.logo_height):
            return 0
        return max(1, round(self.logo_width * 36 / self.logo_height))


def brand_css(publication: PublicationSettings) -> str:
    lines: list[str] = []
    dark: list[str] = []
    if publication.accent_colour:
        accent = publication.accent_colour.lower()
        lines.append(f":root{{--brand:{accent};--brand-strong:{mix(accent, '#000000', 0.2)}}}")
        light = for_dark_theme(accent)
        dark.append(f":root{{--brand:{light};--brand-strong:{mix(light, '#ffffff', 0.3)}}}")
    for row in publication.section_colours.select_related("section").order_by("sort_order"):
        slug = SLUG.sub("", row.section.slug.lower())
        if not slug:
            continue
        colour = row.colour.lower()
        lines.append(f".sec-{slug}{{--section:{colour}}}")
        dark.append(f".sec-{slug}{{--section:{for_dark_theme(colour)}}}")
    if dark:
        lines.append("@media (prefers-color-scheme:dark){" + "".join(dark) + "}")
    return "\n".join(lines) + ("\n" if lines else "")


def channels(publication: PublicationSettings) -> tuple[Channel, ...]:
    found = []
    if publication.whatsapp_channel_url:
        found.append(Channel("whatsapp", "WhatsApp", publication.whatsapp_channel_url))
    if publication.telegram_channel_url:
        found.append(Channel("telegram", "Telegram", publication.telegram_channel_url))
    if publication.x_handle:
        found.append(Channel("x", "X", f"https://x.com/{publication.x_handle.lstrip('@')}"))
    if publication.facebook_url:
        found.append(Channel("facebook", "Facebook", publication.facebook_url))
    return tuple(found)


def build_brand(publication: PublicationSettings) -> Brand:
    return Brand(
        name=publication.publication_name or settings.SITE_NAME,
        tagline=publication.tagline,
        accent=publication.accent_colour.lower(),
        logo_url=publication.logo.url if publication.logo else "",
        logo_width=publication.logo_width or 0,
        logo_height=publication.logo_height or 0,
        css=brand_css(publication),
        channels=channels(publication),
    )


def brand_for_site(site_id: int | None) -> Brand:
    """The brand of a site, from the cache; saving the publication settings drops it (forget_brand)."""
    from kabar.core.models import PublicationSettings

    if site_id is None:
        return Brand(name=settings.SITE_NAME)
    # A process's own memory is no place for it: saving the settings in one web process would leave
    # the others (and the pages they render into the shared page cache) on the old brand for an hour.
    shared = not isinstance(caches["default"], LocMemCache)
    key = BRAND_CACHE_KEY.format(site_id=site_id)
    brand: Brand | None = cache.get(key) if shared else None
    if brand is None:
        publication = PublicationSettings.objects.filter(site_id=site_id).first()
        brand = build_brand(publication) if publication else Brand(name=settings.SITE_NAME)
        if shared:
            cache.set(key, brand, 3600)
    return brand


def brand_for_request(request: HttpRequest | None) -> Brand:
    """The brand of the request's site, read once per request (a page and its JSON-LD share it)."""
    from wagtail.models import Site

    known = getattr(request, "kabar_brand", None)
    if isinstance(known, Brand):
        return known
    try:
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            site = Site.objects.filter(is_default_site=True).first()
        brand = brand_for_site(site.pk if site else None)
    except DatabaseError:  # the 404 page still renders while the database is away or not migrated yet
        return Brand(name=settings.SITE_NAME)
    if request is not None:
        setattr(request, "kabar_brand", brand)  # noqa: B010 - HttpRequest declares no such attribute
    return brand


def forget_brand(sender: type, instance: PublicationSettings, **kwargs: object) -> None:
    # After the commit: the section colours are saved after the settings row, in the same transaction.
    key = BRAND_CACHE_KEY.format(site_id=instance.site_id)
    transaction.on_commit(lambda: cache.delete(key))
