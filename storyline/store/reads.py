"""The store's read API: every read the views, the web app, the export and the CLI make.

Readers (`storyline.views`, `storyline.web.data`, `storyline.thread_views`, `storyline.export`,
the read commands) ask these methods and hold no SQL. The queries are written once, as plain
SQL with ``:name`` parameters that both SQLite and PostgreSQL accept, and run through a
`Rows` backend:

- `storyline.store.sqlite_reads.SqliteRows`: the standard library's ``sqlite3`` on a SQLite
  file opened read-only. A read command over a SQLite store imports no SQLAlchemy or Alembic
  at all (start-up is most of a read command's time); `open_reads` falls back to the engine
  when the store must be created or migrated first.
- `EngineRows` (`storyline.store.engine_reads`): the store's SQLAlchemy engine, for
  PostgreSQL, for the web app and for anything holding an open `Store`.

What each database does its own way (full-text search, JSON fields, spelling variants) is a
method of the backend; nothing here writes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from storyline.store.records import SearchHit, StoredArticle, Version

if TYPE_CHECKING:  # (the article records load with the first article read)
    from storyline.annotate import ArticleFacts
    from storyline.notes import Note
    from storyline.records import Failure
    from storyline.reuse import ReuseLink

Row = dict[str, Any]
CHUNK = 500
"""Ids per ``IN (…)`` list: SQLite allows a limited number of parameters per statement."""


class Rows(Protocol):
    """Runs one read-only statement; what the database does its own way."""

    dialect: str

    def all(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]: ...

    def search_rows(self, terms: list[str], limit: int) -> list[Row]:
        """(id, title, outlet, published, story_id, snippet) of articles matching every
        term (a word or a phrase), best first."""
        ...

    def json_field(self, column: str, *path: str) -> str:
        """SQL for the JSON value at ``path`` inside a text column."""
        ...

    def spelling_variants(self, word: str) -> list[str]:
        """Other spellings of ``word`` in the full-text index (SQLite only; [] elsewhere)."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class StoryFilter:
    outlet: str | None = None
    since: str | None = None  # last seen on or after (ISO date)
    until: str | None = None  # first seen on or before

    def sql(self, params: dict[str, Any]) -> str:
        """`` WHERE …`` over ``stories`` for this filter ('' when it lets all through)."""
        clauses = []
        if self.since:
            clauses.append("stories.last_seen >= :f_since")
            params["f_since"] = self.since
        if self.until:
            clauses.append("stories.first_seen <= :f_until")
            params["f_until"] = self.until[:10] + "\uffff"
        if self.outlet:
            clauses.append(
                "stories.id IN (SELECT story_id FROM articles WHERE outlet = :f_outlet)"
            )
            params["f_outlet"] = self.outlet
        return " WHERE " + " AND ".join(clauses) if clauses else ""


@dataclass(frozen=True)
class StoredBrief:
    """A story's stored brief: its JSON, the code version that built it and when."""

    version: int
    brief: dict[str, Any]
    updated_at: datetime | None


