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
from typing import BinaryIO, Literal

from sqlalchemy.engine import Connection

from storyline.extract import RecurringLines, extract_page
from storyline.pipeline import Pipeline, article_facts, facts_ready, save_facts
from storyline.records import Article, Failure, Page, StorylineError
from storyline.revisions import Revised, revise
from storyline.sources import iter_pages
from storyline.store.db import Store, Writer
from storyline.workers import PagePreparer, Prepared

DEFAULT_MAX_BYTES = 10_000_000
CHUNK = 200

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
    ``items`` so far has been handled, and ``stop()`` is asked between pages — when it says
    so, the run ends after the page in hand, keeping what is done. A smaller
    ``chunk_size`` commits fetched pages sooner (a chunk is read before it is written).

    ``workers`` processes extract pages and compute their facts (`storyline.workers`) while
    this one writes the pages before; results are applied in input order, so the store ends
    the same whatever the number of workers.
    """
    report = IngestReport()
    recurring = RecurringLines()
    notify = progress or (lambda *_: None)
    iterator = iter(items)
    revised_stories: set[int] = set()
    with store.writer() as writer, PagePreparer(workers, facts=facts and derive) as preparer:
        pipeline = Pipeline(writer.conn, facts=facts) if derive else None
        writer.before_commit = _in_turn(pipeline.before_commit if pipeline else None, before_commit)
        while not report.stopped and (chunk := list(islice(iterator, chunk_size))):
            for item in chunk:
                if isinstance(item, Page) and item.kind == "text":
                    recurring.observe(item.group, item.content)
            ahead = _ahead(chunk, writer, recurring, preparer)
            for item in chunk:
                if stop is not None and stop():
                    report.stopped = True
                    break
                if isinstance(item, Failure):
                    _fail(writer, report, notify, item)
                    continue
                done = ahead.get(id(item))
                story = _ingest_page(item, writer, recurring, report, notify, pipeline, facts,
                                     next(done) if done is not None else None)  # fmt: skip
                if story is not None:
                    revised_stories.add(story)
            else:
                if after_chunk is not None:
                    after_chunk()
        if after_chunk is not None and not report.stopped:
            after_chunk()  # the stream's end may have recorded more (a feed's validators)
        report.stories = (pipeline.touched if pipeline is not None else set()) | revised_stories
    return report


def _ahead(chunk, writer: Writer, recurring: RecurringLines, preparer: PagePreparer) -> dict:
    """With worker processes: start extracting (and annotating) the chunk's pages whose
    bytes are not stored yet; ``{id(page): results}`` to take each one's `Prepared` from,
    in order. Empty with one worker: each page is then extracted as it is ingested."""
    if preparer.workers == 1:
        return {}
    todo = [i for i in chunk if isinstance(i, Page) and writer.known_bytes(i) is None]
    results = preparer.prepare(todo, recurring)
    return {id(page): results for page in todo}


def _ingest_page(
    page: Page,
    store: Writer,
    recurring: RecurringLines,
    report: IngestReport,
    notify: ProgressCallback,
    pipeline: Pipeline | None,
    facts: bool = True,
    prepared: Prepared | None = None,
) -> int | None:
    """Ingest one page; returns the story of an article it revised (its brief is stale).
    ``prepared``: its extraction (and facts) done already in a worker process."""
    if prepared is not None:
        with facts_ready(prepared.article, prepared.facts):
            return _ingest_prepared(page, store, report, notify, pipeline, facts, prepared)
    known = store.known_bytes(page)
    if known is not None:
        report.known += 1
        notify("known", page.ref, known, None)
        return None
    # A stored URL with new bytes may be an edited article: extract it and compare.
    at_url = store.article_at(page.given.url)
    try:
        article = extract_page(page, recurring=recurring)
    except StorylineError as err:
        _fail(store, report, notify, Failure(page.origin, "extract", _one_line(err)))
        return None
    return _store_article(page, article, at_url, store, report, notify, pipeline, facts)


def _ingest_prepared(page, store, report, notify, pipeline, facts, prepared) -> int | None:
    known = store.known_bytes(page)  # again: an earlier page of the batch may be the same
    if known is not None:
        report.known += 1
        notify("known", page.ref, known, None)
        return None
    at_url = store.article_at(page.given.url)
    if prepared.article is None:
        _fail(store, report, notify, Failure(page.origin, "extract", prepared.error or ""))
        return None
    return _store_article(page, prepared.article, at_url, store, report, notify, pipeline, facts)


def _store_article(page, article, at_url, store, report, notify, pipeline, facts) -> int | None:
    if at_url is not None:
        return _revisit(page, article, at_url, store, report, notify, facts and bool(pipeline))
    try:
        result = store.add_article(page, article, then=pipeline and pipeline.article_added)
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
