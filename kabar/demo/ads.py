"""The demo's ads: house ads ("Iklan") for every placement, drawn with Pillow (nothing downloaded)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image
from wagtail.models import Collection

from kabar.ads.models import Creative, Placement
from kabar.ads.services import ads_collection

if TYPE_CHECKING:
    from kabar.demo.services import SeedReport


@dataclass(frozen=True)
class HouseAd:
    name: str
    headline: str
    link: str
    colours: tuple[tuple[int, int, int], tuple[int, int, int]]


# (placement keys, picture size): one creative per advertiser and shape, so no picture is cropped.
SHAPES = [
    (("top", "sticky"), (640, 100)),
    (("in_article", "sidebar"), (600, 500)),
    (("list",), (640, 200)),
]
# The side rail's half page at twice its 300x600 (crisp on 2x screens).
HALF_PAGE_PICTURE = (600, 1200)


def house_ads() -> list[HouseAd]:
    blue, green, brown = (11, 92, 173), (10, 125, 56), (150, 62, 8)
    white, cream = (255, 255, 255), (255, 244, 214)
    ads = [
        HouseAd(
            "Saluran WhatsApp", "Berita pilihan di WhatsApp Anda", "https://www.whatsapp.com/channel/kabar-demo",
            (green, white),
        ),
        HouseAd(
            "Festival Kuliner", "Festival Kuliner Nusantara, 12-14 Juli", "https://example.com/festival-kuliner",
            (brown, cream),
        ),
    ]  # fmt: skip
    if apps.is_installed("kabar.membership"):
        # The publisher's own ad for Kabar+, where there is a Kabar+ to join.
        join = f"{settings.BASE_URL}/kabarplus/"
        ads.insert(0, HouseAd("Kabar+", "Baca Kabar tanpa iklan: Gabung Kabar+", join, (blue, white)))
    return ads


def seed_house_ads(report: SeedReport) -> None:
    if Creative.objects.filter(name__startswith="Demo: ").exists():
        return
    # Creatives in the ads' own collection, out of the choosers a writer picks lead photos from.
    collection = ads_collection()
    placements = {placement.key: placement for placement in Placement.objects.all()}
    for ad in house_ads():
        for keys, size in SHAPES:
            image = Image.objects.create(
                title=f"Iklan: {ad.name} {size[0]}x{size[1]}",
                collection=collection,
                file=ImageFile(io.BytesIO(ad_picture(ad, size)), name=f"iklan-{size[0]}x{size[1]}.png"),
            )
            creative = Creative.objects.create(
                name=f"Demo: {ad.name} ({size[0]}x{size[1]})",
                kind=Creative.Kind.HOUSE,
                image=image,
                link_url=ad.link,
                alt_text=ad.headline,
                weight=10,
            )
            creative.placements.set([placements[key] for key in keys if key in placements])
            report.created["ads"] += 1
    seed_half_page_ad(report, collection, placements)


def seed_half_page_ad(report: SeedReport, collection: Collection, placements: dict[str, Placement]) -> None:
    """One advertiser books the side rail's half page (300x600 on wide screens, its 300x250 on phones)."""
    if "sidebar" not in placements:
        return
    ad = house_ads()[-1]
    images = {}
    for size in ((600, 500), HALF_PAGE_PICTURE):
        images[size] = Image.objects.create(
            title=f"Iklan: {ad.name} {size[0]}x{size[1]}",
            collection=collection,
            file=ImageFile(io.BytesIO(ad_picture(ad, size)), name=f"iklan-{size[0]}x{size[1]}.png"),
        )
    creative = Creative.objects.create(
        name=f"Demo: {ad.name} (300x600)",
        kind=Creative.Kind.HOUSE,
        image=images[(600, 500)],
        half_page_image=images[HALF_PAGE_PICTURE],
        link_url=ad.link,
        alt_text=ad.headline,
        # Weighted against the three 300x250s in the rail, so the demo shows it on about half the pages.
        weight=30,
    )
    creative.placements.set([placements["sidebar"]])
    report.created["ads"] += 1


def ad_picture(ad: HouseAd, size: tuple[int, int]) -> bytes:
    """A flat banner with the ad's headline, drawn with Pillow (nothing downloaded)."""
    background, ink = ad.colours
    picture = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    width, height = size
    font_size = max(14, min(height // 3, width // max(len(ad.headline) // 2, 1)))
    font = ImageFont.load_default(size=font_size)
    lines = [ad.headline] if width / height > 3 else _wrap(ad.headline, 18)
    line_height = font_size * 1.25
    top = height / 2 - line_height * (len(lines) - 1) / 2
    for number, line in enumerate(lines):
        draw.text((width / 2, top + number * line_height), line, font=font, fill=ink, anchor="mm")
    draw.rectangle((0, 0, width - 1, height - 1), outline=ink, width=max(2, height // 50))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
