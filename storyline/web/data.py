"""The few reads the web app needs beyond `storyline.views`: filtered counts, outlet
statistics, search results grouped by story, the cheap ``origins`` field of the story list.

Everything returns plain JSON-ready dicts, like `storyline.views`, so the HTML pages and
their JSON twins are rendered from the very same data.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from storyline.store.search import MARK_END, MARK_START
from storyline.views import COPY_SHARE, StoryFilter, story_rows

if TYPE_CHECKING:
    from storyline.store.db import Store

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
    total = store.reads.count_stories(where)
    origins = store.reads.brief_origins([r["id"] for r in rows])
    for row in rows:
        row["origins"] = origins.get(row["id"])
    return rows, total


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
    return store.reads.outlet_names(limit)


def story_titles(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    """``{"id", "title", "size"}`` of the stories ``ids``, in that order (related stories)."""
    return store.reads.story_titles(ids)


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
    hits = store.reads.search(query, limit=wanted + 1) if query.strip() else []
    more = len(hits) > wanted
    page = hits[offset:wanted]
    story_ids = sorted({h.story_id for h in page if h.story_id is not None})
    titles = {row["id"]: row for row in store.reads.story_titles(story_ids)}
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
    found = store.reads.outlet(name, limit=limit, offset=offset, copy_share=COPY_SHARE)
    if found is None:
        return None
    republished, originated = found.pop("republished"), found.pop("originated")
    originates, republishes = len(originated - republished), len(republished)
    return {
        "outlet": name,
        **found,
        "originates": originates,
        "republishes": republishes,
        "independent": max(0, found["total"] - originates - republishes),
    }
