"""Following live sources: fetch URLs into the ingest pipeline, once or on a schedule.

`live_items` turns URLs into the Page/Failure stream the runner (`storyline.runner`) takes, through
`storyline.fetch` with the crawl state kept in the store (`StoredFetchState`), so that a
second run asks only conditional GETs and ingests only what changed.

`Watcher` is the loop behind ``storyline watch``: each cycle polls the sources that are due,
ingests what is new (stories and briefs follow), logs one line, then sleeps until the next
source is due. Everything it must remember — seen URLs, validators, when each source is next
due — is in the store, and a cycle's schedule is only advanced once the cycle completed, so a
watcher stopped mid-cycle (SIGINT/SIGTERM, or a crash) and started again polls those sources
at once, and the pages it already committed are recognised as known: nothing is missed and
nothing is stored twice.
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from storyline.fetch.client import FetchPolicy, FetchResult
from storyline.fetch.crawl import fetch_sources
from storyline.fetch.worker import FetchWorker
from storyline.ingest import IngestReport, RunSettings, runner_for
from storyline.records import Failure, Page, StorylineError
from storyline.store.db import Store
from storyline.store.watchstate import StoredFetchState, WatchedSource, WatchSchedule

DEFAULT_EVERY = 600
LIVE_CHUNK = 8
"""Fetched pages taken before they are written: few, so pages commit as they come (the
fetching goes on meanwhile, in the `FetchWorker`)."""
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd]?)$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


def parse_duration(text: str) -> int:
    """``90``, ``90s``, ``10m``, ``2h``, ``1d`` → seconds (at least 1)."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise StorylineError(f"not a duration: {text!r} (use e.g. 30s, 10m, 2h)")
    return max(1, round(float(match.group(1)) * _UNIT[match.group(2)]))


