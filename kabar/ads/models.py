"""Ads: the places on the page (Placement) and what fills them (Creative), with daily counts.

Each placement has a fixed size, so the page reserves the box before any ad arrives and nothing
below it moves. Creatives are house ads (an image, a link, alt text) or Google Ad Manager tags
(an ad unit and its sizes, loaded by ads.js only near the viewport).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.images import get_image_model_string

# Ad creatives' images live in a collection of their own, kept out of the editorial image choosers
# (kabar/ads/wagtail_hooks.py): a writer choosing a lead photo must never pick a banner by mistake.
ADS_COLLECTION = "Iklan"

GPT_UNIT = re.compile(r"^/\d+(/[A-Za-z0-9_.\-]+)+$")
GPT_SIZES = re.compile(r"^\d{2,4}x\d{2,4}(,\d{2,4}x\d{2,4})*$")


class Placement(models.Model):
    """A place for ads: its size is fixed here and in kabar.css (.ad--<key>), the rest is editable."""

    class Key(models.TextChoices):
        TOP = "top", _("Top banner")
        IN_ARTICLE = "in_article", _("In the article")
        LIST = "list", _("In lists")
        SIDEBAR = "sidebar", _("Sidebar")
        STICKY = "sticky", _("Sticky bottom banner")

    # Width and height of each box in CSS pixels; kabar.css reserves exactly these.
    SIZES = {
        Key.TOP: (320, 50),
        Key.IN_ARTICLE: (300, 250),
        Key.LIST: (320, 100),
        Key.SIDEBAR: (300, 250),
        Key.STICKY: (320, 50),
    }
    # The side rail, where it stands beside the content (64rem and up), may hold an IAB half page
    # instead: a creative with a half-page image shows it there (Creative.half_page_image).
    HALF_PAGE: dict[str, tuple[int, int]] = {Key.SIDEBAR: (300, 600)}
    # Placements whose first_after / repeat_every count paragraphs (in_article) or cards (list).
    REPEATING = (Key.IN_ARTICLE, Key.LIST)

    key = models.CharField(_("placement"), max_length=20, choices=Key.choices, unique=True)
    enabled = models.BooleanField(_("on"), default=True)
    first_after = models.PositiveSmallIntegerField(
        _("first after"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("In articles: after this paragraph. In lists: after this card."),
    )
    repeat_every = models.PositiveSmallIntegerField(
        _("then every"),
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_("Repeat after this many more paragraphs or cards in long articles and lists; 0 for once."),
    )
    max_per_page = models.PositiveSmallIntegerField(
        _("at most per page"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    panels = [
        FieldPanel("enabled"),
        FieldRowPanel([FieldPanel("first_after"), FieldPanel("repeat_every"), FieldPanel("max_per_page")]),
    ]

    class Meta:
        verbose_name = _("ad placement")
        verbose_name_plural = _("ad placements")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.get_key_display())

    @property
    def width(self) -> int:
        return self.SIZES[self.key][0]

    @property
    def height(self) -> int:
        return self.SIZES[self.key][1]

    @property
    def size_label(self) -> str:
        return f"{self.width}x{self.height}"

    def positions(self, total: int) -> list[int]:
        """After which paragraphs (or cards) of `total` an ad goes: never after the last one."""
        if self.key not in self.REPEATING:
            return []
        found = []
        position = self.first_after
        while position < total and len(found) < self.max_per_page:
            found.append(position)
            if not self.repeat_every:
                break
            position += self.repeat_every
        return found


class Creative(models.Model):
    """One ad: a house ad or a Google Ad Manager (GPT) tag, when, where and how often it shows."""

    class Kind(models.TextChoices):
        HOUSE = "house", _("House ad (image and link)")
        GPT = "gpt", _("Google Ad Manager tag")

    name = models.CharField(_("name"), max_length=120, help_text=_("For the newsroom only; readers never see it."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOUSE)
    placements = models.ManyToManyField(Placement, verbose_name=_("placements"), related_name="creatives")
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Cropped to each placement's size: 320x50, 300x250 or 320x100."),
    )
    half_page_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("half-page image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional: the side rail on wide screens shows it as a 300x600 half page; "
            "elsewhere, and on phones, the image above shows."
        ),
    )
    link_url = models.URLField(
        _("link"), max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    alt_text = models.CharField(_("alt text"), max_length=200, blank=True, help_text=_("What the image says."))
    gpt_ad_unit = models.CharField(
        _("GPT ad unit path"),
        max_length=200,
        blank=True,
        validators=[RegexValidator(GPT_UNIT, _("An ad unit path such as /1234567/kabar/top."))],
    )
    gpt_sizes = models.CharField(
        _("GPT sizes"),
        max_length=100,
        blank=True,
        validators=[RegexValidator(GPT_SIZES, _("Sizes such as 300x250,320x100."))],
        help_text=_("Each must fit the placement's box."),
    )
    sections = models.ManyToManyField(
        "articles.SectionPage",
        verbose_name=_("sections"),
        blank=True,
        related_name="+",
        help_text=_("Show only on these sections' pages and articles; none for everywhere."),
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, help_text=_("Empty: at once."))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Empty: no end."))
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How often it shows compared with others in the same place (1-100)."),
    )
    enabled = models.BooleanField(_("on"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("placements"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("half_page_image"), FieldPanel("link_url"), FieldPanel("alt_text")],
            heading=_("House ad"),
        ),
        MultiFieldPanel([FieldPanel("gpt_ad_unit"), FieldPanel("gpt_sizes")], heading=_("Google Ad Manager")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]), FieldPanel("sections")],
            heading=_("When and where"),
        ),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("enabled")]),
    ]

    class Meta:
        verbose_name = _("ad")
        verbose_name_plural = _("ads")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["enabled", "starts_at", "ends_at"], name="creative_schedule")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == self.Kind.HOUSE:
            if not self.image_id:
                errors["image"] = _("A house ad needs an image.")
            if not self.link_url:
                errors["link_url"] = _("A house ad needs a link.")
            if not self.alt_text.strip():
                errors["alt_text"] = _("A house ad needs alt text.")
        else:
            if not self.gpt_ad_unit:
                errors["gpt_ad_unit"] = _("A Google Ad Manager tag needs its ad unit path.")
            if not self.gpt_sizes:
                errors["gpt_sizes"] = _("A Google Ad Manager tag needs its sizes.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must come after the start.")
        if errors:
            raise ValidationError(errors)

    def sizes(self) -> list[tuple[int, int]]:
        if not self.gpt_sizes or not GPT_SIZES.match(self.gpt_sizes):
            return []
        return [(int(w), int(h)) for w, h in (size.split("x") for size in self.gpt_sizes.split(","))]


class CreativeStats(models.Model):
    """Impressions and clicks of one creative on one day (site time), written in batches."""

    creative = models.ForeignKey(Creative, on_delete=models.CASCADE, related_name="stats")
    day = models.DateField(_("day"))
    impressions = models.PositiveBigIntegerField(_("impressions"), default=0)
    clicks = models.PositiveBigIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("ad counts for a day")
        constraints = [models.UniqueConstraint(fields=["creative", "day"], name="one_count_per_creative_day")]

    def __str__(self) -> str:
        return f"{self.creative_id} @ {self.day}: {self.impressions}/{self.clicks}"
