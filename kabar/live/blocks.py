"""What one live update is made of: short paragraphs, pictures, embeds, quotes and quoted wire copy."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from kabar.articles.blocks import ImageBlock, QuoteBlock

# An update is a few lines written fast: no subheadings, no superscript, nothing to tidy later.
UPDATE_FEATURES = ["bold", "italic", "link"]


class WireQuoteBlock(blocks.StructBlock):
    """Agency copy quoted as it came in (made by "Add to live coverage" on the wire desk)."""

    agency = blocks.CharBlock(label=_("Agency"), max_length=120)
    headline = blocks.CharBlock(label=_("Headline"), required=False, max_length=300)
    text = blocks.RichTextBlock(label=_("Text"), features=UPDATE_FEATURES)
    received_at = blocks.DateTimeBlock(label=_("Received at"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Wire quote")


class LiveUpdateBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=UPDATE_FEATURES, label=_("Paragraph"), template="articles/blocks/paragraph.html"
    )
    image = ImageBlock()
    embed = EmbedBlock(label=_("Embed"), icon="media", template="articles/blocks/embed.html")
    quote = QuoteBlock()
    wire_quote = WireQuoteBlock()
