"""The store's side of wire lineage: the ``key -> article`` table and the links found.

`ReuseIndex` (in `storyline.reuse`) decides what is shared; this module gives it a SQL
`KeyBackend` and a `DocumentSource` over the articles table, both bound to the connection of
the ingest transaction, so that the pages of one batch find each other before it commits and
lineage is found between today's and last week's articles alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.engine import Connection

from storyline import serial
from storyline.reuse.records import ReuseLink
from storyline.store import schema as t
from storyline.store.bulk import insert_many, rows_in
from storyline.store.clusterstate import upsert
from storyline.store.linkcodec import flip, link_from_row

if TYPE_CHECKING:  # the index (MinHash) loads when lineage is computed, not when it is read
    from storyline.reuse import ReuseIndex

KEY_VERSION_META = "reuse.key_version"
MAX_POSTINGS = 200
"""A key held by more articles than this is boilerplate, not evidence (see `KeyBackend`)."""

_LOOKUP = (
    "SELECT article_id,"
    " sum(CASE WHEN k = {skip} OR holders > {most} THEN 0 ELSE 1 END),"
    " max(CASE WHEN k = {whole} THEN 1 ELSE 0 END)"
    ' FROM (SELECT "key" AS k, article_id, count(*) OVER (PARTITION BY "key") AS holders'
    ' FROM reuse_keys WHERE "key" IN ({keys})) AS found'
    " GROUP BY article_id"
)
"""Per article: how many of the asked keys it holds, not counting boilerplate keys (held by
more than ``most`` articles) nor the text key (``skip``, unless asked as a key too), and
whether it holds the text key ``whole`` (a duplicate)."""
_KEY_VERSION = select(t.meta.c.value).where(t.meta.c.key == KEY_VERSION_META)
_DOCUMENTS = select(t.articles.c.id, t.articles.c.text, t.articles.c.published).where(
    t.articles.c.id.in_(bindparam("ids", expanding=True))
)
_SAVE_LINKS = insert(t.reuse_links)


class SqlKeys:
    """`KeyBackend` over the ``reuse_keys`` table."""

    def __init__(self, conn: Connection, max_postings: int = MAX_POSTINGS) -> None:
        self.conn = conn
        self.max_postings = max_postings

    def add_keys(self, doc_id: str, keys: Sequence[int]) -> None:
        rows = [(k, int(doc_id)) for k in dict.fromkeys(keys)]
        insert_many(self.conn, t.reuse_keys, ("key", "article_id"), rows,
                    conflict=("key", "article_id"), replace=False)  # fmt: skip

    def lookup(
        self, keys: Sequence[int], whole: int | None = None
    ) -> tuple[dict[str, int], set[str]]:
        """Counted in the database, in one query: a key of a text that many articles carry
        (a popular wire story) has hundreds of rows, and reading them all into Python made
        the cost per article grow with the store."""
        wanted = list(dict.fromkeys(keys))
        text_key = int(whole) if whole is not None else -1  # keys are never negative
        skip = -1  # the text key counts as a hit only when it was asked as one
        if whole is not None and whole not in wanted:
            wanted.insert(0, whole)
            skip = text_key
        sql = _LOOKUP.format(whole=text_key, skip=skip, most=int(self.max_postings), keys="{}")
        hits: Counter[str] = Counter()
        duplicates: set[str] = set()
        for article_id, count, duplicate in rows_in(self.conn, sql, wanted):
            if count:
                hits[str(article_id)] += count
            if duplicate:
                duplicates.add(str(article_id))
        return dict(hits), duplicates


class SqlDocuments:
    """`DocumentSource` over the articles table."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def documents(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        rows = self.conn.execute(_DOCUMENTS, {"ids": [int(d) for d in doc_ids]})
        return {str(row.id): (row.text, row.published) for row in rows}


def ensure_key_version(conn: Connection, batch: int = 500) -> int:
    """Make the stored keys those of this version (``KEY_VERSION``), recomputing them from the
    stored texts when they were made by another; returns how many articles were re-keyed.
    Keys of two versions never match each other, so a store written by an older storyline
    would otherwise find no lineage between its old articles and new ones."""
    from storyline.reuse import KEY_VERSION

    stored = conn.execute(_KEY_VERSION).scalar()
    if stored == str(KEY_VERSION):
        return 0
    rekeyed = 0
    if conn.execute(select(t.reuse_keys.c.key).limit(1)).first() is not None:
        conn.execute(delete(t.reuse_keys))
        index = reuse_index(conn)
        ids = list(conn.execute(select(t.articles.c.id).order_by(t.articles.c.id)).scalars())
        for start in range(0, len(ids), batch):
            chunk = [str(i) for i in ids[start : start + batch]]
            for doc_id, (text, published) in SqlDocuments(conn).documents(chunk).items():
                index.register(doc_id, text, published)
                rekeyed += 1
    upsert(conn, t.meta, [{"key": KEY_VERSION_META, "value": str(KEY_VERSION)}], ["key"])
    return rekeyed


def reuse_index(conn: Connection) -> ReuseIndex:
    from storyline.reuse import ReuseIndex

    return ReuseIndex(backend=SqlKeys(conn), documents=SqlDocuments(conn))


def save_links(conn: Connection, links: Sequence[ReuseLink]) -> None:
    """Keep each link once, from the newer article's side (``a``) to the earlier (``b``)."""
    rows = [
        {
            "article_id": int(link.a),
            "other_id": int(link.b),
            "shared": link.shared_a,
            "other_shared": link.shared_b,
            "origin_id": int(link.origin) if link.origin else None,
            "exact": link.exact_duplicate,
            "passages": serial.dumps(link.passages),
        }
        for link in links
        if link.a != link.b
    ]
    if rows:
        conn.execute(_SAVE_LINKS, rows)


def links_of(conn: Connection, article_id: int) -> list[ReuseLink]:
    """Every link of an article, seen from its side (``a`` is always ``article_id``)."""
    query = select(t.reuse_links).where(
        (t.reuse_links.c.article_id == article_id) | (t.reuse_links.c.other_id == article_id)
    )
    links = [_link(row) for row in conn.execute(query)]
    links = [link if link.a == str(article_id) else flip(link) for link in links]
    links.sort(key=lambda link: (-link.shared_a, int(link.b)))
    return links


def links_among(conn: Connection, article_ids: Sequence[int]) -> list[ReuseLink]:
    """The links between the given articles (a story's), each once, in one query."""
    ids = list(article_ids)
    if not ids:
        return []
    query = select(t.reuse_links).where(
        t.reuse_links.c.article_id.in_(ids), t.reuse_links.c.other_id.in_(ids)
    )
    return [_link(row) for row in conn.execute(query)]


def _link(row) -> ReuseLink:
    return link_from_row(row)


def clear(conn: Connection) -> None:
    """Forget all lineage (before `storyline rebuild` recomputes it)."""
    conn.execute(delete(t.reuse_links))
    conn.execute(delete(t.reuse_keys))
