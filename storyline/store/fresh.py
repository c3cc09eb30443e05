"""A new SQLite store created from the newest schema in one step.

Replaying every Alembic migration on an empty file costs more than the rest of a small ingest's
start (Alembic's import, nine revisions, SQLite table rebuilds). A new SQLite store therefore
runs `FRESH_SQL`, the schema those migrations end in, and stamps the head revision; stores
made by an older version are still upgraded by the migrations (`storyline.store.migrate`).

`FRESH_SQL` is generated, never written by hand: after adding a migration, run
``python -m storyline.store.fresh`` to write it again. A test checks that a store created
from it equals one brought up by the migrations, table by table, index by index.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy.engine import Connection

from storyline.store.heads import head_from_files

FRESH_SQL = Path(__file__).with_name("fresh_sqlite.sql")

_ORDER = {"table": 0, "index": 1, "trigger": 2, "view": 3}
_SHADOW = ("_data", "_idx", "_content", "_docsize", "_config")


def is_empty(conn: Connection) -> bool:
    """Whether the SQLite database behind ``conn`` has no schema objects at all."""
    return conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0


def create_fresh(conn: Connection) -> bool:
    """Create the newest schema on an empty SQLite database, in the caller's transaction.
    False (nothing done) when the statements do not match the migration files' head, so the
    caller replays the migrations instead."""
    statements = _statements()
    if statements is None:
        return False
    for statement in statements:
        conn.exec_driver_sql(statement)
    return True


def _statements() -> list[str] | None:
    try:
        script = FRESH_SQL.read_text(encoding="utf-8")
    except OSError:
        return None
    head, _, body = script.partition("\n")
    if head != f"-- head {head_from_files()}":
        return None  # a migration was added since the file was written: replay them
    return [s.strip() for s in body.split("\n;\n") if s.strip()]


def schema_of(db: sqlite3.Connection) -> list[str]:
    """The CREATE statements of a SQLite database, tables first, without the tables SQLite
    makes itself (``sqlite_*`` and the shadow tables of full-text indexes)."""
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = [n for kind, n, sql in rows if kind == "table" and sql.startswith("CREATE VIRTUAL")]
    kept = [
        (kind, sql.strip())  # SQLite keeps a statement's trailing blanks as given
        for kind, name, sql in rows
        if not name.startswith("sqlite_")
        and not any(name == v + s for v in virtual for s in _SHADOW)
    ]
    return [sql for kind, sql in sorted(kept, key=lambda row: _ORDER.get(row[0], 9))]


def migrated_schema() -> tuple[str, list[str]]:
    """(head revision, schema statements) of an empty SQLite store brought up by the
    migrations themselves."""
    from sqlalchemy import create_engine

    from storyline.store.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "migrated.db"
        engine = create_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            upgrade(conn)
            head = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        engine.dispose()
        with sqlite3.connect(path) as db:
            return str(head), schema_of(db)


def write() -> Path:
    """Write `FRESH_SQL` from the migrations."""
    head, statements = migrated_schema()
    stamp = f"INSERT INTO alembic_version (version_num) VALUES ('{head}')"
    FRESH_SQL.write_text(
        f"-- head {head}\n" + "".join(f"{s}\n;\n" for s in [*statements, stamp]),
        encoding="utf-8",
    )
    return FRESH_SQL


if __name__ == "__main__":
    print(write())
