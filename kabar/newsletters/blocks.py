"""The parts an edition is composed of: articles picked by hand, articles filled in at send time,
text, and a sponsor's slot that always says "Iklan"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

MAX_AUTOMATIC = 10


class PickedArticlesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=80)
    articles = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="articles.ArticlePage", label=_("Article")),
        label=_("Articles"),
        min_num=1,
    )

    class Meta:
        icon = "doc-full"
        label = _("Picked articles")


class AutomaticArticlesBlock(blocks.StructBlock):
    """Resolved once, when the edition starts sending, so every reader gets the same list (a send
    resumed after a crash too)."""

    class Source:
        PICKS_AND_MOST_READ = "picks_most_read"
        LATEST = "latest"
        MOST_READ = "most_read"

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=80)
    source = blocks.ChoiceBlock(
        label=_("Filled with"),
        choices=[
            (Source.PICKS_AND_MOST_READ, _("Editors' picks and most read, last 24 hours")),
            (Source.LATEST, _("Latest, last 24 hours")),
            (Source.MOST_READ, _("Most read, last 24 hours")),
        ],
        default=Source.PICKS_AND_MOST_READ,
    )
    count = blocks.IntegerBlock(label=_("How many"), default=6, min_value=1, max_value=MAX_AUTOMATIC)

    class Meta:
        icon = "time"
        label = _("Articles from the last 24 hours")


class SponsorBlock(blocks.StructBlock):
    sponsor = blocks.CharBlock(label=_("Sponsor"), max_length=80)
    image = ImageChooserBlock(label=_("Image"), required=False)
    text = blocks.TextBlock(label=_("Text"), max_length=300)
    link = blocks.URLBlock(label=_("Link"))

    class Meta:
        icon = "tag"
        label = _("Sponsor (Iklan)")


class EditionBodyBlock(blocks.StreamBlock):
    articles = PickedArticlesBlock()
    automatic = AutomaticArticlesBlock()
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"], icon="pilcrow")
    sponsor = SponsorBlock()
