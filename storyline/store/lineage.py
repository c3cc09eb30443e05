"""The store's side of wire lineage: the ``key -> article`` table and the links found.

`ReuseIndex` (in `storyline.reuse`) decides what is shared; this module gives it a SQL
`KeyBackend` and a `DocumentSource` over the articles table, both bound to the connection of
the ingest transaction, so that the pages of one batch find each other before it commits and
lineage is found between today's and last week's articles alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.engine import Connection

from storyline import serial
from storyline.reuse import ReuseIndex, ReuseLink, SharedPassage
from storyline.store import schema as t

MAX_POSTINGS = 200
"""A key held by more articles than this is boilerplate, not evidence (see `KeyBackend`)."""

_LOOKUP = select(t.reuse_keys.c.key, t.reuse_keys.c.article_id).where(
    t.reuse_keys.c.key.in_(bindparam("keys", expanding=True))
)
_DOCUMENT = select(t.articles.c.text, t.articles.c.published).where(
    t.articles.c.id == bindparam("id")
)


class SqlKeys:
    """`KeyBackend` over the ``reuse_keys`` table."""

    def __init__(self, conn: Connection, max_postings: int = MAX_POSTINGS) -> None:
        self.conn = conn
        self.max_postings = max_postings

    def add_keys(self, doc_id: str, keys: Sequence[int]) -> None:
        rows = [{"key": k, "article_id": int(doc_id)} for k in dict.fromkeys(keys)]
        if rows:
            self.conn.execute(insert(t.reuse_keys).prefix_with("OR IGNORE", dialect="sqlite"), rows)

    def lookup(self, keys: Sequence[int]) -> dict[str, int]:
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        postings: dict[int, list[int]] = {}
        for key, article_id in self.conn.execute(_LOOKUP, {"keys": wanted}):
            postings.setdefault(key, []).append(article_id)
        hits: Counter[str] = Counter()
        for docs in postings.values():
            if len(docs) <= self.max_postings:
                hits.update(str(d) for d in docs)
        return dict(hits)


class SqlDocuments:
    """`DocumentSource` over the articles table."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def document(self, doc_id: str) -> tuple[str, str | None] | None:
        row = self.conn.execute(_DOCUMENT, {"id": int(doc_id)}).first()
        return (row.text, row.published) if row else None


def reuse_index(conn: Connection) -> ReuseIndex:
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
        conn.execute(insert(t.reuse_links), rows)


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
    return ReuseLink(
        a=str(row.article_id),
        b=str(row.other_id),
        shared_a=row.shared,
        shared_b=row.other_shared,
        passages=serial.loads(tuple[SharedPassage, ...], row.passages),
        origin=str(row.origin_id) if row.origin_id is not None else None,
        exact_duplicate=row.exact,
    )


def flip(link: ReuseLink) -> ReuseLink:
    """The same link seen from its other article."""
    return ReuseLink(
        a=link.b,
        b=link.a,
        shared_a=link.shared_b,
        shared_b=link.shared_a,
        passages=tuple(
            SharedPassage(p.b_start, p.b_end, p.a_start, p.a_end, p.b_text, p.a_text, p.kind)
            for p in link.passages
        ),
        origin=link.origin,
        exact_duplicate=link.exact_duplicate,
    )


def clear(conn: Connection) -> None:
    """Forget all lineage (before `storyline rebuild` recomputes it)."""
    conn.execute(delete(t.reuse_links))
    conn.execute(delete(t.reuse_keys))
