"""The API documentation (`/docs`), served entirely from the installed packages.

FastAPI's default ``/docs`` page loads Swagger UI from a CDN, so offline (an air-gapped
newsroom, a laptop on a train) it was a blank page. The Swagger UI 5 distribution (it reads
the OpenAPI 3.1 FastAPI writes) comes from the ``fastapi-offline`` package and is served
under ``/docs/assets``; the page starts it with a script of our own (``static/docs.js``), so
no inline script and no other origin is needed. ``/redoc`` points to the same page.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

ASSETS = files("fastapi_offline") / "static"
"""swagger-ui-bundle.js, swagger-ui.css and favicon.png, as the package ships them."""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} — API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon.png">
</head><body>
<div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body></html>
"""


def install(app: FastAPI) -> None:
    """Add ``/docs`` (and ``/redoc``, which leads there) to an app built with
    ``docs_url=None, redoc_url=None``."""
    app.mount("/docs/assets", StaticFiles(directory=str(ASSETS)), name="docs-assets")
    html = PAGE.format(title=app.title, openapi=app.openapi_url or "/openapi.json")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html)

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> RedirectResponse:
        return RedirectResponse("/docs", status_code=308)
