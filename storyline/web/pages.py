"""The HTML pages: the same data as the JSON twins, prepared for the templates.

Preparation here is only arrangement (labels for source chips, the lineage diagram's
layout, the article text cut into shared and own segments); the templates escape all of it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from storyline.store.pagestamp import story_stamp
from storyline.views import BRIEF_VERSION, article_view, story_view

from . import data
from .chips import Chips, notes_on
from .lineage_svg import layout
from .pagecache import Made, kept_response, kept_story, reading
from .params import (
    ArticleId,
    DateParam,
    Limit,
    Offset,
    OutletParam,
    SearchQuery,
    StoryId,
    story_filter,
)
from .responses import HTML, html_response, page_links, with_validators
from .textmarks import segments

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, *, twin: str | None = None, **context: Any) -> str:
    """Render ``template``; ``twin`` is the path of the page's JSON twin (the query string
    is carried over)."""
    env = request.app.state.templates
    json_href = None
    if twin:
        json_href = twin + (f"?{request.url.query}" if request.url.query else "")
    return env.get_template(template).render(json_href=json_href, **context)


def not_found(request: Request, what: str) -> HTMLResponse:
    html = render(request, "error.html", title=f"{what} not found", message=f"No such {what}.")
    return HTMLResponse(html, status_code=404)


@router.get("/")
async def story_list_page(
    request: Request,
    limit: Limit = 30,
    offset: Offset = 0,
    since: DateParam = None,
    until: DateParam = None,
    outlet: OutletParam = None,
) -> Response:
    where = story_filter(since, until, outlet)

    def build() -> Made:
        store = request.app.state.store()
        rows, total = data.story_list(store, limit=limit, offset=offset, where=where)
        links = page_links(request, total=total, limit=limit, offset=offset, count=len(rows))
        html = render(
            request, "stories.html", twin="/stories.json", stories=rows, total=total,
            offset=offset, links=links, where=where, outlets=data.outlet_names(store),
        )  # fmt: skip
        return html.encode("utf-8"), {}

    return await reading(request, lambda: kept_response(request, build, HTML))


@router.get("/stories/{story_id}")
async def story_page(request: Request, story_id: StoryId) -> Response:
    def answer() -> Response:
        store = request.app.state.store()
        body = kept_story(
            request,
            lambda: story_stamp(store.reads, story_id, BRIEF_VERSION),
            lambda: _encoded(story_page_html(request, story_id)),
        )
        if body is None:
            return not_found(request, "story")
        return with_validators(request, body, HTML)

    return await reading(request, answer)


def _encoded(html: str | None) -> bytes | None:
    return html.encode("utf-8") if html is not None else None


def story_page_html(
    request: Request, story_id: int, *, note_error: str | None = None
) -> str | None:
    """The story page uncached (after a rejected note: with the form's error)."""
    store = request.app.state.store()
    view = story_view(store, story_id)
    if view is None:
        return None
    related = data.story_titles(store, view.get("related") or [])
    return _story_html(request, story_id, view, related, note_error=note_error)


def _story_html(
    request: Request, story_id: int, view: dict, related: list[dict], note_error: str | None = None
) -> str:
    article_list = view.get("article_list") or []
    labels = {a["id"]: a for a in article_list}
    claims = {
        (item.get("text"), tuple(item.get("sources") or ()))
        for d in view.get("disagreements") or []
        if d.get("kind") == "figure"
        for item in d.get("items") or []
    }
    disputed = {
        i
        for i, f in enumerate(view.get("figures") or [])
        if (f.get("text"), tuple(f.get("sources") or ())) in claims
    }
    speakers: dict[str, list[dict[str, Any]]] = {}
    for said in view.get("quotes") or []:
        speakers.setdefault(said.get("speaker") or "Unattributed", []).append(said)
    chips = Chips(labels)
    return render(
        request, "story.html", twin=f"/stories/{story_id}.json", story=view, labels=labels,
        chips_of=chips.many, chip_of=chips.one,
        notes_on=notes_on(request.app.state.templates, view.get("notes")),
        diagram=layout(view.get("lineage") or [], labels),
        disputed=disputed, speakers=speakers, related=related,
        writable=bool(request.app.state.settings.token), note_error=note_error,
    )  # fmt: skip


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: ArticleId) -> Response:
    view = article_view(request.app.state.store(), article_id)
    if view is None:
        return not_found(request, "article")
    html = render(
        request, "article.html", twin=f"/articles/{article_id}.json", article=view,
        paragraphs=segments(view.get("text") or "", view.get("lineage") or []),
    )  # fmt: skip
    return html_response(request, html)


@router.get("/search")
async def search_page(request: Request, q: SearchQuery = "", limit: Limit = 20, offset: Offset = 0):
    def build() -> Made:
        result = data.search_grouped(request.app.state.store(), q, limit=limit, offset=offset)
        count = limit if result["more"] else 0
        links = page_links(request, total=None, limit=limit, offset=offset, count=count)
        html = render(request, "search.html", twin="/search.json", result=result, q=q,
                      links=links, offset=offset)  # fmt: skip
        return html.encode("utf-8"), {}

    return await reading(request, lambda: kept_response(request, build, HTML))


@router.get("/outlets/{name:path}")
def outlet_page(request: Request, name: str, limit: Limit = 50, offset: Offset = 0):
    view = data.outlet_view(request.app.state.store(), name, limit=limit, offset=offset)
    if view is None:
        return not_found(request, "outlet")
    links = page_links(
        request, total=view["total"], limit=limit, offset=offset, count=len(view["articles"])
    )
    return html_response(
        request,
        render(
            request,
            "outlet.html",
            twin=f"/outlets/{quote(name, safe='')}.json",
            o=view,
            links=links,
        ),
    )