def read_sources(path: Path, default_every: int) -> dict[str, int]:
    """The sources file: one URL a line, ``#`` comments, optional ``every=5m`` per line."""
    sources: dict[str, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        url, *options = line.split()
        if not is_url(url):
            raise StorylineError(f"{path} line {number}: not an http(s) URL: {url!r}")
        every = default_every
        for option in options:
            key, _, value = option.partition("=")
            if key != "every" or not value:
                raise StorylineError(f"{path} line {number}: unknown option {option!r}")
            try:
                every = parse_duration(value)
            except StorylineError as exc:
                raise StorylineError(f"{path} line {number}: {exc}") from None
        sources[url] = every
    return sources


class BulkFetcher(Protocol):
    """What a crawl needs of a fetcher: `FetchWorker` (the bulk of a run's fetching, in a
    process of its own) or an in-process `Fetcher`."""

    def fetch_many(
        self, urls: Iterable[str], validators: Mapping[str, Mapping[str, Any]] | None = None
    ) -> Iterator[FetchResult]: ...


class _Counted:
    """A fetcher as `fetch_sources` sees it, counting the 304 answers (which yield no page)
    for the watch log."""

    def __init__(self, fetcher: BulkFetcher) -> None:
        self.fetcher = fetcher
        self.not_modified = 0

    def fetch_many(
        self, urls: Iterable[str], validators: Mapping[str, Mapping[str, Any]] | None = None
    ) -> Iterator[FetchResult]:
        results = self.fetcher.fetch_many(urls, validators)
        try:
            for result in results:
                if result.not_modified:
                    self.not_modified += 1
                yield result
        finally:
            results.close()  # type: ignore[attr-defined]


@dataclass
class LiveRun:
    """One fetch of live sources: the items for `Runner.run` and the hooks that save the
    crawl state with the pages (pass ``hooks`` to `Runner.run`)."""

    items: Iterator[Page | Failure]
    state: StoredFetchState
    counter: _Counted

    @property
    def hooks(self) -> dict[str, Callable[..., None]]:
        return {"before_commit": self.state.save, "after_chunk": self.state.settle}

    @property
    def not_modified(self) -> int:
        return self.counter.not_modified


def live_items(urls: list[str], store: Store, fetcher: BulkFetcher) -> LiveRun:
    """Pages and failures for ``urls`` (feeds, sitemaps, sites, pages), fetched conditionally
    against the state kept in ``store``.

    Give a `FetchWorker`: it fetches in its own process and keeps fetching (up to its
    read-ahead) while this one extracts, so the fetching takes no CPU from the extraction.
    An in-process `Fetcher` works too, but fetches only while the caller waits.
    """
    state = StoredFetchState.load(store)
    counter = _Counted(fetcher)
    items = fetch_sources(urls, counter, state)  # type: ignore[arg-type]
    return LiveRun(items, state, counter)


def _until(items: Iterator[Page | Failure], stop: Callable[[], bool]) -> Iterator[Page | Failure]:
    """Stop taking items (so stop fetching) once ``stop()`` says so."""
    for item in items:
        yield item
        if stop():
            return


@dataclass(frozen=True)
class Cycle:
    """What one watch cycle did, for its log line."""

    at: datetime
    polled: int
    report: IngestReport
    not_modified: int

    def line(self) -> str:
        r = self.report
        return (
            f"{self.at.isoformat(timespec='seconds')} polled {self.polled} sources: "
            f"{r.new} new, {r.known} known, {r.revised} revised, {r.failed} failed, "
            f"{self.not_modified} not modified" + (" (stopped)" if r.stopped else "")
        )


class Watcher:
    """The ``storyline watch`` loop over one store and one sources file."""

    def __init__(
        self,
        store: Store,
        sources: dict[str, int],
        policy: FetchPolicy,
        *,
        facts: bool = True,
        log: Callable[[str], None] = print,
        workers: int = 1,
    ) -> None:
        self.store = store
        self.policy = policy
        self.facts = facts
        self.workers = workers
        """Processes extracting pages and computing facts (`storyline.workers`)."""
        self.log = log
        self.runner = runner_for(
            store, RunSettings(facts=facts, workers=workers, chunk_size=LIVE_CHUNK)
        )
        """The one runner (`storyline.runner`), briefs refreshed after each cycle's pages."""
        self.schedule = WatchSchedule(store)
        self.schedule.sync(sources, datetime.now(UTC))
        self.stopping = False

    def stop(self, *_: object) -> None:
        """Ask the loop to stop after the page in hand (a signal handler)."""
        self.stopping = True

    @contextmanager
    def signals_stop(self) -> Iterator[None]:
        """While inside, SIGINT and SIGTERM ask the loop to stop (the previous handlers are
        put back after)."""
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def run(self, *, once: bool = False) -> None:
        while not self.stopping:
            self.cycle()
            if once or self.stopping:
                return
            self._sleep_until(self.schedule.next_due())

    def cycle(self) -> Cycle:
        """Poll the sources that are due, ingest what is new (the runner brings the
        touched stories' briefs up to date, even when stopped), log one line."""
        now = datetime.now(UTC)
        due = self.schedule.due(now)
        report, not_modified = IngestReport(), 0
        if due:
            report, not_modified = self._poll(due)
            if not report.stopped:
                self.schedule.polled(due, now)
        cycle = Cycle(now, len(due), report, not_modified)
        self.log(cycle.line())
        return cycle

    def _poll(self, due: list[WatchedSource]) -> tuple[IngestReport, int]:
        with FetchWorker(self.policy) as fetcher:
            run = live_items([s.source for s in due], self.store, fetcher)
            report = self.runner.run(
                _until(run.items, lambda: self.stopping),
                stop=lambda: self.stopping,
                before_commit=run.state.save,
                after_chunk=run.state.settle,
            )
            run.items.close()  # type: ignore[attr-defined]
        return report, run.not_modified

    def _sleep_until(self, moment: datetime | None) -> None:
        """Sleep in short steps, so a signal stops the watcher promptly."""
        if moment is None:
            moment = datetime.now(UTC) + timedelta(seconds=DEFAULT_EVERY)
        while not self.stopping:
            left = (moment - datetime.now(UTC)).total_seconds()
            if left <= 0:
                return
            time.sleep(min(left, 0.2))