def moment(value: Any) -> datetime | None:
    """A stored time as an aware datetime (``sqlite3`` hands out the text SQLAlchemy wrote)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _naive(value: Any) -> datetime | None:
    """A stored time as SQLAlchemy reads it back on each database (naive on SQLite)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def _in(name: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """``(:name0, :name1, …)`` with the values bound; ``(NULL)`` matches nothing."""
    if not values:
        return "(NULL)"
    for i, value in enumerate(values):
        params[f"{name}{i}"] = value
    return "(" + ", ".join(f":{name}{i}" for i in range(len(values))) + ")"


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


class Reads:
    """Read-only access to a store (see the module's docstring)."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.dialect = rows.dialect

    @property
    def reads(self) -> Reads:
        """Itself: views accept a `Store` (``store.reads``) or its `Reads` alike."""
        return self

    def close(self) -> None:
        self.rows.close()

    def _all(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self.rows.all(sql, params)

    def _all_in(self, select: str, ids: Sequence[Any], tail: str = "") -> Iterator[Row]:
        """The rows of ``select (ids…) tail``: ``select`` ends in ``IN``, and the ids are
        bound a chunk at a time (SQLite limits the number of bound parameters)."""
        for chunk in _chunks(ids):
            params: dict[str, Any] = {}
            yield from self._all(select + _in("v", chunk, params) + tail, params)

    def _one(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        found = self.rows.all(sql, params)
        return next(iter(found[0].values())) if found else None

    # -- stories ----------------------------------------------------------------------------
    def story_rows(
        self, *, limit: int = 50, offset: int = 0, where: StoryFilter | None = None
    ) -> list[Row]:
        """Stories, most recently updated first (stored rows, see `story_record`)."""
        params: dict[str, Any] = {"n": limit, "o": offset}
        sql = (
            "SELECT id, title, size, outlets, first_seen, last_seen, updated_at, related, "
            "thread_id FROM stories" + (where or StoryFilter()).sql(params)
            + " ORDER BY updated_at DESC, id DESC LIMIT :n OFFSET :o"
        )  # fmt: skip
        return [story_record(r) for r in self._all(sql, params)]

    def count_stories(self, where: StoryFilter | None = None) -> int:
        params: dict[str, Any] = {}
        return int(self._one("SELECT count(*) FROM stories" + (where or StoryFilter()).sql(params),
                             params))  # fmt: skip

    def top_story(self) -> int | None:
        """The story with the most articles (the most recently updated among equals)."""
        return self._one(
            "SELECT id FROM stories ORDER BY size DESC, updated_at DESC, id LIMIT 1"
        )

    def story(self, story_id: int) -> Row | None:
        """One story's stored row (`story_record`), None when there is no such story."""
        rows = self._all(
            "SELECT id, title, size, outlets, first_seen, last_seen, updated_at, related, "
            "thread_id FROM stories WHERE id = :id",
            {"id": story_id},
        )
        return story_record(rows[0]) if rows else None

    def story_ids(self) -> list[int]:
        return [r["id"] for r in self._all("SELECT id FROM stories ORDER BY id")]

    def story_titles(self, ids: Sequence[int]) -> list[Row]:
        """``{"id", "title", "size"}`` of the stories ``ids``, in that order."""
        found: dict[int, Row] = {}
        for r in self._all_in("SELECT id, title, size FROM stories WHERE id IN ", ids):
            found[r["id"]] = {"id": r["id"], "title": r["title"], "size": r["size"]}
        return [found[i] for i in ids if i in found]

    def brief(self, story_id: int) -> StoredBrief | None:
        """The story's stored brief (of whatever version), None when none is stored."""
        rows = self._all(
            "SELECT version, brief, updated_at FROM story_briefs WHERE story_id = :id",
            {"id": story_id},
        )
        if not rows:
            return None
        r = rows[0]
        return StoredBrief(r["version"], json.loads(r["brief"]), moment(r["updated_at"]))

    def brief_origins(self, ids: Sequence[int]) -> dict[int, int | None]:
        """``coverage.origins`` of the stored briefs of ``ids``, extracted by the database so
        that the briefs are not shipped to Python and parsed."""
        out: dict[int, int | None] = {}
        field = self.rows.json_field("brief", "coverage", "origins")
        for r in self._all_in(
            f"SELECT story_id, {field} AS origins FROM story_briefs WHERE story_id IN ", ids
        ):
            value = r["origins"]
            out[r["story_id"]] = int(value) if value is not None else None
        return out

    def story_article_ids(self, story_id: int) -> list[int]:
        """The story's articles in publication order."""
        return [
            r["id"]
            for r in self._all(
                "SELECT id FROM articles WHERE story_id = :s ORDER BY published, id",
                {"s": story_id},
            )
        ]

    def story_articles(self, story_id: int) -> list[StoredArticle]:
        """The story's articles in publication order, as a brief reads them: one query, and
        without what only an article's own page shows (its removed parts, its page URLs)."""
        rows = self._all(
            "SELECT * FROM articles WHERE story_id = :s ORDER BY published, id", {"s": story_id}
        )
        return [self._stored(r, with_parts=False) for r in rows]

    # -- articles ---------------------------------------------------------------------------
    def count_articles(self) -> int:
        return int(self._one("SELECT count(*) FROM articles"))

    def list_articles(self, *, limit: int = 50, offset: int = 0) -> list[StoredArticle]:
        rows = self._all(
            "SELECT * FROM articles ORDER BY published DESC, id DESC LIMIT :n OFFSET :o",
            {"n": limit, "o": offset},
        )
        return [self._stored(r, with_parts=False) for r in rows]

    def iter_articles(self, *, with_parts: bool = True) -> Iterator[StoredArticle]:
        """Every article in id order, streamed in pages of rows to keep memory flat."""
        last = 0
        while True:
            rows = self._all(
                "SELECT * FROM articles WHERE id > :last ORDER BY id LIMIT :n",
                {"last": last, "n": CHUNK},
            )
            if not rows:
                return
            batch = [self._stored(r, with_parts=with_parts) for r in rows]
            yield from batch
            last = rows[-1]["id"]

    def article(self, article_id: int) -> StoredArticle | None:
        rows = self._all("SELECT * FROM articles WHERE id = :id", {"id": article_id})
        return self._stored(rows[0], with_parts=True) if rows else None

    get_article = article

    def articles(self, ids: Sequence[int]) -> list[StoredArticle]:
        """The articles ``ids`` (those that exist), in that order."""
        return [a for a in (self.article(i) for i in ids) if a is not None]

    def article_labels(self, ids: Sequence[int]) -> dict[int, Row]:
        """``{"outlet", "title", "published"}`` of each article."""
        out: dict[int, Row] = {}
        for r in self._all_in(
            "SELECT id, outlet, title, published FROM articles WHERE id IN ", ids
        ):
            out[r["id"]] = {"outlet": r["outlet"], "title": r["title"],
                            "published": r["published"]}  # fmt: skip
        return out

    def article_outlets(self, ids: Sequence[int]) -> dict[int, str | None]:
        return {i: label["outlet"] for i, label in self.article_labels(ids).items()}

    def raw_pages(self, article_id: int) -> list[tuple[str, bytes]]:
        """The raw pages an article came from, as (origin, bytes)."""
        from storyline.store.rawcodec import decompress_raw

        rows = self._all(
            "SELECT origin, raw FROM pages WHERE article_id = :a ORDER BY id", {"a": article_id}
        )
        return [(r["origin"], decompress_raw(bytes(r["raw"]))) for r in rows]

    def _stored(self, row: Row, *, with_parts: bool) -> StoredArticle:
        from storyline.records import Article, Removed

        removed: tuple[Removed, ...] = ()
        urls: tuple[str, ...] = ()
        if with_parts:
            removed = tuple(Removed(txt, why) for why, txt in json.loads(row["removed"]))
            urls = tuple(
                r["url"]
                for r in self._all(
                    "SELECT url FROM pages WHERE article_id = :a ORDER BY id", {"a": row["id"]}
                )
                if r["url"]
            )
        article = Article(
            ref=row["ref"], origin=row["ref"], kind=row["kind"],
            paragraphs=tuple(p for p in row["text"].split("\n\n") if p),
            url=row["url"], outlet=row["outlet"], title=row["title"],
            published=row["published"], language=row["language"],
            authors=tuple(json.loads(row["authors"] or "[]")), removed=removed,
        )  # fmt: skip
        ingested = _naive(row["ingested_at"])
        content_id = row.get("content_id") or row["content_hash"]
        return StoredArticle(row["id"], article, row["story_id"], ingested, urls,  # type: ignore[arg-type]
                             content_id)  # fmt: skip

    def outlet_names(self, limit: int = 500) -> list[str]:
        """Outlets by number of articles."""
        return [
            r["outlet"]
            for r in self._all(
                "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL "
                "GROUP BY outlet ORDER BY n DESC, outlet LIMIT :n",
                {"n": limit},
            )
        ]

    def outlet(
        self, name: str, *, limit: int, offset: int, copy_share: float = 0.5
    ) -> Row | None:
        """An outlet's articles (newest first), its stories, and its articles that others
        copied (``originated``) or that copy an earlier one (``republished``)."""
        total = int(self._one("SELECT count(*) FROM articles WHERE outlet = :o", {"o": name}))
        if total == 0:
            return None
        articles = [
            {"id": r["id"], "title": r["title"], "published": r["published"],
             "story": r["story_id"], "words": r["word_count"], "url": r["url"]}
            for r in self._all(
                "SELECT id, title, published, story_id, word_count, url FROM articles "
                "WHERE outlet = :o ORDER BY published DESC, id DESC LIMIT :n OFFSET :off",
                {"o": name, "n": limit, "off": offset},
            )
        ]  # fmt: skip
        members = "SELECT story_id FROM articles WHERE outlet = :o AND story_id IS NOT NULL"
        stories = [
            {"id": r["id"], "title": r["title"], "size": r["size"], "last_seen": r["last_seen"]}
            for r in self._all(
                f"SELECT id, title, size, last_seen FROM stories WHERE id IN ({members}) "
                "ORDER BY updated_at DESC, id DESC LIMIT 100",
                {"o": name},
            )
        ]
        story_count = int(
            self._one(f"SELECT count(DISTINCT story_id) FROM ({members}) AS m", {"o": name})
        )
        return {"articles": articles, "total": total, "stories": stories,
                "story_count": story_count, **self._roles(name, copy_share)}  # fmt: skip

    def _roles(self, name: str, copy_share: float) -> dict[str, set[int]]:
        """An article at least ``copy_share`` shared with an earlier one republishes it.
        A link is stored once per pair, from either side, so both sides are read:
        ``shared`` is the fraction of ``article_id``'s body found in ``other_id``,
        ``other_shared`` the reverse."""
        mine = "SELECT id FROM articles WHERE outlet = :o"
        p = {"o": name, "c": copy_share}

        def ids(sql: str) -> set[int]:
            return {next(iter(r.values())) for r in self._all(sql, p)}

        republished = ids(
            f"SELECT article_id FROM reuse_links WHERE article_id IN ({mine}) "
            "AND origin_id = other_id AND shared >= :c"
        ) | ids(
            f"SELECT other_id FROM reuse_links WHERE other_id IN ({mine}) "
            "AND origin_id = article_id AND other_shared >= :c"
        )
        originated = ids(
            f"SELECT article_id FROM reuse_links WHERE article_id IN ({mine}) "
            "AND origin_id = article_id AND other_shared >= :c"
        ) | ids(
            f"SELECT other_id FROM reuse_links WHERE other_id IN ({mine}) "
            "AND origin_id = other_id AND shared >= :c"
        )
        return {"originated": originated, "republished": republished}

    # -- lineage and facts ------------------------------------------------------------------
    def links_of(self, article_id: int) -> list[ReuseLink]:
        """Every link of an article, seen from its side (``a`` is always ``article_id``)."""
        from storyline.store.linkcodec import flip, link_from_row

        rows = self._all(
            "SELECT * FROM reuse_links WHERE article_id = :a OR other_id = :a", {"a": article_id}
        )
        links = [link_from_row(r) for r in rows]
        links = [link if link.a == str(article_id) else flip(link) for link in links]
        links.sort(key=lambda link: (-link.shared_a, int(link.b)))
        return links

    def links_among(self, ids: Sequence[int]) -> list[ReuseLink]:
        """The links between the given articles (a story's), each once."""
        from storyline.store.linkcodec import link_from_row

        if not ids:
            return []
        params: dict[str, Any] = {}
        members = _in("a", list(ids), params)
        rows = self._all(
            f"SELECT * FROM reuse_links WHERE article_id IN {members} AND other_id IN {members}",
            params,
        )
        return [link_from_row(r) for r in rows]

    def facts(self, ids: Sequence[int]) -> dict[int, ArticleFacts]:
        """Each article's stored facts (articles without any are absent)."""
        from storyline import serial
        from storyline.annotate import ArticleFacts

        out = {}
        for r in self._all_in(
            "SELECT article_id, facts FROM article_facts WHERE article_id IN ", ids
        ):
            out[r["article_id"]] = serial.loads(ArticleFacts, r["facts"])
        return out

    # -- revisions --------------------------------------------------------------------------
    def versions(self, article_id: int) -> list[Version]:
        """Every version of an article, oldest first, the current text last ([] if unknown)."""
        rows = self._all(
            "SELECT title, text, ingested_at FROM articles WHERE id = :a", {"a": article_id}
        )
        if not rows:
            return []
        row = rows[0]
        old = self._all(
            "SELECT revision, title, text, fetched_at, replaced_at FROM revisions "
            "WHERE article_id = :a ORDER BY revision",
            {"a": article_id},
        )
        out = [Version(r["revision"], r["title"], r["text"], moment(r["fetched_at"])) for r in old]
        since = moment(old[-1]["replaced_at"]) if old else moment(row["ingested_at"])
        out.append(Version(len(old) + 1, row["title"], row["text"], since, current=True))
        return out

    # -- notes ------------------------------------------------------------------------------
    def article_keys(self, ids: Sequence[int]) -> dict[int, str]:
        """Content-derived keys of these articles (the first characters of their hash)."""
        out: dict[int, str] = {}
        for r in self._all_in("SELECT id, content_hash FROM articles WHERE id IN ", ids):
            out[r["id"]] = r["content_hash"][:12]
        return out

    def story_notes(self, story_id: int) -> list[Note]:
        """The notes on the story, oldest first: those anchored to any of its articles now."""
        from storyline.notes import Note

        rows = self._all(
            "SELECT * FROM notes WHERE story_anchor IN "
            "(SELECT content_hash FROM articles WHERE story_id = :s) ORDER BY id",
            {"s": story_id},
        )
        return [Note(r["key"], story_id, r["on_kind"], r["on_key"], r["text"], r["author"],
                     r["mark"], r["created"]) for r in rows]  # fmt: skip

    def article_notes(self, article_id: int) -> tuple[str | None, list[Note]]:
        """The article's content-derived key and the notes about it (in whatever story)."""
        from storyline.notes import Note

        content_hash = self._one(
            "SELECT content_hash FROM articles WHERE id = :a", {"a": article_id}
        )
        if content_hash is None:
            return None, []
        key = content_hash[:12]
        rows = self._all(
            "SELECT * FROM notes WHERE on_kind = 'article' AND on_key = :k ORDER BY id",
            {"k": key},
        )
        return key, [Note(r["key"], r["story_id"], r["on_kind"], r["on_key"], r["text"],
                          r["author"], r["mark"], r["created"]) for r in rows]  # fmt: skip

    # -- failures and search ----------------------------------------------------------------
    def failures(self, *, limit: int = 100) -> list[Failure]:
        from storyline.records import Failure

        rows = self._all(
            "SELECT input, stage, error FROM failures ORDER BY id DESC LIMIT :n", {"n": limit}
        )
        return [Failure(r["input"], r["stage"], r["error"]) for r in rows]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and bodies, best match first (`storyline.store.query`
        says how queries work)."""
        from storyline.store.query import merge_hits, or_alternatives
        from storyline.store.search import query_terms

        alternatives = or_alternatives(query)  # "a OR b": each searched alone, hits merged
        if len(alternatives) > 1:
            return merge_hits([self.search(part, limit=limit) for part in alternatives], limit)
        terms = query_terms(query)
        if not terms:
            return []
        return [
            SearchHit(r["id"], r["title"], r["outlet"], r["published"], r["snippet"],
                      r["story_id"])
            for r in self.rows.search_rows(terms, limit)
        ]  # fmt: skip

    def search_all_spellings(
        self, query: str, *, limit: int = 20
    ) -> tuple[list[SearchHit], dict[str, list[str]]]:
        """Hits for ``query`` and for the query with each bare word replaced by its other
        spellings ("Zelensky" also finds "Zelenskyy"), best first, each article once; and
        ``{word: [other spellings searched]}``."""
        import re
        from itertools import product

        bare = re.sub(r'"[^"]*"', " ", query)  # a quoted phrase is searched as written
        words = list(dict.fromkeys(re.findall(r"\w+", bare)))
        extra = {w: v for w in words if (v := self.rows.spelling_variants(w))}
        hits = {h.id: h for h in self.search(query, limit=limit)}
        if extra:
            names = list(extra)
            for choice in product(*([w, *extra[w]] for w in names)):
                if choice == tuple(names):
                    continue
                rewritten = query
                for word, spelling in zip(names, choice, strict=True):
                    rewritten = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", spelling, rewritten)
                for hit in self.search(rewritten, limit=limit):
                    hits.setdefault(hit.id, hit)
        return list(hits.values())[:limit], extra

    # -- threads ----------------------------------------------------------------------------
    def threads(self, limit: int | None = None) -> list[Row]:
        """Threads, most recently active first: id, title, articles, stories, first and last."""
        counts = {
            r["thread_id"]: r["n"]
            for r in self._all(
                "SELECT thread_id, count(*) AS n FROM stories WHERE thread_id IS NOT NULL "
                "GROUP BY thread_id"
            )
        }
        params: dict[str, Any] = {}
        sql = (
            "SELECT id, title, size, first_seen, last_seen FROM threads "
            "ORDER BY last_seen DESC, id DESC"
        )
        if limit:
            sql += " LIMIT :n"
            params["n"] = limit
        return [
            {"id": r["id"], "title": r["title"] or "", "articles": r["size"],
             "stories": counts.get(r["id"], 0), "first_seen": r["first_seen"],
             "last_seen": r["last_seen"]}
            for r in self._all(sql, params)
        ]  # fmt: skip

    def story_thread(self, story_id: int) -> Row | None:
        """``{"id", "title"}`` of the thread the story belongs to (a point read: the story
        page and every exported story ask it); None when it belongs to none."""
        rows = self._all(
            "SELECT t.id, t.title FROM stories s JOIN threads t ON t.id = s.thread_id "
            "WHERE s.id = :id",
            {"id": story_id},
        )
        return {"id": rows[0]["id"], "title": rows[0]["title"] or ""} if rows else None

    def thread(self, thread_id: int) -> Row | None:
        return next((r for r in self.threads() if r["id"] == thread_id), None)

    def resolve_thread(self, thread_id: int) -> int | None:
        """The thread's current id, following merges; None when there is no such thread."""
        seen = set()
        current: int | None = thread_id
        while current is not None and current not in seen:
            seen.add(current)
            if self._all("SELECT id FROM threads WHERE id = :t", {"t": current}):
                return current
            current = self._one(
                "SELECT into_id FROM thread_merges WHERE from_id = :t ORDER BY id DESC LIMIT 1",
                {"t": current},
            )
        return None

    def thread_stories(self, thread_id: int) -> list[Row]:
        """The thread's stories (developments) in the order they began."""
        return self._all(
            "SELECT id, title, size, first_seen, last_seen FROM stories WHERE thread_id = :t "
            "ORDER BY first_seen, id",
            {"t": thread_id},
        )

    def thread_articles(self, thread_id: int) -> list[tuple[int, str | None, str, str]]:
        """``(id, published, text, source)`` of the thread's articles; ``source`` tells
        independent reports apart: the origin of a text most of which was copied from another
        article, else the outlet, else the article itself."""
        rows = self._all(
            "SELECT a.id, a.published, a.text, a.outlet FROM articles a "
            "JOIN stories s ON s.id = a.story_id WHERE s.thread_id = :t ORDER BY a.id",
            {"t": thread_id},
        )
        copied: dict[int, int] = {}
        for r in self._all_in(
            "SELECT article_id, origin_id FROM reuse_links WHERE article_id IN ",
            [r["id"] for r in rows],
            " AND (shared >= 0.5 OR exact) AND origin_id IS NOT NULL AND origin_id != article_id",
        ):
            origin = r["origin_id"]
            copied[r["article_id"]] = min(origin, copied.get(r["article_id"], origin))
        origins = set(copied.values())
        out = []
        for r in rows:
            if r["id"] in copied or r["id"] in origins:
                source = f"copy:{copied.get(r['id'], r['id'])}"
            else:
                source = r["outlet"] or f"article:{r['id']}"
            out.append((r["id"], r["published"], r["text"], source))
        return out

    def placements(self) -> dict[int, tuple[str, int | None, int | None]]:
        """Every article's ``(ref, story, thread)``."""
        rows = self._all(
            "SELECT a.id, a.ref, a.story_id, s.thread_id FROM articles a "
            "LEFT JOIN stories s ON s.id = a.story_id"
        )
        return {r["id"]: (r["ref"], r["story_id"], r["thread_id"]) for r in rows}

    def story_threads(self) -> dict[int, int]:
        """Every story's thread id (stories without one are absent)."""
        return {
            r["id"]: r["thread_id"]
            for r in self._all("SELECT id, thread_id FROM stories WHERE thread_id IS NOT NULL")
        }


def story_record(row: Row) -> Row:
    """A story's stored row as every interface shows it."""
    updated = _naive(row["updated_at"])
    return {
        "id": row["id"],
        "title": row["title"],
        "size": row["size"],
        "outlets": json.loads(row["outlets"]),
        "first_seen": row["first_seen"],
        "last_seen": row["last_seen"],
        "updated_at": updated.isoformat() if updated else None,
        "related": json.loads(row["related"]),
    }


def open_reads(target: str | os.PathLike[str] | None = None) -> Reads:
    """Read-only access to the store at ``target`` (a SQLite path or a database URL).

    A SQLite file at the newest schema is read through the standard library (no SQLAlchemy);
    a server database, an in-memory one, or a file that needs migrating first goes through
    `storyline.store.db.Store` (which migrates it) and its engine."""
    from storyline.store.locate import sqlite_path

    path = sqlite_path(target)
    if path is not None:
        from storyline.store.sqlite_reads import open_file

        rows = open_file(path)
        if rows is not None:
            return Reads(rows)
    from storyline.store.db import Store

    return Store.open(target).reads
