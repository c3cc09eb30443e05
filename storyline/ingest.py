"""Ingest: sources → extract → store, one page at a time, each page all or nothing.

Pages stream from the sources in chunks. Before a chunk is extracted, its text dumps are
counted into the batch's `RecurringLines`, so that lines a site repeats on many pages
(navigation, widgets) are known to be furniture. Chunks follow the sources' deterministic
order and known pages are counted too, so an interrupted run that is started again sees the
same statistics and produces the same articles as an uninterrupted one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, BinaryIO, Literal

from storyline.annotate import ArticleFacts
from storyline.extract import RecurringLines
from storyline.pipeline import Pipeline, article_facts, facts_ready, save_facts
from storyline.records import Article, Failure, Page
from storyline.revisions import Revised, revise
from storyline.sources import iter_pages
from storyline.store.db import Store, Writer
from storyline.workers import PagePreparer, Ticket

if TYPE_CHECKING:
    from storyline.store.db import Connection

DEFAULT_MAX_BYTES = 10_000_000
CHUNK = 200
WRITE_BATCH = 16
"""Pages extracted ahead of their writes: a stop request loses at most this many
extractions, and other writers get the lock between batches."""

Outcome = Literal["new", "known", "revised", "failed"]
ProgressCallback = Callable[[Outcome, str, int | None, Failure | None], None]


@dataclass
class IngestReport:
    """What one ingest run did: counts, the ids it added and every failure with its reason."""

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


def ingest(
    inputs: Sequence[str],
    store: Store,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    progress: ProgressCallback | None = None,
    derive: bool = True,
    facts: bool = True,
    workers: int = 1,
) -> IngestReport:
    """Ingest every page behind ``inputs`` into ``store``; bad inputs are recorded, not fatal.

    With ``derive`` (the default) each new article also gets its wire lineage and its story,
    and with ``facts`` its entities, quotes, dates and figures (see `storyline.pipeline`).
    """
    return ingest_items(
        iter_pages(inputs, max_bytes=max_bytes, stdin=stdin),
        store,
        progress=progress,
        derive=derive,
        facts=facts,
        workers=workers,
    )


def ingest_items(
    items: Iterable[Page | Failure],
    store: Store,
    *,
    progress: ProgressCallback | None = None,
    derive: bool = True,
    facts: bool = True,
    before_commit: Callable[[Connection], None] | None = None,
    after_chunk: Callable[[], None] | None = None,
    stop: Callable[[], bool] | None = None,
    chunk_size: int = CHUNK,
    workers: int = 1,
) -> IngestReport:
    """Ingest a stream of pages and failures (see `ingest`).

    For live sources: ``before_commit(conn)`` runs inside each commit (the crawl's fetch
    state is saved there, with the pages), ``after_chunk()`` once every item taken from
    ``items`` so far has been handled, and ``stop()`` is asked between pages and batches —
    when it says so, the run ends after the pages in hand (at most `WRITE_BATCH` already
    extracted), keeping what is done. A smaller
    ``chunk_size`` commits fetched pages sooner (a chunk is read before it is written).

    ``workers`` processes extract pages and compute their facts (`storyline.workers`) while
    this one writes the batch before; results are applied in input order, so the store ends
    the same whatever the number of workers.
    """
    report = IngestReport()
    recurring = RecurringLines()
    notify = progress or (lambda *_: None)
    iterator = iter(items)
    revised_stories: set[int] = set()
    with store.writer() as writer, PagePreparer(workers, facts=facts and derive) as preparer:
        pipeline = Pipeline(facts=facts) if derive else None
        writer.after_lock = pipeline.refresh if pipeline is not None else None
        writer.before_commit = _in_turn(pipeline.before_commit if pipeline else None, before_commit)
        while not report.stopped and (chunk := list(islice(iterator, chunk_size))):
            for item in chunk:
                if isinstance(item, Page) and item.kind == "text":
                    recurring.observe(item.group, item.content)
            starts = range(0, len(chunk), WRITE_BATCH)
            ahead = _prepare(chunk[:WRITE_BATCH], writer, recurring, report, notify, stop,
                             preparer)  # fmt: skip
            for start in starts:
                batch = ahead()  # extracted pages are in hand: they are written, stop or not
                if stop is not None and stop():
                    report.stopped = True
                if start + WRITE_BATCH < len(chunk) and not report.stopped:
                    # the workers prepare the next batch while this one is written
                    ahead = _prepare(chunk[start + WRITE_BATCH : start + 2 * WRITE_BATCH],
                                     writer, recurring, report, notify, stop, preparer)  # fmt: skip
                for entry in batch:
                    if isinstance(entry, Failure):
                        _fail(writer, report, notify, entry)
                        continue
                    page, article, found = entry
                    with facts_ready(article, found):
                        story = _write_page(page, article, writer, report, notify, pipeline,
                                            facts)  # fmt: skip
                    if story is not None:
                        revised_stories.add(story)
                if report.stopped:
                    break
            else:
                if after_chunk is not None:
                    after_chunk()
        if after_chunk is not None and not report.stopped:
            after_chunk()  # the stream's end may have recorded more (a feed's validators)
        report.stories = (pipeline.touched if pipeline is not None else set()) | revised_stories
    return report


def _prepare(
    items: Sequence[Page | Failure],
    writer: Writer,
    recurring: RecurringLines,
    report: IngestReport,
    notify: ProgressCallback,
    stop: Callable[[], bool] | None,
    preparer: PagePreparer,
) -> Callable[[], list[Failure | tuple[Page, Article, ArticleFacts | None]]]:
    """Extract a few pages before any is written, outside the writers' lock (extraction is
    the costly part, and other writers may go on meanwhile). Pages whose bytes are already
    stored are counted as known here and not extracted. The work starts now (in worker
    processes, see `PagePreparer`); the function returned waits for it."""
    prepared: list[Failure | Page] = []
    for item in items:
        if stop is not None and stop():
            report.stopped = True
            break
        if isinstance(item, Failure):
            prepared.append(item)
            continue
        known = writer.seen_bytes(item)
        if known is not None:
            report.known += 1
            notify("known", item.ref, known, None)
            continue
        prepared.append(item)
    ticket = preparer.submit([p for p in prepared if isinstance(p, Page)], recurring)
    return lambda: _prepared(prepared, ticket)


def _prepared(
    entries: list[Failure | Page], ticket: Ticket
) -> list[Failure | tuple[Page, Article, ArticleFacts | None]]:
    done = iter(ticket.results())
    out: list[Failure | tuple[Page, Article, ArticleFacts | None]] = []
    for entry in entries:
        if isinstance(entry, Failure):
            out.append(entry)
            continue
        result = next(done)
        if result.article is None:
            out.append(Failure(entry.origin, "extract", result.error or "no article"))
        else:
            out.append((entry, result.article, result.facts))
    return out


def _write_page(
    page: Page,
    article: Article,
    store: Writer,
    report: IngestReport,
    notify: ProgressCallback,
    pipeline: Pipeline | None,
    facts: bool = True,
) -> int | None:
    """Write one extracted page (under the writers' lock); returns the story of an article
    it revised (its brief is stale)."""
    known = store.known_bytes(page)  # again: another writer may have stored it meanwhile
    if known is not None:
        report.known += 1
        notify("known", page.ref, known, None)
        return None
    # A stored URL with new bytes may be an edited article: compare.
    at_url = store.article_at(page.given.url)
    if at_url is not None:
        return _revisit(page, article, at_url, store, report, notify, facts and bool(pipeline))
    try:
        result = store.add_article(page, article, then=pipeline.article_added if pipeline else None)
    except Exception as err:  # a bug in a later stage costs this page, not the batch
        if pipeline is not None:
            pipeline.rolled_back()
        reason = f"{page.origin}: {type(err).__name__}: {_one_line(err)}"
        _fail(store, report, notify, Failure(page.origin, "derive", reason))
        return None
    if result.status == "new":
        report.new += 1
        report.article_ids.append(result.article_id)
    else:
        report.known += 1
    notify(result.status, page.ref, result.article_id, None)
    return None


def _revisit(
    page: Page,
    article: Article,
    article_id: int,
    store: Writer,
    report: IngestReport,
    notify: ProgressCallback,
    facts: bool,
) -> int | None:
    """A known URL fetched again: the same text is known; another text is a revision (the
    article takes the new text, facts included, and the old one is kept)."""
    outcome: list[Revised | None] = [None]

    def work(conn: Connection) -> None:
        outcome[0] = revise(conn, article_id, article)
        if outcome[0] is not None and facts:
            save_facts(conn, article_id, article_facts(article))

    try:
        store.write(work)
    except Exception as err:  # a bug in a later stage costs this page, not the batch
        reason = f"{page.origin}: {type(err).__name__}: {_one_line(err)}"
        _fail(store, report, notify, Failure(page.origin, "revise", reason))
        return None
    revised = outcome[0]
    if revised is None:
        report.known += 1
        notify("known", page.ref, article_id, None)
        return None
    report.revised += 1
    notify("revised", page.ref, article_id, None)
    return revised.story_id


def _fail(store: Writer, report: IngestReport, notify: ProgressCallback, failure: Failure) -> None:
    store.record_failure(failure)
    report.failures.append(failure)
    notify("failed", failure.input, None, failure)


def _in_turn(
    *hooks: Callable[[Connection], None] | None,
) -> Callable[[Connection], None] | None:
    """One `Writer.before_commit` hook running the given ones in order."""
    present = [hook for hook in hooks if hook is not None]
    if not present:
        return None

    def run(conn: Connection) -> None:
        for hook in present:
            hook(conn)

    return run


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split()) or type(err).__name__
