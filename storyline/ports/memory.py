"""The ports in dictionaries: a store that lives in this process.

For tests (the runner's decisions without a database) and for engines that keep their
state elsewhere and want the stages' results as records (`MemoryStorage.records`), such as
the Spark batch. It makes the same decisions as the SQL store for the same pages in the same
order — the same article ids (1, 2, … in order of first appearance), lineage links, stories
and threads — because it runs the same stages over the in-memory backends the SQL ones are
built on (`MemoryKeyBackend`, `MemoryStoryBackend`, `SharedStatistics`).

There is no durability and one writer: a page whose stages fail has its article and pages
removed again, but story state it had already changed stays changed (the SQL store re-reads
it from the committed rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyline.ports import Added
from storyline.reuse.backend import MemoryKeyBackend
from storyline.stories.state import MemoryStoryBackend, StoryState
from storyline.threads.state import SharedStatistics

if TYPE_CHECKING:
    from storyline.annotate import ArticleFacts
    from storyline.records import Article, Failure, Page
    from storyline.reuse import ReuseLink


@dataclass
class MemoryArticle:
    id: int
    content_id: str
    """The content hash of its first text: its identity anywhere (`storyline.ports`)."""
    article: Article
    urls: list[str] = field(default_factory=list)


class _TrackedStories(MemoryStoryBackend):
    """Stories in dictionaries, remembering which changed since the last `take_changed`."""

    def __init__(self) -> None:
        super().__init__()
        self.changed: set[str] = set()

    def put(self, story: StoryState) -> None:
        super().put(story)
        self.changed.add(story.story_id)

    def delete(self, story_id: str) -> None:
        super().delete(story_id)
        self.changed.add(story_id)


class MemoryStorage:
    """The runner's `Storage` in memory; `records` gives what it holds."""

    def __init__(self) -> None:
        self.articles: dict[int, MemoryArticle] = {}
        self.by_content: dict[str, int] = {}
        self.by_bytes: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.keys = MemoryKeyBackend()
        self.links: list[ReuseLink] = []
        self.facts: dict[int, ArticleFacts] = {}
        self.failures: list[Failure] = []
        self.revisions: dict[int, list[Article]] = {}
        self.story_state = _TrackedStories()
        self.thread_state = SharedStatistics(self.story_state)
        self.story_merges: list[tuple[str, str]] = []
        self.thread_merges: list[tuple[str, str]] = []
        self.briefs = MemoryBriefs()

    @contextmanager
    def session(self) -> Iterator[MemorySession]:
        session = MemorySession(self)
        try:
            yield session
        finally:
            session.commit()

    @contextmanager
    def rebuild_session(self, facts: bool = True) -> Iterator[MemorySession]:
        self.keys = MemoryKeyBackend()
        self.links = []
        self.story_state = _TrackedStories()
        self.thread_state = SharedStatistics(self.story_state)
        self.story_merges, self.thread_merges = [], []
        if facts:
            self.facts = {}
        session = MemorySession(self)
        yield session
        session.commit()

    # -- reading -------------------------------------------------------------------------------
    def story_of(self, article_id: int) -> int | None:
        story = self.story_state.story_of(str(article_id))
        return int(story) if story is not None else None

    def thread_of(self, article_id: int) -> int | None:
        thread = self.thread_state.story_of(str(article_id))
        return int(thread) if thread is not None else None

    def records(self) -> dict[str, list[dict[str, Any]]]:
        """Articles (with content ids, stories and threads) and lineage links as plain
        records, keyed by content id so they merge with results computed elsewhere."""
        cid = {a.id: a.content_id for a in self.articles.values()}
        articles = [
            {
                "id": a.id,
                "content_id": a.content_id,
                "url": a.article.url,
                "title": a.article.title,
                "outlet": a.article.outlet,
                "published": a.article.published,
                "story": self.story_of(a.id),
                "thread": self.thread_of(a.id),
            }
            for a in sorted(self.articles.values(), key=lambda a: a.id)
        ]
        links = [
            {
                "article": cid[int(link.a)],
                "other": cid[int(link.b)],
                "shared": link.shared_a,
                "other_shared": link.shared_b,
                "exact": link.exact_duplicate,
            }
            for link in self.links
        ]
        return {"articles": articles, "links": links}


class MemoryBriefs:
    """Briefs are the read side's (`storyline.brief`): in memory, the stories whose briefs
    a batch made stale are only remembered."""

    def __init__(self) -> None:
        self.stale: set[int] = set()

    def refresh(self, story_ids: set[int], workers: int = 1) -> None:
        self.stale |= set(story_ids)


