"""Everything PostgreSQL does its own way, in one place: the driver check, the writers'
lock (an advisory lock), full-text search (``tsvector``), upserts and JSON fields.

`storyline.store.sqlite` has the same functions for SQLite; `storyline.store.db` picks one by
the URL and the rest of the store is written once for both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Table, cast, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as dialect_insert
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from storyline.records import StorylineError

NAME = "postgresql"
WRITE_LOCK = 0x5_7081_11E
"""The advisory lock every storyline writer takes for its commit group (any number, the same
in every process)."""
CONFIG = "english"
HEADLINE = "StartSel=\x02,StopSel=\x03,MaxWords=24,MinWords=8,MaxFragments=1"


def check_driver(url: str) -> None:
    """One line saying what to install when the driver is missing."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StorylineError(
            f"{_safe(url)}: PostgreSQL needs the psycopg driver: "
            "pip install 'storyline[postgres]'"
        ) from None


def configure(engine: Engine) -> None:
    """Nothing beyond the defaults (READ COMMITTED, the driver's pool)."""


def writer_options() -> dict[str, Any]:
    return {}


def lock_writes(conn: Connection) -> None:
    """Take the writers' advisory lock for the rest of this transaction: one writer at a
    time runs lineage and stories, and what it reads after the lock includes everything the
    writer before it committed (READ COMMITTED reads per statement)."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})


def search(conn: Connection, terms: list[str], limit: int) -> list[Any]:
    """Rows (id, title, outlet, published, story_id, snippet), best match first. Each term
    (a word or a phrase of words) becomes a ``phraseto_tsquery``, all ANDed: the CLI's query
    syntax, and no text can be tsquery syntax."""
    from storyline.store import schema as t

    a = t.articles
    query: ColumnElement[Any] = func.phraseto_tsquery(CONFIG, terms[0])
    for term in terms[1:]:
        query = query.op("&&")(func.phraseto_tsquery(CONFIG, term))
    search_column: ColumnElement[Any] = literal_column("articles.search")
    rank = func.ts_rank(search_column, query)
    statement = (
        select(
            a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.story_id,
            func.ts_headline(CONFIG, a.c.text, query, HEADLINE).label("snippet"),
        )  # fmt: skip
        .where(search_column.op("@@")(query))
        .order_by(rank.desc(), a.c.id)
        .limit(limit)
    )
    return list(conn.execute(statement))


def upsert(table: Table, keys: tuple[str, ...]):
    """INSERT … ON CONFLICT (keys) DO UPDATE every other column."""
    statement = dialect_insert(table)
    others = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=others)


def json_field(column, *path: str):
    """The JSON value at ``path`` inside a text column, extracted by the database."""
    return func.jsonb_extract_path_text(cast(column, JSONB), *path)


def json_field_sql(column: str, *path: str) -> str:
    """`json_field` as SQL text (for the read API's plain statements)."""
    keys = ", ".join("'" + key.replace("'", "''") + "'" for key in path)
    return f"jsonb_extract_path_text(CAST({column} AS JSONB), {keys})"


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "database URL"
