"""The demo's brand: the Kabar wordmark (an SVG drawn here), a red accent, a colour per section and a
WhatsApp channel, set in the publication settings. What a publisher already set is left as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from wagtail.models import Site

from kabar.core import brand
from kabar.core.models import PublicationSettings, SectionColour

if TYPE_CHECKING:
    from kabar.articles.models import SectionPage
    from kabar.demo.services import SeedReport

# "kabar." in round, heavy strokes, white on the accent red, with an amber full stop: the news, told plainly.
# Drawn as strokes, not text, so it needs no font; drawing only, as brand.logo_size requires.
LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 132 40" width="132" height="40">
<title>Kabar</title>
<rect width="132" height="40" rx="7" fill="#b3261e"/>
<g fill="none" stroke="#ffffff" stroke-width="4.6" stroke-linecap="round" stroke-linejoin="round">
<path d="M13 7v24M24 15.5l-9.5 8.2M18.3 20.8 24.5 31"/>
<circle cx="37" cy="23.2" r="7.2"/>
<path d="M44.2 16v15"/>
<path d="M52.5 7v24"/>
<circle cx="59.7" cy="23.2" r="7.2"/>
<circle cx="80.2" cy="23.2" r="7.2"/>
<path d="M87.4 16v15"/>
<path d="M96.5 31V22.5c0-4.5 3-7 7.5-6.8"/>
</g>
<circle cx="114" cy="28.6" r="3.6" fill="#ffc247"/>
</svg>
"""
ACCENT = "#b3261e"
TAGLINE = "Berita terpercaya dari Indonesia dan dunia"
WHATSAPP_CHANNEL = "https://whatsapp.com/channel/0029VaKabarDemo0000000000"
# Each readable on white (4.5:1); brand.for_dark_theme lightens them for the dark theme.
SECTION_COLOURS = {
    "nasional": "#b3261e",
    "global": "#1d5fa8",
    "regional": "#1d6b3a",
    "megapolitan": "#6b2f8a",
    "ekonomi": "#0d6671",
    "tekno": "#3d4fb5",
    "olahraga": "#a34700",
    "hiburan": "#a1224b",
}


def seed_brand(sections: dict[str, SectionPage], report: SeedReport) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    publication = PublicationSettings.for_site(site)
    if not publication.logo:
        data = LOGO_SVG.encode()
        publication.logo_width, publication.logo_height = brand.logo_size(ContentFile(data))
        publication.logo.save("kabar-logo.svg", ContentFile(data), save=False)
    publication.accent_colour = publication.accent_colour or ACCENT
    publication.tagline = publication.tagline or TAGLINE
    publication.whatsapp_channel_url = publication.whatsapp_channel_url or WHATSAPP_CHANNEL
    publication.save()
    coloured = set(publication.section_colours.values_list("section_id", flat=True))
    for order, (slug, colour) in enumerate(SECTION_COLOURS.items()):
        section = sections.get(slug)
        if section is not None and section.pk not in coloured:
            SectionColour.objects.create(publication=publication, section=section, colour=colour, sort_order=order)
            report.created["section_colours"] += 1
