"""Ingest progress people can read: done/total, rate and ETA on a terminal, and a log line
every few seconds when the output is not a terminal (CI, cron, a systemd service).

The total is counted beside the ingest (`storyline.sources.count`), in a thread, so work
starts at once; until the count is in, the display shows what is done and the rate.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

LOG_EVERY = float(os.environ.get("STORYLINE_PROGRESS_SECONDS") or 5.0)
"""Seconds between two log lines when the output is not a terminal
(``STORYLINE_PROGRESS_SECONDS``)."""


WAIT_FOR_COUNT = 1.0
"""Seconds the ingest waits for the count before it starts (then it counts alongside)."""


def count_in_background(inputs: Iterable[str], on_total: Callable[[int], None]) -> None:
    """Count the pages of ``inputs`` in a daemon thread and hand the total to ``on_total``
    (nothing when the total cannot be known, e.g. standard input or URLs)."""
    from storyline.sources.count import count_pages

    items = list(inputs)
    if not items or any(i.startswith(("http://", "https://")) for i in items):
        return  # live sources: what a feed holds is known only once fetched

    def run() -> None:
        total = count_pages(items)
        if total is not None:
            on_total(total)

    thread = threading.Thread(target=run, name="storyline-count", daemon=True)
    thread.start()
    thread.join(timeout=WAIT_FOR_COUNT)  # most inputs are counted before the first page


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


class IngestProgress:
    """One ingest's progress on ``console`` (standard error): a live bar on a terminal,
    periodic plain lines otherwise; nothing at all when ``quiet``."""

    def __init__(self, console: Console, *, quiet: bool = False, log_every: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.console = console
        self.live = not quiet and console.is_terminal
        self.log = not quiet and not console.is_terminal
        self.log_every = LOG_EVERY if log_every is None else log_every
        self.clock = clock
        self.counts = {"new": 0, "known": 0, "revised": 0, "failed": 0}
        self.done = 0
        self.total: int | None = None
        self.started = clock()
        self.last_log = self.started
        self._lock = threading.Lock()
        self._bar = Progress(
            SpinnerColumn(), TextColumn("[bold]ingest[/]"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("{task.fields[summary]}"), TimeElapsedColumn(),
            console=console, disable=not self.live, transient=True,
        )  # fmt: skip
        self._task = self._bar.add_task("ingest", total=None, summary="", rate="")

    def __enter__(self) -> IngestProgress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._bar.__exit__(*exc)

    def set_total(self, total: int) -> None:
        with self._lock:
            self.total = max(total, self.done)
            self._bar.update(self._task, total=self.total)

    def print(self, line: str) -> None:
        self._bar.console.print(line, soft_wrap=True, highlight=False)

    def page(self, outcome: str) -> None:
        """One page (or failure) done."""
        with self._lock:
            self.counts[outcome] += 1
            self.done += 1
            if self.total is not None and self.done > self.total:
                self.total = self.done  # the count was short (a damaged file read further)
                self._bar.update(self._task, total=self.total)
            self._bar.update(self._task, advance=1, summary=self.summary(),
                             rate=f"{self.rate():.1f} pages/s")  # fmt: skip
            now = self.clock()
            if self.log and now - self.last_log >= self.log_every:
                self.last_log = now
                self.console.print(self.log_line(), soft_wrap=True, highlight=False)

    def status(self, text: str) -> None:
        """What the ingest does now (after the pages: updating story briefs); logged when
        not on a terminal and the run is long enough to have logged progress."""
        self._bar.update(self._task, summary=escape(text))
        if self.log and self.clock() - self.started >= self.log_every:
            self.console.print(f"{self.log_line()}; {text}", soft_wrap=True, highlight=False)

    def rate(self) -> float:
        elapsed = self.clock() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        rate = self.rate()
        if self.total is None or rate <= 0:
            return None
        return max(self.total - self.done, 0) / rate

    def summary(self) -> str:
        c = self.counts
        revised = f" · {c['revised']} revised" if c["revised"] else ""
        return f"{c['new']} new · {c['known']} known{revised} · {c['failed']} failed"

    def log_line(self) -> str:
        """``ingest 120/560 pages (21%) · 3.2 pages/s · ETA 2m17s · 118 new · …``"""
        if self.total:
            done = f"{self.done}/{self.total} pages ({100 * self.done // self.total}%)"
            eta = f" · ETA {eta_text(self.eta())}"
        else:
            done, eta = f"{self.done} pages", ""
        return f"ingest {done} · {self.rate():.1f} pages/s{eta} · {self.summary()}"
