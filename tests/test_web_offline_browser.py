"""In a real browser with the network cut off: the API docs render from the package, and
an analyst's note added through the story page's form appears beside its item, escaped.

Skipped when chromium or playwright is missing, unless ``STORYLINE_REQUIRE_ALL`` is set."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import EXAMPLES

from storyline.ingest import ingest
from storyline.store.db import Store

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TOKEN = "offline-browser-token"
XSS = "<img src=x onerror=alert('note')>"


def _require(reason: str) -> None:
    if os.environ.get("STORYLINE_REQUIRE_ALL"):
        pytest.fail(f"{reason} (STORYLINE_REQUIRE_ALL is set)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        _require("chromium is not installed")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require("playwright is not installed")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium_path: str) -> Iterator[str]:
    import uvicorn

    from storyline.web import create_app

    db = str(tmp_path_factory.mktemp("offline") / "examples.db")
    store = Store.open(db)
    ingest([str(EXAMPLES / "pages")], store, facts=True)
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(create_app(db=db, token=TOKEN), host="127.0.0.1",
                                       port=port, log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(chromium_path: str, server: str):
    """A page that can reach only the local server: every other request is aborted."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        context = browser.new_context()
        host = urlsplit(server).netloc
        context.route("**/*", lambda route: route.continue_()
                      if urlsplit(route.request.url).netloc == host else route.abort())  # fmt: skip
        pg = context.new_page()
        pg.dialogs, pg.outside = [], []
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.on("requestfailed", lambda r: pg.outside.append(r.url))
        yield pg
        browser.close()


def test_api_docs_render_without_internet(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "storyline" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_text_contents()
    assert any("/stories/{story_id}.json" in p for p in paths)
    assert page.outside == []  # nothing was asked of another host


def test_note_form_adds_a_badge_beside_the_item(page, server):
    stories = page.request.get(server + "/stories.json").json()["stories"]
    story = max(stories, key=lambda s: s["size"])
    view = page.request.get(f"{server}/stories/{story['id']}.json").json()
    page.goto(f"{server}/stories/{story['id']}")
    article = view["article_list"][0]
    page.select_option("select[name=on]", f"article:{article['key']}")
    page.fill("textarea[name=text]", f"Wire copy {XSS}")
    page.select_option("select[name=mark]", "disputed")
    page.fill("input[name=token]", TOKEN)
    page.click(".note-form button[type=submit]")
    page.wait_for_selector("#notes .note")
    item = page.locator("#articles li", has_text=article["title"] or "").first
    shown = item.inner_text()
    assert "✗ disputed" in shown.lower() and XSS in shown  # the badge, and the text as typed
    assert page.dialogs == []  # the note's markup is shown, never run
