"""The store's read API (`storyline.store.reads`): reading never writes, and the standard
library's ``sqlite3`` path answers exactly what the SQLAlchemy path answers."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import EXAMPLES
from fastapi.testclient import TestClient

from storyline.ingest import ingest
from storyline.store.db import Store
from storyline.store.reads import StoryFilter, open_reads
from storyline.store.sqlite_reads import SqliteRows
from storyline.views import article_view, refresh_stories, story_view
from storyline.web import create_app
from storyline.web.settings import Settings


def _ingested(path: str) -> None:
    store = Store.open(path)
    try:
        report = ingest([str(EXAMPLES / "manifest.jsonl")], store, facts=False)
        refresh_stories(store, set(report.stories))
    finally:
        store.close()


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("reads") / "store.db")
    _ingested(path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sqlite_file_is_read_with_the_standard_library(example_db):
    reads = open_reads(example_db)
    try:
        assert isinstance(reads.rows, SqliteRows)
        assert reads.count_stories() > 0
    finally:
        reads.close()


def test_both_sqlite_paths_answer_the_same(example_db):
    lite = open_reads(example_db)
    store = Store.open(example_db)
    try:
        full = store.reads
        assert lite.story_rows(limit=100) == full.story_rows(limit=100)
        top = lite.top_story()
        assert top is not None and top == full.top_story()
        outlet = lite.story_rows(limit=1)[0]["outlets"][0]
        where = StoryFilter(outlet=outlet)
        assert lite.count_stories(where) == full.count_stories(where) >= 1
        assert story_view(lite, top) == story_view(full, top)
        for article_id in (1, 2, 5):
            assert article_view(lite, article_id) == article_view(full, article_id)
        assert lite.search("dam OR flood", limit=50) == full.search("dam OR flood", limit=50)
        assert lite.brief_origins([top]) == full.brief_origins([top])
        assert lite.outlet(outlet, limit=10, offset=0) == full.outlet(outlet, limit=10, offset=0)
        assert lite.versions(1) == full.versions(1)
        assert lite.threads() == full.threads()
    finally:
        lite.close()
        store.close()


def test_reads_on_a_read_only_store_write_nothing(tmp_path, cli):
    """A store file the reader may only read: the CLI and the web app answer from it, and
    a story whose brief is missing is built in memory, not stored."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "store.db"
    _ingested(str(path))
    conn = sqlite3.connect(path)
    with conn:
        top = conn.execute("SELECT id FROM stories ORDER BY size DESC LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM story_briefs WHERE story_id = ?", (top,))
    conn.close()
    before = _digest(path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:  # (root may write whatever the modes say: then the digest below is the check)
        for args in (["stories"], ["story", str(top), "--format", "json"], ["article", "1"],
                     ["search", "dam"], ["export", "--format", "jsonl"]):  # fmt: skip
            result = cli(*args, "--db", str(path))
            assert result.exit_code == 0, (args, result.output)
        shown = json.loads(cli("story", str(top), "--format", "json", "--db", str(path)).output)
        assert shown["id"] == top and shown["summary"]
        with TestClient(create_app(settings=Settings(db=str(path)))) as client:
            assert client.get(f"/stories/{top}.json").json()["summary"] == shown["summary"]
            assert client.get(f"/stories/{top}").status_code == 200
            assert client.get("/").status_code == 200
            assert client.get("/search?q=dam").status_code == 200
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert _digest(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute(
        "SELECT count(*) FROM story_briefs WHERE story_id = ?", (top,)
    ).fetchone()[0] == 0
    conn.close()


def test_a_stale_brief_is_not_shown_and_not_rewritten(tmp_path):
    """A brief older than its story's last change is rebuilt for the reader, not saved."""
    path = str(tmp_path / "store.db")
    _ingested(path)
    conn = sqlite3.connect(path)
    with conn:
        top = conn.execute("SELECT id FROM stories ORDER BY size DESC LIMIT 1").fetchone()[0]
        stored = json.loads(
            conn.execute("SELECT brief FROM story_briefs WHERE story_id = ?", (top,)).fetchone()[0]
        )
        stored["summary"] = [{"text": "an outdated summary", "sources": []}]
        conn.execute(
            "UPDATE story_briefs SET brief = ?, updated_at = '2000-01-01 00:00:00.000000' "
            "WHERE story_id = ?",
            (json.dumps(stored), top),
        )
    conn.close()
    reads = open_reads(path)
    try:
        view = story_view(reads, top)
    finally:
        reads.close()
    assert view is not None and view["summary"] != stored["summary"]
    conn = sqlite3.connect(path)
    kept = conn.execute("SELECT brief FROM story_briefs WHERE story_id = ?", (top,)).fetchone()[0]
    conn.close()
    assert json.loads(kept)["summary"] == stored["summary"]


def test_a_store_at_another_schema_is_left_to_the_migrating_path(tmp_path):
    path = tmp_path / "old.db"
    _ingested(str(path))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    from storyline.store.sqlite_reads import open_file

    assert open_file(path) is None  # open_reads then opens it through Store (migrations)


def test_a_missing_brief_is_built_for_the_reader_not_stored(store_url):
    """On either backend: the CLI's views and the web app show a story whose brief is not
    stored (yet), and leave it unstored: briefs are the runner's and `refresh`'s to write."""
    from sqlalchemy import delete, func, select

    from storyline.store import schema as t

    store = Store.open(store_url)
    try:
        report = ingest([str(EXAMPLES / "manifest.jsonl")], store, facts=False)
        refresh_stories(store, set(report.stories))
        top = store.reads.top_story()
        assert top is not None
        with store.engine.begin() as conn:
            conn.execute(delete(t.story_briefs).where(t.story_briefs.c.story_id == top))

        def stored() -> int:
            with store.engine.connect() as conn:
                return conn.execute(select(func.count()).select_from(t.story_briefs)).scalar_one()

        before = stored()
        view = story_view(store, top)
        assert view is not None and view["summary"]
        with TestClient(create_app(settings=Settings(db=store_url))) as client:
            page = client.get(f"/stories/{top}.json")
            assert page.status_code == 200 and page.json()["summary"] == view["summary"]
        assert stored() == before
        refresh_stories(store, {top})  # what the runner does at the end of an ingest
        assert stored() == before + 1
    finally:
        store.close()
