"""Killing an ingest half-way and running it again ends with exactly the articles of an
uninterrupted run: nothing lost, nothing duplicated (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pagegen import write_dumps

PAGES = 1200
PG_PAGES = 400
"""Fewer on the PostgreSQL half: enough to kill a run half-way, and the whole file stays
within CI's time (the SQLite half keeps the large batch)."""


def _pages(store_url: str) -> int:
    return PG_PAGES if store_url.startswith("postgresql://") else PAGES


def _storyline(*args: str) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", *args]


def _ingest(folder: Path, db: Path | str, *extra: str) -> list[str]:
    """Facts are left out: they run in the same savepoint as the rest, and would only make
    the 1,200-page runs slow."""
    return _storyline("ingest", str(folder), "--db", str(db), "--no-facts", *extra)


def _count(db: Path | str) -> int:
    """Articles committed so far, read as another process would (0 before the tables exist)."""
    if str(db).startswith("postgresql://"):
        import psycopg

        try:
            with psycopg.connect(str(db), connect_timeout=5) as conn:
                return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except psycopg.Error:
            return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _articles(db: Path | str) -> list[tuple]:
    out = subprocess.run(
        _storyline("export", "--format", "jsonl", "--db", str(db)),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    records = [json.loads(line) for line in out.splitlines()]
    return sorted((r["ref"], r["title"], r["text"]) for r in records)


def _start_and_kill(
    folder: Path, db: Path | str, sig: int, after: int
) -> tuple[int, subprocess.Popen]:
    proc = subprocess.Popen(
        _ingest(folder, db, "-q"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its session then names every process it started
    )
    deadline = time.monotonic() + 120
    while _count(db) < after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    at_kill = _count(db)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    return at_kill, proc


def _in_session(session: int) -> list[int]:
    """Processes still running in ``session`` (Linux /proc; empty elsewhere)."""
    left = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if int(fields[3]) == session and fields[0] != "Z":
            left.append(int(entry.name))
    return left


def _second_store(store_url: str, tmp_path: Path, request) -> str:
    if store_url.startswith("postgresql://"):
        return request.getfixturevalue("postgres_server").new_database()
    return str(tmp_path / "reference.db")


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path, store_url, request):
    pages = _pages(store_url)
    folder = write_dumps(tmp_path / "pages", pages)
    reference = _second_store(store_url, tmp_path, request)
    subprocess.run(_ingest(folder, reference, "-q"), check=True)
    assert _count(reference) == pages

    db = store_url
    at_kill, killed = _start_and_kill(folder, db, signal.SIGKILL, after=100)
    assert 0 < at_kill < pages, "the ingest should have been killed half-way"
    # Nothing it started outlives it: its worker processes hold no store connection open.
    deadline = time.monotonic() + 30
    while _in_session(killed.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _in_session(killed.pid) == [], "a killed ingest left processes behind"
    rerun = subprocess.run(
        _ingest(folder, db),
        check=True,
        capture_output=True,
        text=True,
    )
    assert "0 failed" in rerun.stdout
    assert _articles(db) == _articles(reference)


def test_ctrl_c_keeps_committed_work_and_says_how_to_finish(tmp_path, store_url):
    pages = _pages(store_url)
    folder = write_dumps(tmp_path / "pages", pages)
    db = store_url
    at_kill, proc = _start_and_kill(folder, db, signal.SIGINT, after=50)
    assert at_kill < pages
    assert proc.returncode == 130
    assert "run the same command again" in " ".join(proc.stderr.read().split())
    kept = _count(db)
    assert kept >= at_kill
    subprocess.run(_ingest(folder, db, "-q"), check=True)
    assert _count(db) == pages


def test_second_run_adds_nothing(tmp_path, store_url):
    folder = write_dumps(tmp_path / "pages", 30)
    db = store_url
    env = {**os.environ, "STORYLINE_DB": str(db)}
    first = subprocess.run(
        _storyline("ingest", str(folder)), check=True, capture_output=True, text=True, env=env
    )
    second = subprocess.run(
        _storyline("ingest", str(folder)), check=True, capture_output=True, text=True, env=env
    )
    assert "30 new" in first.stdout
    assert "0 new, 30 already known" in second.stdout
    assert _count(db) == 30
