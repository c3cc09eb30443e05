"""Full-text search: FTS5 on SQLite, ``tsvector`` on PostgreSQL.

User queries are turned into a safe query for the engine (bare words and "quoted phrases",
all of which must match), so that punctuation in a query can never be a syntax error.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from storyline.store.db import SearchHit

MARK_START, MARK_END = "\x02", "\x03"
"""Delimit matched words in snippets; control characters never occur in article text."""

HEADLINE_OPTIONS = f"StartSel={MARK_START},StopSel={MARK_END},MaxWords=24,MinWords=8"

_TERM = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)


def fts5_query(query: str) -> str:
    """``kyiv "second round"`` → ``"kyiv" "second round"``; empty when nothing searchable."""
    parts = []
    for phrase, word in _TERM.findall(query):
        words = re.findall(r"\w+", phrase or word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts)


def search(conn: Connection, dialect: str, query: str, *, limit: int = 20) -> list[SearchHit]:
    from storyline.store.query import merge_hits, or_alternatives

    alternatives = or_alternatives(query)  # "a OR b": each searched alone, hits merged
    if len(alternatives) > 1:
        found = [search(conn, dialect, part, limit=limit) for part in alternatives]
        return merge_hits(found, limit)
    match = fts5_query(query)
    if not match:
        return []
    if dialect == "sqlite":
        rows = conn.execute(
            text(
                "SELECT a.id, a.title, a.outlet, a.published, a.story_id, "
                "snippet(articles_fts, 1, char(2), char(3), '…', 24) AS snippet "
                "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                "WHERE articles_fts MATCH :q ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT :n"
            ),
            {"q": match, "n": limit},
        )
    else:
        rows = conn.execute(
            text(
                "SELECT id, title, outlet, published, story_id, "
                "ts_headline('english', text, websearch_to_tsquery('english', :q), "
                ":options) AS snippet "
                "FROM articles WHERE search @@ websearch_to_tsquery('english', :q) "
                "ORDER BY ts_rank(search, websearch_to_tsquery('english', :q)) DESC LIMIT :n"
            ),
            {"q": query, "n": limit, "options": HEADLINE_OPTIONS},
        )
    return [SearchHit(r.id, r.title, r.outlet, r.published, r.snippet, r.story_id) for r in rows]
