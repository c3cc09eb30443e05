"""Writes of derived story data that are not the clusterer's own state: merges recorded as
they happen, and clearing every story before `storyline rebuild` recomputes them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from storyline.store import schema as t


def record_merges(conn: Connection, merged: Iterable[tuple[str, str]]) -> None:
    """Stories ``a`` merged into ``b``, for readers following an old story id."""
    now = datetime.now(UTC)
    rows = [{"from_id": int(a), "into_id": int(b), "merged_at": now} for a, b in merged]
    if rows:
        conn.execute(insert(t.story_merges), rows)


def clear_stories(conn: Connection) -> None:
    """Forget all stories (before `storyline rebuild` recomputes them)."""
    for table in (t.story_terms, t.term_df, t.story_merges, t.stories, t.story_briefs,
                  t.thread_terms, t.thread_merges, t.threads):  # fmt: skip
        conn.execute(delete(table))
    conn.execute(delete(t.meta).where(t.meta.c.key.like("stories.%")))
    conn.execute(delete(t.meta).where(t.meta.c.key.like("threads.%")))
    conn.execute(update(t.articles).values(story_id=None))


def clear_facts(conn: Connection) -> None:
    """Forget every article's facts (before a rebuild recomputes them)."""
    conn.execute(delete(t.article_facts))


def ids_in_publication_order(conn: Connection) -> list[int]:
    """Every article id, in publication order (undated last, then by id): the order a
    rebuild replays them in, whatever order they were ingested in."""
    order = select(t.articles.c.id).order_by(
        t.articles.c.published.is_(None), t.articles.c.published, t.articles.c.id
    )
    return list(conn.execute(order).scalars())


def count_stories_and_links(conn: Connection) -> tuple[int, int]:
    stories = conn.execute(select(func.count()).select_from(t.stories)).scalar_one()
    links = conn.execute(select(func.count()).select_from(t.reuse_links)).scalar_one()
    return stories, links
