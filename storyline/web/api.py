"""The JSON twins of the pages: the same data, in the export schema's shapes.

Lists carry ``total``/``limit``/``offset`` and ``links`` (also sent as a ``Link`` header);
every answer has an ETag (a hash of the body) and a 304 for a matching If-None-Match.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from storyline.store.pagestamp import story_stamp
from storyline.views import BRIEF_VERSION, article_view, story_view

from . import data, models
from .pagecache import Made, kept_response, kept_story, reading
from .params import (
    ArticleId,
    DateParam,
    Limit,
    Offset,
    OutletParam,
    SearchQuery,
    StoryId,
    iso_date,
    story_filter,
)
from .responses import JSON, json_body, json_response, link_header, page_links, with_validators

router = APIRouter(tags=["json"])
Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"model": models.Problem, "description": "no such item"}}
CACHED: Responses = {304: {"description": "not modified (If-None-Match matched the ETag)"}}


def not_found(what: str) -> JSONResponse:
    return JSONResponse({"detail": f"{what} not found"}, status_code=404)


@router.get("/stories.json", responses={200: {"model": models.StoryList}, **CACHED})
async def stories_json(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    since: DateParam = None,
    until: DateParam = None,
    outlet: OutletParam = None,
) -> Response:
    """Stories, most recently updated first, with size, outlets, origins and dates."""
    where = story_filter(since, until, outlet)

    def build() -> Made:
        rows, total = data.story_list(request.app.state.store(), limit=limit, offset=offset,
                                      where=where)  # fmt: skip
        links = page_links(request, total=total, limit=limit, offset=offset, count=len(rows))
        body = {"stories": rows, "total": total, "limit": limit, "offset": offset, "links": links}
        return json_body(body), link_header(links)

    return await reading(request, lambda: kept_response(request, build, JSON))


@router.get(
    "/stories/{story_id}.json",
    responses={200: {"model": models.Story}, **NOT_FOUND, **CACHED},
)
async def story_json(request: Request, story_id: StoryId, since: DateParam = None) -> Response:
    """One story: articles, lineage, timeline, quotes, figures, disagreements, summary.
    With ``since``: what changed since that day (``changes``: the articles published since,
    the figures and quotes only they report; ``summary``: only the new sentences)."""
    day = iso_date(since)
    if day:
        from storyline.views import story_since

        day = (day + "-01-01")[:10] if len(day) == 4 else (day + "-01")[:10]
        view = await reading(request, lambda: story_since(request.app.state.store(), story_id, day))
        return not_found("story") if view is None else json_response(request, view)

    def build() -> bytes | None:
        view = story_view(request.app.state.store(), story_id)
        return json_body(view) if view is not None else None

    def answer() -> Response:
        store = request.app.state.store()
        stamp_of = lambda: story_stamp(store.reads, story_id, BRIEF_VERSION)  # noqa: E731
        body = kept_story(request, stamp_of, build)
        return not_found("story") if body is None else with_validators(request, body, JSON)

    return await reading(request, answer)


@router.get(
    "/articles/{article_id}.json",
    responses={200: {"model": models.Article}, **NOT_FOUND, **CACHED},
)
def article_json(request: Request, article_id: ArticleId) -> Response:
    """One article: clean text, removed furniture, lineage with shared passages, facts."""
    view = article_view(request.app.state.store(), article_id)
    return not_found("article") if view is None else json_response(request, view)


@router.get("/search.json", responses={200: {"model": models.SearchResults}, **CACHED})
async def search_json(
    request: Request, q: SearchQuery = "", limit: Limit = 20, offset: Offset = 0
) -> Response:
    """Full-text search over titles and bodies, hits grouped by story in rank order."""

    def build() -> Made:
        result = data.search_grouped(request.app.state.store(), q, limit=limit, offset=offset)
        count = limit if result["more"] else 0
        links = page_links(request, total=None, limit=limit, offset=offset, count=count)
        body = result | {"limit": limit, "offset": offset, "links": links}
        return json_body(body), link_header(links)

    return await reading(request, lambda: kept_response(request, build, JSON))


@router.get(
    "/outlets/{name:path}.json",
    responses={200: {"model": models.Outlet}, **NOT_FOUND, **CACHED},
)
def outlet_json(request: Request, name: str, limit: Limit = 50, offset: Offset = 0) -> Response:
    """An outlet's articles and stories, and how often it originates or republishes."""
    view = data.outlet_view(request.app.state.store(), name, limit=limit, offset=offset)
    if view is None:
        return not_found("outlet")
    links = page_links(
        request, total=view["total"], limit=limit, offset=offset, count=len(view["articles"])
    )
    body = view | {"limit": limit, "offset": offset, "links": links}
    return json_response(request, body, link_header(links))
