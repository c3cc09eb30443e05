"""The one runner: pages in, extract → lineage → stories → threads → facts → briefs out.

Every way pages enter a store goes through `Runner`: ``storyline ingest``, ``watch``, the
web's ``POST /api/ingest``, the library (`storyline.open`), and ``storyline rebuild`` (which
replays stored articles through the same stages). It talks to storage only through the
ports (`storyline.ports`): the SQL store (`storyline.store.ports.SqlStorage`) or the
in-memory one (`storyline.ports.memory.MemoryStorage`).

How a run goes, and why:

- Pages stream from the sources in chunks. Before a chunk is extracted, its text dumps are
  counted into the batch's `RecurringLines`, so that lines a site repeats on many pages
  (navigation, widgets) are known to be furniture. Chunks follow the sources' deterministic
  order and known pages are counted too, so an interrupted run that is started again sees
  the same statistics and produces the same articles as an uninterrupted one.
- Extraction (and facts) of the next few pages run in worker processes
  (`storyline.workers.PagePreparer`) while this process writes the pages before, in input
  order, so the result does not depend on the number of workers.
- Each page is written in its own unit (`Session.page`): its article, lineage, story and
  facts are kept together or not at all; a failing stage costs that page only (a failure
  row). Pages are committed in groups under the writers' lock; when a group begins, the
  story state is brought up to date if another writer committed meanwhile.
  Story clustering is online, so stories depend on the order articles arrive: several
  writers at once leave the stories one writer would, fed the pages in the order the
  writers committed them (the store's ids number them in that order), which is up to the
  scheduler; not those of their inputs ingested one after the other
  (`tests/test_concurrent_order.py`).
- After the run, related stories and the briefs of the stories touched are brought up to
  date (`RunSettings.briefs`), so readers only read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from storyline.records import Article, Failure, Page

if TYPE_CHECKING:
    from storyline.annotate import ArticleFacts
    from storyline.extract import RecurringLines
    from storyline.ports import Session, Storage
    from storyline.reuse import ReuseLink
    from storyline.stories import ArticleFeatures, StoryClusterer
    from storyline.threads.clusterer import ThreadClusterer
    from storyline.workers import PagePreparer, Ticket

CHUNK = 200
WRITE_BATCH = 16
"""Pages extracted ahead of their writes: a stop request loses at most this many
extractions, and other writers get the lock between batches."""

Outcome = Literal["new", "known", "revised", "failed"]
ProgressCallback = Callable[[Outcome, str, int | None, Failure | None], None]


@dataclass(frozen=True)
class RunSettings:
    """What a run does; the command line's switches map onto these fields."""

    derive: bool = True
    """Lineage, story and thread of each new article (off: articles only)."""
    facts: bool = True
    """Entities, quotes, dates and figures (``--no-facts``: `storyline rebuild` adds them)."""
    workers: int = 1
    """Processes extracting pages and computing facts and briefs (``--workers``)."""
    briefs: bool = True
    """After the run, bring related stories and the touched stories' briefs up to date."""
    chunk_size: int = CHUNK
    """Pages read before a chunk is written: a smaller chunk commits fetched pages sooner."""


@dataclass
class IngestReport:
    """What one run did: counts, the ids it added and every failure with its reason."""

    new: int = 0
    known: int = 0
    revised: int = 0
    """Known URLs fetched again with a different text: the old version became a revision."""
    stopped: bool = False
    """The run was asked to stop (``stop``) before its inputs ran out."""
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    stories: set[int] = field(default_factory=set)
    """Stories that new articles joined, created or merged, or whose articles were revised."""

    @property
    def failed(self) -> int:
        return len(self.failures)


