"""The web pages in a real browser: Debian's chromium driven by Playwright.

The app is served by uvicorn on 127.0.0.1 over a store of the example corpus, plus one page
full of XSS payloads ingested through the API. Screenshots of every page are saved under
``test-artifacts/`` for people to look at. Skipped when chromium or playwright is missing,
unless ``STORYLINE_REQUIRE_ALL`` is set (CI), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from storyline.ingest import ingest
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TOKEN = "browser-test-token"
XSS = "<script>alert('t')</script>"
XSS_PAGE = f"""<!doctype html><html><head>
<title>Flood warning {XSS} &lt;img src=x onerror=alert('title')&gt;</title>
<meta property="og:site_name" content="Evil Gazette &lt;svg onload=alert('outlet')&gt;">
<meta property="article:published_time" content="2026-03-12T08:00:00+00:00">
</head><body><article><h1>Flood warning {XSS}</h1>
<p>The river rose overnight and <span onclick="alert('handler')">residents</span> fled to the
hills, officials said. <a href="javascript:alert('link')">Read more about the flood</a> here.
&lt;img src=x onerror=alert('body')&gt; &lt;a href="javascript:alert(9)"&gt;x&lt;/a&gt;</p>
<p>&lt;svg&gt;&lt;script&gt;alert('svg')&lt;/script&gt;&lt;/svg&gt; Water reached the town hall
before dawn, and the mayor said the council would meet to discuss the damage to the bridge.</p>
<p>Rescue teams worked through the day to reach the villages cut off by the water, and the army
sent boats to the lower valley where dozens of families were waiting on their roofs.</p>
</article></body></html>"""


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
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    db = str(tmp_path_factory.mktemp("browser") / "examples.db")
    store = Store.open(db)
    ingest([str(ROOT / "examples")], store)
    store.close()
    app = create_app(db=db, token=TOKEN)
    r = TestClient(app).post(
        "/api/ingest",
        content=XSS_PAGE,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/html"},
    )
    assert r.status_code == 200 and r.json()["new"] == 1, r.text
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page that records dialogs (an alert would mean a script ran) and console errors."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.dialogs, pg.errors = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_story_list_story_article_and_search(page, server: str) -> None:
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Stories"
    _shot(page, "stories")
    page.get_by_role("link", name="Flood death toll reaches 23").first.click()
    page.wait_for_selector("#summary")
    _shot(page, "story")
    story_id = int(page.url.rsplit("/", 1)[1])
    story = page.request.get(f"{server}/stories/{story_id}.json").json()

    summary = page.locator("#summary").inner_text()
    assert story["summary"] and story["summary"][0]["text"][:40] in summary
    assert page.locator("#summary .chip").count() > 0
    timeline = page.locator("#timeline").inner_text()
    assert "1978" in timeline and "reported on" in timeline
    quotes = page.locator("#quotes").inner_text()
    assert "Irena Kovalska" in quotes and "The water came faster than any of our models" in quotes
    svg = page.locator("svg.lineage")
    assert svg.count() == 1
    origins = svg.locator(".node.origin").all_text_contents()
    assert any("Continental Press Agency" in origin for origin in origins)
    copies = svg.locator(".node:not(.origin)").all_text_contents()
    assert any("Northern Ledger" in c for c in copies) and any("Harbor Times" in c for c in copies)
    assert "%" in (svg.locator(".share").first.text_content() or "")
    figures = page.locator("#figures").inner_text()
    assert "At least 14 people" in figures
    outlets_in_story = {a["outlet"] for a in story["article_list"]}
    assert "Radio Meridian" in outlets_in_story
    box = page.locator("#disagreements").inner_text()  # the 14 vs 17 death toll on 12 March
    assert "At least 14 people" in box and "Seventeen people" in box
    assert page.locator("#figures tr.disputed").count() >= 2
    for d in story["disagreements"]:
        assert page.locator("#disagreements").count() == 1
        for item in d["items"]:
            assert (
                " ".join(item["text"].split())[:30] in page.locator("#disagreements").inner_text()
            )

    # an article: toggle what was removed as furniture
    page.locator("svg.lineage .node:not(.origin)").first.click()
    page.wait_for_selector("details.removed")
    removed = page.locator("details.removed")
    assert removed.get_attribute("open") is None
    assert page.locator("mark.shared").count() > 0
    removed.locator("summary").click()
    assert removed.get_attribute("open") is not None
    assert removed.locator("li").count() > 0 and removed.locator("li").first.is_visible()
    _shot(page, "article")

    page.fill("header input[name=q]", "Kovalska seepage")
    page.press("header input[name=q]", "Enter")
    page.wait_for_selector(".result-group")
    assert page.locator(".snippet mark").count() > 0
    _shot(page, "search")
    page.goto(server + "/outlets/Continental%20Press%20Agency")
    assert "originates" in page.locator(".roles").inner_text()
    _shot(page, "outlet")
    assert page.dialogs == [] and page.errors == []


def test_xss_payloads_do_not_run(page, server: str) -> None:
    hits = page.request.get(f"{server}/search.json?q=flood%20warning%20river").json()
    article = next(h for g in hits["groups"] for h in g["hits"] if "Flood warning" in h["title"])
    art = page.request.get(f"{server}/articles/{article['article']}.json").json()
    urls = [
        f"/articles/{art['id']}",
        f"/stories/{art['story']}",
        "/",
        "/search?q=flood+warning",
        "/outlets/" + quote(art["outlet"] or "x", safe=""),
        "/search?q=" + quote(XSS, safe=""),
    ]
    for i, url in enumerate(urls):
        page.goto(server + url)
        for link in page.locator("a").all():
            href = (link.get_attribute("href") or "").strip().lower()
            assert not href.startswith(("javascript:", "data:", "vbscript:")), href
        for link in page.locator("a").all()[:40]:
            if "Read more" in (link.inner_text() or ""):
                link.click()
        if i == 0:
            page.locator("details.removed summary").click()
            assert "Flood warning" in page.locator("h1").inner_text()
            body = page.locator(".body").inner_text()  # shown as text, not interpreted
            assert "<img src=x onerror=alert('body')>" in body
            _shot(page, "xss-article")
    assert page.dialogs == [], page.dialogs
    assert page.errors == [], page.errors
