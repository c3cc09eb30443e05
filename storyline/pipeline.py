"""The stages after extraction over one SQL connection (`Pipeline`), and the fact stage's
entry point (`article_facts`, with facts computed ahead in worker processes).

The stages themselves are driven by the one runner (`storyline.runner`): `Pipeline` is that
driver bound to a connection a caller holds, for ``storyline load``, which writes through a
`Writer` of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from storyline.annotate import ArticleFacts, annotate
from storyline.records import Article
from storyline.reuse import ReuseLink
from storyline.store import lineage
from storyline.store.derived import clear_stories
from storyline.store.facts import FACTS_VERSION, load_facts, save_facts

if TYPE_CHECKING:
    from storyline.store.db import Connection
    from storyline.store.ports import SqlSession

__all__ = ["FACTS_VERSION", "Pipeline", "article_facts", "clear_stories", "facts_ready",
           "find_lineage", "load_facts", "save_facts"]  # fmt: skip


class Pipeline:
    """The runner's stages (`storyline.runner.Stages`) over one SQL connection the caller
    holds in its transaction, for writers that drive a `Writer` themselves (``storyline
    load``). Everything else goes through `storyline.runner.Runner`."""

    def __init__(self, conn: Connection | None = None, facts: bool = True) -> None:
        from storyline.runner import Stages

        self.facts = facts
        self.stages = Stages(facts=facts)
        self._session: SqlSession | None = None
        if conn is not None:
            self.refresh(conn)

    @property
    def touched(self) -> set[int]:
        """Stories changed by this run, whose briefs must be brought up to date."""
        return self.stages.touched

    def _on(self, conn: Connection) -> SqlSession:
        from storyline.store.ports import SqlSession

        if self._session is None or self._session._conn is not conn:
            previous = self._session
            self._session = SqlSession(conn=conn)
            if previous is not None:  # the same state, now read through this connection
                self._session.stories = previous.stories
                previous.stories.session = self._session
        return self._session

    def refresh(self, conn: Connection) -> None:
        """Under the writers' lock at the start of each commit group: re-read the story
        state when another writer committed stories since (see `storyline.store.ports`)."""
        self.stages.sync(self._on(conn))

    def article_added(self, conn: Connection, article_id: int, article: Article) -> None:
        """Run the stages for a new article on ``conn`` (inside the page's savepoint)."""
        self.stages.article_added(self._on(conn), article_id, article)

    def assign_story(
        self, conn: Connection, article_id: int, article: Article, links: Iterable[ReuseLink]
    ) -> None:
        self.stages.assign_story(self._on(conn), article_id, article, links)

    def before_commit(self, conn: Connection) -> None:
        self.stages.before_commit(self._on(conn))

    def rolled_back(self) -> None:
        if self._session is not None:
            self.stages.rolled_back(self._session)


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
