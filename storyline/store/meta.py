"""Small named values kept in the ``meta`` table (counters, versions)."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from storyline.store import schema as t

_GET = select(t.meta.c.value).where(t.meta.c.key == bindparam("k"))


def get(conn: Connection, key: str) -> str | None:
    return conn.execute(_GET, {"k": key}).scalar()


def put(conn: Connection, key: str, value: str) -> None:
    from storyline.store.clusterstate import upsert

    upsert(conn, t.meta, [{"key": key, "value": value}], ["key"])


def bump(conn: Connection, key: str) -> int:
    """Add one to the counter ``key`` (0 when absent) and return its new value."""
    value = int(get(conn, key) or 0) + 1
    put(conn, key, str(value))
    return value
