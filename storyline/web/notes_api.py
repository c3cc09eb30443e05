"""Adding analyst notes over the web: the story page's form and a JSON endpoint.

Both are writes, so both need the server's write token (none configured: 403, as for
ingest). A browser form cannot send an ``Authorization`` header, so the form carries the
token in a password field; the JSON endpoint takes the usual bearer header. Either way the
token is compared in constant time, and a request without it cannot add a note (which also
makes a cross-site form post useless). Text is checked and length-limited by
`storyline.notes`, stored as given, and escaped wherever it is shown.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from storyline.records import StorylineError

from .params import StoryId
from .security import token_matches

router = APIRouter()
MAX_FORM = 64_000


def _check_token(request: Request, given: str | None) -> None:
    token = request.app.state.settings.token
    if not token:
        raise HTTPException(403, "this server is read-only: start it with --token to add notes")
    if not given or not token_matches(given.strip(), token):
        raise HTTPException(401, "missing or wrong write token",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value if scheme.lower() == "bearer" else None


def _add(request: Request, story_id: int, fields: dict[str, str]):
    from storyline.noting import add

    on_field = (fields.get("on") or "story").strip()
    kind, _, ref = on_field.partition(":")
    on = None if kind == "story" else (kind, ref)
    return add(
        request.app.state.store(), story_id, fields.get("text") or "", on=on,
        author=(fields.get("author") or "").strip() or None,
        mark=(fields.get("mark") or "").strip() or None,
    )  # fmt: skip


@router.post("/stories/{story_id}/notes", include_in_schema=False)
async def note_form(request: Request, story_id: StoryId) -> Response:
    """The story page's form: 303 back to the story's notes, or the page with the error."""
    body = await request.body()
    if len(body) > MAX_FORM:
        raise HTTPException(413, "form too large")
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    _check_token(request, form.get("token") or _bearer(request))
    try:
        _add(request, story_id, form)
    except StorylineError as exc:
        return _form_error(request, story_id, str(exc))
    return RedirectResponse(f"/stories/{story_id}#notes", status_code=303)


def _form_error(request: Request, story_id: int, message: str) -> Response:
    from .pages import story_page_html

    html = story_page_html(request, story_id, note_error=message)
    if html is None:
        raise HTTPException(404, "no such story")
    return Response(html, status_code=422, media_type="text/html; charset=utf-8")


@router.post(
    "/api/stories/{story_id}/notes",
    status_code=201,
    responses={401: {"description": "missing or wrong bearer token"},
               403: {"description": "the server is read-only (no token configured)"},
               404: {"description": "no such story"},
               413: {"description": "body too large"},
               422: {"description": "bad note (empty, too long, unknown item)"}},
)  # fmt: skip
async def note_json(request: Request, story_id: StoryId) -> JSONResponse:
    """Add an analyst note: JSON ``{"text", "on", "author", "mark"}`` where ``on`` is
    ``story`` or ``kind:key`` (the item's ``key`` in the story JSON). Needs the bearer
    token."""
    _check_token(request, _bearer(request))
    body = await request.body()
    if len(body) > MAX_FORM:
        raise HTTPException(413, "body too large")
    try:
        import json

        fields = json.loads(body or b"{}")
        if not isinstance(fields, dict):
            raise ValueError("not an object")
        added = _add(request, story_id, {k: str(v) for k, v in fields.items() if v is not None})
    except ValueError as exc:
        raise HTTPException(422, f"body is not a JSON object: {exc}") from None
    except StorylineError as exc:
        status = 404 if str(exc).startswith("no story") else 422
        raise HTTPException(status, str(exc)) from None
    return JSONResponse(added.to_export(), status_code=201)
