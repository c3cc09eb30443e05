"""The thread page and its JSON twin: a long-running story's developments in order, its
timeline across months with sources, its people (`storyline.thread_views`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from storyline.thread_views import thread_view

from . import models
from .params import StoryId
from .responses import html_response, json_response

router = APIRouter()


@router.get(
    "/threads/{thread_id}.json",
    tags=["json"],
    responses={
        404: {"model": models.Problem, "description": "no such thread"},
        304: {"description": "not modified (If-None-Match matched the ETag)"},
    },
)
def thread_json(request: Request, thread_id: StoryId) -> Response:
    """One thread: id, title, stories (developments in order), timeline, people."""
    from .api import not_found

    view = thread_view(request.app.state.store(), thread_id)
    return not_found("thread") if view is None else json_response(request, view)


@router.get("/threads/{thread_id}", include_in_schema=False)
def thread_page(request: Request, thread_id: StoryId) -> Response:
    from .pages import not_found, render

    view = thread_view(request.app.state.store(), thread_id)
    if view is None:
        return not_found(request, "thread")
    html = render(request, "thread.html", twin=f"/threads/{view['id']}.json", thread=view)
    return html_response(request, html)
