"""Ingest: sources → the runner (`storyline.runner`) → a store.

`ingest` reads files, folders, manifests and WARCs (`storyline.sources`); `ingest_items`
takes a stream of pages and failures made elsewhere (live sources, uploads). Both are the
one runner with its settings (`RunSettings`) over the SQL store's ports; see
`storyline.runner` for how a run goes, and why it is safe to interrupt and to run twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from storyline.records import Failure, Page
from storyline.runner import (
    CHUNK,
    WRITE_BATCH,
    IngestReport,
    Outcome,
    ProgressCallback,
    Runner,
    RunSettings,
)
from storyline.sources import iter_pages

if TYPE_CHECKING:
    from storyline.store.db import Store

__all__ = ["CHUNK", "DEFAULT_MAX_BYTES", "WRITE_BATCH", "IngestReport", "Outcome",
           "ProgressCallback", "RunSettings", "ingest", "ingest_items", "runner_for"]  # fmt: skip

DEFAULT_MAX_BYTES = 10_000_000


def runner_for(store: Store, settings: RunSettings | None = None) -> Runner:
    """The runner over ``store`` (SQLite or PostgreSQL)."""
    from storyline.store.ports import SqlStorage

    return Runner(SqlStorage(store), settings)


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
    briefs: bool = False,
) -> IngestReport:
    """Ingest every page behind ``inputs`` into ``store``; bad inputs are recorded, not fatal.

    With ``derive`` (the default) each new article also gets its wire lineage and its story,
    and with ``facts`` its entities, quotes, dates and figures; with ``briefs`` the touched
    stories' briefs are brought up to date at the end (the command does)."""
    settings = RunSettings(derive=derive, facts=facts, workers=workers, briefs=briefs)
    return runner_for(store, settings).run(
        iter_pages(inputs, max_bytes=max_bytes, stdin=stdin), progress=progress
    )


def ingest_items(
    items: Iterable[Page | Failure],
    store: Store,
    *,
    progress: ProgressCallback | None = None,
    derive: bool = True,
    facts: bool = True,
    before_commit: Callable[[Any], None] | None = None,
    after_chunk: Callable[[], None] | None = None,
    stop: Callable[[], bool] | None = None,
    chunk_size: int = CHUNK,
    workers: int = 1,
    briefs: bool = False,
    status: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest a stream of pages and failures (see `Runner.run`)."""
    settings = RunSettings(derive=derive, facts=facts, workers=workers, briefs=briefs,
                           chunk_size=chunk_size)  # fmt: skip
    return runner_for(store, settings).run(
        items, progress=progress, before_commit=before_commit, after_chunk=after_chunk,
        stop=stop, status=status,
    )  # fmt: skip