class Stages:
    """The stages after extraction for each new article, over a session's ports: lineage
    (which earlier articles share its copy), story, thread, facts."""

    def __init__(self, facts: bool = True) -> None:
        self.facts = facts
        self.touched: set[int] = set()
        """Stories changed, whose briefs must be brought up to date."""
        self._clusterer: StoryClusterer | None = None
        self._threads: ThreadClusterer | None = None

    @staticmethod
    def load() -> None:
        """Import the stages' modules (and the brief builder, for the end of the run) now
        rather than at the first article."""
        import storyline.brief.build  # noqa: F401
        import storyline.reuse.index  # noqa: F401  (numpy)
        import storyline.stories.clusterer  # noqa: F401
        import storyline.threads.clusterer  # noqa: F401

    def sync(self, session: Session) -> None:
        """Under the lock, when a group begins: the clusterers see the store's state."""
        from storyline.stories import StoryClusterer
        from storyline.threads.clusterer import ThreadClusterer

        reread = session.stories.sync()
        if self._clusterer is None:
            self._clusterer = StoryClusterer(session.stories.stories)
        elif reread:
            self._clusterer.backend = session.stories.stories
        if self._threads is None or reread:
            self._threads = ThreadClusterer(session.stories.threads)

    def article_added(self, session: Session, article_id: int, article: Article,
                      facts: ArticleFacts | None = None,
                      features: ArticleFeatures | None = None) -> None:  # fmt: skip
        """Run the stages for a new article (inside its page's unit). ``facts`` and
        ``features`` are given when computed ahead (in a worker process)."""
        links = session.lineage.link(article_id, article)
        self.assign_story(session, article_id, article, links, features=features)
        if self.facts:
            session.facts.save(article_id, facts if facts is not None else article_facts(article))

    def assign_story(self, session: Session, article_id: int, article: Article,
                     links: Iterable[ReuseLink],
                     features: ArticleFeatures | None = None) -> None:  # fmt: skip
        """Place the article in a story and a thread. ``features`` without id and lineage
        (`storyline.workers`) are completed here; without them they are computed here."""
        from storyline.stories import article_features

        if self._clusterer is None or self._threads is None:
            self.sync(session)
        assert self._clusterer is not None and self._threads is not None
        links = list(links)
        duplicate = next((link.b for link in links if link.exact_duplicate), None)
        reuse = tuple((link.b, link.shared_a) for link in links if not link.exact_duplicate)
        if features is None:
            features = article_features(
                str(article_id),
                article.text,
                title=article.title,
                published=article.published,
                language=article.language,
                reuse=reuse,
                duplicate_of=duplicate,
            )
        else:
            features = replace(features, doc_id=str(article_id), reuse=reuse,
                               duplicate_of=duplicate)  # fmt: skip
        assignment = self._clusterer.add(features)
        placed = self._threads.place(features, assignment.story_id, assignment.merged)
        session.stories.merged(assignment.merged, placed.merged)
        self.touched |= session.stories.flush()

    def before_commit(self, session: Session) -> None:
        """Once per commit group: statistics and descriptions of the stories changed."""
        if self._clusterer is None or self._threads is None:
            return
        session.stories.flush_statistics(
            self._clusterer.title, self._clusterer.related, self._threads.title
        )

    def rolled_back(self, session: Session) -> None:
        session.stories.forget_changes()


def article_facts(article: Article) -> ArticleFacts:
    from storyline.pipeline import article_facts as compute

    return compute(article)


