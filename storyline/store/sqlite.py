"""Everything SQLite does its own way, in one place: connection settings, the write lock,
full-text search (FTS5), upserts and JSON fields.

`storyline.store.postgres` has the same functions for PostgreSQL; `storyline.store.db` picks
one by the URL and the rest of the store is written once for both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Table, event, func, text
from sqlalchemy.dialects.sqlite import insert as dialect_insert
from sqlalchemy.engine import Connection

NAME = "sqlite"
BUSY_MS = 60_000
"""How long a connection waits for another process's write lock before giving up. A writer
holds it for one commit group (a fraction of a second), so this is generous on purpose."""


def configure(engine: Engine) -> None:
    event.listen(engine, "connect", _pragmas)
    event.listen(engine, "begin", _begin)


def lock_writes(conn: Connection) -> None:
    """Nothing to do: a writer's transaction already began with ``BEGIN IMMEDIATE``
    (`writer_options`), which takes SQLite's one write lock, waiting up to ``BUSY_MS``."""


def writer_options() -> dict[str, Any]:
    """Execution options of a writer's connection: its transactions take the write lock
    when they begin, not at their first write. A deferred transaction that read first and
    then writes fails at once with "database is locked" when another process wrote in
    between (its snapshot is stale), whatever the busy timeout; an immediate one waits."""
    return {"storyline_immediate": True}


def search(conn: Connection, terms: list[str], limit: int) -> list[Any]:
    """Rows (id, title, outlet, published, story_id, snippet), best match first. Each term
    (a word or a phrase of words) is one quoted FTS5 phrase: all must match, and no
    punctuation in a query can be FTS5 syntax."""
    from storyline.store.sqlite_reads import SEARCH_SQL, fts5_match

    return list(conn.execute(text(SEARCH_SQL), {"q": fts5_match(terms), "n": limit}))


def upsert(table: Table, keys: tuple[str, ...]):
    """INSERT … ON CONFLICT (keys) DO UPDATE every other column."""
    statement = dialect_insert(table)
    others = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=others)


def json_field(column, *path: str):
    """The JSON value at ``path`` inside a text column, extracted by the database."""
    return func.json_extract(column, "$." + ".".join(path))


def _pragmas(dbapi_conn, _record) -> None:
    """WAL keeps readers (the web app) unblocked during ingest; NORMAL sync is crash-safe
    in WAL mode and makes commits cheap. The driver's own transaction handling is switched
    off (SQLAlchemy's documented recipe) so that SAVEPOINTs work; see `_begin`."""
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    cursor.close()


def _begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("storyline_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
