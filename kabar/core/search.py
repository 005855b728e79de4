"""Indonesian text as the search index sees it: every word reduced to its root with Sastrawi.

Stemming happens here, before indexing and before querying, so the database's own stemmer is
never used: PostgreSQL's `indonesian` Snowball stemmer maps "pemilu" (election) to "pilu"
(sorrow). Sastrawi works from a dictionary of root words; words the newsroom uses as roots
that the dictionary lacks are added below so they are kept whole.
See docs/decisions/0002-search.md.
"""

from __future__ import annotations

import functools
import re

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Cache.ArrayCache import ArrayCache
from Sastrawi.Stemmer.CachedStemmer import CachedStemmer
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

# Newsroom words Sastrawi's dictionary lacks, which its affix rules would otherwise cut apart.
NEWSROOM_ROOT_WORDS = [
    "pemilu", "pemilukada", "pilkada", "pilpres", "pileg", "pemkot", "pemkab", "pemprov",
    "polri", "polda", "polres", "polsek", "mendagri", "menkeu", "menlu", "kemenkes", "kemendikbud",
    "jabodetabek", "bansos", "ojol", "medsos", "capres", "cawapres", "caleg", "pertamina",
]  # fmt: skip

WORD = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")


@functools.cache
def _stemmer() -> CachedStemmer:
    words = StemmerFactory().get_words_from_file()
    dictionary = ArrayDictionary([w for w in words if w] + NEWSROOM_ROOT_WORDS)
    return CachedStemmer(ArrayCache(), Stemmer(dictionary))


# Sastrawi's own cache sits behind its whole text pipeline; a word's root looked up here directly
# is some twenty times cheaper, and news text repeats a small vocabulary.
@functools.lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    if any(ch.isdigit() for ch in word):
        return word  # "2024", "covid-19": numbers and codes are kept as written
    return _stemmer().stem(word) or word


def stem_text(text: str) -> str:
    """The text as a sequence of root words, lower case, ready for an index or a query."""
    return " ".join(stem_word(word) for word in WORD.findall(text.lower()))
