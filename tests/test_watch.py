"""`storyline watch`: following live sources on a schedule, surviving restarts."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from livesite import NewsSite

from storyline.records import StorylineError
from storyline.store.db import Store
from storyline.watch import parse_duration, read_sources

ROOT = Path(__file__).resolve().parents[1]
FAST = ("--allow-private", "--delay", "0", "--no-facts")
LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 polled (\d+) sources: (\d+) new, (\d+) known, "
    r"(\d+) revised, (\d+) failed, (\d+) not modified$"
)


def test_sources_file(tmp_path) -> None:
    path = tmp_path / "sources.txt"
    path.write_text(
        "# harbour desk\nhttps://a.example/feed.xml every=5m\n\n"
        "https://b.example/sitemap.xml   # the default interval\nhttps://c.example/ every=90\n",
        encoding="utf-8",
    )
    assert read_sources(path, 600) == {
        "https://a.example/feed.xml": 300,
        "https://b.example/sitemap.xml": 600,
        "https://c.example/": 90,
    }
    assert parse_duration("2h") == 7200 and parse_duration("30s") == 30
    path.write_text("ftp://x.example/\n", encoding="utf-8")
    with pytest.raises(StorylineError, match="line 1: not an http"):
        read_sources(path, 600)


@pytest.fixture
def news() -> Iterator[NewsSite]:
    site = NewsSite("127.0.0.5", count=3).start()
    yield site
    site.stop()


def sources_file(tmp_path: Path, *urls: str) -> Path:
    path = tmp_path / "sources.txt"
    path.write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
    return path


def test_once_logs_one_line_per_cycle_and_keeps_its_schedule(cli, db, news, tmp_path) -> None:
    sources = sources_file(tmp_path, news.url())
    first = cli("watch", sources, "--db", db, "--once", *FAST)
    assert first.exit_code == 0
    (line,) = first.output.splitlines()
    assert LINE.match(line).groups() == ("1", "3", "0", "0", "0", "0"), line
    # The source is not due for another 10 minutes: a restarted watcher polls nothing.
    (idle,) = cli("watch", sources, "--db", db, "--once", *FAST).output.splitlines()
    assert LINE.match(idle).group(1) == "0"
    # Due sooner with a shorter interval; then an unchanged feed is one 304.
    sources.write_text(f"{news.url()} every=1s\n", encoding="utf-8")
    time.sleep(1.1)
    (again,) = cli("watch", sources, "--db", db, "--once", *FAST).output.splitlines()
    assert LINE.match(again).groups() == ("1", "0", "0", "0", "0", "1"), again
    assert Store.open(db).count_articles() == 3


def watch_process(sources: Path, db: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "watch", str(sources), "--db", db, *FAST, *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def articles(db: str) -> list[tuple[str | None, str | None, str]]:
    store = Store.open(db)
    try:
        return sorted((s.article.url, s.article.title, s.article.text)
                      for s in store.iter_articles())  # fmt: skip
    finally:
        store.close()


def test_a_watcher_stopped_mid_cycle_and_restarted_misses_and_duplicates_nothing(
    tmp_path,
) -> None:
    site = NewsSite("127.0.0.6", count=12, delay=0.15).start()
    try:
        sources = sources_file(tmp_path, site.url())
        stopped_db = str(tmp_path / "stopped.db")
        proc = watch_process(sources, stopped_db)
        deadline = time.monotonic() + 30
        while site.page_requests() < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert site.page_requests() >= 10, proc.stderr and proc.stderr.read()
        proc.send_signal(signal.SIGTERM)
        out, errors = proc.communicate(timeout=20)
        assert proc.returncode == 0, errors
        (line,) = out.splitlines()
        assert line.endswith("(stopped)"), line
        # Stopped mid-cycle: the first chunk of pages (8) is committed, the rest is not.
        assert 0 < len(articles(stopped_db)) < 12

        restarted = watch_process(sources, stopped_db, "--once")
        out, errors = restarted.communicate(timeout=30)
        assert restarted.returncode == 0, errors

        whole_db = str(tmp_path / "whole.db")
        whole = watch_process(sources, whole_db, "--once")
        whole.communicate(timeout=30)
    finally:
        site.stop()
    got, expected = articles(stopped_db), articles(whole_db)
    assert len(expected) == 12
    assert got == expected
    store = Store.open(stopped_db)
    with store.engine.connect() as conn:
        urls = [r[0] for r in conn.exec_driver_sql("SELECT url FROM pages")]
    assert len(urls) == len(set(urls)) == 12


def test_fetch_state_is_saved_only_once_settled(db) -> None:
    from storyline.store.watchstate import StoredFetchState

    store = Store.open(db)
    state = StoredFetchState.load(store)
    state["https://a.example/1"] = {"etag": '"x"', "last_modified": None, "seen": None}
    state["https://a.example/2"] = {"etag": None, "seen": "2025-06-02T08:00:00+00:00"}
    with store.engine.begin() as conn:
        state.save(conn)  # nothing settled yet: a page in hand may still be unwritten
    assert len(StoredFetchState.load(store)) == 0
    state.settle()
    with store.engine.begin() as conn:
        state.save(conn)
    again = StoredFetchState.load(store)
    assert dict(again) == {
        "https://a.example/1": {"etag": '"x"', "last_modified": None, "seen": None},
        "https://a.example/2": {
            "etag": None, "last_modified": None, "seen": "2025-06-02T08:00:00+00:00"
        },
    }  # fmt: skip
