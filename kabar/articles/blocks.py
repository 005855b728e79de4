"""The pieces an article body is made of, in the order editors place them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "superscript", "subscript", "strikethrough"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Said by"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "articles/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    credit = blocks.CharBlock(label=_("Credit"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "articles/blocks/image.html"


class ReadAlsoBlock(blocks.StructBlock):
    """ "Baca juga": a link to another article, placed between paragraphs."""

    article = blocks.PageChooserBlock(page_type="articles.ArticlePage", label=_("Article"))

    class Meta:
        icon = "link"
        label = _("Read also")
        template = "articles/blocks/read_also.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, label=_("Paragraph"), template="articles/blocks/paragraph.html"
    )
    subheading = blocks.CharBlock(label=_("Subheading"), icon="title", template="articles/blocks/subheading.html")
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock(label=_("Embed"), icon="media", template="articles/blocks/embed.html")
    read_also = ReadAlsoBlock()
