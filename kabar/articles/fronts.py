"""The layout blocks editors arrange the home page and section fronts from.

Each block takes hand-picked articles, in the editor's order, and fills the places left over
automatically (the latest, editors' picks, most read, the latest in a section or topic): a block
with nothing picked shows the automatic choice. queries.resolve_front reads the blocks' raw data
and resolves the whole front at once, so that an automatic fill never repeats a story already on
the front (only an editor can put a story there twice).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# Where a block's automatic places come from.
LATEST = "latest"
EDITORS_PICKS = "editors_picks"
MOST_READ = "most_read"
SECTION = "section"
TOPIC = "topic"
FILL_CHOICES = [
    (LATEST, _("Latest")),
    (EDITORS_PICKS, _("Editors' picks")),
    (MOST_READ, _("Most read")),
    (SECTION, _("Latest in a section")),
    (TOPIC, _("Latest in a topic")),
]
MAX_ARTICLES = 12


def _heading() -> blocks.CharBlock:
    return blocks.CharBlock(label=_("Heading"), required=False, max_length=80)


def _picked() -> blocks.ListBlock:
    return blocks.ListBlock(
        blocks.PageChooserBlock(page_type="articles.ArticlePage", label=_("Article")),
        label=_("Hand-picked articles"),
        help_text=_("Shown in this order. Places left over are filled automatically."),
        default=[],
    )


def _fill(default: str) -> blocks.ChoiceBlock:
    return blocks.ChoiceBlock(
        choices=FILL_CHOICES,
        default=default,
        label=_("Fill the rest with"),
        help_text=_("On a section front, latest and editors' picks mean this section's."),
    )


def _section(required: bool = False) -> blocks.PageChooserBlock:
    return blocks.PageChooserBlock(page_type="articles.SectionPage", label=_("Section"), required=required)


def _topic(required: bool = False) -> blocks.PageChooserBlock:
    return blocks.PageChooserBlock(page_type="articles.TopicPage", label=_("Topic"), required=required)


def _count(default: int, min_value: int = 1) -> blocks.IntegerBlock:
    return blocks.IntegerBlock(
        label=_("Number of articles"), default=default, min_value=min_value, max_value=MAX_ARTICLES
    )


class FilledBlock(blocks.StructBlock):
    """A block whose automatic places come from the source its `fill` names."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        fill = value.get("fill")
        if fill == SECTION and not value.get("section"):
            raise blocks.StructBlockValidationError(
                block_errors={"section": ValidationError(_("Choose the section to fill from."))}
            )
        if fill == TOPIC and not value.get("topic"):
            raise blocks.StructBlockValidationError(
                block_errors={"topic": ValidationError(_("Choose the topic to fill from."))}
            )
        return value


class LeadBlock(FilledBlock):
    articles = _picked()
    fill = _fill(EDITORS_PICKS)
    section = _section()
    topic = _topic()

    class Meta:
        icon = "title"
        label = _("Lead story")
        help_text = _("One story, large. Only the first hand-picked article is shown.")


class LeadWithListBlock(FilledBlock):
    heading = _heading()
    articles = _picked()
    fill = _fill(EDITORS_PICKS)
    section = _section()
    topic = _topic()
    count = _count(5, min_value=2)

    class Meta:
        icon = "list-ul"
        label = _("Lead with a list")
        help_text = _("The first story large, the others listed beside it.")


class ThreeAcrossBlock(FilledBlock):
    heading = _heading()
    articles = _picked()
    fill = _fill(LATEST)
    section = _section()
    topic = _topic()

    class Meta:
        icon = "table"
        label = _("Three across")


class NumberedListBlock(FilledBlock):
    heading = _heading()
    articles = _picked()
    fill = _fill(MOST_READ)
    section = _section()
    topic = _topic()
    count = _count(5)

    class Meta:
        icon = "list-ol"
        label = _("Numbered list")


class SectionBlock(blocks.StructBlock):
    section = _section(required=True)
    articles = _picked()
    count = _count(4)

    class Meta:
        icon = "folder-open-inverse"
        label = _("Section")
        help_text = _('The section\'s newest stories, with "See all" linking to it.')


class TopicStripBlock(blocks.StructBlock):
    topic = _topic(required=True)
    articles = _picked()
    count = _count(4)

    class Meta:
        icon = "tag"
        label = _("Topic strip")
        help_text = _("A running story's newest articles in a row, linking to the topic.")


class FrontBlocks(blocks.StreamBlock):
    lead = LeadBlock()
    lead_list = LeadWithListBlock()
    three_across = ThreeAcrossBlock()
    numbered = NumberedListBlock()
    section = SectionBlock()
    topic = TopicStripBlock()

    class Meta:
        block_counts = {"lead": {"max_num": 1}}


# How many articles a block shows when it has no `count` of its own.
FIXED_COUNTS = {"lead": 1, "three_across": 3}
DEFAULT_FILL = {"section": SECTION, "topic": TOPIC}
