"""The web app: `create_app` builds it from `Settings`; the store is opened on first use.

One `Store` (one SQLAlchemy engine with its connection pool) serves every request, each
taking connections from the pool, so SQLite reads proceed while an ingest writes (WAL mode).
Over SQLite the story, list and search pages and their JSON twins run on the event loop,
one at a time per server process (`pagecache.reading` says why); writes (ingest, notes),
the rarer pages and every page over PostgreSQL run in the worker thread pool.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from storyline.store.db import Store
from storyline.store.revision import StoreRevision
from storyline.store.urls import database_url

from . import api, docs, ingest_api, notes_api, pages
from . import threads as thread_pages
from .pagecache import RenderedPages
from .render import make_env
from .security import BodyLimit, BodyTooLarge, SecurityHeaders
from .settings import Settings

STATIC = Path(__file__).parent / "static"


class _LazyStore:
    """Opens the store on first use (importing the app must not create a database)."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._store: Store | None = None
        self._revision: StoreRevision | None = None
        self._lock = threading.Lock()

    def __call__(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = Store.open(self.db)
        return self._store

    def close(self) -> None:
        if self._revision is not None:
            self._revision.close()
        if self._store is not None:
            self._store.close()

    def revision(self) -> Any:
        """The store's revision (`StoreRevision`), read from one connection of our own."""
        if self._revision is None:
            store = self()
            with self._lock:
                if self._revision is None:
                    self._revision = StoreRevision(store.engine)
        return self._revision()


def create_app(
    db: str | None = None,
    token: str | None = None,
    allow_private: bool = False,
    *,
    settings: Settings | None = None,
) -> FastAPI:
    """The storyline web app over the store ``db`` (a SQLite path or database URL).

    ``token`` enables ``POST /api/ingest`` for requests bearing it; ``allow_private`` lets
    that endpoint fetch URLs on private networks."""
    settings = settings or Settings(db=db, token=token or None, allow_private=allow_private)
    store = _LazyStore(settings.db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # served from the package, not a CDN (storyline/web/docs.py)
        redoc_url=None,
        title="storyline",
        version="1",
        summary="Consolidated, sourced views of developing news stories.",
        description="Every page has a JSON twin (`/stories.json`, `/stories/{id}.json`, "
        "`/articles/{id}.json`, `/search.json`, `/outlets/{name}.json`) in the export "
        "schema's shapes (`storyline/export/1`).",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.templates = make_env()
    app.state.rendered = RenderedPages()
    app.state.revision = store.revision
    app.state.inline_reads = not database_url(settings.db).startswith("postgresql")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    app.add_exception_handler(BodyTooLarge, _too_large)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(ingest_api.router)
    app.include_router(notes_api.router)
    app.include_router(thread_pages.router)
    docs.install(app)
    app.include_router(pages.router)
    return app


async def _too_large(request: Request, exc: Exception) -> JSONResponse:
    limit = request.app.state.settings.max_body
    return JSONResponse(
        {"detail": f"request body too large (limit {limit} bytes)"}, status_code=413
    )
