"""What a comment's text may be: refused when empty, oversized or binary; invisible tricks removed."""

from __future__ import annotations

import pytest

from kabar.comments.text import TextRefused, normalise


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t \n", "\u200b\u200b", "\u202e\u2066"])
def test_empty_text_is_refused(raw, settings):
    with pytest.raises(TextRefused) as refused:
        normalise(raw)
    assert refused.value.code == "empty"


def test_text_over_the_limit_is_refused_with_its_length(settings):
    settings.KABAR_COMMENT_MAX_LENGTH = 20
    assert normalise("a" * 20) == "a" * 20
    with pytest.raises(TextRefused) as refused:
        normalise("a" * 21)
    assert refused.value.code == "too_long"
    assert "21" in str(refused.value) and "20" in str(refused.value)


def test_the_limit_counts_the_text_as_stored_not_as_sent(settings):
    settings.KABAR_COMMENT_MAX_LENGTH = 10
    # Windows line breaks and invisible characters do not count against the reader.
    assert normalise("abcd\r\nefgh\u200b\u200b\u200b") == "abcd\nefgh"


@pytest.mark.parametrize(
    "raw",
    ["bad\x00byte", "bell\x07", "escape \x1b[31m red", "c1 \x85 control", "broken \ufffd utf-8", "non \uffff char"],
)
def test_control_and_binary_characters_are_refused(raw):
    with pytest.raises(TextRefused) as refused:
        normalise(raw)
    assert refused.value.code == "binary"


def test_zero_width_characters_are_removed():
    assert normalise("an\u200bj\u200ci\u2060n\ufeffg") == "anjing"
    assert normalise("soft\u00adhyphen") == "softhyphen"


def test_bidirectional_overrides_and_isolates_are_removed():
    spoof = "harga \u202egnp.exe\u202c naik \u2066isolated\u2069 \u202aa\u202b b\u202d"
    assert normalise(spoof) == "harga gnp.exe naik isolated a b"


def test_zero_width_joiner_is_kept_inside_emoji_and_removed_between_letters():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalise(f"keluarga {family}") == f"keluarga {family}"
    assert normalise("ba\u200dbi") == "babi"


def test_line_breaks_are_kept_and_runs_of_empty_lines_shortened():
    assert normalise("satu\r\ndua\rtiga\n\n\n\n\nempat  \n") == "satu\ndua\ntiga\n\nempat"


def test_html_is_kept_as_text():
    assert normalise("<script>alert(1)</script>") == "<script>alert(1)</script>"


def test_any_script_and_emoji_are_kept():
    text = "Bagus 👍 — très bien — عربي — 中文"
    assert normalise(text) == text
