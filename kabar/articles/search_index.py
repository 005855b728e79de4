"""Readers' search over SearchEntry, in the database's own full-text index.

PostgreSQL: a tsvector column (title roots weighted A, summary and body D) with a GIN index.
SQLite: an FTS5 table with the entries as its external content. Both are made by migration
0005; here is only how they are read. The table holds live, public articles only, so a search
never joins the page tree, and the newest matches come first: a word found in a tenth of a
million-article archive is answered by walking the date index until a page is full, a rare word
by its posting list. "Most relevant" ranks the newest RANK_WINDOW matches, not every match: a
common word would otherwise rank a hundred thousand entries for each search.
See docs/decisions/0007-reader-search.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection
from django.utils.html import strip_tags

from kabar.core.search import stem_text

# How many of the newest matches "most relevant" ranks; the matches after them follow newest first.
# Finding them costs a walk down the date index until this many have matched (docs/benchmarks.md).
RANK_WINDOW = 200
# A stored paragraph as the editor leaves it most of the time: text in one <p>, nothing to strip.
PLAIN_PARAGRAPH = re.compile(r"<p>([^<>]*)</p>")
TOKEN = re.compile(r"[0-9a-z]+")


def stored_blocks(body: Any) -> list[dict[str, Any]]:
    """A body's blocks as stored, without building them (a StreamValue's raw data, or the JSON itself)."""
    import json

    raw = body.raw_data if hasattr(body, "raw_data") else body
    if isinstance(raw, str):
        raw = json.loads(raw)
    return [block for block in (raw or []) if isinstance(block, dict)]


def paragraph_texts(blocks: list[dict[str, Any]]) -> list[str]:
    """The plain text of the body's paragraphs, as ArticlePage.paragraphs_text gives it, from the stored blocks."""
    texts = []
    for block in blocks:
        if block.get("type") == "paragraph":
            html = str(block.get("value") or "")
            plain = PLAIN_PARAGRAPH.fullmatch(html)
            texts.append(plain.group(1) if plain else strip_tags(html))
    return texts


def entry_stems(title: str, summary: str, blocks: list[dict[str, Any]], stem: Any = stem_text) -> tuple[str, str]:
    """(roots of the title, roots of the summary and paragraphs) for a SearchEntry."""
    body = " ".join(filter(None, (stem(part) for part in [summary, *paragraph_texts(blocks)])))
    return stem(title), body


class SearchIndex(Protocol):
    def matching_ids(self, stems: str, *, newest: bool, offset: int, limit: int) -> list[int]: ...

    def count(self, stems: str, *, limit: int) -> int: ...


def ranked_then_newest(index: SearchIndex, stems: str, offset: int, limit: int) -> list[int]:
    """The "most relevant" order: the newest RANK_WINDOW matches ranked, then the rest newest first."""
    ids: list[int] = []
    if offset < RANK_WINDOW:
        ids = index.matching_ids(stems, newest=False, offset=offset, limit=min(limit, RANK_WINDOW - offset))
    if offset + limit > RANK_WINDOW and len(ids) == max(0, min(limit, RANK_WINDOW - offset)):
        start = max(offset, RANK_WINDOW)
        ids += index.matching_ids(stems, newest=True, offset=start, limit=offset + limit - start)
    return ids


@dataclass(frozen=True)
class PostgresqlSearchIndex:
    """The GIN-indexed tsvector; the planner picks the date index or the posting lists from the lexemes' statistics."""

    def matching_ids(self, stems: str, *, newest: bool, offset: int, limit: int) -> list[int]:
        if newest:
            sql = """
                SELECT article_id FROM articles_searchentry
                WHERE document @@ plainto_tsquery('simple', %s)
                ORDER BY published_at DESC, article_id DESC
                LIMIT %s OFFSET %s
            """
            params: list[Any] = [stems, limit, offset]
        else:
            # The rank is taken in the outer query, over the window only.
            sql = """
                SELECT recent.article_id FROM (
                    SELECT article_id, published_at, document FROM articles_searchentry
                    WHERE document @@ plainto_tsquery('simple', %s)
                    ORDER BY published_at DESC, article_id DESC
                    LIMIT %s
                ) AS recent
                ORDER BY ts_rank(recent.document, plainto_tsquery('simple', %s)) DESC,
                    recent.published_at DESC, recent.article_id DESC
                LIMIT %s OFFSET %s
            """
            params = [stems, RANK_WINDOW, stems, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def count(self, stems: str, *, limit: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT count(*) FROM (
                    SELECT 1 FROM articles_searchentry WHERE document @@ plainto_tsquery('simple', %s) LIMIT %s
                ) AS found
                """,
                [stems, limit],
            )
            return int(cursor.fetchone()[0])


@dataclass(frozen=True)
class SqliteSearchIndex:
    """FTS5 over the entries; bm25 weighs a root in the title ten times one in the body."""

    @staticmethod
    def match_expression(stems: str) -> str:
        # Every root as its own quoted term, so each must match and none is read as FTS5 syntax.
        return " ".join(f'"{token}"' for token in TOKEN.findall(stems))

    def matching_ids(self, stems: str, *, newest: bool, offset: int, limit: int) -> list[int]:
        found = """
            SELECT entry.article_id, entry.published_at{score}
            FROM articles_searchtext JOIN articles_searchentry AS entry ON entry.article_id = articles_searchtext.rowid
            WHERE articles_searchtext MATCH %s
            ORDER BY entry.published_at DESC, entry.article_id DESC
        """
        if newest:
            sql = f"SELECT article_id FROM ({found.format(score='')} LIMIT %s OFFSET %s)"  # noqa: S608 - no value is formatted in
            params: list[Any] = [self.match_expression(stems), limit, offset]
        else:
            scored = found.format(score=", bm25(articles_searchtext, 10.0, 1.0) AS score")
            sql = f"""
                SELECT article_id FROM ({scored} LIMIT %s)
                ORDER BY score, published_at DESC, article_id DESC LIMIT %s OFFSET %s
            """  # noqa: S608 - no value is formatted in
            params = [self.match_expression(stems), RANK_WINDOW, limit, offset]
        if not params[0]:
            return []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def count(self, stems: str, *, limit: int) -> int:
        expression = self.match_expression(stems)
        if not expression:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT count(*) FROM (
                    SELECT 1 FROM articles_searchtext WHERE articles_searchtext MATCH %s LIMIT %s
                )
                """,
                [expression, limit],
            )
            return int(cursor.fetchone()[0])


def search_index() -> SearchIndex:
    """The index of the database Kabar runs on (PostgreSQL or SQLite, the two it supports)."""
    if connection.vendor == "postgresql":
        return PostgresqlSearchIndex()
    return SqliteSearchIndex()
