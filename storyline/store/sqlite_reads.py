"""The read API's SQLite backend on the standard library's ``sqlite3``: no SQLAlchemy.

A read command spends most of its time starting up, and SQLAlchemy alone costs about a third
of a second to import; `storyline.store.reads` queries are plain SQL, so on a SQLite file
they run on a ``sqlite3`` connection opened read-only (``mode=ro``: nothing a reader does can
write, and a file the user may only read works). The store must be at the newest schema
(its ``alembic_version`` against the migration files); otherwise `open_file` answers None
and the caller takes the SQLAlchemy path, which migrates.

`storyline.store.sqlite` (the SQLAlchemy side) uses this module's search statement too, so
the FTS5 query is written once.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

NAME = "sqlite"
BUSY_MS = 60_000
"""How long a reader waits on a lock (a writer checkpointing the WAL); as for writers."""

SEARCH_SQL = (
    "SELECT a.id, a.title, a.outlet, a.published, a.story_id, "
    "snippet(articles_fts, 1, char(2), char(3), '…', 24) AS snippet "
    "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
    "WHERE articles_fts MATCH :q ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT :n"
)
"""Rows (id, title, outlet, published, story_id, snippet), best match first."""

_VOCAB = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.storyline_fts_vocab "
    "USING fts5vocab(main, articles_fts, 'row')"
)
MAX_VARIANTS = 4


def fts5_match(terms: list[str]) -> str:
    """Each term (a word or a phrase of words) as one quoted FTS5 phrase: all must match,
    and no punctuation in a query can be FTS5 syntax."""
    return " ".join('"' + term + '"' for term in terms)


def json_field(column: str, *path: str) -> str:
    return f"json_extract({column}, '$.{'.'.join(path)}')"


def _dict_row(cursor: sqlite3.Cursor, row: tuple) -> dict[str, Any]:
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


class SqliteRows:
    """`storyline.store.reads.Rows` over one read-only ``sqlite3`` connection."""

    dialect = NAME

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def all(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self.conn.execute(sql, params or {}).fetchall()

    def search_rows(self, terms: list[str], limit: int) -> list[dict[str, Any]]:
        return self.all(SEARCH_SQL, {"q": fts5_match(terms), "n": limit})

    def json_field(self, column: str, *path: str) -> str:
        return json_field(column, *path)

    def spelling_variants(self, word: str) -> list[str]:
        return spelling_variants(self.all, word)

    def close(self) -> None:
        self.conn.close()


def spelling_variants(run, word: str) -> list[str]:
    """Other spellings of ``word`` in the full-text index (lower case), most used first:
    words of the index that are transliteration variants of it (the fact stage's own test,
    `storyline.annotate.canonical.spelling_variant`), read through an ``fts5vocab`` table
    (in the connection's temporary schema, so a read-only store is not written)."""
    from storyline.annotate.canonical import ascii_fold, spelling_variant

    word = ascii_fold(word)
    if len(word) < 4 or not word.isalpha():
        return []
    run(_VOCAB)
    firsts = {word[0]} | ({"i", "y"} if word[0] in "iy" else set())
    found: dict[str, int] = {}
    for first in firsts:
        for r in run(
            "SELECT term, doc FROM temp.storyline_fts_vocab WHERE term >= :lo AND term < :hi",
            {"lo": first, "hi": chr(ord(first) + 1)},
        ):
            if spelling_variant(word, r["term"]):
                found[r["term"]] = r["doc"]

    def docs(form: str) -> frozenset[int]:
        rows = run("SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH :q",
                   {"q": '"' + form + '"'})  # fmt: skip
        return frozenset(r["id"] for r in rows)

    own = docs(word)
    out: list[str] = []
    for stem in sorted(found, key=lambda t: -found[t]):
        # the index holds stems ("zelenskyi", "turkiy"): search a form that stems back
        forms = ([stem[:-1] + "y"] if stem.endswith("i") else []) + [stem, stem + "e"]
        for form in forms:
            hits = docs(form)
            if hits and hits != own and form not in out:
                out.append(form)
                break
    return out[:MAX_VARIANTS]


def open_file(path: Path) -> SqliteRows | None:
    """A read-only connection to the store file ``path``, or None when the store is not at
    the newest schema (or cannot be read this way): the caller then opens it through
    SQLAlchemy, which migrates it or reports why it cannot be opened."""
    from storyline.store.heads import head_from_files

    head = head_from_files()
    if head is None:
        return None
    opened = _schema_version(path, "?mode=ro")
    if opened is None and not os.access(path.parent, os.W_OK) and not os.access(path, os.W_OK):
        # A WAL store in a folder this reader may not write: SQLite cannot make the shared-
        # memory file a read-only connection needs. Nobody can write such a store here
        # either, so it is opened as the unchanging file it is.
        opened = _schema_version(path, "?mode=ro&immutable=1")
    if opened is None:
        return None
    conn, found = opened
    if [tuple(r) for r in found] != [(head,)]:
        conn.close()
        return None
    conn.row_factory = _dict_row
    return SqliteRows(conn)


def _schema_version(path: Path, options: str) -> tuple[sqlite3.Connection, list] | None:
    """A connection to ``path`` opened with URI ``options`` and the store's schema version
    rows, or None when it cannot be read so."""
    uri = "file:" + quote(str(path.resolve())) + options
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        return conn, conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        conn.close()
        return None


