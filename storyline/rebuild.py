"""`storyline rebuild`: recompute lineage, stories (and facts) from the stored articles.

Everything derived is cleared and the articles are replayed through the same stages as
ingest, in publication order (undated last, then by id), inside one transaction: the result
does not depend on the order pages arrived in, two rebuilds agree, and an interrupted rebuild
leaves the previous state untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.pipeline import Pipeline, clear_stories, facts_ready
from storyline.store import lineage
from storyline.store.db import Store, StoredArticle
from storyline.store.derived import clear_facts, count_stories_and_links, ids_in_publication_order
from storyline.workers import PagePreparer, refresh_views

if TYPE_CHECKING:
    from storyline.store.db import Connection

BATCH = 16
"""Articles whose facts are computed ahead of their replay."""


@dataclass(frozen=True)
class RebuildResult:
    articles: int
    stories: int
    links: int


def rebuild(
    store: Store,
    *,
    facts: bool = True,
    progress: Callable[[], None] | None = None,
    workers: int = 1,
) -> RebuildResult:
    """Recompute everything derived. With ``workers`` > 1 the facts of the next few
    articles are computed in worker processes while this one replays the stages in order
    (`storyline.workers`); the result is the same."""
    with store.locked() as conn:  # other writers wait: the stories are rewritten whole
        lineage.clear(conn)
        clear_stories(conn)
        if facts:
            clear_facts(conn)
        pipeline = Pipeline(conn, facts=facts)
        ids = ids_in_publication_order(conn)
        with PagePreparer(workers, facts=facts) as preparer:

            def start(batch_ids: list[int]):
                batch = [_stored(store, conn, i).article for i in batch_ids]
                return batch, preparer.submit_facts(batch if facts else [])

            batches = [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]
            ahead = start(batches[0]) if batches else None
            for k, batch_ids in enumerate(batches):
                assert ahead is not None  # set before the loop and for every next batch
                articles, ticket = ahead
                if k + 1 < len(batches):
                    ahead = start(batches[k + 1])  # prepared while this batch is replayed
                found = ticket.results() if facts else [None] * len(articles)
                for article_id, article, article_facts in zip(
                    batch_ids, articles, found, strict=True
                ):
                    with facts_ready(article, article_facts):
                        pipeline.article_added(conn, article_id, article)
                    if progress is not None:
                        progress()
        pipeline.before_commit(conn)
        stories, links = count_stories_and_links(conn)
    refresh_views(store, pipeline.touched, workers)
    return RebuildResult(len(ids), stories, links)


def _stored(store: Store, conn: Connection, article_id: int) -> StoredArticle:
    """An article read in the rebuild's transaction (its id was listed in it)."""
    found = store.article_in(conn, article_id)
    if found is None:
        raise LookupError(f"article {article_id} vanished during the rebuild")
    return found
