"""FetchWorker: the Fetcher in a process of its own, on loopback sites.

What matters here is what a process adds: results and validators cross intact, the read-ahead
is bounded, a batch can be abandoned, the worker's death becomes failures (and failure rows),
and the child never outlives its caller, however the caller ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.fetch.client import FetchPolicy
from storyline.fetch.crawl import fetch_sources
from storyline.fetch.testing import LoopbackSite, Reply, Request
from storyline.fetch.worker import FetchWorker
from storyline.ingest import ingest_items
from storyline.records import Failure, Page
from storyline.store.db import Store
from storyline.watch import live_items

ROOT = Path(__file__).resolve().parents[1]
FAST = FetchPolicy(allow_private=True, delay=0.0, timeout=2.0, retries=0, deadline=10.0)


def page(n: int) -> str:
    return (
        f"<html><head><title>Harbour story {n}</title></head><body><h1>Harbour story {n}</h1>"
        f"<p>The harbour board met on Tuesday to discuss berth {n} and its repairs, which "
        f"will take {n + 2} weeks according to the engineers who inspected it.</p></body></html>"
    )


def etagged(body: str, tag: str):
    def answer(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == tag:
            return Reply(status=304, content_type=None, headers={"ETag": tag})
        return Reply(body, headers={"ETag": tag})

    return answer


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    """Twenty pages with ETags, a slow page and a feed of the first three pages."""
    site = LoopbackSite("127.0.0.31").start()
    for n in range(20):
        site.routes[f"/news/{n}"] = etagged(page(n), f'"p{n}"')
    site.routes["/slow"] = Reply(page(99), delay=3.0)
    items = "".join(
        f"<item><title>Story {n}</title><link>{site.url(f'/news/{n}')}</link></item>"
        for n in range(3)
    )
    site.routes["/feed.xml"] = Reply(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour</title>{items}"
        "</channel></rss>",
        content_type="application/rss+xml",
    )
    yield site
    site.stop()


def urls(site: LoopbackSite, count: int = 20) -> list[str]:
    return [site.url(f"/news/{n}") for n in range(count)]


def gone(pid: int, within: float = 5.0) -> bool:
    """Whether process ``pid`` has exited within ``within`` seconds (a zombie that nobody
    has reaped yet counts: it runs no more)."""
    deadline = time.monotonic() + within
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def test_results_and_validators_cross_the_process_intact(site) -> None:
    with FetchWorker(FAST) as worker:
        first = {r.url: r for r in worker.fetch_many(urls(site, 5))}
        assert sorted(first) == sorted(urls(site, 5))
        one = first[site.url("/news/1")]
        assert one.ok and one.etag == '"p1"' and "Harbour story 1" in (one.content or "")
        assert one.raw.startswith(b"<html>") and one.content_type.startswith("text/html")
        state = {url: {**r.validators, "seen": "2025-06-02T08:00:00+00:00"}
                 for url, r in first.items()}  # fmt: skip
        again = list(worker.fetch_many(urls(site, 5), state))
    assert len(again) == 5 and all(r.not_modified for r in again)
    conditional = site.requests("/news/1")[1]
    assert conditional.headers.get("If-None-Match") == '"p1"'


def test_a_crawl_runs_through_the_worker(site) -> None:
    state: dict[str, dict] = {}
    with FetchWorker(FAST) as worker:
        records = list(fetch_sources([site.url("/feed.xml")], worker, state))
    pages = sorted(r.ref for r in records if isinstance(r, Page))
    assert pages == sorted(urls(site, 3))
    assert state[site.url("/news/2")]["etag"] == '"p2"'


def test_read_ahead_is_bounded_while_the_caller_is_busy(site) -> None:
    policy = FetchPolicy(allow_private=True, delay=0.0, workers=2, concurrency=1, timeout=2.0)
    with FetchWorker(policy, read_ahead=3) as worker:
        results = worker.fetch_many(urls(site))
        next(results)  # the caller takes one result, then is busy for a while
        time.sleep(1.0)
        asked = len([r for r in site.requests() if r.path.startswith("/news/")])
        # taken + read-ahead + one held by the worker + one in flight (one host, 1 at a time)
        assert asked <= 1 + 3 + 1 + 1, asked
        assert len(list(results)) == 19
    assert len([r for r in site.requests() if r.path.startswith("/news/")]) == 20


def test_an_abandoned_batch_does_not_leak_into_the_next(site) -> None:
    with FetchWorker(FAST) as worker:
        results = worker.fetch_many(urls(site, 10))
        next(results)
        results.close()
        later = [site.url("/feed.xml"), site.url("/news/15")]
        got = list(worker.fetch_many(later))
        assert sorted(r.url for r in got) == sorted(later)
        assert all(r.ok for r in got)
        assert worker.fetch(site.url("/news/16")).ok


def test_the_worker_stops_with_the_run(site) -> None:
    with FetchWorker(FAST) as worker:
        pid = worker.pid
        assert not gone(pid, within=0.2)
        assert worker.fetch(site.url("/news/0")).ok
        if hasattr(os, "sched_getscheduler"):  # wakes up without preempting the caller
            assert os.sched_getscheduler(pid) == os.SCHED_BATCH
    assert gone(pid)


def test_closing_does_not_wait_for_a_slow_server(site) -> None:
    policy = FetchPolicy(allow_private=True, delay=0.0, concurrency=2, timeout=5.0)
    worker = FetchWorker(policy)
    results = worker.fetch_many([site.url("/news/0"), site.url("/slow")])
    assert next(results).url == site.url("/news/0")  # and /slow is in flight
    started = time.monotonic()
    results.close()
    worker.close()
    assert time.monotonic() - started < 2.0  # the 3 s answer is not waited for
    assert gone(worker.pid, within=0.1)


def test_an_interrupted_caller_leaves_no_worker(site) -> None:
    with pytest.raises(KeyboardInterrupt), FetchWorker(FAST) as worker:
        pid = worker.pid
        for _ in worker.fetch_many(urls(site)):
            raise KeyboardInterrupt
    assert gone(pid)


def test_ctrl_c_is_the_callers_to_handle(site) -> None:
    with FetchWorker(FAST) as worker:
        assert worker.fetch(site.url("/news/0")).ok
        os.kill(worker.pid, signal.SIGINT)
        time.sleep(0.2)
        assert worker.fetch(site.url("/news/1")).ok
        assert os.getpgid(worker.pid) != os.getpgid(0)  # a terminal's Ctrl-C misses it


def test_a_dead_worker_turns_what_it_owed_into_failure_rows(site, tmp_path) -> None:
    store = Store.open(tmp_path / "live.db")
    with FetchWorker(FAST, read_ahead=1) as worker:
        run = live_items(urls(site, 6), store, worker)

        def killed_after_first() -> Iterator[Page | Failure]:
            for n, item in enumerate(run.items):
                if n == 0:
                    os.kill(worker.pid, signal.SIGKILL)
                yield item

        report = ingest_items(killed_after_first(), store, derive=False, facts=False, **run.hooks)
    assert report.new >= 1 and report.new + report.failed == 6
    reasons = [f.error for f in store.failures()]
    assert reasons and all("the fetch worker stopped (exit code -9)" in r for r in reasons)
    assert all("\n" not in r and r.startswith("http://127.0.0.31") for r in reasons)
    assert len(store.failures()) == report.failed
    store.close()


def test_the_worker_exits_when_its_caller_is_killed(site, tmp_path) -> None:
    program = textwrap.dedent(f"""
        import sys, time
        from storyline.fetch.client import FetchPolicy
        from storyline.fetch.worker import FetchWorker
        worker = FetchWorker(FetchPolicy(allow_private=True, delay=0.0))
        results = worker.fetch_many([{site.url("/slow")!r}])
        print(worker.pid, flush=True)
        next(results)
    """)
    caller = subprocess.Popen(
        [sys.executable, "-c", program], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert caller.stdout is not None
    pid = int(caller.stdout.readline())
    caller.kill()  # SIGKILL: no cleanup of its own runs
    caller.wait(timeout=5)
    assert gone(pid, within=6.0)  # the slow answer (3 s), then a write to nobody
