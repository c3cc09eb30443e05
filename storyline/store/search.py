"""Full-text search: the query syntax, one for both databases (FTS5 on SQLite, ``tsvector``
on PostgreSQL).

User queries are turned into a safe query for the engine (bare words and "quoted phrases",
all of which must match), so that punctuation in a query can never be a syntax error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storyline.store.records import SearchHit

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

MARK_START, MARK_END = "\x02", "\x03"
"""Delimit matched words in snippets; control characters never occur in article text."""

HEADLINE_OPTIONS = f"StartSel={MARK_START},StopSel={MARK_END},MaxWords=24,MinWords=8"

_TERM = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)


def query_terms(query: str) -> list[str]:
    """``kyiv "second round"`` → ``["kyiv", "second round"]``: the words of each bare word or
    quoted phrase, punctuation dropped; empty when nothing is searchable."""
    terms = []
    for phrase, word in _TERM.findall(query):
        words = re.findall(r"\w+", phrase or word)
        if words:
            terms.append(" ".join(words))
    return terms


def fts5_query(query: str) -> str:
    """``kyiv "second round"`` → ``"kyiv" "second round"``; empty when nothing searchable."""
    return " ".join('"' + term + '"' for term in query_terms(query))


def search(conn: Connection, dialect: str, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Every term must match (FTS5 on SQLite, ``tsvector`` on PostgreSQL; see
    `storyline.store.sqlite.search` and `storyline.store.postgres.search`)."""
    from storyline.store.query import merge_hits, or_alternatives

    alternatives = or_alternatives(query)  # "a OR b": each searched alone, hits merged
    if len(alternatives) > 1:
        found = [search(conn, dialect, part, limit=limit) for part in alternatives]
        return merge_hits(found, limit)
    from storyline.store.db import dialect_module

    terms = query_terms(query)
    if not terms:
        return []
    rows = dialect_module(dialect).search(conn, terms, limit)
    return [SearchHit(r.id, r.title, r.outlet, r.published, r.snippet, r.story_id) for r in rows]
