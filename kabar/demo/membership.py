"""The demo's Kabar+ and ads: two plans, the member `anggota`, and house ads in every placement.

`anggota` (anggota@example.com) buys the yearly plan through the sandbox gateway, by the same
path a reader takes: an order, the sandbox's signed notification, the webhook's checks.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image
from wagtail.models import Collection

from kabar.ads.models import Creative, Placement
from kabar.membership import gateways
from kabar.membership import services as membership_services
from kabar.membership.gateways.sandbox import SandboxGateway
from kabar.membership.models import Membership, Plan

if TYPE_CHECKING:
    from kabar.demo.services import SeedReport

MEMBER_USERNAME = "anggota"
MEMBER_EMAIL = "anggota@example.com"
DEMO_CHECKOUT_TOKEN = "demo-anggota-tahunan"  # noqa: S105 - a checkout page id, not a secret
PLANS = [
    # slug, name, period, price, description
    ("bulanan", "Kabar+ Bulanan", Plan.Period.MONTHLY, 49_000, "Tanpa iklan, bayar per bulan."),
    ("tahunan", "Kabar+ Tahunan", Plan.Period.YEARLY, 490_000, "Tanpa iklan setahun penuh: dua bulan gratis."),
]


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


def house_ads() -> list[HouseAd]:
    blue, green, brown = (11, 92, 173), (10, 125, 56), (150, 62, 8)
    white, cream = (255, 255, 255), (255, 244, 214)
    return [
        HouseAd("Kabar+", "Baca Kabar tanpa iklan: Gabung Kabar+", f"{settings.BASE_URL}/kabarplus/", (blue, white)),
        HouseAd(
            "Saluran WhatsApp", "Berita pilihan di WhatsApp Anda", "https://www.whatsapp.com/channel/kabar-demo",
            (green, white),
        ),
        HouseAd(
            "Festival Kuliner", "Festival Kuliner Nusantara, 12-14 Juli", "https://example.com/festival-kuliner",
            (brown, cream),
        ),
    ]  # fmt: skip


def seed_membership(*, password: str | None, report: SeedReport, now: dt.datetime | None = None) -> AbstractUser:
    """Plans, the member `anggota` with a yearly Kabar+ paid through the sandbox, and the house ads."""
    plans = {plan.slug: plan for plan in ensure_plans(report)}
    member = ensure_member(password=password, report=report)
    membership = Membership.objects.filter(user=member).first()
    if membership is None or not membership.is_entitled(now):
        buy_through_the_sandbox(member, plans["tahunan"])
    seed_house_ads(report)
    return member


def ensure_plans(report: SeedReport) -> list[Plan]:
    plans = []
    for order, (slug, name, period, price, description) in enumerate(PLANS):
        plan, created = Plan.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "period": period, "price": price, "description": description, "sort_order": order},
        )
        if created:
            report.created["plans"] += 1
        plans.append(plan)
    return plans


def ensure_member(*, password: str | None, report: SeedReport) -> AbstractUser:
    user_model = get_user_model()
    user = user_model.objects.filter(username=MEMBER_USERNAME).first()
    if user is not None:
        if password is not None and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            report.password_reset = True
        return user
    if password is None and report.generated_password is None:
        report.generated_password = secrets.token_urlsafe(12)
    user = user_model.objects.create_user(
        username=MEMBER_USERNAME,
        email=MEMBER_EMAIL,
        password=password or report.generated_password,
        first_name="Anggota",
        last_name="Kabar",
    )
    EmailAddress.objects.get_or_create(user=user, email=MEMBER_EMAIL, defaults={"verified": True, "primary": True})
    report.created["members"] += 1
    return user


def buy_through_the_sandbox(user: AbstractUser, plan: Plan) -> None:
    """Checkout, "Bayar" on the sandbox's page, and its notification through the webhook's own checks."""
    if not gateways.available("sandbox"):
        # A production site without the sandbox: the demo member is granted by hand, with a reason.
        membership_services.grant_membership(user, months=plan.months, plan=plan, reason="kabar demo", actor=None)
        return
    gateway = SandboxGateway()
    token = f"{DEMO_CHECKOUT_TOKEN}-{secrets.token_hex(4)}"
    order = membership_services.start_checkout(user, plan, token, gateway=gateway)
    payload = gateway.simulate(order.order_id, "pay")
    result = membership_services.apply_payment_notification(
        "sandbox", json.dumps(payload).encode(), {"Content-Type": "application/json"}, "127.0.0.1"
    )
    if result.outcome != "applied":
        raise RuntimeError(f"the demo payment was not applied: {result.outcome} {result.detail}")


def seed_house_ads(report: SeedReport) -> None:
    if Creative.objects.filter(name__startswith="Demo: ").exists():
        return
    collection = Collection.objects.filter(name="Demo").first() or Collection.get_first_root_node()
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
