"""A new SQLite store is created from the newest schema in one step, and equals a store
brought up by replaying every migration (so the shortcut can never drift from them)."""

from __future__ import annotations

import sqlite3

from storyline.store.db import Store
from storyline.store.fresh import migrated_schema, schema_of
from storyline.store.heads import head_from_files


def test_a_new_store_has_exactly_the_migrated_schema(tmp_path) -> None:
    Store.open(tmp_path / "new.db").close()
    head, migrated = migrated_schema()
    with sqlite3.connect(tmp_path / "new.db") as db:
        created = schema_of(db)
        stamped = db.execute("SELECT version_num FROM alembic_version").fetchall()
    assert created == migrated
    assert stamped == [(head,)] and head == head_from_files()


def test_a_new_store_skips_the_migrations_but_an_old_one_is_upgraded(tmp_path, monkeypatch):
    import storyline.store.migrate as migrate

    ran: list[bool] = []
    real = migrate.upgrade
    monkeypatch.setattr(migrate, "upgrade", lambda conn: ran.append(True) or real(conn))
    Store.open(tmp_path / "new.db").close()
    assert ran == []
    with sqlite3.connect(tmp_path / "new.db") as db:  # as if made by an older version
        db.execute("UPDATE alembic_version SET version_num = '0008'")
        db.execute("DROP INDEX ix_articles_content_id")
        db.execute("ALTER TABLE articles DROP COLUMN content_id")
    Store.open(tmp_path / "new.db").close()
    assert ran == [True]
    with sqlite3.connect(tmp_path / "new.db") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(articles)")]
        version = db.execute("SELECT version_num FROM alembic_version").fetchone()
    assert "content_id" in columns and version == (head_from_files(),)
