"""Many rows in one driver call, for the hot paths of ingest.

SQLAlchemy Core builds a parameter dict per row and runs its type processing on each, which
costs about as much again as SQLite's own work for the thousands of small rows that lineage
keys and clustering statistics write per commit. These statements are plain SQL that SQLite
(3.24+) and PostgreSQL both accept, sent to the driver as one ``executemany`` of tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import Table
from sqlalchemy.engine import Connection

MAX_PARAMETERS = 900


def insert_many(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    conflict: Sequence[str],
    replace: bool = True,
    keep: Sequence[str] = (),
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order). A row whose ``conflict`` columns match a
    stored row replaces that row's other columns but ``keep`` (``replace``), or is skipped.
    Values go through their columns' SQLAlchemy type processing (dates, for one), as they
    would through Core."""
    if rows:
        sql = _statement(
            conn.dialect.paramstyle, table.name, tuple(columns), tuple(conflict), replace,
            tuple(keep),
        )  # fmt: skip
        conn.exec_driver_sql(sql, _processed(conn, table, columns, rows))


def _processed(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple]
) -> list[tuple]:
    dialect = conn.dialect
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    if not any(processors):
        return list(rows)
    return [
        tuple(
            f(v) if f is not None and v is not None else v
            for f, v in zip(processors, row, strict=True)
        )
        for row in rows
    ]


@lru_cache(maxsize=64)
def _statement(
    paramstyle: str,
    table: str,
    columns: tuple[str, ...],
    conflict: tuple[str, ...],
    replace: bool,
    keep: tuple[str, ...] = (),
) -> str:
    mark = "?" if paramstyle == "qmark" else "%s"
    others = [c for c in columns if c not in conflict and c not in keep]
    action = (
        "DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in others)
        if replace and others
        else "DO NOTHING"
    )
    return (
        f'INSERT INTO "{table}" ({_names(columns)}) '
        f"VALUES ({', '.join(mark for _ in columns)}) "
        f"ON CONFLICT ({_names(conflict)}) {action}"
    )


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def rows_in(conn: Connection, sql: str, values: Sequence) -> list[tuple]:
    """Rows of ``sql``, whose ``{}`` is filled with a placeholder for each of ``values`` (asked
    in slices of ``MAX_PARAMETERS``, the most an older SQLite takes in one statement: a
    query that aggregates gets one result per slice)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    rows: list[tuple] = []
    for start in range(0, len(values), MAX_PARAMETERS):
        part = tuple(values[start : start + MAX_PARAMETERS])
        statement = sql.replace("{}", ", ".join(mark for _ in part))
        rows.extend(tuple(row) for row in conn.exec_driver_sql(statement, part))
    return rows


def update_many(
    conn: Connection, table: Table, key: str, columns: Sequence[str], rows: Sequence[tuple]
) -> None:
    """Set ``columns`` of the row whose ``key`` is each row's last value (tuples: the new
    values in ``columns`` order, then the key)."""
    if rows:
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sets = ", ".join(f'"{c}" = {mark}' for c in columns)
        sql = f'UPDATE "{table.name}" SET {sets} WHERE "{key}" = {mark}'
        conn.exec_driver_sql(sql, _processed(conn, table, [*columns, key], rows))
