"""The demo's arranged fronts: the home page and the Ekonomi front built from layout blocks
(kabar/articles/fronts.py), as an editor would arrange them. A front someone already arranged is left as it is.
"""

from __future__ import annotations

from typing import Any

from kabar.articles.models import HomePage, SectionPage, TopicPage

# Headings are the newsroom's own words, like any text an editor types.
HOME_SECTIONS = ["nasional", "ekonomi", "megapolitan", "global", "regional", "tekno", "olahraga", "hiburan"]
HOME_TOPIC = "banjir-jabodetabek"
SECTION_FRONT = "ekonomi"
SECTION_TOPIC = "harga-beras"


def seed_fronts() -> int:
    """Arrange the home page and one section front if they have no blocks yet; returns how many were arranged."""
    arranged = 0
    home = HomePage.objects.first()
    sections = {page.slug: page for page in SectionPage.objects.all()}
    topics = {page.slug: page for page in TopicPage.objects.filter(slug__in=[HOME_TOPIC, SECTION_TOPIC])}
    if home is not None and not home.front:
        blocks: list[tuple[str, dict[str, Any]]] = [
            ("lead_list", {"heading": "Pilihan Editor", "articles": [], "fill": "editors_picks", "count": 5}),
            ("three_across", {"heading": "Terkini", "articles": [], "fill": "latest"}),
            ("numbered", {"heading": "Terkini Lainnya", "articles": [], "fill": "latest", "count": 5}),
        ]
        if HOME_TOPIC in topics:
            blocks.append(("topic", {"topic": topics[HOME_TOPIC], "articles": [], "count": 4}))
        blocks += [
            ("section", {"section": sections[slug], "articles": [], "count": 4})
            for slug in HOME_SECTIONS
            if slug in sections
        ]
        _publish(home, blocks)
        arranged += 1
    section = sections.get(SECTION_FRONT)
    if section is not None and not section.front:
        blocks = [("lead_list", {"heading": "", "articles": [], "fill": "latest", "count": 4})]
        if SECTION_TOPIC in topics:
            blocks.append(("topic", {"topic": topics[SECTION_TOPIC], "articles": [], "count": 4}))
        _publish(section, blocks)
        arranged += 1
    return arranged


def _publish(page: HomePage | SectionPage, blocks: list[tuple[str, dict[str, Any]]]) -> None:
    page.front = blocks  # type: ignore[assignment]
    page.save_revision().publish()
