"""Responses with validators: an ETag that is a hash of the body, and 304 when it matches.

Every page and JSON twin is rendered from the store on each request (the store changes
under the server while ingest runs), so ``Cache-Control: no-cache`` asks clients to
revalidate each time; the ETag makes an unchanged answer cost a 304 with no body.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

CACHE_CONTROL = "no-cache"
HTML = "text/html; charset=utf-8"
JSON = "application/json"


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    candidates = {c.strip().removeprefix("W/") for c in header.split(",")}
    return etag in candidates


def with_validators(
    request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    """A 200 carrying ``body``, or a bodiless 304 when the client already has it."""
    etag = etag_of(body)
    all_headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, **(headers or {})}
    if _matches(request, etag):
        return Response(status_code=304, headers=all_headers)
    return Response(content=body, media_type=media_type, headers=all_headers)


def json_body(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(request: Request, data: Any, headers: dict[str, str] | None = None) -> Response:
    return with_validators(request, json_body(data), "application/json", headers)


def html_response(request: Request, html: str) -> Response:
    return with_validators(request, html.encode("utf-8"), "text/html; charset=utf-8")


def not_found_html(html: str) -> HTMLResponse:
    return HTMLResponse(html, status_code=404)


def page_links(
    request: Request, *, total: int | None, limit: int, offset: int, count: int
) -> dict[str, str | None]:
    """``self``/``next``/``prev`` URLs of a paginated list, keeping the other parameters."""

    def at(new_offset: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        params.append(("offset", str(new_offset)))
        return f"{request.url.path}?{urlencode(params)}"

    more = (offset + count < total) if total is not None else count >= limit
    return {
        "self": at(offset),
        "next": at(offset + limit) if more else None,
        "prev": at(max(0, offset - limit)) if offset > 0 else None,
    }


def link_header(links: dict[str, str | None]) -> dict[str, str]:
    parts = [f'<{url}>; rel="{rel}"' for rel, url in links.items() if url and rel != "self"]
    return {"Link": ", ".join(parts)} if parts else {}
