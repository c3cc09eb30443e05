"""``POST /api/ingest``: pages, manifests or URLs in, the pipeline run, the report out.

Writing is off unless the server was given a token: without one every write answers 403,
so a server started with no configuration is read-only. With one, the request must carry
``Authorization: Bearer <token>`` (compared in constant time). Ingests run one at a time
(SQLite has one writer) in a worker thread, so reads are served meanwhile.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from storyline.fetch import Fetcher, FetchPolicy, fetch_sources
from storyline.ingest import RunSettings, runner_for
from storyline.records import Failure, Page
from storyline.store.db import Store

from .security import token_matches
from .settings import Settings
from .uploads import manifest_pages, page_from_bytes, upload_pages

MANIFEST_TYPES = {"application/x-ndjson", "application/jsonl", "application/x-jsonlines",
                  "application/jsonlines", "application/ndjson"}  # fmt: skip

router = APIRouter()
_write_lock = threading.Lock()


class FailureModel(BaseModel):
    input: str
    stage: str
    error: str


class IngestResult(BaseModel):
    """What one ingest did (the CLI's IngestReport)."""

    new: int
    known: int
    failed: int
    articles: list[int]
    stories: list[int]
    failures: list[FailureModel]


class Problem(BaseModel):
    detail: str


_BODY_DOC = {
    "requestBody": {
        "description": "Pages to ingest: a multipart upload of .html/.htm/.txt/.jsonl files, "
        "one raw text/html or text/plain page, a JSONL manifest (application/x-ndjson; "
        '`path` entries are refused), or JSON `{"urls": [...]}` to fetch.',
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["urls"],
                    "properties": {"urls": {"type": "array", "items": {"type": "string"}}},
                }
            },
            "text/html": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


@dataclass
class _Batch:
    items: list[Page | Failure]
    urls: list[str]


@router.post(
    "/api/ingest",
    response_model=IngestResult,
    summary="Ingest pages, manifests or URLs",
    responses={
        400: {"model": Problem, "description": "malformed request"},
        401: {"model": Problem, "description": "missing or wrong bearer token"},
        403: {"model": Problem, "description": "the server is read-only (no token configured)"},
        413: {"model": Problem, "description": "request body over the size limit"},
        415: {"model": Problem, "description": "unsupported content type"},
    },
    openapi_extra=_BODY_DOC,
    tags=["write"],
)
async def ingest_endpoint(request: Request) -> JSONResponse:
    settings: Settings = request.app.state.settings
    authorize(request, settings)
    batch = await _read_batch(request, settings)
    store: Store = request.app.state.store()
    result = await run_in_threadpool(_run, store, settings, batch)
    return JSONResponse(result, headers={"Cache-Control": "no-store"})


def authorize(request: Request, settings: Settings) -> None:
    if not settings.token:
        raise HTTPException(
            403,
            "this server is read-only: start it with --token or STORYLINE_TOKEN to enable "
            "POST /api/ingest",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token_matches(given.strip(), settings.token):
        raise HTTPException(
            401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
        )


async def _read_batch(request: Request, settings: Settings) -> _Batch:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    limit = settings.max_body
    if media == "multipart/form-data":
        form = await request.form(max_files=200, max_fields=50)
        items: list[Page | Failure] = []
        try:
            for _, value in form.multi_items():
                if isinstance(value, str):
                    continue
                data = await value.read()
                items.extend(upload_pages(value.filename, data, limit))
        finally:
            await form.close()
        if not items:
            raise HTTPException(400, "no files in the upload (send them as 'files')")
        return _Batch(items, [])
    body = await request.body()
    if media == "application/json":
        return _Batch([], _urls_of(body, settings))
    if media in MANIFEST_TYPES:
        return _Batch(list(manifest_pages(body, name="request", max_bytes=limit)), [])
    if media in ("text/html", "application/xhtml+xml"):
        return _Batch(list(page_from_bytes(body, kind="html", name="request body")), [])
    if media == "text/plain":
        return _Batch(list(page_from_bytes(body, kind="text", name="request body")), [])
    raise HTTPException(
        415,
        "send multipart/form-data files, text/html, text/plain, application/x-ndjson "
        '(a manifest) or application/json {"urls": [...]}',
    )


def _urls_of(body: bytes, settings: Settings) -> list[str]:
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise HTTPException(400, "body is not valid JSON") from exc
    urls = data.get("urls") if isinstance(data, dict) else None
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls) or not urls:
        raise HTTPException(400, 'expected {"urls": ["https://…", …]}')
    if len(urls) > settings.max_urls:
        raise HTTPException(400, f"at most {settings.max_urls} URLs per request")
    return urls


def _run(store: Store, settings: Settings, batch: _Batch) -> dict[str, Any]:
    """One run of the runner (`storyline.runner`), as ``storyline ingest`` does it: the
    touched stories' briefs are brought up to date before the answer."""
    runner = runner_for(store, RunSettings())
    with _write_lock:
        if batch.urls:
            policy = FetchPolicy(
                allow_private=settings.allow_private,
                delay=0.2,
                retries=1,
                deadline=30.0,
                workers=8,
                max_bytes=settings.max_body,
            )
            with Fetcher(policy) as fetcher:
                report = runner.run(_fetched(batch.urls, fetcher, settings))
        else:
            report = runner.run(batch.items)
    return {
        "new": report.new,
        "known": report.known,
        "failed": report.failed,
        "articles": list(report.article_ids),
        "stories": sorted(report.stories),
        "failures": [
            {"input": f.input, "stage": f.stage, "error": f.error} for f in report.failures
        ],
    }


def _fetched(urls: Iterable[str], fetcher: Fetcher, settings: Settings) -> Iterator[Page | Failure]:
    yield from fetch_sources(
        urls, fetcher, {}, max_depth=1, max_items=settings.max_urls, discover_feeds=False
    )
