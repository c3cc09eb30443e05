"""Stored facts: each article's entities, quotes, dates and figures (`ArticleFacts`), as JSON
tagged with the version of the code that found them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from storyline import serial
from storyline.store import schema as t

if TYPE_CHECKING:
    from storyline.annotate import ArticleFacts

FACTS_VERSION = 1
"""Stored facts of another version are recomputed by `storyline rebuild`."""


def save_facts(conn: Connection, article_id: int, facts: ArticleFacts) -> None:
    conn.execute(delete(t.article_facts).where(t.article_facts.c.article_id == article_id))
    conn.execute(
        insert(t.article_facts).values(
            article_id=article_id, version=FACTS_VERSION, facts=serial.dumps(facts)
        )
    )


def load_facts(conn: Connection, article_ids: Iterable[int]) -> dict[int, ArticleFacts]:
    from storyline.annotate import ArticleFacts

    ids = list(article_ids)
    rows = conn.execute(
        select(t.article_facts.c.article_id, t.article_facts.c.facts).where(
            t.article_facts.c.article_id.in_(ids)
        )
    )
    return {row.article_id: serial.loads(ArticleFacts, row.facts) for row in rows}
