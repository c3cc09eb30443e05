"""The stages after extraction, run for each new article inside its page's transaction.

reuse (which earlier articles share its text) → stories (which story it joins) → annotate
(its entities, quotes, dates and figures). Each stage is a plain function of the
`storyline.reuse`, `storyline.stories` and `storyline.annotate` packages; this module only
feeds them from the store and writes their results back, so that a page's article, lineage,
story and facts are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from storyline.annotate import ArticleFacts, annotate
from storyline.records import Article
from storyline.reuse import ReuseLink
from storyline.store import lineage, meta
from storyline.store.clusterstate import StoredStoryBackend
from storyline.store.derived import clear_stories, record_merges
from storyline.store.facts import FACTS_VERSION, load_facts, save_facts
from storyline.store.threadstate import StoredThreadBackend

if TYPE_CHECKING:  # the clusterer loads when stories are assigned, not when facts are read
    from storyline.store.db import Connection
    from storyline.stories import StoryClusterer
    from storyline.threads.clusterer import ThreadClusterer

__all__ = ["FACTS_VERSION", "Pipeline", "article_facts", "clear_stories", "facts_ready",
           "find_lineage", "load_facts", "save_facts"]  # fmt: skip

GENERATION = "stories.generation"
"""Counts the commits that changed stories: a writer whose count differs re-reads them."""


@dataclass
class Pipeline:
    """Lineage, story and facts for each article added to the store."""

    conn: Connection | None = None
    """Load the clustering state through this connection now; without one, the first
    `refresh` (a writer's first commit group) does."""
    facts: bool = True
    stories: StoredStoryBackend = field(init=False)
    clusterer: StoryClusterer = field(init=False)
    threads: ThreadClusterer = field(init=False)
    """Puts each article's story in a thread (`storyline.threads`), after the story."""
    touched: set[int] = field(default_factory=set)
    """Stories changed by this run, whose briefs must be brought up to date."""
    _generation: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.conn is not None:
            self.refresh(self.conn)

    def refresh(self, conn: Connection) -> None:
        """Make the clustering state in memory that of the store. Called under the writers'
        lock at the start of each commit group: when another process committed stories
        since this one last did (the stored generation moved), the state is read again, so
        that no article is clustered against stale stories."""
        from storyline.stories import StoryClusterer

        generation = meta.get(conn, GENERATION)
        if hasattr(self, "clusterer") and generation == self._generation:
            return
        if not hasattr(self, "clusterer"):
            lineage.ensure_key_version(conn)
        self.stories = StoredStoryBackend.load(conn)
        if hasattr(self, "clusterer"):
            self.clusterer.backend = self.stories
        else:
            self.clusterer = StoryClusterer(self.stories)
        from storyline.threads.clusterer import ThreadClusterer

        self.threads = ThreadClusterer(StoredThreadBackend.load(conn, self.stories))
        self._generation = generation

    @property
    def thread_state(self) -> StoredThreadBackend:
        """The threads' state as the store keeps it (the clusterer sees only its protocol)."""
        return cast(StoredThreadBackend, self.threads.backend)

    def article_added(self, conn: Connection, article_id: int, article: Article) -> None:
        """Run the stages for a new article on ``conn`` (inside the page's savepoint)."""
        links = find_lineage(conn, article_id, article)
        self.assign_story(conn, article_id, article, links)
        if self.facts:
            save_facts(conn, article_id, article_facts(article))

    def assign_story(
        self, conn: Connection, article_id: int, article: Article, links: Iterable[ReuseLink]
    ) -> None:
        from storyline.stories import article_features

        links = list(links)
        duplicate = next((link.b for link in links if link.exact_duplicate), None)
        features = article_features(
            str(article_id),
            article.text,
            title=article.title,
            published=article.published,
            language=article.language,
            reuse=tuple((link.b, link.shared_a) for link in links if not link.exact_duplicate),
            duplicate_of=duplicate,
        )
        self.stories.bind(conn)
        assignment = self.clusterer.add(features)
        record_merges(conn, assignment.merged)
        self.thread_state.bind(conn)
        placed = self.threads.place(features, assignment.story_id, assignment.merged)
        self.thread_state.merged(placed.merged)
        self.touched |= self.stories.flush(conn)
        self.thread_state.flush(conn)

    def before_commit(self, conn: Connection) -> None:
        """Once per commit, in its transaction: the clustering statistics and the
        descriptions (titles, outlets, related stories) of the stories changed since."""
        self.stories.flush_statistics(conn, self.clusterer.title, self.clusterer.related)
        self.thread_state.flush_statistics(conn, self.threads.title)
        self._generation = str(meta.bump(conn, GENERATION))

    def rolled_back(self) -> None:
        """A page failed after the stages touched memory: reload the clustering state."""
        self.stories.forget_changes()
        self.thread_state.forget_changes()


def find_lineage(conn: Connection, article_id: int, article: Article) -> list[ReuseLink]:
    """Links to earlier articles sharing copy with this one, saved and returned."""
    links = lineage.reuse_index(conn).add(str(article_id), article.text, article.published)
    lineage.save_links(conn, links)
    return links


_PREPARED: dict[int, tuple[Article, ArticleFacts]] = {}
"""Facts computed ahead (in a worker process, see `storyline.workers`), by article object."""


@contextmanager
def facts_ready(article: Article | None, facts: ArticleFacts | None) -> Iterator[None]:
    """While in this block, `article_facts(article)` is ``facts`` (computed elsewhere from
    the same text) instead of being computed again."""
    if facts is None or article is None:
        yield
        return
    _PREPARED[id(article)] = (article, facts)
    try:
        yield
    finally:
        _PREPARED.pop(id(article), None)


def article_facts(article: Article) -> ArticleFacts:
    held = _PREPARED.get(id(article))
    if held is not None and held[0] is article:
        return held[1]
    return annotate(
        article.text,
        published=article.published,
        language=article.language,
        title=article.title,
    )
