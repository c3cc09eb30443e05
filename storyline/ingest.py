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

from storyline.extract import RecurringLines, extract_page
from storyline.pipeline import Pipeline
from storyline.records import Failure, Page, StorylineError
from storyline.sources import iter_pages
from storyline.store.db import Store, Writer

DEFAULT_MAX_BYTES = 10_000_000
CHUNK = 200

Outcome = Literal["new", "known", "failed"]
ProgressCallback = Callable[[Outcome, str, int | None, Failure | None], None]


@dataclass
class IngestReport:
    """What one ingest run did: counts, the ids it added and every failure with its reason."""

    new: int = 0
    known: int = 0
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    stories: set[int] = field(default_factory=set)
    """Stories that new articles joined, created or merged."""

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
    )


def ingest_items(
    items: Iterable[Page | Failure],
    store: Store,
    *,
    progress: ProgressCallback | None = None,
    derive: bool = True,
    facts: bool = True,
) -> IngestReport:
    report = IngestReport()
    recurring = RecurringLines()
    notify = progress or (lambda *_: None)
    iterator = iter(items)
    with store.writer() as writer:
        pipeline = Pipeline(writer.conn, facts=facts) if derive else None
        while chunk := list(islice(iterator, CHUNK)):
            for item in chunk:
                if isinstance(item, Page) and item.kind == "text":
                    recurring.observe(item.group, item.content)
            for item in chunk:
                if isinstance(item, Failure):
                    _fail(writer, report, notify, item)
                    continue
                _ingest_page(item, writer, recurring, report, notify, pipeline)
        if pipeline is not None:
            report.stories = pipeline.touched
    return report


def _ingest_page(
    page: Page,
    store: Writer,
    recurring: RecurringLines,
    report: IngestReport,
    notify: ProgressCallback,
    pipeline: Pipeline | None,
) -> None:
    known = store.known_page(page)
    if known is not None:
        report.known += 1
        notify("known", page.ref, known, None)
        return
    try:
        article = extract_page(page, recurring=recurring)
    except StorylineError as err:
        _fail(store, report, notify, Failure(page.origin, "extract", _one_line(err)))
        return
    try:
        result = store.add_article(page, article, then=pipeline and pipeline.article_added)
    except Exception as err:  # a bug in a later stage costs this page, not the batch
        if pipeline is not None:
            pipeline.rolled_back()
        reason = f"{page.origin}: {type(err).__name__}: {_one_line(err)}"
        _fail(store, report, notify, Failure(page.origin, "derive", reason))
        return
    if result.status == "new":
        report.new += 1
        report.article_ids.append(result.article_id)
    else:
        report.known += 1
    notify(result.status, page.ref, result.article_id, None)


def _fail(store: Writer, report: IngestReport, notify: ProgressCallback, failure: Failure) -> None:
    store.record_failure(failure)
    report.failures.append(failure)
    notify("failed", failure.input, None, failure)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split()) or type(err).__name__