class _Articles:
    def __init__(self, storage: MemoryStorage, session: MemorySession) -> None:
        self.m = storage
        self.session = session

    def seen_bytes(self, page: Page) -> int | None:
        return self.m.by_bytes.get(page.raw_hash)

    def known_bytes(self, page: Page) -> int | None:
        return self.m.by_bytes.get(page.raw_hash)

    def article_at(self, url: str | None) -> int | None:
        return self.m.by_url.get(url) if url else None

    def add_article(self, page: Page, article: Article) -> Added:
        m = self.m
        content = article.content_hash
        existing = m.by_content.get(content)
        if existing is not None:
            if page.raw_hash not in m.by_bytes:
                self._add_page(page, article, existing)
            return Added("known", existing)
        article_id = len(m.articles) + 1
        while article_id in m.articles:
            article_id += 1
        m.articles[article_id] = MemoryArticle(article_id, content, article)
        m.by_content[content] = article_id
        self.session.undo.append(lambda: (m.articles.pop(article_id, None),
                                          m.by_content.pop(content, None)))  # fmt: skip
        self._add_page(page, article, article_id)
        return Added("new", article_id)

    def _add_page(self, page: Page, article: Article, article_id: int) -> None:
        m = self.m
        m.by_bytes[page.raw_hash] = article_id
        if article.url:
            m.by_url.setdefault(article.url, article_id)
            m.articles[article_id].urls.append(article.url)
        self.session.undo.append(lambda: m.by_bytes.pop(page.raw_hash, None))

    def revise(self, article_id: int, article: Article) -> tuple[bool, int | None]:
        m = self.m
        held = m.articles[article_id]
        content = article.content_hash
        if held.article.content_hash == content:
            return False, None
        other = m.by_content.get(content)
        if other is not None and other != article_id \
                and m.articles[other].article.content_hash == content:  # fmt: skip
            return False, None  # another article's text now: that article, not a revision
        m.revisions.setdefault(article_id, []).append(held.article)
        m.by_content[content] = article_id  # its earlier texts still name it (its content id)
        held.article = article
        return True, m.story_of(article_id)


class _Documents:
    def __init__(self, storage: MemoryStorage) -> None:
        self.m = storage

    def documents(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        out = {}
        for doc_id in doc_ids:
            held = self.m.articles.get(int(doc_id))
            if held is not None:
                out[doc_id] = (held.article.text, held.article.published)
        return out


class _Lineage:
    def __init__(self, storage: MemoryStorage) -> None:
        self.m = storage

    def link(self, article_id: int, article: Article) -> list[ReuseLink]:
        from storyline.reuse import ReuseIndex

        index = ReuseIndex(backend=self.m.keys, documents=_Documents(self.m))
        links = index.add(str(article_id), article.text, article.published)
        self.m.links.extend(link for link in links if link.a != link.b)
        return links


class _Stories:
    def __init__(self, storage: MemoryStorage) -> None:
        self.m = storage

    @property
    def stories(self) -> _TrackedStories:
        return self.m.story_state

    @property
    def threads(self) -> SharedStatistics:
        return self.m.thread_state

    def sync(self) -> bool:
        return False  # one writer: the state in memory is the store's

    def merged(self, stories: Iterable[tuple[str, str]],
               threads: Iterable[tuple[str, str]]) -> None:  # fmt: skip
        self.m.story_merges.extend(stories)
        self.m.thread_merges.extend(threads)

    def flush(self) -> set[int]:
        changed = {int(s) for s in self.m.story_state.changed}
        self.m.story_state.changed.clear()
        return changed

    def flush_statistics(self, story_title: Callable[[str], str],
                         related: Callable[[str], list[str]],
                         thread_title: Callable[[str], str]) -> None:  # fmt: skip
        return None

    def forget_changes(self) -> None:
        self.m.story_state.changed.clear()


class _Facts:
    def __init__(self, storage: MemoryStorage) -> None:
        self.m = storage

    def save(self, article_id: int, facts: ArticleFacts) -> None:
        self.m.facts[article_id] = facts


class _Failures:
    def __init__(self, storage: MemoryStorage) -> None:
        self.m = storage

    def record(self, failure: Failure) -> None:
        if failure not in self.m.failures:
            self.m.failures.append(failure)


class MemorySession:
    """One run over a `MemoryStorage`: "commit groups" are every `GROUP` pages, so the
    runner's per-commit work (statistics, hooks) runs as it does over SQL."""

    GROUP = 64

    def __init__(self, storage: MemoryStorage) -> None:
        self.storage = storage
        self.articles = _Articles(storage, self)
        self.lineage = _Lineage(storage)
        self.stories = _Stories(storage)
        self.facts = _Facts(storage)
        self.failures = _Failures(storage)
        self.undo: list[Callable[[], object]] = []
        self._on_lock: list[Callable[[], None]] = []
        self._on_commit: list[Callable[[Any], None]] = []
        self._pending = 0
        self._open = False

    @contextmanager
    def page(self) -> Iterator[None]:
        if not self._open:
            self._open = True
            for hook in self._on_lock:
                hook()
        self.undo = []
        try:
            yield
        except BaseException:
            for step in reversed(self.undo):
                step()
            raise
        finally:
            self.undo = []
        self._pending += 1
        if self._pending >= self.GROUP:
            self.commit()

    def commit(self) -> None:
        if self._open:
            for hook in self._on_commit:
                hook(self.storage)
        self._open = False
        self._pending = 0

    def on_lock(self, hook: Callable[[], None]) -> None:
        self._on_lock.append(hook)

    def on_commit(self, hook: Callable[[Any], None]) -> None:
        self._on_commit.append(hook)

    # -- a rebuild over memory ---------------------------------------------------------------
    def replay_order(self) -> list[int]:
        held = self.storage.articles.values()
        undated = sorted(a.id for a in held if not a.article.published)
        dated = sorted((a.article.published or "", a.id) for a in held if a.article.published)
        return [i for _, i in dated] + undated

    def stored_articles(self, ids: list[int]) -> list[Article]:
        return [self.storage.articles[i].article for i in ids]

    def counts(self) -> tuple[int, int]:
        stories = {self.storage.story_state.story_of(str(i)) for i in self.storage.articles}
        return len(stories - {None}), len(self.storage.links)
