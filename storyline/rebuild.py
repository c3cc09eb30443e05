"""`storyline rebuild`: recompute lineage, stories (and facts) from the stored articles.

Everything derived is cleared and the articles are replayed through the same stages as
ingest, in publication order (undated last, then by id), inside one transaction: the result
does not depend on the order pages arrived in, two rebuilds agree, and an interrupted rebuild
leaves the previous state untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, select

from storyline.pipeline import Pipeline, clear_stories
from storyline.store import lineage
from storyline.store import schema as t
from storyline.store.db import Store
from storyline.views import refresh_stories


@dataclass(frozen=True)
class RebuildResult:
    articles: int
    stories: int
    links: int


def rebuild(
    store: Store, *, facts: bool = True, progress: Callable[[], None] | None = None
) -> RebuildResult:
    order = select(t.articles.c.id).order_by(
        t.articles.c.published.is_(None), t.articles.c.published, t.articles.c.id
    )
    with store.engine.begin() as conn:
        lineage.clear(conn)
        clear_stories(conn)
        if facts:
            conn.execute(delete(t.article_facts))
        pipeline = Pipeline(conn, facts=facts)
        ids = list(conn.execute(order).scalars())
        for article_id in ids:
            stored = store.article_in(conn, article_id)
            pipeline.article_added(conn, article_id, stored.article)
            if progress is not None:
                progress()
        pipeline.before_commit(conn)
        stories = conn.execute(select(func.count()).select_from(t.stories)).scalar_one()
        links = conn.execute(select(func.count()).select_from(t.reuse_links)).scalar_one()
    refresh_stories(store, pipeline.touched)
    return RebuildResult(len(ids), stories, links)
