"""The live desk's forms: a compact composer (plain text first, so it works without JavaScript) and
the correction form (the whole stream of blocks)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import BlockField, BlockWidget, StreamValue
from wagtail.rich_text import RichText

from kabar.articles.models import SectionPage
from kabar.live.blocks import LiveUpdateBodyBlock
from kabar.people.models import Person


class StreamWidget(BlockWidget):
    """Wagtail's stream editor, which reads as empty when the browser sent none of it (no JavaScript)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.block_def.value_omitted_from_data(data, files, name):
            return self.block_def.to_python([])
        return super().value_from_datadict(data, files, name)


def stream_field(label: Any, help_text: Any = "") -> BlockField:
    block = LiveUpdateBodyBlock(required=False)
    return BlockField(block=block, widget=StreamWidget(block), required=False, label=label, help_text=help_text)


def text_to_blocks(text: str) -> list[tuple[str, RichText]]:
    """Each line typed is a paragraph: an update is written fast, without a toolbar."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return [("paragraph", RichText(f"<p>{escape(line)}</p>")) for line in lines if line]


class ComposeForm(forms.Form):
    headline = forms.CharField(
        label=_("Key point"),
        max_length=200,
        required=False,
        help_text=_('Optional: a short title, shown under "Key points" when the update is a key event.'),
    )
    text = forms.CharField(
        label=_("Update"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "live-desk__text"}),
        help_text=_("Each line becomes a paragraph."),
    )
    more = stream_field(_("Pictures, embeds and quotes"), _("Added after the text."))
    writer = forms.ModelChoiceField(
        label=_("Writer"), queryset=Person.objects.filter(is_active=True).order_by("name"), required=False
    )
    is_key_event = forms.BooleanField(label=_("Key event"), required=False)
    is_pinned = forms.BooleanField(label=_("Pin to the top"), required=False)

    def __init__(self, *args: Any, may_pin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_pin:
            del self.fields["is_key_event"]
            del self.fields["is_pinned"]

    def body(self) -> StreamValue:
        more = self.cleaned_data.get("more")
        blocks: list[tuple[str, Any]] = list(text_to_blocks(self.cleaned_data.get("text") or ""))
        if more:
            blocks.extend((child.block_type, child.value) for child in more)
        return StreamValue(LiveUpdateBodyBlock(), blocks)


class EditUpdateForm(forms.Form):
    headline = forms.CharField(label=_("Key point"), max_length=200, required=False)
    body = stream_field(_("Update"))


class NewReportForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=SectionPage.objects.live().order_by("path"), empty_label=None
    )
