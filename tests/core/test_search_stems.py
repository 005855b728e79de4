import pytest

from kabar.core.search import NEWSROOM_ROOT_WORDS, stem_text, stem_word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pemilihan", "pilih"),
        ("memilih", "pilih"),
        ("berlari", "lari"),
        ("kebersamaan", "sama"),
        ("dimakan", "makan"),
        ("kemenangan", "menang"),
    ],
)
def test_stem_text_reduces_affixed_words_to_their_root(text, expected):
    assert stem_text(text) == expected


def test_pemilu_is_not_stemmed_to_pilu():
    assert stem_text("pemilu") == "pemilu"
    assert stem_text("pilu") == "pilu"
    assert stem_text("pemilu") != stem_text("pilu")


@pytest.mark.parametrize("word", NEWSROOM_ROOT_WORDS)
def test_newsroom_root_words_are_kept_whole(word):
    assert stem_word(word) == word


def test_stem_text_lowercases_and_drops_punctuation():
    assert stem_text("PEMILIHAN Umum, 2024!") == "pilih umum 2024"


def test_numbers_and_codes_are_kept_as_written():
    assert stem_text("Covid-19 pada 2024") == "covid-19 pada 2024"


def test_reduplicated_words_become_one_root():
    assert stem_text("menteri-menteri") == "menteri"


def test_text_without_words_stems_to_nothing():
    assert stem_text("") == ""
    assert stem_text("  ...!?  ") == ""
