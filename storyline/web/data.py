"""The few reads the web app needs beyond `storyline.views`: filtered counts, outlet
statistics, search results grouped by story, the cheap ``origins`` field of the story list.

Everything returns plain JSON-ready dicts, like `storyline.views`, so the HTML pages and
their JSON twins are rendered from the very same data.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from storyline.store import schema as t
from storyline.store.db import Store
from storyline.store.search import MARK_END, MARK_START
from storyline.views import COPY_SHARE, StoryFilter, story_rows

"""As in `storyline.views`: an article at least this much shared with an earlier one
republishes it."""

MAX_SEARCH = 500
"""Search results are ranked by the engine; deeper pages than this are not offered."""


# -- story list ---------------------------------------------------------------------------
def story_list(
    store: Store, *, limit: int, offset: int, where: StoryFilter
) -> tuple[list[dict[str, Any]], int]:
    """One page of the story list and the number of stories matching the filter.

    Each row gains ``origins``, the number of independent origins from the story's cached
    brief (None while the brief has not been built yet)."""
    rows = story_rows(store, limit=limit, offset=offset, where=where)
    with store.engine.connect() as conn:
        total = _count_stories(conn, where)
        origins = _origins(conn, store.dialect, [r["id"] for r in rows])
    for row in rows:
        row["origins"] = origins.get(row["id"])
    return rows, total


def _count_stories(conn: Connection, where: StoryFilter) -> int:
    query = where.apply(select(func.count()).select_from(t.stories))
    return conn.execute(query).scalar_one()


def _origins(conn: Connection, dialect: str, ids: list[int]) -> dict[int, int | None]:
    """``coverage.origins`` of each cached brief, extracted by the database (SQLite's
    json_extract, PostgreSQL's jsonb) so that the briefs are not shipped to Python and parsed."""
    if not ids:
        return {}
    from storyline.store.db import dialect_module

    briefs = t.story_briefs
    field = dialect_module(dialect).json_field(briefs.c.brief, "coverage", "origins")
    rows = conn.execute(select(briefs.c.story_id, field).where(briefs.c.story_id.in_(ids)))
    return {sid: (int(v) if v is not None else None) for sid, v in rows}


_OUTLETS_TTL = 10.0
_outlets_cache: dict[int, tuple[float, list[str]]] = {}


def outlet_names(store: Store, *, limit: int = 500) -> list[str]:
    """Outlets by number of articles, for the story list's filter.

    A scan of every article, so it is kept for a few seconds per store: the filter menu
    may lag an ingest by that much, the story list stays fast."""
    now = time.monotonic()
    cached = _outlets_cache.get(id(store))
    if cached and now - cached[0] < _OUTLETS_TTL:
        return cached[1]
    names = _outlet_names(store, limit)
    _outlets_cache[id(store)] = (now, names)
    return names


def _outlet_names(store: Store, limit: int) -> list[str]:
    query = (
        select(t.articles.c.outlet, func.count().label("n"))
        .where(t.articles.c.outlet.is_not(None))
        .group_by(t.articles.c.outlet)
        .order_by(text("n DESC"), t.articles.c.outlet)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [row.outlet for row in conn.execute(query)]


def story_titles(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    """``{"id", "title", "size"}`` of the stories ``ids``, in that order (related stories)."""
    if not ids:
        return []
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(t.stories.c.id, t.stories.c.title, t.stories.c.size).where(
                t.stories.c.id.in_(ids)
            )
        )
        found = {r.id: {"id": r.id, "title": r.title, "size": r.size} for r in rows}
    return [found[i] for i in ids if i in found]


# -- search -------------------------------------------------------------------------------
def split_marks(snippet: str) -> list[dict[str, Any]]:
    """A snippet as ``[{"text", "match"}]`` parts, so templates escape each part and no
    markup ever comes from the database."""
    parts: list[dict[str, Any]] = []
    for i, chunk in enumerate(snippet.split(MARK_START)):
        if i == 0:
            if chunk:
                parts.append({"text": chunk, "match": False})
            continue
        matched, _, rest = chunk.partition(MARK_END)
        if matched:
            parts.append({"text": matched, "match": True})
        if rest:
            parts.append({"text": rest, "match": False})
    return parts


def search_grouped(store: Store, query: str, *, limit: int, offset: int) -> dict[str, Any]:
    """Full-text hits ``offset``… ``offset+limit``, grouped by story in rank order."""
    wanted = min(offset + limit, MAX_SEARCH)
    hits = store.search(query, limit=wanted + 1) if query.strip() else []
    more = len(hits) > wanted
    page = hits[offset:wanted]
    story_ids = sorted({h.story_id for h in page if h.story_id is not None})
    titles: dict[int, dict[str, Any]] = {}
    if story_ids:
        with store.engine.connect() as conn:
            for row in conn.execute(
                select(t.stories.c.id, t.stories.c.title, t.stories.c.size).where(
                    t.stories.c.id.in_(story_ids)
                )
            ):
                titles[row.id] = {"id": row.id, "title": row.title, "size": row.size}
    groups: dict[int | None, dict[str, Any]] = {}
    for hit in page:
        group = groups.setdefault(
            hit.story_id,
            {"story": titles.get(hit.story_id) if hit.story_id is not None else None, "hits": []},
        )
        group["hits"].append(
            {
                "article": hit.id,
                "title": hit.title,
                "outlet": hit.outlet,
                "published": hit.published,
                "snippet": hit.snippet.replace(MARK_START, "").replace(MARK_END, ""),
                "highlights": split_marks(hit.snippet),
            }
        )
    return {"query": query, "count": len(page), "more": more, "groups": list(groups.values())}


# -- outlets ------------------------------------------------------------------------------
def outlet_view(store: Store, name: str, *, limit: int, offset: int) -> dict[str, Any] | None:
    """An outlet's articles (newest first), its stories and how often it originates copy
    that others republish versus republishes someone else's."""
    a = t.articles
    with store.engine.connect() as conn:
        total = conn.execute(
            select(func.count()).select_from(a).where(a.c.outlet == name)
        ).scalar_one()
        if total == 0:
            return None
        articles = [
            {"id": r.id, "title": r.title, "published": r.published, "story": r.story_id,
             "words": r.word_count, "url": r.url}
            for r in conn.execute(
                select(a.c.id, a.c.title, a.c.published, a.c.story_id, a.c.word_count, a.c.url)
                .where(a.c.outlet == name)
                .order_by(a.c.published.desc(), a.c.id.desc())
                .limit(limit).offset(offset)
            )
        ]  # fmt: skip
        story_ids = select(a.c.story_id).where(a.c.outlet == name, a.c.story_id.is_not(None))
        stories = [
            {"id": r.id, "title": r.title, "size": r.size, "last_seen": r.last_seen}
            for r in conn.execute(
                select(t.stories.c.id, t.stories.c.title, t.stories.c.size, t.stories.c.last_seen)
                .where(t.stories.c.id.in_(story_ids))
                .order_by(t.stories.c.updated_at.desc(), t.stories.c.id.desc())
                .limit(100)
            )
        ]  # fmt: skip
        story_count = conn.execute(
            select(func.count(func.distinct(a.c.story_id))).where(
                a.c.outlet == name, a.c.story_id.is_not(None)
            )
        ).scalar_one()
        roles = _roles(conn, name)
    return {
        "outlet": name,
        "articles": articles,
        "total": total,
        "stories": stories,
        "story_count": story_count,
        "originates": roles["originates"],
        "republishes": roles["republishes"],
        "independent": max(0, total - roles["originates"] - roles["republishes"]),
    }


def _roles(conn: Connection, name: str) -> dict[str, int]:
    """Articles of ``name`` that others copied (it originates) and articles that copy an
    earlier one (it republishes); an article that does both counts as republishing.

    A link is stored once per pair, from either side, so both sides are read: ``shared`` is
    the fraction of ``article_id``'s body found in ``other_id``, ``other_shared`` the
    reverse."""
    links, a = t.reuse_links, t.articles
    mine = select(a.c.id).where(a.c.outlet == name)
    queries = {
        "republished": [
            select(links.c.article_id).where(
                links.c.article_id.in_(mine),
                links.c.origin_id == links.c.other_id,
                links.c.shared >= COPY_SHARE,
            ),
            select(links.c.other_id).where(
                links.c.other_id.in_(mine),
                links.c.origin_id == links.c.article_id,
                links.c.other_shared >= COPY_SHARE,
            ),
        ],
        "originated": [
            select(links.c.article_id).where(
                links.c.article_id.in_(mine),
                links.c.origin_id == links.c.article_id,
                links.c.other_shared >= COPY_SHARE,
            ),
            select(links.c.other_id).where(
                links.c.other_id.in_(mine),
                links.c.origin_id == links.c.other_id,
                links.c.shared >= COPY_SHARE,
            ),
        ],
    }
    found = {
        role: {i for q in qs for i in conn.execute(q).scalars()} for role, qs in queries.items()
    }
    republished, originated = found["republished"], found["originated"]
    return {"originates": len(originated - republished), "republishes": len(republished)}