class Runner:
    """Drives a run over ``storage`` with ``settings`` (see the module docstring)."""

    def __init__(self, storage: Storage, settings: RunSettings | None = None) -> None:
        self.storage = storage
        self.settings = settings or RunSettings()

    def with_settings(self, **changes: Any) -> Runner:
        return Runner(self.storage, replace(self.settings, **changes))

    # -- pages in ----------------------------------------------------------------------------
    def run(
        self,
        items: Iterable[Page | Failure],
        *,
        progress: ProgressCallback | None = None,
        before_commit: Callable[[Any], None] | None = None,
        after_chunk: Callable[[], None] | None = None,
        stop: Callable[[], bool] | None = None,
        status: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Ingest a stream of pages and failures; bad inputs are recorded, not fatal.

        For live sources: ``before_commit(handle)`` runs inside each commit (the crawl's
        fetch state is saved there, with the pages), ``after_chunk()`` once every item taken
        from ``items`` so far has been handled, and ``stop()`` is asked between pages and
        batches — when it says so, the run ends after the pages in hand (at most
        `WRITE_BATCH` already extracted), keeping what is done. ``status`` hears what the
        run does after the pages (a progress display's line).
        """
        report = self._ingest(items, progress, before_commit, after_chunk, stop)
        if self.settings.briefs and report.stories:
            if status is not None:
                status(f"updating {len(report.stories)} story briefs")
            self.storage.briefs.refresh(set(report.stories), self.settings.workers)
        return report

    def _ingest(self, items, progress, before_commit, after_chunk, stop) -> IngestReport:
        from storyline.extract import RecurringLines
        from storyline.workers import PagePreparer

        s = self.settings
        report = IngestReport()
        recurring = RecurringLines()
        notify = progress or (lambda *_: None)
        iterator = iter(items)
        revised_stories: set[int] = set()
        stages = Stages(facts=s.facts) if s.derive else None
        # the preparer first: its workers warm up while the session opens
        with PagePreparer(s.workers, facts=s.facts and s.derive, stories=s.derive) as preparer, \
                self.storage.session() as session:  # fmt: skip
            if stages is not None and s.workers > 1:
                stages.load()  # while the workers warm up (the first pages wait for them)
            if stages is not None:
                session.on_lock(lambda: stages.sync(session))
                session.on_commit(lambda _handle: stages.before_commit(session))
            if before_commit is not None:
                session.on_commit(before_commit)
            run = _Run(session, stages, report, notify, stop, preparer, recurring, s.facts)

            def take() -> list[Page | Failure]:
                """The next chunk, its text dumps' lines counted before any is extracted."""
                chunk = list(islice(iterator, s.chunk_size))
                for item in chunk:
                    if isinstance(item, Page) and item.kind == "text":
                        recurring.observe(item.group, item.content)
                return chunk

            # With workers, the next chunk is taken while this one's last batch is written,
            # so they do not idle at each chunk's end (they read the line counts when pages
            # are submitted, so each page sees the same counts as with one worker). Not when
            # the caller settles its state after each chunk: it must not have taken more.
            read_ahead = s.workers > 1 and after_chunk is None
            following = take()
            ahead = run.prepare(following[:WRITE_BATCH])
            while not report.stopped and following:
                chunk, following = following, []
                for start in range(0, len(chunk), WRITE_BATCH):
                    batch = ahead()  # submitted pages are in hand: written, stop or not
                    if stop is not None and stop():
                        report.stopped = True
                    if start + WRITE_BATCH < len(chunk) and not report.stopped:
                        # submitted before this batch is waited for: two batches in flight,
                        # so the workers go on while the writer takes this one page by page
                        ahead = run.prepare(chunk[start + WRITE_BATCH : start + 2 * WRITE_BATCH])
                    elif read_ahead and not report.stopped:
                        following = take()
                        ahead = run.prepare(following[:WRITE_BATCH])
                    for entry in batch:
                        if isinstance(entry, Failure):
                            run.fail(entry)
                            continue
                        story = run.write(*entry)
                        if story is not None:
                            revised_stories.add(story)
                    if report.stopped:
                        break
                else:
                    if after_chunk is not None:
                        after_chunk()
                    if not read_ahead and not report.stopped:
                        following = take()
                        ahead = run.prepare(following[:WRITE_BATCH])
            if stop is not None and stop():
                # asked to stop while the last batch was written: the input (cut short by
                # the same signal) ended, and the run is still a stopped one
                report.stopped = True
            if after_chunk is not None and not report.stopped:
                after_chunk()  # the stream's end may have recorded more (a feed's validators)
            report.stories = (stages.touched if stages is not None else set()) | revised_stories
        return report

    # -- stored articles again ---------------------------------------------------------------
    def rebuild(self, *, progress: Callable[[], None] | None = None,
                batch: int = 16) -> tuple[int, int, int]:  # fmt: skip
        """Clear everything derived and replay the stored articles through the same stages,
        in publication order, in one transaction; (articles, stories, links)."""
        from storyline.workers import PagePreparer

        s = self.settings
        stages = Stages(facts=s.facts)
        with self.storage.rebuild_session(facts=s.facts) as session, \
                PagePreparer(s.workers, facts=s.facts) as preparer:  # fmt: skip
            stages.sync(session)
            ids = session.replay_order()
            batches = [ids[i : i + batch] for i in range(0, len(ids), batch)]

            def start(batch_ids: list[int]):
                articles = session.stored_articles(batch_ids)
                return articles, preparer.submit_facts(articles if s.facts else [])

            ahead = start(batches[0]) if batches else None
            for k, batch_ids in enumerate(batches):
                assert ahead is not None
                articles, ticket = ahead
                if k + 1 < len(batches):
                    ahead = start(batches[k + 1])  # prepared while this batch is replayed
                found = ticket.results() if s.facts else [None] * len(articles)
                for article_id, article, facts in zip(batch_ids, articles, found, strict=True):
                    stages.article_added(session, article_id, article, facts)
                    if progress is not None:
                        progress()
            stages.before_commit(session)
            stories, links = session.counts()
        if s.briefs:
            self.storage.briefs.refresh(stages.touched, s.workers)
        return len(ids), stories, links


@dataclass
class _Run:
    """One run's per-page work over a session."""

    session: Session
    stages: Stages | None
    report: IngestReport
    notify: ProgressCallback
    stop: Callable[[], bool] | None
    preparer: PagePreparer
    recurring: RecurringLines
    facts: bool

    def prepare(self, items: Sequence[Page | Failure]) -> Callable[[], Iterator[_Entry]]:
        """Extract a few pages before any is written, outside the writers' lock (extraction
        is the costly part, and other writers may go on meanwhile). Pages whose bytes are
        already stored are counted as known here and not extracted. The work starts now (in
        worker processes); the function returned gives the results in order, each as soon
        as it is done."""
        prepared: list[Failure | Page] = []
        for item in items:
            if self.stop is not None and self.stop():
                self.report.stopped = True
                break
            if isinstance(item, Failure):
                prepared.append(item)
                continue
            known = self.session.articles.seen_bytes(item)
            if known is not None:
                self.report.known += 1
                self.notify("known", item.ref, known, None)
                continue
            prepared.append(item)
        ticket = self.preparer.submit([p for p in prepared if isinstance(p, Page)],
                                      self.recurring)  # fmt: skip
        return lambda: _prepared(prepared, ticket)

    def write(self, page: Page, article: Article, facts: ArticleFacts | None,
              features: ArticleFeatures | None = None) -> int | None:  # fmt: skip
        """Write one extracted page (under the writers' lock); returns the story of an
        article it revised (its brief is stale)."""
        session, report = self.session, self.report
        known = session.articles.known_bytes(page)  # again: another writer may have stored it
        if known is not None:
            report.known += 1
            self.notify("known", page.ref, known, None)
            return None
        at_url = session.articles.article_at(page.given.url)
        if at_url is not None:  # a stored URL with new bytes may be an edited article
            return self._revisit(page, article, at_url, facts)
        try:
            with session.page():
                added = session.articles.add_article(page, article)
                if added.status == "new" and self.stages is not None:
                    self.stages.article_added(session, added.article_id, article, facts,
                                              features)  # fmt: skip
        except Exception as err:  # a bug in a later stage costs this page, not the batch
            if self.stages is not None:
                self.stages.rolled_back(session)
            self.fail(Failure(page.origin, "derive", _reason(page, err)))
            return None
        if added.status == "new":
            report.new += 1
            report.article_ids.append(added.article_id)
        else:
            report.known += 1
        self.notify(added.status, page.ref, added.article_id, None)
        return None

    def _revisit(self, page: Page, article: Article, article_id: int,
                 facts: ArticleFacts | None) -> int | None:  # fmt: skip
        """A known URL fetched again: the same text is known; another text is a revision
        (the article takes the new text, facts included, and the old one is kept)."""
        session = self.session
        try:
            with session.page():
                revised, story_id = session.articles.revise(article_id, article)
                if revised and self.facts and self.stages is not None:
                    session.facts.save(
                        article_id, facts if facts is not None else article_facts(article)
                    )
        except Exception as err:  # a bug in a later stage costs this page, not the batch
            self.fail(Failure(page.origin, "revise", _reason(page, err)))
            return None
        if not revised:
            self.report.known += 1
            self.notify("known", page.ref, article_id, None)
            return None
        self.report.revised += 1
        self.notify("revised", page.ref, article_id, None)
        return story_id

    def fail(self, failure: Failure) -> None:
        with self.session.page():
            self.session.failures.record(failure)
        self.report.failures.append(failure)
        self.notify("failed", failure.input, None, failure)


_Entry = Failure | tuple[Page, Article, "ArticleFacts | None", "ArticleFeatures | None"]
"""A failure to record, or a page to write with its article (and what was computed ahead)."""


def _prepared(entries: list[Failure | Page], ticket: Ticket) -> Iterator[_Entry]:
    done = ticket.each()
    for entry in entries:
        if isinstance(entry, Failure):
            yield entry
            continue
        result = next(done)
        if result.article is None:
            yield Failure(entry.origin, "extract", result.error or "no article")
        else:
            yield entry, result.article, result.facts, result.features


def _reason(page: Page, err: Exception) -> str:
    said = " ".join(str(err).split()) or type(err).__name__
    return f"{page.origin}: {type(err).__name__}: {said}"
