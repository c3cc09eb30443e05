"""The read API's backend over a `Store`'s SQLAlchemy engine: PostgreSQL, the web app, and
any caller holding an open store (`storyline.store.reads` holds the queries)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

from storyline.store import sqlite_reads


class EngineRows:
    """`storyline.store.reads.Rows` on a connection from the engine's pool per statement (the
    web app reads from several threads)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    def all(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(text(sql), params or {})]

    def search_rows(self, terms: list[str], limit: int) -> list[dict[str, Any]]:
        from storyline.store.db import dialect_module

        with self.engine.connect() as conn:
            rows = dialect_module(self.dialect).search(conn, terms, limit)
            return [dict(r._mapping) for r in rows]

    def json_field(self, column: str, *path: str) -> str:
        if self.dialect == "sqlite":
            return sqlite_reads.json_field(column, *path)
        from storyline.store.postgres import json_field_sql

        return json_field_sql(column, *path)

    def spelling_variants(self, word: str) -> list[str]:
        """SQLite's index vocabulary; PostgreSQL searches the spelling as typed."""
        if self.dialect != "sqlite":
            return []
        with self.engine.connect() as conn:

            def run(sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
                return [dict(r._mapping) for r in conn.execute(text(sql), params or {})]

            return sqlite_reads.spelling_variants(run, word)

    def close(self) -> None:
        """The engine belongs to its `Store`, which closes it."""
